"""A cell's quarter of meetings against the rule set in force (placeholder: the computation lands with the
compliance pages). Services call `refresh_cell_quarter` after any change to a cell's meetings."""

from __future__ import annotations

from dangbo.organizations.models import Organization


def refresh_cell_quarter(*, organization: Organization, year: int, quarter: int) -> None:
    """Recompute `CellQuarter` for one cell and quarter (in the caller's transaction)."""
