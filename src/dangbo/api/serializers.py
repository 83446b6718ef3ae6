"""Serializers: shapes of the API's JSON. They read model fields and never write: writes go through services.

The citizen id (CCCD) is sensitive: it appears only in the member detail, never in lists.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from dangbo.members.enums import Education, Gender, TheoryLevel
from dangbo.members.models import Member
from dangbo.members.seniority import SeniorityYMD, seniority_ymd
from dangbo.organizations.models import Committee, CommitteeSeat, Organization, OrganizationPeriod
from dangbo.structure.selectors import CommitteeShares, committee_shares


class ErrorSerializer(serializers.Serializer[None]):
    """The body of every refused call (4xx): see `api.errors`."""

    detail = serializers.CharField(help_text="Thông báo lỗi (thông báo đầu tiên nếu có nhiều), bằng tiếng Việt.")
    code = serializers.CharField(
        help_text="Mã lỗi: `invalid`, `required`, `not_found`, `not_authenticated`, `authentication_failed`, "
        "`permission_denied`, `stale` (bản ghi đã bị người khác sửa)…"
    )
    field = serializers.CharField(allow_null=True, help_text="Trường dữ liệu gây lỗi đầu tiên (nếu có).")
    # A declared field, not the serializer's `errors` property: the metaclass moves fields off the class.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Mọi thông báo theo trường; `non_field_errors` cho cả yêu cầu. Rỗng khi không liên quan trường nào.",
    )


class NullableEmailField(serializers.EmailField):
    """An e-mail address, or null when there is none: "" is no address under `format: email`.

    The model stores no address as ""; the API reads it as null and accepts null (or "") to clear it.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return value or None

    def run_validation(self, data: Any = serializers.empty) -> Any:
        if data is None or data == "":
            return ""
        return super().run_validation(data)


