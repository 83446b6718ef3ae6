"""PDF from a rendered DOCX, by LibreOffice headless: the PDF comes from the same file as the DOCX, so the
wording lives in one place (the Word template).

Each conversion runs `soffice` with its own user profile in a temporary folder (two conversions at once
would otherwise fight over one profile, and a server account's home may not be writable) and a time limit;
it belongs in a background job, never in a request.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from dangbo.core.errors import DomainError

logger = logging.getLogger("dangbo.documents")


def docx_to_pdf(content: bytes, *, timeout: int | None = None) -> bytes:
    """The PDF of a DOCX file's bytes. Refuses with a Vietnamese message when LibreOffice is missing, fails or
    runs out of time."""
    binary = str(getattr(settings, "DANGBO_SOFFICE", "soffice"))
    limit = timeout or int(getattr(settings, "DANGBO_SOFFICE_TIMEOUT", 120))
    with tempfile.TemporaryDirectory(prefix="dangbo-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "van-ban.docx"
        source.write_bytes(content)
        command = [
            binary,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            process = subprocess.Popen(  # a fixed command, no shell
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=folder, start_new_session=True
            )
        except FileNotFoundError as exc:
            raise DomainError(_("Máy chủ chưa cài LibreOffice để chuyển văn bản sang PDF.")) from exc
        try:
            _out, err = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)  # soffice starts soffice.bin: end the whole group it made
            process.communicate()
            raise DomainError(_("Chuyển văn bản sang PDF quá thời gian cho phép.")) from exc
        target = folder / "van-ban.pdf"
        if process.returncode != 0 or not target.is_file():
            logger.error("soffice failed (%s): %s", process.returncode, err.decode(errors="replace"))
            raise DomainError(_("Không chuyển được văn bản sang PDF."))
        return target.read_bytes()
