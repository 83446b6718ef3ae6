"""Administrators keep the working-day calendar here: each year's holidays, days off and make-up days, entered
from the government's notice. Saving checks the kind against the weekday; every change is audited.

`AuditedAdmin` is the audited edit every app's administrator pages share; `RuleSetAdminBase` the page of each
app's rule sets."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .audit import log_action, snapshot
from .models import CalendarDay, RuleSetBase

_M = TypeVar("_M", bound=models.Model)
_RS = TypeVar("_RS", bound=RuleSetBase)

WEEKDAYS = (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật"))


class AuditedAdmin(admin.ModelAdmin[_M]):
    """An administrator's edit saved with one audit entry: the audited fields before and after, under
    `created_action` or `changed_action`; with `versioned`, a change bumps the record's `version`; with
    `deleted_action`, each deletion (one or a selection) is audited too."""

    created_action: ClassVar[str]
    changed_action: ClassVar[str]
    deleted_action: ClassVar[str | None] = None
    audit_object_type: ClassVar[str]
    audited_fields: ClassVar[list[str]]
    versioned: ClassVar[bool] = False

    def audit_repr(self, obj: _M) -> str:
        return str(obj)

    def save_model(self, request: HttpRequest, obj: _M, form: Any, change: bool) -> None:
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk), self.audited_fields) if change else None
        if change and self.versioned:
            obj.version += 1  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
        self._log(request, obj, self.changed_action if change else self.created_action, before=before)

    def delete_model(self, request: HttpRequest, obj: _M) -> None:
        self._log_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[_M]) -> None:
        for obj in queryset:
            self._log_deleted(request, obj)
        super().delete_queryset(request, queryset)

    def _log_deleted(self, request: HttpRequest, obj: _M) -> None:
        if self.deleted_action is not None:
            self._log(request, obj, self.deleted_action, before=snapshot(obj, self.audited_fields), after=False)

    def _log(self, request: HttpRequest, obj: _M, action: str, *, before: Any, after: bool = True) -> None:
        log_action(
            action,
            actor=request.user,
            object_type=self.audit_object_type,
            object_id=obj.pk,
            object_repr=self.audit_repr(obj),
            before=before,
            after=snapshot(obj, self.audited_fields) if after else None,
            request=request,
        )


class RuleSetAdminBase(AuditedAdmin[_RS]):
    """An app's rule sets: the model's `clean` checks the dates, the overlap and the parameters before saving;
    every edit is audited and bumps the version. Each app names its audit actions and object type."""

    list_display = ["code", "name", "effective_from", "effective_to"]
    ordering = ["effective_from"]
    readonly_fields = ["version", "created_at", "updated_at"]
    audited_fields = ["code", "name", "source_documents", "citation", "effective_from", "effective_to", "params"]
    versioned = True


class YearFilter(admin.SimpleListFilter):
    title = _("năm")
    parameter_name = "nam"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = CalendarDay.objects.dates("date", "year", order="DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> QuerySet[CalendarDay]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(date__year=int(value))
        return queryset


@admin.register(CalendarDay)
class CalendarDayAdmin(AuditedAdmin[CalendarDay]):
    created_action = "core.calendarday.created"
    changed_action = "core.calendarday.changed"
    deleted_action = "core.calendarday.deleted"
    audit_object_type = "calendarday"
    audited_fields = ["date", "kind", "name", "source"]
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name", "source"]
    ordering = ["date"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(WEEKDAYS[obj.date.weekday()])
