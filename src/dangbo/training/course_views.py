"""A course's pages under /dao-tao/lop/: open a course, its page (details, the people enrolled and their results,
as far as the reader may see them), edit it, enroll members of a cell, enroll a person who is not a member, the
whole list's results, and taking someone off the list. Reading needs `view_members`; every change needs
`manage_training` over the course's organizer (another course: 404, logged) and over the people's cells."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.audit import log_denied
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.members.views import check_organization_param
from dangbo.organizations.enums import MEMBER_HOLDING_KINDS
from dangbo.organizations.models import Organization

from . import courses, results
from .courses import OPEN_TO_NON_MEMBERS
from .enums import LEVEL_OF_COURSE, Result
from .forms import CourseForm, EnrollMembersForm, PersonForm, ResultsForm
from .models import Course, Enrollment
from .selectors import courses_for, enrollments_shown, may_manage
from .views import log_denied_fields


def show_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def run_service(form: forms.Form, write: Callable[[], Any]) -> tuple[Any, int]:
    """Run a service for a valid form: its result and 200, or None and the status of the refusal (409 for a stale
    version, 400 otherwise) with its message on the form."""
    try:
        return write(), 200
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
        return None, 409
    except DomainError as error:
        show_error(form, error)
        return None, 400


def managed_units(scope: Scope) -> Any:
    return Organization.objects.filter(scope.path_q(Right.MANAGE_TRAINING))


def managed_course(request: HttpRequest, scope: Scope, pk: int) -> Course:
    qs = Course.objects.filter(scope.path_q(Right.MANAGE_TRAINING)).select_related("organizer")
    return get_in_scope_or_404(request, qs, pk, what="course")


@login_required
@require_http_methods(["GET", "POST"])
def course_new(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_TRAINING)
    form = CourseForm(request.POST or None, organizations=managed_units(scope))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                course = courses.create_course(
                    actor=request.user, kind=data["kind"], title=data["title"], organizer=data["organizer"],
                    starts_on=data["starts_on"], ends_on=data["ends_on"], venue=data["venue"], note=data["note"],
                )  # fmt: skip
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã mở lớp “%(t)s”.") % {"t": course.title})
                return redirect("training:course", pk=course.pk)
        log_denied_fields(request, form)
    return render(request, "training/course_form.html", {"form": form, "title": _("Mở lớp mới")})


def render_course(
    request: HttpRequest, scope: Scope, course: Course, *, results_form: ResultsForm | None = None,
    person_form: PersonForm | None = None, status: int = 200,
) -> HttpResponse:  # fmt: skip
    enrollments = list(enrollments_shown(scope, course))
    manage = may_manage(scope, course)
    ended = course.ends_on <= timezone.localdate()
    context: dict[str, Any] = {
        "course": course, "enrollments": enrollments, "can_manage": manage, "ended": ended,
        "passed": sum(e.result == Result.PASSED for e in enrollments),
        "theory_level": LEVEL_OF_COURSE.get(course.kind),
        "can_record_levels": scope.has_right(Right.MANAGE_TRAINING),
    }  # fmt: skip
    if manage:
        units = managed_units(scope)
        if ended and enrollments:
            context["results_form"] = results_form or ResultsForm(enrollments=enrollments)
        if course.kind in OPEN_TO_NON_MEMBERS:
            context["person_form"] = person_form or PersonForm(organizations=units)
        context["cells"] = units.filter(kind__in=sorted(MEMBER_HOLDING_KINDS), dissolved_on__isnull=True).order_by(
            "path"
        )
    return render(request, "training/course_detail.html", context, status=status)


@login_required
@require_GET
def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_MEMBERS)
    course = get_in_scope_or_404(request, courses_for(scope).select_related("organizer__parent"), pk, what="course")
    return render_course(request, scope, course)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_TRAINING)
    course = managed_course(request, scope, pk)
    initial = {f: getattr(course, f) for f in ("kind", "title", "starts_on", "ends_on", "venue", "note", "version")}
    form = CourseForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        version = form.cleaned_data["version"] or 0
        saved, status = run_service(form, lambda: courses.update_course(
            actor=request.user, course=course, expected_version=version, data=data))  # fmt: skip
        if saved is not None:
            messages.success(request, _("Đã lưu lớp “%(t)s”.") % {"t": saved.title})
            return redirect("training:course", pk=course.pk)
    return render(request, "training/course_form.html", {"form": form, "title": _("Sửa lớp"), "course": course},
                  status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def enroll_members(request: HttpRequest, pk: int) -> HttpResponse:
    """Members on the rolls of one cell (`?chi_bo=`), ticked for the course; those already in it are left out."""
    scope = require_right(request, Right.MANAGE_TRAINING)
    course = managed_course(request, scope, pk)
    cells = managed_units(scope).filter(kind__in=sorted(MEMBER_HOLDING_KINDS))
    cell_id = request.GET.get("chi_bo") or ""
    check_organization_param(request, cells, cell_id)
    cell = cells.filter(pk=int(cell_id)).first() if cell_id.isdigit() else None
    if cell is None:
        raise Http404
    taken = course.enrollments.filter(member__isnull=False).values("member_id")
    members = list(Member.objects.filter(organization=cell, status__in=ON_ROLLS).exclude(pk__in=taken).order_by(
        "sort_key", "pk"
    ))  # fmt: skip
    form = EnrollMembersForm(request.POST or None, offered=[(m.pk, m.full_name) for m in members])
    if request.method == "POST":
        asked = [v for v in request.POST.getlist("members") if v.isdigit()]
        offered = {m.pk for m in members}
        outside = [int(v) for v in asked if int(v) not in offered]
        hidden = Member.objects.filter(pk__in=outside).exclude(pk__in=Member.objects.filter(
            scope.path_q(Right.MANAGE_TRAINING, "organization__path")).values("pk"))  # fmt: skip
        for member_id in hidden.values_list("pk", flat=True):
            log_denied(actor=request.user, what="member", object_id=member_id, request=request)
        if hidden.exists():
            raise Http404
        if form.is_valid():
            chosen = [m for m in members if m.pk in set(form.cleaned_data["members"])]
            try:
                made = courses.enroll_members(actor=request.user, course=course, members=chosen)
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã ghi danh %(n)s đảng viên.") % {"n": len(made)})
                return redirect(reverse("training:course", args=[course.pk]) + "#hoc-vien")
    return render(request, "training/enroll_members.html", {"course": course, "cell": cell, "form": form})


@login_required
@require_POST
def enroll_person(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_TRAINING)
    course = managed_course(request, scope, pk)
    form = PersonForm(request.POST, organizations=managed_units(scope))
    if form.is_valid():
        data = form.cleaned_data
        try:
            e = courses.enroll_person(
                actor=request.user, course=course, full_name=data["full_name"], birth_date=data["birth_date"],
                citizen_id=data["citizen_id"], organization=data["organization"],
            )  # fmt: skip
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã ghi danh %(name)s.") % {"name": e.full_name})
            return redirect(reverse("training:course", args=[course.pk]) + "#hoc-vien")
    log_denied_fields(request, form)
    return render_course(request, scope, course, person_form=form, status=400)


@login_required
@require_POST
def record_results(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole list's results at once: all saved, or nothing and every message in place."""
    scope = require_right(request, Right.MANAGE_TRAINING)
    course = managed_course(request, scope, pk)
    form = ResultsForm(request.POST, enrollments=list(enrollments_shown(scope, course)))
    status = 400
    if form.is_valid():
        try:
            n = results.record_results(actor=request.user, course=course, rows=form.result_rows())
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
            status = 409
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu kết quả của %(n)s học viên.") % {"n": n})
            return redirect(reverse("training:course", args=[course.pk]) + "#ket-qua")
    return render_course(request, scope, course, results_form=form, status=status)


@login_required
@require_POST
def remove_enrollment(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_TRAINING)
    qs = Enrollment.objects.filter(scope.path_q(Right.MANAGE_TRAINING, "course__path")).select_related("course")
    enrollment = get_in_scope_or_404(request, qs, pk, what="enrollment")
    version = request.POST.get("version", "")
    try:
        courses.remove_enrollment(actor=request.user, enrollment=enrollment,
                                  expected_version=int(version) if version.isdigit() else -1)  # fmt: skip
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa %(name)s khỏi danh sách lớp.") % {"name": enrollment.full_name})
    return redirect(reverse("training:course", args=[enrollment.course_id]) + "#hoc-vien")
