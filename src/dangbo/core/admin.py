"""Administrators keep the working-day calendar here: each year's holidays, days off and make-up days, entered
from the government's notice. Saving checks the kind against the weekday; every change is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .audit import log_action, snapshot
from .models import CalendarDay

AUDITED_FIELDS = ["date", "kind", "name", "source"]
WEEKDAYS = (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật"))


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
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ["date", "weekday", "kind", "name", "source"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name", "source"]
    ordering = ["date"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarDay) -> str:
        return str(WEEKDAYS[obj.date.weekday()])

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        before = snapshot(CalendarDay.objects.get(pk=obj.pk), AUDITED_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        log_action(
            "core.calendarday.changed" if change else "core.calendarday.created",
            actor=request.user,
            object_type="calendarday",
            object_id=obj.pk,
            object_repr=str(obj),
            before=before,
            after=snapshot(obj, AUDITED_FIELDS),
            request=request,
        )

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        self._log_deleted(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarDay]) -> None:
        for obj in queryset:
            self._log_deleted(request, obj)
        super().delete_queryset(request, queryset)

    def _log_deleted(self, request: HttpRequest, obj: CalendarDay) -> None:
        log_action(
            "core.calendarday.deleted",
            actor=request.user,
            object_type="calendarday",
            object_id=obj.pk,
            object_repr=str(obj),
            before=snapshot(obj, AUDITED_FIELDS),
            request=request,
        )
