from __future__ import annotations

import datetime as dt

from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.members import services
from dangbo.organizations.models import Committee, CommitteeSeat

from .conftest import count_queries, denied_count


def detail(member) -> str:
    return reverse("members:detail", args=[member.pk])


def test_member_page_officer_sees_full_record_and_it_is_audited(world, as_officer):
    response = as_officer.get(detail(world.m1))
    body = response.content.decode()
    assert response.status_code == 200
    for text in ("Nguyễn Văn Hùng", "034080000001", "01000001", "01/01/1980", "19/05/2005", "01/06/2006",
                 "Đảng viên chính thức", "Chi bộ Phòng Ngân sách"):  # fmt: skip
        assert text in body
    # breadcrumb: bloc › grassroots › cell, the part in scope linked to the filtered list
    assert "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh" in body
    assert f'?to_chuc={world.org_a.pk}"' in body
    assert f'?to_chuc={world.bloc.pk}"' not in body
    entry = AuditEntry.objects.get(action="members.member.viewed")
    assert entry.actor == world.officer
    assert entry.object_id == str(world.m1.pk)
    assert entry.scope_path == world.cell_a1.path
    assert reverse("members:edit", args=[world.m1.pk]) in body


def test_member_page_member_opens_own_record(world, as_member):
    response = as_member.get(detail(world.m1))
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action="members.member.viewed", actor=world.member_user).count() == 1
    # no management links for the member
    assert reverse("members:edit", args=[world.m1.pk]) not in response.content.decode()


def test_member_page_member_cannot_open_another_member(world, as_member):
    assert as_member.get(detail(world.m2)).status_code == 404
    assert denied_count("member", world.m2.pk) == 1
    assert not AuditEntry.objects.filter(action="members.member.viewed").exists()


def test_member_page_outsider_gets_404_and_is_logged(world, as_outsider):
    assert as_outsider.get(detail(world.m1)).status_code == 404
    assert denied_count("member", world.m1.pk) == 1
    assert not AuditEntry.objects.filter(action="members.member.viewed").exists()


def test_member_page_missing_member_is_404_without_log(world, as_officer):
    assert as_officer.get(reverse("members:detail", args=[999999])).status_code == 404
    assert denied_count("member", 999999) == 0


def test_member_page_seniority_subtracts_gaps_and_shows_timeline(world, as_officer):
    # admitted 19/05/2005, full 01/06/2006; struck off 01/01/2010, re-admitted 01/01/2013: 36 months of gap
    services.change_status(actor=None, member=world.m1, status="struck_off", on=dt.date(2010, 1, 1))
    services.change_status(actor=None, member=world.m1, status="full", on=dt.date(2013, 1, 1))
    response = as_officer.get(detail(world.m1))
    from django.utils import timezone

    from dangbo.core.dates import full_months_between

    expected = full_months_between(dt.date(2005, 5, 19), timezone.localdate()) - 36
    assert response.context["seniority"].total_months == expected
    kinds = [(start, kind) for start, kind, _ in response.context["timeline"]]
    assert sorted(kinds) == [
        (dt.date(2005, 5, 19), "cell"),
        (dt.date(2005, 5, 19), "status"),  # probation from the admission decision
        (dt.date(2006, 6, 1), "status"),
        (dt.date(2010, 1, 1), "status"),
        (dt.date(2013, 1, 1), "status"),
    ]
    body = response.content.decode()
    assert "Xóa tên" in body and "01/01/2010" in body


def test_member_page_lists_committee_seats(world, as_officer):
    committee = Committee.objects.create(organization=world.org_a, term_label="2025–2030",
                                         term_start=dt.date(2025, 6, 1))  # fmt: skip
    CommitteeSeat.objects.create(committee=committee, member=world.m1, position="secretary", start=dt.date(2025, 6, 1))
    body = as_officer.get(detail(world.m1)).content.decode()
    assert "Tham gia cấp ủy" in body and "2025–2030" in body and "Bí thư" in body


def test_member_history_officer_sees_members_entries(world, as_officer):
    services.update_member(actor=world.officer, member=world.m1, expected_version=world.m1.version,
                           data={"phone": "0912345678"})  # fmt: skip
    response = as_officer.get(reverse("members:history", args=[world.m1.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    actions = [e.action for e in response.context["page"].object_list]
    assert actions == ["members.member.updated", "members.member.created"]
    assert "Sửa phiếu đảng viên" in body and "0912345678" in body and "Điện thoại" in body


def test_member_history_member_is_refused(world, as_member):
    assert as_member.get(reverse("members:history", args=[world.m1.pk])).status_code == 403


def test_member_history_outsider_gets_404_and_is_logged(world, as_outsider):
    assert as_outsider.get(reverse("members:history", args=[world.m1.pk])).status_code == 404
    assert denied_count("member", world.m1.pk) == 1


def test_member_history_query_count_does_not_grow_with_entries(world, as_officer):
    url = reverse("members:history", args=[world.m1.pk])
    one = count_queries(as_officer, url)
    for phone in ("0900000001", "0900000002"):
        m = type(world.m1).objects.get(pk=world.m1.pk)
        services.update_member(actor=world.officer, member=m, expected_version=m.version, data={"phone": phone})
    three = count_queries(as_officer, url)
    assert one == three
