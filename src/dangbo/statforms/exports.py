"""The Excel file of a statistical form, written only through `core.spreadsheets` (no text becomes a formula).

The layout is the form's: a heading (code, title, unit, cut-off date, source), the columns in the form's order,
one row per organization of the as-of tree (indented by level), the unit's total first. The member register of a
large unit (more rows than `members.exports.inline_max_rows`) is built by the `statforms.register` background
job, which re-checks the owner's scope for `Right.EXPORT` when it runs. Every download is audited
(`statforms.form.exported`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job, start_job, store_output
from dangbo.core.models import BackgroundJob
from dangbo.core.spreadsheets import append_list_row, append_row, list_sheet, new_workbook, workbook_bytes
from dangbo.members.exports import inline_max_rows
from dangbo.organizations.models import Organization

from .compute import Table, compute, register_rows
from .enums import FormKind
from .models import StatForm

JOB_KIND = "statforms.register"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NAME_WIDTH = 44


def filename(table: Table) -> str:
    return f"bieu-{table.form.code.lower()}-{table.unit.code.lower()}-{table.day:%Y%m%d}.xlsx"


def heading(table: Table) -> list[list[Any]]:
    """The lines above the table: what the form is, for which unit, as of which day, on what authority."""
    lines: list[list[Any]] = [
        [f"Biểu {table.form.code}: {table.form.title}"],
        [f"Đơn vị: {table.unit.name}"],
        [f"Số liệu tính đến ngày {table.day:%d/%m/%Y}"],
    ]
    if table.period_start is not None:
        lines.append([f"Kỳ: từ {table.period_start:%d/%m/%Y} đến {table.day:%d/%m/%Y}"])
    lines.append([f"Căn cứ: {table.form.source}"])
    if table.unfilled:
        lines.append(["Cột không có trong dữ liệu đảng viên (để trống): " + ", ".join(table.unfilled)])
    return lines


def is_register(form: StatForm) -> bool:
    return form.kind == FormKind.REGISTER


def register_size(table: Table) -> int:
    return int(table.total.values[0] or 0)


def build_workbook(table: Table) -> bytes:
    """The .xlsx of a table form: every organization of the as-of tree, the unit's total first."""
    book = new_workbook()
    sheet = book.active
    sheet.title = table.form.code[:31]
    for line in heading(table):
        append_row(sheet, line)
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [])
    header_row = sheet.max_row + 1
    append_row(sheet, ["Đơn vị", *table.columns])
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in table.rows:
        append_row(sheet, [row.name, *row.values])
        sheet.cell(row=sheet.max_row, column=1).alignment = Alignment(indent=min(row.depth, 10))
        if row.depth == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = NAME_WIDTH
    for index in range(2, len(table.columns) + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    return workbook_bytes(book)


def build_register(table: Table, *, progress: JobProgress | None = None) -> tuple[bytes, int]:
    """The member register (streamed): the heading, then the 14 columns, one row per member on the rolls."""
    book = new_workbook(write_only=True)
    sheet = list_sheet(book, table.form.code[:31], widths=[8, 28, 12, 12, 10, 12, 26, 12, 12, 14, 12, 14, 24, 20])
    for line in heading(table):
        append_row(sheet, line)
    append_row(sheet, [])
    append_row(sheet, table.columns)
    rows = 0
    for values in register_rows(table):
        append_list_row(sheet, values)
        rows += 1
        if progress is not None:
            progress.advance(rows)
    return workbook_bytes(book), rows


def log_export(*, actor: Any, table: Table, rows: int, request: HttpRequest | None = None, job_id: int | None = None,
               via: str = "") -> None:  # fmt: skip
    data: dict[str, Any] = {"form": table.form.code, "day": table.day.isoformat(), "rows": rows}
    if job_id is not None:
        data["job"] = job_id
    if via:
        data["via"] = via
    log_action(
        "statforms.form.exported", actor=actor, object_type="organization", object_id=table.unit.pk,
        object_repr=f"{table.form.code} — {table.unit.name}", scope_path=table.unit.path, data=data, request=request,
    )  # fmt: skip


def response(request: HttpRequest, table: Table, *, via: str = "") -> HttpResponse:
    """The file of the form as a download, audited (a register small enough to be written in the request)."""
    if is_register(table.form):
        content, rows = build_register(table)
    else:
        content, rows = build_workbook(table), len(table.rows)
    log_export(actor=request.user, table=table, rows=rows, request=request, via=via)
    answer = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    answer["Content-Disposition"] = f'attachment; filename="{filename(table)}"'
    return answer


def needs_job(table: Table) -> bool:
    return is_register(table.form) and register_size(table) > inline_max_rows()


def start_register_job(*, actor: Any, table: Table, request: HttpRequest | None = None) -> BackgroundJob:
    job = start_job(kind=JOB_KIND, owner=actor, params={
        "form": table.form.code, "unit": table.unit.pk, "day": table.day.isoformat()})  # fmt: skip
    log_action(
        "statforms.form.export_started", actor=actor, object_type="organization", object_id=table.unit.pk,
        object_repr=f"{table.form.code} — {table.unit.name}", scope_path=table.unit.path,
        data={"form": table.form.code, "day": table.day.isoformat(), "job": job.pk}, request=request,
    )  # fmt: skip
    return job


@register_job(JOB_KIND)
def run_register(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Background register. Steps: rebuild the owner's scope now (a right lost since does not leak); find the
    unit in it for `Right.EXPORT`; compute the as-of tree; write the workbook to `job.output_file`; audit it."""
    scope = scope_for(job.owner)
    if not scope.has_right(Right.EXPORT):
        raise DomainError("Tài khoản không còn quyền xuất dữ liệu.")
    unit = Organization.objects.filter(scope.path_q(Right.EXPORT), pk=job.params.get("unit")).first()
    form = StatForm.objects.filter(code=job.params.get("form"), in_use=True).first()
    if unit is None or form is None:
        raise DomainError("Đơn vị hoặc biểu không còn trong phạm vi xuất dữ liệu của bạn.")
    table = compute(form, unit, dt.date.fromisoformat(job.params["day"]), today=timezone.localdate())
    progress.set_total(register_size(table))
    content, rows = build_register(table, progress=progress)
    store_output(job, filename(table), content)
    log_export(actor=job.owner, table=table, rows=rows, job_id=job.pk)
    return {"rows": rows}
