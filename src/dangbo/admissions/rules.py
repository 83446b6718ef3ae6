"""The admission rules as data and their checks (rules.md §2, rules-2025.md §1).

`rules_on(day)` gives the rule set in force on a day as `AdmissionRules` (parsed `AdmissionRuleSet.params`);
each check returns `Finding`s: a Vietnamese sentence that names the rule and its source document. The checks
are pure functions over the rules and plain values, so they are tested at their boundaries without a database.
Each check returns its passed verdicts too (`ok` True), so a page can show why a step was allowed;
`require(findings)` raises `RuleRefusal` with the broken ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from dangbo.core.dates import add_months, age_on, full_months_between
from dangbo.core.errors import DomainError
from dangbo.members.enums import Education, MemberStatus

from .enums import Acquaintance, ConsentKind, ExitReason
from .models import AdmissionRuleSet
from .params import EDUCATION_ORDER, AdmissionRules, ParamsError, Source, parse_params

__all__ = [
    "AdmissionRules",
    "Finding",
    "ParamsError",
    "RuleRefusal",
    "Source",
    "SponsorFacts",
    "check_admission_vote",
    "check_age",
    "check_certificate",
    "check_education",
    "check_readmission_allowed",
    "check_readmission_timing",
    "check_sponsors",
    "check_vote_counts",
    "is_youth",
    "require",
    "rules_of",
    "rules_on",
    "vote_outcome",
]


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one candidacy: `ok` False refuses the step. `rule` is the rule's short code
    (e.g. "age"), `message` the Vietnamese explanation ending with its source ("… (Quy định 294-QĐ/TW)")."""

    rule: str
    ok: bool
    message: str


class RuleRefusal(DomainError):
    """A step broke one or more admission rules; nothing was saved. `findings` lists every broken rule."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings), code="rules")
        self.findings = findings


def require(findings: Iterable[Finding]) -> None:
    """Raise `RuleRefusal` with every broken rule among `findings`."""
    broken = [f for f in findings if not f.ok]
    if broken:
        raise RuleRefusal(broken)


def rules_of(rule_set: AdmissionRuleSet) -> AdmissionRules:
    """The rule set's parameters, checked (`ParamsError` when an administrator left them invalid)."""
    return parse_params(
        rule_set.params,
        citation=rule_set.citation,
        code=rule_set.code,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        rule_set_id=rule_set.pk,
    )


def rules_on(day: dt.date) -> AdmissionRules:
    """The admission rules in force on `day` (the latest rule set that started by then and has not ended)."""
    rule_set = AdmissionRuleSet.objects.in_force_on(day).first()
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc kết nạp nào áp dụng cho ngày {day:%d/%m/%Y}.", code="no_rules")
    try:
        return rules_of(rule_set)
    except ParamsError as exc:
        raise DomainError(
            f"Bộ quy tắc kết nạp “{rule_set.code}” có tham số không hợp lệ: {'; '.join(exc.errors)}", code="no_rules"
        ) from exc


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _age_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years} tuổi {rest} tháng" if rest else f"{years} tuổi"


def _finding(rule: str, ok: bool, source: Source, statement: str) -> Finding:
    return Finding(rule=rule, ok=ok, message=source.cite(statement))


def check_age(rules: AdmissionRules, *, birth_date: dt.date, on: dt.date, consents: set[str]) -> list[Finding]:
    """Age in full months on the day the cell considers the person: from the minimum to the maximum; above the
    maximum only with the provincial standing committee's written consent attached (consent OVER_AGE)."""
    months = full_months_between(birth_date, on)
    low, high, src = rules.min_age_months, rules.max_age_months, rules.age_source
    limits = f"từ đủ {_age_text(low)} đến {_age_text(high)} (tính đủ tháng) khi chi bộ xét"
    if months < low:
        return [_finding("age", False, src, f"Người vào Đảng phải {limits}; ngày {_d(on)} mới {_age_text(months)}.")]
    if months <= high:
        return [_finding("age", True, src, f"Tuổi khi chi bộ xét ({_age_text(months)}) trong khoảng {limits}.")]
    if ConsentKind.OVER_AGE in consents:
        return [
            _finding(
                "age", True, src, f"Trên {_age_text(high)} ({_age_text(months)}): có văn bản đồng ý của Ban Thường vụ "
                "Tỉnh ủy kèm hồ sơ.",
            )
        ]  # fmt: skip
    return [
        _finding(
            "age", False, src, f"Người vào Đảng phải {limits}; ngày {_d(on)} đã {_age_text(months)}. Trên "
            f"{_age_text(high)} chỉ được xem xét khi có văn bản đồng ý của Ban Thường vụ Tỉnh ủy kèm hồ sơ.",
        )
    ]  # fmt: skip


