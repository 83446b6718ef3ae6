"""One candidacy: its sheet, where it stands on the main line, what the next step needs, the steps the user may
take (each a small form posted to `candidate_step`), the history of steps, open deadlines, the dossier checklist
and the documents. A refused step shows the page again with the form as typed and every broken rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dangbo.accounts.access import require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_action
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.training.models import Certificate

from .. import documents, dossier, workflow
from ..deadlines import deadlines
from ..enums import EXITS, MAIN_LINE, Stage, Step
from ..forms import DossierUploadForm, StepForm
from ..models import Candidate, Transition
from ..rules import AdmissionRules, Finding, RuleRefusal, rules_on
from ..selectors import awareness_certificate_of, history, sponsor_pool
from .common import candidate_in_scope, refuse_hidden_sponsors

# The stages on the way to the cell's vote, where that vote's rules (age, education, certificate) are previewed.
BEFORE_CELL_VOTE = set(MAIN_LINE[: MAIN_LINE.index(Stage.SPONSORED)])


def _age(months: int) -> str:
    years, rest = divmod(months, 12)
    return _("%(y)s tuổi %(m)s tháng") % {"y": years, "m": rest} if rest else _("%(y)s tuổi") % {"y": years}


def next_needs(stage: str, rules: AdmissionRules | None) -> str | None:
    """What the step after `stage` needs, in the officer's words, with the thresholds of the rule set in force
    (`rules`; None when no rule set applies: the sentences that need a threshold are left out)."""
    fixed = {
        Stage.COURSE_PASSED: _("Đơn xin vào Đảng và lý lịch của người xin vào Đảng."),
        Stage.APPLIED: _("Kết quả thẩm tra lý lịch."),
        Stage.CELL_RESOLVED: _("Nghị quyết đề nghị kết nạp của đảng ủy cơ sở."),
        Stage.COMMITTEE_RESOLVED: _("Quyết định kết nạp của cấp ủy có thẩm quyền."),
    }
    if stage in fixed:
        return fixed[Stage(stage)]
    if rules is None:
        return None
    r = rules
    if stage == Stage.PROPOSED:
        return _(
            "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng (số, ngày cấp), còn hiệu lực (%(n)s tháng) khi chi "
            "bộ xét."
        ) % {"n": r.certificate_valid_months}
    if stage == Stage.VERIFIED:
        how = _("cùng công tác, học tập hoặc cư trú") if r.residence_allowed else _("cùng công tác, học tập")
        return _(
            "%(count)s đảng viên chính thức cùng đảng bộ cơ sở, đã %(how)s với người vào Đảng ít nhất %(months)s "
            "tháng (người từ %(youth)s tuổi trở xuống: nghị quyết của Đoàn thay một người)."
        ) % {"count": r.sponsor_count, "how": how, "months": r.sponsor_known_months, "youth": r.youth_max_age}
    if stage == Stage.SPONSORED:
        return _(
            "Nghị quyết chi bộ: ít nhất %(fraction)s số đảng viên chính thức của chi bộ tán thành; người vào Đảng "
            "từ đủ %(low)s đến %(high)s (tính đủ tháng) vào ngày chi bộ xét."
        ) % {"fraction": r.vote_fraction, "low": _age(r.min_age_months), "high": _age(r.max_age_months)}
    if stage == Stage.DECIDED:
        return _("Lễ kết nạp trong %(n)s ngày làm việc kể từ ngày chi bộ nhận quyết định.") % {
            "n": r.ceremony_working_days
        }
    if stage == Stage.PROBATION:
        return _(
            "Sau %(months)s tháng dự bị, chi bộ biểu quyết công nhận chính thức (ít nhất %(fraction)s số đảng viên "
            "chính thức) trong %(days)s ngày làm việc."
        ) % {"months": r.probation_months, "fraction": r.vote_fraction, "days": r.recognition_working_days}
    return None


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


def rules_today(today: dt.date) -> AdmissionRules | None:
    try:
        return rules_on(today)
    except DomainError:
        return None


def next_step_checks(candidate: Candidate, *, today: dt.date) -> tuple[Step | None, list[Finding]]:
    """The next main step and every rule it would check if it were taken today (`workflow.preview`, the same
    checks the step runs, nothing written); before the sponsors the checks are the cell vote's, which the
    candidacy is on its way to."""
    step = workflow.NEXT_STEP.get(Stage(candidate.stage)) if candidate.stage in workflow.NEXT_STEP else None
    if candidate.stage == Stage.PROBATION:
        step = Step.RECOGNITION_VOTE
    elif candidate.stage in BEFORE_CELL_VOTE:
        step = Step.CELL_VOTE
    if step is None:
        return None, []
    try:
        checks = workflow.preview(candidate, step, today=today)
    except DomainError:
        return step, []
    if candidate.stage == Stage.PROPOSED:  # the certificate is what the course step brings: not a refusal yet
        checks = [f for f in checks if f.rule != "certificate"]
    return step, checks


def certificate_lookup(found: Certificate | None) -> str:
    """What the course step will use: the certificate found in the training records, or hand entry."""
    if found is None:
        return _(
            "Không tìm thấy giấy chứng nhận còn giá trị trong hồ sơ đào tạo (theo số CCCD, hoặc họ tên và ngày "
            "sinh): nhập tay số và ngày cấp."
        )
    course = found.enrollment.course
    return _(
        "Tìm thấy trong hồ sơ đào tạo: giấy chứng nhận số %(number)s cấp ngày %(issued)s (lớp “%(course)s”, "
        "%(organizer)s). Bước này sẽ dùng giấy chứng nhận đó; có thể để trống số và ngày."
    ) % {
        "number": found.number, "issued": f"{found.issued_on:%d/%m/%Y}", "course": course.title,
        "organizer": course.organizer.name,
    }  # fmt: skip


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
    found = awareness_certificate_of(candidate, on=today) if Step.COURSE in steps else None
    forms = []
    for step in steps:
        if bound is not None and bound.step == step:
            forms.append(bound)
        else:
            initial: dict[str, object] = {"version": candidate.version}
            if step == Step.COURSE and found is not None:
                initial |= {"certificate_number": found.number, "course_passed_on": found.issued_on}
            forms.append(StepForm(step=step, sponsors=pool, initial=initial))
    can_manage = scope.covers_path(Right.MANAGE_ADMISSIONS, candidate.path)
    checklist = dossier.checklist(candidate, today=today)
    member = candidate.member
    checked_step, checks = next_step_checks(candidate, today=today)
    context = {
        "c": candidate,
        "line": stage_line(candidate),
        "exited": candidate.stage in EXITS,
        "next_needs": next_needs(candidate.stage, rules_today(today)),
        "checked_step": checked_step,
        "checks": checks,
        "checks_ahead": candidate.stage in BEFORE_CELL_VOTE,
        "step_forms": forms,
        "refused_step": bound.step if bound is not None else None,
        # A refused step that is no longer offered (someone else moved the candidacy on): its errors on top.
        "orphan": bound if bound is not None and bound.step not in steps else None,
        "findings": findings or [],
        "history": _history(candidate),
        "deadlines": deadlines(Candidate.objects.filter(pk=candidate.pk), today=today),
        "checklist": checklist,
        "pending": [f for f in checks if not f.ok],
        "missing_next": [row for row in checklist if row.missing and row.needed_before in steps],
        "upload_form": (upload_form or DossierUploadForm()) if can_manage else None,
        "documents": _document_links(candidate),
        "member_link": member is not None and scope.covers_path(Right.VIEW_MEMBERS, member.organization.path),
        "certificate_lookup": certificate_lookup(found) if Step.COURSE in steps else None,
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
