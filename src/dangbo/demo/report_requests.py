"""The demo's yearly report cycle (issue 11 item 3): the bloc asks its grassroots organizations for the year's
report, and they are at every stage of it.

    result = build_report_requests(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

The bloc's organization board asks, 30 days before `today`, every active grassroots organization directly under the
bloc for the yearly report of `today`'s year (with two key figures: members, members admitted), due 15 working days
later, so the due date has passed. About 45 % sent it in time and were accepted, a fifth (two at least) sent it
late (waiting for an answer), one of those was returned with a comment, and the rest have not sent it: late, all
but one reminded once, a week after the due date. The demo grassroots officer's (`coso`) organization is among the
late ones, reminded, so its home page shows the reminder. Everything goes through `reporting.request_services`, with the
dates given, so the rows, versions and audit entries are those of the pages. Same seed, same `today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.accounts.models import Role, User
from dangbo.core.calendar import add_working_days
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.reporting import request_services as services
from dangbo.reporting.enums import RequestKind
from dangbo.reporting.models import ReportRecipient, ReportRequest

FIGURES = ["Số đảng viên", "Số đảng viên mới kết nạp trong năm"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class ReportRequestsResult:
    request: ReportRequest | None = None
    counts: dict[str, int] = field(default_factory=dict)  # stored status → units


def _send(request: ReportRequest, unit: Organization, *, on: dt.date, rng: random.Random) -> None:
    members = rng.randint(25, 400)
    services.submit_report(
        actor=None, request=request, organization=unit, uploaded=SimpleUploadedFile("bao-cao-nam.pdf", PDF),
        figures={FIGURES[0]: members, FIGURES[1]: rng.randint(0, max(1, members // 25))}, today=on,
    )  # fmt: skip


def build_report_requests(*, bloc: Organization, seed: int, today: dt.date) -> ReportRequestsResult:
    rng = random.Random(f"{seed}:report-requests")
    units = list(
        Organization.objects.filter(
            parent=bloc, dissolved_on__isnull=True, kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]
        ).order_by("sort_key", "id")
    )
    if not units:
        return ReportRequestsResult()
    board = User.objects.filter(username="bantochuc").first()
    asked_on = today - dt.timedelta(days=30)
    due = add_working_days(asked_on, 15)
    request = services.create_request(
        actor=board, requester=bloc, kind=RequestKind.YEARLY, year=today.year,
        title=f"Báo cáo kết quả công tác xây dựng Đảng năm {today.year}", due_on=due, units=units,
        figures=FIGURES, note="Gửi bản có chữ ký (PDF) và số liệu chủ yếu.", today=asked_on,
    )  # fmt: skip
    coso = Role.objects.filter(user__username="coso").values_list("organization_id", flat=True).first()
    ordered = [u for u in units if u.pk != coso]
    rng.shuffle(ordered)
    n_accepted = max(1, len(ordered) * 45 // 100)
    n_waiting = max(2, len(ordered) // 5)
    accepted, waiting = ordered[:n_accepted], ordered[n_accepted : n_accepted + n_waiting]
    returned = waiting[:1]
    for unit in accepted:
        _send(request, unit, on=due - dt.timedelta(days=rng.randint(0, 5)), rng=rng)
    for unit in waiting:
        _send(request, unit, on=due + dt.timedelta(days=rng.randint(1, 4)), rng=rng)
    rows = {r.organization_id: r for r in ReportRecipient.objects.filter(request=request)}
    for unit in accepted:
        row = rows[unit.pk]
        row.refresh_from_db()
        services.accept_report(actor=board, recipient=row, expected_version=row.version, today=due)
    for unit in returned:
        row = rows[unit.pk]
        row.refresh_from_db()
        services.return_report(
            actor=board, recipient=row, expected_version=row.version, today=due + dt.timedelta(days=6),
            comment="Thiếu số liệu kết nạp đảng viên của các chi bộ trực thuộc; đề nghị bổ sung và gửi lại.",
        )  # fmt: skip
    late = [u for u in units if u not in accepted and u not in waiting]
    not_reminded = next((u for u in late if u.pk != coso), None)
    for unit in (u for u in late if u is not not_reminded):
        services.remind(actor=board, recipient=rows[unit.pk], today=due + dt.timedelta(days=7))
    counts: dict[str, int] = {}
    for status in ReportRecipient.objects.filter(request=request).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return ReportRequestsResult(request=request, counts=counts)
