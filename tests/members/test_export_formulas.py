"""Names typed as formulas leave the system as text: the member export (inline and as a job) and the import
template are read back, no cell is a formula and every text reads as it was typed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dangbo.core.models import BackgroundJob
from dangbo.members.import_template import build_template
from dangbo.members.models import Member
from tests.core.spreadsheet_checks import FORMULA_TEXTS, text_cells
from tests.factories import make_member

from .test_member_export import URL

FIELDS = ("family_name", "middle_name", "given_name", "home_town", "position", "workplace", "profession")


@pytest.fixture
def formula_member(world):
    """A member whose text fields hold formula-like text (stored directly: the export must cope with old data)."""
    member = make_member(organization=world.cell_a1)
    Member.objects.filter(pk=member.pk).update(**dict(zip(FIELDS, FORMULA_TEXTS, strict=True)))
    return member


def _assert_formula_texts_kept(content: bytes) -> None:
    texts = text_cells(content)
    for text in FORMULA_TEXTS:
        assert text in texts
    sheet = load_workbook(io.BytesIO(content)).active
    dates = [c for c in sheet[2] if c.is_date]
    assert dates and all(isinstance(c.value, dt.datetime) for c in dates)  # dates stay real dates


def test_member_export_formula_names_are_text(world, formula_member, as_officer):
    response = as_officer.get(URL)
    assert response.status_code == 200
    _assert_formula_texts_kept(response.content)


def test_member_export_job_formula_names_are_text(
    world, formula_member, as_officer, settings, django_capture_on_commit_callbacks
):
    settings.DANGBO_EXPORT_INLINE_MAX_ROWS = 1
    with django_capture_on_commit_callbacks(execute=True):
        as_officer.post(URL, HTTP_HX_REQUEST="true")
    job = BackgroundJob.objects.get(kind="members.export")
    assert job.state == BackgroundJob.State.DONE, job.message
    with job.output_file.open("rb") as f:
        _assert_formula_texts_kept(f.read())


def test_import_template_has_no_formula_cells():
    texts = text_cells(build_template(max_bytes=5 * 1024 * 1024))
    assert "HƯỚNG DẪN NHẬP TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN" in texts
    assert "Ngày dạng dd/mm/yyyy" in texts
