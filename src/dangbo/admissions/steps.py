"""What each step of the admission workflow checks and writes (called by `workflow.perform` only, inside its
transaction: a refusal leaves nothing behind).

A handler reads the step's `data` through `Input` (Vietnamese messages for missing or malformed values; what it
read is recorded, JSON-safe, on the `Transition`), checks the rules in force on the step's date, sets the
candidacy's fields and returns where the candidacy goes. Rows it creates and registry changes it makes are noted in
`made`, so a correction can reverse them.
"""

from __future__ import annotations

import datetime as dt

from dangbo.core.dates import add_months
from dangbo.core.errors import DomainError
from dangbo.members import services as member_services
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member

from .enums import Acquaintance, Stage, Step, VoteKind
from .models import Candidate, Sponsor, Vote
from .rules import (
    AdmissionRules,
    Finding,
    SponsorFacts,
    check_admission_vote,
    check_age,
    check_certificate,
    check_education,
    check_readmission_timing,
    check_sponsors,
    check_vote_counts,
    require,
    rules_on,
    vote_outcome,
)
from .selectors import (
    awareness_certificate_of,
    cell_on,
    certificate_origin,
    consents_of,
    deciding_committee_for,
    full_members_of_cell_on,
    grassroots_of,
    status_on,
)
from .services import SHEET_FIELDS
from .step_input import REASON_LENGTH, Ctx, Input, Outcome, d, dated, not_future

MANUAL_CERTIFICATE = (
    "Nhập tay: không tìm thấy giấy chứng nhận còn giá trị trong hồ sơ đào tạo (theo số CCCD, hoặc họ tên và ngày sinh)."
)


def course(ctx: Ctx) -> Outcome:
    """The awareness course. When the training records hold the candidate's certificate valid today
    (`selectors.awareness_certificate_of`), its number and date are used: typed values must agree with it, and may
    be left empty. Otherwise both are typed by hand. The step's data says which (`certificate_from`)."""
    c = ctx.candidate
    found = awareness_certificate_of(c, on=ctx.today)
    number = ctx.input.text("certificate_number", "Số giấy chứng nhận", required=found is None)
    typed = ctx.input.date("course_passed_on", "Ngày cấp giấy chứng nhận", required=found is None)
    if found is not None:
        if (number and number != found.number) or (typed is not None and typed != found.issued_on):
            raise DomainError(
                f"Hồ sơ đào tạo ghi giấy chứng nhận số {found.number} cấp ngày {d(found.issued_on)}; số hoặc ngày "
                "vừa nhập khác. Hãy để trống để dùng giấy chứng nhận trong hồ sơ đào tạo, hoặc sửa hồ sơ đào tạo.",
                field="certificate_number",
            )
        number, day = found.number, found.issued_on
        ctx.input.record.update(
            certificate_number=number, course_passed_on=day.isoformat(), training_certificate=found.pk,
            certificate_from=certificate_origin(found),
        )  # fmt: skip
    else:
        assert typed is not None
        day = typed
        ctx.input.record["certificate_from"] = MANUAL_CERTIFICATE
    not_future(ctx, day, "course_passed_on", "Ngày cấp giấy chứng nhận")
    if day <= c.birth_date:
        raise DomainError("Ngày cấp giấy chứng nhận phải sau ngày sinh.", field="course_passed_on")
    c.certificate_number = number
    c.course_passed_on = day
    return Outcome(Stage.COURSE_PASSED, day)


def application(ctx: Ctx) -> Outcome:
    day = ctx.candidate.applied_on = dated(ctx, "applied_on", "Ngày nộp đơn")
    return Outcome(Stage.APPLIED, day)


def verify(ctx: Ctx) -> Outcome:
    day = ctx.candidate.verified_on = dated(ctx, "verified_on", "Ngày thẩm tra xong lý lịch")
    return Outcome(Stage.VERIFIED, day)


