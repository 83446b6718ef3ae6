"""The report page /bao-cao/ with the three personas, the background job with its progress and download,
the audit entry, the refusals (another unit, a year without figures, an unknown format, a cell, a missing
font, a right lost before the job runs) and the query count of the recent reports list."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from dangbo.accounts.models import Role
from dangbo.accounts.scope import scope_for
from dangbo.core.jobs import execute_job
from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.models import Committee, CommitteeSeat
from dangbo.reporting.services import JOB_KIND, DocumentParams, generate_year_report, start_year_report

from ..conftest import World, login
from .conftest import YEAR, Rated
from .pdf_text import read_pdf

pytestmark = pytest.mark.django_db

URL = reverse("reporting:year_report")


def _post_data(org_id: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "to_chuc": org_id, "nam": YEAR, "dinh_dang": "pdf", "so": "07", "ky_hieu": "BC/ĐU",
        "noi_ban_hanh": "Thái Bình", "ngay": "05/12/2025", "thay_mat": "T/M ĐẢNG ỦY", "chuc_vu": "BÍ THƯ",
        "nguoi_ky": "Phạm Văn Minh", "noi_nhan": "Ban Thường vụ Đảng ủy Khối (để báo cáo)\nLưu Văn phòng",
        "cap_tren": "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh",
    }  # fmt: skip
    data.update(overrides)
    return data


def _generated() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="reporting.year_report.generated"))


def test_page_officer_sees_form_with_defaults(computed: Rated, as_officer: Client) -> None:
    response = as_officer.get(URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert response.context["organization"] == computed.world.org_a
    assert (form.initial["nam"], form.initial["ky_hieu"], form.initial["thay_mat"], form.initial["noi_ban_hanh"]) == (
        YEAR, "BC/ĐU", "T/M ĐẢNG ỦY", "Thái Bình")  # fmt: skip
    assert form.initial["cap_tren"] == "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"  # the parent in the tree
    assert form.initial["noi_nhan"].splitlines()[0] == (
        "Ban Thường vụ Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh (để báo cáo)"
    )
    assert "Lập báo cáo" in response.content.decode()


def test_page_bloc_officer_defaults_to_bloc(computed: Rated, as_bloc_officer: Client) -> None:
    response = as_bloc_officer.get(URL)
    assert response.context["organization"] == computed.world.bloc
    assert response.context["form"].initial["ky_hieu"] == "BC/ĐUK"
    assert response.context["form"].initial["thay_mat"] == "T/M BAN THƯỜNG VỤ"
    assert response.context["form"].initial["cap_tren"] == "Đảng bộ tỉnh Thái Bình"  # the tree's top: the setting
    w = computed.world
    choices = [o.pk for o in response.context["choices"]]  # the bloc and its grassroots organizations; no cells
    assert choices == [w.bloc.pk, w.org_b.pk, w.org_a.pk]  # by level, then in Vietnamese order


def test_page_signer_defaults_to_the_secretary(computed: Rated, as_officer: Client) -> None:
    w = computed.world
    committee = Committee.objects.create(organization=w.org_a, term_label="2020–2025", term_start=dt.date(2020, 9, 1))
    CommitteeSeat.objects.create(committee=committee, member=w.m2, position=CommitteePosition.DEPUTY_SECRETARY,
                                 start=dt.date(2020, 9, 1))  # fmt: skip
    CommitteeSeat.objects.create(committee=committee, member=w.m1, position=CommitteePosition.SECRETARY,
                                 start=dt.date(2020, 9, 1))  # fmt: skip
    assert as_officer.get(URL).context["form"].initial["nguoi_ky"] == "Nguyễn Văn Hùng"


def test_page_member_refused(computed: Rated, as_member: Client) -> None:
    assert as_member.get(URL).status_code == 403
    assert as_member.post(URL, _post_data(computed.world.cell_a1.pk)).status_code == 403
    assert not BackgroundJob.objects.exists()


def test_page_outsider_other_unit_404_and_logged(computed: Rated, as_outsider: Client) -> None:
    w = computed.world
    assert as_outsider.get(URL, {"to_chuc": w.org_a.pk}).status_code == 404
    assert as_outsider.post(URL, _post_data(w.org_a.pk)).status_code == 404
    denied = AuditEntry.objects.filter(action="core.access.denied", actor=w.outsider)
    assert [(d.object_type, d.object_id) for d in denied] == [("organization", str(w.org_a.pk))] * 2
    assert not BackgroundJob.objects.exists()
    assert _generated() == []


def test_page_outsider_own_unit_allowed(computed: Rated, as_outsider: Client) -> None:
    response = as_outsider.get(URL)
    assert response.context["organization"] == computed.world.org_b


def test_job_makes_pdf_with_progress_download_and_audit(
    computed: Rated, as_officer: Client, django_capture_on_commit_callbacks: Any
) -> None:
    w = computed.world
    with django_capture_on_commit_callbacks(execute=True):
        response = as_officer.post(URL, _post_data(w.org_a.pk))
    assert response.status_code == 200
    job = BackgroundJob.objects.get(kind=JOB_KIND)
    assert job.owner == w.officer
    assert job.params["document"]["number"] == "07"
    assert job.params["document"]["superior"] == "Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh"
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.DONE, job.message
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert job.message == "Đã tạo báo cáo năm 2025 của Đảng bộ Sở Tài chính."
    assert job.output_file.name.endswith("bao-cao-danh-gia-xep-loai-2025-a.pdf")
    [entry] = _generated()
    assert (entry.actor, entry.object_id, entry.scope_path) == (w.officer, str(w.org_a.pk), w.org_a.path)
    assert entry.data == {"year": YEAR, "format": "pdf", "job": job.pk, "bytes": len(job.output_file.read())}

    status = as_officer.get(reverse("core:job", args=[job.pk]))
    assert reverse("core:job_download", args=[job.pk]) in status.content.decode()
    download = as_officer.get(reverse("core:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    pdf = read_pdf(content)
    first, last = pdf.pages()[0], pdf.pages()[-1]
    left_column = [line.text for line in first.lines() if line.x1 < first.width / 2]
    header_left = left_column[: left_column.index("Số 07-BC/ĐU") + 1]
    assert " ".join(header_left[:-2]) == "ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH ĐẢNG ỦY SỞ TÀI CHÍNH"
    assert header_left[-2:] == ["*", "Số 07-BC/ĐU"]
    footer = [line.text for line in last.lines()][-7:-1]  # the page number is last
    assert footer == ["Nơi nhận:", "T/M ĐẢNG ỦY", "- Ban Thường vụ Đảng ủy Khối (để báo cáo),", "BÍ THƯ",
                      "- Lưu Văn phòng.", "Phạm Văn Minh"]  # fmt: skip
    assert login(w.outsider).get(reverse("core:job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(("fmt", "starts"), [("xlsx", b"PK"), ("docx", b"PK")])
def test_job_other_formats(
    computed: Rated, as_officer: Client, django_capture_on_commit_callbacks: Any, fmt: str, starts: bytes
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_officer.post(URL, _post_data(computed.world.org_a.pk, dinh_dang=fmt))
    job = BackgroundJob.objects.get(kind=JOB_KIND)
    assert job.state == BackgroundJob.State.DONE, job.message
    assert job.output_file.name.endswith(f".{fmt}")
    assert job.output_file.read().startswith(starts)
    assert [(e.data or {}).get("format") for e in _generated()] == [fmt]


def test_htmx_post_returns_progress_box(computed: Rated, as_officer: Client) -> None:
    response = as_officer.post(URL, _post_data(computed.world.org_a.pk), HTTP_HX_REQUEST="true")
    job = BackgroundJob.objects.get(kind=JOB_KIND)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="job-{job.pk}"' in body and reverse("core:job", args=[job.pk]) in body
    assert "<html" not in body  # the panel only


def test_year_without_data_refused_nothing_queued(computed: Rated, as_officer: Client) -> None:
    response = as_officer.post(URL, _post_data(computed.world.org_a.pk, nam=2019))
    assert response.status_code == 400
    assert response.context["form"].errors["nam"] == [
        "Chưa có số liệu chỉ tiêu năm 2019 của Đảng bộ Sở Tài chính: hãy khóa đợt đánh giá, xếp loại năm đó "
        "hoặc tính lại chỉ tiêu trước khi lập báo cáo."
    ]
    assert not BackgroundJob.objects.exists()


def test_unknown_format_refused(computed: Rated, as_officer: Client) -> None:
    response = as_officer.post(URL, _post_data(computed.world.org_a.pk, dinh_dang="odt"))
    assert response.status_code == 400
    assert response.context["form"].errors["dinh_dang"] == ["Định dạng “odt” không có; hãy chọn PDF, Word hoặc Excel."]
    assert not BackgroundJob.objects.exists()


def test_bad_year_and_date_refused(computed: Rated, as_officer: Client) -> None:
    response = as_officer.post(URL, _post_data(computed.world.org_a.pk, nam="hai nghìn", ngay="2025-13-40"))
    errors = response.context["form"].errors
    assert errors["nam"] == ["Năm phải là một số, ví dụ 2025."]
    assert errors["ngay"] == ["Ngày phải có dạng dd/mm/yyyy, ví dụ 19/05/2005."]
    assert not BackgroundJob.objects.exists()


def test_cell_refused_on_page(computed: Rated, as_officer: Client) -> None:
    w = computed.world
    page = as_officer.get(URL, {"to_chuc": w.cell_a1.pk})
    assert page.status_code == 200
    assert "Báo cáo chỉ lập cho đảng bộ cấp trên cơ sở hoặc tổ chức cơ sở đảng" in page.content.decode()
    response = as_officer.post(URL, _post_data(w.cell_a1.pk))
    assert response.context["form"].errors["to_chuc"] == ["Tổ chức đảng được chọn không lập được báo cáo."]
    assert not BackgroundJob.objects.exists()


def test_missing_font_refused_before_queueing(computed: Rated, as_officer: Client, tmp_path: Path) -> None:
    with override_settings(DANGBO_PDF_FONT_DIR=str(tmp_path)):
        response = as_officer.post(URL, _post_data(computed.world.org_a.pk))
        excel = as_officer.post(URL, _post_data(computed.world.org_a.pk, dinh_dang="xlsx"))
    assert response.status_code == 400
    [message] = response.context["form"].non_field_errors()
    assert message.startswith("Không tìm thấy phông chữ LiberationSerif-Regular.ttf")
    assert excel.status_code == 200  # the workbook needs no font
    assert BackgroundJob.objects.get().params["format"] == "xlsx"


def test_job_rechecks_scope_when_it_runs(computed: Rated) -> None:
    w = computed.world
    job = start_year_report(actor=w.officer, scope=scope_for(w.officer), organization=w.org_a, year=YEAR, fmt="pdf",
                            params=DocumentParams())  # fmt: skip
    Role.objects.filter(user=w.officer).delete()  # the right is lost before a worker picks the job up
    execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.FAILED
    assert job.message == "Bạn không có quyền lập báo cáo của tổ chức đảng này."
    assert not job.output_file
    assert _generated() == []


def _recent_jobs(w: World, n: int) -> None:
    for i in range(n):
        BackgroundJob.objects.create(kind=JOB_KIND, owner=w.officer, state=BackgroundJob.State.DONE,
                                     params={"organization_name": w.org_a.name, "year": 2020 + i, "format": "pdf"},
                                     output_file=f"jobs/out/bao-cao-{i}.pdf")  # fmt: skip


def _page_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


def test_recent_reports_listed_same_queries(computed: Rated, as_officer: Client) -> None:
    w = computed.world
    _recent_jobs(w, 1)
    one = _page_queries(as_officer)
    _recent_jobs(w, 2)
    page = as_officer.get(URL).content.decode()
    assert page.count(w.org_a.name) >= 3 and "Tải về" in page
    assert _page_queries(as_officer) == one


def test_generate_reports_each_step_then_stores_then_audits(computed: Rated) -> None:
    w = computed.world
    events: list[tuple[Any, ...]] = []

    def store(filename: str, content: bytes) -> None:
        events.append(("store", filename, content[:4], len(_generated())))

    generate_year_report(actor=w.bloc_officer, scope=scope_for(w.bloc_officer), organization=w.bloc, year=YEAR,
                         fmt="pdf", params=DocumentParams(), today=dt.date(2025, 12, 5), store=store,
                         on_step=lambda done, message: events.append((done, message)))  # fmt: skip
    assert events == [
        (0, "Đang đọc số liệu chỉ tiêu…"),
        (1, "Đang vẽ biểu đồ và trình bày văn bản…"),
        (2, "Đang lưu tệp…"),
        ("store", "bao-cao-danh-gia-xep-loai-2025-khoi.pdf", b"%PDF", 0),  # not yet audited
        (3, "Đang ghi nhật ký…"),
    ]
    assert len(_generated()) == 1


def test_generate_store_failure_leaves_no_audit_entry(computed: Rated) -> None:
    w = computed.world

    def store(filename: str, content: bytes) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        generate_year_report(actor=w.bloc_officer, scope=scope_for(w.bloc_officer), organization=w.bloc, year=YEAR,
                             fmt="xlsx", params=DocumentParams(), today=dt.date(2025, 12, 5), store=store)  # fmt: skip
    assert _generated() == []


def test_superior_line_typed_blank_prints_none(
    computed: Rated, as_officer: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        as_officer.post(URL, _post_data(computed.world.org_a.pk, dinh_dang="docx", cap_tren="  "))
    job = BackgroundJob.objects.get(kind=JOB_KIND)
    assert job.state == BackgroundJob.State.DONE, job.message
    assert job.params["document"]["superior"] == ""
    header = Document(io.BytesIO(job.output_file.read())).tables[0].rows[0].cells[0]
    assert [p.text for p in header.paragraphs][:2] == ["ĐẢNG ỦY SỞ TÀI CHÍNH", "*"]


def test_superior_line_too_long_refused(computed: Rated, as_officer: Client) -> None:
    response = as_officer.post(URL, _post_data(computed.world.org_a.pk, cap_tren="Đảng bộ " * 40))
    assert response.status_code == 400
    [message] = response.context["form"].errors["cap_tren"]
    assert "255" in message
    assert not BackgroundJob.objects.exists()
