from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.core.models import AuditEntry
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod

from .conftest import denied_count

CREATE = reverse("members:create")


def sheet(**overrides: Any) -> dict[str, Any]:
    data = {
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Ánh",
        "gender": "female",
        "birth_date": "15/03/1990",
        "ethnicity": "Kinh",
        "religion": "Không",
        "citizen_id": "034090000099",
        "card_number": "09000099",
        "admission_decision_date": "19/05/2015",
        "ceremony_date": "01/06/2015",
        "full_membership_date": "01/06/2016",
        "political_theory_level": "intermediate",
        "education": "university",
    }
    data.update(overrides)
    return data


def counts() -> tuple[int, int, int, int]:
    return (Member.objects.count(), MemberStatusPeriod.objects.count(), CellMembership.objects.count(),
            AuditEntry.objects.exclude(action="core.access.denied").count())  # fmt: skip


def edit_data(member: Member, **overrides: Any) -> dict[str, Any]:
    data = sheet(family_name=member.family_name, middle_name=member.middle_name, given_name=member.given_name,
                 gender=member.gender, birth_date=member.birth_date.strftime("%d/%m/%Y"),
                 citizen_id=member.citizen_id, card_number=member.card_number,
                 admission_decision_date=member.admission_decision_date.strftime("%d/%m/%Y"),
                 ceremony_date=member.ceremony_date.strftime("%d/%m/%Y"),
                 full_membership_date=member.full_membership_date.strftime("%d/%m/%Y"),
                 version=member.version)  # fmt: skip
    data.update(overrides)
    return data


# --- create -------------------------------------------------------------------------------------


def test_create_officer_registers_member_in_cell(world, as_officer):
    response = as_officer.post(CREATE, {"to_chuc": world.cell_a2.pk, **sheet()})
    member = Member.objects.get(citizen_id="034090000099")
    assert response.status_code == 302 and response["Location"] == reverse("members:detail", args=[member.pk])
    assert member.organization == world.cell_a2
    assert member.birth_date == dt.date(1990, 3, 15)
    assert member.status == "full"
    assert AuditEntry.objects.filter(action="members.member.created", object_id=str(member.pk),
                                     actor=world.officer).exists()  # fmt: skip


def test_create_form_preselects_cell_from_address(world, as_officer):
    response = as_officer.get(CREATE, {"to_chuc": world.cell_a2.pk})
    assert response.status_code == 200
    assert f'<option value="{world.cell_a2.pk}" selected>' in response.content.decode()
    assert 'placeholder="dd/mm/yyyy"' in response.content.decode()


def test_create_member_without_right_is_refused(world, as_member):
    before = counts()
    assert as_member.get(CREATE).status_code == 403
    assert as_member.post(CREATE, {"to_chuc": world.cell_a1.pk, **sheet()}).status_code == 403
    assert counts() == before


def test_create_outsider_cell_in_address_is_404_and_logged(world, as_outsider):
    assert as_outsider.get(CREATE, {"to_chuc": world.cell_a1.pk}).status_code == 404
    assert denied_count("organization", world.cell_a1.pk) == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_membership_date": "01/01/2015"}, "chính thức không được trước ngày quyết định kết nạp"),
        ({"ceremony_date": "01/05/2015"}, "Ngày lễ kết nạp không được trước ngày quyết định kết nạp"),
        ({"birth_date": "01/01/2000", "admission_decision_date": "01/06/2017", "ceremony_date": "",
          "full_membership_date": ""}, "chưa đủ 18 tuổi"),
        ({"citizen_id": "034080000001"}, "Số CCCD 034080000001 đã có trong danh sách đảng viên"),
        ({"card_number": "01000003"}, "Số thẻ đảng viên 01000003 đã được cấp cho đảng viên khác"),
        ({"citizen_id": "12345"}, "Số CCCD phải gồm đúng 12 chữ số"),
        ({"birth_date": "1990-15-40"}, "Ngày phải có dạng dd/mm/yyyy"),
        ({"given_name": ""}, "Trường này là bắt buộc"),
    ],
)  # fmt: skip
def test_create_bad_input_shows_vietnamese_message_and_saves_nothing(world, as_officer, overrides, message):
    before = counts()
    response = as_officer.post(CREATE, {"to_chuc": world.cell_a2.pk, **sheet(**overrides)})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()
    assert counts() == before


