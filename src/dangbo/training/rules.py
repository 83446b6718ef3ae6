"""The training rule set in force on a day, and the pure sentences the pages and lists show: how long a
certificate is valid, and why a person still needs a course. No database besides `rules_in_force`."""

from __future__ import annotations

import datetime as dt

from dangbo.core.dates import add_months
from dangbo.core.errors import DomainError

from .enums import CourseKind
from .models import TrainingRuleSet
from .params import ParamsError, TrainingRules, parse_params


def d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def rules_of(rule_set: TrainingRuleSet) -> TrainingRules:
    return parse_params(rule_set.params, citation=rule_set.citation, code=rule_set.code, rule_set_id=rule_set.pk)


def rules_in_force(day: dt.date) -> TrainingRules:
    """The training rule set in force on `day`. Refuses (DomainError) when none is, or when its parameters are
    invalid: a validity is never computed from made-up numbers."""
    rule_set = TrainingRuleSet.objects.in_force_on(day).first()
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc đào tạo, bồi dưỡng nào có hiệu lực ngày {d(day)}.")
    try:
        return rules_of(rule_set)
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc đào tạo, bồi dưỡng “{rule_set.code}” có tham số không hợp lệ: {exc}") from exc


def validity_sentence(rules: TrainingRules, kind: str, issued_on: dt.date) -> str:
    """Why a certificate of `kind` issued on `issued_on` is valid until the day it is, citing the rule."""
    validity = rules.validity(kind)
    label = CourseKind(kind).label
    if validity.valid_months is None:
        return validity.source.cite(f"Giấy chứng nhận lớp “{label}” không có thời hạn")
    until = validity.valid_until(issued_on)
    assert until is not None
    return validity.source.cite(
        f"Giấy chứng nhận lớp “{label}” có giá trị {validity.valid_months} tháng kể từ ngày cấp {d(issued_on)}, "
        f"đến hết ngày {d(until)}"
    )


def new_member_due_on(rules: TrainingRules, admitted_on: dt.date) -> dt.date:
    """The day by which a member admitted on `admitted_on` should have finished the new-member course."""
    return add_months(admitted_on, rules.new_member_due_months)


def new_member_reason(rules: TrainingRules, *, admitted_on: dt.date, on: dt.date, studying: str | None) -> str:
    """Why a member admitted on `admitted_on` is listed on `on` as needing the new-member course."""
    due = new_member_due_on(rules, admitted_on)
    when = f"đã quá hạn từ ngày {d(due)}" if on >= due else f"hạn đến trước ngày {d(due)}"
    doing = f" Đang học: {studying}." if studying else ""
    return (
        rules.new_member_source.cite(
            f"Kết nạp ngày {d(admitted_on)}, chưa có kết quả đạt lớp “{CourseKind.NEW_MEMBER.label}”; đảng viên phải "
            f"học xong trong {rules.new_member_due_months} tháng dự bị ({when})"
        )
        + "."
        + doing
    )


def refresher_reason(
    rules: TrainingRules, *, cell: str, since: dt.date, last_valid_until: dt.date | None, on: dt.date
) -> str:
    """Why a cell secretary is listed on `on` as needing the refresher course."""
    validity = rules.validity(CourseKind.SECRETARY_REFRESHER)
    if last_valid_until is None:
        have = "chưa có giấy chứng nhận bồi dưỡng nghiệp vụ công tác đảng"
    else:
        have = f"giấy chứng nhận bồi dưỡng nghiệp vụ gần nhất đã hết giá trị sau ngày {d(last_valid_until)}"
    months = f"{validity.valid_months} tháng" if validity.valid_months else "không thời hạn"
    return (
        validity.source.cite(
            f"Bí thư {cell} từ ngày {d(since)}, {have} (giấy chứng nhận có giá trị {months}; xét ngày {d(on)})"
        )
        + "."
    )


def theory_reason(rules: TrainingRules, *, level_label: str, min_label: str) -> str:
    """Why a member is listed as needing a political theory course."""
    return (
        rules.theory_source.cite(
            f"Trình độ lý luận chính trị hiện ghi: {level_label}; đảng viên cần đạt từ {min_label} trở lên"
        )
        + "."
    )


def rules_for_certificate(issued_on: dt.date) -> tuple[TrainingRules, str]:
    """The rule set a certificate issued on `issued_on` is valid by: the one in force that day; for a certificate
    older than every rule set, the earliest one (the second value says so, to add to the explanation)."""
    rule_set = TrainingRuleSet.objects.in_force_on(issued_on).first()
    note = ""
    if rule_set is None:
        rule_set = TrainingRuleSet.objects.filter(effective_from__gt=issued_on).order_by("effective_from").first()
        note = " Ngày cấp trước mọi bộ quy tắc đã có: áp dụng bộ quy tắc sớm nhất."
    if rule_set is None:
        raise DomainError(f"Chưa có bộ quy tắc đào tạo, bồi dưỡng nào áp dụng được cho ngày {d(issued_on)}.")
    try:
        return rules_of(rule_set), note
    except ParamsError as exc:
        raise DomainError(f"Bộ quy tắc đào tạo, bồi dưỡng “{rule_set.code}” có tham số không hợp lệ: {exc}") from exc
