"""The badge list of an award date as the pages read it: computed on the spot up to the grassroots level, kept
ahead above it (decision 0040).

A grassroots organization's list, or a cell's, is small: `badge_list.compute` gives it in tens of milliseconds on
every view (`LiveList`). A bloc's list reads a million members: it is computed once per award date and tree
(`store`) and kept as `StoredBadgeRow` rows with their verdict, sentence and seniority; the pages count and page
them in SQL (`StoredList`), under the unit asked for by the cells' current paths.

A stored list is kept fresh:
- every saved or deleted fact the list reads of a member (the member, a status period, a discipline, a
  confirmation of improvement, an illness certificate, a badge) queues, once its transaction commits, the
  recomputation of that member's rows in every stored list (`refresh_members`, set-based for a batch);
- a list computed under other rules than those now in force for its date (an edited rule set) is recomputed when
  read;
- writes that skip `save()` (bulk imports, the demo data) are caught by the nightly `manage.py badge_lists`, and on
  demand by the job `recognition.badge_list.store` ("Tính lại"); the page says when its list was computed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django_tasks import task

from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress
from dangbo.core.text import full_name
from dangbo.members.seniority import SeniorityYMD
from dangbo.organizations.enums import LEVEL_OF_KIND, OrgKind, OrgLevel
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from . import badge_list
from .enums import BadgeKind, Verdict
from .models import StoredBadgeList, StoredBadgeRow
from .params import BadgeRules
from .rules import check_award_date

BATCH = 2000
ROW_FIELDS = (
    "id", "years", "reached", "verdict", "kind", "blocked_until", "block_discipline_id", "awaiting_confirmation",
    "carried_from", "seniority_years", "seniority_months", "seniority_days", "explanation",
    "member__id", "member__family_name", "member__middle_name", "member__given_name", "member__sort_key",
    "member__admission_decision_date", "member__status", "cell__id", "cell__name", "cell__path",
    "badge__id", "badge__state", "badge__kind", "badge__award_date", "badge__proposed_on", "badge__decision_number",
    "badge__decision_date", "badge__version",
)  # fmt: skip


def is_stored(unit: Organization) -> bool:
    """Whether the list of `unit` is read from a stored list: above the grassroots level."""
    return LEVEL_OF_KIND.get(OrgKind(unit.kind)) == OrgLevel.UPPER


def rules_key(rules: BadgeRules) -> str:
    """A fingerprint of the rules a list was computed under."""
    return hashlib.sha256(repr(rules).encode()).hexdigest()


def tree_root(unit: Organization) -> Organization:
    """The top organization of `unit`'s tree (one stored list per award date and tree)."""
    return Organization.objects.get(pk=int(unit.path[:PATH_SEGMENT_WIDTH]))


@dataclass(frozen=True)
class StoredRow:
    """A stored row, read as `badge_list.BadgeRow` is (the page, the API, the files)."""

    person: badge_list.Person
    years: int
    reached: dt.date
    verdict: Verdict
    kind: BadgeKind | None
    explanation: str
    seniority: SeniorityYMD
    blocked_until: dt.date | None
    block_discipline_id: int | None
    awaiting_confirmation: bool
    carried_from: dt.date | None
    badge: badge_list.BadgeRef | None


def _read(r: StoredBadgeRow) -> StoredRow:
    m, cell, b = r.member, r.cell, r.badge
    person = badge_list.Person(
        id=m.pk, name=full_name(family_name=m.family_name, middle_name=m.middle_name, given_name=m.given_name),
        sort_key=m.sort_key, admitted=m.admission_decision_date, status=m.status, cell_id=cell.pk,
        cell_name=cell.name, cell_path=cell.path,
    )  # fmt: skip
    badge = None
    if b is not None:
        badge = badge_list.BadgeRef(b.pk, b.state, b.kind, b.award_date, b.proposed_on, b.decision_number,
                                    b.decision_date, b.version)  # fmt: skip
    return StoredRow(
        person=person, years=r.years, reached=r.reached, verdict=Verdict(r.verdict),
        kind=BadgeKind(r.kind) if r.kind else None, explanation=r.explanation,
        seniority=SeniorityYMD(r.seniority_years, r.seniority_months, r.seniority_days),
        blocked_until=r.blocked_until, block_discipline_id=r.block_discipline_id,
        awaiting_confirmation=r.awaiting_confirmation, carried_from=r.carried_from, badge=badge,
    )  # fmt: skip


class StoredRows:
    """The rows of a stored list under a unit, in the list's order, read a slice at a time (a `Paginator` counts
    them with one query and reads one page with another)."""

    def __init__(self, queryset: QuerySet[StoredBadgeRow]) -> None:
        self._qs = queryset.select_related("member", "cell", "badge").only(*ROW_FIELDS)
        self._qs = self._qs.order_by("cell__path", "member__sort_key", "member_id", "years")

    def count(self) -> int:
        return self._qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list[StoredRow]:
        return [_read(r) for r in self._qs[key]]

    def __iter__(self) -> Iterator[StoredRow]:
        return (_read(r) for r in self._qs.iterator(chunk_size=BATCH))


@dataclass
class LiveList:
    """The list computed on the spot (a grassroots organization, a cell)."""

    listed: badge_list.BadgeList
    computed_at = None

    @property
    def previous(self) -> dt.date:
        return self.listed.previous

    def counts(self) -> dict[str, int]:
        return self.listed.counts()

    def rows_for(self, verdict: str = "") -> list[badge_list.BadgeRow]:
        return [r for r in self.listed.rows if not verdict or r.verdict == verdict]


