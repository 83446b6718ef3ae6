"""Designation pages with the three personas: the unit's officer, a member, an officer of another unit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangbo.core.models import AuditEntry
from dangbo.evaluations.designations import designate, save_checklist
from dangbo.evaluations.models import Designation, DesignationChecklist
from tests.factories import make_org

from .test_designations import MODEL, PDF, PNG

LIST = "/danh-gia/danh-hieu/"
CHECKLISTS = "/danh-gia/danh-hieu/tieu-chi/"


def designate_url(org: Any) -> str:
    return f"/danh-gia/danh-hieu/don-vi/{org.pk}/cong-nhan/"


def denied(user: Any, what: str) -> bool:
    return AuditEntry.objects.filter(action="core.access.denied", actor=user, object_type=what).exists()


@pytest.fixture
def bloc_list(world: Any) -> DesignationChecklist:
    return save_checklist(actor=world.bloc_officer, organization=world.bloc, kind="model_cell", year_from=2020,
                          items=MODEL, source_document="Hướng dẫn 01-HD/ĐUK")  # fmt: skip


@pytest.fixture
def a_list(world: Any) -> DesignationChecklist:
    return save_checklist(actor=world.officer, organization=world.org_a, kind="four_good", year_from=2024,
                          items=["Lãnh đạo tốt", "Sinh hoạt tốt"])  # fmt: skip


@pytest.fixture
def a1_model(world: Any, bloc_list: Any) -> Designation:
    return designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell",
                     checked_items=MODEL, evidence=SimpleUploadedFile("bb.pdf", PDF))  # fmt: skip


# --- the list ---------------------------------------------------------------------------------------------


def test_list_shows_counts_and_share_to_the_officer(world, a1_model, as_officer):
    response = as_officer.get(LIST, {"year": 2025})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="model-cells">1/2<' in text and 'id="model-cell-share">50,0%<' in text
    assert f'id="designation-{a1_model.pk}"' in text and "Thu hồi" in text
    assert designate_url(world.cell_a2) in text  # the grassroots committee designates its cells
    assert designate_url(world.org_a) not in text  # its own four-good is the bloc's to give
    assert 'id="model-cells">0/2<' in as_officer.get(LIST, {"year": 2024}).content.decode()


def test_list_for_the_bloc_drills_down(world, a1_model, as_bloc_officer):
    text = as_bloc_officer.get(LIST, {"year": 2025}).content.decode()
    assert 'id="model-cells">1/3<' in text and "33,3%" in text
    assert designate_url(world.org_a) in text and designate_url(world.org_b) in text
    assert f"within={world.org_a.pk}" in text


def test_list_member_forbidden_outsider_sees_only_own_unit(world, a1_model, as_member, as_outsider):
    assert as_member.get(LIST).status_code == 403
    text = as_outsider.get(LIST, {"year": 2025}).content.decode()
    assert f'id="designation-{a1_model.pk}"' not in text and 'id="model-cells">0/1<' in text
    assert as_outsider.get(LIST, {"year": 2025, "within": world.org_a.pk}).status_code == 404
    assert denied(world.outsider, "organization")


def test_list_query_count_does_not_grow(world, bloc_list, as_bloc_officer):
    designate(actor=world.officer, organization=world.cell_a1, year=2025, kind="model_cell", checked_items=MODEL)
    as_bloc_officer.get(LIST, {"year": 2025, "within": world.org_a.pk})
    with CaptureQueriesContext(connection) as one:
        as_bloc_officer.get(LIST, {"year": 2025, "within": world.org_a.pk})
    for cell in (world.cell_a2, make_org(parent=world.org_a)):
        designate(actor=world.officer, organization=cell, year=2025, kind="model_cell", checked_items=MODEL)
    with CaptureQueriesContext(connection) as three:
        text = as_bloc_officer.get(LIST, {"year": 2025, "within": world.org_a.pk}).content.decode()
    assert text.count('id="designation-') == 3
    assert len(three) == len(one)


# --- the designation form ---------------------------------------------------------------------------------


def test_form_shows_the_applicable_checklist(world, bloc_list, a_list, as_officer):
    text = as_officer.get(designate_url(world.cell_a2), {"year": 2025, "kind": "model_cell"}).content.decode()
    assert all(item in text for item in MODEL) and "Đảng bộ Khối" in text
    four = as_officer.get(designate_url(world.cell_a2), {"year": 2025, "kind": "four_good"}).content.decode()
    assert "Lãnh đạo tốt" in four and MODEL[0] not in four
    none = as_officer.get(designate_url(world.cell_a2), {"year": 2023, "kind": "four_good"}).content.decode()
    assert "Chưa có tiêu chí cho danh hiệu này áp dụng năm 2023" in none


def test_form_designates_with_evidence(world, bloc_list, as_officer):
    upload = SimpleUploadedFile("anh.png", PNG, content_type="image/png")
    response = as_officer.post(designate_url(world.cell_a2), {"year": 2025, "kind": "model_cell",
                                                              "checked_items": MODEL, "evidence": upload})  # fmt: skip
    assert response.status_code == 302 and response["Location"] == f"{LIST}?year=2025&within={world.org_a.pk}"
    d = Designation.objects.get()
    assert d.organization == world.cell_a2 and d.evidence.name.endswith(".png")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ({"checked_items": MODEL[:2]}, "còn 1/3 tiêu chí chưa đạt"),
        ({"checked_items": [*MODEL, "Khác"]}, "“Khác”"),
        ({"checked_items": MODEL, "evidence": SimpleUploadedFile("a.txt", b"hello")}, "phải là PDF, JPG hoặc PNG"),
        ({"checked_items": MODEL, "evidence": SimpleUploadedFile("a.pdf", PNG)}, "không phải là tệp PDF hợp lệ"),
        ({"checked_items": MODEL, "evidence": SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 10 * 1024 * 1024)},
         "vượt quá mức tối đa 10 MB"),
        ({"checked_items": MODEL, "year": 2999}, "Năm không được sau"),
        ({"checked_items": MODEL, "kind": "four_good"}, "Chưa có tiêu chí “Bốn tốt”"),
    ],
)  # fmt: skip
def test_form_bad_input_shows_message_and_saves_nothing(world, bloc_list, as_officer, data, text):
    response = as_officer.post(designate_url(world.cell_a2), {"year": 2025, "kind": "model_cell", **data})
    assert response.status_code == 400 and text in response.content.decode()
    assert Designation.objects.count() == 0


def test_form_duplicate_and_dead_cell_refused(world, a1_model, as_officer):
    response = as_officer.post(designate_url(world.cell_a1), {"year": 2025, "kind": "model_cell",
                                                              "checked_items": MODEL})  # fmt: skip
    assert response.status_code == 400 and "một lần trong năm" in response.content.decode()
    from datetime import date

    late = make_org(parent=world.org_a, founded_on=date(2025, 6, 1))
    response = as_officer.post(designate_url(late), {"year": 2024, "kind": "model_cell", "checked_items": MODEL})
    assert response.status_code == 400 and "không tồn tại trong năm 2024" in response.content.decode()
    assert Designation.objects.count() == 1


def test_form_personas(world, bloc_list, as_officer, as_member, as_outsider):
    assert as_officer.get(designate_url(world.cell_a1)).status_code == 200
    assert as_officer.get(designate_url(world.org_a)).status_code == 403  # the bloc designates grassroots orgs
    assert as_member.get(designate_url(world.cell_a1)).status_code == 403
    assert as_outsider.get(designate_url(world.cell_a1)).status_code == 404
    assert as_outsider.post(designate_url(world.cell_a1), {"year": 2025, "kind": "model_cell",
                                                           "checked_items": MODEL}).status_code == 404  # fmt: skip
    assert denied(world.outsider, "organization") and Designation.objects.count() == 0


# --- evidence and revocation ------------------------------------------------------------------------------


def test_evidence_download_is_access_checked(world, a1_model, as_officer, as_member, as_outsider):
    url = f"/danh-gia/danh-hieu/{a1_model.pk}/minh-chung/"
    response = as_officer.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert as_member.get(url).status_code == 403
    assert as_outsider.get(url).status_code == 404 and denied(world.outsider, "designation")


def test_revoke_personas(world, a1_model, as_officer, as_member, as_outsider):
    url = f"/danh-gia/danh-hieu/{a1_model.pk}/thu-hoi/"
    assert as_member.post(url, {"reason": "x", "version": a1_model.version}).status_code == 403
    assert as_outsider.post(url, {"reason": "x", "version": a1_model.version}).status_code == 404
    assert denied(world.outsider, "designation")
    empty = as_officer.post(url, {"reason": "", "version": a1_model.version}, follow=True)
    assert "Hãy nêu lý do thu hồi danh hiệu." in empty.content.decode() and Designation.objects.exists()
    response = as_officer.post(url, {"reason": "Sai sót hồ sơ", "version": a1_model.version})
    assert response.status_code == 302 and not Designation.objects.exists()


# --- checklists -------------------------------------------------------------------------------------------


def test_checklists_page_personas(world, bloc_list, a_list, as_officer, as_member, as_outsider):
    text = as_officer.get(CHECKLISTS).content.decode()
    assert f'id="checklist-{bloc_list.pk}"' in text and f'id="checklist-{a_list.pk}"' in text
    assert f"/tieu-chi/{a_list.pk}/" in text and f"/tieu-chi/{bloc_list.pk}/" not in text  # edits only its own
    assert as_member.get(CHECKLISTS).status_code == 403
    outsider = as_outsider.get(CHECKLISTS).content.decode()
    assert f'id="checklist-{bloc_list.pk}"' in outsider and f'id="checklist-{a_list.pk}"' not in outsider


def test_checklist_create_and_bad_input(world, as_officer):
    data = {"organization": world.org_a.pk, "kind": "model_cell", "year_from": 2025,
            "items": " Lãnh đạo tốt \n\n Sinh hoạt tốt ", "source_document": "HD 02"}  # fmt: skip
    response = as_officer.post(CHECKLISTS, data)
    assert response.status_code == 302
    assert DesignationChecklist.objects.get().items == ["Lãnh đạo tốt", "Sinh hoạt tốt"]
    for items, text in ((" \n ", "ít nhất một tiêu chí"), ("A\n a ", "bị lặp lại")):
        bad = as_officer.post(CHECKLISTS, {**data, "year_from": 2026, "items": items})
        assert bad.status_code == 400 and text in bad.content.decode()
    again = as_officer.post(CHECKLISTS, data)
    assert again.status_code == 400 and "đã có tiêu chí" in again.content.decode()
    foreign = as_officer.post(CHECKLISTS, {**data, "organization": world.org_b.pk, "year_from": 2024})
    assert foreign.status_code == 400 and "Hãy chọn một cấp ủy trong phạm vi của bạn." in foreign.content.decode()
    assert DesignationChecklist.objects.count() == 1


def test_checklist_edit_personas(world, bloc_list, a_list, as_officer, as_member, as_outsider):
    url = f"{CHECKLISTS}{a_list.pk}/"
    assert as_officer.get(url).status_code == 200
    assert as_officer.get(f"{CHECKLISTS}{bloc_list.pk}/").status_code == 403
    assert as_member.get(url).status_code == 403
    assert as_outsider.get(url).status_code == 404 and denied(world.outsider, "designation_checklist")
    response = as_officer.post(url, {"items": "Lãnh đạo tốt\nSinh hoạt tốt\nĐoàn kết tốt", "version": a_list.version})
    assert response.status_code == 302
    a_list.refresh_from_db()
    assert a_list.items[-1] == "Đoàn kết tốt" and a_list.year_from == 2024
    stale = as_officer.post(url, {"items": "X", "version": a_list.version - 1})
    assert stale.status_code == 400 and "người khác sửa" in stale.content.decode()
