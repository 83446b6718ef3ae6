"""The background job kind and the management command that recompute KPI values."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from dangbo.core import jobs
from dangbo.core.models import BackgroundJob
from dangbo.planning.enums import Metric
from dangbo.planning.models import KpiValue

from .conftest import YEAR, Rated

pytestmark = pytest.mark.django_db


def test_job_kind_registered() -> None:
    assert "planning.kpi.recompute" in jobs._HANDLERS


def test_job_recomputes_the_year(rated: Rated) -> None:
    w = rated.world
    job = jobs.start_job(kind="planning.kpi.recompute", owner=w.bloc_officer,
                         params={"year": YEAR, "organization_id": w.bloc.pk})  # fmt: skip
    jobs.execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.DONE
    assert job.result["grassroots"] == 2
    row = KpiValue.objects.get(organization=w.bloc, year=YEAR, metric=Metric.MEMBERS_GOOD_OR_BETTER)
    assert (row.numerator, row.denominator) == (22, 25)


def test_job_outside_owner_scope_fails_and_saves_nothing(rated: Rated) -> None:
    w = rated.world
    job = jobs.start_job(kind="planning.kpi.recompute", owner=w.outsider,
                         params={"year": YEAR, "organization_id": w.org_a.pk})  # fmt: skip
    jobs.execute_job(job.pk)
    job.refresh_from_db()
    assert job.state == BackgroundJob.State.FAILED
    assert job.message == "Bạn không có quyền tính lại chỉ tiêu của tổ chức đảng này."
    assert KpiValue.objects.count() == 0


def test_recompute_kpis_command(rated: Rated) -> None:
    out = io.StringIO()
    call_command("recompute_kpis", year=YEAR, stdout=out)
    assert "KHOI năm 2025" in out.getvalue()
    row = KpiValue.objects.get(organization=rated.world.org_a, year=YEAR, metric=Metric.MEMBERS_GOOD_OR_BETTER)
    assert (row.numerator, row.denominator) == (13, 15)
