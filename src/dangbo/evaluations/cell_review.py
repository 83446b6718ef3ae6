"""Reviewing a whole cell at once: the review step of many members' ratings, all or nothing.

Each row still goes through the one entry point `workflow.perform_step` (order, rights, verdict, cap,
stale version, audit); this module only runs them in one transaction and collects every refusal, so
the secretary sees all the rows to fix at once and nothing is saved while one is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from dangbo.core.errors import DomainError

from .enums import RatingStep
from .models import Rating
from .workflow import perform_step


@dataclass(frozen=True)
class RowChange:
    """One row of the review: the level the cell gives, against the version the page showed."""

    rating: Rating
    level: str
    expected_version: int


@dataclass(frozen=True)
class RowRefusal:
    rating: Rating
    message: str
    code: str


class CellReviewRefused(DomainError):
    """At least one row was refused: nothing was saved. `refusals` names each row and its reason."""

    def __init__(self, refusals: list[RowRefusal]) -> None:
        super().__init__(
            f"Chưa lưu được: {len(refusals)} dòng không hợp lệ, chưa dòng nào được lưu. Hãy sửa các dòng dưới đây.",
            code="rows",
        )
        self.refusals = refusals


def review_cell(*, actor: Any, changes: list[RowChange]) -> list[Rating]:
    """Take the review step for every row, in one transaction.

    Steps: for each row in the page's order, `perform_step(step="reviewed")` with the row's level and
    version (a row saved earlier counts towards the cap on "excellent" of the rows after it); collect
    every refusal; when there is one, roll everything back and raise `CellReviewRefused` with all of
    them. Each saved row writes its own audit entry, rolled back with it.
    """
    refusals: list[RowRefusal] = []
    saved: list[Rating] = []
    with transaction.atomic():
        for change in changes:
            try:
                saved.append(
                    perform_step(
                        actor=actor,
                        rating=change.rating,
                        step=RatingStep.REVIEWED,
                        level=change.level,
                        expected_version=change.expected_version,
                    )
                )
            except DomainError as exc:
                refusals.append(RowRefusal(change.rating, exc.message, exc.code or ""))
        if refusals:
            transaction.set_rollback(True)
    if refusals:
        raise CellReviewRefused(refusals)
    return saved
