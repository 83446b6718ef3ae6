"""The year report's workbook: organization names typed as formulas are written as text, figures stay numbers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangbo.organizations.models import Organization
from dangbo.reporting.document import document_info
from dangbo.reporting.excel import build_workbook
from dangbo.reporting.year_report import year_report
from tests.core.spreadsheet_checks import text_cells

from .conftest import YEAR, Rated

pytestmark = pytest.mark.django_db


BLOC_NAME = '=HYPERLINK("http://x","y")'
ORG_A_NAME = "@SUM(A1)"


def test_year_report_excel_formula_names_are_text(computed: Rated) -> None:
    w = computed.world
    Organization.objects.filter(pk=w.bloc.pk).update(name=BLOC_NAME)
    Organization.objects.filter(pk=w.org_a.pk).update(name=ORG_A_NAME)
    w.bloc.refresh_from_db()
    info = document_info(w.bloc, year=YEAR, day=dt.date(2025, 12, 5), number="15", signer_name="-Người ký")
    content = build_workbook(year_report(w.bloc, year=YEAR), info)
    texts = text_cells(content)
    assert f"{BLOC_NAME}, năm {YEAR}" in texts
    assert ORG_A_NAME in texts
    below = load_workbook(io.BytesIO(content))["Chưa đạt chỉ tiêu"]
    first = next(below.iter_rows(min_row=4, max_row=4))
    assert first[0].data_type == "n" and first[5].number_format == "0.0%"
