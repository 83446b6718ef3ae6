"""One candidacy: its sheet, where it stands on the main line, what the next step needs, the steps the user may
take (each a small form posted to `candidate_step`), the history of steps, open deadlines, the dossier checklist
and the documents. A refused step shows the page again with the form as typed and every broken rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import ConcurrentEditError, DomainError

from .. import documents, dossier, workflow
from ..deadlines import deadlines
from ..enums import EXITS, MAIN_LINE, Stage, Step
from ..forms import DossierUploadForm, StepForm
from ..models import Candidate, Transition
from ..rules import Finding, RuleRefusal, check_age, check_certificate, rules_on
from ..selectors import consents_of, history, sponsor_pool
from .common import candidate_in_scope, refuse_hidden_sponsors

# The stages on the way to the cell's vote, where the age and the certificate are previewed.
BEFORE_CELL_VOTE = set(MAIN_LINE[: MAIN_LINE.index(Stage.SPONSORED) + 1])
# What the step after each stage needs, in the officer's words.
NEXT_NEEDS: dict[str, Any] = {
    Stage.PROPOSED: gettext_lazy("Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (số, ngày cấp) còn hiệu lực."),
    Stage.COURSE_PASSED: gettext_lazy("Đơn xin vào Đảng và lý lịch của người xin vào Đảng."),
    Stage.APPLIED: gettext_lazy("Kết quả thẩm tra lý lịch."),
    Stage.VERIFIED: gettext_lazy(
        "Hai đảng viên chính thức cùng đảng bộ cơ sở, đã cùng công tác, học tập hoặc cư trú với người vào Đảng "
        "ít nhất 12 tháng (hoặc nghị quyết của Đoàn và một đảng viên chính thức)."
    ),
    Stage.SPONSORED: gettext_lazy(
        "Nghị quyết chi bộ: ít nhất 2/3 số đảng viên chính thức của chi bộ tán thành; người vào Đảng đủ 18 đến "
        "60 tuổi (tính theo tháng) vào ngày chi bộ xét."
    ),
    Stage.CELL_RESOLVED: gettext_lazy("Nghị quyết đề nghị kết nạp của đảng ủy cơ sở."),
    Stage.COMMITTEE_RESOLVED: gettext_lazy("Quyết định kết nạp của cấp ủy có thẩm quyền."),
    Stage.DECIDED: gettext_lazy("Lễ kết nạp trong 30 ngày làm việc kể từ ngày chi bộ nhận quyết định."),
    Stage.PROBATION: gettext_lazy(
        "Sau 12 tháng dự bị, chi bộ biểu quyết công nhận chính thức (ít nhất 2/3 số đảng viên chính thức) "
        "trong 30 ngày làm việc."
    ),
}


@dataclass
class StageMark:
    stage: Stage
    state: str  # "done", "current" or "todo"


def stage_line(candidate: Candidate) -> list[StageMark]:
    """The ten main stages, each done, current or still to come (an exit leaves the line where it stopped)."""
    reached = dossier.reached_stages(candidate)
    marks = []
    for stage in MAIN_LINE:
        if stage == candidate.stage:
            marks.append(StageMark(stage, "current"))
        else:
            marks.append(StageMark(stage, "done" if stage in reached else "todo"))
    return marks


def pending_findings(candidate: Candidate, *, today: dt.date) -> list[Finding]:
    """The rules that would refuse the cell's vote if it were held today (age in full months with the consents on
    file, the certificate's validity), while the candidacy is on its way to that vote. Checked with the rule set in
    force today by the same pure checks the step runs."""
    if candidate.stage not in BEFORE_CELL_VOTE:
        return []
    try:
        rules = rules_on(today)
    except DomainError:
        return []
    findings = check_age(rules, birth_date=candidate.birth_date, on=today, consents=consents_of(candidate))
    if candidate.course_passed_on is not None:
        findings += check_certificate(rules, course_passed_on=candidate.course_passed_on, on=today)
    return [f for f in findings if not f.ok]


def allowed_steps(scope: Scope, candidate: Candidate) -> list[Step]:
    """The steps that may come next and that this user may take on this candidacy (`workflow.may_take`)."""
    return [Step(s) for s in workflow.available_steps(candidate) if workflow.may_take(scope, candidate, s)]


def _history(candidate: Candidate) -> list[Transition]:
    return list(history(candidate).select_related("corrects").prefetch_related("corrections"))


def _document_links(candidate: Candidate) -> list[tuple[str, str]]:
    """The decision documents (Word, and PDF made in the background), once the candidacy has reached them."""
    links = []
    for kind, labels in (
        (documents.ADMISSION, (_("Quyết định kết nạp (Word)"), _("Quyết định kết nạp (PDF)"))),
        (documents.RECOGNITION, (_("Quyết định công nhận đảng viên chính thức (Word)"),
                                 _("Quyết định công nhận đảng viên chính thức (PDF)"))),
    ):  # fmt: skip
        if documents.has_reached(candidate, kind.first_stage):
            for fmt, label in zip(("docx", "pdf"), labels, strict=True):
                links.append((reverse(f"admissions:{kind.code}_{fmt}", args=[candidate.pk]), label))
    return links


def render_detail(
    request: HttpRequest, scope: Scope, candidate: Candidate, *, bound: StepForm | None = None,
    findings: list[Finding] | None = None, upload_form: DossierUploadForm | None = None, status: int = 200,
) -> HttpResponse:  # fmt: skip
    today = timezone.localdate()
    steps = allowed_steps(scope, candidate)
    pool = sponsor_pool(scope, candidate) if Step.SPONSORS in steps else None
    forms = []
    for step in steps:
        if bound is not None and bound.step == step:
            forms.append(bound)
        else:
            forms.append(StepForm(step=step, sponsors=pool, initial={"version": candidate.version}))
    can_manage = scope.covers_path(Right.MANAGE_ADMISSIONS, candidate.path)
    checklist = dossier.checklist(candidate, today=today)
    member = candidate.member
    context = {
        "c": candidate,
        "line": stage_line(candidate),
        "exited": candidate.stage in EXITS,
        "next_needs": NEXT_NEEDS.get(candidate.stage),
        "step_forms": forms,
        "refused_step": bound.step if bound is not None else None,
        # A refused step that is no longer offered (someone else moved the candidacy on): its errors on top.
        "orphan": bound if bound is not None and bound.step not in steps else None,
        "findings": findings or [],
        "history": _history(candidate),
        "deadlines": deadlines(Candidate.objects.filter(pk=candidate.pk), today=today),
        "checklist": checklist,
        "pending": pending_findings(candidate, today=today),
        "missing_next": [row for row in checklist if row.missing and row.needed_before in steps],
        "upload_form": (upload_form or DossierUploadForm()) if can_manage else None,
        "documents": _document_links(candidate),
        "member_link": member is not None and scope.covers_path(Right.VIEW_MEMBERS, member.organization.path),
        "today": today,
    }
    return render(request, "admissions/candidate_detail.html", context, status=status)


@login_required
@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The candidacy's page. Opening it is audited (`admissions.candidate.viewed`), like a member's record."""
    scope = require_right(request, Right.VIEW_ADMISSIONS)
    candidate = candidate_in_scope(request, scope, pk)
    log_action(
        "admissions.candidate.viewed", actor=request.user, object_type="candidate", object_id=candidate.pk,
        object_repr=candidate.full_name, scope_path=candidate.path, request=request,
    )  # fmt: skip
    return render_detail(request, scope, candidate)


