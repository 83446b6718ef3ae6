"""The plans' pages under /chi-tieu/ke-hoach-nhiem-vu/ and /chi-tieu/nhiem-vu/: the plans, a plan with its tasks
by board and their progress, a task with its history and the report form for those responsible, the user's own
tasks and the overdue ones, and the forms to create and edit plans and tasks.

Reading needs `view_orgs` (a task outside what the user sees: 404, logged); reporting `report_progress` and being
the task's owner (the services refuse anyone else); creating and editing `manage_plans` at or above the issuer.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
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
from dangbo.members.forms import OrganizationField
from dangbo.organizations.models import Organization

from . import plans
from .models import Plan, PlanTask
from .plan_enums import CLOSED_STATES, DeadlineKind
from .plan_forms import PlanForm, ProgressForm, TaskForm
from .plan_selectors import (
    Responsibility,
    grouped,
    library_document,
    managed_plans,
    may_manage_plan,
    my_statuses,
    overdue_for_committee,
    plans_for,
    progress_for,
    progress_shown,
    reader_statuses,
    reporters_for,
    responsibility_for,
    sees_all_tasks,
    tasks_for,
)

LATER_SHOWN = 5  # "my tasks": the tasks not overdue nor due soon are shown unfolded when this few
PLAN_EDIT_FIELDS = ("document_number", "title", "issued_on", "year_from", "year_to", "implements")
TASK_EDIT_FIELDS = (
    "number", "title", "owner_kind", "board", "owner_text", "coordinating_boards", "deadline_kind", "due_on",
    "due_day", "due_month", "deadline_text", "expected_result", "state",
)  # fmt: skip


def log_denied_fields(request: HttpRequest, form: forms.Form) -> None:
    """An organization outside the scope named in an organization field: logged like any refused access."""
    for field in form.fields.values():
        denied = field.out_of_scope_id if isinstance(field, OrganizationField) else None
        if denied is not None and Organization.objects.filter(pk=denied).exists():
            log_denied(actor=request.user, what="organization", object_id=denied, request=request)


def show_error(form: forms.Form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def units_of_plan(plan: Plan) -> Any:
    if plan.issuer is None:
        return Organization.objects.all()
    return Organization.objects.filter(path__startswith=plan.issuer.path).exclude(pk=plan.issuer.pk)


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    resp = responsibility_for(request.user)
    rows = list(plans_for(scope).annotate(task_count=Count("tasks")))
    return render(request, "planning/plan_list.html", {
        "plans": rows, "can_create": scope.has_right(Right.MANAGE_PLANS) and bool(resp.manage_paths),
    })  # fmt: skip


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    plan = get_in_scope_or_404(request, plans_for(scope).prefetch_related("targets"), pk, what="plan")
    resp = responsibility_for(request.user)
    today = timezone.localdate()
    tasks = list(tasks_for(scope, resp).filter(plan=plan).select_related("plan__issuer").order_by("sort_key", "pk"))
    statuses = reader_statuses(tasks, resp, today=today)
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "groups": grouped(statuses), "all_tasks": sees_all_tasks(resp, plan), "today": today,
        "can_manage": may_manage_plan(resp, plan) and scope.has_right(Right.MANAGE_PLANS),
        "overdue": sum(bool(s.overdue) for s in statuses), "library_document": library_document(scope, plan),
    })  # fmt: skip


def render_task(
    request: HttpRequest, scope: Scope, resp: Responsibility, task: PlanTask, *, form: ProgressForm | None = None,
    status: int = 200,
) -> HttpResponse:  # fmt: skip
    today = timezone.localdate()
    reporters = reporters_for(resp, task) if scope.has_right(Right.REPORT_PROGRESS) else []
    can_report = bool(reporters) and task.state not in CLOSED_STATES
    if can_report and form is None:
        form = progress_form(task, reporters, initial={"reported_on": today})
    row = reader_statuses([task], resp, today=today)[0]
    return render(request, "planning/task_detail.html", {
        "task": task, "plan": task.plan, "row": row, "history": list(progress_shown(resp, task)),
        "form": form if can_report else None, "closed": task.state in CLOSED_STATES, "today": today,
        "can_manage": may_manage_plan(resp, task.plan) and scope.has_right(Right.MANAGE_PLANS),
        "coordinating_units": list(task.coordinating_units.all()),
    }, status=status)  # fmt: skip


def progress_form(task: PlanTask, reporters: list[tuple[str, Organization | None]], **kwargs: Any) -> ProgressForm:
    today = timezone.localdate()
    years = [y for y in task.plan.years() if y <= today.year] if task.deadline_kind == DeadlineKind.YEARLY else None
    units = [u for _b, u in reporters if u is not None]
    return ProgressForm(years=years, units=units, **kwargs)


def visible_task(request: HttpRequest, scope: Scope, resp: Responsibility, pk: int) -> PlanTask:
    qs = tasks_for(scope, resp).select_related("plan__issuer", "unit")
    return get_in_scope_or_404(request, qs, pk, what="plan_task")


@login_required
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    resp = responsibility_for(request.user)
    return render_task(request, scope, resp, visible_task(request, scope, resp, pk))


@login_required
@require_POST
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.REPORT_PROGRESS)
    resp = responsibility_for(request.user)
    task = visible_task(request, scope, resp, pk)
    reporters = reporters_for(resp, task)
    form = progress_form(task, reporters, data=request.POST, files=request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        units = {u.pk: u for _b, u in reporters if u is not None}
        try:
            plans.report_progress(
                actor=request.user, task=task, reported_on=data["reported_on"], stage=data["stage"],
                percent=data["percent"], result=data["result"], year=data.get("year"),
                unit=units.get(data["organization"]) if "organization" in data else None, uploaded=data.get("file"),
            )  # fmt: skip
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã ghi báo cáo tiến độ nhiệm vụ %(n)s.") % {"n": task.number})
            return redirect(reverse("planning:task", args=[task.pk]) + "#lich-su")
    if not reporters or task.state in CLOSED_STATES:
        errors = [str(e) for e in form.non_field_errors()]
        messages.error(request, errors[0] if errors else _("Không ghi được."))
        return redirect("planning:task", pk=task.pk)
    return render_task(request, scope, resp, task, form=form, status=400)


@login_required
@require_GET
def progress_file(request: HttpRequest, pk: int) -> FileResponse:
    scope = require_right(request, Right.VIEW_ORGS)
    resp = responsibility_for(request.user)
    record = get_in_scope_or_404(request, progress_for(scope, resp).exclude(file=""), pk, what="plan_progress")
    plans.record_file_opened(actor=request.user, progress=record, request=request)
    response = FileResponse(record.file.open("rb"), content_type=record.content_type)
    response["Content-Disposition"] = f'attachment; filename="{record.pk}.{record.file.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """The user's own open tasks (their board's, their unit's) with what is overdue or due soon, and for the
    committee every overdue task."""
    scope = require_right(request, Right.VIEW_ORGS)
    resp = responsibility_for(request.user)
    today = timezone.localdate()
    mine = my_statuses(scope, resp, today=today)
    mine.sort(key=lambda s: (not s.overdue, not s.due_soon, s.next_due.due if s.next_due else today, s.task.sort_key))
    committee = overdue_for_committee(scope, resp, today=today)
    # Overdue and due-soon tasks in full; the others (a plan gives a unit many ongoing ones) folded under a count.
    urgent = [s for s in mine if s.overdue or s.due_soon]
    later = [s for s in mine if not (s.overdue or s.due_soon)]
    return render(request, "planning/my_tasks.html", {
        "urgent": urgent, "later": later, "later_open": not urgent or len(later) <= LATER_SHOWN,
        "committee": committee, "is_committee": bool(resp.committee_paths or resp.manage_paths), "today": today,
    })  # fmt: skip


# ---- creating and editing ------------------------------------------------------------------------


def managed_plan(request: HttpRequest, resp: Responsibility, pk: int) -> Plan:
    return get_in_scope_or_404(request, managed_plans(resp), pk, what="plan")


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_PLANS)
    form = PlanForm(request.POST or None, organizations=Organization.objects.filter(scope.path_q(Right.MANAGE_PLANS)))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = plans.create_plan(
                    actor=request.user, issuer=data["issuer"], document_number=data["document_number"],
                    title=data["title"], issued_on=data["issued_on"], year_from=data["year_from"],
                    year_to=data["year_to"], implements=data["implements"],
                )  # fmt: skip
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã lập kế hoạch %(n)s.") % {"n": plan.document_number})
                return redirect("planning:plan", pk=plan.pk)
        log_denied_fields(request, form)
    return render(request, "planning/plan_form.html", {"form": form, "title": _("Lập kế hoạch")})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_right(request, Right.MANAGE_PLANS)
    plan = managed_plan(request, responsibility_for(request.user), pk)
    initial = {f: getattr(plan, f) for f in (*PLAN_EDIT_FIELDS, "version")}
    form = PlanForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            plans.update_plan(actor=request.user, plan=plan, expected_version=form.cleaned_data["version"] or 0,
                              data=data)  # fmt: skip
        except ConcurrentEditError as error:
            form.add_error(None, error.message)
            status = 409
        except DomainError as error:
            show_error(form, error)
            status = 400
        else:
            messages.success(request, _("Đã lưu kế hoạch %(n)s.") % {"n": data["document_number"]})
            return redirect("planning:plan", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "title": _("Sửa kế hoạch"), "plan": plan},
                  status=status)  # fmt: skip


def task_data(form: TaskForm) -> dict[str, Any]:
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    data["coordinating_units"] = list(data.get("coordinating_units") or [])
    return data


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    require_right(request, Right.MANAGE_PLANS)
    plan = managed_plan(request, responsibility_for(request.user), pk)
    form = TaskForm(request.POST or None, units=units_of_plan(plan), initial={"deadline_kind": DeadlineKind.DATE})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                task = plans.create_task(actor=request.user, plan=plan, data=task_data(form))
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã thêm nhiệm vụ %(n)s.") % {"n": task.number})
                return redirect("planning:task", pk=task.pk)
        log_denied_fields(request, form)
    return render(request, "planning/task_form.html", {"form": form, "plan": plan, "title": _("Thêm nhiệm vụ")},
                  status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_PLANS)
    resp = responsibility_for(request.user)
    task = visible_task(request, scope, resp, pk)
    if not may_manage_plan(resp, task.plan):
        raise PermissionDenied
    initial: dict[str, Any] = {f: getattr(task, f) for f in (*TASK_EDIT_FIELDS, "version")}
    initial.update(unit=task.unit_id, coordinating_units=list(task.coordinating_units.all()))
    form = TaskForm(request.POST or None, units=units_of_plan(task.plan), initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                plans.update_task(actor=request.user, task=task, expected_version=form.cleaned_data["version"] or 0,
                                  data=task_data(form))  # fmt: skip
            except ConcurrentEditError as error:
                form.add_error(None, error.message)
                status = 409
            except DomainError as error:
                show_error(form, error)
            else:
                messages.success(request, _("Đã lưu nhiệm vụ %(n)s.") % {"n": form.cleaned_data["number"]})
                return redirect("planning:task", pk=task.pk)
        log_denied_fields(request, form)
    return render(request, "planning/task_form.html", {
        "form": form, "plan": task.plan, "task": task, "title": _("Sửa nhiệm vụ"),
    }, status=status)  # fmt: skip
