"""Absurd dates in the pages, the API and the import are refused with a message (never a 500): the audit
filters, the tree as of a day, the member sheet, the API's date parameter and member creation, an import row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members.models import Member
from tests.api.conftest import api_client
from tests.members.test_import_support import errors_of, last_job, make_xlsx, member_row, upload
from tests.members.test_member_forms import CREATE, sheet

from .test_date_limits import BAD_DATES

AUDIT = reverse("accounts:audit")
TREE = reverse("organizations:tree")


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize(("value", "message"), BAD_DATES.items())
def test_audit_filter_absurd_date_is_a_form_error(world, as_bloc_officer, field, value, message):
    response = as_bloc_officer.get(AUDIT, {field: value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert response.context["page"] is None


@pytest.mark.parametrize(("value", "message"), BAD_DATES.items())
def test_tree_as_of_absurd_date_is_a_form_error(world, as_bloc_officer, value, message):
    response = as_bloc_officer.get(TREE, {"ngay": value})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["ngay"])


@pytest.mark.parametrize("field", ["birth_date", "admission_decision_date", "ceremony_date", "full_membership_date"])
@pytest.mark.parametrize(("value", "message"), BAD_DATES.items())
def test_member_sheet_absurd_date_is_refused_and_nothing_saved(world, as_officer, field, value, message):
    if field != "birth_date":
        message = message.replace("01/01/1900", "03/02/1930")  # admission dates start at the Party's founding
    before = Member.objects.count()
    response = as_officer.post(CREATE, {"to_chuc": world.cell_a2.pk, **sheet(**{field: value})})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert Member.objects.count() == before


def test_member_sheet_admission_before_the_partys_founding_is_refused(world, as_officer):
    response = as_officer.post(
        CREATE, {"to_chuc": world.cell_a2.pk, **sheet(birth_date="01/01/1900", admission_decision_date="02/02/1930")}
    )
    assert "Ngày không được trước 03/02/1930." in " ".join(response.context["form"].errors["admission_decision_date"])


@pytest.mark.parametrize("ngay", ["9999-12-31", "0001-01-01", "2023-02-29", "abc"])
def test_api_tree_as_of_absurd_date_is_400(world, ngay):
    response = api_client(world.officer).get(
        reverse("api-organization-tree-as-of", args=[world.org_a.pk]), {"ngay": ngay}
    )
    assert response.status_code == 400
    assert "ngay" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": "0001-01-01"}, "Ngày sinh không được trước 01/01/1900."),
        ({"birth_date": "9999-12-31"}, "Ngày sinh phải trước ngày hôm nay."),
        ({"admission_decision_date": "1929-12-31", "birth_date": "1900-01-01"}, "ngày thành lập Đảng (03/02/1930)"),
    ],
)
def test_api_member_create_absurd_date_is_400_and_nothing_saved(world, overrides, message):
    from tests.api.test_members import LIST, new_member

    before = Member.objects.count()
    data = new_member(world.cell_a1.pk, **overrides)
    response = api_client(world.officer).post(LIST, data, format="json")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Member.objects.count() == before


def test_import_row_absurd_dates_are_row_errors(world, as_officer, django_capture_on_commit_callbacks):
    rows = [member_row(1, "A1", **{"Ngày sinh": "01/01/0001"}), member_row(2, "A1", **{"Ngày sinh": "31/12/9999"})]
    upload(as_officer, make_xlsx([], rows), django_capture_on_commit_callbacks)
    errors = errors_of(last_job())
    assert any("'01/01/0001' nằm ngoài khoảng ngày hợp lệ (01/01/1900 –" in e for e in errors), errors
    assert any("'31/12/9999' nằm ngoài khoảng ngày hợp lệ" in e for e in errors), errors
