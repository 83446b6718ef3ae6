"""The demo's discipline decisions across every form, built before the ratings so that the rounds read them.

    result = build_discipline(bloc=bloc, actor=inspector, seed=2024, today=dt.date(2026, 11, 27))

With Y the year of `today` (every decision goes through `discipline.services`, dated in the past):

- Y-3: a reprimand by a cell, copied from the paper files (no vote, the note says where it comes from): lapsed;
- Y-2: an expulsion by a grassroots committee (the member's status changes to "expelled" that day, so the member
  leaves the rolls); a warning appealed and annulled (it no longer counts in the rating); a cell warned by its
  grassroots committee;
- Y-1: a warning appealed and changed to a reprimand (lapsed a year after the settlement); a grassroots committee
  member dismissed by the bloc committee;
- Y (when `today` leaves room): a warning in force in the cell of the demo's cell secretary, and a cell dissolved by
  the bloc committee whose appeal is pending (the decision applies meanwhile).

The members are full members admitted long before, without a movement or a login, taken in a fixed order with a
seeded random draw: same seed, same `today`, same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef

from dangbo.core.calendar import add_working_days
from dangbo.discipline.enums import AppealResult, DisciplineForm
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_appeal, record_discipline, settle_appeal
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.members.services import change_status
from dangbo.movements.models import Movement
from dangbo.organizations.enums import CommitteePosition, OrgKind
from dangbo.organizations.models import CommitteeSeat, Organization

F = DisciplineForm
PAPER_NOTE = "Ghi lại từ hồ sơ lưu trữ của chi bộ (biên bản và quyết định bản giấy); không còn số phiếu biểu quyết."


@dataclass
class DisciplineResult:
    decisions: list[Discipline] = field(default_factory=list)


class _Builder:
    def __init__(self, *, bloc: Organization, actor: Any, seed: int, today: dt.date) -> None:
        self.bloc, self.actor, self.today = bloc, actor, today
        self.rng = random.Random(f"{seed}:discipline")
        self.year = today.year
        self.number = 0
        self.used: set[int] = set()
        self.result = DisciplineResult()

    def day(self, year: int, month: int, day: int) -> dt.date | None:
        """The day, or None when it is not at least a week before `today`."""
        value = dt.date(year, month, day)
        return value if value <= self.today - dt.timedelta(days=7) else None

    def members(self, cells: Any = None) -> list[Member]:
        moved = Movement.objects.filter(member_id=OuterRef("pk"))
        qs = Member.objects.filter(
            organization__path__startswith=self.bloc.path, organization__kind=OrgKind.CELL,
            organization__parent__kind=OrgKind.GRASSROOTS_COMMITTEE, status=MemberStatus.FULL, user__isnull=True,
            admission_decision_date__lt=dt.date(self.year - 5, 1, 1), committee_seats=None,
        ).exclude(Exists(moved))  # fmt: skip
        if cells is not None:
            qs = qs.filter(organization__in=cells)
        return list(qs.select_related("organization__parent").order_by("organization__path", "pk")[:400])

    def pick(self, pool: list[Member]) -> Member | None:
        free = [m for m in pool if m.pk not in self.used]
        if not free:
            return None
        member = self.rng.choice(free)
        self.used.add(member.pk)
        return member

    def record(self, *, decided: dt.date, weeks: int = 8, **kwargs: Any) -> Discipline:
        self.number += 1
        kwargs.setdefault("received_on", add_working_days(decided, 2))
        d = record_discipline(
            actor=self.actor, decision_date=decided, violation_date=decided - dt.timedelta(weeks=weeks),
            decision_number=f"{self.number:02d}-QĐ/KL", today=self.today, **kwargs,
        )  # fmt: skip
        self.result.decisions.append(d)
        return d

    def appeal(self, d: Discipline, *, after: int, result: str = "", settled: int = 0, new_form: str = "") -> None:
        start = d.received_on or d.decision_date
        d = record_appeal(actor=self.actor, discipline=d, filed_on=add_working_days(start, after),
                          expected_version=d.version, today=self.today)  # fmt: skip
        if result:
            assert d.appealed_on is not None
            settle_appeal(actor=self.actor, discipline=d, result=result, new_form=new_form or None,
                          decided_on=add_working_days(d.appealed_on, settled), expected_version=d.version,
                          decision_number=f"{self.number:02d}-QĐ/UBKT", today=self.today)  # fmt: skip

    def build(self) -> DisciplineResult:
        pool = self.members()
        if not pool:
            return self.result
        y = self.year
        self.old_years(pool, y)
        self.current_year(y)
        return self.result

    def old_years(self, pool: list[Member], y: int) -> None:
        if (member := self.pick(pool)) and (day := self.day(y - 3, 4, 11)):
            self.record(
                member=member, form=F.REPRIMAND, decided=day, deciding_organization=member.organization,
                received_on=None, note=PAPER_NOTE,
            )  # fmt: skip
        if (member := self.pick(pool)) and (day := self.day(y - 2, 3, 14)):
            self.record(
                member=member, form=F.EXPULSION, decided=day, deciding_organization=_grassroots(member),
                votes_for=10, voters_entitled=11, weeks=10,
                note="Vi phạm đặc biệt nghiêm trọng quy định về những điều đảng viên không được làm.",
            )  # fmt: skip
            change_status(
                actor=self.actor, member=member, status=MemberStatus.EXPELLED, on=day,
                reason="Khai trừ ra khỏi Đảng", decision_number=f"{self.number:02d}-QĐ/KL",
            )  # fmt: skip
        if (member := self.pick(pool)) and (day := self.day(y - 2, 6, 17)):
            d = self.record(
                member=member, form=F.WARNING, decided=day, deciding_organization=_grassroots(member),
                votes_for=7, voters_entitled=11, note="Vi phạm quy định về công tác cán bộ.",
            )  # fmt: skip
            self.appeal(d, after=12, result=AppealResult.ANNULLED, settled=40)
        if (member := self.pick(pool)) and (day := self.day(y - 2, 9, 9)):
            self.record(
                organization=member.organization, form=F.WARNING, decided=day,
                deciding_organization=_grassroots(member), votes_for=9, voters_entitled=13, self_remedied=True,
                note="Chi bộ buông lỏng quản lý để đảng viên vi phạm kéo dài; đã tự kiểm điểm, khắc phục.",
            )  # fmt: skip
        if (member := self.pick(pool)) and (day := self.day(y - 1, 3, 20)):
            d = self.record(
                member=member, form=F.WARNING, decided=day, deciding_organization=_grassroots(member),
                votes_for=8, voters_entitled=11, note="Vi phạm quy định về kê khai tài sản, thu nhập.",
            )  # fmt: skip
            self.appeal(d, after=20, result=AppealResult.CHANGED, settled=30, new_form=F.REPRIMAND)
        self.dismissal(y - 1)

    def dismissal(self, year: int) -> None:
        seat = (
            CommitteeSeat.objects.filter(
                committee__organization__path__startswith=self.bloc.path, start__lte=dt.date(year, 10, 15),
                committee__organization__kind=OrgKind.GRASSROOTS_COMMITTEE, end__isnull=True,
                position=CommitteePosition.COMMITTEE_MEMBER, member__status=MemberStatus.FULL,
                member__user__isnull=True,
            )
            .select_related("member__organization", "committee__organization")
            .order_by("committee__organization__path", "pk")
            .first()
        )  # fmt: skip
        if seat is None or seat.member_id in self.used:
            return
        start = max(dt.date(year, 7, 8), seat.start + dt.timedelta(days=30))
        day = self.day(start.year, start.month, start.day)
        if day is None:
            return
        self.used.add(seat.member_id)
        self.record(
            member=seat.member, form=F.DISMISSAL, decided=day, deciding_organization=self.bloc, votes_for=12,
            voters_entitled=15, note="Vi phạm trong thực hiện nhiệm vụ cấp ủy viên được giao.",
        )  # fmt: skip

    def current_year(self, y: int) -> None:
        home = Organization.objects.filter(roles__kind="cell_secretary", path__startswith=self.bloc.path).first()
        pool = self.members([home]) if home is not None else []
        if (member := self.pick(pool)) and (day := self.day(y, 4, 8)):
            self.record(
                member=member, form=F.WARNING, decided=day, deciding_organization=_grassroots(member),
                votes_for=9, voters_entitled=11, note="Vi phạm quy chế làm việc của cơ quan.",
            )  # fmt: skip
        cells = Organization.objects.filter(
            path__startswith=self.bloc.path, kind=OrgKind.CELL, dissolved_on__isnull=True,
            parent__kind=OrgKind.GRASSROOTS_COMMITTEE,
        ).order_by("path")  # fmt: skip
        if home is not None:
            cells = cells.exclude(pk=home.pk)
        day = self.day(y, 9, 15)
        choices = list(cells)
        if choices and day is not None:
            d = self.record(
                organization=self.rng.choice(choices), form=F.DISSOLUTION, decided=day, deciding_organization=self.bloc,
                votes_for=11, voters_entitled=13, weeks=12,
                note="Chi bộ vi phạm nghiêm trọng nguyên tắc tập trung dân chủ; thủ tục giải thể thực hiện sau khi "
                "giải quyết khiếu nại.",
            )  # fmt: skip
            if d.received_on is not None and add_working_days(d.received_on, 5) <= self.today:
                self.appeal(d, after=5)


def _grassroots(member: Member) -> Organization:
    """The grassroots committee the member's cell stands under (the pool holds only such cells)."""
    parent = member.organization.parent
    assert parent is not None
    return parent


def build_discipline(*, bloc: Organization, actor: Any, seed: int, today: dt.date) -> DisciplineResult:
    """Record the demo's decisions (see the module docstring)."""
    return _Builder(bloc=bloc, actor=actor, seed=seed, today=today).build()
