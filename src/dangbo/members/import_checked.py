"""The preview's verdict, kept for the apply so that a large file is not read and checked twice (decision 0057).

The validation job stores, beside the upload, the rows it found valid (the plans), the row counts and the facts it
read from the database (`import_facts`), as one gzipped JSON file. It holds citizen ids, so it goes with the upload
(`delete_checked`). The apply job reuses that verdict only when the file is the same (SHA-256), the day and the row
limit are the same, and the same facts read again now are equal: the organizations of every code the file names
(kind, dissolved or not, founding day, path, within the user's import scope) and the ids members already hold.
Otherwise, or when the stored verdict is missing or unreadable, it reads and checks the file again, as before.
Either way the write checks every member again inside its transaction (`services.prepare_member`) and creates the
organizations through `create_organization`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import logging
from typing import Any

from django.core.files.base import ContentFile

from dangbo.accounts.scope import Scope
from dangbo.core.models import BackgroundJob

from .import_container import ImportLimits
from .import_facts import facts_read, orgs_by_code
from .importing import DATE, MEMBER_SHEET
from .importing_validation import ImportReport, MemberPlan, OrgPlan

logger = logging.getLogger("dangbo.imports")

FORMAT = 1  # raised when the stored form changes: an older verdict is then checked again, not misread
_MEMBER_DATES = tuple(c.key for c in MEMBER_SHEET.columns if c.kind == DATE)


def _name(job: BackgroundJob) -> str:
    return f"{job.input_file.name}.checked.json.gz"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _json(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value))


def save_checked(
    job: BackgroundJob, *, data: bytes, report: ImportReport, today: dt.date, limits: ImportLimits
) -> None:
    """Keep the verdict of the validation job `job` (whose upload is `data`). A storage failure only costs the
    apply a second check, so it is logged, not raised."""
    payload = {
        "format": FORMAT, "digest": _digest(data), "day": today.isoformat(), "max_rows": limits.max_rows,
        "org_rows": report.org_rows, "member_rows": report.member_rows, "facts": report.facts,
        "orgs": [vars(plan) for plan in report.orgs],  # (not `dataclasses.asdict`: it deep-copies every row)
        "members": [vars(plan) for plan in report.members],
    }  # fmt: skip
    content = gzip.compress(json.dumps(payload, default=_json).encode(), compresslevel=1)
    storage, name = job.input_file.storage, _name(job)
    try:
        storage.delete(name)
        storage.save(name, ContentFile(content))
    except OSError:
        logger.warning("could not keep the checked rows of import job %s", job.pk)


def delete_checked(job: BackgroundJob) -> None:
    """Remove the kept verdict (it holds citizen ids) along with the upload; call while the upload's name is set."""
    if job.input_file:
        try:
            job.input_file.storage.delete(_name(job))
        except OSError:
            logger.warning("could not delete the checked rows of import job %s", job.pk)


def _plans(payload: dict[str, Any]) -> tuple[list[OrgPlan], list[MemberPlan]]:
    orgs = [OrgPlan(**{**o, "founded_on": dt.date.fromisoformat(o["founded_on"])}) for o in payload["orgs"]]
    members = []
    for plan in payload["members"]:
        data = plan["data"]
        for key in _MEMBER_DATES:
            if data[key] is not None:
                data[key] = dt.date.fromisoformat(data[key])
        members.append(MemberPlan(**plan))
    return orgs, members


def load_checked(
    job: BackgroundJob, *, data: bytes, scope: Scope, today: dt.date, limits: ImportLimits
) -> ImportReport | None:
    """The verdict of the validation job `job`, when nothing it rests on has changed; None: check the file again."""
    if not job.input_file:
        return None
    try:
        with job.input_file.storage.open(_name(job), "rb") as fh:
            payload = json.loads(gzip.decompress(fh.read()))
    except (OSError, ValueError, EOFError):  # missing, cut short or unreadable: check again
        return None
    kept = (payload.get("format"), payload.get("digest"), payload.get("day"), payload.get("max_rows"))
    if kept != (FORMAT, _digest(data), today.isoformat(), limits.max_rows):
        return None
    facts = payload["facts"]
    codes = facts["codes"]
    if facts_read(codes=codes, orgs=orgs_by_code(codes), ids=facts["ids"], scope=scope) != facts:
        logger.info("import job %s: the data changed since the preview, the file is checked again", job.pk)
        return None
    orgs, members = _plans(payload)
    return ImportReport(
        org_rows=payload["org_rows"], member_rows=payload["member_rows"], orgs=orgs, members=members, facts=facts
    )
