"""The demo's movements and dues: every movement agrees with the registry's dated history, the ledger's rows
agree with the cells' sums and with the months each member was on the rolls, a few members owe enough for the
screening's dues signal, reliefs and the 50-year exemption show in the ledger, remittances follow the cells'
shares, residence feedback is mostly received; same seed, same data."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Q, Sum

from dangbo.core.calendar import add_working_days
from dangbo.demo.generator import build_demo
from dangbo.dues.enums import ReliefKind
from dangbo.dues.models import CellDuesMonth, CollectionAccount, DuesBase, DuesMonth, DuesRelief, Remittance
from dangbo.dues.statements import statement
from dangbo.members.enums import ON_ROLLS, MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement, ResidenceFeedback, ResidenceIntroduction
from dangbo.organizations.enums import OrgKind

TODAY = dt.date(2026, 11, 27)
SIZE = 1000
KINDS = {MemberStatus.EXEMPT: MovementKind.EXEMPTION, MemberStatus.ABROAD: MovementKind.ABROAD,
         MemberStatus.TEMP_TRANSFERRED_OUT: MovementKind.TEMPORARY_OUT}  # fmt: skip


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=SIZE, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


@pytest.fixture
def demo(built: Any, db: None) -> Any:
    return built


def _periods(member_id: int) -> list[tuple[str, dt.date, dt.date | None]]:
    return list(MemberStatusPeriod.objects.filter(member_id=member_id).order_by("start", "id")
                .values_list("status", "start", "end"))  # fmt: skip


def _cells(member_id: int) -> list[tuple[int, dt.date, dt.date | None]]:
    return list(CellMembership.objects.filter(member_id=member_id).order_by("start", "id")
                .values_list("organization_id", "start", "end"))  # fmt: skip


# -- movements ---------------------------------------------------------------------------------------------


def test_every_kind_of_movement_is_there(demo: Any) -> None:
    kinds = set(Movement.objects.values_list("kind", flat=True))
    assert kinds == set(MovementKind.values)
    assert demo.movements.counts[MovementKind.TRANSFER_OUT] >= 4


def test_transfers_out_change_the_status_only_when_handed_over(demo: Any) -> None:
    for m in Movement.objects.filter(kind=MovementKind.TRANSFER_OUT):
        periods, cells = _periods(m.member_id), _cells(m.member_id)
        assert m.issuing_organization_id is not None and m.external_organization and m.letter_date
        if m.state == MovementState.DONE:
            assert periods[-1] == (MemberStatus.TRANSFERRED_OUT, m.handed_over_on, None)
            assert cells[-1][2] == m.handed_over_on
        else:
            assert m.handed_over_on is None
            assert periods[-1][0] == MemberStatus.FULL and periods[-1][2] is None
            assert cells[-1][2] is None


def test_some_transfers_out_are_overdue(demo: Any) -> None:
    overdue = Movement.objects.filter(pk__in=demo.movements.overdue_handover)
    assert overdue.exists()
    for m in overdue:
        assert m.state == MovementState.OPEN and m.handed_over_on is None
        assert add_working_days(m.letter_date, 30) < TODAY


def test_internal_transfers_move_the_member_on_the_date(demo: Any) -> None:
    internal = Movement.objects.filter(kind=MovementKind.TRANSFER_INTERNAL).select_related(
        "from_organization", "to_organization")  # fmt: skip
    assert internal.exists()
    for m in internal:
        cells = _cells(m.member_id)
        assert (m.from_organization_id, m.start) in [(org, end) for org, _s, end in cells]
        assert (m.to_organization_id, m.start) in [(org, start) for org, start, _e in cells]
        assert m.to_path == m.to_organization.path and m.from_path == m.from_organization.path


def test_members_received_from_outside_join_their_cell_on_the_date(demo: Any) -> None:
    received = Movement.objects.filter(kind=MovementKind.TRANSFER_IN)
    assert received.count() == len(demo.movements.received) > 0
    for m in received:
        assert _cells(m.member_id) == [(m.to_organization_id, m.start, None)]
        assert m.external_organization and m.letter_number and m.letter_date < m.start


def test_statuses_and_their_movements_agree(demo: Any) -> None:
    """Every member exempt, abroad or temporarily transferred out has the open movement of that status starting
    the day the status did; every past attachment or trip abroad left its period in the history."""
    for member in Member.objects.filter(status__in=KINDS):
        start = _periods(member.pk)[-1][1]
        assert Movement.objects.filter(member=member, kind=KINDS[member.status], start=start, ended_on=None).exists()
    for m in Movement.objects.filter(kind__in=[MovementKind.TEMPORARY_OUT, MovementKind.ABROAD],
                                     ended_on__isnull=False):  # fmt: skip
        status = MemberStatus.ABROAD if m.kind == MovementKind.ABROAD else MemberStatus.TEMP_TRANSFERRED_OUT
        assert (status, m.start, m.ended_on) in _periods(m.member_id)
    for m in Movement.objects.filter(kind=MovementKind.EXEMPTION):
        assert (MemberStatus.EXEMPT, m.start, None) in _periods(m.member_id)
        assert m.applied_on < m.start <= m.informed_on and m.decision_number


def test_overdue_return_and_overdue_report(demo: Any) -> None:
    late = Movement.objects.get(pk__in=demo.movements.overdue_return)
    assert late.state == MovementState.OPEN and late.planned_end < TODAY and late.ended_on is None
    report = Movement.objects.get(pk__in=demo.movements.overdue_report)
    assert report.ended_on is not None and report.report_on is None
    assert add_working_days(report.ended_on, 30) < TODAY
    assert Movement.objects.filter(kind=MovementKind.ABROAD, report_on__isnull=False).exists()


def test_suspension_is_not_a_status(demo: Any) -> None:
    suspensions = Movement.objects.filter(kind=MovementKind.SUSPENSION)
    assert suspensions.filter(state=MovementState.OPEN, planned_end__gt=TODAY).exists()
    for m in suspensions:
        assert m.planned_end is not None and m.decision_number
        assert Member.objects.get(pk=m.member_id).status == MemberStatus.FULL


def test_temporary_attachment_in_from_outside_names_a_person(demo: Any) -> None:
    for m in Movement.objects.filter(kind=MovementKind.TEMPORARY_IN):
        assert m.member_id is None and m.person_name and m.to_organization_id and m.external_organization


def test_residence_feedback_mostly_received(demo: Any) -> None:
    assert demo.movements.introductions == ResidenceIntroduction.objects.count() > SIZE // 2
    for year in (2024, 2025):
        expected = ResidenceIntroduction.objects.filter(introduced_on__lte=dt.date(year, 9, 30)).count()
        received = ResidenceFeedback.objects.filter(year=year).count()
        assert 0.85 * expected < received < expected  # mostly, a few missing
    for f in ResidenceFeedback.objects.select_related("introduction")[:200]:
        assert f.member_id == f.introduction.member_id and f.path == f.introduction.path


# -- dues --------------------------------------------------------------------------------------------------


def test_ledger_sums_equal_the_cells_sums(demo: Any) -> None:
    rows = {(r["organization_id"], r["month"]): r for r in DuesMonth.objects.values("organization_id", "month")
            .annotate(n=Count("id"), due=Sum("due"), paid=Sum("paid"), extra=Sum("extra"))}  # fmt: skip
    cells = {(c.organization_id, c.month): c for c in CellDuesMonth.objects.all()}
    assert rows.keys() == cells.keys()
    for key, r in rows.items():
        c = cells[key]
        assert (c.members, c.due, c.paid, c.extra) == (r["n"], r["due"], r["paid"], r["extra"])


def test_ledger_rows_only_in_months_on_the_rolls(demo: Any) -> None:
    """A row for every month of 2024… the member was on the rolls in a cell of the bloc, none after leaving."""
    out = Movement.objects.filter(kind=MovementKind.TRANSFER_OUT, state=MovementState.DONE)
    for m in out:
        months = list(DuesMonth.objects.filter(member_id=m.member_id).values_list("month", flat=True))
        assert max(months) == (m.handed_over_on - dt.timedelta(days=1)).replace(day=1)  # the last day on the rolls
    for m in Movement.objects.filter(kind=MovementKind.TRANSFER_IN):
        months = list(DuesMonth.objects.filter(member_id=m.member_id).values_list("month", flat=True))
        assert min(months) == m.start.replace(day=1)
    for m in Movement.objects.filter(kind=MovementKind.TRANSFER_INTERNAL):
        row = DuesMonth.objects.get(member_id=m.member_id, month=m.start.replace(day=1))
        assert row.organization_id == m.to_organization_id  # the last cell of the month
    statuses = set(DuesMonth.objects.values_list("member__status", flat=True))
    assert statuses - set(ON_ROLLS) <= {MemberStatus.TRANSFERRED_OUT, MemberStatus.STRUCK_OFF, MemberStatus.DECEASED}


def test_categories_bases_and_rates(demo: Any) -> None:
    categories = dict(DuesBase.objects.values_list("category").annotate(n=Count("id")))
    assert set(categories) >= {"insured", "pensioner", "student", "abroad"}
    assert not DuesBase.objects.filter(category="insured").filter(Q(base__lt=5_000_000) | Q(base__gt=33_000_000))
    row = DuesMonth.objects.filter(category="insured", month=dt.date(2025, 5, 1)).first()
    assert row is not None and row.due == (row.base + 50) // 100
    student = DuesMonth.objects.filter(category="student")
    assert set(student.filter(month__gte=dt.date(2026, 2, 1)).values_list("due", flat=True)) <= {5000}


def test_reliefs_and_fifty_years_in_the_ledger(demo: Any) -> None:
    reduction = DuesRelief.objects.filter(kind=ReliefKind.REDUCTION).first()
    assert reduction is not None and reduction.end is not None
    months = (reduction.end.year - reduction.start.year) * 12 + reduction.end.month - reduction.start.month + 1
    assert months == 12
    inside = DuesMonth.objects.filter(member_id=reduction.member_id, month=reduction.start).first()
    if inside is not None and inside.base:
        assert inside.due < (inside.base + 50) // 100
    assert demo.dues.fifty_years
    member = Member.objects.get(pk=demo.dues.fifty_years[0])
    reached = member.admission_decision_date.replace(year=member.admission_decision_date.year + 50).replace(day=1)
    month = max(reached, dt.date(2026, 2, 1))
    assert DuesMonth.objects.get(member=member, month=month).due == 0
    before = DuesMonth.objects.get(member=member, month=dt.date(2026, 1, 1))
    assert before.due > 0


def test_a_few_members_in_arrears_for_screening(demo: Any) -> None:
    assert demo.dues.arrears
    unpaid: dict[tuple[int, int], int] = defaultdict(int)
    for member_id, month in DuesMonth.objects.filter(
        due__gt=0, paid=0, excused_reason="", month__lt=TODAY.replace(day=1)
    ).values_list("member_id", "month"):
        unpaid[(member_id, month.year)] += 1  # fmt: skip
    flagged = sorted({member for (member, _year), n in unpaid.items() if n >= 3})
    assert flagged == demo.dues.arrears
    assert len(flagged) < SIZE * 0.03
    assert DuesMonth.objects.exclude(excused_reason="").filter(paid=0).exists()


def test_remittances_follow_the_shares(demo: Any) -> None:
    """Each unit remitted what the shares say it passes up: the bloc's statement of a past quarter shows no
    difference for any grassroots organization; cells remit to their grassroots committee."""
    assert demo.dues.remittances == Remittance.objects.count() > 0
    r = Remittance.objects.select_related("from_organization").filter(from_organization__kind=OrgKind.CELL).first()
    assert r is not None and r.to_organization_id == r.from_organization.parent_id
    months = [dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 6, 1)]
    report = statement(demo.bloc, months)
    assert report.children and report.total.collected > 0
    for row in report.children:
        assert row.remitted == row.to_remit, row.organization.name
    assert CollectionAccount.objects.filter(organization__roles__user__username="chibo").exists()
