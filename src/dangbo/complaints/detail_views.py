"""A letter's page (audited) with its next steps (assign, extend, result, reply, close as not considered), and the
confidential page of the person who wrote it.

The letter's page never shows the identity. The identity page starts with its own access check: the user must hold
`view_complainant_identity` over the letter's handling organization (the inspection roles); anyone else, whatever
their other rights, gets 404 and a `core.access.denied` entry, as for a letter outside their scope. Every view of
it is audited (`complaints.identity.viewed`), as is every correction (the fields named, not their values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_denied
from dangbo.core.errors import DomainError

from . import identity as identity_module
from . import services
from .deadlines import letter_deadline
from .enums import ComplaintKind, ComplaintState
from .forms import AssignForm, CloseForm, ExtensionForm, IdentityForm, ReplyForm, ResultForm
from .models import Complaint
from .rules import rules_in_force
from .selectors import assignable, complaints_for, earlier_letters
from .views import HANDLE, log_posted_out_of_scope

OPEN = frozenset({ComplaintState.HANDLING})


@dataclass(frozen=True)
class Step:
    title: Any
    states: frozenset[str]
    form: Callable[..., Any]
    run: Callable[..., Complaint]


def _assign(*, data: dict[str, Any], **kw: Any) -> Complaint:
    return services.assign_complaint(assignee=data["assignee"], **kw)


def _extend(*, data: dict[str, Any], **kw: Any) -> Complaint:
    return services.extend_complaint(**data, **kw)


def _resolve(*, data: dict[str, Any], **kw: Any) -> Complaint:
    return services.resolve_complaint(**data, **kw)


def _reply(*, data: dict[str, Any], **kw: Any) -> Complaint:
    return services.reply_complaint(**data, **kw)


def _close(*, data: dict[str, Any], **kw: Any) -> Complaint:
    return services.close_not_considered(**data, **kw)


STEPS = {
    "giao": Step(gettext_lazy("Giao cán bộ giải quyết"), frozenset({*OPEN, ComplaintState.RESOLVED}),
                 lambda scope, letter, **kw: AssignForm(users=assignable(scope), **kw), _assign),
    "gia-han": Step(gettext_lazy("Gia hạn giải quyết"), OPEN, lambda scope, letter, **kw: ExtensionForm(**kw),
                    _extend),
    "ket-qua": Step(gettext_lazy("Kết quả giải quyết"), OPEN,
                    lambda scope, letter, **kw: ResultForm(kind=letter.kind, **kw), _resolve),
    "tra-loi": Step(gettext_lazy("Trả lời người gửi đơn"), frozenset({ComplaintState.RESOLVED}),
                    lambda scope, letter, **kw: ReplyForm(**kw), _reply),
    "khong-xem-xet": Step(
        gettext_lazy("Không xem xét, giải quyết (mạo danh, không rõ địa chỉ, gửi lại không có chứng cứ mới)"), OPEN,
        lambda scope, letter, **kw: CloseForm(letters=earlier_letters(complaints_for(scope).exclude(pk=letter.pk),
                                                                      before=letter.received_on), **kw),
        _close,
    ),
}  # fmt: skip


def open_steps(letter: Complaint) -> list[str]:
    steps = [code for code, step in STEPS.items() if letter.state in step.states]
    if letter.kind == ComplaintKind.DISCIPLINE_COMPLAINT:
        steps = [s for s in steps if s != "khong-xem-xet"]
    return steps


def _letter(request: HttpRequest, scope: Scope, pk: int) -> Complaint:
    qs = complaints_for(scope).select_related(
        "handling_organization__parent", "subject_member__organization", "subject_organization", "discipline",
        "repeat_of", "assignee",
    )  # fmt: skip
    return get_in_scope_or_404(request, qs, pk, what="complaint")


def _page(request: HttpRequest, scope: Scope, letter: Complaint, *, failed: tuple[str, Any, str] | None = None,
          status: int = 200) -> HttpResponse:  # fmt: skip
    rules = rules_in_force(letter.received_on)
    steps = []
    for code in open_steps(letter):
        form = failed[1] if failed and failed[0] == code else STEPS[code].form(scope, letter, prefix=code)
        steps.append({"code": code, "title": STEPS[code].title, "form": form,
                      "error": failed[2] if failed and failed[0] == code else ""})  # fmt: skip
    final_level = ""
    if letter.discipline is not None:
        final_level = rules.final_level_of(letter.discipline.original_form or letter.discipline.form)
    context = {
        "letter": letter, "steps": steps, "final_level": final_level,
        "deadline": letter_deadline(letter, rules) if letter.state == ComplaintState.HANDLING else None,
        "extensions": list(letter.extensions.all()), "repeats": list(letter.repeats.order_by("received_on")),
        "not_considered_rule": rules.not_considered_source.cite("Không xem xét, giải quyết")
        if letter.state == ComplaintState.NOT_CONSIDERED else "",
        "may_see_identity": identity_module.may_see_identity(scope, letter), "today": timezone.localdate(),
    }  # fmt: skip
    return render(request, "complaints/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, HANDLE)
    letter = _letter(request, scope, pk)
    services.audit("viewed", actor=request.user, complaint=letter, request=request)
    return _page(request, scope, letter)


@login_required
@require_POST
def step(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    scope = require_right(request, HANDLE)
    letter = _letter(request, scope, pk)
    if code not in STEPS:
        raise Http404
    form = STEPS[code].form(scope, letter, data=request.POST, prefix=code)
    raw = request.POST.get("version", "")
    version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
    if form.is_valid():
        try:
            STEPS[code].run(data=form.cleaned_data, actor=request.user, complaint=letter, expected_version=version)
        except DomainError as error:
            return _page(request, scope, letter, failed=(code, form, error.message), status=400)
        messages.success(request, _("Đã lưu: %(step)s.") % {"step": STEPS[code].title})
        return redirect("complaints:detail", pk=letter.pk)
    log_posted_out_of_scope(request, form)
    return _page(request, scope, letter, failed=(code, form, ""), status=400)


def identity_letter(request: HttpRequest, pk: int) -> tuple[Scope, Complaint]:
    """The access check of the identity's page and endpoint: the letter in the subtrees where the user may see
    identities, else 404 and logged (whatever other right the user holds, or none)."""
    if not request.user.is_authenticated:
        raise Http404
    scope = scope_for(request.user)
    qs = complaints_for(scope, right=Right.VIEW_COMPLAINANT_IDENTITY).select_related("handling_organization")
    letter = qs.filter(pk=pk).first()
    if letter is None:
        log_denied(actor=request.user, what="complainant_identity", object_id=pk, request=request)
        raise Http404
    return scope, letter


@login_required
@require_http_methods(["GET", "POST"])
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's details (each view audited) and their correction (audited, the fields named)."""
    scope, letter = identity_letter(request, pk)
    form = IdentityForm(request.POST or None)
    if request.method == "POST":
        raw = request.POST.get("version", "")
        version = int(raw) if raw.isdigit() and len(raw) < 10 else -1
        if form.is_valid():
            try:
                identity_module.correct_identity(actor=request.user, scope=scope, complaint=letter,
                                                 values=form.cleaned_data, expected_version=version)  # fmt: skip
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("Đã sửa danh tính người gửi đơn."))
                return redirect("complaints:identity", pk=letter.pk)
    person = identity_module.identity_of(scope=scope, actor=request.user, complaint=letter, request=request)
    if request.method == "GET" and person is not None:
        form = IdentityForm(initial={name: getattr(person, name) for name in identity_module.FIELDS})
    return render(request, "complaints/identity.html", {"letter": letter, "person": person, "form": form},
                  status=400 if form.errors else 200)  # fmt: skip
