"""The stored admission rate follows the admission records: recording a decision, and undoing it by a
correction, refreshes the year's stored admission-rate figures once the step commits (the admissions app sends
`admissions_counted_changed`, planning recomputes that one metric), the other metrics' rows untouched."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.admissions.enums import Step
from dangbo.admissions.signals import admissions_counted_changed
from dangbo.planning.enums import Metric
from dangbo.planning.kpi import recompute_admission_rate, recompute_year
from dangbo.planning.models import KpiSectorValue, KpiValue

from ..admissions.pipeline import advance, propose_one, step_data, take
from ..conftest import World

pytestmark = pytest.mark.django_db

YEAR = 2025  # the pipeline's decision is dated 01/04/2025


def admission(org: Any) -> tuple[int, int]:
    row = KpiValue.objects.get(year=YEAR, organization=org, metric=Metric.ADMISSION_RATE)
    return row.numerator, row.denominator


def stored_rows(metric: str | None = None) -> set[tuple[Any, ...]]:
    rows = KpiValue.objects.filter(year=YEAR)
    rows = rows.filter(metric=metric) if metric else rows.exclude(metric=Metric.ADMISSION_RATE)
    return set(rows.values_list("organization_id", "metric", "numerator", "denominator", "below_target", "leads"))


def sector_rows() -> set[tuple[Any, ...]]:
    return set(
        KpiSectorValue.objects.filter(year=YEAR).values_list(
            "organization_id", "org_type", "metric", "numerator", "denominator", "grassroots"
        )
    )


def test_a_decision_and_its_correction_refresh_the_stored_admission_rate(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    w = world
    candidate = advance(propose_one(w), w, to=Step.DECISION)
    recompute_year(year=YEAR, organization=w.bloc)
    before = admission(w.org_a)
    assert before[0] == 0 and before[1] > 0 and admission(w.bloc) == (0, before[1] + admission(w.org_b)[1])
    others = stored_rows()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        candidate = take(candidate, Step.DECISION, w.bloc_officer, **step_data(Step.DECISION, w))
    assert len(callbacks) == 1
    assert admission(w.org_a) == (1, before[1])
    assert admission(w.bloc)[0] == 1 and admission(w.org_b)[0] == 0
    assert stored_rows() == others  # ratings and model cells untouched
    refreshed, refreshed_sectors = stored_rows(Metric.ADMISSION_RATE), sector_rows()
    recompute_year(year=YEAR, organization=w.bloc)  # the whole recompute gives the same rows
    assert stored_rows(Metric.ADMISSION_RATE) == refreshed and sector_rows() == refreshed_sectors

    with django_capture_on_commit_callbacks(execute=True):
        take(candidate, Step.CORRECT, w.bloc_officer, reason="Nhập nhầm quyết định")
    assert admission(w.org_a) == (0, before[1]) and admission(w.bloc)[0] == 0


def test_the_signal_names_the_years_and_only_steps_that_change_the_count_send_it(world: Any) -> None:
    sent: list[list[int]] = []

    def record(sender: Any, *, candidate: Any, years: list[int], **kwargs: Any) -> None:
        sent.append(years)

    admissions_counted_changed.connect(record)
    try:
        candidate = advance(propose_one(world), world, to=Step.DECISION)
        assert sent == []  # no step before the decision changes an admission count
        candidate = take(candidate, Step.DECISION, world.bloc_officer, **step_data(Step.DECISION, world))
        assert sent == [[YEAR]]
        candidate = take(candidate, Step.CEREMONY, world.officer, **step_data(Step.CEREMONY, world))
        assert sent == [[YEAR]]  # the ceremony keeps the decision's year
        take(candidate, Step.CORRECT, world.officer, reason="Ghi nhầm ngày lễ")
        assert sent == [[YEAR]]  # undoing the ceremony does not change it either
    finally:
        admissions_counted_changed.disconnect(record)


def test_a_withdrawal_after_the_decision_refreshes_the_year(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    w = world
    candidate = advance(propose_one(w), w, to=Step.CEREMONY)  # decided on 01/04/2025
    recompute_year(year=YEAR, organization=w.bloc)
    assert admission(w.org_a)[0] == 1
    with django_capture_on_commit_callbacks(execute=True):
        take(candidate, Step.WITHDRAW, w.officer, on=dt.date(2025, 5, 2), reason="Chuyển công tác ra nước ngoài")
    assert admission(w.org_a)[0] == 0


def test_a_year_never_computed_is_left_alone(world: World, django_capture_on_commit_callbacks: Any) -> None:
    w = world
    candidate = advance(propose_one(w), w, to=Step.DECISION)
    with django_capture_on_commit_callbacks(execute=True):
        take(candidate, Step.DECISION, w.bloc_officer, **step_data(Step.DECISION, w))
    assert not KpiValue.objects.filter(year=YEAR).exists()
    assert recompute_admission_rate(year=YEAR, organization=w.bloc).rows == 0


def test_the_refresh_is_idempotent(world: World) -> None:
    w = world
    advance(propose_one(w), w, to=Step.CEREMONY)
    recompute_year(year=YEAR, organization=w.bloc)
    rows, sectors = stored_rows(Metric.ADMISSION_RATE), sector_rows()
    for _ in range(2):
        recompute_admission_rate(year=YEAR, organization=w.bloc)
        assert stored_rows(Metric.ADMISSION_RATE) == rows and sector_rows() == sectors
    assert KpiValue.objects.filter(year=YEAR, organization=w.org_a, leads=True).count() == 1
