"""A meeting's files, served only through this view, never from a public media address: an officer who may see
the meeting opens any of its files; a member opens the documents of their own cell's meetings (to read them
ahead). Anyone else: 404, logged. Every opening is audited; the file is always sent as a download
(`attachment`, `nosniff`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, HttpRequest
from django.views.decorators.http import require_GET

from dangbo.accounts.access import get_in_scope_or_404
from dangbo.accounts.enums import Right
from dangbo.accounts.scope import scope_for
from dangbo.members.models import Member

from .. import meeting_files
from ..enums import MeetingStatus
from ..models import MeetingFile, MeetingFileKind
from ..selectors import meetings_for


@login_required
@require_GET
def meeting_file(request: HttpRequest, pk: int) -> FileResponse:
    scope = scope_for(request.user)
    allowed = Q(meeting__in=meetings_for(scope)) if scope.has_right(Right.VIEW_CELL_LIFE) else Q(pk__in=[])
    if scope.member_id is not None:
        cell = Member.objects.filter(pk=scope.member_id).values("organization_id")
        allowed |= Q(meeting__organization_id__in=cell, kind=MeetingFileKind.DOCUMENT) & ~Q(
            meeting__status=MeetingStatus.CANCELLED
        )
    files = MeetingFile.objects.filter(allowed).select_related("meeting__organization")
    record = get_in_scope_or_404(request, files, pk, what="meeting_file")
    meeting_files.record_viewed(actor=request.user, file=record, request=request)
    response = FileResponse(record.file.open("rb"), content_type=record.content_type)
    # Always a download, never shown in the site's origin: a PDF or an image opened inline could carry active
    # content; the browser's viewer opens the saved file outside the site.
    response["Content-Disposition"] = f'attachment; filename="{record.pk}.{record.file.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
