"""What the management commands that recompute something over the tree share: `--organization CODE`, naming the
organization to run over, and without it every top-level organization."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from .models import Organization


def add_organization_argument(parser: CommandParser) -> None:
    parser.add_argument("--organization", help="mã tổ chức đảng (mặc định: mọi tổ chức đảng cao nhất)")


def roots(code: str | None) -> list[Organization]:
    """The organization with `code` (an unknown code stops the command), or every top-level one in tree order."""
    if code:
        found = list(Organization.objects.filter(code=code))
        if not found:
            raise CommandError(f"Không có tổ chức đảng mã {code}.")
        return found
    return list(Organization.objects.filter(parent__isnull=True).order_by("path"))
