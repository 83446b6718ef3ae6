"""Display of audit entries: Vietnamese labels for action codes, field names and values, object links.

Used by the partial `accounts/_audit_entries.html`, which renders any list of `AuditEntry` rows:

    {% include "accounts/_audit_entries.html" with entries=page.object_list %}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangbo.core.models import AuditEntry

register = template.Library()

ACTION_LABELS: dict[str, Any] = {
    "core.access.denied": gettext_lazy("Truy cập ngoài phạm vi bị từ chối"),
    "accounts.otp.enabled": gettext_lazy("Bật xác thực hai bước"),
    "accounts.api_token.created": gettext_lazy("Tạo mã truy cập API"),
    "accounts.api_token.revoked": gettext_lazy("Thu hồi mã truy cập API"),
    "members.member.created": gettext_lazy("Thêm đảng viên"),
    "members.member.updated": gettext_lazy("Sửa phiếu đảng viên"),
    "members.member.status_changed": gettext_lazy("Thay đổi trạng thái đảng viên"),
    "members.member.moved": gettext_lazy("Chuyển sinh hoạt sang chi bộ khác"),
    "members.member.viewed": gettext_lazy("Xem hồ sơ đảng viên"),
    "members.member.exported": gettext_lazy("Xuất danh sách đảng viên"),
    "members.member.imported": gettext_lazy("Nhập đảng viên từ tệp Excel"),
    "organizations.organization.created": gettext_lazy("Thành lập tổ chức đảng"),
    "organizations.organization.updated": gettext_lazy("Sửa thông tin tổ chức đảng"),
    "organizations.organization.exported": gettext_lazy("Xuất danh sách tổ chức đảng"),
    "organizations.restructured.create": gettext_lazy("Sắp xếp tổ chức: thành lập"),
    "organizations.restructured.rename": gettext_lazy("Sắp xếp tổ chức: đổi tên"),
    "organizations.restructured.reparent": gettext_lazy("Sắp xếp tổ chức: chuyển giao"),
    "organizations.restructured.merge": gettext_lazy("Sắp xếp tổ chức: hợp nhất"),
    "organizations.restructured.absorb": gettext_lazy("Sắp xếp tổ chức: sáp nhập"),
    "organizations.restructured.split": gettext_lazy("Sắp xếp tổ chức: chia tách"),
    "organizations.restructured.dissolve": gettext_lazy("Sắp xếp tổ chức: giải thể"),
    "organizations.committee.created": gettext_lazy("Thành lập cấp ủy"),
    "organizations.committee.updated": gettext_lazy("Sửa thông tin cấp ủy"),
    "organizations.committee.seat_added": gettext_lazy("Bổ sung cấp ủy viên"),
    "organizations.committee.seat_ended": gettext_lazy("Thôi giữ chức vụ cấp ủy"),
    "organizations.oversight.assigned": gettext_lazy("Phân công phụ trách cơ sở"),
    "organizations.oversight.ended": gettext_lazy("Kết thúc phân công phụ trách"),
    "core.job.downloaded": gettext_lazy("Tải tệp kết quả tác vụ nền"),
    "members.import.applied": gettext_lazy("Nhập dữ liệu từ tệp Excel"),
    "discipline.discipline.recorded": gettext_lazy("Ghi nhận quyết định kỷ luật"),
    "evaluations.ruleset.created": gettext_lazy("Thêm bộ quy tắc xếp loại"),
    "evaluations.ruleset.changed": gettext_lazy("Sửa bộ quy tắc xếp loại"),
    "evaluations.campaign.opened": gettext_lazy("Mở đợt đánh giá, xếp loại"),
    "evaluations.campaign.locked": gettext_lazy("Khóa đợt đánh giá, xếp loại"),
    "evaluations.campaign.reopened": gettext_lazy("Mở lại đợt đánh giá đã khóa"),
    "evaluations.rating.self_assessed": gettext_lazy("Tự đánh giá, xếp loại"),
    "evaluations.rating.reviewed": gettext_lazy("Kiểm điểm, đề nghị xếp loại tại chi bộ"),
    "evaluations.rating.proposed": gettext_lazy("Đề xuất mức xếp loại"),
    "evaluations.rating.decided": gettext_lazy("Quyết định xếp loại"),
    "evaluations.rating.verified": gettext_lazy("Thẩm định kết quả xếp loại"),
    "evaluations.rating.overridden": gettext_lazy("Cấp trên điều chỉnh xếp loại"),
    "evaluations.checklist.created": gettext_lazy("Ban hành tiêu chí danh hiệu"),
    "evaluations.checklist.updated": gettext_lazy("Sửa tiêu chí danh hiệu"),
    "evaluations.designation.created": gettext_lazy("Công nhận danh hiệu"),
    "evaluations.designation.revoked": gettext_lazy("Thu hồi danh hiệu"),
    "reporting.year_report.generated": gettext_lazy("Lập báo cáo kết quả năm"),
    "demo.campaign.filled": gettext_lazy("Nạp kết quả xếp loại mẫu"),
}

# Filter choices of the audit page: action-code prefixes.
ACTION_GROUPS: list[tuple[str, Any]] = [
    ("members.", gettext_lazy("Đảng viên (mọi hành động)")),
    ("members.member.viewed", ACTION_LABELS["members.member.viewed"]),
    ("members.member.exported", ACTION_LABELS["members.member.exported"]),
    ("organizations.", gettext_lazy("Tổ chức đảng (mọi hành động)")),
    ("organizations.restructured.", gettext_lazy("Sắp xếp tổ chức")),
    ("core.access.denied", ACTION_LABELS["core.access.denied"]),
    ("accounts.", gettext_lazy("Tài khoản")),
]

# The model whose field names and choices explain an entry's before/after values.
MODEL_OF_OBJECT_TYPE = {"member": "members.Member", "organization": "organizations.Organization"}
# Where an object's page is (url name taking the object id), when such a page exists.
URL_OF_OBJECT_TYPE = {"member": "members:detail", "organization": "organizations:detail"}
EXTRA_FIELD_LABELS = {
    "organization_id": gettext_lazy("Chi bộ (mã)"),
    "organization": gettext_lazy("Chi bộ"),
    "parent_id": gettext_lazy("Trực thuộc (mã)"),
    "status": gettext_lazy("Trạng thái"),
}
DATA_LABELS = {
    "rows": gettext_lazy("Số dòng"),
    "on": gettext_lazy("Từ ngày"),
    "reason": gettext_lazy("Lý do"),
    "decision_number": gettext_lazy("Số quyết định"),
    "path": gettext_lazy("Địa chỉ"),
    "job": gettext_lazy("Tác vụ nền"),
}
FILTER_LABELS = {
    "status": gettext_lazy("trạng thái"),
    "organization_id": gettext_lazy("tổ chức"),
    "gender": gettext_lazy("giới tính"),
    "age_band": gettext_lazy("độ tuổi"),
    "seniority_band": gettext_lazy("tuổi đảng"),
    "theory_level": gettext_lazy("lý luận chính trị"),
    "text": gettext_lazy("tìm"),
}


@register.filter
def audit_label(action: str) -> str:
    """The Vietnamese name of an action code (the code itself when it is not known)."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


