"""Forms of the admission pages: the list's filters, the proposal (the member sheet's own fields), one small form
per step of the pipeline, and the dossier upload.

Forms only parse input; the admission rules live in `workflow` and `rules`, whose refusals the views put back
beside the form. Dates are typed dd/mm/yyyy and kept within sane limits (a step is recorded after it happened).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dangbo.core.date_limits import PARTY_FOUNDED, DateLimits
from dangbo.core.forms import VietnameseDateField
from dangbo.members.forms import PERSON_SHEET_FIELDS, OrganizationField, VietnameseForm, sheet_formfields
from dangbo.members.models import Member
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS, OrgKind
from dangbo.organizations.models import Organization

from .enums import Acquaintance, ConsentKind, DossierItem, ExitReason, Proposer, Stage, Step
from .models import Candidate
from .selectors import SponsorPool

# A step, a proposal or a vote happened on a past day, after the Party was founded.
PAST_LIMITS = DateLimits(earliest=PARTY_FOUNDED, years_ahead=0)
# Since when a sponsor has known the candidate: any past day of a lifetime.
KNOWN_SINCE_LIMITS = DateLimits(years_ahead=0)
ACTIVE_FILTER = "dang_xu_ly"
# Above this many organizations in scope the unit filter lists no cells under a grassroots organization (a
# province holds tens of thousands): the grassroots organizations and those above them stay, and a cell chosen
# by a link (the stage counts, the deadlines) is still listed and filtered on.
OFFER_LIMIT = 300
YEAR_MIN, YEAR_MAX = 1990, 2100


class CandidateFilterForm(VietnameseForm):
    """Filters of the candidate list (GET): unit in scope, stage, year, name. Every field is optional."""

    q = forms.CharField(
        label=_("Tìm theo tên"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Họ tên hoặc số CCCD"), "autocomplete": "off"}
        ),
    )
    giai_doan = forms.ChoiceField(label=_("Giai đoạn"), required=False)
    nam = forms.IntegerField(
        label=_("Năm"), required=False, min_value=YEAR_MIN, max_value=YEAR_MAX,
        help_text=_("Hồ sơ có trong năm: giới thiệu từ năm đó trở về trước, chưa kết thúc trước năm đó."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )  # fmt: skip

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["giai_doan"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Tất cả")), (ACTIVE_FILTER, _("Đang xử lý")), *Stage.choices]
        self.fields["to_chuc"] = OrganizationField(
            label=_("Đơn vị"), required=False, organizations=organizations, offer=self._offer(organizations),
            empty_label=str(_("Tất cả")),
        )  # fmt: skip
        self.order_fields(["q", "to_chuc", "giai_doan", "nam"])

    def _offer(self, organizations: QuerySet[Organization]) -> QuerySet[Organization]:
        offer = organizations.exclude(kind=OrgKind.PARTY_GROUP)
        if offer.count() <= OFFER_LIMIT:
            return offer
        chosen = str(self.data.get("to_chuc") or "")
        keep_chosen = Q(pk=int(chosen)) if chosen.isdigit() and len(chosen) < 12 else Q(pk__in=[])
        return offer.filter(~Q(kind=OrgKind.CELL) | keep_chosen)


class ProposeForm(VietnameseForm):
    """A new candidate: the cell that prepares them, who proposes them, and their sheet (the member sheet's fields).
    A former member being admitted again also gives their old card number and how and when they left."""

    proposer_kind = forms.ChoiceField(label=_("Tổ chức giới thiệu"), choices=[("", "—"), *Proposer.choices])
    proposer_name = forms.CharField(label=_("Tên tổ chức giới thiệu"), max_length=255, required=False)
    proposed_on = VietnameseDateField(label=_("Ngày giới thiệu"), limits=PAST_LIMITS)
    former_card = forms.CharField(
        label=_("Số thẻ đảng viên cũ"), max_length=20, required=False,
        help_text=_("Chỉ điền khi kết nạp lại người đã từng là đảng viên."),
    )  # fmt: skip
    left_party_on = VietnameseDateField(label=_("Ngày ra khỏi Đảng"), required=False, limits=PAST_LIMITS)
    exit_reason = forms.ChoiceField(label=_("Lý do ra khỏi Đảng"), choices=[("", "—"), *ExitReason.choices],
                                    required=False)  # fmt: skip
    record_cleared_on = VietnameseDateField(label=_("Ngày được xóa án tích"), required=False, limits=PAST_LIMITS)

    READMISSION_FIELDS = ("former_card", "left_party_on", "exit_reason", "record_cleared_on")

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_chuc"] = OrganizationField(
            label=_("Chi bộ bồi dưỡng"), organizations=organizations, empty_label="—",
            offer=organizations.filter(kind__in=MEMBER_HOLDING_KINDS, dissolved_on__isnull=True),
        )  # fmt: skip
        self.fields.update(sheet_formfields(Candidate, PERSON_SHEET_FIELDS))
        self.order_fields(["to_chuc", "proposer_kind", "proposer_name", "proposed_on", *PERSON_SHEET_FIELDS])

    def sheet_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in PERSON_SHEET_FIELDS if name in self.cleaned_data}

    def sheet_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PERSON_SHEET_FIELDS]

    def readmission_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.READMISSION_FIELDS]

    def is_readmission(self) -> bool:
        """Whether the re-admission part was filled (the page opens that part again)."""
        return self.is_bound and any(self.data.get(name) for name in self.READMISSION_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("former_card") and not data.get("left_party_on"):
            self.add_error("left_party_on", _("Hãy nhập ngày người này ra khỏi Đảng."))
        return data


class SponsorField(forms.IntegerField):
    """A sponsor chosen by id. The select offers `pool.offered` (`selectors.sponsor_choices`); any member of
    `pool.accepted` is taken, so the admission rules explain in Vietnamese why one who is probationary or from
    another grassroots organization does not qualify. Another id gets "not found" (the view has already refused
    a member outside the user's scope with 404)."""

    widget = forms.Select

    def __init__(self, *, pool: SponsorPool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.members = pool.accepted
        offered = pool.offered.select_related("organization").order_by("sort_key", "pk")
        self.widget.choices = [("", "—")] + [(m.pk, f"{m.full_name} — {m.organization.name}") for m in offered]
        self.widget.attrs["data-select-filter"] = ""

    def clean(self, value: Any) -> Member | None:
        pk = super().clean(value)
        if pk is None:
            return None
        member = self.members.filter(pk=pk).first()
        if member is None:
            raise forms.ValidationError(_("Không tìm thấy đảng viên này trong đảng bộ cơ sở."), code="not_found")
        return member


def _date(label: Any, *, required: bool = True, limits: DateLimits = PAST_LIMITS) -> VietnameseDateField:
    return VietnameseDateField(label=label, required=required, limits=limits)


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=100_000, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


def _text(label: Any, *, required: bool = True, max_length: int = 60) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _reason(label: Any = None) -> forms.CharField:
    return forms.CharField(label=label or _("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


# The fields of each step's form, named as `workflow.perform` takes its `data` (the sponsors apart).
STEP_FIELDS: dict[str, dict[str, Any]] = {
    # Both may stay empty when the training records hold the certificate (the step then uses it).
    Step.COURSE: {
        "certificate_number": lambda: _text(_("Số giấy chứng nhận"), required=False),
        "course_passed_on": lambda: _date(_("Ngày cấp giấy chứng nhận"), required=False),
    },
    Step.APPLICATION: {"applied_on": lambda: _date(_("Ngày nộp đơn"))},
    Step.VERIFY: {"verified_on": lambda: _date(_("Ngày thẩm tra xong lý lịch"))},
    Step.SPONSORS: {
        "on": lambda: _date(_("Ngày ghi nhận")),
        "youth_union_resolution": lambda: forms.BooleanField(
            label=_("Có nghị quyết giới thiệu của Đoàn (thay một người giới thiệu)"), required=False
        ),
    },
    Step.CELL_VOTE: {
        "held_on": lambda: _date(_("Ngày họp chi bộ")),
        "votes_for": lambda: _count(_("Số tán thành")),
        "votes_against": lambda: _count(_("Số không tán thành")),
        "resolution_number": lambda: _text(_("Số nghị quyết"), required=False),
    },
    Step.COMMITTEE: {
        "committee_resolved_on": lambda: _date(_("Ngày nghị quyết đảng ủy")),
        "committee_resolution_number": lambda: _text(_("Số nghị quyết đảng ủy"), required=False),
    },
    Step.DECISION: {
        "decided_on": lambda: _date(_("Ngày quyết định kết nạp")),
        "decision_number": lambda: _text(_("Số quyết định")),
        "decision_received_on": lambda: _date(_("Ngày chi bộ nhận quyết định")),
    },
    Step.CEREMONY: {"ceremony_on": lambda: _date(_("Ngày lễ kết nạp"))},
    Step.RECOGNITION_VOTE: {
        "held_on": lambda: _date(_("Ngày họp chi bộ")),
        "votes_for": lambda: _count(_("Số tán thành")),
        "votes_against": lambda: _count(_("Số không tán thành")),
        "resolution_number": lambda: _text(_("Số nghị quyết"), required=False),
        "recognition_decision_number": lambda: _text(_("Số quyết định công nhận (khi đạt)"), required=False),
        "recognized_on": lambda: _date(_("Ngày quyết định công nhận (khi đạt)"), required=False),
    },
    Step.HIGHER_DECISION: {
        "on": lambda: _date(_("Ngày quyết định")),
        "recognized": lambda: forms.TypedChoiceField(
            label=_("Quyết định của cấp ủy cấp trên"),
            coerce=lambda v: v == "yes",
            choices=[("yes", _("Công nhận đảng viên chính thức")), ("no", _("Không công nhận"))],
        ),
        "decision_number": lambda: _text(_("Số quyết định")),
    },
    Step.WITHDRAW: {"on": lambda: _date(_("Ngày")), "reason": _reason},
    Step.REJECT: {"on": lambda: _date(_("Ngày")), "reason": _reason},
    Step.CORRECT: {"reason": lambda: _reason(_("Lý do đính chính"))},
}
SPONSOR_SLOTS = (1, 2)


class StepForm(VietnameseForm):
    """One step on one candidacy. `version` is the candidacy's version when the page was opened: if someone saved
    a step since, the workflow refuses it as stale. Prefixed with the step, so every step's form fits on one page."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, step: str, sponsors: SponsorPool | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", step)
        super().__init__(*args, **kwargs)
        self.step = Step(step)
        for name, make in STEP_FIELDS[self.step].items():
            self.fields[name] = make()
        if self.step == Step.SPONSORS:
            assert sponsors is not None
            for slot in SPONSOR_SLOTS:
                required = slot == 1
                self.fields[f"sponsor{slot}"] = SponsorField(
                    label=_("Người giới thiệu %(n)s") % {"n": slot}, pool=sponsors, required=required
                )
                self.fields[f"acquaintance{slot}"] = forms.ChoiceField(
                    label=_("Quan hệ"), choices=[("", "—"), *Acquaintance.choices], required=required
                )
                self.fields[f"known_since{slot}"] = _date(
                    _("Cùng công tác, học tập hoặc cư trú từ ngày"), required=required, limits=KNOWN_SINCE_LIMITS
                )
            self.order_fields(["on", "sponsor1", "acquaintance1", "known_since1",
                               "sponsor2", "acquaintance2", "known_since2", "youth_union_resolution"])  # fmt: skip

    @property
    def label(self) -> str:
        return str(self.step.label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.step == Step.SPONSORS:
            for slot in SPONSOR_SLOTS[1:]:
                given = [data.get(f"{n}{slot}") for n in ("sponsor", "acquaintance", "known_since")]
                if any(given) and not all(given):
                    self.add_error(f"sponsor{slot}", _("Hãy nhập đủ người giới thiệu, quan hệ và từ ngày."))
            first, second = data.get("sponsor1"), data.get("sponsor2")
            if first is not None and second is not None and first.pk == second.pk:
                self.add_error("sponsor2", _("Hai người giới thiệu phải là hai người khác nhau."))
        return data

    def step_data(self) -> dict[str, Any]:
        """The `data` of `workflow.perform` for this step."""
        data = {name: self.cleaned_data.get(name) for name in STEP_FIELDS[self.step]}
        if self.step == Step.SPONSORS:
            data["sponsors"] = [
                {
                    "member_id": self.cleaned_data[f"sponsor{slot}"].pk,
                    "acquaintance": self.cleaned_data[f"acquaintance{slot}"],
                    "known_since": self.cleaned_data[f"known_since{slot}"],
                }
                for slot in SPONSOR_SLOTS
                if self.cleaned_data.get(f"sponsor{slot}") is not None
            ]
        for key, value in list(data.items()):
            if isinstance(value, str):
                data[key] = value.strip()
        return data


class DossierUploadForm(VietnameseForm):
    """One scanned document of the dossier (PDF, JPEG or PNG; the service checks the content and the size)."""

    item = forms.ChoiceField(label=_("Loại tài liệu"), choices=[("", "—"), *DossierItem.choices])
    consent_kind = forms.ChoiceField(
        label=_("Loại văn bản đồng ý (khi tải lên văn bản đồng ý)"), choices=[("", "—"), *ConsentKind.choices],
        required=False,
    )  # fmt: skip
    file = forms.FileField(label=_("Tệp (PDF, JPEG, PNG)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))  # fmt: skip
