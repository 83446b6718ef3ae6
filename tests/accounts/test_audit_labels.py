"""The audit log and the organization log speak the reader's words: labels, never the raw keys entries store."""

from __future__ import annotations

import datetime as dt
import html
import re

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.core.audit import log_action
from dangbo.core.models import AuditEntry
from dangbo.discipline.services import record_discipline
from dangbo.members import services as member_services
from dangbo.organizations.enums import CommitteePosition
from dangbo.structure import committees as c
from dangbo.structure import restructuring as r

URL = reverse("accounts:audit")
DAY = dt.date(2026, 1, 5)


def record_realistic_actions(world) -> None:
    """A day of work: a member moved and suspended, a cell handed over and renamed, a committee with a
    secretary, a discipline decision, an export with filters, a report generated and downloaded."""
    member_services.move_to_cell(actor=world.officer, member=world.m2, organization=world.cell_a2, on=DAY)
    member_services.change_status(actor=world.officer, member=world.m1, status="exempt", on=DAY)
    r.reparent(actor=world.bloc_officer, org=world.cell_a2, new_parent=world.org_b, effective_date=DAY,
               decision=r.Decision(number="5-QĐ/ĐU"))  # fmt: skip
    r.rename(actor=world.bloc_officer, org=world.cell_a1, new_name="Chi bộ Ngân sách", effective_date=DAY)
    committee = c.create_committee(actor=world.officer, organization=world.org_a, term_label="2025-2030",
                                   term_start=dt.date(2025, 10, 1))  # fmt: skip
    c.add_seat(actor=world.officer, committee=committee, member=world.m1, position=CommitteePosition.SECRETARY,
               start=dt.date(2025, 10, 1))  # fmt: skip
    record_discipline(actor=world.bloc_officer, form="reprimand", violation_date=dt.date(2025, 3, 1),
                      decision_date=dt.date(2025, 5, 12), decision_number="12-QĐ/ĐU",
                      deciding_organization=world.org_a, member=world.m1)  # fmt: skip
    log_action("members.member.exported", actor=world.officer, object_type="member_list", object_id="",
               scope_path=world.org_a.path,
               data={"rows": 2, "filters": {"status": "full", "organization_id": world.cell_a1.pk}})  # fmt: skip
    log_action("reporting.year_report.generated", actor=world.bloc_officer, object_type="organization",
               object_id=world.bloc.pk, object_repr=world.bloc.name, scope_path=world.bloc.path,
               data={"year": 2025, "format": "pdf", "bytes": 1234, "job": 7})  # fmt: skip
    log_action("core.job.downloaded", actor=world.bloc_officer, object_type="job", object_id=7,
               object_repr="reporting.year_report", data={"file": "jobs/bao-cao.pdf"})  # fmt: skip


def table_text(response) -> str:
    """The visible text of the entries table (the filter's option values are codes by design)."""
    body = response.content.decode()
    table = body[body.index("<table") : body.index("</table>")]
    return html.unescape(re.sub(r"<[^>]+>", " ", table))


def raw_keys(entries: list[AuditEntry]) -> set[str]:
    """Every key, action code, job kind and choice value the entries store."""
    keys: set[str] = set()
    choice_values: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None):
                choice_values |= {str(v) for v, _ in field.flatchoices if re.fullmatch(r"[a-z_]+", str(v))}
    for e in entries:
        keys.add(e.action)
        for source in (e.before or {}, e.after or {}, e.data or {}):
            keys |= set(source)
            keys |= {str(v) for v in source.values() if str(v) in choice_values}
        keys |= set((e.data or {}).get("filters", {}))
        if e.object_type == "job":
            keys.add(e.object_repr)
    return keys


def assert_no_raw_key(text: str, keys: set[str]) -> None:
    shown = sorted(k for k in keys if re.search(rf"(?<![\w.]){re.escape(k)}(?![\w.])", text))
    assert shown == []
    assert "_id" not in text


def test_audit_page_shows_labels_never_raw_keys(world, as_bloc_officer):
    record_realistic_actions(world)
    text = table_text(as_bloc_officer.get(URL))
    assert_no_raw_key(text, raw_keys(list(AuditEntry.objects.all())))
    # what the keys became
    assert "Trực thuộc: Đảng bộ Sở Tài chính → Đảng bộ Công ty Điện lực" in " ".join(text.split())
    assert "Hình thức kỷ luật" in text or "Khiển trách" in text
    assert "Khiển trách" in text
    assert "Báo cáo kết quả năm" in text
    assert "Bí thư" in text
    assert "trạng thái: Đảng viên chính thức" in text
    assert "tổ chức: Chi bộ Ngân sách — Đảng bộ Sở Tài chính" in text


def test_organization_log_shows_labels_never_raw_keys(world, as_bloc_officer):
    record_realistic_actions(world)
    for org in (world.cell_a2, world.org_a, world.cell_a1):
        text = table_text(as_bloc_officer.get(reverse("organizations:history", args=[org.pk])))
        entries = list(AuditEntry.objects.filter(object_type="organization", object_id=str(org.pk)))
        assert entries
        assert_no_raw_key(text, raw_keys(entries))
    text = table_text(as_bloc_officer.get(reverse("organizations:history", args=[world.org_a.pk])))
    assert "Nguyễn Văn Hùng" in text and "Bí thư" in text and "Nhiệm kỳ" in text


def test_audit_action_filter_is_a_select_of_labels(world, as_officer):
    body = as_officer.get(URL).content.decode()
    select = body[body.index('<select name="action"') : body.index("</select>")]
    assert '<option value="members.member.viewed">Xem hồ sơ đảng viên</option>' in select
    assert '<option value="members.">Đảng viên: mọi hành động</option>' in select
    assert '<optgroup label="Tổ chức đảng">' in select
    labels = re.findall(r">([^<]+)</option>", select)
    assert labels and not [label for label in labels if re.fullmatch(r"[a-z_.]+", label)]
    chosen = as_officer.get(URL, {"action": "members.member.viewed"}).content.decode()
    assert '<option value="members.member.viewed" selected>' in chosen


def test_audit_ids_resolved_in_bulk_not_per_row(world, as_bloc_officer):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert as_bloc_officer.get(URL, {"action": "members.member.moved"}).status_code == 200
        return len(ctx.captured_queries)

    member_services.move_to_cell(actor=world.officer, member=world.m2, organization=world.cell_a2, on=DAY)
    one = queries()
    member_services.move_to_cell(actor=world.officer, member=world.m1, organization=world.cell_a2, on=DAY)
    member_services.move_to_cell(actor=world.officer, member=world.m2, organization=world.cell_a1,
                                 on=DAY + dt.timedelta(days=1))  # fmt: skip
    assert AuditEntry.objects.filter(action="members.member.moved").count() == 3
    assert queries() == one


def test_unknown_action_and_job_kind_show_labels(world) -> None:
    from dangbo.accounts.templatetags.audit_display import audit_label, job_kind_label

    assert audit_label("members.something.new") == "Đảng viên: hành động khác"
    assert job_kind_label("reporting.year_report") == "Báo cáo kết quả năm"
    assert job_kind_label("x.y") == "Tác vụ nền"