def _model_field(object_type: str, name: str) -> models.Field[Any, Any] | None:
    model_label = MODEL_OF_OBJECT_TYPE.get(object_type)
    if model_label is None:
        return None
    model = apps.get_model(model_label)
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        try:  # foreign keys are recorded by their column ("organization_id")
            field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            return None
    return field if isinstance(field, models.Field) else None


def _display(value: Any, field: models.Field[Any, Any] | None) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


@register.filter
def audit_changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(field label, value before, value after) for each field the entry records."""
    before = entry.before or {}
    after = entry.after or {}
    out: list[tuple[str, str, str]] = []
    for name in list(dict.fromkeys([*before, *after])):
        field = _model_field(entry.object_type, name)
        if name in EXTRA_FIELD_LABELS:
            label = str(EXTRA_FIELD_LABELS[name])
        elif field is not None:
            label = str(field.verbose_name)
        else:
            label = name
        old = _display(before.get(name), field) if name in before else ""
        out.append((label[:1].upper() + label[1:], old, _display(after.get(name), field)))
    return out


@register.filter
def audit_details(entry: AuditEntry) -> list[tuple[str, str]]:
    """The entry's extra data (rows exported, effective date, reason, filters…) as (label, value)."""
    data = entry.data or {}
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        if key == "filters" and isinstance(value, dict):
            used = [f"{FILTER_LABELS.get(k, k)}: {v}" for k, v in value.items() if v not in (None, "")]
            out.append((_("Bộ lọc"), "; ".join(used) or _("không")))
        elif key in DATA_LABELS and value not in (None, ""):
            out.append((str(DATA_LABELS[key]), _display(value, None)))
    return out


@register.filter
def audit_object_url(entry: AuditEntry) -> str:
    """The page of the entry's object, or "" when it has none."""
    name = URL_OF_OBJECT_TYPE.get(entry.object_type)
    if name is None or not entry.object_id.isdigit():
        return ""
    try:
        return reverse(name, args=[int(entry.object_id)])
    except NoReverseMatch:
        return ""
