"""Cell life as Excel, written through `core.spreadsheets` (a topic typed as a formula stays text; dates are real
Excel dates shown dd/mm/yyyy):
- the meeting calendar of a unit's subtree for a year (or a quarter): every meeting, planned, held or cancelled;
- the compliance per cell and quarter of a year, with the colour and the reasons (from `CellQuarter` only).
The views audit each export (`meetings.calendar.exported`, `meetings.compliance.exported`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Q
from django.utils import timezone

from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes
from dangbo.core.text import percent_of, percent_text
from dangbo.organizations.models import Organization

from .compliance import CELL_KINDS, quarter_span
from .enums import Compliance
from .models import CellQuarter, Meeting

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CALENDAR_HEADER = [
    ("Ngày", 12), ("Giờ dự kiến", 10), ("Chi bộ / tổ chức", 34), ("Trực thuộc", 30), ("Loại sinh hoạt", 30),
    ("Chủ đề, nội dung", 50), ("Địa điểm", 24), ("Tình trạng", 14), ("Bắt đầu", 8), ("Kết thúc", 8),
    ("Thời lượng (phút)", 10), ("Có mặt", 8), ("Phải có mặt", 8), ("Tỷ lệ dự họp", 10),
]  # fmt: skip
COMPLIANCE_HEADER = [
    ("Tổ chức cơ sở đảng", 34), ("Chi bộ", 34), ("Quý", 8), ("Đánh giá", 14), ("Số tháng phải sinh hoạt", 10),
    ("Số tháng đã sinh hoạt thường kỳ", 10), ("Số buổi chuyên đề", 10), ("Số buổi đã tổ chức", 10),
    ("Lượt có mặt", 10), ("Lượt phải có mặt", 10), ("Tỷ lệ dự họp", 10), ("Số buổi có cấp ủy cấp trên dự", 10),
    ("Số buổi chưa đủ thời lượng", 10), ("Lý do", 80),
]  # fmt: skip


def _span(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 12, 31)) if quarter is None else quarter_span(year, quarter)


def _local_time(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value is not None else ""


def calendar_rows(unit: Organization, *, year: int, quarter: int | None) -> Iterator[list[Any]]:
    first, last = _span(year, quarter)
    meetings = (
        Meeting.objects.filter(Q(organization__path__startswith=unit.path), day__gte=first, day__lte=last)
        .select_related("organization__parent")
        .order_by("day", "planned_start", "organization__sort_key", "pk")
    )
    for m in meetings.iterator(chunk_size=1000):
        minutes = int((m.ended_at - m.started_at).total_seconds() // 60) if m.started_at and m.ended_at else None
        org = m.organization
        yield [
            m.day, _local_time(m.planned_start), org.name, org.parent.name if org.parent else "",
            str(m.get_kind_display()), m.topic, m.place, str(m.get_status_display()), _local_time(m.started_at),
            _local_time(m.ended_at), minutes, m.present_count if m.attendance_recorded_at else None,
            m.expected_count if m.attendance_recorded_at else None,
            percent_text(percent_of(m.present_count, m.expected_count)) if m.attendance_recorded_at else "",
        ]  # fmt: skip


def compliance_rows(unit: Organization, *, year: int, quarter: int | None) -> Iterator[list[Any]]:
    rows = CellQuarter.objects.filter(path__startswith=unit.path, year=year, organization__kind__in=CELL_KINDS)
    if quarter is not None:
        rows = rows.filter(quarter=quarter)
    rows = rows.select_related("organization", "grassroots").order_by(
        "grassroots__sort_key", "organization__sort_key", "organization_id", "quarter"
    )
    for r in rows.iterator(chunk_size=1000):
        yield [
            r.grassroots.name if r.grassroots else "", r.organization.name, r.quarter, str(Compliance(r.status).label),
            r.months_due, r.monthly_held, r.thematic_held, r.meetings_held, r.present, r.expected,
            percent_text(percent_of(r.present, r.expected)), r.with_guest, r.too_short, " ".join(r.reasons),
        ]  # fmt: skip


def _workbook(title: str, header: list[tuple[str, int]], rows: Iterator[list[Any]]) -> tuple[bytes, int]:
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, title, widths=[width for _name, width in header])
    append_row(sheet, [name for name, _width in header])
    count = 0
    for row in rows:
        append_list_row(sheet, row)
        count += 1
    return workbook_bytes(book), count


def calendar_workbook(unit: Organization, *, year: int, quarter: int | None) -> tuple[bytes, int]:
    """The meeting calendar of `unit`'s subtree; (the .xlsx, the number of meetings)."""
    return _workbook("Lịch sinh hoạt", CALENDAR_HEADER, calendar_rows(unit, year=year, quarter=quarter))


def compliance_workbook(unit: Organization, *, year: int, quarter: int | None) -> tuple[bytes, int]:
    """Each cell's quarters of `year` under `unit`; (the .xlsx, the number of cell-quarters)."""
    return _workbook("Sinh hoạt theo quý", COMPLIANCE_HEADER, compliance_rows(unit, year=year, quarter=quarter))