def test_create_in_a_non_cell_is_refused_in_vietnamese(world, as_officer):
    before = counts()
    response = as_officer.post(CREATE, {"to_chuc": world.org_a.pk, **sheet()})
    assert "không phải chi bộ" in response.content.decode()
    assert counts() == before


def test_create_in_a_cell_out_of_scope_is_refused_and_logged(world, as_officer):
    before = counts()
    response = as_officer.post(CREATE, {"to_chuc": world.cell_b1.pk, **sheet()})
    assert response.status_code == 200
    assert "Không tìm thấy tổ chức này trong phạm vi của bạn" in response.content.decode()
    assert counts() == before
    assert denied_count("organization", world.cell_b1.pk) == 1


# --- edit ---------------------------------------------------------------------------------------


def test_edit_officer_updates_sheet(world, as_officer):
    url = reverse("members:edit", args=[world.m1.pk])
    form_page = as_officer.get(url)
    assert f'name="version" value="{world.m1.version}"' in form_page.content.decode()
    assert 'value="01/01/1980"' in form_page.content.decode()
    response = as_officer.post(url, edit_data(world.m1, phone="0987654321", given_name="Hưng"))
    assert response.status_code == 302
    m1 = Member.objects.get(pk=world.m1.pk)
    assert m1.phone == "0987654321" and m1.given_name == "Hưng"
    assert m1.version == world.m1.version + 1
    entry = AuditEntry.objects.get(action="members.member.updated")
    assert entry.before["given_name"] == "Hùng" and entry.after["given_name"] == "Hưng"


def test_edit_stale_version_is_refused_and_nothing_changes(world, as_officer):
    url = reverse("members:edit", args=[world.m1.pk])
    stale = edit_data(world.m1, phone="0900000000")
    # someone else saves first
    assert as_officer.post(url, edit_data(world.m1, phone="0911111111")).status_code == 302
    before = counts()
    response = as_officer.post(url, stale)
    assert response.status_code == 200
    assert "Bản ghi đã được người khác sửa" in response.content.decode()
    assert Member.objects.get(pk=world.m1.pk).phone == "0911111111"
    assert counts() == before


def test_edit_duplicate_card_number_is_refused(world, as_officer):
    url = reverse("members:edit", args=[world.m1.pk])
    response = as_officer.post(url, edit_data(world.m1, card_number="01000002"))
    assert "Số thẻ đảng viên 01000002 đã được cấp cho đảng viên khác" in response.content.decode()
    assert Member.objects.get(pk=world.m1.pk).card_number == "01000001"


def test_edit_member_is_refused_even_on_own_record(world, as_member):
    url = reverse("members:edit", args=[world.m1.pk])
    assert as_member.get(url).status_code == 403
    assert as_member.post(url, edit_data(world.m1, phone="1")).status_code == 403


def test_edit_outsider_gets_404_and_is_logged(world, as_outsider):
    url = reverse("members:edit", args=[world.m1.pk])
    assert as_outsider.post(url, edit_data(world.m1, phone="1")).status_code == 404
    assert denied_count("member", world.m1.pk) == 1
    assert Member.objects.get(pk=world.m1.pk).phone == ""


# --- status -------------------------------------------------------------------------------------


def test_status_change_closes_period_and_opens_next(world, as_officer):
    url = reverse("members:status", args=[world.m2.pk])
    response = as_officer.post(url, {"status": "exempt", "on": "01/10/2026", "reason": "Tuổi cao",
                                     "decision_number": "12-QĐ/ĐU", "version": world.m2.version})  # fmt: skip
    assert response.status_code == 302
    m2 = Member.objects.get(pk=world.m2.pk)
    assert m2.status == "exempt"
    periods = list(m2.status_periods.order_by("start").values_list("status", "start", "end"))
    assert periods == [
        ("probationary", dt.date(2005, 5, 19), dt.date(2006, 6, 1)),
        ("full", dt.date(2006, 6, 1), dt.date(2026, 10, 1)),
        ("exempt", dt.date(2026, 10, 1), None),
    ]


