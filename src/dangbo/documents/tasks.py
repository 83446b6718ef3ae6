"""The background job "documents.pdf": render a Word template, convert it to PDF with LibreOffice, keep the
file on the job for its owner to download."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from dangbo.core.jobs import JobProgress, register_job, store_output
from dangbo.core.models import BackgroundJob

from .conversion import docx_to_pdf
from .rendering import PDF_JOB_KIND, info_from_params, render_docx


@register_job(PDF_JOB_KIND)
def run_pdf(job: BackgroundJob, progress: JobProgress) -> dict[str, Any]:
    """Params {"app", "template", "info", "fields", "filename"} (see `rendering.start_pdf`). Two steps: the
    DOCX, then the PDF."""
    params = job.params
    progress.set_total(2)
    content = render_docx(str(params["app"]), str(params["template"]), info_from_params(params["info"]),
                          dict(params.get("fields") or {}))  # fmt: skip
    BackgroundJob.objects.filter(pk=job.pk).update(done=1, message=_("Đang chuyển sang PDF…"))
    pdf = docx_to_pdf(content)
    filename = str(params.get("filename") or "van-ban.pdf")
    store_output(job, filename, pdf)
    BackgroundJob.objects.filter(pk=job.pk).update(message=_("Đã tạo tệp PDF."))
    return {"file": filename, "bytes": len(pdf)}