def _sponsor_rows(ctx: Ctx, on: dt.date) -> list[tuple[Member, str, dt.date]]:
    raw = ctx.input.data.get("sponsors")
    if not isinstance(raw, list):
        raise DomainError("Danh sách người giới thiệu không hợp lệ.", field="sponsors")
    rows, seen, recorded = [], set(), []
    for i, item in enumerate(raw, start=1):
        item = item if isinstance(item, dict) else {}
        member_id = str(item.get("member_id") or "")
        member = Member.objects.filter(pk=int(member_id)).first() if member_id.isdigit() else None
        if member is None:
            raise DomainError(f"Người giới thiệu thứ {i}: không tìm thấy đảng viên.", field="sponsors")
        if member.pk in seen:
            raise DomainError(f"Người giới thiệu {member.full_name} được nhập hai lần.", field="sponsors")
        if ctx.candidate.former_member_id == member.pk:
            raise DomainError("Người xin kết nạp lại không thể tự giới thiệu mình.", field="sponsors")
        seen.add(member.pk)
        acquaintance = item.get("acquaintance")
        if acquaintance not in Acquaintance.values:
            raise DomainError(f"Người giới thiệu {member.full_name}: chưa chọn quan hệ với người vào Đảng.",
                              field="sponsors")  # fmt: skip
        sub = Input(item)
        known_since = sub.day("known_since", f"Ngày bắt đầu cùng công tác, học tập, cư trú của {member.full_name}")
        if known_since < ctx.candidate.birth_date:
            raise DomainError(f"Người giới thiệu {member.full_name}: ngày bắt đầu cùng công tác, học tập, cư trú "
                              "không được trước ngày sinh của người vào Đảng.", field="sponsors")  # fmt: skip
        rows.append((member, str(acquaintance), known_since))
        recorded.append({"member_id": member.pk, "acquaintance": acquaintance, "known_since": known_since.isoformat()})
    ctx.input.record["sponsors"] = recorded
    return rows


def sponsor_findings(
    rules: AdmissionRules, c: Candidate, rows: list[tuple[Member, str, dt.date]], *, on: dt.date,
    youth_union_resolution: bool,
) -> list[Finding]:  # fmt: skip
    """The sponsor rule on the sponsors' facts that day (status, cell), passed verdicts included."""
    grassroots_path = grassroots_of(c.cell).path
    facts = []
    for member, acquaintance, known_since in rows:
        cell = cell_on(member, on)
        facts.append(
            SponsorFacts(
                name=member.full_name,
                status=status_on(member, on),
                same_grassroots=cell is not None and cell.path.startswith(grassroots_path),
                acquaintance=acquaintance,
                known_since=known_since,
            )
        )
    return check_sponsors(
        rules, sponsors=facts, on=on, birth_date=c.birth_date, youth_union_resolution=youth_union_resolution
    )


def sponsors(ctx: Ctx) -> Outcome:
    c = ctx.candidate
    on = dated(ctx, "on", "Ngày ghi nhận người giới thiệu")
    youth_resolution = ctx.input.flag("youth_union_resolution")
    rows = _sponsor_rows(ctx, on)
    rules = rules_on(on)
    require(sponsor_findings(rules, c, rows, on=on, youth_union_resolution=youth_resolution))
    c.youth_union_resolution = youth_resolution
    made = [
        Sponsor.objects.create(candidate=c, member=m, acquaintance=a, known_since=k, recorded_on=on).pk
        for m, a, k in rows
    ]
    ctx.made["sponsors"] = made
    return Outcome(Stage.SPONSORED, on, rules)


def _vote_input(ctx: Ctx) -> tuple[dt.date, int, int, str]:
    held_on = dated(ctx, "held_on", "Ngày họp chi bộ")
    votes_for = ctx.input.whole("votes_for", "Số tán thành")
    votes_against = ctx.input.whole("votes_against", "Số không tán thành")
    number = ctx.input.text("resolution_number", "Số nghị quyết")
    return held_on, votes_for, votes_against, number


def _vote(ctx: Ctx, kind: str, held_on: dt.date, voters: int, vf: int, va: int, number: str) -> None:
    vote = Vote.objects.create(
        candidate=ctx.candidate, kind=kind, held_on=held_on, voters=voters, votes_for=vf, votes_against=va,
        resolution_number=number,
    )  # fmt: skip
    ctx.made["vote"] = vote.pk
    ctx.input.record["voters"] = voters


def cell_vote_findings(
    rules: AdmissionRules, c: Candidate, *, on: dt.date, votes: tuple[int, int, int] | None
) -> list[Finding]:
    """The cell review's rules on `on`: age, education, certificate, re-admission timing and, when `votes`
    (voters, for, against) are known, the vote; passed verdicts included."""
    consents = consents_of(c)
    findings: list[Finding] = [
        *check_age(rules, birth_date=c.birth_date, on=on, consents=consents),
        *check_education(rules, education=c.education, hard_area=c.hard_area, consents=consents),
        *check_certificate(rules, course_passed_on=c.course_passed_on, on=on),
    ]
    if votes is not None:
        voters, votes_for, votes_against = votes
        findings += check_admission_vote(rules, voters=voters, votes_for=votes_for, votes_against=votes_against)
    if c.former_member_id is not None:
        findings += check_readmission_timing(
            rules, left_party_on=c.left_party_on, exit_reason=c.exit_reason, record_cleared_on=c.record_cleared_on,
            on=on, consents=consents,
        )  # fmt: skip
    return findings


