"""What every rule set's parameters share: the error listing the problems, the source of each group of rules, and
a reader that checks the JSON an administrator edits group by group.

A rule set's `params` is a JSON object of groups (`{"vote": {"numerator": 2, "denominator": 3, "source": ...}}`).
Each group may name its own `source`, `confidence` ("sure", "likely", "assumed") and `note`; without them the rule
set's citation is the source and the rule is sure. A group or a key the layout does not know is refused, so a typo
cannot silently switch a rule off. Each app's `params.parse_params` reads its own layout with `GroupReader` and
raises `ParamsError` with every problem found, in Vietnamese.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CONFIDENCES = ("sure", "likely", "assumed")
CITATION_KEYS = frozenset({"source", "confidence", "note"})


class ParamsError(ValueError):
    """The parameters of a rule set are invalid; `errors` are Vietnamese messages."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Source:
    """Where a rule comes from and how sure the project is of it."""

    citation: str
    confidence: str = "sure"
    note: str = ""

    def cite(self, statement: str) -> str:
        """ "<statement> (<source>)", saying when the rule is only likely or assumed."""
        if self.confidence == "assumed":
            mark = f"; giả định: {self.note or 'chưa tìm thấy văn bản quy định, áp dụng giá trị mặc định có thể sửa'}"
        elif self.confidence == "likely":
            mark = f"; chưa thật chắc chắn{': ' + self.note if self.note else ''}"
        else:
            mark = ""
        return f"{statement} ({self.citation}{mark})"


class GroupReader:
    """Reads typed values out of a rule set's raw JSON, collecting one Vietnamese message per problem.

    `groups` names each group the layout has and the keys it takes (besides the citation keys); `citation` is the
    rule set's own, the source of a group that names none. A value that fails its check is reported and replaced
    by a harmless stand-in, so one pass finds every problem; `raise_errors` then refuses the whole set.
    """

    def __init__(self, citation: str, groups: Mapping[str, Iterable[str]]) -> None:
        self.errors: list[str] = []
        self.rule_set_citation = citation
        self.groups = {name: frozenset(keys) for name, keys in groups.items()}

    def fail(self, message: str) -> None:
        self.errors.append(message)

    def raise_errors(self) -> None:
        """Raise `ParamsError` with every problem found so far (nothing when there is none)."""
        if self.errors:
            raise ParamsError(self.errors)

    def refuse_unknown_groups(self, raw: dict[str, Any], *, also: Iterable[str] = ()) -> None:
        """One message for each top-level key that is neither a group nor one of `also`."""
        for key in sorted(set(raw) - set(self.groups) - set(also)):
            self.fail(f"Nhóm tham số “{key}” không được hỗ trợ.")

    def group(self, raw: dict[str, Any], name: str) -> dict[str, Any]:
        """The group `name` ({} when it is missing or not an object), its unknown keys refused."""
        value = raw.get(name)
        if not isinstance(value, dict):
            self.fail(f"Thiếu nhóm tham số “{name}” (phải là một đối tượng JSON).")
            return {}
        for key in sorted(set(value) - self.groups[name] - CITATION_KEYS):
            self.fail(f"Tham số “{name}.{key}” không được hỗ trợ.")
        return value

    def whole(self, g: dict[str, Any], where: str, key: str, *, low: int, high: int) -> int:
        value = g.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(f"Tham số “{where}.{key}” phải là số nguyên từ {low} đến {high}.")
            return low
        return value

    def optional_whole(self, g: dict[str, Any], where: str, key: str, *, low: int, high: int) -> int | None:
        """A whole number, or null for "no minimum"; the key itself must be there."""
        if key not in g:
            self.fail(f"Thiếu tham số “{where}.{key}” (một số nguyên, hoặc null nếu không quy định).")
            return None
        if g[key] is None:
            return None
        return self.whole(g, where, key, low=low, high=high)

    def boolean(self, g: dict[str, Any], where: str, key: str) -> bool:
        value = g.get(key)
        if not isinstance(value, bool):
            self.fail(f"Tham số “{where}.{key}” phải là true hoặc false.")
            return False
        return value

    def choices(
        self, g: dict[str, Any], where: str, key: str, allowed: list[str], *, empty_ok: bool
    ) -> tuple[str, ...]:
        """A list of distinct values out of `allowed` (empty only when `empty_ok`)."""
        value = g.get(key)
        if (
            not isinstance(value, list)
            or any(v not in allowed for v in value)
            or len(set(value)) != len(value)
            or (not value and not empty_ok)
        ):
            self.fail(
                f"Tham số “{where}.{key}” phải là danh sách {'' if empty_ok else 'không rỗng, '}không lặp, "
                f"gồm các giá trị: {', '.join(allowed)}."
            )
            return ()
        return tuple(value)

    def source(self, g: dict[str, Any], where: str, *, default: str | None = None) -> Source:
        """The group's `source`, `confidence` and `note`; a group that names no source takes `default` (the rule
        set's citation unless given), and is sure unless it says otherwise."""
        fallback = self.rule_set_citation if default is None else default
        citation = g.get("source", fallback)
        if not isinstance(citation, str) or not citation.strip():
            self.fail(f"Tham số “{where}.source” phải nêu văn bản quy định.")
            citation = fallback
        confidence = g.get("confidence", "sure")
        if confidence not in CONFIDENCES:
            self.fail(f"Tham số “{where}.confidence” phải là một trong: {', '.join(CONFIDENCES)}.")
            confidence = "assumed"
        note = g.get("note", "")
        if not isinstance(note, str):
            self.fail(f"Tham số “{where}.note” phải là một đoạn chữ.")
            note = ""
        return Source(citation=citation.strip(), confidence=confidence, note=note.strip())
