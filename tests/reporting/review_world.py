"""A small plan for the review tests, every figure counted by hand.

Plan 05-KH/ĐUK of the bloc, 2025–2027, issued 10/03/2025; its own targets: members HTTNV "> 90%", model cells
"> 20%". Stored KPI values of the bloc: 2025 members 45/50 (90,0%: on the threshold of "trên", nearly met),
model cells 3/10 (30,0%: met); 2026 members 47/50 (94,0%: met), model cells 1/10 (10,0%: not met).
Tasks (today 27/11/2026): 1 Ban Tổ chức, due 30/06/2026, 60% "Đã rà soát 12 chi bộ" → overdue; 2 Ban Tuyên giáo
và Dân vận, due 31/12/2026, reported done → done 100%; 3 grassroots A, no deadline, no report → open 0%.
A request of the bloc for 2025 to A, B and cell B1: A sent (accepted, 120 members / 4 admitted), B sent (not
answered, 80 / 2), B1 never sent (late).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from dangbo.planning import plans
from dangbo.planning.enums import Comparison, Metric
from dangbo.planning.models import KpiValue, Plan, PlanTask, Target, TaskProgress
from dangbo.planning.plan_enums import Stage
from dangbo.reporting import request_services
from dangbo.reporting.models import ReportRecipient, ReportRequest

from ..conftest import TODAY, World
from .request_helpers import ask, send, upload

__all__ = ["TODAY", "ReviewWorld", "rw"]


@dataclass
class ReviewWorld:
    w: World
    plan: Plan
    request: ReportRequest


def _kpi(world: World, year: int, metric: str, numerator: int, denominator: int) -> None:
    KpiValue.objects.create(year=year, organization=world.bloc, metric=metric, numerator=numerator,
                            denominator=denominator, path=world.bloc.path)  # fmt: skip


@pytest.fixture
def rw(world: World, settings: Any, tmp_path: Path) -> ReviewWorld:
    settings.MEDIA_ROOT = tmp_path  # the units' report files and the review files
    actor = world.bloc_officer
    plan = plans.create_plan(
        actor=actor, issuer=world.bloc, document_number="05-KH/ĐUK", title="Kế hoạch nâng cao chất lượng",
        issued_on=dt.date(2025, 3, 10), year_from=2025, year_to=2027, today=TODAY,
    )  # fmt: skip
    for metric, threshold in ((Metric.MEMBERS_GOOD_OR_BETTER, 90), (Metric.MODEL_CELLS, 20)):
        Target.objects.create(plan=plan, metric=metric, comparison=Comparison.GT, threshold=threshold,
                              year_from=2025, year_to=2027)  # fmt: skip
    _kpi(world, 2025, Metric.MEMBERS_GOOD_OR_BETTER, 45, 50)
    _kpi(world, 2025, Metric.MODEL_CELLS, 3, 10)
    _kpi(world, 2026, Metric.MEMBERS_GOOD_OR_BETTER, 47, 50)
    _kpi(world, 2026, Metric.MODEL_CELLS, 1, 10)

    def task(number: str, **kw: object) -> PlanTask:
        data = {"number": number, "title": f"Nhiệm vụ số {number}", "deadline_kind": "none", **kw}
        return plans.create_task(actor=actor, plan=plan, data=data)

    t1 = task("1", owner_kind="board", board="organization", deadline_kind="date", due_on=dt.date(2026, 6, 30))
    t2 = task("2", owner_kind="board", board="propaganda", deadline_kind="date", due_on=dt.date(2026, 12, 31))
    task("3", owner_kind="unit", unit=world.org_a)
    TaskProgress.objects.create(task=t1, board="organization", reported_on=dt.date(2026, 5, 10),
                                stage=Stage.IN_PROGRESS, percent=60, result="Đã rà soát 12 chi bộ")  # fmt: skip
    TaskProgress.objects.create(task=t2, board="propaganda", reported_on=dt.date(2026, 10, 1), stage=Stage.DONE,
                                result="Đã tổ chức hội nghị quán triệt")  # fmt: skip

    request = ask(world, units=[world.org_a, world.org_b, world.cell_b1])
    send(world, request, world.org_a)
    request_services.submit_report(
        actor=world.outsider, request=request, organization=world.org_b, uploaded=upload(),
        figures={"Số đảng viên": 80, "Số đảng viên mới kết nạp": 2}, today=dt.date(2026, 1, 16),
    )  # fmt: skip
    row = ReportRecipient.objects.get(request=request, organization=world.org_a)
    request_services.accept_report(actor=actor, recipient=row, expected_version=row.version, today=dt.date(2026, 1, 18))
    return ReviewWorld(world, plan, request)
