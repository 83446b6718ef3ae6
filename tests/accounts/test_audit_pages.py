from __future__ import annotations

import datetime as dt

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dangbo.core.audit import log_action
from dangbo.core.audit_guard import audit_unlocked
from dangbo.core.models import AuditEntry
from dangbo.members import services

URL = reverse("accounts:audit")


def actions(response) -> list[str]:
    return [e.action for e in response.context["page"].object_list]


def entry(action: str, *, scope_path: str, object_id: int = 1, **kwargs) -> AuditEntry:
    return log_action(action, actor=None, object_type="member", object_id=object_id, scope_path=scope_path, **kwargs)


def test_audit_officer_sees_only_own_subtree(world, as_officer):
    response = as_officer.get(URL)
    assert response.status_code == 200
    paths = {e.scope_path for e in response.context["page"].object_list}
    assert paths and all(p.startswith(world.org_a.path) for p in paths)
    assert world.cell_b1.path not in paths
    assert "Trần Quốc Bảo" not in response.content.decode()


def test_audit_unscoped_entries_only_for_root_scope(world, as_officer, as_bloc_officer):
    log_action("core.access.denied", actor=world.outsider, object_type="member", object_id=world.m1.pk)
    assert "core.access.denied" not in actions(as_officer.get(URL))
    assert "core.access.denied" in actions(as_bloc_officer.get(URL))


def test_audit_outsider_sees_only_their_unit(world, as_outsider):
    response = as_outsider.get(URL)
    paths = {e.scope_path for e in response.context["page"].object_list}
    assert paths and all(p.startswith(world.org_b.path) for p in paths)


def test_audit_member_without_right_is_refused(world, as_member):
    assert as_member.get(URL).status_code == 403


def test_audit_newest_first_and_filtered_by_action_prefix(world, as_officer):
    entry("members.member.viewed", scope_path=world.cell_a1.path)
    entry("members.member.exported", scope_path=world.org_a.path)
    got = actions(as_officer.get(URL, {"action": "members.member."}))
    assert got[:2] == ["members.member.exported", "members.member.viewed"]
    assert set(got) == {"members.member.exported", "members.member.viewed", "members.member.created"}
    assert actions(as_officer.get(URL, {"action": "members.member.viewed"})) == ["members.member.viewed"]


def test_audit_filtered_by_date_range(world, as_officer):
    old = entry("members.member.viewed", scope_path=world.cell_a1.path, object_id=11)
    new = entry("members.member.viewed", scope_path=world.cell_a1.path, object_id=12)
    tz = timezone.get_current_timezone()
    # 23:30 local time on 01/03/2025 is still 01/03 in Hà Nội (16:30 UTC)
    with audit_unlocked():  # entries written on those days (the log refuses any other change)
        AuditEntry.objects.filter(pk=old.pk).update(at=dt.datetime(2025, 3, 1, 23, 30, tzinfo=tz))
        AuditEntry.objects.filter(pk=new.pk).update(at=dt.datetime(2025, 3, 2, 0, 30, tzinfo=tz))
    day1 = as_officer.get(URL, {"action": "members.member.viewed", "since": "01/03/2025", "until": "01/03/2025"})
    assert [e.pk for e in day1.context["page"].object_list] == [old.pk]
    day2 = as_officer.get(URL, {"action": "members.member.viewed", "since": "02/03/2025"})
    assert [e.pk for e in day2.context["page"].object_list] == [new.pk]
    assert "01/03/2025 23:30" in day1.content.decode()


def test_audit_bad_filter_shows_vietnamese_message(world, as_officer):
    response = as_officer.get(URL, {"since": "2025/13/45"})
    assert "Ngày phải có dạng dd/mm/yyyy" in response.content.decode()
    response = as_officer.get(URL, {"since": "02/03/2025", "until": "01/03/2025"})
    assert "“Đến ngày” không được trước “Từ ngày”" in response.content.decode()
    assert response.context["page"] is None


def test_audit_row_shows_label_actor_object_link_and_changes(world, as_officer):
    m1 = world.m1
    services.update_member(actor=world.officer, member=m1, expected_version=m1.version,
                           data={"given_name": "Hưng", "political_theory_level": "advanced"})  # fmt: skip
    body = as_officer.get(URL, {"action": "members.member.updated"}).content.decode()
    assert "Sửa phiếu đảng viên" in body
    assert "canbo_a" in body
    assert f'href="{reverse("members:detail", args=[m1.pk])}"' in body
    assert "<del>Hùng</del> → <ins>Hưng</ins>" in body
    assert "<del>Chưa qua đào tạo</del> → <ins>Cao cấp</ins>" in body  # choice labels, not codes
    assert "Trình độ lý luận chính trị" in body


def test_audit_export_entry_shows_rows_and_filters(world, as_officer):
    as_officer.get(reverse("members:export"), {"q": "dang"})
    body = as_officer.get(URL, {"action": "members.member.exported"}).content.decode()
    assert "Xuất danh sách đảng viên" in body
    assert "Số dòng: 1" in body and "tìm: dang" in body


def test_audit_status_change_shows_status_labels(world, as_officer):
    services.change_status(actor=world.officer, member=world.m2, status="exempt", on=dt.date(2026, 1, 1))
    body = as_officer.get(URL, {"action": "members.member.status_changed"}).content.decode()
    assert "<del>Đảng viên chính thức</del> → <ins>Miễn công tác và sinh hoạt đảng</ins>" in body
    assert "Từ ngày: 01/01/2026" in body


def test_audit_query_count_does_not_grow_with_rows(world, as_officer):
    entry("members.member.viewed", scope_path=world.cell_a1.path)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = as_officer.get(URL, {"action": "members.member.viewed"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    one = queries()
    services.update_member(actor=world.officer, member=world.m1, expected_version=world.m1.version, data={})
    log_action("members.member.viewed", actor=world.officer, object_type="member", object_id=world.m1.pk,
               scope_path=world.cell_a1.path)  # fmt: skip
    log_action("members.member.viewed", actor=world.bloc_officer, object_type="member", object_id=world.m2.pk,
               scope_path=world.cell_a1.path)  # fmt: skip
    assert len(actions(as_officer.get(URL, {"action": "members.member.viewed"}))) == 3
    assert queries() == one


def test_audit_entries_partial_renders_any_entries(world):
    entries = [
        entry("organizations.restructured.merge", scope_path=world.org_a.path, object_id=5),
        entry("something.unknown", scope_path="", object_id=6),
    ]
    entries[0].object_type = "organization"
    html = render_to_string("accounts/_audit_entries.html", {"entries": entries})
    assert "Sắp xếp tổ chức: hợp nhất" in html
    assert "something.unknown" not in html and "Hành động khác" in html  # never a raw code
    assert (
        render_to_string("accounts/_audit_entries.html", {"entries": []})
        .strip()
        .endswith("Chưa có mục nhật ký nào.</p>")
    )
