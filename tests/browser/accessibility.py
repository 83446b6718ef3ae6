"""WCAG 2.1 AA checks in the browser with axe-core (installed from npm into node_modules, never from a CDN).

The script is evaluated through the browser's debugging protocol, which the page's Content-Security-Policy does not
govern, so the page under test keeps its strict policy."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@cache
def axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


def serious_violations(page: Any) -> list[str]:
    """The page's WCAG 2.0/2.1 A and AA violations of serious or critical impact, one line each (empty: none)."""
    page.evaluate(axe_source())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]