def check_education(rules: AdmissionRules, *, education: str, hard_area: bool, consents: set[str]) -> list[Finding]:
    """At least the minimum level (lower secondary); in a hard area the lower level (primary) with the provincial
    standing committee's written consent attached (consent EDUCATION)."""
    src, need = rules.education_source, rules.min_education
    need_label, hard_label = Education(need).label, Education(rules.hard_area_min_education).label
    if education not in EDUCATION_ORDER:
        return [_finding("education", False, src, "Chưa ghi trình độ học vấn của người vào Đảng.")]
    rank = EDUCATION_ORDER.index(education)
    label = Education(education).label
    if rank >= EDUCATION_ORDER.index(need):
        return [_finding("education", True, src, f"Trình độ học vấn {label}: đạt mức tối thiểu {need_label}.")]
    hard_ok = rank >= EDUCATION_ORDER.index(rules.hard_area_min_education)
    if hard_area and hard_ok and ConsentKind.EDUCATION in consents:
        return [
            _finding(
                "education", True, src, f"Trình độ học vấn {label} ở vùng khó khăn, có văn bản đồng ý của Ban Thường "
                "vụ Tỉnh ủy.",
            )
        ]  # fmt: skip
    if hard_area and hard_ok:
        statement = (
            f"Trình độ học vấn {label} ở vùng khó khăn chỉ được xem xét khi có văn bản đồng ý của Ban Thường vụ "
            "Tỉnh ủy kèm hồ sơ."
        )
    else:
        statement = (
            f"Người vào Đảng phải có trình độ học vấn từ {need_label} trở lên (ở vùng khó khăn: từ {hard_label}, có "
            f"văn bản đồng ý của Ban Thường vụ Tỉnh ủy); hiện ghi {label}."
        )
    return [_finding("education", False, src, statement)]


def check_certificate(rules: AdmissionRules, *, course_passed_on: dt.date | None, on: dt.date) -> list[Finding]:
    """The awareness-course certificate is on file and still valid on `on` (the cell's vote): it expires on the
    same day `certificate_valid_months` later."""
    src, months = rules.certificate_source, rules.certificate_valid_months
    if course_passed_on is None:
        return [_finding("certificate", False, src, "Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng.")]
    expires = add_months(course_passed_on, months)
    if on >= expires:
        return [
            _finding(
                "certificate", False, src, f"Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng cấp ngày "
                f"{_d(course_passed_on)} có giá trị {months} tháng, đã hết hạn từ ngày {_d(expires)}.",
            )
        ]  # fmt: skip
    return [
        _finding(
            "certificate", True, src, f"Giấy chứng nhận học lớp bồi dưỡng cấp ngày {_d(course_passed_on)} còn giá trị "
            f"đến hết ngày {_d(expires - dt.timedelta(days=1))}.",
        )
    ]  # fmt: skip


def is_youth(rules: AdmissionRules, *, birth_date: dt.date, on: dt.date) -> bool:
    """Within the youth age (the Youth Union may stand for one sponsor)."""
    return age_on(birth_date, on) <= rules.youth_max_age


@dataclass(frozen=True)
class SponsorFacts:
    """What the sponsor rule needs to know about one sponsor on the day the sponsors are recorded."""

    name: str
    status: str  # the member's status that day (MemberStatus value, "" when not a member then)
    same_grassroots: bool  # in a cell of the candidate's grassroots organization that day
    acquaintance: str  # Acquaintance value
    known_since: dt.date


