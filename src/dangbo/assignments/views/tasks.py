"""Giving a task (to members ticked in a cell), the task page with its progress and result, editing and removing
it. Each view starts with its access check; the writes go through `services`, whose refusals are shown beside
the form, nothing saved."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dangbo.accounts.access import get_in_scope_or_404, require_right
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import DomainError
from dangbo.members.views import check_organization_param

from .. import services
from ..forms import AssignForm, EditForm, ProgressForm, RemoveForm, ResultForm
from ..models import TaskAssignment
from ..selectors import active_members_of_cell
from .common import manageable_cells, may_manage, require_task_reader, show_error, task_in_scope, ticked_members


@login_required
@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest) -> HttpResponse:
    """Give one task to the members ticked in a cell (`?to_chuc=<cell id>`; a user over several cells picks one
    first). All of them get it, or none (the refusal names each member who does not qualify)."""
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    cells = manageable_cells(scope)
    raw = request.GET.get("to_chuc")
    check_organization_param(request, cells, raw)
    cell = get_in_scope_or_404(request, cells, int(raw), what="organization") if raw and raw.isdigit() else None
    if cell is None:
        listed = list(cells[:2])
        if len(listed) != 1:
            return render(request, "assignments/pick_cell.html", {"cells": cells})
        cell = listed[0]
    today = timezone.localdate()
    form = AssignForm(request.POST if request.method == "POST" else None,
                      members=active_members_of_cell(cell, today), today=today)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = ticked_members(request, scope, data["members"])
        try:
            tasks = services.assign_task(
                actor=request.user, cell=cell, members=chosen, title=data["title"], kind=data["kind"],
                details=data["details"], year=data["year"], assigned_on=data["assigned_on"], deadline=data["deadline"],
            )  # fmt: skip
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ cho %(n)s đảng viên.") % {"n": len(tasks)})
            return redirect(f"{reverse('assignments:list')}?to_chuc={cell.pk}&nam={tasks[0].year}")
    return render(request, "assignments/assign.html", {"form": form, "cell": cell}, status=400 if form.errors else 200)


def _detail(request: HttpRequest, task: TaskAssignment, **forms: Any) -> HttpResponse:
    """The task page; 400 when it shows a refused form again (nothing saved)."""
    scope = scope_for(request.user)
    context: dict[str, Any] = {"task": task, "can_manage": may_manage(scope, task), "today": timezone.localdate()}
    if context["can_manage"]:
        context["progress_form"] = forms.get("progress_form") or ProgressForm(
            initial={"progress": task.progress, "progress_note": task.progress_note, "version": task.version}
        )
        context["result_form"] = forms.get("result_form") or ResultForm(initial={
            "result": task.result, "completed_on": task.completed_on, "result_note": task.result_note,
            "version": task.version,
        })  # fmt: skip
        context["remove_form"] = forms.get("remove_form") or RemoveForm(initial={"version": task.version})
    refused = any(form.errors for form in forms.values())
    return render(request, "assignments/task_detail.html", context, status=400 if refused else 200)


@login_required
@require_http_methods(["GET"])
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One task: what, for whom, by when, its progress and result; the forms to update them for its cell."""
    scope = require_task_reader(request)
    task = task_in_scope(request, scope, pk)
    return _detail(request, task)


def _write(request: HttpRequest, pk: int, form_class: type, name: str, write: Any, done: str) -> HttpResponse:
    """A POST that updates a task through `write(task, cleaned_data)`; on refusal the task page shows why."""
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    task = task_in_scope(request, scope, pk, right=Right.MANAGE_CELL_LIFE)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            write(task, form.cleaned_data)
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, done)
            return redirect("assignments:detail", pk=task.pk)
    return _detail(request, task, **{name: form})


@login_required
@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    def write(task: TaskAssignment, data: dict[str, Any]) -> None:
        services.update_progress(actor=request.user, task=task, expected_version=data["version"],
                                 progress=data["progress"], note=data["progress_note"])  # fmt: skip

    return _write(request, pk, ProgressForm, "progress_form", write, _("Đã cập nhật tiến độ."))


@login_required
@require_POST
def task_result(request: HttpRequest, pk: int) -> HttpResponse:
    def write(task: TaskAssignment, data: dict[str, Any]) -> None:
        services.record_result(actor=request.user, task=task, expected_version=data["version"], result=data["result"],
                               completed_on=data["completed_on"], note=data["result_note"])  # fmt: skip

    return _write(request, pk, ResultForm, "result_form", write, _("Đã ghi kết quả cuối năm."))


@login_required
@require_POST
def task_remove(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    task = task_in_scope(request, scope, pk, right=Right.MANAGE_CELL_LIFE)
    form = RemoveForm(request.POST)
    if form.is_valid():
        try:
            services.remove_task(actor=request.user, task=task, expected_version=form.cleaned_data["version"],
                                 reason=form.cleaned_data["reason"])  # fmt: skip
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã xóa nhiệm vụ."))
            return redirect(f"{reverse('assignments:list')}?to_chuc={task.organization_id}&nam={task.year}")
    return _detail(request, task, remove_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scope = require_right(request, Right.MANAGE_CELL_LIFE)
    task = task_in_scope(request, scope, pk, right=Right.MANAGE_CELL_LIFE)
    initial = {name: getattr(task, name) for name in ("title", "details", "kind", "assigned_on", "deadline", "version")}
    form = EditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_task(
                actor=request.user, task=task, expected_version=data["version"], title=data["title"],
                kind=data["kind"], details=data["details"], assigned_on=data["assigned_on"], deadline=data["deadline"],
            )  # fmt: skip
        except DomainError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("assignments:detail", pk=task.pk)
    status = 400 if form.errors else 200
    return render(request, "assignments/task_edit.html", {"form": form, "task": task}, status=status)
