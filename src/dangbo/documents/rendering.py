"""Documents whose wording lives in Word templates (docxtpl): an officer edits the .docx in Word, the code
only fills in the fields.

A template is named by its app and file name ("admissions", "quyet-dinh-ket-nap.docx") and shipped in the
app's `document_templates/` folder; a file of the same name in `DANGBO_DOCUMENT_TEMPLATE_DIR` takes
precedence, so an office can ship its own wording without a release. The context always holds the party
document frame's fields (see `frame_context`). Every text value is escaped (docxtpl's autoescape) and cleared
of the control characters XML cannot hold, so a name with "<", "&" or a tag in it stays text and the file
stays valid.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _
from docxtpl import DocxTemplate
from jinja2 import TemplateError

from dangbo.core.errors import DomainError
from dangbo.core.jobs import start_job
from dangbo.core.models import BackgroundJob

from .frame import PARTY_NAME, DocumentInfo, keep_last_words

TEMPLATE_FOLDER = "document_templates"
PDF_JOB_KIND = "documents.pdf"
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.docx$")
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def shipped_template(app_label: str, name: str) -> Path:
    return Path(apps.get_app_config(app_label).path) / TEMPLATE_FOLDER / name


def template_path(app_label: str, name: str) -> Path:
    """The template to render: the office's copy in `DANGBO_DOCUMENT_TEMPLATE_DIR` if it has one, else the
    shipped one. Names are plain file names (no folders), so a name cannot reach outside these folders."""
    if not _SAFE_NAME.match(name):
        raise DomainError(_("Tên mẫu văn bản không hợp lệ."))
    override_dir = str(getattr(settings, "DANGBO_DOCUMENT_TEMPLATE_DIR", "") or "")
    if override_dir:
        override = Path(override_dir) / name
        if override.is_file():
            return override
    shipped = shipped_template(app_label, name)
    if not shipped.is_file():
        raise DomainError(_("Không tìm thấy mẫu văn bản %(name)s.") % {"name": name})
    return shipped


def frame_context(info: DocumentInfo) -> dict[str, Any]:
    """The frame's fields under the names the templates use (listed in docs/decisions/0021)."""
    return {
        "party_name": PARTY_NAME,
        "superior": info.superior.upper(),
        "issuer": info.issuer.upper(),
        "issuer_name": info.issuer,
        "number_line": info.number_line,
        "symbol": info.symbol,
        "date_line": info.date_line,
        "title": info.title,
        "subtitle": keep_last_words(info.subtitle),
        "on_behalf": info.on_behalf,
        "signer_title": info.signer_title,
        "signer_name": info.signer_name,
        "recipients": info.recipient_lines(),
    }


def clean_text(value: Any) -> Any:
    """Strings without the control characters XML 1.0 forbids; lists and dicts cleaned through."""
    if isinstance(value, str):
        return _XML_FORBIDDEN.sub("", value)
    if isinstance(value, list | tuple):
        return [clean_text(item) for item in value]
    if isinstance(value, dict):
        return {key: clean_text(item) for key, item in value.items()}
    return value


def render_docx(app_label: str, name: str, info: DocumentInfo, fields: dict[str, Any]) -> bytes:
    """The template filled with the frame and `fields` (the document's own values), as DOCX bytes."""
    template = DocxTemplate(str(template_path(app_label, name)))
    context = clean_text({**frame_context(info), **fields})
    try:
        template.render(context, autoescape=True)
    except TemplateError as exc:  # an office's edited template with a broken {{ field }}
        raise DomainError(_("Mẫu văn bản %(name)s có lỗi: %(error)s") % {"name": name, "error": exc}) from exc
    template.docx.core_properties.title = clean_text(f"{info.title} {info.subtitle}")
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def info_params(info: DocumentInfo) -> dict[str, Any]:
    """The frame as JSON-ready job parameters (see `info_from_params`)."""
    return {**asdict(info), "day": info.day.isoformat()}


def info_from_params(params: dict[str, Any]) -> DocumentInfo:
    return DocumentInfo(**{**params, "day": dt.date.fromisoformat(params["day"])})


def start_pdf(
    *, owner: Any, app_label: str, name: str, info: DocumentInfo, fields: dict[str, Any], filename: str
) -> BackgroundJob:
    """Queue the background job that renders the template and converts it to PDF (`documents.tasks`). The
    values are taken now, at the request, so the PDF says what the DOCX downloaded at the same time says."""
    template_path(app_label, name)  # refuse a missing template now rather than in the job
    params = {
        "app": app_label,
        "template": name,
        "info": info_params(info),
        "fields": clean_text(fields),
        "filename": filename,
        "title": f"{info.title} {info.subtitle}",
    }
    return start_job(kind=PDF_JOB_KIND, owner=owner, params=params)
