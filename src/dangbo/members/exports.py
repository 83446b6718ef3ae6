"""Excel export of the member list: one workbook builder shared by the download and the background job.

The list exported is exactly the one on screen: the user's scope for `Right.EXPORT`, the same
filters, the Vietnamese order. Each export is audited (`members.member.exported`) with the filters
and the number of rows. Lists longer than `DANGBO_EXPORT_INLINE_MAX_ROWS` (5,000 by default) are
built by the `members.export` background job, which re-checks the owner's scope when it runs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_action
from dangbo.core.dates import age_on
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job, start_job, store_output
from dangbo.core.models import BackgroundJob
from dangbo.core.spreadsheets import ListFile
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .enums import SENIORITY_GAP_STATUSES, Education, Gender, MemberStatus, TheoryLevel
from .models import Member, MemberStatusPeriod
from .selectors import MemberFilters, filter_members, in_vietnamese_order, members_for
from .seniority import Period, seniority_months

JOB_KIND = "members.export"
DEFAULT_INLINE_MAX_ROWS = 5000
CHUNK = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def inline_max_rows() -> int:
    """Above this many rows the export runs as a background job."""
    return int(getattr(settings, "DANGBO_EXPORT_INLINE_MAX_ROWS", DEFAULT_INLINE_MAX_ROWS))


# The member's values an export reads (one dict per row, no model objects), besides its status periods.
ROW_FIELDS = (
    "pk", "family_name", "middle_name", "given_name", "gender", "birth_date", "ethnicity", "religion", "home_town",
    "residence", "citizen_id", "card_number", "record_number", "admission_decision_date", "ceremony_date",
    "full_membership_date", "status", "education", "profession", "political_theory_level", "position",
    "workplace", "phone", "email", "organization__path", "organization__name",
)  # fmt: skip
Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    value: Callable[[Row, ExportContext], Any]


@dataclass
class ExportContext:
    today: dt.date
    grassroots_by_path: dict[str, str]
    labels: dict[type[Any], dict[str, str]] = field(default_factory=dict)
    periods: dict[int, list[Period]] = field(default_factory=dict)  # the members' seniority gaps

    def label(self, choices: type[Any], value: str) -> str:
        """The choice's label, looked up once per export (a value no longer among the choices shows as stored)."""
        labels = self.labels.get(choices)
        if labels is None:
            labels = self.labels[choices] = {str(v): str(label) for v, label in choices.choices}
        return labels.get(value, value or "")


def _grassroots_name(row: Row, ctx: ExportContext) -> str:
    path = row["organization__path"]
    step = PATH_SEGMENT_WIDTH + 1
    for end in range(len(path), 0, -step):
        name = ctx.grassroots_by_path.get(path[:end])
        if name is not None:
            return name
    return ""


def _seniority_years(row: Row, ctx: ExportContext) -> int:
    periods = ctx.periods.get(row["pk"], [])
    months = seniority_months(admission_decision_date=row["admission_decision_date"], periods=periods, on=ctx.today)
    return months // 12


def _field(name: str) -> Callable[[Row, ExportContext], Any]:
    return lambda r, c: r[name]


COLUMNS: list[Column] = [
    Column("Họ", 12, _field("family_name")),
    Column("Tên đệm", 14, _field("middle_name")),
    Column("Tên", 10, _field("given_name")),
    Column("Giới tính", 9, lambda r, c: c.label(Gender, r["gender"])),
    Column("Ngày sinh", 12, _field("birth_date")),
    Column("Tuổi", 6, lambda r, c: age_on(r["birth_date"], c.today)),
    Column("Dân tộc", 10, _field("ethnicity")),
    Column("Tôn giáo", 10, _field("religion")),
    Column("Quê quán", 28, _field("home_town")),
    Column("Nơi ở hiện nay", 28, _field("residence")),
    Column("Số CCCD", 15, lambda r, c: r["citizen_id"] or ""),
    Column("Số thẻ đảng viên", 15, lambda r, c: r["card_number"] or ""),
    Column("Số lý lịch đảng viên", 15, _field("record_number")),
    Column("Ngày quyết định kết nạp", 14, _field("admission_decision_date")),
    Column("Ngày lễ kết nạp", 14, _field("ceremony_date")),
    Column("Ngày công nhận chính thức", 14, _field("full_membership_date")),
    Column("Tuổi đảng (năm)", 10, _seniority_years),
    Column("Trạng thái", 24, lambda r, c: c.label(MemberStatus, r["status"])),
    Column("Trình độ học vấn", 18, lambda r, c: c.label(Education, r["education"])),
    Column("Chuyên môn, nghề nghiệp", 22, _field("profession")),
    Column("Trình độ lý luận chính trị", 16, lambda r, c: c.label(TheoryLevel, r["political_theory_level"])),
    Column("Chức vụ", 22, _field("position")),
    Column("Nơi làm việc", 28, _field("workplace")),
    Column("Điện thoại", 13, _field("phone")),
    Column("Thư điện tử", 24, _field("email")),
    Column("Chi bộ", 30, _field("organization__name")),
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


def _gap_periods(qs: QuerySet[Member]) -> dict[int, list[Period]]:
    """The seniority gaps (struck off, expelled, discharged: the only periods party seniority reads) of the
    members of `qs`, by member, in one query. Gaps are rare, so this stays small for a whole province."""
    periods: dict[int, list[Period]] = defaultdict(list)
    rows = (
        MemberStatusPeriod.objects.filter(status__in=SENIORITY_GAP_STATUSES, member_id__in=qs.order_by().values("pk"))
        .order_by("member_id", "start", "id")
        .values_list("member_id", "status", "start", "end")
    )
    for member_id, status, start, end in rows:
        periods[member_id].append((status, start, end))
    return periods


def build_workbook(qs: QuerySet[Member], *, today: dt.date, progress: JobProgress | None = None) -> tuple[bytes, int]:
    """The .xlsx file of `qs` (already scoped and ordered) and its number of rows.

    Steps: the grassroots names above the cells and the members' seniority gaps (one query each); the members
    as plain value rows, fetched in chunks of `CHUNK`; each row written to a `ListFile`, which streams the
    sheet, keeps dates real dates shown dd/mm/yyyy, freezes the header row and writes a name typed as a
    formula as text.
    """
    paths = set(qs.order_by().values_list("organization__path", flat=True).distinct())
    ctx = ExportContext(today=today, grassroots_by_path=_grassroots_names(paths), periods=_gap_periods(qs))
    sheet = ListFile("Đảng viên", headers=[c.header for c in COLUMNS], widths=[c.width for c in COLUMNS])
    values = [column.value for column in COLUMNS]
    rows = 0
    for row in qs.values(*ROW_FIELDS).iterator(chunk_size=CHUNK):
        sheet.append([value(row, ctx) for value in values])
        rows += 1
        if progress is not None and rows % CHUNK == 0:
            progress.advance(rows)
    if progress is not None:
        progress.advance(rows)
    return sheet.finish(), rows


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
    store_output(job, export_filename(today), content)
    log_export(actor=job.owner, scope=scope, filters=filters, rows=rows, job_id=job.pk)
    return {"rows": rows}
