"""Figures computed on the spot for one organization: the open year (a rating round not locked yet, whose
stored KPI values do not exist or are stale) and cells (which carry no stored values at all).

Each figure is a handful of aggregate queries over the organization's path (COUNT in SQL, never a year of rows
in Python), from the same facts as `kpi.recompute_year`: ratings with a final level, model-cell designations
over the cells of the year, admissions decided in the year (the admission records) over the rolls of 01/01.
Open-year figures are provisional ("tạm tính"): they count the ratings decided so far, and change until the
round is locked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from dangbo.admissions.quotas import admitted_in
from dangbo.evaluations.enums import CampaignState, SubjectKind
from dangbo.evaluations.models import RatingCampaign
from dangbo.organizations.models import PATH_SEGMENT_WIDTH

from .enums import Metric
from .kpi import GOOD, cell_ratings, cells_active, model_cell_designations, on_rolls, rated_subjects

_STEP = PATH_SEGMENT_WIDTH + 1


@dataclass(frozen=True)
class LiveFigures:
    counts: dict[str, tuple[int, int]]  # metric → (numerator, denominator)
    provisional: bool  # the year's rating round is still open
    as_of: dt.datetime


def _ancestor_paths(path: str) -> list[str]:
    return [path[: i + _STEP] for i in range(0, len(path), _STEP)]


def open_round_q(path: str) -> Q:
    """Rating rounds covering `path`: opened at the organization, above it, or below it."""
    return Q(organization__path__in=_ancestor_paths(path)) | Q(organization__path__startswith=path)


def has_open_round(path: str, year: int) -> bool:
    return RatingCampaign.objects.filter(open_round_q(path), year=year, state=CampaignState.OPEN).exists()


def live_counts(path: str, year: int) -> dict[str, tuple[int, int]]:
    """Each metric's numerator and denominator under `path` in `year`, aggregated in SQL (five queries)."""
    member, grassroots = Q(subject_kind=SubjectKind.MEMBER), Q(subject_kind=SubjectKind.GRASSROOTS)
    rated = rated_subjects(year, path).aggregate(
        members=Count("id", filter=member),
        members_good=Count("id", filter=member & GOOD),
        grassroots=Count("id", filter=grassroots),
        grassroots_good=Count("id", filter=grassroots & GOOD),
    )
    cells = cell_ratings(year, path)
    cell_count = cells.aggregate(n=Count("unit_id", distinct=True))["n"]
    designations = model_cell_designations(year, path)
    if cell_count:
        designations = designations.filter(organization_id__in=cells.values("unit_id"))
    else:  # no ratings yet in the year: the cells active in it
        active = cells_active(year, path)
        cell_count = active.count()
        designations = designations.filter(organization__in=active)
    rolls = on_rolls(year, path).aggregate(n=Count("member_id", distinct=True))["n"]
    admitted = admitted_in(year, path).count()
    return {
        Metric.GRASSROOTS_GOOD_OR_BETTER: (rated["grassroots_good"], rated["grassroots"]),
        Metric.MEMBERS_GOOD_OR_BETTER: (rated["members_good"], rated["members"]),
        Metric.MODEL_CELLS: (designations.count() if cell_count else 0, cell_count),
        Metric.ADMISSION_RATE: (admitted, rolls),
    }


def live_figures(path: str, year: int, *, always: bool = False) -> LiveFigures | None:
    """The live figures of `path` in `year` when its rating round is open (provisional), or, with `always`
    (a cell, which has no stored figures), whatever the round's state; None when the stored figures stand."""
    provisional = has_open_round(path, year)
    if not provisional and not always:
        return None
    return LiveFigures(live_counts(path, year), provisional, timezone.now())
