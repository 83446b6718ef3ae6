"""The dashboard's charts in headless Chromium, on a desktop (1280×900) and a phone (390×844): the bloc officer
goes from the home page to the dashboard, each card's bar chart is drawn (pixels on the canvas, data in the
Chart.js instance) and its legend reads the figure with one decimal and a decimal comma ("86,7%")."""

from __future__ import annotations

from typing import Any

import pytest

from dangbo.evaluations.enums import Level
from dangbo.planning.enums import Metric
from dangbo.planning.kpi import recompute_year
from tests.conftest import World
from tests.factories import make_member
from tests.planning.conftest import YEAR, designate_model_cell, rate_grassroots, rate_member

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
RATED = {
    m.value
    for m in (
        Metric.GRASSROOTS_GOOD_OR_BETTER,
        Metric.MEMBERS_GOOD_OR_BETTER,
        Metric.MODEL_CELLS,
        Metric.ADMISSION_RATE,
    )
}

# Painted pixels (alpha > 0) of each card's canvas, and the legend labels Chart.js drew, read from the page.
CHART_STATE = """() => Array.from(document.querySelectorAll("canvas.kpi-chart")).map((canvas) => {
  const chart = Chart.getChart(canvas);
  const ctx = canvas.getContext("2d");
  const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted += 1; } }
  let bar = null;
  if (chart) {
    const el = chart.getDatasetMeta(0).data[0];
    const ratio = chart.currentDevicePixelRatio;
    const at = ctx.getImageData(Math.round((el.x + el.base) / 2 * ratio), Math.round(el.y * ratio), 1, 1).data;
    bar = { length: Math.abs(el.x - el.base), thickness: el.height, centre: Array.from(at) };
  }
  return {
    metric: canvas.dataset.metric,
    bar: bar,
    width: canvas.width,
    height: canvas.height,
    painted: painted,
    values: chart ? chart.data.datasets.map((d) => d.data[0]) : null,
    legend: chart ? chart.legend.legendItems.map((item) => item.text) : [],
  };
})"""


@pytest.fixture
def computed_year(world: World) -> World:
    """Cell A1: 13 of 15 members good or better (86,7%); grassroots A good; A1 a model cell; the year computed."""
    members = [world.m1, world.m2] + [make_member(organization=world.cell_a1) for _ in range(13)]
    for i, member in enumerate(members):
        rate_member(member, Level.GOOD if i < 13 else Level.FULFILLED)
    rate_grassroots(world.org_a, Level.GOOD)
    rate_grassroots(world.org_b, Level.FULFILLED)
    designate_model_cell(world.cell_a1)
    recompute_year(year=YEAR, organization=world.bloc)
    return world


def _open_dashboard(page: Any) -> None:
    log_in(page, "bantochuc")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Chỉ tiêu", exact=True).click()
    page.wait_for_selector(f"h1:has-text('năm {YEAR}')")
    # Chart.js loads after the page: wait until every card's chart exists before reading them.
    page.wait_for_function(
        "() => window.Chart && document.querySelectorAll('canvas.kpi-chart').length > 0"
        " && [...document.querySelectorAll('canvas.kpi-chart')].every((c) => Chart.getChart(c))"
    )


def _check_charts(page: Any) -> list[dict[str, Any]]:
    state = page.evaluate(CHART_STATE)
    # The four rated measures and the three of cell life; this year has no meetings or tasks, so only the first
    # four have a figure to draw.
    assert len(state) == 7
    rated = [c for c in state if c["metric"] in RATED]
    assert len(rated) == 4
    for chart in rated:
        assert chart["width"] > 0 and chart["height"] > 0, chart
        assert chart["painted"] > 200, chart  # a drawn bar, not an empty canvas
        assert chart["values"] is not None, chart
    members = next(c for c in state if c["metric"] == "members_good_or_better_pct")
    assert members["values"][0] == pytest.approx(86.67, abs=0.01)
    # The bar has room (it had none on a desktop card) and its middle is painted in the status colour.
    assert members["bar"]["thickness"] >= 10 and members["bar"]["length"] > 50, members
    assert members["bar"]["centre"][3] == 255 and members["bar"]["centre"][:3] == [0xB3, 0x10, 0x1B], (
        members
    )  # red: 3,3 points short
    assert members["legend"] == ["86,7%", "Chỉ tiêu > 90%"]
    return state


@pytest.mark.parametrize(("width", "height", "name"), [(1280, 900, "may-tinh"), (390, 844, "dien-thoai")])
def test_dashboard_charts_drawn_with_one_decimal(page, computed_year, width, height, name):
    page.set_viewport_size({"width": width, "height": height})
    _open_dashboard(page)
    _check_charts(page)
    card = page.locator(".kpi-card").filter(has_text="Tỷ lệ đảng viên HTTNV trở lên")
    assert "86,7%" in card.locator("p.stat").inner_text()
    shot(page, f"30-bieu-do-chi-tieu-{name}")
