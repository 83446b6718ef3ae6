"""The minutes of a meeting as a document: what goes into its Word template (`document_templates/
bien-ban-sinh-hoat.docx`, editable in Word, filled by `dangbo.documents.rendering`).

The frame is the party document's (`documents.frame`): the title "BIÊN BẢN", the meeting's cell as the issuer
(symbol BB/CB), its day. The values are written out as the document prints them (dd/mm/yyyy, hh:mm); long texts
(agenda, minutes, resolutions) become one paragraph per line. Every text is escaped by the renderer, so a topic
with "<", "&" or a formula stays text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dangbo.documents.frame import DocumentInfo, document_frame

from .enums import AbsenceReason, MeetingKind, Presence
from .models import Meeting
from .review import MeetingReview

APP = "meetings"
TEMPLATE = "bien-ban-sinh-hoat.docx"
MINUTES_TITLE = "BIÊN BẢN"


def _time(moment: dt.datetime | None) -> str:
    return f"{timezone.localtime(moment):%H:%M}" if moment else "…"


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def subject(meeting: Meeting) -> str:
    return f"{MeetingKind(meeting.kind).label} ngày {meeting.day:%d/%m/%Y}"


def frame_for(meeting: Meeting) -> DocumentInfo:
    org = meeting.organization
    return document_frame(
        org, title=MINUTES_TITLE, subtitle=subject(meeting), day=meeting.day, symbol="BB/CB",
        on_behalf="T/M CHI BỘ", signer_title="CHỦ TRÌ", recipients=["Lưu chi bộ"],
    )  # fmt: skip


def fields_for(meeting: Meeting, report: MeetingReview, guests: list[str]) -> dict[str, Any]:
    absent = []
    for row in report.absent:
        if row.presence == Presence.EXCUSED:
            reason = AbsenceReason(row.reason).label if row.reason else "có lý do"
            note = f" ({row.reason_note})" if row.reason_note else ""
            absent.append(f"Đồng chí {row.member.full_name}: vắng có lý do — {reason}{note}")
        else:
            absent.append(f"Đồng chí {row.member.full_name}: vắng không có lý do")
    quorum = next((v.message for v in report.verdicts if v.rule == "quorum"), "")
    recorded = meeting.attendance_recorded_at is not None
    return {
        "cell_name": meeting.organization.name,
        "kind_label": MeetingKind(meeting.kind).label.lower(),
        "topic": meeting.topic,
        "day": f"{meeting.day:%d/%m/%Y}",
        "start_time": _time(meeting.started_at or meeting.planned_start),
        "end_time": _time(meeting.ended_at),
        "place": meeting.place or "…",
        "duration": str(report.minutes) if report.minutes is not None else "…",
        "expected_count": str(meeting.expected_count) if recorded else "…",
        "present_count": str(meeting.present_count) if recorded else "…",
        "excused_count": str(meeting.excused_count) if recorded else "…",
        "unexcused_count": str(meeting.unexcused_count) if recorded else "…",
        "absent_lines": absent,
        "quorum_line": quorum,
        "guest_lines": guests,
        "agenda_paragraphs": _paragraphs(meeting.agenda),
        "minutes_paragraphs": _paragraphs(meeting.minutes) or ["…"],
        "resolution_paragraphs": _paragraphs(meeting.resolutions) or ["…"],
    }


def file_name(meeting: Meeting, extension: str) -> str:
    return f"bien-ban-sinh-hoat-{meeting.day:%Y%m%d}-{meeting.pk}.{extension}"
