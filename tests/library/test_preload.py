"""The documents the system cites are preloaded, published to everybody, with their replacements."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.library.enums import Validity
from dangbo.library.models import PartyDocument
from dangbo.library.selectors import document_by_reference, validity_chain

pytestmark = pytest.mark.django_db


def test_preload_holds_the_plan_and_its_resolution():
    plan = document_by_reference("20", "KH/ĐUK", 2024)
    assert plan is not None
    assert plan.issued_on == dt.date(2024, 4, 23)
    assert plan.issuer_name == "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình"
    assert plan.title.startswith("Thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022")
    assert plan.reference == "20-KH/ĐUK" and plan.kind == "plan" and not plan.file
    resolution = document_by_reference("21", "NQ/TW", 2022)
    assert resolution is not None and resolution.issuer_name == "Ban Chấp hành Trung ương"
    assert list(plan.publications.values_list("path", flat=True)) == [""]


@pytest.mark.parametrize(
    ("number", "symbol", "year"),
    [("24", "QĐ/TW", 2021), ("01", "HD/TW", 2021), ("294", "QĐ/TW", 2025), ("69", "QĐ/TW", 2022),
     ("296", "QĐ/TW", 2025), ("342", "QĐ/TW", 2010), ("01", "QĐ/TW", 2026), ("11", "HD/BTCTW", 2021),
     ("28", "CT/TW", 2019), ("124", "QĐ/TW", 2023), ("366", "QĐ/TW", 2025), ("12", "HD/BTCTW", 2018),
     ("42", "HD/BTCTW", 2025), ("02", "HD/BTCTW", 2021), ("22", "QĐ/TW", 2021), ("102", "QĐ/TW", 2017)],
)  # fmt: skip
def test_preload_holds_each_cited_rule_document(number, symbol, year):
    found = document_by_reference(number, symbol, year)
    assert found is not None and found.reference == f"{number}-{symbol}"


def test_reference_lookup_ignores_case_and_wrong_year():
    assert document_by_reference("20", "kh/đuk", 2024) is not None
    assert document_by_reference("20", "KH/ĐUK", 2023) is None


def test_preloaded_replacements_form_a_chain():
    old = document_by_reference("102", "QĐ/TW", 2017)
    assert old is not None and old.validity == Validity.REPLACED
    chain = [d.reference for d in validity_chain(old)]
    assert chain == ["102-QĐ/TW", "69-QĐ/TW", "264-QĐ/TW"]
    amended = document_by_reference("69", "QĐ/TW", 2022)
    assert amended is not None and amended.validity == Validity.AMENDED
    assert [d.reference for d in validity_chain(amended)] == chain
    assert PartyDocument.objects.get(number="294", year=2025).validity == Validity.IN_FORCE
