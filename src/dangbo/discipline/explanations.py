"""Why a recorded decision stands as it does, in Vietnamese, each line naming its rule (`Source.cite`): the form for
the subject, the vote, the competent level, the limitation period, the appeal deadline and the appeal, the lapse.
The detail page and the API show these lines; they read the rule set the decision was judged by."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .checks import holds_post, label, percent, subject_class, vn
from .enums import AppealResult, DisciplineState, SubjectClass
from .models import Discipline
from .params import DisciplineRules
from .rules import RulesByDate, rules_in_force, rules_of
from .selectors import lapses_on, later_violations_of, limitation_ends, state_on
from .services import appeal_deadline


@dataclass(frozen=True)
class Line:
    """One explained verdict: a short title, the sentence with its source, and whether it is a concern."""

    code: str
    title: str
    text: str
    warn: bool = False


@dataclass(frozen=True)
class Explained:
    state: str
    state_label: str
    lapses_on: dt.date | None
    appeal_deadline: dt.date
    lines: list[Line]


def rules_for(d: Discipline) -> DisciplineRules:
    """The rule set the decision was judged by; for a decision recorded before it kept one, the set in force on its
    date (the earliest set for a date before every set)."""
    if d.rule_set is not None:
        return rules_of(d.rule_set)
    rules = RulesByDate().on(d.decision_date)
    return rules if rules is not None else rules_in_force(d.decision_date)


def _form_line(d: Discipline, rules: DisciplineRules) -> Line:
    subject = subject_class(d.member, d.decision_date)
    who = SubjectClass(subject).label
    forms = ", ".join(map(label, rules.forms_for(subject)))
    text = f"{who}: hình thức {label(d.form)} thuộc các hình thức áp dụng ({forms})"
    if d.original_form:
        text += f"; hình thức ban đầu là {label(d.original_form)}, đã thay đổi khi giải quyết khiếu nại"
    if d.form in rules.post_required and d.member is not None:
        post = holds_post(d.member, d.decision_date)
        text += f"; ngày quyết định đồng chí giữ chức vụ: {post or 'không ghi nhận'}"
    return Line("form", "Hình thức kỷ luật", rules.forms_source.cite(text) + ".")


def _vote_line(d: Discipline, rules: DisciplineRules) -> Line:
    words = rules.votes[d.form][2]
    if d.votes_for is None or d.voters_entitled is None:
        text = (
            f"Chưa ghi số phiếu biểu quyết (quyết định ghi lại từ hồ sơ giấy); hình thức {label(d.form)} cần {words} "
            "số thành viên có quyền biểu quyết tán thành"
        )
        return Line("vote", "Biểu quyết", rules.votes_source.cite(text) + ".", warn=True)
    text = (
        f"{d.votes_for}/{d.voters_entitled} thành viên có quyền biểu quyết tán thành "
        f"({percent(d.votes_for, d.voters_entitled)}), đạt yêu cầu "
        f"{words} đối với hình thức {label(d.form)}"
    )
    return Line("vote", "Biểu quyết", rules.votes_source.cite(text) + ".")


def _competence_line(d: Discipline, rules: DisciplineRules) -> Line:
    org_subject = d.member_id is None
    source = rules.competence_organization_source if org_subject else rules.competence_member_source
    deciding = d.deciding_organization
    allowed = rules.competent_forms(deciding.kind, organization_subject=org_subject)
    text = (
        f"{deciding.get_kind_display()} “{deciding.name}” quyết định {', '.join(map(label, allowed)) or '—'} "
        f"{'tổ chức đảng cấp dưới' if org_subject else 'đảng viên thuộc phạm vi của mình'}; "
        f"đơn vị của đối tượng khi bị kỷ luật: {d.organization_at_decision.name}"
    )
    return Line("competence", "Cấp có thẩm quyền", source.cite(text) + ".")


def _limitation_line(d: Discipline, rules: DisciplineRules) -> Line:
    concluded = d.concluded_on or d.decision_date
    later = later_violations_of(member=d.member, organization=d.organization, after=d.violation_date)
    ends = limitation_ends(d.violation_date, d.violation_kind, d.form, rules, later_violations=later)
    if d.violation_kind in rules.unlimited_kinds:
        text = f"Không áp dụng thời hiệu: {d.get_violation_kind_display().lower()}"
    elif ends is None:
        text = f"Không áp dụng thời hiệu đối với vi phạm đến mức {label(d.form)}"
    else:
        years = rules.limitation_years[d.form]
        text = (
            f"Vi phạm ngày {vn(d.violation_date)}, đến mức {label(d.form)}: thời hiệu {years} năm, hết ngày {vn(ends)}"
            f" (vi phạm mới trong thời hiệu tính lại từ ngày vi phạm mới); kết luận ngày {vn(concluded)}, trong "
            "thời hiệu"
        )
    return Line("limitation", "Thời hiệu", rules.limitation_source.cite(text) + ".")


def _appeal_line(d: Discipline, rules: DisciplineRules, deadline: dt.date) -> Line:
    start = (
        f"kể từ ngày nhận quyết định {vn(d.received_on)}"
        if d.received_on
        else f"chưa ghi ngày nhận quyết định, tính từ ngày quyết định {vn(d.decision_date)}"
    )
    text = f"Hạn khiếu nại: ngày {vn(deadline)} ({rules.appeal_working_days} ngày làm việc {start})"
    if d.appealed_on is None:
        text += "; chưa có khiếu nại"
    else:
        text += f"; đã khiếu nại ngày {vn(d.appealed_on)}"
        if d.appeal_result:
            text += (
                f"; ngày {vn(d.appeal_decided_on)} quyết định số {d.appeal_decision_number}: "  # type: ignore[arg-type]
                f"{AppealResult(d.appeal_result).label.lower()}"
            )
        else:
            text += ", đang giải quyết: quyết định kỷ luật vẫn có hiệu lực trong thời gian khiếu nại"
    return Line("appeal", "Khiếu nại", rules.appeal_source.cite(text) + ".")


def _lapse_line(d: Discipline, rules: DisciplineRules, lapse: dt.date | None) -> Line:
    if d.appeal_result == AppealResult.ANNULLED:
        text = "Quyết định đã bị hủy bỏ khi giải quyết khiếu nại: không tính là đã bị kỷ luật"
    elif d.form in rules.never_lapse:
        text = f"Hình thức {label(d.form)} không tự chấm dứt hiệu lực"
    elif d.appeal_pending:
        text = f"Chấm dứt hiệu lực {rules.lapse_months} tháng sau ngày giải quyết khiếu nại (đang giải quyết)"
    elif lapse is None:
        text = "Vi phạm mới trước khi hết thời hạn: quyết định còn hiệu lực cùng quyết định kỷ luật sau"
    else:
        base = (
            f"ngày giải quyết khiếu nại {vn(d.appeal_decided_on)}"  # type: ignore[arg-type]
            if d.appeal_result
            else f"ngày quyết định {vn(d.decision_date)}"
        )
        text = (
            f"Chấm dứt hiệu lực từ ngày {vn(lapse)}: {rules.lapse_months} tháng kể từ {base}, nếu không khiếu nại và "
            "không vi phạm mới đến mức phải kỷ luật (có vi phạm mới: chấm dứt cùng quyết định kỷ luật sau)"
        )
    return Line("lapse", "Chấm dứt hiệu lực", rules.lapse_source.cite(text) + ".")


def explain(d: Discipline, *, on: dt.date) -> Explained:
    """Every line for the decision, and where it stands on `on`."""
    rules = rules_for(d)
    lapse = lapses_on(d)
    deadline = appeal_deadline(d, rules)
    state = state_on(d, on, lapse)
    lines = [
        _form_line(d, rules),
        _vote_line(d, rules),
        _competence_line(d, rules),
        _limitation_line(d, rules),
        _appeal_line(d, rules, deadline),
        _lapse_line(d, rules, lapse),
    ]
    return Explained(state, str(DisciplineState(state).label), lapse, deadline, lines)
