"""The admission rules as data and their checks (rules.md §2, rules-2025.md §1).

`rules_on(day)` gives the rule set in force on a day as `AdmissionRules` (parsed `AdmissionRuleSet.params`);
each check returns `Finding`s: a Vietnamese sentence that names the rule and its source document. The checks
are pure functions over the rules and plain values, so they are tested at their boundaries without a database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One rule's verdict on one candidacy: `ok` False refuses the step. `rule` is the rule's short code
    (e.g. "age"), `message` the Vietnamese explanation ending with its source ("… (Quy định 294-QĐ/TW)")."""

    rule: str
    ok: bool
    message: str


class RuleRefusal(Exception):
    """A step broke one or more admission rules; nothing was saved. `findings` lists every broken rule."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("; ".join(f.message for f in findings))
        self.findings = findings
