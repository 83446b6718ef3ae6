"""The verdict engine of the yearly quality rating: pure functions over plain values.

`evaluate(rule_set, facts, proposed_level=..., sheet=...)` answers, for one subject (a member, a
cell or a grassroots organization) and one year: is the subject rated at all, which levels the rules
allow, whether a level is forced, which level the 100-point sheet proposes, and why — each `Reason`
with a Vietnamese explanation that names the rule and its source document. `check_excellent_cap`
answers whether one more "excellent" fits under the cap. Nothing here reads the database: callers
build `SubjectFacts` and `RuleSetData` (see `RuleSet.as_data()`), so every rule is testable alone.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal

from dangbo.core.dates import full_months_between
from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus

from .enums import COLLECTIVE_KINDS, LEVEL_ORDER, Level, RatingMethod, SubjectKind, level_rank
from .params import RuleSetData
from .scoring import (
    CriterionScore,
    ScoreSheet,
    TaskFacts,
    check_pct,
    score_level,
    score_rule_of,
    sheet_from_scores,
    validate_sheet,
)
from .verdicts import Reason, ReasonKind, Verdict, vn_date, vn_number

_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class DisciplineFact:
    """A discipline decision against the subject. It counts in the year of its decision date."""

    decision_date: dt.date
    form: str = ""
    violation_date: dt.date | None = None
    # The violation was already counted in an earlier year's rating (one violation is counted once).
    counted_in_earlier_rating: bool = False


@dataclass(frozen=True)
class SubjectFacts:
    """What the rules need to know about one subject for one year."""

    kind: SubjectKind
    year: int
    rating_date: dt.date
    status: str = ""  # a member's status on the rating date (MemberStatus value)
    suspended: bool = False  # a member suspended from party activities on the rating date
    # The records that decided it, in one sentence each ("đình chỉ sinh hoạt đảng từ … theo Quyết định số …").
    suspended_by: str = ""
    exempt_by: str = ""
    admitted_on: dt.date | None = None  # a member's admission decision date
    founded_on: dt.date | None = None  # an organization's founding date
    disciplines: tuple[DisciplineFact, ...] = ()  # of the subject itself (any year; only `year` counts)
    sick_leave_months: Decimal = Decimal(0)
    targets_met_pct: Decimal | None = None
    degeneration: bool = False
    # Collectives only:
    leadership_disciplined: bool = False  # the leadership (committee) as a collective was disciplined
    leadership_members_disciplined: int = 0  # members of the committee disciplined in the year
    subordinate_units: int = 0
    subordinate_units_disciplined: int = 0  # subordinate units disciplined in the year
    self_remedied: bool = False  # the collective found and remedied the fault itself
    # A member's tasks of the year given by the cell (None: no task recorded; the sheet's typed figures count).
    tasks: TaskFacts | None = None

    @property
    def is_collective(self) -> bool:
        return self.kind in COLLECTIVE_KINDS


def _validate_facts(facts: SubjectFacts) -> None:
    check_pct(facts.targets_met_pct, "Tỷ lệ hoàn thành chỉ tiêu, nhiệm vụ")
    if facts.sick_leave_months < 0 or facts.sick_leave_months > 12:
        raise DomainError("Số tháng nghỉ ốm trong năm phải từ 0 đến 12.")
    if not 0 <= facts.subordinate_units_disciplined <= facts.subordinate_units:
        raise DomainError("Số tổ chức đảng trực thuộc bị kỷ luật không được vượt số tổ chức đảng trực thuộc.")
    if facts.leadership_members_disciplined < 0:
        raise DomainError("Số cấp ủy viên bị kỷ luật không được âm.")
    t = facts.tasks
    if t is not None and (
        min(t.assigned, t.on_time, t.exceeded, t.late, t.not_done) < 0 or t.exceeded > t.on_time or t.pending < 0
    ):
        raise DomainError("Số nhiệm vụ theo kết quả không khớp với số nhiệm vụ được giao.")


def _not_rated_reasons(rule_set: RuleSetData, facts: SubjectFacts) -> list[Reason]:
    rule = rule_set.params.not_rated
    out: list[Reason] = []

    def add(code: str, fact: str, statement: str) -> None:
        out.append(Reason(ReasonKind.NOT_RATED, f"not_rated.{code}", fact, statement, rule.citation))

    if facts.kind == SubjectKind.MEMBER:
        if rule.exempt and facts.status == MemberStatus.EXEMPT:
            add(
                "exempt",
                f"đảng viên được {facts.exempt_by}"
                if facts.exempt_by
                else "đảng viên đang được miễn công tác và sinh hoạt đảng",
                "đảng viên được miễn công tác và sinh hoạt đảng thì không xếp loại chất lượng, vẫn tự kiểm điểm",
            )
        if rule.suspended and facts.suspended:
            add(
                "suspended",
                f"đảng viên bị {facts.suspended_by}"
                if facts.suspended_by
                else "đảng viên đang bị đình chỉ sinh hoạt đảng",
                "đảng viên bị đình chỉ sinh hoạt đảng thì không xếp loại chất lượng, vẫn tự kiểm điểm",
            )
        months = rule.admitted_within_months
        if (
            months
            and facts.admitted_on is not None
            and full_months_between(facts.admitted_on, facts.rating_date) < months
        ):
            add(
                "admitted_recently",
                f"được kết nạp ngày {vn_date(facts.admitted_on)}, chưa đủ {months} tháng đến ngày đánh giá "
                f"{vn_date(facts.rating_date)}",
                f"đảng viên mới được kết nạp chưa đủ {months} tháng thì không xếp loại chất lượng, vẫn tự kiểm điểm",
            )
    else:
        months = rule.founded_within_months
        if (
            months
            and facts.founded_on is not None
            and full_months_between(facts.founded_on, facts.rating_date) < months
        ):
            add(
                "founded_recently",
                f"tổ chức đảng thành lập ngày {vn_date(facts.founded_on)}, chưa đủ {months} tháng đến ngày đánh giá "
                f"{vn_date(facts.rating_date)}",
                f"tổ chức đảng mới thành lập chưa đủ {months} tháng thì không xếp loại chất lượng",
            )
    return out


def _forced_reasons(rule_set: RuleSetData, facts: SubjectFacts) -> list[Reason]:
    rule = rule_set.params.forced_unfulfilled
    out: list[Reason] = []
    unfulfilled = Level.UNFULFILLED

    def add(code: str, fact: str, statement: str, kind: ReasonKind = ReasonKind.FORCED) -> None:
        max_level = unfulfilled if kind == ReasonKind.FORCED else None
        out.append(Reason(kind, f"forced_unfulfilled.{code}", fact, statement, rule.citation, max_level))

    if rule.disciplined_in_year:
        for d in sorted(facts.disciplines, key=lambda d: d.decision_date):
            if d.decision_date.year != facts.year:
                continue
            if d.counted_in_earlier_rating:
                add(
                    "disciplined_in_year",
                    f"quyết định kỷ luật ngày {vn_date(d.decision_date)} xử lý vi phạm đã tính khi xếp loại năm "
                    "trước, không tính lại",
                    "một hành vi vi phạm chỉ tính một lần khi xếp loại",
                    ReasonKind.NOTE,
                )
                continue
            add(
                "disciplined_in_year",
                f"bị kỷ luật ngày {vn_date(d.decision_date)}",
                f"bị kỷ luật trong năm thì xếp loại {unfulfilled.label}",
            )
    threshold = rule.targets_met_below_pct
    if facts.targets_met_pct is not None and threshold > 0 and facts.targets_met_pct < threshold:
        add(
            "targets_met",
            f"chỉ hoàn thành {vn_number(facts.targets_met_pct)}% chỉ tiêu, nhiệm vụ",
            f"hoàn thành dưới {vn_number(threshold)}% chỉ tiêu, nhiệm vụ thì xếp loại {unfulfilled.label}",
        )
    if rule.degeneration and facts.degeneration:
        add(
            "degeneration",
            "có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn biến”, “tự chuyển hóa”",
            f"có biểu hiện suy thoái, “tự diễn biến”, “tự chuyển hóa” thì xếp loại {unfulfilled.label}",
        )
    if facts.is_collective:
        if rule.leadership_disciplined and facts.leadership_disciplined:
            add(
                "leadership_disciplined",
                "tập thể cấp ủy bị kỷ luật trong năm",
                f"tập thể lãnh đạo bị kỷ luật thì tổ chức đảng xếp loại {unfulfilled.label}",
            )
        over = rule.subordinate_units_disciplined_over_pct
        units, hit = facts.subordinate_units, facts.subordinate_units_disciplined
        # Exact comparison (hit/units > over%) avoids rounding the share at the boundary.
        if units and hit * _HUNDRED > over * units:
            share = (Decimal(hit) * _HUNDRED / Decimal(units)).quantize(Decimal("0.1"))
            add(
                "subordinate_units_disciplined",
                f"{hit}/{units} tổ chức đảng trực thuộc ({vn_number(share)}%) bị kỷ luật trong năm",
                f"trên {vn_number(over)}% tổ chức đảng trực thuộc bị kỷ luật thì xếp loại {unfulfilled.label}",
            )
    return out


def _cap_reasons(rule_set: RuleSetData, facts: SubjectFacts) -> list[Reason]:
    out: list[Reason] = []
    sick = rule_set.params.sick_leave
    if facts.kind == SubjectKind.MEMBER and facts.sick_leave_months >= sick.min_months:
        above = LEVEL_ORDER[level_rank(sick.max_level) - 1] if level_rank(sick.max_level) else sick.max_level
        out.append(
            Reason(
                ReasonKind.CAP,
                "sick_leave",
                f"nghỉ ốm {vn_number(facts.sick_leave_months)} tháng trong năm",
                f"nghỉ ốm từ {vn_number(sick.min_months)} tháng trở lên trong năm thì không xếp loại {above.label} "
                "trở lên",
                sick.citation,
                sick.max_level,
            )
        )
    rule = rule_set.params.collective_discipline
    if facts.is_collective and rule.enabled:
        parts = []
        if facts.subordinate_units_disciplined:
            parts.append(f"{facts.subordinate_units_disciplined} tổ chức đảng trực thuộc")
        if facts.leadership_members_disciplined:
            parts.append(f"{facts.leadership_members_disciplined} cấp ủy viên")
        if parts:
            above = LEVEL_ORDER[level_rank(rule.max_level) - 1] if level_rank(rule.max_level) else rule.max_level
            statement = (
                f"tổ chức đảng có tổ chức đảng trực thuộc hoặc cấp ủy viên bị kỷ luật trong năm thì không xếp loại "
                f"{above.label} trở lên" + (", trừ khi tự phát hiện và khắc phục" if rule.self_remedied_exempt else "")
            )
            fact = f"có {' và '.join(parts)} bị kỷ luật trong năm"
            if facts.self_remedied and rule.self_remedied_exempt:
                out.append(
                    Reason(
                        ReasonKind.NOTE,
                        "collective_discipline.self_remedied",
                        f"{fact}, nhưng tập thể đã tự phát hiện và khắc phục nên không bị hạ mức",
                        statement,
                        rule.citation,
                    )
                )
            else:
                out.append(
                    Reason(ReasonKind.CAP, "collective_discipline", fact, statement, rule.citation, rule.max_level)
                )
    return out


def _tasks_note(rule_set: RuleSetData, facts: SubjectFacts) -> Reason | None:
    """Under the 100-point rules, a member with tasks given by the cell this year is judged on those tasks: the
    note says where the figures come from (the figures typed on the sheet are not used)."""
    tasks = facts.tasks
    score = rule_set.params.score
    if tasks is None or not tasks.assigned or score is None or rule_set.method != RatingMethod.SCORE_100:
        return None
    parts = [
        f"{tasks.on_time} đúng tiến độ (trong đó {tasks.exceeded} vượt mức)",
        f"{tasks.late} chậm tiến độ",
        f"{tasks.not_done} không hoàn thành",
    ]
    if tasks.pending:
        parts.append(f"{tasks.pending} chưa ghi kết quả cuối năm (chưa tính là đúng tiến độ)")
    fact = (
        f"tỷ lệ nhiệm vụ tính từ {tasks.assigned} nhiệm vụ chi bộ giao năm {facts.year} (Phân công nhiệm vụ): "
        + ", ".join(parts)
        + "; tỷ lệ ghi trên phiếu không dùng"
    )
    statement = "xếp loại theo tỷ lệ nhiệm vụ hoàn thành đúng tiến độ, vượt mức, chậm tiến độ trong năm"
    return Reason(ReasonKind.NOTE, "score.tasks", fact, statement, score.citation)


def evaluate(
    rule_set: RuleSetData,
    facts: SubjectFacts,
    *,
    proposed_level: str | None = None,
    sheet: ScoreSheet | None = None,
) -> Verdict:
    """The verdict for one subject and one year under `rule_set`.

    Steps: validate the facts (and the sheet) and that the rule set is the one in force on 31/12 of
    the year; the not-rated conditions end the verdict early (no
    level allowed); the forced-unfulfilled triggers; the caps (sick leave, a collective's disciplined
    units or leaders); under the 100-point method the band the sheet reaches (a higher level than the
    sheet's band is not allowed); the allowed levels are those at or below every limit.
    """
    _validate_facts(facts)
    year_end = dt.date(facts.year, 12, 31)
    if year_end < rule_set.effective_from or (rule_set.effective_to is not None and year_end > rule_set.effective_to):
        raise DomainError(
            f"Bộ quy tắc {rule_set.code} không có hiệu lực ngày {vn_date(year_end)}: không dùng để xếp loại năm "
            f"{facts.year}."
        )
    if proposed_level is not None and proposed_level not in Level.values:
        raise DomainError(f"Mức xếp loại “{proposed_level}” không hợp lệ.", field="level")
    if sheet is not None:
        score_rule_of(rule_set)
        validate_sheet(sheet)

    not_rated = _not_rated_reasons(rule_set, facts)
    if not_rated:
        return Verdict(rule_set.code, True, (), None, None, sheet.total if sheet else None, tuple(not_rated))

    reasons = _forced_reasons(rule_set, facts) + _cap_reasons(rule_set, facts)
    proposed = Level(proposed_level) if proposed_level is not None else None
    tasks_note = _tasks_note(rule_set, facts)
    if tasks_note is not None:
        reasons.append(tasks_note)
        if sheet is not None and facts.tasks is not None:
            sheet = sheet.with_tasks(facts.tasks)
    if sheet is not None:
        proposed, score_reasons = score_level(rule_set, facts.kind, sheet)
        reasons += score_reasons
    limits = [r.max_level for r in reasons if r.max_level is not None and r.kind != ReasonKind.NOTE]
    floor_rank = max((level_rank(lv) for lv in limits), default=0)
    allowed = LEVEL_ORDER[floor_rank:]
    forced = Level.UNFULFILLED if any(r.kind == ReasonKind.FORCED for r in reasons) else None
    return Verdict(
        rule_set_code=rule_set.code,
        not_rated=False,
        allowed_levels=allowed,
        forced_level=forced,
        proposed_level=proposed,
        score=sheet.total if sheet is not None else None,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class CapCheck:
    allowed: bool  # one more "excellent" fits
    limit: int
    used: int
    remaining: int
    message: str


def check_excellent_cap(rule_set: RuleSetData, good_or_better_count: int, excellent_count: int) -> CapCheck:
    """Whether one more "excellent" fits under the cap within one cap scope.

    `good_or_better_count` counts everyone in the scope rated good or excellent, the subject being
    decided included; `excellent_count` counts the excellents already given, without it. The limit is
    floor(ratio × good_or_better_count): "excellent ≤ 20%" allows 1 in 5, 1 in 9, 2 in 10.
    """
    if good_or_better_count < 0 or excellent_count < 0:
        raise DomainError("Số lượng xếp loại không được âm.")
    rule = rule_set.params.excellent_cap
    limit = math.floor(rule.ratio * good_or_better_count)
    remaining = max(0, limit - excellent_count)
    pct = vn_number(rule.ratio * _HUNDRED)
    statement = f"tối đa {pct}% số được xếp loại {Level.GOOD.label} trở lên"
    message = (
        f"Đã dùng {excellent_count}/{limit} suất {Level.EXCELLENT.label} "
        f"({statement}; {rule.citation.source}{rule.citation.assumption}). Còn lại {remaining} suất."
    )
    return CapCheck(allowed=remaining > 0, limit=limit, used=excellent_count, remaining=remaining, message=message)


__all__ = [
    "CapCheck",
    "CriterionScore",
    "DisciplineFact",
    "Reason",
    "ReasonKind",
    "ScoreSheet",
    "SubjectFacts",
    "TaskFacts",
    "Verdict",
    "check_excellent_cap",
    "evaluate",
    "score_level",
    "sheet_from_scores",
    "validate_sheet",
]
