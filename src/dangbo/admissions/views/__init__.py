"""Admission pages: the list, the proposal and the deadlines (`candidates`), one candidacy with its steps
(`detail`), and its dossier files (`files`). Each view starts with its access check."""