def cell_vote(ctx: Ctx) -> Outcome:
    """The cell's review: age, education, certificate, re-admission timing and the vote, every rule at once."""
    c = ctx.candidate
    held_on, votes_for, votes_against, number = _vote_input(ctx)
    rules = rules_on(held_on)
    voters = full_members_of_cell_on(c.cell, held_on).count()
    require(cell_vote_findings(rules, c, on=held_on, votes=(voters, votes_for, votes_against)))
    _vote(ctx, VoteKind.ADMISSION, held_on, voters, votes_for, votes_against, number)
    return Outcome(Stage.CELL_RESOLVED, held_on, rules)


def committee(ctx: Ctx) -> Outcome:
    c = ctx.candidate
    c.committee_resolved_on = dated(ctx, "committee_resolved_on", "Ngày nghị quyết đảng ủy")
    c.committee_resolution_number = ctx.input.text("committee_resolution_number", "Số nghị quyết", required=True)
    return Outcome(Stage.COMMITTEE_RESOLVED, c.committee_resolved_on)


def decision(ctx: Ctx) -> Outcome:
    c = ctx.candidate
    decided_on = dated(ctx, "decided_on", "Ngày quyết định kết nạp")
    if c.committee_resolved_on is not None and decided_on < c.committee_resolved_on:
        raise DomainError(
            "Ngày quyết định kết nạp không được trước ngày nghị quyết của đảng ủy cơ sở "
            f"({d(c.committee_resolved_on)}).",
            field="decided_on",
        )
    c.decision_number = ctx.input.text("decision_number", "Số quyết định kết nạp", required=True)
    received = ctx.input.date("decision_received_on", "Ngày chi bộ nhận quyết định", required=False)
    if received is not None:
        not_future(ctx, received, "decision_received_on", "Ngày chi bộ nhận quyết định")
        if received < decided_on:
            raise DomainError("Ngày chi bộ nhận quyết định không được trước ngày quyết định.",
                              field="decision_received_on")  # fmt: skip
    c.deciding_committee = deciding_committee_for(c.cell)
    ctx.input.record["deciding_committee_id"] = c.deciding_committee.pk
    c.decided_on, c.decision_received_on = decided_on, received
    return Outcome(Stage.DECIDED, decided_on, rules_on(decided_on))


def ceremony(ctx: Ctx) -> Outcome:
    """Holds the ceremony and puts the new member in the registry (probationary from the decision date); a
    re-admitted former member becomes probationary again in the candidate's cell (a new probation)."""
    c = ctx.candidate
    day = ctx.input.day("ceremony_on", "Ngày lễ kết nạp")
    assert c.decided_on is not None
    if day < c.decided_on:
        raise DomainError(f"Ngày lễ kết nạp không được trước ngày quyết định kết nạp ({d(c.decided_on)}).",
                          field="ceremony_on")  # fmt: skip
    not_future(ctx, day, "ceremony_on", "Ngày lễ kết nạp")
    rules = rules_on(day)
    if c.former_member_id is None:
        data = {k: getattr(c, k) for k in SHEET_FIELDS if k != "hard_area"}
        data.update(admission_decision_date=c.decided_on, ceremony_date=day)
        member = member_services.create_member(
            actor=ctx.actor, organization=c.cell, data=data, joined_cell_on=c.decided_on, today=ctx.today
        )
        ctx.made["member_created"] = member.pk
    else:
        assert c.former_member is not None
        member = member_services.change_status(
            actor=ctx.actor, member=c.former_member, status=MemberStatus.PROBATIONARY, on=c.decided_on,
            reason="Kết nạp lại", decision_number=c.decision_number,
        )  # fmt: skip
        member = member_services.move_to_cell(
            actor=ctx.actor, member=member, organization=c.cell, on=c.decided_on, reason="Kết nạp lại"
        )
        ctx.made["member_readmitted"] = member.pk
    ctx.made["member_version"] = member.version
    c.member, c.ceremony_on = member, day
    c.probation_ends_on = add_months(day, rules.probation_months)
    return Outcome(Stage.PROBATION, day, rules)


def _make_full(ctx: Ctx, *, decision_number: str) -> str:
    """The member is full from the day the probation ends, even when the vote or decision comes later."""
    c = ctx.candidate
    assert c.member is not None and c.probation_ends_on is not None
    member = member_services.change_status(
        actor=ctx.actor, member=c.member, status=MemberStatus.FULL, on=c.probation_ends_on,
        reason="Công nhận đảng viên chính thức", decision_number=decision_number,
    )  # fmt: skip
    member = member_services.update_member(
        actor=ctx.actor, member=member, expected_version=member.version,
        data={"full_membership_date": c.probation_ends_on}, today=ctx.today,
    )  # fmt: skip
    ctx.made["member_version"] = member.version
    ctx.made["member_status"] = MemberStatus.FULL
    c.member, c.full_membership_on = member, c.probation_ends_on
    return Stage.FULL