@dataclass
class StoredList:
    """The stored list of the unit's tree, read under the unit."""

    stored: StoredBadgeList
    unit: Organization
    previous: dt.date

    @property
    def computed_at(self) -> dt.datetime:
        return self.stored.computed_at

    def _entries(self) -> QuerySet[StoredBadgeRow]:
        entries = StoredBadgeRow.objects.filter(listed=self.stored)
        if self.unit.pk != self.stored.root_id:
            entries = entries.filter(cell__path__startswith=self.unit.path)
        return entries

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = dict.fromkeys(Verdict.values, 0)
        for verdict, n in self._entries().order_by().values_list("verdict").annotate(n=Count("id")):
            out[verdict] = n
        return out

    def rows_for(self, verdict: str = "") -> StoredRows:
        entries = self._entries()
        return StoredRows(entries.filter(verdict=verdict) if verdict else entries)


def list_for(unit: Organization, award_date: dt.date, *, rules: BadgeRules | None = None) -> LiveList | StoredList:
    """The list of `award_date` under `unit` (refuses, DomainError, a day that is not an award date)."""
    rules = rules or check_award_date(award_date)
    if not is_stored(unit):
        return LiveList(badge_list.compute(path=unit.path, award_date=award_date, rules=rules))
    root = tree_root(unit)
    stored = StoredBadgeList.objects.filter(award_date=award_date, root=root).first()
    if stored is None or stored.rules_key != rules_key(rules):
        stored = store(root=root, award_date=award_date, rules=rules)
    return StoredList(stored, unit, rules.previous_award_date(award_date))


def _entry(listed: StoredBadgeList, row: badge_list.BadgeRow) -> StoredBadgeRow:
    s = row.seniority
    return StoredBadgeRow(
        listed=listed, member_id=row.person.id, cell_id=row.person.cell_id, years=row.years, reached=row.reached,
        verdict=row.verdict, kind=row.kind or "", blocked_until=row.blocked_until,
        block_discipline_id=row.block_discipline_id, awaiting_confirmation=row.awaiting_confirmation,
        carried_from=row.carried_from, badge_id=row.badge.id if row.badge else None, seniority_years=s.years,
        seniority_months=s.months, seniority_days=s.days, explanation=row.explanation,
    )  # fmt: skip


def _write(listed: StoredBadgeList, rows: list[badge_list.BadgeRow], progress: JobProgress | None) -> None:
    for start in range(0, len(rows), BATCH):
        StoredBadgeRow.objects.bulk_create([_entry(listed, r) for r in rows[start : start + BATCH]])
        if progress is not None:
            progress.advance(min(start + BATCH, len(rows)))


@transaction.atomic
def store(
    *, root: Organization, award_date: dt.date, rules: BadgeRules | None = None, progress: JobProgress | None = None
) -> StoredBadgeList:
    """Compute the list of `award_date` for the tree under `root` and keep it, replacing the one kept before."""
    rules = rules or check_award_date(award_date)
    started = timezone.now()
    rows = badge_list.compute(path=root.path, award_date=award_date, rules=rules).rows
    if progress is not None:
        progress.set_total(len(rows))
    listed, _created = StoredBadgeList.objects.get_or_create(
        award_date=award_date, root=root, defaults={"rules_key": rules_key(rules), "computed_at": started}
    )
    listed = StoredBadgeList.objects.select_for_update().get(pk=listed.pk)
    listed.rules_key, listed.computed_at = rules_key(rules), started
    listed.save(update_fields=["rules_key", "computed_at"])
    listed.entries.all().delete()
    _write(listed, rows, progress)
    return listed


def refresh_members(member_ids: Collection[int]) -> int:
    """Recompute the rows of these members in every stored list (a member who left a tree loses its rows there);
    the number of lists refreshed. A list whose date has no rule set in force any more is left as it is."""
    ids = sorted(set(member_ids))
    refreshed = 0
    for listed in StoredBadgeList.objects.select_related("root").order_by("award_date", "pk"):
        try:
            rules = check_award_date(listed.award_date)
        except DomainError:
            continue
        with transaction.atomic():
            StoredBadgeList.objects.select_for_update().filter(pk=listed.pk).exists()
            rows = badge_list.compute(path=listed.root.path, award_date=listed.award_date, rules=rules,
                                      member_ids=ids).rows  # fmt: skip
            listed.entries.filter(member_id__in=ids).delete()
            _write(listed, rows, None)
        refreshed += 1
    return refreshed


# ---- after a change: the member's rows, once the change commits --------------------------------------------------

_pending = threading.local()


def member_touched(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A fact the list reads of a member was saved or deleted: once committed, refresh the member's stored rows
    (connected in `apps.py`). Ids gathered in one transaction are refreshed together."""
    member_id = instance.pk if sender._meta.label == "members.Member" else getattr(instance, "member_id", None)
    if member_id is None:
        return
    ids: set[int] = getattr(_pending, "ids", set())
    ids.add(member_id)
    _pending.ids = ids
    transaction.on_commit(_flush, robust=True)


@task()
def refresh_badge_rows_task(member_ids: list[int]) -> None:
    refresh_members(member_ids)


def _flush() -> None:
    ids: set[int] = getattr(_pending, "ids", set())
    _pending.ids = set()
    if ids and StoredBadgeList.objects.exists():
        refresh_badge_rows_task.enqueue(sorted(ids))
