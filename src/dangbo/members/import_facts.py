"""What the check of an import file reads from the database, kept with the preview and compared by the apply.

The check of a file (`importing_validation`) reads the organizations of the codes the file names and the ids
members already hold; the rest of its verdict depends on the file alone (and the day). `facts_read` puts what it
read into a JSON-ready form; the apply job reads the same facts again (`import_checked`) and reuses the preview's
verdict only when they are equal.
"""

from __future__ import annotations

from typing import Any

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.organizations.models import Organization

from .validation import taken_ids


def orgs_by_code(codes: list[str]) -> dict[str, Organization]:
    """The organizations that hold these codes, by code."""
    found: dict[str, Organization] = {}
    for start in range(0, len(codes), 500):  # stay under every database's parameter limit
        for org in Organization.objects.filter(code__in=codes[start : start + 500]):
            found[org.code] = org
    return found


def facts_read(
    *, codes: list[str], orgs: dict[str, Organization], ids: dict[str, list[str]], scope: Scope
) -> dict[str, Any]:
    """What a check of a file with these organization codes and ids reads from the database (`orgs`: those codes'
    organizations, from `orgs_by_code`), JSON-ready: each organization as the rules see it (kind, dissolved or
    not, founding day, path, within the user's import scope or not) and the ids members already hold."""
    taken = taken_ids(citizen_ids=ids["citizen_id"], card_numbers=ids["card_number"])
    seen = {
        code: [org.pk, org.path, org.kind, org.is_active, org.founded_on.isoformat(),
               scope.covers_path(Right.IMPORT, org.path)]
        for code, org in orgs.items()
    }  # fmt: skip
    return {
        "orgs": seen,
        "codes": codes,
        "ids": ids,
        "taken": [sorted(taken.citizen_ids), sorted(taken.card_numbers)],
    }