def _strike_off(ctx: Ctx, *, on: dt.date, reason: str, decision_number: str = "") -> str:
    c = ctx.candidate
    assert c.member is not None
    member = member_services.change_status(
        actor=ctx.actor, member=c.member, status=MemberStatus.STRUCK_OFF, on=on, reason=reason,
        decision_number=decision_number,
    )  # fmt: skip
    ctx.made["member_version"] = member.version
    ctx.made["member_status"] = MemberStatus.STRUCK_OFF
    c.member, c.closed_on, c.closing_reason = member, on, reason
    return Stage.STRUCK_OFF


def probation_finding(rules: AdmissionRules, c: Candidate, *, on: dt.date) -> Finding:
    """Whether the probation is over on `on` (the recognition vote may be held from the day it ends)."""
    assert c.probation_ends_on is not None
    if on < c.probation_ends_on:
        return Finding("probation", False, rules.probation_source.cite(
            f"Chưa hết {rules.probation_months} tháng dự bị: thời gian dự bị kết thúc ngày {d(c.probation_ends_on)}, "
            "chi bộ chỉ xét công nhận đảng viên chính thức từ ngày đó."))  # fmt: skip
    return Finding("probation", True, rules.probation_source.cite(
        f"Đã hết {rules.probation_months} tháng dự bị từ ngày {d(c.probation_ends_on)}."))  # fmt: skip


def recognition_vote(ctx: Ctx) -> Outcome:
    c = ctx.candidate
    assert c.member is not None and c.probation_ends_on is not None
    held_on, votes_for, votes_against, number = _vote_input(ctx)
    rules = rules_on(held_on)
    require([probation_finding(rules, c, on=held_on)])
    cell = c.member.organization
    voters = full_members_of_cell_on(cell, held_on).count()
    require(check_vote_counts(voters=voters, votes_for=votes_for, votes_against=votes_against))
    outcome = vote_outcome(rules, voters=voters, votes_for=votes_for, votes_against=votes_against)
    ctx.input.record["outcome"] = outcome
    _vote(ctx, VoteKind.RECOGNITION, held_on, voters, votes_for, votes_against, number)
    if outcome == "passed":
        c.recognition_decision_number = ctx.input.text("recognition_decision_number", "Số quyết định công nhận")
        recognized = ctx.input.date("recognized_on", "Ngày quyết định công nhận", required=False)
        if recognized is not None:
            not_future(ctx, recognized, "recognized_on", "Ngày quyết định công nhận")
            if recognized < held_on:
                raise DomainError("Ngày quyết định công nhận không được trước ngày chi bộ biểu quyết.",
                                  field="recognized_on")  # fmt: skip
        c.recognized_on = recognized
        return Outcome(_make_full(ctx, decision_number=c.recognition_decision_number), held_on, rules)
    if outcome == "rejected":
        reason = "Chi bộ biểu quyết không công nhận đảng viên chính thức"
        return Outcome(_strike_off(ctx, on=held_on, reason=reason, decision_number=number), held_on, rules)
    return Outcome(Stage.PROBATION, held_on, rules)


def higher_decision(ctx: Ctx) -> Outcome:
    c = ctx.candidate
    on = dated(ctx, "on", "Ngày quyết định của cấp ủy cấp trên")
    number = ctx.input.text("decision_number", "Số quyết định", required=True)
    rules = rules_on(on)
    if ctx.input.flag("recognized"):
        c.recognition_decision_number, c.recognized_on = number, on
        return Outcome(_make_full(ctx, decision_number=number), on, rules)
    reason = "Cấp ủy cấp trên quyết định không công nhận đảng viên chính thức"
    return Outcome(_strike_off(ctx, on=on, reason=reason, decision_number=number), on, rules)


def _exit(ctx: Ctx, stage: str) -> Outcome:
    c = ctx.candidate
    on = dated(ctx, "on", "Ngày")
    reason = ctx.input.text("reason", "Lý do", required=True, max_length=REASON_LENGTH)
    if c.stage == Stage.PROBATION:
        return Outcome(_strike_off(ctx, on=on, reason=reason), on)
    c.closed_on, c.closing_reason = on, reason
    return Outcome(stage, on)


def withdraw(ctx: Ctx) -> Outcome:
    return _exit(ctx, Stage.WITHDRAWN)


def reject(ctx: Ctx) -> Outcome:
    return _exit(ctx, Stage.NOT_ADMITTED)


HANDLERS = {
    Step.COURSE: course,
    Step.APPLICATION: application,
    Step.VERIFY: verify,
    Step.SPONSORS: sponsors,
    Step.CELL_VOTE: cell_vote,
    Step.COMMITTEE: committee,
    Step.DECISION: decision,
    Step.CEREMONY: ceremony,
    Step.RECOGNITION_VOTE: recognition_vote,
    Step.HIGHER_DECISION: higher_decision,
    Step.WITHDRAW: withdraw,
    Step.REJECT: reject,
}