def check_sponsors(
    rules: AdmissionRules,
    *,
    sponsors: list[SponsorFacts],
    on: dt.date,
    birth_date: dt.date,
    youth_union_resolution: bool,
) -> list[Finding]:
    """Each sponsor a full member that day (not probationary), in the same grassroots organization, knowing the
    candidate by work, study or (when the rules allow) residence for at least `sponsor_known_months`; as many
    as `sponsor_count`, or for a youth-age candidate the Youth Union's resolution plus one."""
    src, months = rules.sponsor_source, rules.sponsor_known_months
    out: list[Finding] = []
    for s in sponsors:
        if s.status != MemberStatus.FULL:
            state = MemberStatus(s.status).label.lower() if s.status in MemberStatus.values else "không phải đảng viên"
            out.append(
                _finding("sponsor_full", False, src, f"Người giới thiệu {s.name} phải là đảng viên chính thức; ngày "
                         f"{_d(on)} là {state}.")
            )  # fmt: skip
        if not s.same_grassroots:
            out.append(
                _finding("sponsor_org", False, src, f"Người giới thiệu {s.name} phải sinh hoạt trong cùng đảng bộ, "
                         "chi bộ cơ sở với người vào Đảng.")
            )  # fmt: skip
        if s.acquaintance == Acquaintance.RESIDENCE and not rules.residence_allowed:
            out.append(
                _finding("sponsor_residence", False, src, f"Người giới thiệu {s.name}: quy định này chưa cho phép "
                         "giới thiệu vì cùng cư trú (chỉ cùng công tác, học tập).")
            )  # fmt: skip
        known = full_months_between(s.known_since, on) if s.known_since <= on else -1
        if known < months:
            shown = max(known, 0)
            out.append(
                _finding("sponsor_known", False, src, f"Người giới thiệu {s.name} phải cùng công tác, học tập"
                         f"{' hoặc cư trú' if rules.residence_allowed else ''} với người vào Đảng ít nhất {months} "
                         f"tháng; tính đến ngày {_d(on)} mới {shown} tháng.")
            )  # fmt: skip
    youth = youth_union_resolution and is_youth(rules, birth_date=birth_date, on=on)
    needed = max(rules.sponsor_count - 1, 1) if youth else rules.sponsor_count
    if len(sponsors) < needed:
        if youth_union_resolution and not youth:
            extra = (
                " Nghị quyết của Đoàn chỉ thay một người giới thiệu khi người vào Đảng từ "
                f"{rules.youth_max_age} tuổi trở xuống."
            )
            src_youth = rules.youth_source
            out.append(_finding("sponsor_count", False, src_youth, f"Cần {needed} đảng viên chính thức giới thiệu."
                                f"{extra}"))  # fmt: skip
        else:
            out.append(
                _finding("sponsor_count", False, src, f"Cần {needed} đảng viên chính thức giới thiệu"
                         f"{' (cùng nghị quyết giới thiệu của Đoàn)' if youth else ''}; mới có {len(sponsors)}.")
            )  # fmt: skip
    if not any(not f.ok for f in out):
        how = "nghị quyết giới thiệu của Đoàn và " if youth else ""
        statement = f"Có {how}{len(sponsors)} đảng viên chính thức giới thiệu đủ điều kiện."
        out.append(_finding("sponsors", True, src, statement))
    return out


def check_vote_counts(*, voters: int, votes_for: int, votes_against: int) -> list[Finding]:
    """Counts that cannot be: more votes than the cell's full members, negative counts, no voters."""
    src = Source("Điều lệ Đảng; Quy định thi hành Điều lệ Đảng")
    if votes_for < 0 or votes_against < 0:
        return [_finding("vote_counts", False, src, "Số phiếu không được âm.")]
    if voters <= 0:
        return [_finding("vote_counts", False, src, "Chi bộ không có đảng viên chính thức nào vào ngày họp.")]
    if votes_for + votes_against > voters:
        return [
            _finding(
                "vote_counts", False, src, f"Số tán thành ({votes_for}) và không tán thành ({votes_against}) cộng lại "
                f"vượt số đảng viên chính thức của chi bộ ({voters}); đảng viên dự bị không biểu quyết.",
            )
        ]  # fmt: skip
    return []


