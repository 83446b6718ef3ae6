"""Excel export of the member list: one workbook builder shared by the download and the background job.

The list exported is exactly the one on screen: the user's scope for `Right.EXPORT`, the same
filters, the Vietnamese order. Each export is audited (`members.member.exported`) with the filters
and the number of rows. Lists longer than `DANGBO_EXPORT_INLINE_MAX_ROWS` (5,000 by default) are
built by the `members.export` background job, which re-checks the owner's scope when it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_action
from dangbo.core.dates import age_on
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job, start_job
from dangbo.core.models import BackgroundJob
from dangbo.core.spreadsheets import (
    append_list_row,
    append_row,
    list_sheet,
    new_workbook,
    text_safe_cell,
    workbook_bytes,
)
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import Education, Gender, MemberStatus, TheoryLevel
from .models import Member
from .selectors import MemberFilters, filter_members, in_vietnamese_order, members_for
from .seniority import seniority_months

JOB_KIND = "members.export"
DEFAULT_INLINE_MAX_ROWS = 5000
CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def inline_max_rows() -> int:
    """Above this many rows the export runs as a background job."""
    return int(getattr(settings, "DANGBO_EXPORT_INLINE_MAX_ROWS", DEFAULT_INLINE_MAX_ROWS))


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Member, ExportContext], Any]


@dataclass
class ExportContext:
    today: dt.date
    grassroots_by_path: dict[str, str]


def _label(choices: type[Any], value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _grassroots_name(member: Member, ctx: ExportContext) -> str:
    path = member.organization.path
    step = PATH_SEGMENT_WIDTH + 1
    for end in range(len(path), 0, -step):
        name = ctx.grassroots_by_path.get(path[:end])
        if name is not None:
            return name
    return ""


def _seniority_years(member: Member, ctx: ExportContext) -> int:
    periods = [(p.status, p.start, p.end) for p in member.status_periods.all()]
    months = seniority_months(admission_decision_date=member.admission_decision_date, periods=periods, on=ctx.today)
    return months // 12


COLUMNS: list[Column] = [
    Column("Họ", 12, lambda m, c: m.family_name),
    Column("Tên đệm", 14, lambda m, c: m.middle_name),
    Column("Tên", 10, lambda m, c: m.given_name),
    Column("Giới tính", 9, lambda m, c: _label(Gender, m.gender)),
    Column("Ngày sinh", 12, lambda m, c: m.birth_date),
    Column("Tuổi", 6, lambda m, c: age_on(m.birth_date, c.today)),
    Column("Dân tộc", 10, lambda m, c: m.ethnicity),
    Column("Tôn giáo", 10, lambda m, c: m.religion),
    Column("Quê quán", 28, lambda m, c: m.home_town),
    Column("Nơi ở hiện nay", 28, lambda m, c: m.residence),
    Column("Số CCCD", 15, lambda m, c: m.citizen_id or ""),
    Column("Số thẻ đảng viên", 15, lambda m, c: m.card_number or ""),
    Column("Số lý lịch đảng viên", 15, lambda m, c: m.record_number),
    Column("Ngày quyết định kết nạp", 14, lambda m, c: m.admission_decision_date),
    Column("Ngày lễ kết nạp", 14, lambda m, c: m.ceremony_date),
    Column("Ngày công nhận chính thức", 14, lambda m, c: m.full_membership_date),
    Column("Tuổi đảng (năm)", 10, _seniority_years),
    Column("Trạng thái", 24, lambda m, c: _label(MemberStatus, m.status)),
    Column("Trình độ học vấn", 18, lambda m, c: _label(Education, m.education)),
    Column("Chuyên môn, nghề nghiệp", 22, lambda m, c: m.profession),
    Column("Trình độ lý luận chính trị", 16, lambda m, c: _label(TheoryLevel, m.political_theory_level)),
    Column("Chức vụ", 22, lambda m, c: m.position),
    Column("Nơi làm việc", 28, lambda m, c: m.workplace),
    Column("Điện thoại", 13, lambda m, c: m.phone),
    Column("Thư điện tử", 24, lambda m, c: m.email),
    Column("Chi bộ", 30, lambda m, c: m.organization.name),
    Column("Tổ chức cơ sở đảng", 32, _grassroots_name),
]


def export_queryset(scope: Scope, filters: MemberFilters, *, today: dt.date) -> QuerySet[Member]:
    """The members an export of `filters` contains: scoped for `Right.EXPORT`, filtered, in Vietnamese order.

    The subtree filter is checked against the same scope; an organization outside it is refused.
    """
    organization = None
    if filters.organization_id is not None:
        organization = Organization.objects.filter(scope.path_q(Right.EXPORT), pk=filters.organization_id).first()
        if organization is None:
            raise DomainError("Tổ chức được chọn không thuộc phạm vi xuất dữ liệu của bạn.", field="to_chuc")
    qs = filter_members(members_for(scope, right=Right.EXPORT, include_self=False), filters,
                        organization=organization, today=today)  # fmt: skip
    return in_vietnamese_order(qs).select_related("organization")


def _grassroots_names(paths: Iterable[str]) -> dict[str, str]:
    """Names of the grassroots organizations above the given cell paths, by path (one query)."""
    step = PATH_SEGMENT_WIDTH + 1
    wanted = {p[:end] for p in paths for end in range(step, len(p) + 1, step)}
    grassroots_kinds = [OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]
    rows = Organization.objects.filter(path__in=wanted, kind__in=grassroots_kinds).values_list("path", "name")
    return dict(rows)


def _header_row(ws: WriteOnlyWorksheet) -> list[WriteOnlyCell]:
    font = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="B3101B")
    align = Alignment(wrap_text=True, vertical="center")
    cells = []
    for column in COLUMNS:
        cell = text_safe_cell(ws, column.header)
        cell.font, cell.fill, cell.alignment = font, fill, align
        cells.append(cell)
    return cells


def build_workbook(qs: QuerySet[Member], *, today: dt.date, progress: JobProgress | None = None) -> tuple[bytes, int]:
    """The .xlsx file of `qs` (already scoped and ordered) and its number of rows.

    Streamed (write-only workbook, rows fetched in chunks) so a list of many thousands stays small in
    memory. Dates are real Excel dates shown dd/mm/yyyy; the header row is frozen. Rows go through the
    spreadsheet writer, so a name typed as a formula stays text.
    """
    paths = set(qs.order_by().values_list("organization__path", flat=True).distinct())
    ctx = ExportContext(today=today, grassroots_by_path=_grassroots_names(paths))
    wb = new_workbook(write_only=True)
    ws = list_sheet(wb, "Đảng viên", widths=[column.width for column in COLUMNS])
    append_row(ws, _header_row(ws))
    rows = 0
    for member in qs.prefetch_related("status_periods").iterator(chunk_size=CHUNK):
        append_list_row(ws, [column.value(member, ctx) for column in COLUMNS])
        rows += 1
        if progress is not None:
            progress.advance(rows)
    return workbook_bytes(wb), rows


def export_filename(today: dt.date) -> str:
    return f"danh-sach-dang-vien-{today:%Y%m%d}.xlsx"


def _common_path(paths: Iterable[str]) -> str:
    """The deepest organization path that covers all `paths` ("" when they share no root)."""
    step = PATH_SEGMENT_WIDTH + 1
    paths = list(paths)
    if not paths:
        return ""
    common = paths[0]
    for p in paths[1:]:
        end = 0
        while end + step <= min(len(common), len(p)) and common[: end + step] == p[: end + step]:
            end += step
        common = common[:end]
    return common


def log_export(
    *,
    actor: Any,
    scope: Scope,
    filters: MemberFilters,
    rows: int,
    request: HttpRequest | None = None,
    job_id: int | None = None,
) -> None:
    """Audit one export. Its scope path is the chosen subtree, or the part of the tree the user exports from."""
    organization = Organization.objects.filter(pk=filters.organization_id).first() if filters.organization_id else None
    scope_path = organization.path if organization is not None else _common_path(scope.paths(Right.EXPORT))
    data: dict[str, Any] = {"filters": filters.as_params(), "rows": rows}
    if job_id is not None:
        data["job"] = job_id
    log_action(
        "members.member.exported",
        actor=actor,
        object_type="member_list",
        object_id=filters.organization_id or "",
        object_repr=organization.name if organization is not None else "Danh sách đảng viên",
        scope_path=scope_path,
        data=data,
        request=request,
    )


def start_export_job(*, actor: Any, filters: MemberFilters) -> BackgroundJob:
    return start_job(kind=JOB_KIND, owner=actor, params={"filters": filters.as_params()})


@register_job(JOB_KIND)
def run_member_export(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Background export. Steps: rebuild the owner's scope now (a right lost since does not leak);
    rebuild the list from the saved filters; write the workbook to `job.output_file`; audit it."""
    today = timezone.localdate()
    scope = scope_for(job.owner)
    if not scope.has_right(Right.EXPORT):
        raise DomainError("Tài khoản không còn quyền xuất dữ liệu.")
    filters = MemberFilters.from_params(job.params.get("filters", {}))
    qs = export_queryset(scope, filters, today=today)
    progress.set_total(qs.count())
    content, rows = build_workbook(qs, today=today, progress=progress)
    job.output_file.save(export_filename(today), ContentFile(content), save=False)
    BackgroundJob.objects.filter(pk=job.pk).update(output_file=job.output_file.name)
    log_export(actor=job.owner, scope=scope, filters=filters, rows=rows, job_id=job.pk)
    return {"rows": rows}
