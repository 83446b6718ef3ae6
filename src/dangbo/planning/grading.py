"""The one grading of a figure against its target, shared by the dashboard, the below-target flags, the API
and the year report.

A figure is a numerator over a denominator; a threshold is a percentage with two decimals. Comparing
`numerator × 10 000` with `denominator × threshold × 100` decides exactly, in integers (Python's here, 64-bit
ones in SQL, see `short_q`), so 90.004% meets "> 90%" though it shows as "90,0%", and exactly 90%
does not. How the target is worded (`Comparison`) decides what counts: see docs/decisions/0016.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.db.models import BigIntegerField, Q
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .enums import Comparison, TargetStatus
from .models import percent_of, percent_text, threshold_text

if TYPE_CHECKING:
    from .models import Target

ACHIEVED = frozenset({TargetStatus.EXCEEDED, TargetStatus.MET})
SHORT = frozenset({TargetStatus.NEAR, TargetStatus.MISSED})
SCALE = 10_000  # numerator × SCALE against denominator × threshold in hundredths of a percent


@dataclass(frozen=True)
class Grade:
    """A status, the bare comparison ("86,7% < 90%", for lists of reasons) and the sentence that explains it."""

    status: TargetStatus
    comparison: str
    text: str

    @property
    def achieved(self) -> bool:
        return self.status in ACHIEVED


def hundredths(value: Decimal) -> int:
    """A threshold in hundredths of a percent (thresholds carry two decimals, so this is exact)."""
    return int(value * 100)


def bounds(target: Target) -> tuple[int, int]:
    """The target's lower and upper threshold in hundredths of a percent (a one-sided target: both the same)."""
    low = hundredths(target.threshold)
    high = hundredths(target.threshold_high) if target.threshold_high is not None else low
    return low, high


def range_text(target: Target) -> str:
    """ "3–4%" (a range as plans write it)."""
    high = target.threshold_high if target.threshold_high is not None else target.threshold
    return f"{threshold_text(target.threshold)[:-1]}–{threshold_text(high)}"


def _shown(value: Decimal | None, bounds_: tuple[int, int]) -> str:
    """The value with one decimal, or two when one would round it onto a bound it is not on ("4,01%", not "4,0%"
    above a range ending at 4%), so the explanation never reads "4,0% trên khoảng 3–4%"."""
    text = percent_text(value)
    if value is None:
        return text
    rounded = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if rounded != value and int(rounded * 100) in bounds_:
        return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%".replace(".", ",")
    return text


def grade(target: Target | None, numerator: int, denominator: int) -> Grade:
    """Grade `numerator / denominator` against `target`.

    Exceeded: above the top of a range ("từ 3% đến 4%"). Met: the condition holds. Nearly met: short of the
    lower threshold by at most the target's `amber_margin` points. Not met: further short. No data: no
    denominator, or no target in force.
    """
    if denominator <= 0:
        return Grade(TargetStatus.NO_DATA, "", _("Chưa có số liệu"))
    value = percent_of(numerator, denominator)
    if target is None:
        return Grade(TargetStatus.NO_DATA, percent_text(value), _("Chưa có chỉ tiêu áp dụng cho năm này"))
    scaled = numerator * SCALE
    low, high = bounds(target)
    shown = _shown(value, (low, high))
    low_text = threshold_text(target.threshold)
    args = {"value": shown, "threshold": low_text, "range": range_text(target)}
    kind = target.comparison
    if kind == Comparison.GT and scaled > denominator * low:
        return Grade(TargetStatus.MET, f"{shown} > {low_text}", _("Đạt chỉ tiêu: %(value)s > %(threshold)s") % args)
    if kind == Comparison.GTE and scaled >= denominator * low:
        return Grade(TargetStatus.MET, f"{shown} ≥ {low_text}", _("Đạt chỉ tiêu: %(value)s ≥ %(threshold)s") % args)
    if kind == Comparison.BETWEEN and scaled > denominator * high:
        top = threshold_text(target.threshold_high or target.threshold)
        return Grade(
            TargetStatus.EXCEEDED, f"{shown} > {top}", _("Vượt chỉ tiêu: %(value)s trên khoảng %(range)s") % args
        )
    if kind == Comparison.BETWEEN and scaled >= denominator * low:
        return Grade(
            TargetStatus.MET, f"{shown} ≥ {low_text}", _("Đạt chỉ tiêu: %(value)s trong khoảng %(range)s") % args
        )
    if kind == Comparison.AT_LEAST_LOW and scaled >= denominator * low:
        return Grade(
            TargetStatus.MET,
            f"{shown} ≥ {low_text}",
            _("Đạt chỉ tiêu: %(value)s ≥ %(threshold)s (mức dưới của khoảng %(range)s)") % args,
        )
    # Short of the lower threshold (or, under "trên", exactly on it).
    comparison = f"{shown} {'<' if scaled < denominator * low else '≤'} {low_text}"
    near = target.amber_margin > 0 and denominator * low - scaled <= denominator * hundredths(target.amber_margin)
    args = {"comparison": comparison, "condition": target.condition_text()}
    if near:
        return Grade(TargetStatus.NEAR, comparison, _("Gần đạt chỉ tiêu: %(comparison)s (cần %(condition)s)") % args)
    return Grade(TargetStatus.MISSED, comparison, _("Chưa đạt chỉ tiêu: %(comparison)s (cần %(condition)s)") % args)


def count_achieved(grades: list[Grade]) -> int:
    """How many targets are achieved (met or exceeded): the "N/M chỉ tiêu đạt" of the year report."""
    return sum(1 for g in grades if g.achieved)


def short_q(target: Target) -> Q:
    """KPI rows of `target`'s metric that fall short of it, as `grade` decides, in SQL.

    The queryset must be annotated with `scaled` = numerator × SCALE as a 64-bit integer; the bound is cast
    too (1,000,000 × 9,500 overflows a 32-bit integer). Above the top of a range is never short.
    """
    low, _high = bounds(target)
    bound = Cast("denominator", BigIntegerField()) * low
    miss = Q(scaled__lte=bound) if target.comparison == Comparison.GT else Q(scaled__lt=bound)
    return Q(metric=target.metric) & miss


def scaled_numerator() -> Cast:
    """The `scaled` annotation `short_q` compares."""
    return Cast("numerator", BigIntegerField()) * SCALE  # type: ignore[return-value]
