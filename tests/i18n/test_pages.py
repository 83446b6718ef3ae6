"""Pages in both languages: Vietnamese by default, English once chosen; dates dd/mm/yyyy in both.

The world fixture's members m1 and m2 (cell A1) were admitted on 19/05/2005 and born on 01/01/1980; the officer
of grassroots A sees A, its cells A1 and A2 and their members.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.members.enums import MemberStatus

from ..conftest import login
from .conftest import choose_language

NAVIGATION_VI = [
    "Tổ chức đảng", "Chỉ tiêu", "Đánh giá, xếp loại", "Danh hiệu", "Kế hoạch, báo cáo", "Đảng viên", "Kết nạp",
    "Sinh hoạt chi bộ", "Biến động đảng viên", "Đảng phí", "Kiểm tra, kỷ luật", "Khen thưởng", "Đào tạo, bồi dưỡng",
    "Hộp thư hỏi đáp", "Nhập dữ liệu", "Nhật ký", "Đăng xuất",
]  # fmt: skip
NAVIGATION_EN = [
    "Party organizations", "Targets", "Quality rating", "Designations", "Plans, reports", "Party members", "Admissions",
    "Cell life", "Member movements", "Party dues", "Inspection and discipline", "Recognition", "Training",
    "Questions inbox", "Import data", "Audit log", "Sign out",
]  # fmt: skip
MEMBER_HEADERS_VI = ["Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ", "Trạng thái", "Ngày vào Đảng", "Tuổi đảng"]
MEMBER_HEADERS_EN = [
    "Full name",
    "Date of birth",
    "Gender",
    "Party cell",
    "Status",
    "Admission date",
    "Party seniority",
]


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def navigation(html: str) -> list[str]:
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav is not None
    links = re.findall(r"<a [^>]*>([^<]+)</a>", nav.group(1))
    logout = re.search(r'dang-xuat/".*?<button class="linklike">([^<]+)</button>', html, re.S)
    assert logout is not None
    return [*links, logout.group(1)]


def table_headers(html: str) -> list[str]:
    thead = re.search(r"<thead>(.*?)</thead>", html, re.S)
    assert thead is not None
    return re.findall(r"<th[^>]*>([^<]+)</th>", thead.group(1))


def kind_badges(html: str) -> list[str]:
    return re.findall(r'<span class="badge kind">([^<]+)</span>', html)


def status_badges(html: str) -> list[str]:
    return re.findall(r'<span class="badge status-[a-z_]+">([^<]+)</span>', html)


def test_home_navigation_is_vietnamese_by_default(as_officer):
    html = page(as_officer, "/")
    assert '<html lang="vi">' in html
    assert navigation(html) == [*NAVIGATION_VI[:16], "API", NAVIGATION_VI[16]]
    assert "Party members" not in html


def test_home_navigation_is_english_after_choosing_english(as_officer):
    choose_language(as_officer, "en")
    html = page(as_officer, "/")
    assert '<html lang="en">' in html
    assert navigation(html) == [*NAVIGATION_EN[:16], "API", NAVIGATION_EN[16]]
    assert "Digital Party Committee" in html
    # The switch now offers the way back, and no Vietnamese navigation is left.
    assert '<button name="language" value="vi"' in html
    assert "Đăng xuất" not in html


def test_language_switch_back_to_vietnamese(as_officer):
    choose_language(as_officer, "en")
    choose_language(as_officer, "vi")
    html = page(as_officer, "/")
    assert navigation(html) == [*NAVIGATION_VI[:16], "API", NAVIGATION_VI[16]]


def test_member_list_is_vietnamese_by_default_with_dates_dd_mm_yyyy(world, as_officer):
    assert world.m1.status == MemberStatus.FULL
    html = page(as_officer, reverse("members:list"))
    assert table_headers(html) == MEMBER_HEADERS_VI
    assert status_badges(html) == ["Đảng viên chính thức", "Đảng viên chính thức"]
    assert html.count("19/05/2005") == 2 and html.count("01/01/1980") == 2


def test_member_list_is_english_with_language_cookie_and_dates_stay_dd_mm_yyyy(world, as_officer):
    assert world.m1.status == MemberStatus.FULL
    as_officer.cookies["django_language"] = "en"
    html = page(as_officer, reverse("members:list"))
    assert table_headers(html) == MEMBER_HEADERS_EN
    assert status_badges(html) == ["Full member", "Full member"]
    assert '<option value="probationary">Probationary member</option>' in html
    assert html.count("19/05/2005") == 2 and html.count("01/01/1980") == 2
    assert "2005-05-19" not in html and "May" not in html


def test_member_page_and_form_keep_dd_mm_yyyy_in_english(world, as_officer):
    choose_language(as_officer, "en")
    detail = page(as_officer, reverse("members:detail", args=[world.m1.pk]))
    assert "<dt>Admission decision date</dt><dd>19/05/2005</dd>" in detail
    assert "<dt>Party cell</dt><dd>Chi bộ Phòng Ngân sách</dd>" in detail
    form = page(as_officer, reverse("members:edit", args=[world.m1.pk]))
    assert re.search(r'name="admission_decision_date" value="19/05/2005"', form)
    assert '<label for="id_card_number">Party card number</label>' in form


def test_organization_tree_kind_badges_are_vietnamese_by_default(as_officer):
    html = page(as_officer, reverse("organizations:tree"))
    assert kind_badges(html) == ["Đảng bộ cơ sở", "Chi bộ trực thuộc", "Chi bộ trực thuộc"]


def test_organization_tree_kind_badges_are_english_after_choosing_english(as_officer):
    choose_language(as_officer, "en", next_url=reverse("organizations:tree"))
    html = page(as_officer, reverse("organizations:tree"))
    assert kind_badges(html) == ["Grassroots party committee", "Party cell", "Party cell"]
    assert "2 party members · 2 subordinate organizations" in html


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("vi", "Cây tổ chức và số đảng viên tại ngày 01/01/2020"),
        ("en", "Organization tree and party member counts on 01/01/2020"),
    ],
)
def test_organization_tree_as_of_date_stays_dd_mm_yyyy(as_officer, language, sentence):
    as_officer.cookies["django_language"] = language
    html = page(as_officer, reverse("organizations:tree") + "?ngay=01/01/2020")
    assert sentence in html
    assert 'name="ngay" value="01/01/2020"' in html


def test_login_page_and_its_error_are_english(world):
    client = Client()
    client.cookies["django_language"] = "en"
    html = page(client, reverse("accounts:login"))
    assert '<label for="id_username">Username' in html and '<label for="id_password">Password' in html
    response = client.post(reverse("accounts:login"), {"username": world.officer.username, "password": "sai"})
    assert "Incorrect username or password." in response.content.decode()


def test_language_choice_does_not_widen_scope(world):
    client = login(world.outsider)
    choose_language(client, "en")
    assert client.get(reverse("members:detail", args=[world.m1.pk])).status_code == 404
