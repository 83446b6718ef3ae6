"""Party dues (rules-2025 §4): the rule sets (QĐ 342 until 31/1/2026, Quy định 01-QĐ/TW from 1/2/2026), each
member's category and base with dated changes, exemptions and reductions as dated records, the monthly ledger,
the cells' monthly sums kept ahead, remittances up the tree, bank accounts for VietQR codes, and imported
payment statements reconciled against the ledger.

Amounts are integer dong everywhere. A `DuesMonth` row is one member's month: what was due (computed from the
rule set in force, the base and the reliefs, with the explanation) and what was paid (date, channel,
reference), plus voluntary extra. `CellDuesMonth` holds each cell's sums for a month so that statements and
dashboards read a few hundred rows, not the whole ledger; the services keep it in step with every write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from dangbo.core.models import RuleSetBase, RuleSetQuerySet, VersionedModel

from .enums import BatchState, DuesCategory, LineStatus, PaymentChannel, ReliefKind, StatementSource
from .params import parse_params


class DuesRuleSet(RuleSetBase):
    """Rates per category, rounding, the party-age exemption, reductions and the shares kept at each level, in
    force from a date; `params` is checked by `params.parse_params`."""

    params_parser = staticmethod(parse_params)

    objects = RuleSetQuerySet["DuesRuleSet"].as_manager()

    class Meta(RuleSetBase.Meta):
        verbose_name = _("bộ quy tắc đảng phí")
        verbose_name_plural = _("bộ quy tắc đảng phí")
        constraints = [RuleSetBase.dates_ordered("dues_ruleset_dates_ordered")]


class DuesBase(VersionedModel):
    """From the month `start` (first day) the member is in `category` with `base` dong a month (the previous
    month's insured salary, the allowance, the pension; zero for a fixed-rate category)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="dues_bases")
    start = models.DateField(_("từ tháng"))
    category = models.CharField(_("đối tượng"), max_length=20, choices=DuesCategory.choices)
    base = models.BigIntegerField(_("căn cứ tính (đồng/tháng)"), default=0)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("căn cứ tính đảng phí")
        verbose_name_plural = _("căn cứ tính đảng phí")
        ordering = ["member", "start"]
        constraints = [
            models.UniqueConstraint(fields=["member", "start"], name="dues_base_once_a_month"),
            models.CheckConstraint(
                condition=Q(base__gte=0),
                name="dues_base_not_negative",
                violation_error_message="Căn cứ tính đảng phí không được âm.",
            ),
        ]


class DuesRelief(VersionedModel):
    """An exemption (percent 100) or a reduction (30, 50 or 70 percent, at most 12 months per decision) from
    the month `start` to the month `end` (inclusive; open when null)."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="dues_reliefs")
    kind = models.CharField(_("loại"), max_length=20, choices=ReliefKind.choices)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ miễn, giảm (%)"))
    start = models.DateField(_("từ tháng"))
    end = models.DateField(_("đến tháng"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("miễn, giảm đảng phí")
        verbose_name_plural = _("miễn, giảm đảng phí")
        ordering = ["member", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gte=1) & Q(percent__lte=100),
                name="dues_relief_percent_range",
                violation_error_message="Tỷ lệ miễn, giảm phải từ 1 đến 100%.",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="dues_relief_end_after_start",
                violation_error_message="Tháng kết thúc không được trước tháng bắt đầu.",
            ),
        ]


class DuesMonth(VersionedModel):
    """One member's month in the ledger: due (with its explanation and rule set), paid, extra."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="dues_months")
    month = models.DateField(_("tháng"))  # the first day of the month
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("chi bộ")
    )
    path = models.CharField(max_length=255, editable=False)
    category = models.CharField(_("đối tượng"), max_length=20, choices=DuesCategory.choices, blank=True)
    base = models.BigIntegerField(_("căn cứ tính"), default=0)
    due = models.BigIntegerField(_("phải đóng"), default=0)
    explanation = models.CharField(_("cách tính"), max_length=500, blank=True)
    rule_set = models.ForeignKey(DuesRuleSet, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    paid = models.BigIntegerField(_("đã đóng"), default=0)
    extra = models.BigIntegerField(_("đóng thêm tự nguyện"), default=0)
    paid_on = models.DateField(_("ngày đóng"), null=True, blank=True)
    channel = models.CharField(_("hình thức nộp"), max_length=20, choices=PaymentChannel.choices, blank=True)
    reference = models.CharField(_("mã giao dịch, số biên lai"), max_length=120, blank=True)
    excused_reason = models.CharField(_("lý do chưa đóng được chấp nhận"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("sổ đảng phí tháng")
        verbose_name_plural = _("sổ đảng phí tháng")
        ordering = ["month", "member"]
        indexes = [
            models.Index(fields=["organization", "month"], name="dues_month_org_idx"),
            models.Index(fields=["month", "path"], name="dues_month_path_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="dues_month_once"),
            models.CheckConstraint(
                condition=Q(due__gte=0) & Q(paid__gte=0) & Q(extra__gte=0),
                name="dues_month_amounts_not_negative",
                violation_error_message="Số tiền đảng phí không được âm.",
            ),
        ]

    @property
    def owed(self) -> int:
        return max(self.due - self.paid, 0)


class CellDuesMonth(models.Model):
    """One cell's sums for a month, kept ahead by the ledger's services: members, due, paid, extra, and the
    members who still owe."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    month = models.DateField()
    members = models.PositiveIntegerField(default=0)
    due = models.BigIntegerField(default=0)
    paid = models.BigIntegerField(default=0)
    extra = models.BigIntegerField(default=0)
    owing = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "month"], name="cell_dues_month_once")]
        indexes = [models.Index(fields=["month", "path"], name="cell_dues_month_path_idx")]


class RetentionSetting(VersionedModel):
    """The share a unit keeps of what it collects, set by the committee above (e.g. a cell's 30–50% set by its
    grassroots committee), from a month; without one the rule set's default applies."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.CASCADE, related_name="+")
    start = models.DateField(_("từ tháng"))
    percent = models.PositiveSmallIntegerField(_("tỷ lệ giữ lại (%)"))
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("tỷ lệ trích giữ lại đảng phí")
        verbose_name_plural = _("tỷ lệ trích giữ lại đảng phí")
        constraints = [
            models.UniqueConstraint(fields=["organization", "start"], name="retention_once_a_month"),
            models.CheckConstraint(
                condition=Q(percent__lte=100),
                name="retention_percent_range",
                violation_error_message="Tỷ lệ giữ lại không được quá 100%.",
            ),
        ]


class Remittance(VersionedModel):
    """Dues a unit remitted to the level above for the months `period_start`..`period_end` (first days)."""

    from_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị nộp")
    )
    to_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp nhận")
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    period_start = models.DateField(_("từ tháng"))
    period_end = models.DateField(_("đến tháng"))
    amount = models.BigIntegerField(_("số tiền"))
    paid_on = models.DateField(_("ngày nộp"))
    channel = models.CharField(_("hình thức nộp"), max_length=20, choices=PaymentChannel.choices)
    reference = models.CharField(_("số chứng từ"), max_length=120, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nộp đảng phí lên cấp trên")
        verbose_name_plural = _("nộp đảng phí lên cấp trên")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="remittance_amount_positive",
                violation_error_message="Số tiền nộp phải lớn hơn 0.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="remittance_period_ordered",
                violation_error_message="Tháng kết thúc không được trước tháng bắt đầu.",
            ),
        ]


class CollectionAccount(VersionedModel):
    """The bank account a unit collects dues into (for VietQR codes): the bank's BIN (6 digits, NAPAS), the
    account number and holder."""

    organization = models.OneToOneField(
        "organizations.Organization", on_delete=models.CASCADE, related_name="dues_account"
    )
    bank_bin = models.CharField(_("mã ngân hàng (BIN)"), max_length=6)
    bank_name = models.CharField(_("ngân hàng"), max_length=120)
    account_number = models.CharField(_("số tài khoản"), max_length=19)
    account_name = models.CharField(_("chủ tài khoản"), max_length=120)

    class Meta:
        verbose_name = _("tài khoản thu đảng phí")
        verbose_name_plural = _("tài khoản thu đảng phí")


class ReconciliationBatch(VersionedModel):
    """An imported payment statement (the portal's records or a bank statement) with its column mapping; its
    lines are applied to the ledger only after review."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255, editable=False, db_index=True)
    source = models.CharField(_("nguồn"), max_length=20, choices=StatementSource.choices)
    file_name = models.CharField(_("tệp"), max_length=255)
    mapping = models.JSONField(_("ánh xạ cột"), default=dict)
    state = models.CharField(_("tình trạng"), max_length=20, choices=BatchState.choices, default=BatchState.REVIEW)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    applied_at = models.DateTimeField(_("ghi sổ lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đối soát đảng phí")
        verbose_name_plural = _("đối soát đảng phí")
        ordering = ["-created_at"]


class ReconciliationLine(models.Model):
    """One row of an imported statement: what it says, the ledger month it matched (or the candidates when
    ambiguous), and whether the reviewer accepted it."""

    batch = models.ForeignKey(ReconciliationBatch, on_delete=models.CASCADE, related_name="lines")
    row_number = models.PositiveIntegerField()
    raw = models.JSONField(default=dict)
    amount = models.BigIntegerField(null=True, blank=True)
    paid_on = models.DateField(null=True, blank=True)
    reference = models.CharField(max_length=120, blank=True)
    memo = models.CharField(max_length=500, blank=True)
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    month = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=LineStatus.choices)
    candidates = models.JSONField(default=list)
    message = models.CharField(max_length=500, blank=True)
    accepted = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch", "row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"], name="reconciliation_line_once")]
