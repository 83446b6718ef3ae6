"""The demo's complaints and denunciations, the 5-day notices and a suspension extended (issue 10).

    result = build_complaints(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

For the bloc and a few of its grassroots organizations (the demo grassroots officer's first), through the
complaint services (so every deadline, identity and audit entry is what the pages would write):

- denunciations of members and of a cell: one still being handled, one extended, one past its deadline, some
  resolved and replied (founded in part, unfounded), one resolved and not yet replied; petitions (kiến nghị, phản
  ánh), one replied;
- letters closed "không xem xét, giải quyết": an anonymous one, an address-less one, one found under a false name
  while handled, and a repeated one without new evidence linked to the earlier letter;
- complaints about party disciplines (the appeal), on decisions the rating rounds recorded (none when they are
  left out): one appealed in time to the level above and settled (the decision upheld, so the ratings stand), one
  still being handled;
- the notices of QĐ 296: a state body's suspension told on time, one told late, one not yet told, and a
  proposal of administrative handling after the demo's discipline;
- a current suspension extended by 30 days (the clock shows it).

The people who wrote the letters are made up (names from the demo's name lists are not used). Same seed, same
`today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from dangbo.complaints import notices, services
from dangbo.complaints.enums import Channel, ComplaintKind, ComplaintResult, NotConsideredReason
from dangbo.complaints.models import Complaint
from dangbo.core.calendar import add_working_days
from dangbo.discipline.enums import AppealResult
from dangbo.discipline.models import Discipline
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.movements import standing
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

PEOPLE = [
    ("Phạm Văn Chính", "Số 8 ngõ 12 Trần Phú", "0903 112 233", "chinh.pv@example.vn", "001075004321"),
    ("Hoàng Thị Minh", "Tổ 5 phường Quang Trung", "0915 445 566", "", "034182009876"),
    ("Vũ Đức Thành", "Thôn Đông, xã Vũ Hội", "0987 001 122", "thanhvd@example.vn", ""),
    ("Đỗ Thị Hằng", "Số 21 Lê Lợi", "", "hang.dt@example.vn", "034190012345"),
    ("Bùi Quang Huy", "Khu 3 thị trấn Hưng Hà", "0977 889 900", "", ""),
]
DENOUNCED = [
    "Tố cáo việc kê khai tài sản, thu nhập không trung thực",
    "Tố cáo việc sử dụng xe công vào việc riêng",
    "Tố cáo việc nhận tiền để bố trí việc làm cho người nhà",
    "Tố cáo việc vi phạm quy định về những điều đảng viên không được làm",
]
PETITIONS = ["Kiến nghị công khai kết quả kiểm tra tài chính đảng", "Phản ánh việc chậm trả lời đơn của cơ quan"]


@dataclass
class ComplaintsResult:
    letters: int = 0
    not_considered: int = 0
    overdue: list[int] = field(default_factory=list)
    appeal: int | None = None
    notices: int = 0
    extended_suspension: int | None = None


class _Builder:
    def __init__(self, *, bloc: Organization, seed: int, today: dt.date) -> None:
        self.bloc, self.today, self.rng = bloc, today, random.Random(seed + 10)
        self.result = ComplaintsResult()
        self.people = iter(PEOPLE * 10)
        grassroots = Organization.objects.filter(
            path__startswith=bloc.path, kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True
        ).order_by("path")
        self.units = [g for g in grassroots if self._cells(g)][:3]

    def _cells(self, unit: Organization) -> list[Organization]:
        return list(
            Organization.objects.filter(
                path__startswith=unit.path, kind=OrgKind.CELL, dissolved_on__isnull=True
            ).order_by("path")[:3]
        )

    def _member(self, unit: Organization, k: int) -> Member:
        members = Member.objects.filter(
            organization__path__startswith=unit.path, status=MemberStatus.FULL, user__isnull=True
        ).order_by("pk")
        return members[k % members.count()]

    def _identity(self) -> dict[str, str]:
        name, address, phone, email, citizen_id = next(self.people)
        return {"full_name": name, "address": address, "phone": phone, "email": email, "citizen_id": citizen_id}

    def _day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    def receive(self, unit: Organization, *, days_ago: int, **values: Any) -> Complaint:
        values.setdefault("identity", self._identity())
        values.setdefault("channel", self.rng.choice([Channel.POST, Channel.IN_PERSON, Channel.EMAIL, Channel.MAILBOX]))
        letter = services.receive_complaint(
            actor=None, handling_organization=unit, received_on=self._day(days_ago), today=self.today, **values
        )
        self.result.letters += 1
        return letter

    def settle(self, letter: Complaint, *, result: str, after: int, reply_after: int | None,
               appeal_result: str = "") -> Complaint:  # fmt: skip
        resolved_on = min(add_working_days(letter.received_on, after), self.today)
        letter = services.resolve_complaint(
            actor=None,
            complaint=letter,
            resolved_on=resolved_on,
            result=result,
            appeal_result=appeal_result,
            resolution_number=f"{self.rng.randint(10, 99)}-KL/UBKT",
            expected_version=letter.version,
            today=self.today,
        )
        if reply_after is not None:
            letter = services.reply_complaint(
                actor=None,
                complaint=letter,
                replied_on=min(resolved_on + dt.timedelta(days=reply_after), self.today),
                reply_method="letter",
                expected_version=letter.version,
                today=self.today,
            )
        return letter

    def letters(self) -> None:
        for i, unit in enumerate(self.units):
            subject = self._member(unit, i)
            self.receive(
                unit,
                days_ago=20 + i,
                kind=ComplaintKind.DENUNCIATION,
                subject_member=subject,
                summary=DENOUNCED[i % len(DENOUNCED)],
            )
            extended = self.receive(
                unit,
                days_ago=125,
                kind=ComplaintKind.DENUNCIATION,
                subject_member=self._member(unit, i + 1),
                summary=DENOUNCED[(i + 1) % 4],
            )
            services.extend_complaint(
                actor=None,
                complaint=extended,
                working_days=20 + 5 * i,
                reason="Cần xác minh thêm tài liệu tại cơ quan",
                expected_version=1,
                granted_on=min(self.today, add_working_days(extended.received_on, 85)),
                today=self.today,
            )
            late = self.receive(
                unit,
                days_ago=200 + 10 * i,
                kind=ComplaintKind.DENUNCIATION,
                subject_organization=self._cells(unit)[0],
                summary=DENOUNCED[(i + 2) % 4],
            )
            self.result.overdue.append(late.pk)
            done = self.receive(
                unit,
                days_ago=300 + 20 * i,
                kind=ComplaintKind.DENUNCIATION,
                subject_member=self._member(unit, i + 2),
                summary=DENOUNCED[(i + 3) % 4],
            )
            self.settle(
                done,
                result=ComplaintResult.PARTLY_FOUNDED if i % 2 == 0 else ComplaintResult.UNFOUNDED,
                after=60,
                reply_after=5 if i != 1 else None,  # one resolved, the person not yet told
            )
            petition = self.receive(unit, days_ago=90, kind=ComplaintKind.PETITION, summary=PETITIONS[i % 2])
            if i == 0:
                self.settle(petition, result=ComplaintResult.PARTLY_UPHELD, after=30, reply_after=3)
        self.closed()

    def closed(self) -> None:
        unit = self.units[0]
        first = self.receive(
            unit,
            days_ago=400,
            kind=ComplaintKind.DENUNCIATION,
            subject_member=self._member(unit, 5),
            summary="Tố cáo việc lợi dụng chức vụ để trục lợi",
        )
        self.settle(first, result=ComplaintResult.UNFOUNDED, after=70, reply_after=4)
        for reason, identity, repeat in [
            (NotConsideredReason.ANONYMOUS, {}, None),
            (NotConsideredReason.NO_ADDRESS, {"full_name": "Nguyễn Văn Dũng"}, None),
            (NotConsideredReason.REPEATED, None, first),
        ]:
            self.receive(
                unit,
                days_ago=60,
                kind=ComplaintKind.DENUNCIATION,
                subject_member=self._member(unit, 5),
                summary="Tố cáo việc lợi dụng chức vụ để trục lợi (gửi lại)"
                if repeat
                else "Tố cáo việc lợi dụng chức vụ để trục lợi",
                not_considered_reason=reason,
                repeat_of=repeat,
                **({"identity": identity} if identity is not None else {}),
            )
            self.result.not_considered += 1
        false_name = self.receive(
            self.bloc,
            days_ago=45,
            kind=ComplaintKind.DENUNCIATION,
            subject_member=self._member(unit, 6),
            summary=DENOUNCED[0],
        )
        services.close_not_considered(
            actor=None,
            complaint=false_name,
            reason=NotConsideredReason.FALSE_NAME,
            closed_on=self._day(30),
            expected_version=1,
            today=self.today,
        )
        self.result.not_considered += 1

    def appeals(self) -> Discipline | None:
        """Complaints about decisions the demo already holds (the rating rounds' disciplines; none without them):
        the first appealed in time and settled (the decision upheld, so the ratings that read it stand), the next
        appealed and still being handled."""
        found = 0
        last = None
        candidates = Discipline.objects.filter(
            appealed_on__isnull=True, member__isnull=False, deciding_organization__path__startswith=self.bloc.path
        ).select_related("member", "deciding_organization")
        for decision in candidates.order_by("-decision_date", "pk")[:20]:
            handler = self._above(decision.deciding_organization)
            filed = add_working_days(decision.received_on or decision.decision_date, 10)
            if handler is None or filed > self.today - dt.timedelta(days=30):
                continue
            member = decision.member
            assert member is not None
            appeal = self.receive(
                handler, days_ago=(self.today - filed).days, kind=ComplaintKind.DISCIPLINE_COMPLAINT,
                discipline=decision, channel=Channel.IN_PERSON,
                summary=f"Khiếu nại quyết định kỷ luật {decision.get_form_display().lower()}",
                identity={"full_name": member.full_name, "address": "Cơ quan nơi công tác", "phone": "", "email": "",
                          "citizen_id": member.citizen_id or ""},
            )  # fmt: skip
            if found == 0:
                self.settle(appeal, result="", appeal_result=AppealResult.UPHELD, after=40, reply_after=5)
            self.result.appeal = appeal.pk
            last = decision
            found += 1
            if found == 2:
                break
        return last

    def _above(self, deciding: Organization) -> Organization | None:
        """The nearest organization above the deciding one that handles letters, inside the bloc."""
        for path in reversed(deciding.ancestor_paths()[:-1]):
            org = Organization.objects.filter(path=path).first()
            if org is not None and org.path.startswith(self.bloc.path) and org.kind in services.HANDLER_KINDS:
                return org
        return None

    def notices(self, disciplined: Discipline | None) -> None:
        unit = self.units[0]
        for k, (offset, told) in enumerate([(40, 4), (35, 9), (10, None)]):
            event = add_working_days(self.today, -offset)
            notices.record_notice(
                actor=None,
                direction="to_party",
                event="suspension" if k != 1 else "discipline",
                member=self._member(unit, 10 + k),
                other_body="Sở, ngành nơi đảng viên công tác",
                event_date=event,
                today=self.today,
                notice_date=None if told is None else event + dt.timedelta(days=told),
            )
            self.result.notices += 1
        if disciplined is not None and disciplined.member is not None:
            notices.record_notice(
                actor=None,
                direction="from_party",
                event="discipline",
                member=disciplined.member,
                other_body="Cơ quan nơi đảng viên công tác",
                discipline=disciplined,
                notice_date=add_working_days(disciplined.decision_date, 3),
                today=self.today,
            )
            self.result.notices += 1

    def suspension(self) -> None:
        current = (
            Movement.objects.filter(
                kind=MovementKind.SUSPENSION,
                state=MovementState.OPEN,
                planned_end__gt=self.today,
                legal_proceedings=False,
            )
            .order_by("start", "pk")
            .first()
        )
        if current is None or current.planned_end is None:
            return
        decided = max(current.start, self.today - dt.timedelta(days=3))
        standing.extend_suspension(
            actor=None,
            movement=current,
            days=30,
            decision_number="45-QĐ/UBKT",
            decision_date=decided,
            reason="Chưa kết thúc việc kiểm tra",
            expected_version=current.version,
            today=self.today,
        )
        self.result.extended_suspension = current.pk


def build_complaints(*, bloc: Organization, seed: int, today: dt.date) -> ComplaintsResult:
    builder = _Builder(bloc=bloc, seed=seed, today=today)
    if not builder.units:
        return builder.result
    builder.letters()
    builder.notices(builder.appeals())
    builder.suspension()
    return builder.result
