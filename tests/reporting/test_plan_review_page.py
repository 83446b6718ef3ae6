"""The review page /bao-cao/so-ket-tong-ket/ reached from the hub and from the plan's page: the bloc officer makes
the Word file in the background and downloads it (one audit entry of the generation, one of the download); the
grassroots officer's page offers their organization only; the refusals (a year outside the plan, an organization
out of scope → 404 and logged, no right → 403)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from dangbo.core.models import AuditEntry, BackgroundJob
from dangbo.reporting.review_services import JOB_KIND

from ..conftest import login
from .review_clock import on_review_day  # noqa: F401  (fixture)
from .review_world import ReviewWorld, rw  # noqa: F401  (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_review_day")]

URL = reverse("reporting:plan_review")


def _post(rw: ReviewWorld, **overrides: Any) -> dict[str, Any]:  # noqa: F811
    data = {
        "ke_hoach": rw.plan.pk, "to_chuc": rw.w.bloc.pk, "loai": "mid_term", "nam": 2026, "dinh_dang": "docx",
        "so": "21", "ky_hieu": "BC/ĐUK", "noi_ban_hanh": "Thái Bình", "ngay": "30/11/2026",
        "thay_mat": "T/M BAN THƯỜNG VỤ", "chuc_vu": "BÍ THƯ", "nguoi_ky": "Đinh Vĩnh Thụy",
        "noi_nhan": "Ban Thường vụ Tỉnh ủy (để báo cáo)\nLưu Văn phòng", "cap_tren": "Đảng bộ tỉnh Thái Bình",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_bloc_officer_reaches_the_page_from_the_hub(rw: ReviewWorld, as_bloc_officer: Client) -> None:  # noqa: F811
    hub = as_bloc_officer.get(reverse("plans_hub:hub")).content.decode()
    assert 'id="plans-reviews"' in hub and f'href="{URL}"' in hub
    response = as_bloc_officer.get(URL)
    assert response.status_code == 200
    assert (response.context["plan"], response.context["organization"]) == (rw.plan, rw.w.bloc)
    initial = response.context["form"].initial
    assert (initial["nam"], initial["loai"], initial["dinh_dang"], initial["ky_hieu"]) == (2026, "mid_term", "docx",
                                                                                          "BC/ĐUK")  # fmt: skip
    assert "Lập báo cáo" in response.content.decode()
    assert f'<p class="breadcrumb"><a href="{reverse("plans_hub:hub")}">' in response.content.decode()  # and back


def test_plan_page_links_to_the_review(rw: ReviewWorld, as_bloc_officer: Client) -> None:  # noqa: F811
    page = as_bloc_officer.get(reverse("planning:plan", args=[rw.plan.pk])).content.decode()
    assert f'href="{URL}?ke_hoach={rw.plan.pk}"' in page and "Lập báo cáo sơ kết, tổng kết" in page


def test_bloc_officer_makes_and_downloads_the_word_file(
    rw: ReviewWorld,  # noqa: F811
    as_bloc_officer: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = as_bloc_officer.post(URL, _post(rw))
    assert response.status_code == 200
    job = BackgroundJob.objects.get(kind=JOB_KIND)
    assert (job.state, job.done, job.total) == ("done", 4, 4), job.message
    assert job.output_file.name.endswith("/bao-cao-so-ket-05-kh-duk-2026-khoi.docx")
    (entry,) = AuditEntry.objects.filter(action="reporting.plan_review.generated")
    assert entry.actor == rw.w.bloc_officer and entry.object_id == str(rw.w.bloc.pk)
    assert {k: entry.data[k] for k in ("plan_number", "review", "year", "format", "job")} == {
        "plan_number": "05-KH/ĐUK", "review": "Sơ kết giữa nhiệm kỳ", "year": 2026, "format": "docx", "job": job.pk,
    }  # fmt: skip
    download = as_bloc_officer.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Sơ kết giữa nhiệm kỳ thực hiện Kế hoạch số 05-KH/ĐUK" in text.replace("\u00a0", " ")
    assert "Năm 2026: 1/2 chỉ tiêu đạt kế hoạch." in text and "Đinh Vĩnh Thụy" in "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert AuditEntry.objects.filter(action="core.job.downloaded", object_id=str(job.pk)).count() == 1
    page = as_bloc_officer.get(URL).content.decode()
    assert "05-KH/ĐUK" in page and reverse("core:job_download", args=[job.pk]) in page  # the recent list


def test_grassroots_officer_reviews_their_own_organization(rw: ReviewWorld, as_officer: Client) -> None:  # noqa: F811
    response = as_officer.get(URL, {"ke_hoach": rw.plan.pk})
    assert response.status_code == 200
    assert response.context["organization"] == rw.w.org_a
    assert [o.pk for o in response.context["choices"]] == [rw.w.org_a.pk]


def test_year_outside_the_plan_is_refused(rw: ReviewWorld, as_bloc_officer: Client) -> None:  # noqa: F811
    response = as_bloc_officer.post(URL, _post(rw, nam=2027))
    assert response.status_code == 400
    assert "Năm cuối của báo cáo phải trong các năm của kế hoạch đã bắt đầu, từ 2025 đến 2026." in (
        response.content.decode()
    )
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


def test_organization_out_of_scope_is_404_and_logged(rw: ReviewWorld, as_officer: Client) -> None:  # noqa: F811
    for response in (
        as_officer.get(URL, {"to_chuc": rw.w.org_b.pk}),
        as_officer.post(URL, _post(rw, to_chuc=rw.w.org_b.pk)),
    ):
        assert response.status_code == 404
    denied = AuditEntry.objects.filter(action="core.access.denied", actor=rw.w.officer)
    assert denied.count() == 2
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()


def test_without_the_right_the_page_is_refused(rw: ReviewWorld) -> None:  # noqa: F811
    assert login(rw.w.member_user).get(URL).status_code == 403
    assert login(rw.w.member_user).post(URL, _post(rw)).status_code == 403
    assert not BackgroundJob.objects.filter(kind=JOB_KIND).exists()
