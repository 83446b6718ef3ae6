"""Background jobs of the Excel import: "members.import.validate" (preview) and "members.import.apply".

Imported at start-up (members' `AppConfig.ready`) so that a job worker knows both kinds.
Both jobs rebuild the owner's scope when they run: a role lost since the upload takes effect.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope, scope_for
from dangbo.core.audit import log_denied
from dangbo.core.collector import collector_paused
from dangbo.core.errors import DomainError
from dangbo.core.jobs import JobProgress, register_job, start_job
from dangbo.core.models import BackgroundJob

from .import_checked import delete_checked, load_checked, save_checked
from .import_container import ImportLimits
from .importing import read_workbook
from .importing_apply import apply_import
from .importing_validation import ImportReport, validate_rows

VALIDATE = "members.import.validate"
APPLY = "members.import.apply"
IMPORT_KINDS = (VALIDATE, APPLY)

logger = logging.getLogger("dangbo.imports")

UPLOAD_GONE = (
    "Lần nhập trước bị lỗi nên không có dữ liệu nào được ghi, và tệp đã tải lên đã được xoá "
    "(tệp có số căn cước công dân). Hãy tải tệp lên lại."
)


def import_jobs_of(user: Any) -> QuerySet[BackgroundJob]:
    """The user's own import jobs, newest first: nobody else's job is ever shown."""
    return BackgroundJob.objects.filter(owner=user, kind__in=IMPORT_KINDS).order_by("-created_at", "-pk")


def _read(job: BackgroundJob) -> bytes:
    if not job.input_file:
        raise DomainError("Tệp đã tải lên không còn; hãy tải tệp lên lại.")
    with job.input_file.open("rb") as fh:
        data: bytes = fh.read()
    return data


def _scope(job: BackgroundJob) -> Scope:
    scope = scope_for(job.owner)
    if not scope.has_right(Right.IMPORT):
        raise DomainError("Bạn không còn quyền nhập dữ liệu.")
    return scope


def _validate(
    data: bytes, scope: Scope, progress: JobProgress, *, limits: ImportLimits, steps: int = 1
) -> ImportReport:
    book = read_workbook(data, limits=limits)
    progress.set_total(book.row_count * steps)
    return validate_rows(book=book, scope=scope, today=timezone.localdate(), on_row=progress.advance)


def _source_of(job: BackgroundJob) -> BackgroundJob | None:
    return BackgroundJob.objects.filter(
        pk=job.params.get("source_job_id"), owner_id=job.owner_id, kind=VALIDATE
    ).first()


def _remove_upload(source: BackgroundJob) -> None:
    """The uploaded file holds citizen ids: it is kept only until the import ends, done or failed (and so is the
    preview's verdict, which holds them too)."""
    delete_checked(source)
    try:
        source.input_file.delete(save=False)
        BackgroundJob.objects.filter(pk=source.pk).update(input_file="")
    except OSError:
        logger.warning("could not delete import file of job %s", source.pk)


def _apply_failed(job: BackgroundJob) -> None:
    """A failed import wrote nothing (one transaction); its preview's upload goes too. The user uploads again."""
    source = _source_of(job)
    if source is not None and source.input_file:
        _remove_upload(source)


@register_job(VALIDATE, rerunnable=False)
def run_validation(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Read and check every row; the result is the preview (counts and row errors), and the verdict is kept for
    the apply (`import_checked`)."""
    data, limits = _read(job), ImportLimits.from_settings()
    report = _validate(data, _scope(job), progress, limits=limits)
    save_checked(job, data=data, report=report, today=timezone.localdate(), limits=limits)
    for code in sorted(report.denied_codes):
        log_denied(actor=job.owner, what="organization", object_id=code)
    return {**report.summary(), "file_name": job.params.get("file_name", "")}


@register_job(APPLY, rerunnable=False, on_failed=_apply_failed)
def run_apply(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Check the file again (data may have changed since the preview), then write it in one transaction. The
    preview's verdict is reused when the file, the day, the row limit and every fact it read are unchanged
    (`import_checked.load_checked`); otherwise the file is read and checked again."""
    source = _source_of(job)
    if source is None:
        raise DomainError("Không tìm thấy lần kiểm tra tệp tương ứng.")
    scope, data, limits = _scope(job), _read(source), ImportLimits.from_settings()
    # Progress: the first half is the check (visible as it goes); the second half is written inside the
    # import's transaction, so other connections see it only when the job ends.
    with collector_paused():  # the rows of a large file, then its members, periods and audit entries
        kept = load_checked(source, data=data, scope=scope, today=timezone.localdate(), limits=limits)
        report = kept or _validate(data, scope, progress, limits=limits, steps=2)
        rows = report.org_rows + report.member_rows
        if kept is not None:  # the check's half is done at once
            progress.set_total(rows * 2)
            progress.advance(rows)
        counts = apply_import(
            actor=job.owner,
            report=report,
            only_valid=bool(job.params.get("only_valid")),
            job_id=job.pk,
            file_name=source.params.get("file_name", ""),
            today=timezone.localdate(),
            on_row=lambda done: progress.advance(rows + done),
        )
    # Once imported, the file is not kept. The import is committed already, so a storage hiccup is only logged.
    _remove_upload(source)
    return {**counts, "source_job_id": source.pk}


def start_validation(*, owner: Any, upload: Any) -> BackgroundJob:
    """Store the checked upload and queue its validation."""
    return start_job(kind=VALIDATE, owner=owner, params={"file_name": str(upload.name)}, input_file=upload)


@transaction.atomic
def request_apply(*, owner: Any, source: BackgroundJob, only_valid: bool) -> BackgroundJob:
    """Queue the write of a previewed file.

    Steps: lock the preview job; refuse unless its check finished; refuse when rows failed and the
    user did not choose "only the valid rows", or when nothing is valid; refuse a second import of
    the same file unless the earlier attempt failed; after a failed attempt the upload is gone (removed
    with the failure), so send the user to upload again; queue the apply job and remember it on the preview.
    """
    locked = BackgroundJob.objects.select_for_update().get(pk=source.pk, owner=owner, kind=VALIDATE)
    if locked.state != BackgroundJob.State.DONE:
        raise DomainError("Tệp chưa kiểm tra xong.")
    result = dict(locked.result)
    invalid, valid = int(result.get("invalid_rows", 0)), int(result.get("valid_rows", 0))
    if invalid and not only_valid:
        raise DomainError(
            f"Tệp có {invalid} dòng lỗi nên không nhập gì. Hãy sửa tệp và tải lên lại, "
            "hoặc chọn “chỉ nhập các dòng hợp lệ”."
        )
    if not valid:
        raise DomainError("Không có dòng hợp lệ nào để nhập.")
    earlier_id = result.get("apply_job_id")
    earlier = BackgroundJob.objects.filter(pk=int(earlier_id)).first() if earlier_id else None
    if earlier is not None and earlier.state != BackgroundJob.State.FAILED:
        raise DomainError("Tệp này đã được nhập (hoặc đang nhập).")
    if not locked.input_file:
        raise DomainError(UPLOAD_GONE)
    job = start_job(kind=APPLY, owner=owner, params={"source_job_id": locked.pk, "only_valid": only_valid})
    locked.result = {**result, "apply_job_id": job.pk}
    locked.save(update_fields=["result", "updated_at"])
    return job