def vote_outcome(rules: AdmissionRules, *, voters: int, votes_for: int, votes_against: int) -> str:
    """ "passed" (for ≥ 2/3 of voters), "rejected" (against ≥ 2/3) or "inconclusive"."""
    if rules.passes(votes_for, voters):
        return "passed"
    if rules.passes(votes_against, voters):
        return "rejected"
    return "inconclusive"


def check_admission_vote(rules: AdmissionRules, *, voters: int, votes_for: int, votes_against: int) -> list[Finding]:
    """The cell's vote to propose admission: at least the fraction (2/3) of its full members in favour."""
    counts = check_vote_counts(voters=voters, votes_for=votes_for, votes_against=votes_against)
    if counts:
        return counts
    ok = rules.passes(votes_for, voters)
    verdict = "đạt" if ok else "chưa đạt"
    return [
        _finding(
            "vote", ok, rules.vote_source, f"Biểu quyết {votes_for}/{voters} đảng viên chính thức tán thành: {verdict} "
            f"tỷ lệ ít nhất {rules.vote_fraction} số đảng viên chính thức của chi bộ.",
        )
    ]  # fmt: skip


def check_readmission_allowed(rules: AdmissionRules, *, exit_reason: str, earlier_readmissions: int) -> list[Finding]:
    """What bars re-admission for good: one of the barred exit reasons, or the re-admissions already used."""
    src, out = rules.readmission_source, []
    if exit_reason in rules.readmission_barred_reasons:
        out.append(
            _finding("readmission_barred", False, src, f"Không xem xét kết nạp lại người đã ra khỏi Đảng vì lý do "
                     f"“{ExitReason(exit_reason).label}”.")
        )  # fmt: skip
    if earlier_readmissions >= rules.readmission_max_times:
        out.append(
            _finding("readmission_once", False, src, f"Chỉ được kết nạp lại {rules.readmission_max_times} lần; người "
                     "này đã được kết nạp lại trước đây.")
        )  # fmt: skip
    return out


def check_readmission_timing(
    rules: AdmissionRules,
    *,
    left_party_on: dt.date | None,
    exit_reason: str,
    record_cleared_on: dt.date | None,
    on: dt.date,
    consents: set[str],
) -> list[Finding]:
    """On the cell's review: at least `readmission_wait_months` since leaving, `readmission_cleared_record_months`
    since a cleared record for a less serious crime, and the provincial consent attached (consent READMISSION)."""
    src, out = rules.readmission_source, []
    if left_party_on is None:
        return [_finding("readmission_wait", False, src, "Chưa ghi ngày ra khỏi Đảng của người xin kết nạp lại.")]
    months, wait = full_months_between(left_party_on, on), rules.readmission_wait_months
    if on < left_party_on or months < wait:
        out.append(
            _finding("readmission_wait", False, src, f"Kết nạp lại phải sau ít nhất {wait} tháng kể từ ngày ra khỏi "
                     f"Đảng ({_d(left_party_on)}); đến ngày {_d(on)} mới {max(months, 0)} tháng.")
        )  # fmt: skip
    if exit_reason == ExitReason.LESS_SERIOUS_CRIME:
        cleared_wait = rules.readmission_cleared_record_months
        if record_cleared_on is None:
            out.append(_finding("readmission_record", False, src, "Chưa ghi ngày được xóa án tích."))
        elif on < record_cleared_on or full_months_between(record_cleared_on, on) < cleared_wait:
            out.append(
                _finding("readmission_record", False, src, f"Kết nạp lại người bị kết án về tội ít nghiêm trọng phải "
                         f"sau ít nhất {cleared_wait} tháng kể từ ngày được xóa án tích ({_d(record_cleared_on)}).")
            )  # fmt: skip
    if ConsentKind.READMISSION not in consents:
        out.append(
            _finding("readmission_consent", False, src, "Kết nạp lại cần văn bản đồng ý của Ban Thường vụ Tỉnh ủy kèm "
                     "hồ sơ.")
        )  # fmt: skip
    if not out:
        out.append(_finding("readmission", True, src, "Đủ điều kiện thời gian và có văn bản đồng ý để kết nạp lại."))
    return out
