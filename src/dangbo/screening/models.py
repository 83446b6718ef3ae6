"""Screening (Chỉ thị 28-CT/TW): the rule sets, the signals computed from the records, and the cell's rounds
in which people decide.

`SignalHit` rows are what the computation found for a year (recomputed for a subtree by a job), each with its
rule set, period and evidence. A `ScreeningRound` is one cell's review; each `Review` is one member in it: the
signals it started from, the secret-ballot result, the education period and the outcome, each decision with
who took it. The system proposes; people decide.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import Outcome, RoundStatus, Signal
from .params import parse_params


class ScreeningRuleSet(RuleSetBase):
    """The screening thresholds in force from a date; `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["ScreeningRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc rà soát, sàng lọc")
        verbose_name_plural = _("bộ quy tắc rà soát, sàng lọc")
        constraints = [RuleSetBase.dates_ordered("screening_ruleset_dates_ordered")]


class SignalHit(models.Model):
    """One signal found for one member in one year: its period, evidence (months, meetings, years) and the
    Vietnamese sentence naming the rule. `organization` and `path` are the member's cell when computed."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="screening_signals")
    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255, editable=False)
    year = models.PositiveSmallIntegerField(_("năm"))
    signal = models.CharField(_("dấu hiệu"), max_length=30, choices=Signal.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    evidence = models.JSONField(_("căn cứ"), default=dict)
    explanation = models.TextField(_("giải thích"))
    rule_set = models.ForeignKey(ScreeningRuleSet, null=True, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(_("tính lúc"), auto_now=True)

    class Meta:
        verbose_name = _("dấu hiệu cần rà soát")
        verbose_name_plural = _("dấu hiệu cần rà soát")
        constraints = [models.UniqueConstraint(fields=["year", "member", "signal"], name="signal_hit_once")]
        indexes = [models.Index(fields=["year", "path"], name="signal_hit_year_path_idx")]


class ScreeningRound(VersionedModel):
    """One cell's screening for a year."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    opened_on = models.DateField(_("ngày bắt đầu"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    rule_set = models.ForeignKey(ScreeningRuleSet, null=True, on_delete=models.PROTECT, related_name="+")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("đợt rà soát, sàng lọc")
        verbose_name_plural = _("đợt rà soát, sàng lọc")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="screening_round_once_a_year")]


class Review(VersionedModel):
    """One member reviewed in a round: the signals it started from (or none, when the cell added the member),
    the secret ballot, the education period and the outcome."""

    round = models.ForeignKey(ScreeningRound, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="screening_reviews")
    signals = models.JSONField(_("dấu hiệu"), default=list)
    added_by_cell = models.BooleanField(_("chi bộ bổ sung"), default=False)
    added_reason = models.CharField(_("lý do chi bộ bổ sung"), max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    vote_date = models.DateField(_("ngày bỏ phiếu"), null=True, blank=True)
    eligible = models.PositiveSmallIntegerField(_("số đảng viên chính thức có quyền biểu quyết"), null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý đưa vào diện giúp đỡ"), null=True, blank=True)
    vote_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    vote_recorded_at = models.DateTimeField(_("ghi kết quả biểu quyết lúc"), null=True, blank=True)
    help_from = models.DateField(_("giúp đỡ từ ngày"), null=True, blank=True)
    help_until = models.DateField(_("giúp đỡ đến ngày"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=30, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    outcome_note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome_recorded_at = models.DateTimeField(_("ghi kết quả lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đảng viên được rà soát")
        verbose_name_plural = _("đảng viên được rà soát")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="review_once_per_round"),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True) | Q(eligible__isnull=False, votes_for__lte=models.F("eligible")),
                name="review_votes_within_eligible",
                violation_error_message="Số phiếu không được lớn hơn số đảng viên có quyền biểu quyết.",
            ),
        ]
