"""Shapes of the disciplines API: a decision (list and full record with its verdicts explained), the body that records
one (named as `record_discipline`'s arguments, plus `paper_record`), and the bodies of an appeal and its settlement.
Days are `yyyy-mm-dd`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from dangbo.discipline.enums import AppealResult, DisciplineForm, DisciplineState, ViolationKind
from dangbo.discipline.models import Discipline

from .enum_fields import NamedChoiceField
from .meeting_serializers import version_field
from .movement_serializers import id_field


def form_field(**kwargs: Any) -> NamedChoiceField:
    return NamedChoiceField(enum_name="DisciplineFormEnum", choices=DisciplineForm.choices, **kwargs)


def count_field(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=100_000, required=False, allow_null=True, default=None,
                                    **kwargs)  # fmt: skip


class DisciplineListSerializer(serializers.ModelSerializer[Discipline]):
    form = form_field(read_only=True)
    form_display = serializers.CharField(source="get_form_display", read_only=True)
    subject_name = serializers.CharField(read_only=True)
    unit_name = serializers.CharField(source="organization_at_decision.name", read_only=True)
    deciding_organization_name = serializers.CharField(source="deciding_organization.name", read_only=True)
    state = serializers.SerializerMethodField(help_text="Tình trạng hôm nay: in_force, appealed, lapsed, annulled.")
    lapses_on = serializers.SerializerMethodField(help_text="Ngày chấm dứt hiệu lực (null: không tự chấm dứt, đã "
                                                  "hủy, hoặc đang khiếu nại).")  # fmt: skip

    class Meta:
        model = Discipline
        fields: tuple[str, ...] = (
            "id", "member", "organization", "subject_name", "form", "form_display", "decision_date",
            "decision_number", "organization_at_decision", "unit_name", "deciding_organization",
            "deciding_organization_name", "state", "lapses_on", "version",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def _row(self, d: Discipline) -> Any:
        return self.context.get("rows", {}).get(d.pk)

    def get_state(self, d: Discipline) -> str:
        row = self._row(d)
        return str(row.state) if row is not None else str(DisciplineState.IN_FORCE)

    def get_lapses_on(self, d: Discipline) -> str | None:
        row = self._row(d)
        return row.lapses_on.isoformat() if row is not None and row.lapses_on is not None else None


class VerdictSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="form, vote, competence, limitation, appeal, lapse")
    title = serializers.CharField()
    text = serializers.CharField(help_text="Giải thích bằng tiếng Việt, nêu căn cứ.")
    warn = serializers.BooleanField()


class DisciplineDetailSerializer(DisciplineListSerializer):
    violation_kind = NamedChoiceField(enum_name="ViolationKindEnum", choices=ViolationKind.choices, read_only=True)
    appeal_result = NamedChoiceField(enum_name="AppealResultEnum", choices=AppealResult.choices, read_only=True,
                                     allow_blank=True)  # fmt: skip
    original_form = form_field(read_only=True, allow_blank=True)
    appeal_deadline = serializers.SerializerMethodField()
    verdicts = serializers.SerializerMethodField()

    class Meta(DisciplineListSerializer.Meta):
        fields = (
            *DisciplineListSerializer.Meta.fields, "violation_date", "violation_kind", "concluded_on", "votes_for",
            "voters_entitled", "received_on", "state_notified_on", "appealed_on", "appeal_result",
            "appeal_decided_on", "appeal_decision_number", "original_form", "self_remedied", "note",
            "appeal_deadline", "verdicts",
        )  # fmt: skip
        read_only_fields = fields

    def get_appeal_deadline(self, d: Discipline) -> str:
        return str(self.context["explained"].appeal_deadline.isoformat())

    def get_state(self, d: Discipline) -> str:
        return str(self.context["explained"].state)

    def get_lapses_on(self, d: Discipline) -> str | None:
        lapse = self.context["explained"].lapses_on
        return lapse.isoformat() if lapse is not None else None

    @staticmethod
    def _lines(explained: Any) -> list[dict[str, Any]]:
        return [{"code": x.code, "title": x.title, "text": x.text, "warn": x.warn} for x in explained.lines]

    def get_verdicts(self, d: Discipline) -> list[dict[str, Any]]:
        return VerdictSerializer(self._lines(self.context["explained"]), many=True).data  # type: ignore[return-value]


class DisciplineRecordSerializer(serializers.Serializer[Any]):
    member = id_field(required=False, allow_null=True, default=None, help_text="Đảng viên (id) bị kỷ luật.")
    organization = id_field(required=False, allow_null=True, default=None, help_text="Tổ chức đảng (id) bị kỷ luật.")
    form = form_field()
    deciding_organization = id_field(help_text="Cấp ra quyết định (id).")
    violation_kind = NamedChoiceField(enum_name="ViolationKindEnum", choices=ViolationKind.choices,
                                      default=ViolationKind.ORDINARY)  # fmt: skip
    violation_date = serializers.DateField()
    concluded_on = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Ngày kết luận vi phạm (mặc định: ngày quyết định).")  # fmt: skip
    decision_date = serializers.DateField()
    decision_number = serializers.CharField(max_length=80)
    votes_for = count_field()
    voters_entitled = count_field()
    paper_record = serializers.BooleanField(default=False, help_text="Ghi lại từ hồ sơ giấy: cho phép để trống số "
                                            "phiếu, cần ghi chú nguồn hồ sơ.")  # fmt: skip
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    state_notified_on = serializers.DateField(required=False, allow_null=True, default=None)
    self_remedied = serializers.BooleanField(default=False)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class AppealSerializer(serializers.Serializer[Any]):
    filed_on = serializers.DateField(help_text="Ngày khiếu nại (trong 30 ngày làm việc kể từ ngày nhận quyết định).")
    expected_version = version_field()


class SettleSerializer(serializers.Serializer[Any]):
    result = NamedChoiceField(enum_name="AppealResultEnum", choices=AppealResult.choices)
    decided_on = serializers.DateField()
    decision_number = serializers.CharField(max_length=80)
    new_form = form_field(required=False, allow_null=True, default=None, help_text="Khi result là changed.")
    expected_version = version_field()
