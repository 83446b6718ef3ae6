"""The demo's movements of 2024–2026 (issue 9) and the residence liaison.

    result = build_movements(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6), citizen_ids=drawer.citizen_ids)

- The members the generator left exempt, abroad or temporarily transferred out get the procedure behind their
  status: an exemption (application, the cell's decision, the level above informed), a trip abroad (application,
  the cell's opinion, the grassroots approval) or a temporary attachment (to a cell of the tree or outside it; one
  past its planned return);
- official transfers out of the tree (to another province): most handed over (the status changes that day,
  the cell membership ends), some still open, a few overdue (the letter issued long ago, no hand-over yet);
- transfers in from outside the tree (a new member received into a cell with the letter's number and date),
  internal transfers between grassroots organizations (the member moves cell on the date), temporary
  attachments already over, attachments into the tree from outside (a person, not a member), returns from
  abroad (one without its report, overdue), and suspensions (one over, one current: not a status);
- every working member introduced to the cell where they live, with the residence cell's yearly feedback
  received for most of them in 2024 and 2025 (a few missing) and for part of them this year.

The registry's side of every movement goes through `members.services` (`change_status`, `move_to_cell`,
`create_member`, without audit entries), so the dated status and cell history agree with the movements; the
movement and residence rows themselves are written in bulk. Members chosen for a movement are full members since
before 2023 who hold no committee seat and no account. Same seed, same `today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from dangbo.core.calendar import add_working_days
from dangbo.core.dates import add_months, add_years
from dangbo.members import services as registry
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.movements.enums import Channel, FeedbackAssessment, MovementKind, MovementState, TemporaryPurpose
from dangbo.movements.models import Movement, MovementRuleSet, ResidenceFeedback, ResidenceIntroduction
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .people import SheetDrawer
from .rows import insert_models

Write = Callable[[Sequence[Model]], None]
FIRST_DAY = dt.date(2024, 1, 1)
# Movements per 1,000 members over 2024–2026 (at least one of each kind).
PER_THOUSAND = {"out": 4.0, "internal": 4.0, "in": 3.0, "temporary_done": 1.0, "temporary_in": 0.5,
                "abroad_returned": 0.5, "suspension": 0.2}  # fmt: skip
INTRODUCED_SHARE = 0.9  # working members introduced to their residence cell
FEEDBACK_SHARE = {2024: 0.96, 2025: 0.94}  # received; this year's: `FEEDBACK_THIS_YEAR`
FEEDBACK_THIS_YEAR = 0.6
OTHER_PROVINCES = [
    "Đảng bộ Khối Các cơ quan tỉnh Hưng Yên", "Đảng bộ thành phố Hải Phòng", "Đảng bộ Khối Doanh nghiệp Hà Nội",
    "Đảng bộ tỉnh Ninh Bình", "Đảng bộ Công an tỉnh Nam Định", "Đảng bộ quận Cầu Giấy, Hà Nội",
    "Đảng bộ Tập đoàn Dầu khí Việt Nam", "Đảng bộ tỉnh Quảng Ninh",
]  # fmt: skip
STUDY_PLACES = [
    "Chi bộ lớp Cao cấp lý luận chính trị, Học viện Chính trị khu vực I",
    "Chi bộ học viên, Học viện Chính trị quốc gia Hồ Chí Minh", "Chi bộ nghiên cứu sinh, Đại học Quốc gia Hà Nội",
]  # fmt: skip
COUNTRIES = ["Nhật Bản", "Hàn Quốc", "Cộng hòa Liên bang Đức", "Australia", "Cộng hòa Pháp", "Singapore"]
ABROAD_REASONS = ["Học thạc sĩ theo học bổng", "Thăm thân nhân", "Làm việc theo hợp đồng của doanh nghiệp",
                  "Nghiên cứu sau đại học"]  # fmt: skip
RESIDENCE_CELLS = ["Chi bộ tổ dân phố số {k}", "Chi bộ khu dân cư số {k}", "Chi bộ thôn {k}"]
FEEDBACK_GOOD = ("Gương mẫu chấp hành chủ trương của Đảng, pháp luật của Nhà nước và quy định nơi cư trú; tham gia "
                 "đầy đủ các hoạt động của khu dân cư; gia đình văn hóa.")  # fmt: skip
FEEDBACK_CONCERN = "Ít tham gia sinh hoạt khu dân cư; còn để xảy ra mâu thuẫn với hàng xóm, đã được nhắc nhở."


def incoming_transfers(members: int) -> int:
    """How many of the demo's `members` arrive by a transfer from outside the tree (the generator draws the
    others, so the registry holds exactly `members`)."""
    return max(1, round(members * PER_THOUSAND["in"] / 1000))


@dataclass
class MovementsResult:
    counts: Counter[str] = field(default_factory=Counter)
    introductions: int = 0
    feedback: int = 0
    overdue_handover: list[int] = field(default_factory=list)  # movement ids
    overdue_return: list[int] = field(default_factory=list)
    overdue_report: list[int] = field(default_factory=list)
    received: list[int] = field(default_factory=list)  # members received from outside the tree


class MovementsBuilder:
    def __init__(self, *, bloc: Organization, seed: int, today: dt.date, citizen_ids: set[str], incoming: int) -> None:
        self.rng = random.Random(f"{seed}:movements")
        self.today = today
        self.bloc = bloc
        self.drawer = SheetDrawer(random.Random(f"{seed}:movements:people"), today)
        self.drawer.citizen_ids = citizen_ids
        self.cells = list(
            Organization.objects.filter(path__startswith=bloc.path, kind__in=MEMBER_HOLDING_KINDS,
                                        dissolved_on__isnull=True).select_related("parent").order_by("code")
        )  # fmt: skip
        # Every cell of the database (the units handed to other committees keep their members' statuses too).
        self.by_id = {
            c.pk: c for c in Organization.objects.filter(kind__in=MEMBER_HOLDING_KINDS).select_related("parent")
        }
        self.rule_sets = list(MovementRuleSet.objects.order_by("-effective_from"))
        pool = list(
            Member.objects.filter(organization__in=self.cells, status=MemberStatus.FULL, user__isnull=True,
                                  committee_seats=None, full_membership_date__lt=dt.date(2023, 1, 1))
            .order_by("pk")
        )  # fmt: skip
        self.rng.shuffle(pool)
        self.pool = pool
        self.rows: list[Movement] = []
        self.result = MovementsResult()
        size = Member.objects.filter(organization__in=self.cells).count()
        self.quota = {kind: max(1, round(size * n / 1000)) for kind, n in PER_THOUSAND.items()}
        self.quota["in"] = incoming
        self.quota["out"] = max(self.quota["out"], 4)  # done, open and overdue
        self.quota["internal"] = max(self.quota["internal"], 2)
        self.quota["abroad_returned"] = max(self.quota["abroad_returned"], 2)  # one reported, one overdue

    # -- helpers ---------------------------------------------------------------------------------------------

    def _day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max((end - start).days, 0)))

    def _rule_set_id(self, day: dt.date) -> int | None:
        return next((r.pk for r in self.rule_sets if r.effective_from <= day), None)

    @staticmethod
    def _grassroots(cell: Organization) -> Organization:
        return cell.parent if cell.kind == OrgKind.CELL and cell.parent is not None else cell

    def _issuer(self, cell: Organization) -> Organization:
        """The committee directly above the grassroots organization (rules of 2025)."""
        grassroots = self._grassroots(cell)
        return grassroots.parent or grassroots

    def _take(self) -> Member | None:
        return self.pool.pop() if self.pool else None

    def _movement(self, kind: str, member: Member | None, *, start: dt.date, **values: Any) -> Movement:
        source = self.by_id.get(member.organization_id) if member is not None else None
        movement = Movement(kind=kind, member=member, start=start, rule_set_id=self._rule_set_id(start), **values)
        if movement.from_organization_id is None and source is not None and kind != MovementKind.TRANSFER_IN:
            movement.from_organization = source
        movement.from_path = movement.from_organization.path if movement.from_organization else ""
        movement.to_path = movement.to_organization.path if movement.to_organization else ""
        self.rows.append(movement)
        self.result.counts[kind] += 1
        return movement

    def _number(self, prefix: str, day: dt.date) -> str:
        return f"{self.rng.randint(10, 499)}-{prefix}/ĐU ({day.year})"

    # -- the statuses the generator left ------------------------------------------------------------------------

    def _existing_statuses(self) -> None:
        rng = self.rng
        kinds: dict[str, str] = {MemberStatus.EXEMPT: MovementKind.EXEMPTION, MemberStatus.ABROAD: MovementKind.ABROAD,
                 MemberStatus.TEMP_TRANSFERRED_OUT: MovementKind.TEMPORARY_OUT}  # fmt: skip
        members = Member.objects.filter(status__in=kinds).order_by("pk")
        overdue_return = False
        for member in members.prefetch_related("status_periods"):
            period = max(member.status_periods.all(), key=lambda p: p.start)
            since, kind = period.start, kinds[member.status]
            if kind == MovementKind.EXEMPTION:
                self._movement(
                    kind,
                    member,
                    start=since,
                    applied_on=since - dt.timedelta(days=rng.randint(20, 40)),
                    opinion_on=since,
                    decision_number=self._number("NQ/CB", since),
                    decision_date=since,
                    informed_on=since + dt.timedelta(days=rng.randint(3, 10)),
                    reason=period.reason,
                )
            elif kind == MovementKind.ABROAD:
                self._movement(
                    kind,
                    member,
                    start=since,
                    departed_on=since,
                    applied_on=since - dt.timedelta(days=40),
                    opinion_on=since - dt.timedelta(days=30),
                    approved_on=since - dt.timedelta(days=20),
                    planned_end=add_months(since, rng.choice([6, 12, 24])),
                    country=rng.choice(COUNTRIES),
                    reason=rng.choice(ABROAD_REASONS),
                    decision_number=self._number("QĐ", since),
                    decision_date=since - dt.timedelta(days=20),
                )
            else:
                cell = self.by_id[member.organization_id]
                planned = add_months(since, rng.randint(12, 24))
                if not overdue_return and add_months(since, 3) < self.today - dt.timedelta(days=20):
                    planned, overdue_return = self.today - dt.timedelta(days=rng.randint(10, 20)), True
                m = self._movement(
                    kind,
                    member,
                    start=since,
                    planned_end=planned,
                    purpose=TemporaryPurpose.STUDY,
                    external_organization=rng.choice(STUDY_PLACES),
                    reason=period.reason,
                    issuing_organization=self._grassroots(cell),
                    letter_number=self._number("GGT", since),
                    letter_date=since,
                )
                if planned < self.today:
                    self.result.overdue_return.append(id(m))

    # -- movements of 2024–2026 ------------------------------------------------------------------------------

    def _transfers_out(self) -> None:
        rng, today = self.rng, self.today
        for k in range(self.quota["out"]):
            member = self._take()
            if member is None:
                return
            cell = self.by_id[member.organization_id]
            state = "overdue" if k < max(1, self.quota["out"] // 10) else "open" if k < self.quota["out"] // 5 + 1 \
                else "done"  # fmt: skip
            if state == "overdue":  # the letter issued five months ago, never presented
                cause = today - dt.timedelta(days=rng.randint(140, 200))
            elif state == "open":
                cause = today - dt.timedelta(days=rng.randint(15, 30))
            else:
                cause = self._day(FIRST_DAY, today - dt.timedelta(days=60))
            applied = cause + dt.timedelta(days=rng.randint(3, 12))
            letter = add_working_days(applied, rng.randint(2, 8))
            portal = rng.random() < 0.3
            movement = self._movement(
                MovementKind.TRANSFER_OUT, member, start=letter, cause_date=cause, applied_on=applied,
                issuing_organization=self._issuer(cell), external_organization=rng.choice(OTHER_PROVINCES),
                letter_number=self._number("GGT", letter), letter_date=letter,
                channel=Channel.PORTAL if portal else Channel.PAPER,
                portal_reference=f"G22.{rng.randrange(10**8):08d}" if portal else "",
                reason=rng.choice(["Chuyển công tác", "Nghỉ hưu, về nơi cư trú", "Thay đổi nơi làm việc"]),
            )  # fmt: skip
            if state == "done":
                handed = min(add_working_days(letter, rng.randint(3, 25)), today - dt.timedelta(days=1))
                movement.handed_over_on, movement.ended_on, movement.state = handed, handed, MovementState.DONE
                registry.change_status(actor=None, member=member, status=MemberStatus.TRANSFERRED_OUT, on=handed,
                                       reason="Chuyển sinh hoạt đảng chính thức", audit=False,
                                       decision_number=movement.letter_number)  # fmt: skip
            elif state == "overdue":
                self.result.overdue_handover.append(id(movement))

    def _internal(self) -> None:
        rng = self.rng
        for _ in range(self.quota["internal"]):
            member = self._take()
            if member is None or len(self.cells) < 2:
                return
            source = self.by_id[member.organization_id]
            others = [c for c in self.cells if self._grassroots(c).pk != self._grassroots(source).pk] or \
                [c for c in self.cells if c.pk != source.pk]  # fmt: skip
            target = rng.choice(others)
            day = self._day(FIRST_DAY, self.today - dt.timedelta(days=20))
            number = self._number("QĐ", day)
            self._movement(MovementKind.TRANSFER_INTERNAL, member, start=day, from_organization=source,
                           to_organization=target, issuing_organization=self._issuer(source),
                           decision_number=number, decision_date=day, cause_date=day - dt.timedelta(days=20),
                           handed_over_on=day, ended_on=day, state=MovementState.DONE,
                           reason="Điều động công tác")  # fmt: skip
            registry.move_to_cell(actor=None, member=member, organization=target, on=day, audit=False,
                                  reason=f"Chuyển sinh hoạt đảng chính thức (quyết định {number})")  # fmt: skip

    def _transfers_in(self) -> None:
        rng = self.rng
        for k in range(self.quota["in"]):
            cell = rng.choice(self.cells)
            day = self._day(FIRST_DAY, self.today - dt.timedelta(days=10))
            while True:  # a full member before the day of arrival
                sheet = self.drawer.draw(family="agency", female_share=0.45, unit=cell.name, probationary=False)
                if sheet.full_membership_date is not None and sheet.full_membership_date < day:
                    break
            data = {name: getattr(sheet, name) for name in registry.SHEET_FIELDS if hasattr(sheet, name)}
            data.update(card_number=f"{rng.choice(['33', '36', '22', '01'])}{k:07d}", workplace=cell.name,
                        record_number=f"CĐ-{k + 1:05d}", status=MemberStatus.FULL)  # fmt: skip
            member = registry.create_member(actor=None, organization=cell, data=data, joined_cell_on=day,
                                            today=self.today, audit=False)  # fmt: skip
            source = rng.choice(OTHER_PROVINCES)
            letter = day - dt.timedelta(days=rng.randint(5, 25))
            self._movement(MovementKind.TRANSFER_IN, member, start=day, to_organization=cell,
                           external_organization=source, letter_number=f"{rng.randint(10, 900)}-GGT/ĐU",
                           letter_date=letter, handed_over_on=day, ended_on=day, state=MovementState.DONE,
                           channel=Channel.PORTAL if rng.random() < 0.3 else Channel.PAPER,
                           reason="Chuyển công tác về tỉnh")  # fmt: skip
            self.result.received.append(member.pk)

    def _temporary_done(self) -> None:
        rng = self.rng
        for _ in range(self.quota["temporary_done"]):
            member = self._take()
            if member is None:
                return
            cell = self.by_id[member.organization_id]
            start = self._day(FIRST_DAY, dt.date(2025, 6, 30))
            end = add_months(start, rng.randint(3, 9))
            host = rng.choice([c for c in self.cells if c.pk != cell.pk] or [cell])
            self._movement(
                MovementKind.TEMPORARY_OUT,
                member,
                start=start,
                planned_end=end,
                ended_on=end,
                purpose=TemporaryPurpose.WORK,
                to_organization=host,
                issuing_organization=self._grassroots(cell),
                letter_number=self._number("GGT", start),
                letter_date=start,
                state=MovementState.DONE,
                reason="Biệt phái công tác có thời hạn",
            )
            registry.change_status(
                actor=None,
                member=member,
                status=MemberStatus.TEMP_TRANSFERRED_OUT,
                on=start,
                reason="Chuyển sinh hoạt tạm thời",
                audit=False,
            )
            registry.change_status(actor=None, member=member, status=MemberStatus.FULL, on=end,
                                   reason="Trở về sinh hoạt tại chi bộ", audit=False)  # fmt: skip

    def _temporary_in(self) -> None:
        rng = self.rng
        for _ in range(self.quota["temporary_in"]):
            cell = rng.choice(self.cells)
            sheet = self.drawer.draw(family="enterprise", female_share=0.4, unit=cell.name, probationary=False)
            start = self._day(dt.date(2026, 1, 1), self.today - dt.timedelta(days=30))
            self._movement(MovementKind.TEMPORARY_IN, None, start=start, to_organization=cell,
                           person_name=f"{sheet.family_name} {sheet.middle_name} {sheet.given_name}".replace("  ", " "),
                           external_organization=rng.choice(OTHER_PROVINCES), purpose=TemporaryPurpose.WORK,
                           planned_end=add_months(start, rng.randint(4, 11)),
                           letter_number=f"{rng.randint(10, 900)}-GGT/ĐU", letter_date=start,
                           reason="Công tác có thời hạn tại đơn vị")  # fmt: skip

    def _abroad_returned(self) -> None:
        rng = self.rng
        for k in range(self.quota["abroad_returned"]):
            member = self._take()
            if member is None:
                return
            if k == 0:  # back two months ago, no report yet: overdue
                end = self.today - dt.timedelta(days=rng.randint(60, 75))
            else:
                end = self._day(dt.date(2024, 6, 1), self.today - dt.timedelta(days=90))
            start = add_months(end, -rng.randint(2, 10))
            report = None if k == 0 else add_working_days(end, rng.randint(2, 20))
            m = self._movement(MovementKind.ABROAD, member, start=start, departed_on=start,
                               applied_on=start - dt.timedelta(days=45),
                               opinion_on=start - dt.timedelta(days=35), approved_on=start - dt.timedelta(days=25),
                               planned_end=end, ended_on=end, report_on=report, country=rng.choice(COUNTRIES),
                               reason=rng.choice(ABROAD_REASONS), decision_number=self._number("QĐ", start),
                               decision_date=start - dt.timedelta(days=25),
                               state=MovementState.OPEN if report is None else MovementState.DONE)  # fmt: skip
            if report is None:
                self.result.overdue_report.append(id(m))
            registry.change_status(
                actor=None, member=member, status=MemberStatus.ABROAD, on=start, reason="Đi nước ngoài", audit=False
            )
            registry.change_status(actor=None, member=member, status=MemberStatus.FULL, on=end,
                                   reason="Về nước", audit=False)  # fmt: skip

    def _suspensions(self) -> None:
        rng = self.rng
        for k in range(max(2, self.quota["suspension"])):
            member = self._take()
            if member is None:
                return
            current = k % 2 == 0
            start = self.today - dt.timedelta(days=rng.randint(20, 60)) if current else \
                self._day(dt.date(2024, 3, 1), dt.date(2025, 6, 30))  # fmt: skip
            end = start + dt.timedelta(days=89)  # 90 days, the rule set's first period
            self._movement(MovementKind.SUSPENSION, member, start=start, planned_end=end,
                           ended_on=None if current else end,
                           state=MovementState.OPEN if current else MovementState.DONE,
                           decision_number=self._number("QĐ/UBKT", start), decision_date=start,
                           reason="Đình chỉ sinh hoạt đảng để xem xét, xử lý kỷ luật")  # fmt: skip

    # -- residence -------------------------------------------------------------------------------------------

    def _residence(self) -> None:
        rng, today = self.rng, self.today
        working = (
            Member.objects.filter(organization__in=self.cells, status__in=[MemberStatus.FULL,
                                  MemberStatus.PROBATIONARY], birth_date__gt=add_years(today, -60))
            .exclude(position="Cán bộ hưu trí").order_by("pk")
            .values_list("pk", "organization_id", "residence", "admission_decision_date")
        )  # fmt: skip
        intros: list[ResidenceIntroduction] = []
        feedback: list[ResidenceFeedback] = []
        next_pk = (ResidenceIntroduction.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for member_id, cell_id, residence, admitted in working:
            if rng.random() >= INTRODUCED_SHARE:
                continue
            parts = [p.strip() for p in residence.split(",")]
            ward = next((p for p in parts if p.startswith(("phường", "xã", "thị trấn"))), parts[0])
            introduced = max(admitted, dt.date(2021, 1, 1)) + dt.timedelta(days=rng.randint(20, 200))
            if introduced > today:
                continue
            cell = self.by_id[cell_id]
            intro = ResidenceIntroduction(
                pk=next_pk, member_id=member_id, organization_id=cell_id, path=cell.path, introduced_on=introduced,
                ward=ward, residence_cell=rng.choice(RESIDENCE_CELLS).format(k=rng.randint(1, 15)),
                residence_committee=f"Đảng ủy {ward}", letter_number=f"{rng.randint(1, 400)}-GGT/CB",
            )  # fmt: skip
            next_pk += 1
            intros.append(intro)
            for year in (2024, 2025, today.year):
                due = dt.date(year, 11, 15)
                share = FEEDBACK_SHARE.get(year, FEEDBACK_THIS_YEAR)
                if introduced > dt.date(year, 9, 30) or due > today + dt.timedelta(days=30) or rng.random() >= share:
                    continue
                concern = rng.random() < 0.02
                feedback.append(ResidenceFeedback(
                    introduction_id=intro.pk, member_id=member_id, year=year, path=cell.path,
                    received_on=min(due + dt.timedelta(days=rng.randint(-40, 25)), today),
                    assessment=FeedbackAssessment.CONCERN if concern else FeedbackAssessment.GOOD,
                    content=FEEDBACK_CONCERN if concern else FEEDBACK_GOOD,
                ))  # fmt: skip
        insert_models(intros)
        insert_models(feedback)
        self.result.introductions, self.result.feedback = len(intros), len(feedback)

    def build(self) -> MovementsResult:
        self._existing_statuses()
        self._transfers_out()
        self._internal()
        self._transfers_in()
        self._temporary_done()
        self._temporary_in()
        self._abroad_returned()
        self._suspensions()
        self._residence()
        marks = {key: set(getattr(self.result, key)) for key in ("overdue_handover", "overdue_return",
                                                                 "overdue_report")}  # fmt: skip
        Movement.objects.bulk_create(self.rows, batch_size=2000)  # ids back on every database, for the result
        for key, marked in marks.items():
            setattr(self.result, key, [m.pk for m in self.rows if id(m) in marked])
        _reset_sequence()
        return self.result


def _reset_sequence() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [ResidenceIntroduction]):
            cursor.execute(sql)


def build_movements(
    *, bloc: Organization, seed: int, today: dt.date, citizen_ids: set[str], incoming: int
) -> MovementsResult:
    return MovementsBuilder(bloc=bloc, seed=seed, today=today, citizen_ids=citizen_ids, incoming=incoming).build()


__all__: list[Any] = ["MovementsResult", "build_movements", "incoming_transfers"]
