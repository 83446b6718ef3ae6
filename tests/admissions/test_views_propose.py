"""Proposing a candidate `/ket-nap/de-nghi/`: the member sheet's fields, the cell in scope, re-admission fields,
bad input (markup in names, absurd dates, a cell out of scope) refused with nothing saved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.admissions.enums import Stage
from dangbo.admissions.models import Candidate

from .view_helpers import audit_count, denied_count

URL = reverse("admissions:propose")


def form_data(world, **changes):
    data = {
        "to_chuc": world.cell_a1.pk, "proposer_kind": "youth_union", "proposer_name": "Đoàn Thanh niên Sở",
        "proposed_on": "02/01/2024", "family_name": "Lý", "middle_name": "Thu", "given_name": "Hà",
        "gender": "female", "birth_date": "20/08/1999", "ethnicity": "Kinh", "religion": "Không",
        "citizen_id": "079199000123", "education": "upper_secondary", "political_theory_level": "none",
    }  # fmt: skip
    data.update(changes)
    return data


def test_propose_page_shows_the_member_sheet_fields_and_readmission_part(world, as_officer):
    body = as_officer.get(URL).content.decode()
    for name in ("family_name", "birth_date", "citizen_id", "education", "workplace", "former_card", "exit_reason"):
        assert f'name="{name}"' in body
    assert 'id="readmission"' in body
    assert 'placeholder="dd/mm/yyyy"' in body


def test_propose_records_the_candidate_and_opens_their_page(world, as_officer):
    response = as_officer.post(URL, form_data(world))
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admissions:detail", args=[candidate.pk])
    assert (candidate.full_name, candidate.stage, candidate.cell) == ("Lý Thu Hà", Stage.PROPOSED, world.cell_a1)
    assert candidate.proposed_on.isoformat() == "2024-01-02"


def test_propose_refused_to_member(world, as_member):
    assert as_member.get(URL).status_code == 403
    assert as_member.post(URL, form_data(world)).status_code == 403
    assert not Candidate.objects.exists()


def test_propose_in_a_cell_out_of_scope_is_refused_and_logged(world, as_outsider):
    response = as_outsider.post(URL, form_data(world))
    assert response.status_code == 200
    assert "Không tìm thấy tổ chức này trong phạm vi của bạn." in response.content.decode()
    assert denied_count("organization", world.cell_a1.pk) == 1
    assert not Candidate.objects.exists()
    assert as_outsider.get(URL, {"to_chuc": world.cell_a1.pk}).status_code == 404


@pytest.mark.parametrize(("field", "value", "message"), [
    ("birth_date", "31/02/2001", "dd/mm/yyyy"),
    ("birth_date", "01/01/0001", "không được trước 01/01/1900"),
    ("proposed_on", "01/01/2999", "không được sau"),
    ("birth_date", "", "bắt buộc"),
])  # fmt: skip
def test_propose_absurd_dates_are_refused_with_nothing_saved(world, as_officer, field, value, message):
    response = as_officer.post(URL, form_data(world, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Candidate.objects.exists()


def test_propose_markup_and_formulas_in_names_stay_text(world, as_officer):
    as_officer.post(URL, form_data(world, family_name="<b>Lý</b>", given_name="=1+2"))
    candidate = Candidate.objects.get()
    body = as_officer.get(reverse("admissions:detail", args=[candidate.pk])).content.decode()
    assert "<b>Lý</b>" not in body
    assert "&lt;b&gt;Lý&lt;/b&gt;" in body and "=1+2" in body


def test_propose_unknown_former_card_is_refused(world, as_officer):
    response = as_officer.post(URL, form_data(world, former_card="99999999", left_party_on="01/01/2015"))
    assert "Không tìm thấy đảng viên có số thẻ này" in response.content.decode()
    assert 'id="readmission" open' in response.content.decode()
    assert not Candidate.objects.exists()


def test_propose_former_card_outside_the_scope_is_not_found_nor_named_and_logged(world, as_officer):
    world.m3.card_number = "88880001"
    world.m3.save(update_fields=["card_number"])
    response = as_officer.post(URL, form_data(world, former_card="88880001", left_party_on="01/01/2015"))
    body = response.content.decode()
    assert "Không tìm thấy đảng viên có số thẻ này" in body and "Bảo" not in body
    assert denied_count("member", world.m3.pk) == 1
    assert not Candidate.objects.exists()


def test_propose_former_card_of_a_member_still_on_the_rolls_is_refused(world, as_officer):
    world.m2.card_number = "88880002"
    world.m2.save(update_fields=["card_number"])
    data = form_data(world, former_card="88880002", left_party_on="01/01/2015", citizen_id=world.m2.citizen_id)
    response = as_officer.post(URL, data)
    assert "đang có tên trong danh sách đảng viên" in response.content.decode()
    assert not Candidate.objects.exists()


def test_propose_duplicate_citizen_id_is_explained(world, as_officer):
    as_officer.post(URL, form_data(world))
    response = as_officer.post(URL, form_data(world, given_name="Hai"))
    assert response.status_code == 200
    assert Candidate.objects.count() == 1
    assert audit_count("admissions.candidate.viewed", Candidate.objects.get().pk) == 0