@login_required
@require_POST
def candidate_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one step. Refused: the form's errors, every broken admission rule, or a stale version, in place,
    with nothing saved."""
    scope = require_right(request, Right.MANAGE_ADMISSIONS)
    candidate = candidate_in_scope(request, scope, pk, right=Right.MANAGE_ADMISSIONS)
    if step not in Step.values:
        raise Http404
    if not workflow.may_take(scope, candidate, step):
        raise PermissionDenied
    pool = sponsor_pool(scope, candidate) if step == Step.SPONSORS else None
    if pool is not None:
        refuse_hidden_sponsors(request, pool, [request.POST.get(f"{step}-sponsor{n}") for n in (1, 2)])
    form = StepForm(request.POST, step=step, sponsors=pool)
    if not form.is_valid():
        if step not in workflow.available_steps(candidate):
            form.add_error(None, _("Không thể “%(step)s”: hồ sơ đang ở giai đoạn “%(stage)s”.")
                           % {"step": Step(step).label, "stage": candidate.get_stage_display()})  # fmt: skip
        return render_detail(request, scope, candidate, bound=form, status=400)
    try:
        workflow.perform(
            actor=request.user, candidate=candidate, step=step, expected_version=form.cleaned_data["version"],
            data=form.step_data(),
        )  # fmt: skip
    except RuleRefusal as refusal:
        return render_detail(request, scope, _fresh(candidate), bound=form, findings=refusal.findings, status=400)
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
        return render_detail(request, scope, _fresh(candidate), bound=form, status=409)
    except DomainError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return render_detail(request, scope, _fresh(candidate), bound=form, status=400)
    messages.success(request, _("Đã lưu: %(step)s.") % {"step": Step(step).label})
    return redirect("admissions:detail", pk=candidate.pk)


def _fresh(candidate: Candidate) -> Candidate:
    """The candidacy as stored (a refused step saved nothing, but the object in hand may have been touched)."""
    return Candidate.objects.select_related("cell__parent", "member__organization", "former_member").get(
        pk=candidate.pk
    )
