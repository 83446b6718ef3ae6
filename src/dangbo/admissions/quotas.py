"""Yearly admission quotas per grassroots organization, progress against them, and the year-end projection."""
