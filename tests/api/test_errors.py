"""One error body for every refused call, pagination answered with 400, Vietnamese messages (DRF's included),
e-mail null rather than "", `version` required in the schema of a partial edit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from dangbo.members.models import Member
from tests.conftest import World

from .test_members import new_member

LIST = reverse("api-member-list")
ORGS = reverse("api-organization-list")
KEYS = {"detail", "code", "field", "errors"}


def detail(pk: Any) -> str:
    return f"{LIST}{pk}/"


def assert_error_body(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == KEYS
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    assert body["field"] is None or body["field"] in body["errors"]
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)
    return body


# ---- the one body ---------------------------------------------------------------------------------


def test_error_body_for_an_anonymous_call(world: World, api_anonymous: APIClient) -> None:
    body = assert_error_body(api_anonymous.get(LIST), 401)
    assert body["code"] == "not_authenticated" and body["errors"] == {}


def test_error_body_for_an_unknown_token(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token abc.def")
    body = assert_error_body(client.get(LIST), 401)
    assert body["detail"] == "Mã truy cập API không đúng."


@override_settings(DANGBO_REQUIRE_2FA_FOR_OFFICERS=True)
def test_error_body_for_a_session_without_two_factor(world: World, api_officer: APIClient) -> None:
    assert assert_error_body(api_officer.get(LIST), 403)["code"] == "permission_denied"


@pytest.mark.parametrize("pk", ["999999", "abc", "-1", "0", "9" * 30])
def test_error_body_for_a_missing_or_malformed_id_is_404(world: World, api_officer: APIClient, pk: str) -> None:
    body = assert_error_body(api_officer.get(detail(pk)), 404)
    assert body["detail"] == "Không tìm thấy."


def test_error_body_for_invalid_data_lists_every_field(world: World, api_officer: APIClient) -> None:
    data = new_member(world.cell_a2.pk, gender="x")
    data["organization"] = "abc"
    del data["birth_date"]
    body = assert_error_body(api_officer.post(LIST, data, format="json"), 400)
    assert body["errors"] == {
        "organization": ["Cần một số nguyên hợp lệ."],
        "gender": ["“x” không phải là một lựa chọn hợp lệ."],
        "birth_date": ["Trường này là bắt buộc."],
    }
    first = next(iter(body["errors"]))  # the serializer's field order
    assert (body["field"], body["detail"]) == (first, body["errors"][first][0])
    assert Member.objects.count() == 3


def test_error_body_for_a_body_that_is_not_json(world: World, api_officer: APIClient) -> None:
    response = api_officer.post(LIST, "{khong phai json", content_type="application/json")
    body = assert_error_body(response, 400)
    assert body["detail"].startswith("Yêu cầu sai cấu trúc")


def test_error_body_for_a_bad_filter(world: World, api_officer: APIClient) -> None:
    body = assert_error_body(api_officer.get(ORGS, {"kind": "khong_co"}), 400)
    assert body["field"] == "kind"


def test_error_body_for_a_stale_version_and_a_missing_one(world: World, api_officer: APIClient) -> None:
    stale = assert_error_body(api_officer.patch(detail(world.m1.pk), {"version": 99, "phone": "1"}, format="json"), 409)
    assert stale["code"] == "stale"
    missing = assert_error_body(api_officer.patch(detail(world.m1.pk), {"phone": "1"}, format="json"), 400)
    assert missing["field"] == "version"


def test_error_messages_follow_english_when_the_user_chose_it(world: World, api_officer: APIClient) -> None:
    api_officer.cookies["django_language"] = "en"
    body = assert_error_body(api_officer.post(LIST, {}, format="json"), 400)
    assert body["errors"]["birth_date"] == ["This field is required."]


# ---- pagination ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "0"}, "page", "Số trang (page) cần là số nguyên từ 1."),
        ({"page": "-1"}, "page", "Số trang (page) cần là số nguyên từ 1."),
        ({"page": "abc"}, "page", "Số trang (page) cần là số nguyên từ 1."),
        ({"page": "last"}, "page", "Số trang (page) cần là số nguyên từ 1."),
        ({"page": "2"}, "page", "Không có trang 2: danh sách có 1 trang."),
        ({"page_size": "0"}, "page_size", "Số dòng mỗi trang (page_size) cần là số nguyên từ 1 đến 200."),
        ({"page_size": "201"}, "page_size", "Số dòng mỗi trang (page_size) cần là số nguyên từ 1 đến 200."),
        ({"page_size": "x"}, "page_size", "Số dòng mỗi trang (page_size) cần là số nguyên từ 1 đến 200."),
        ({"page_size": "9" * 40}, "page_size", "Số dòng mỗi trang (page_size) cần là số nguyên từ 1 đến 200."),
    ],
)
def test_bad_page_or_page_size_is_400(
    world: World, api_officer: APIClient, params: dict[str, str], field: str, message: str
) -> None:
    body = assert_error_body(api_officer.get(LIST, params), 400)
    assert (body["field"], body["errors"]) == (field, {field: [message]})


def test_first_page_of_an_empty_list_is_200(world: World, api_outsider: APIClient) -> None:
    response = api_outsider.get(ORGS, {"kind": "cell", "parent": world.cell_b1.pk, "page": 1, "page_size": 200})
    assert response.status_code == 200 and response.json()["results"] == []


# ---- e-mail and version in the schema and the data -------------------------------------------------------


def test_member_email_is_null_when_there_is_none(world: World, api_officer: APIClient) -> None:
    assert api_officer.get(detail(world.m1.pk)).json()["email"] is None


def test_member_email_accepts_null_and_an_address(world: World, api_officer: APIClient) -> None:
    set_it = api_officer.patch(detail(world.m1.pk), {"version": 1, "email": "an@example.vn"}, format="json")
    assert set_it.json()["email"] == "an@example.vn"
    cleared = api_officer.patch(detail(world.m1.pk), {"version": 2, "email": None}, format="json")
    assert cleared.status_code == 200 and cleared.json()["email"] is None
    world.m1.refresh_from_db()
    assert world.m1.email == ""


def test_schema_declares_the_error_body_null_email_and_required_version(db: None) -> None:
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert set(components["Error"]["required"]) == KEYS
    assert components["MemberDetail"]["properties"]["email"]["nullable"] is True
    assert "version" in components["PatchedMemberUpdate"]["required"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                if code.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (method, path, code)
    members = schema["paths"]["/api/v1/members/"]["get"]
    assert "400" in members["responses"] and "401" in members["responses"]
    page = next(p for p in members["parameters"] if p["name"] == "page")
    assert page["schema"]["minimum"] == 1


def test_member_unset_choices_are_null(world: World, api_officer: APIClient) -> None:
    body = api_officer.get(detail(world.m1.pk)).json()
    assert body["education"] is None
    Member.objects.filter(pk=world.m1.pk).update(education="university")
    assert api_officer.get(detail(world.m1.pk)).json()["education"] == "university"