def test_status_change_stale_version_is_refused(world, as_officer):
    url = reverse("members:status", args=[world.m2.pk])
    before = counts()
    response = as_officer.post(url, {"status": "exempt", "on": "01/10/2026", "version": world.m2.version - 1})
    assert "Bản ghi đã được người khác sửa" in response.content.decode()
    assert counts() == before
    assert Member.objects.get(pk=world.m2.pk).status == "full"


def test_status_change_before_current_period_is_refused(world, as_officer):
    url = reverse("members:status", args=[world.m2.pk])
    before = counts()
    response = as_officer.post(url, {"status": "exempt", "on": "01/01/2000", "version": world.m2.version})
    assert "Ngày thay đổi phải từ ngày 01/06/2006" in response.content.decode()
    assert counts() == before


def test_status_change_member_refused_outsider_404(world, as_member, as_outsider):
    url = reverse("members:status", args=[world.m1.pk])
    data = {"status": "exempt", "on": "01/10/2026", "version": world.m1.version}
    assert as_member.post(url, data).status_code == 403
    assert as_outsider.post(url, data).status_code == 404
    assert denied_count("member", world.m1.pk) == 1
    assert Member.objects.get(pk=world.m1.pk).status == "full"


# --- move ---------------------------------------------------------------------------------------


def test_move_to_another_cell_in_scope(world, as_officer):
    url = reverse("members:move", args=[world.m1.pk])
    page = as_officer.get(url).content.decode()
    assert f'<option value="{world.cell_a2.pk}"' in page
    assert f'<option value="{world.org_a.pk}"' not in page  # only cells are offered
    response = as_officer.post(url, {"to_chuc": world.cell_a2.pk, "on": "01/11/2026", "version": world.m1.version})
    assert response.status_code == 302
    m1 = Member.objects.get(pk=world.m1.pk)
    assert m1.organization == world.cell_a2
    assert list(m1.memberships.values_list("organization_id", "end")) == [
        (world.cell_a1.pk, dt.date(2026, 11, 1)),
        (world.cell_a2.pk, None),
    ]


def test_move_to_a_non_cell_is_refused(world, as_officer):
    url = reverse("members:move", args=[world.m1.pk])
    before = counts()
    response = as_officer.post(url, {"to_chuc": world.org_a.pk, "on": "01/11/2026", "version": world.m1.version})
    assert "“Đảng bộ Sở Tài chính” không phải chi bộ" in response.content.decode()
    assert counts() == before
    assert Member.objects.get(pk=world.m1.pk).organization == world.cell_a1


def test_move_to_a_cell_out_of_scope_is_refused_and_logged(world, as_officer):
    url = reverse("members:move", args=[world.m1.pk])
    before = counts()
    response = as_officer.post(url, {"to_chuc": world.cell_b1.pk, "on": "01/11/2026", "version": world.m1.version})
    assert "Không tìm thấy tổ chức này trong phạm vi của bạn" in response.content.decode()
    assert counts() == before
    assert denied_count("organization", world.cell_b1.pk) == 1


def test_move_before_current_membership_is_refused(world, as_officer):
    url = reverse("members:move", args=[world.m1.pk])
    before = counts()
    response = as_officer.post(url, {"to_chuc": world.cell_a2.pk, "on": "01/01/2001", "version": world.m1.version})
    assert "Ngày chuyển phải sau ngày 19/05/2005" in response.content.decode()
    assert counts() == before


def test_move_stale_version_is_refused(world, as_officer):
    url = reverse("members:move", args=[world.m1.pk])
    before = counts()
    response = as_officer.post(url, {"to_chuc": world.cell_a2.pk, "on": "01/11/2026", "version": 0})
    assert "Bản ghi đã được người khác sửa" in response.content.decode()
    assert counts() == before


def test_move_member_refused_outsider_404(world, as_member, as_outsider):
    url = reverse("members:move", args=[world.m1.pk])
    data = {"to_chuc": world.cell_b1.pk, "on": "01/11/2026", "version": world.m1.version}
    assert as_member.get(url).status_code == 403
    assert as_outsider.post(url, data).status_code == 404
    assert denied_count("member", world.m1.pk) == 1
    assert Member.objects.get(pk=world.m1.pk).organization == world.cell_a1
