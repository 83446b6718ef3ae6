from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.members import services, views
from dangbo.members.models import Member
from tests.factories import make_member

from .conftest import count_queries, denied_count

URL = reverse("members:list")


def names(response) -> list[str]:
    return [row.member.full_name for row in response.context["rows"]]


def test_member_list_officer_sees_own_subtree_only(world, as_officer):
    response = as_officer.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Nguyễn Văn Hùng", "Đặng Thị Lan"]
    assert "Trần Quốc Bảo" not in response.content.decode()


def test_member_list_bloc_officer_sees_whole_tree(world, as_bloc_officer):
    response = as_bloc_officer.get(URL)
    assert names(response) == ["Trần Quốc Bảo", "Nguyễn Văn Hùng", "Đặng Thị Lan"]


def test_member_list_member_without_right_is_refused(world, as_member):
    assert as_member.get(URL).status_code == 403


def test_member_list_outsider_sees_only_their_unit(world, as_outsider):
    response = as_outsider.get(URL)
    assert names(response) == ["Trần Quốc Bảo"]


def test_member_list_subtree_out_of_scope_is_404_and_logged(world, as_outsider):
    response = as_outsider.get(URL, {"to_chuc": world.org_a.pk})
    assert response.status_code == 404
    assert denied_count("organization", world.org_a.pk) == 1


def test_member_list_anonymous_is_sent_to_login(world, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguyen van hung", ["Nguyễn Văn Hùng"]),
        ("NGUYEN VAN HUNG", ["Nguyễn Văn Hùng"]),
        ("dang", ["Đặng Thị Lan"]),
        ("Đặng Thị", ["Đặng Thị Lan"]),
        ("hung", ["Nguyễn Văn Hùng"]),
        ("01000002", ["Đặng Thị Lan"]),
        ("034080000001", ["Nguyễn Văn Hùng"]),
        ("bao", []),  # Trần Quốc Bảo is outside the officer's scope
    ],
)
def test_member_list_search_is_accent_insensitive_and_scoped(world, as_officer, text, expected):
    assert names(as_officer.get(URL, {"q": text})) == expected


