"""Shapes of the dues API: the rule sets, each member's category and base, exemptions and reductions, the
ledger's member-months, and a payment. They read; writes go through `dues.ledger`."""

from __future__ import annotations

from rest_framework import serializers

from dangbo.dues.enums import DuesCategory, PaymentChannel, ReliefKind
from dangbo.dues.ledger import MAX_BASE, MAX_PAYMENT
from dangbo.dues.models import DuesBase, DuesMonth, DuesRelief, DuesRuleSet

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field

MAX_ID = 2**63 - 1


def category_field(**kwargs: object) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DuesCategoryEnum", choices=DuesCategory.choices, **kwargs)


def channel_field(**kwargs: object) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DuesChannelEnum", choices=PaymentChannel.choices, **kwargs)


class DuesRuleSetSerializer(serializers.ModelSerializer[DuesRuleSet]):
    params = serializers.JSONField(read_only=True, help_text="Mức đóng theo đối tượng, làm tròn, miễn, giảm, tỷ lệ "
                                   "trích giữ lại (bố cục: docs/rules.md, mục “Đảng phí”).")  # fmt: skip

    class Meta:
        model = DuesRuleSet
        fields: tuple[str, ...] = ("id", "code", "name", "citation", "source_documents", "effective_from",
                                   "effective_to", "params")  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class DuesBaseSerializer(serializers.ModelSerializer[DuesBase]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    category = category_field(read_only=True)

    class Meta:
        model = DuesBase
        fields: tuple[str, ...] = ("id", "member", "member_name", "start", "category", "base", "note", "version")
        read_only_fields: tuple[str, ...] = fields


class DuesBaseWriteSerializer(serializers.Serializer[None]):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    start = serializers.DateField(help_text="Từ tháng (ngày bất kỳ trong tháng).")
    category = category_field()
    base = serializers.IntegerField(min_value=0, max_value=MAX_BASE, help_text="Căn cứ tính, đồng/tháng.")
    note = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class DuesReliefSerializer(serializers.ModelSerializer[DuesRelief]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    kind = NamedChoiceField(enum_name="DuesReliefKindEnum", choices=ReliefKind.choices, read_only=True)

    class Meta:
        model = DuesRelief
        fields: tuple[str, ...] = ("id", "member", "member_name", "kind", "percent", "start", "end",
                                   "decision_number", "decision_date", "reason", "version")  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class DuesReliefWriteSerializer(serializers.Serializer[None]):
    member = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    kind = NamedChoiceField(enum_name="DuesReliefKindEnum", choices=ReliefKind.choices)
    percent = serializers.IntegerField(min_value=1, max_value=100, required=False, allow_null=True, default=None,
                                       help_text="Mức giảm (30, 50, 70); miễn: bỏ trống.")  # fmt: skip
    start = serializers.DateField(help_text="Từ tháng.")
    end = serializers.DateField(required=False, allow_null=True, default=None, help_text="Đến tháng (kể cả).")
    decision_number = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DuesMonthSerializer(serializers.ModelSerializer[DuesMonth]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    category = category_field(read_only=True, allow_blank=True)
    channel = channel_field(read_only=True, allow_blank=True)
    rule_set = serializers.CharField(source="rule_set.code", read_only=True, allow_null=True, default=None)
    owed = serializers.IntegerField(read_only=True, help_text="Còn phải đóng (đồng).")

    class Meta:
        model = DuesMonth
        fields: tuple[str, ...] = (
            "id", "member", "member_name", "month", "organization", "organization_name", "category", "base", "due",
            "explanation", "rule_set", "paid", "extra", "owed", "paid_on", "channel", "reference", "excused_reason",
            "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class PaymentSerializer(serializers.Serializer[None]):
    amount = serializers.IntegerField(min_value=-MAX_PAYMENT * 10, max_value=MAX_PAYMENT * 10,
                                      help_text="Số tiền (đồng); phải lớn hơn 0.")  # fmt: skip
    paid_on = serializers.DateField()
    channel = channel_field()
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    extra = serializers.BooleanField(required=False, default=False, help_text="Khoản đóng thêm cho tháng đã đóng.")
    expected_version = version_field()
