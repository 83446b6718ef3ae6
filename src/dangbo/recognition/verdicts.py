"""The badge verdict of one member and one milestone on one award date: pure functions over the facts (no
database), shared by the list of an award date, the proposal and the award, so the list says what a proposal
would refuse. Every sentence names its rule (`Source.cite`).

- Due: the milestone (`members.seniority.party_age_reached`, the same day that starts the 50-year dues exemption)
  falls on or before the award date.
- Early: a member certified seriously ill by the award date whose milestone falls within the early window after
  it (12 months for 30–65 years, 24 for 70–90).
- Posthumous: a member who died no more than 12 months before reaching the milestone (or after reaching it).
- Blocked: a discipline bears on it (`blocks.block_of`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dangbo.core.dates import add_months

from .enums import BadgeKind
from .params import BadgeRules


@dataclass(frozen=True)
class Facts:
    """What the verdict reads of one member."""

    reached: dt.date  # the milestone day
    death: dt.date | None
    ill_on: dt.date | None  # first certified seriously ill (None: never)
    on_rolls: bool


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def eligibility(facts: Facts, *, years: int, on: dt.date, rules: BadgeRules) -> tuple[BadgeKind | None, str]:
    """How the badge of `years` years may be given on award date `on` (None: it may not), with the sentence
    saying why, citing its rule. Discipline is judged apart (`blocks.block_of`)."""
    reached = facts.reached
    if facts.death is not None and facts.death <= on:
        limit = add_months(facts.death, rules.posthumous_months)
        if reached > limit:
            return None, rules.posthumous_source.cite(
                f"Không truy tặng: đảng viên từ trần ngày {_d(facts.death)}, trước ngày đủ {years} năm tuổi đảng "
                f"({_d(reached)}) quá {rules.posthumous_months} tháng"
            )
        when = f"đã đủ {years} năm tuổi đảng ngày {_d(reached)}"
        if reached > facts.death:
            months = rules.posthumous_months
            when = f"đủ {years} năm tuổi đảng ngày {_d(reached)}, sau ngày từ trần không quá {months} tháng"
        return BadgeKind.POSTHUMOUS, rules.posthumous_source.cite(
            f"Truy tặng: đảng viên từ trần ngày {_d(facts.death)}, {when}"
        )
    if not facts.on_rolls:
        return None, "Đảng viên không còn trong danh sách đảng viên của đảng bộ."
    if reached <= on:
        return BadgeKind.REGULAR, rules.milestones_source.cite(
            f"Đủ {years} năm tuổi đảng ngày {_d(reached)}, không sau đợt {_d(on)}"
        )
    window = rules.early_window_months(years)
    latest = add_months(on, window)
    if facts.ill_on is not None and facts.ill_on <= on:
        if reached <= latest:
            return BadgeKind.EARLY, rules.early_source.cite(
                f"Xét tặng sớm: đảng viên bị bệnh nặng (xác nhận ngày {_d(facts.ill_on)}), đủ {years} năm tuổi đảng "
                f"ngày {_d(reached)}, sớm không quá {window} tháng so với đợt {_d(on)}"
            )
        return None, rules.early_source.cite(
            f"Chưa đủ {years} năm tuổi đảng: đủ ngày {_d(reached)}, sớm hơn đợt {_d(on)} quá {window} tháng "
            "(đảng viên bị bệnh nặng chỉ được xét tặng sớm trong thời hạn này)"
        )
    return None, rules.milestones_source.cite(
        f"Chưa đủ {years} năm tuổi đảng vào đợt {_d(on)}: đủ ngày {_d(reached)} (tuổi đảng tính từ ngày quyết định "
        "kết nạp, trừ thời gian gián đoạn)"
    )


def listed(facts: Facts, *, kind: BadgeKind, previous: dt.date, on: dt.date, carried: bool) -> bool:
    """Whether the list of award date `on` shows the badge: its milestone came since the previous award date; an
    early award within the window; a posthumous one whose milestone is still to come, on the first list after the
    death; or carried over."""
    if carried or kind == BadgeKind.EARLY:
        return True
    if previous < facts.reached <= on:
        return True
    died_since = facts.death is not None and previous < facts.death <= on
    return kind == BadgeKind.POSTHUMOUS and died_since and facts.reached > on
