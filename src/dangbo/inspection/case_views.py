"""A case's pages: a new case (in a programme, on its own, or from a complaint), the case's page with its stages,
team, findings, conclusion and follow-up, and one form per step, each posted to its own address and taken through
its one service with the version the page was opened with (a stale one: "someone else saved it", nothing saved).

Reading needs `view_discipline` over the inspecting organization, every step `manage_discipline` over it. Ids
outside the scope (the case, a programme, a complaint, a member or organization posted) answer 404 and are logged;
every case page is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.scope import Scope
from dangbo.complaints.models import Complaint
from dangbo.complaints.selectors import complaints_for
from dangbo.core.errors import DomainError
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.members.selectors import members_for
from dangbo.organizations.models import Organization

from . import services, steps
from .case_forms import (
    CaseForm,
    ConclusionForm,
    DayForm,
    DecisionForm,
    FindingForm,
    FollowUpDoneForm,
    FollowUpForm,
    TeamForm,
    decision_of,
)
from .conclusion import DisciplineChoice, conclude
from .deadlines import progress, stage_lines
from .enums import Body, CaseKind, CaseState, Stage
from .models import Case, Programme
from .selectors import cases_for, programmes_for, runners_for
from .views import MANAGE, VIEW, first_id, refuse_posted, show_error

STAGE_STEPS = {"thong-bao": Stage.NOTICE, "bao-cao": Stage.REPORT, "tham-tra": Stage.VERIFICATION,
               "du-thao": Stage.DRAFT, "thong-bao-ket-luan": Stage.CONCLUSION_NOTICE}  # fmt: skip
UNDER_WAY = (CaseState.PLANNED, CaseState.IN_PROGRESS)


@dataclass(frozen=True)
class Step:
    title: Any
    form: Callable[..., forms.Form]  # (case, data, prefix) → the step's form
    run: Callable[..., Any]  # (actor, case, data, version) → the service's answer
    shown: Callable[[Case], bool]  # the step is offered on the page now


def _plain(form_class: type[forms.Form]) -> Callable[..., forms.Form]:
    return lambda case, data, prefix: form_class(data, prefix=prefix)


def _team_form(case: Case, data: Any, prefix: str) -> forms.Form:
    initial = {}
    for i, row in enumerate(case.team.all()[:6]):
        initial.update({f"member_{i}": row.member_id, f"name_{i}": row.name, f"position_{i}": row.position})
    return TeamForm(data, prefix=prefix, initial=initial, members=team_pool(case))


def _stage_step(stage: Stage) -> Step:
    def run(*, actor: Any, case: Case, data: dict[str, Any], version: int) -> Any:
        return steps.record_stage(actor=actor, case=case, stage=stage, done_on=data["on"], expected_version=version)

    return Step(stage.label, _plain(DayForm), run, lambda case: case.due_stage == stage)


def _conclude(*, actor: Any, case: Case, data: dict[str, Any], version: int) -> Any:
    choice = None
    if data["form"]:
        choice = DisciplineChoice(
            form=data["form"], decision_number=data["decision_number"], decision_date=data["decision_date"],
            votes_for=data["votes_for"], voters_entitled=data["voters_entitled"], violation_date=data["violation_date"],
        )  # fmt: skip
    return conclude(actor=actor, case=case, expected_version=version, concluded_on=data["concluded_on"],
                    result=data["result"], conclusion=data["conclusion"], conclusion_number=data["conclusion_number"],
                    discipline=choice)  # fmt: skip


STEPS: dict[str, Step] = {
    "quyet-dinh": Step(
        gettext_lazy("Quyết định kiểm tra, giám sát"), _plain(DecisionForm),
        lambda *, actor, case, data, version: services.record_decision(
            actor=actor, case=case, expected_version=version, decision=decision_of(data)),
        lambda case: case.state == CaseState.PLANNED,
    ),
    **{slug: _stage_step(stage) for slug, stage in STAGE_STEPS.items()},
    "ket-luan": Step(Stage.CONCLUSION.label, _plain(ConclusionForm), _conclude,
                     lambda case: case.due_stage == Stage.CONCLUSION),
    "hoan-thanh": Step(
        gettext_lazy("Hoàn thành theo dõi, kết thúc cuộc"), _plain(DayForm),
        lambda *, actor, case, data, version: steps.close_case(
            actor=actor, case=case, closed_on=data["on"], expected_version=version),
        lambda case: case.due_stage == Stage.FOLLOW_UP,
    ),
    "doan": Step(
        gettext_lazy("Thành phần đoàn"), _team_form,
        lambda *, actor, case, data, version: services.set_team(
            actor=actor, case=case, expected_version=version, team=data["entries"]),
        lambda case: case.state in UNDER_WAY,
    ),
    "ket-qua": Step(
        gettext_lazy("Ghi kết quả thẩm tra, xác minh"), _plain(FindingForm),
        lambda *, actor, case, data, version: steps.add_finding(actor=actor, case=case, expected_version=version,
                                                                **data),
        lambda case: case.state == CaseState.IN_PROGRESS,
    ),
    "theo-doi": Step(
        gettext_lazy("Giao việc theo dõi thực hiện kết luận"), _plain(FollowUpForm),
        lambda *, actor, case, data, version: steps.add_follow_up(actor=actor, case=case, expected_version=version,
                                                                  **data),
        lambda case: case.state == CaseState.CONCLUDED,
    ),
    "xong-viec": Step(
        gettext_lazy("Ghi hoàn thành việc theo dõi"), _plain(FollowUpDoneForm),
        lambda *, actor, case, data, version: steps.complete_follow_up(
            actor=actor, case=case, item_id=data["item"], done_on=data["on"], expected_version=version),
        lambda case: False,  # one small form per open item, drawn beside it
    ),
}  # fmt: skip
MAIN_STEPS = ["quyet-dinh", *STAGE_STEPS, "ket-luan", "hoan-thanh"]
SIDE_STEPS = {"team": "doan", "finding": "ket-qua", "follow_up": "theo-doi"}


def team_pool(case: Case) -> QuerySet[Member]:
    """The members a team is picked from: those holding a seat in a committee of the inspecting organization now,
    and whoever is on the team already (others are named)."""
    today = timezone.localdate()
    seated = Member.objects.filter(
        committee_seats__committee__organization=case.organization, committee_seats__start__lte=today
    ).exclude(committee_seats__end__lt=today)
    return Member.objects.filter(pk__in=seated.values("pk")) | Member.objects.filter(
        pk__in=case.team.exclude(member=None).values("member_id")
    )


def _case(request: HttpRequest, scope: Scope, pk: int) -> Case:
    qs = cases_for(scope).select_related(
        "organization__parent", "subject_member__organization", "subject_organization__parent", "programme",
        "complaint", "discipline",
    )  # fmt: skip
    return get_in_scope_or_404(request, qs, pk, what="inspection_case")


def _detail(request: HttpRequest, scope: Scope, case: Case, *, failed: tuple[str, forms.Form, str] | None = None,
            status: int = 200) -> HttpResponse:  # fmt: skip
    today = timezone.localdate()
    can_manage = scope.covers_path(MANAGE, case.organization.path)
    offered = {}
    if can_manage:
        for code, step in STEPS.items():
            if failed and failed[0] == code:
                offered[code] = {"title": step.title, "form": failed[1], "error": failed[2]}
            elif step.shown(case):
                offered[code] = {"title": step.title, "form": step.form(case, None, code), "error": ""}
    follow_ups = list(case.follow_ups.all())
    return render(request, "inspection/case.html", {
        "case": case, "today": today, "lines": stage_lines(case, today=today), "progress": progress(case),
        "team": list(case.team.select_related("member")), "findings": list(case.findings.all()),
        "follow_ups": follow_ups, "can_manage": can_manage, "main_steps": [offered[c] | {"code": c}
                                                                            for c in MAIN_STEPS if c in offered],
        "side_steps": {name: offered[code] | {"code": code} for name, code in SIDE_STEPS.items() if code in offered},
        "done_error": _message(failed) if failed and failed[0] == "xong-viec" else "",
        "open_items": can_manage and case.state == CaseState.CONCLUDED,
    }, status=status)  # fmt: skip


def _message(failed: tuple[str, forms.Form, str]) -> str:
    """The refusal's message, or the form's first error (a follow-up done on no day, say)."""
    return failed[2] or next((str(e) for errors in failed[1].errors.values() for e in errors), "")


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, VIEW)
    case = _case(request, scope, pk)
    services.audit("viewed", actor=request.user, case=case, request=request)
    return _detail(request, scope, case)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    scope = require_right(request, VIEW)
    case = _case(request, scope, pk)
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    if not scope.covers_path(MANAGE, case.organization.path):
        raise PermissionDenied
    form = spec.form(case, request.POST, step)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
    if not form.is_valid():
        refuse_posted(request, form)
        return _detail(request, scope, case, failed=(step, form, ""), status=400)
    data = dict(form.cleaned_data)
    if isinstance(form, TeamForm):
        data = {"entries": form.entries()}
    try:
        spec.run(actor=request.user, case=case, data=data, version=version)
    except DomainError as error:
        show_error(form, error)
        return _detail(request, scope, case, failed=(step, form, error.message), status=400)
    messages.success(request, _("Đã lưu: %(step)s.") % {"step": spec.title})
    return redirect("inspection:case", pk=case.pk)


def _from_query(request: HttpRequest, scope: Scope, name: str, qs: QuerySet[Any], what: str) -> Any:
    raw = request.GET.get(name, "") or request.POST.get(name, "")
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 12:
        raise Http404
    return get_in_scope_or_404(request, qs, int(raw), what=what)


def _initial(programme: Programme | None, complaint: Complaint | None, runners: QuerySet[Organization]) -> dict:
    initial: dict[str, Any] = {"organization": first_id(runners)}
    if programme is not None:
        initial.update(organization=programme.organization_id, body=programme.body)
    if complaint is not None:
        # Letters are received and handled by the inspection commission: the case from one is theirs by default.
        initial.update(kind=CaseKind.SUSPECTED_VIOLATION, content=complaint.summary, body=Body.INSPECTION_COMMISSION,
                       member=complaint.subject_member_id, subject_organization=complaint.subject_organization_id,
                       organization=complaint.handling_organization_id)  # fmt: skip
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    """A new case: `?chuong_trinh=<id>` plans it in a programme (the decision may come later); `?don=<id>` opens
    it from a complaint (with its decision)."""
    scope = require_right(request, MANAGE)
    programme = _from_query(request, scope, "chuong_trinh", programmes_for(scope, right=MANAGE), "inspection_programme")
    complaint = _from_query(request, scope, "don", complaints_for(scope), "complaint")
    runners = runners_for(scope)
    members = members_for(scope, right=MANAGE, include_self=False).filter(status__in=sorted(ON_ROLLS))
    subjects = Organization.objects.filter(scope.path_q(MANAGE), dissolved_on__isnull=True)
    if programme is not None:
        members = members.filter(organization__path__startswith=programme.organization.path)
        subjects = subjects.filter(path__startswith=programme.organization.path)
    form = CaseForm(request.POST or None, initial=_initial(programme, complaint, runners), runners=runners,
                    members=members, subjects=subjects, decision_required=programme is None)  # fmt: skip
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            decided = bool(data["decision_number"] or data["decision_date"])
            try:
                case = services.open_case(
                    actor=request.user, organization=data["organization"], body=data["body"], kind=data["kind"],
                    content=data["content"], member=data["member"], subject_organization=data["subject_organization"],
                    programme=programme, complaint=complaint, planned_month=data["planned_month"],
                    decision=decision_of(data) if decided or programme is None else None,
                )  # fmt: skip
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã ghi: %(case)s.") % {"case": case})
                return redirect("inspection:case", pk=case.pk)
        refuse_posted(request, form)
    return render(
        request,
        "inspection/case_form.html",
        {"form": form, "programme": programme, "complaint": complaint},
        status=400 if form.errors else 200,
    )