def test_member_list_htmx_request_gets_results_partial(world, as_officer):
    response = as_officer.get(URL, {"q": "dang"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Đặng Thị Lan" in body and "Nguyễn Văn Hùng" not in body
    assert response.templates[0].name == "members/_results.html"


def test_member_list_full_page_has_live_search_box(world, as_officer):
    body = as_officer.get(URL).content.decode()
    assert 'hx-trigger="input changed delay:300ms, search"' in body
    assert 'hx-push-url="true"' in body
    assert 'data-label="Họ và tên"' in body


def test_member_list_filter_by_gender(world, as_officer):
    assert names(as_officer.get(URL, {"gender": "female"})) == ["Đặng Thị Lan"]
    assert names(as_officer.get(URL, {"gender": "male"})) == ["Nguyễn Văn Hùng"]


def test_member_list_default_status_hides_members_off_the_rolls(world, as_officer):
    services.change_status(actor=None, member=world.m2, status="deceased", on=world.m2.full_membership_date)
    assert names(as_officer.get(URL)) == ["Nguyễn Văn Hùng"]
    assert names(as_officer.get(URL, {"status": "all"})) == ["Nguyễn Văn Hùng", "Đặng Thị Lan"]
    assert names(as_officer.get(URL, {"status": "deceased"})) == ["Đặng Thị Lan"]


def test_member_list_filter_by_subtree(world, as_officer):
    make_member(organization=world.cell_a2, family_name="Lê", middle_name="Minh", given_name="Châu")
    assert names(as_officer.get(URL, {"to_chuc": world.cell_a2.pk})) == ["Lê Minh Châu"]
    assert names(as_officer.get(URL, {"to_chuc": world.org_a.pk})) == [
        "Lê Minh Châu",
        "Nguyễn Văn Hùng",
        "Đặng Thị Lan",
    ]


def test_member_list_filter_by_age_band(world, as_officer, years_ago):
    # m1 and m2 were born in 1980. Someone who turned 30 today is in 30–39; one day short of 30 is under 30.
    make_member(
        organization=world.cell_a2,
        given_name="Ba Mươi",
        birth_date=years_ago(30),
        admission_decision_date=years_ago(5),
        ceremony_date=None,
        full_membership_date=None,
    )
    make_member(
        organization=world.cell_a2,
        given_name="Hai Chín",
        birth_date=years_ago(30, days=-1),
        admission_decision_date=years_ago(5),
        ceremony_date=None,
        full_membership_date=None,
    )
    assert names(as_officer.get(URL, {"age_band": "lt30"})) == ["Nguyễn Văn Hai Chín"]
    assert names(as_officer.get(URL, {"age_band": "30-39"})) == ["Nguyễn Văn Ba Mươi"]
    assert names(as_officer.get(URL, {"age_band": "40-49"})) == ["Nguyễn Văn Hùng", "Đặng Thị Lan"]
    assert names(as_officer.get(URL, {"age_band": "gte60"})) == []


def test_member_list_filter_by_seniority_band(world, as_officer, years_ago):
    make_member(
        organization=world.cell_a2,
        given_name="Mới",
        birth_date=years_ago(30),
        admission_decision_date=years_ago(5, days=-1),
        ceremony_date=None,
        full_membership_date=None,
    )
    make_member(
        organization=world.cell_a2,
        given_name="Năm Năm",
        birth_date=years_ago(30),
        admission_decision_date=years_ago(5),
        ceremony_date=None,
        full_membership_date=None,
    )
    assert names(as_officer.get(URL, {"seniority_band": "lt5"})) == ["Nguyễn Văn Mới"]
    assert names(as_officer.get(URL, {"seniority_band": "5-9"})) == ["Nguyễn Văn Năm Năm"]
    # m1, m2: admitted 19/05/2005
    assert names(as_officer.get(URL, {"seniority_band": "20-29"})) == ["Nguyễn Văn Hùng", "Đặng Thị Lan"]


def test_member_list_filter_by_theory_level(world, as_officer):
    Member.objects.filter(pk=world.m2.pk).update(political_theory_level="advanced")
    assert names(as_officer.get(URL, {"theory_level": "advanced"})) == ["Đặng Thị Lan"]


def test_member_list_bad_filter_value_shows_message_and_no_rows(world, as_officer):
    response = as_officer.get(URL, {"age_band": "old"})
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Bộ lọc không hợp lệ" in response.content.decode()


def test_member_list_vietnamese_order_given_then_family_then_middle(world, as_officer):
    for family, given in [
        ("Hoàng", "Hùng"),
        ("Phạm", "Đức"),
        ("Lê", "An"),
        ("Vũ", "Bình"),
        ("Ngô", "Ánh"),
        ("Bùi", "An"),
    ]:
        make_member(organization=world.cell_a2, family_name=family, middle_name="Văn", given_name=given)
    make_member(organization=world.cell_a2, family_name="Bùi", middle_name="Thị", given_name="An")
    got = names(as_officer.get(URL, {"to_chuc": world.cell_a2.pk}))
    assert got == [
        "Bùi Thị An",
        "Bùi Văn An",
        "Lê Văn An",
        "Ngô Văn Ánh",
        "Vũ Văn Bình",
        "Phạm Văn Đức",
        "Hoàng Văn Hùng",
    ]


def test_member_list_paginates(world, as_officer, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    first = as_officer.get(URL)
    second = as_officer.get(URL, {"page": 2})
    assert names(first) == ["Nguyễn Văn Hùng"]
    assert names(second) == ["Đặng Thị Lan"]
    assert first.context["page"].paginator.count == 2
    assert "page=2" in first.content.decode()


def test_member_list_query_count_does_not_grow_with_rows(world, as_officer):
    make_member(organization=world.cell_a2, given_name="Một")
    one = count_queries(as_officer, URL, data={"to_chuc": world.cell_a2.pk})
    make_member(organization=world.cell_a2, given_name="Hai")
    make_member(organization=world.cell_a2, given_name="Ba")
    three = count_queries(as_officer, URL, data={"to_chuc": world.cell_a2.pk})
    assert one == three


def test_member_list_add_link_preselects_filtered_cell_only(world, as_officer, as_bloc_officer):
    create = reverse("members:create")
    body = as_officer.get(URL, {"to_chuc": world.cell_a2.pk}).content.decode()
    assert f'href="{create}?to_chuc={world.cell_a2.pk}"' in body
    body = as_officer.get(URL, {"to_chuc": world.org_a.pk}).content.decode()  # not a cell
    assert f'href="{create}"' in body
    assert "Thêm đảng viên" not in login_as_propaganda(world).get(URL).content.decode()


def login_as_propaganda(world):
    from dangbo.accounts.enums import RoleKind
    from tests.conftest import login
    from tests.factories import make_user

    return login(make_user("tuyengiao", role=RoleKind.BLOC_PROPAGANDA_OFFICER, organization=world.bloc))