class BlankAsNullChoiceField(serializers.ChoiceField):
    """A read-only choice that may be unset: null rather than "", which is none of the enum's values."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return super().to_representation(value) if value else None


# ---- organizations -------------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    org_type_display = serializers.CharField(source="get_org_type_display", read_only=True)
    level = serializers.CharField(read_only=True, help_text="Cấp: `upper`, `grassroots` hoặc `below`.")
    is_active = serializers.BooleanField(read_only=True, help_text="Còn hoạt động (chưa giải thể).")

    class Meta:
        model = Organization
        fields: tuple[str, ...] = (
            "id", "code", "name", "short_name", "kind", "kind_display", "org_type", "org_type_display", "level",
            "parent", "depth", "founded_on", "dissolved_on", "is_active",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class OrganizationChildSerializer(OrganizationSerializer):
    child_count = serializers.IntegerField(read_only=True, help_text="Số tổ chức trực thuộc còn hoạt động.")

    class Meta(OrganizationSerializer.Meta):
        fields: tuple[str, ...] = (*OrganizationSerializer.Meta.fields, "child_count")
        read_only_fields: tuple[str, ...] = fields


class TreeNodeSerializer(serializers.Serializer[Any]):
    """One organization in the tree as it stood on a date: the name and parent it had then."""

    depth = serializers.IntegerField(help_text="Độ sâu so với gốc (gốc là 0).")
    organization = serializers.IntegerField(help_text="Mã (id) tổ chức.")
    code = serializers.CharField()
    name = serializers.CharField(help_text="Tên tổ chức tại ngày đó.")
    kind = serializers.CharField()
    # DRF moves declared fields off the class, so this does not shadow `Serializer.parent` at run time.
    parent = serializers.IntegerField(allow_null=True, help_text="Tổ chức cấp trên tại ngày đó.")  # type: ignore[assignment]
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)

    def to_representation(self, instance: tuple[int, OrganizationPeriod]) -> dict[str, object]:
        depth, period = instance
        return {
            "depth": depth,
            "organization": period.organization_id,
            "code": period.organization.code,
            "name": period.name,
            "kind": period.organization.kind,
            "parent": period.parent_id,
            "valid_from": period.valid_from.isoformat(),
            "valid_to": period.valid_to.isoformat() if period.valid_to else None,
        }


# ---- committees ----------------------------------------------------------------------------------


class CommitteeSeatSerializer(serializers.ModelSerializer[CommitteeSeat]):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    position_display = serializers.CharField(source="get_position_display", read_only=True)

    class Meta:
        model = CommitteeSeat
        fields: tuple[str, ...] = ("id", "member", "member_name", "position", "position_display", "start", "end")
        read_only_fields: tuple[str, ...] = fields


class CommitteeSharesSerializer(serializers.Serializer[CommitteeShares]):
    seated = serializers.IntegerField(help_text="Số cấp ủy viên đang giữ chức vụ hôm nay.")
    women = serializers.IntegerField()
    under_40 = serializers.IntegerField()
    women_percent = serializers.FloatField(allow_null=True, help_text="Tỷ lệ nữ (%).")
    under_40_percent = serializers.FloatField(allow_null=True, help_text="Tỷ lệ dưới 40 tuổi (%).")


class CommitteeSerializer(serializers.ModelSerializer[Committee]):
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    seats = CommitteeSeatSerializer(many=True, read_only=True, help_text="Mọi cấp ủy viên trong nhiệm kỳ.")
    shares = serializers.SerializerMethodField(help_text="Tỷ lệ nữ và dưới 40 tuổi của cấp ủy viên hôm nay.")

    class Meta:
        model = Committee
        fields: tuple[str, ...] = (
            "id", "organization", "organization_name", "term_label", "term_start", "term_end", "secretary_is_head",
            "seats", "shares",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    @extend_schema_field(CommitteeSharesSerializer)
    def get_shares(self, committee: Committee) -> dict[str, object]:
        today = timezone.localdate()
        seated = [s for s in committee.seats.all() if s.start <= today and (s.end is None or s.end > today)]
        return dict(CommitteeSharesSerializer(committee_shares(seated, on=today)).data)


# ---- members -------------------------------------------------------------------------------------


class MemberListSerializer(serializers.ModelSerializer[Member]):
    full_name = serializers.CharField(read_only=True, help_text="Họ và tên theo cách viết tiếng Việt.")
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    political_theory_level = BlankAsNullChoiceField(
        label="Trình độ lý luận chính trị", choices=TheoryLevel.choices, help_text="null khi chưa có."
    )

    class Meta:
        model = Member
        fields: tuple[str, ...] = (
            "id", "full_name", "family_name", "middle_name", "given_name", "gender", "gender_display", "birth_date",
            "status", "status_display", "organization", "organization_name", "card_number", "position",
            "political_theory_level",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields


class SenioritySerializer(serializers.Serializer[Any]):
    """Seniority (tuổi đảng) in years, months and days: the whole months minus the gaps, the days since the last whole
    month was reached; the same figure the member page and the badge list show."""

    years = serializers.IntegerField(read_only=True)
    months = serializers.IntegerField(read_only=True)
    days = serializers.IntegerField(read_only=True)
    text = serializers.CharField(source="label", read_only=True, help_text="«25 năm 3 tháng 12 ngày».")


class MemberDetailSerializer(MemberListSerializer):
    """The full member sheet (2-HSĐV), including the citizen id. Reading it is recorded in the audit log."""

    party_seniority_years = serializers.SerializerMethodField(help_text="Tuổi đảng (năm), tính đến hôm nay.")
    party_seniority = serializers.SerializerMethodField(
        help_text="Tuổi đảng tính đến hôm nay: năm, tháng và số ngày kể từ khi đủ tháng cuối cùng (trừ thời gian "
        "gián đoạn), cùng con số trang đảng viên và danh sách Huy hiệu Đảng hiển thị."
    )
    email = NullableEmailField(label="Thư điện tử", read_only=True, help_text="null khi không có.")
    education = BlankAsNullChoiceField(
        label="Trình độ học vấn", choices=Education.choices, help_text="null khi chưa có."
    )

    class Meta(MemberListSerializer.Meta):
        fields: tuple[str, ...] = (
            *MemberListSerializer.Meta.fields,
            "ethnicity", "religion", "home_town", "residence", "citizen_id", "record_number",
            "admission_decision_date", "ceremony_date", "full_membership_date", "education", "profession",
            "workplace", "phone", "email", "party_seniority_years", "party_seniority", "version", "created_at",
            "updated_at",
        )  # fmt: skip
        read_only_fields: tuple[str, ...] = fields

    def _seniority(self, member: Member) -> SeniorityYMD:
        periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
        return seniority_ymd(admission_decision_date=member.admission_decision_date, periods=periods,
                             on=timezone.localdate())  # fmt: skip

    def get_party_seniority_years(self, member: Member) -> int:
        return self._seniority(member).years

    @extend_schema_field(SenioritySerializer)
    def get_party_seniority(self, member: Member) -> dict[str, Any]:
        return dict(SenioritySerializer(self._seniority(member)).data)


def _name_field(label: str, *, required: bool = True, max_length: int = 80) -> serializers.CharField:
    return serializers.CharField(label=label, required=required, allow_blank=not required, max_length=max_length)


class MemberSheetSerializer(serializers.Serializer[dict[str, object]]):
    """Fields of the member sheet an officer may set. Checks of dates and duplicates are the service's."""

    family_name = _name_field("Họ", max_length=60)
    middle_name = _name_field("Tên đệm", required=False)
    given_name = _name_field("Tên", max_length=40)
    gender = serializers.ChoiceField(label="Giới tính", choices=Gender.choices)
    birth_date = serializers.DateField(label="Ngày sinh")
    ethnicity = serializers.CharField(label="Dân tộc", max_length=40, required=False)
    religion = serializers.CharField(label="Tôn giáo", max_length=40, required=False, allow_blank=True)
    home_town = serializers.CharField(label="Quê quán", max_length=255, required=False, allow_blank=True)
    residence = serializers.CharField(label="Nơi ở hiện nay", max_length=255, required=False, allow_blank=True)
    citizen_id = serializers.CharField(
        label="Số CCCD", max_length=12, required=False, allow_blank=True, allow_null=True
    )
    card_number = serializers.CharField(
        label="Số thẻ đảng viên", max_length=20, required=False, allow_blank=True, allow_null=True
    )
    record_number = serializers.CharField(label="Số lý lịch đảng viên", max_length=20, required=False, allow_blank=True)
    admission_decision_date = serializers.DateField(label="Ngày quyết định kết nạp")
    ceremony_date = serializers.DateField(label="Ngày lễ kết nạp", required=False, allow_null=True)
    full_membership_date = serializers.DateField(label="Ngày công nhận chính thức", required=False, allow_null=True)
    education = serializers.ChoiceField(
        label="Trình độ học vấn", choices=Education.choices, required=False, allow_blank=True
    )
    profession = serializers.CharField(
        label="Chuyên môn, nghề nghiệp", max_length=120, required=False, allow_blank=True
    )
    political_theory_level = serializers.ChoiceField(
        label="Trình độ lý luận chính trị", choices=TheoryLevel.choices, required=False
    )
    position = serializers.CharField(label="Chức vụ", max_length=120, required=False, allow_blank=True)
    workplace = serializers.CharField(label="Nơi làm việc", max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(label="Điện thoại", max_length=20, required=False, allow_blank=True)
    email = NullableEmailField(label="Thư điện tử", required=False, help_text="null (hoặc chuỗi rỗng) để xóa.")


class MemberCreateSerializer(MemberSheetSerializer):
    organization = serializers.IntegerField(
        label="Chi bộ", min_value=1, max_value=2**63 - 1, help_text="Mã (id) chi bộ nơi đảng viên sinh hoạt."
    )


class MemberUpdateSerializer(MemberSheetSerializer):
    """A partial edit: send only the changed fields, plus the `version` read with the record."""

    schema_required = ("version",)  # required although the edit is partial (api.schema)

    version = serializers.IntegerField(
        label="Phiên bản", min_value=1, help_text="Phiên bản của bản ghi khi đọc; bản ghi đã bị sửa thì trả về 409."
    )

    def validate(self, attrs: dict[str, object]) -> dict[str, object]:
        if "version" not in attrs:
            raise serializers.ValidationError({"version": "Cần gửi kèm phiên bản (version) của bản ghi."})
        return attrs


class TokenSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField(
        help_text="Gửi kèm mỗi yêu cầu trong tiêu đề `Authorization: Token <token>`. Chỉ hiện một lần: "
        "hệ thống chỉ lưu bản băm của mã."
    )
    prefix = serializers.CharField(help_text="Tiền tố của mã (không bí mật), hiện trong danh sách mã truy cập.")
    expires_at = serializers.DateTimeField(help_text="Mã hết hạn lúc này; sau đó API trả về 401.")


class TokenRequestSerializer(AuthTokenSerializer):
    otp_token = serializers.CharField(
        label="Mã xác thực hai bước",
        required=False,
        allow_blank=True,
        max_length=10,
        help_text="Mã TOTP từ ứng dụng xác thực; bắt buộc khi tài khoản phải xác thực hai bước.",
    )
    name = serializers.CharField(
        label="Tên mã truy cập",
        required=False,
        max_length=100,
        default="API",
        help_text="Để nhận ra mã trong danh sách.",
    )
