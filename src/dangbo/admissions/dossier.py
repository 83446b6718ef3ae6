"""The admission dossier: which documents each stage requires (rules.md §2), what is missing for one candidate,
and the upload and opening of the scanned files, each audited.

Files are checked by their content, not their name (`dangbo.core.uploads`): PDF, JPEG or PNG; anything else, an
empty file or one over `max_bytes()` is refused with nothing saved. The stored name is made by the server; the
user's name is kept only as a label.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from dangbo.core import uploads
from dangbo.core.audit import log_action
from dangbo.core.errors import DomainError

from .enums import MAIN_LINE, ConsentKind, DossierItem, Stage, Step
from .models import Candidate, DossierFile
from .rules import rules_on
from .selectors import dossier_checklist

FILE_KINDS = (uploads.PDF, uploads.JPEG, uploads.PNG)
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

# The steps of the main line in order: a document the rule set requires before a step is due once the candidacy
# has reached that step (taken it, or waits for it).
STEP_ORDER = [
    Step.COURSE, Step.APPLICATION, Step.VERIFY, Step.SPONSORS, Step.CELL_VOTE, Step.COMMITTEE, Step.DECISION,
    Step.CEREMONY, Step.RECOGNITION_VOTE,
]  # fmt: skip


def max_bytes() -> int:
    return int(getattr(settings, "DANGBO_DOSSIER_MAX_BYTES", DEFAULT_MAX_BYTES))


@dataclass
class ChecklistRow:
    item: DossierItem
    needed_before: Step | None  # the first step the rule set requires it before (None: kept, not required)
    required: bool  # required by now: before a step taken or the one awaited
    files: list[DossierFile] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return self.required and not self.files


def reached_stages(candidate: Candidate) -> set[str]:
    """The main-line stages the candidacy has reached (an exit keeps what was reached before it)."""
    if candidate.stage in MAIN_LINE:
        return {str(s) for s in MAIN_LINE[: MAIN_LINE.index(Stage(candidate.stage)) + 1]}
    reached = {Stage.PROPOSED}
    dates = [
        (Stage.COURSE_PASSED, candidate.course_passed_on), (Stage.APPLIED, candidate.applied_on),
        (Stage.VERIFIED, candidate.verified_on), (Stage.COMMITTEE_RESOLVED, candidate.committee_resolved_on),
        (Stage.DECIDED, candidate.decided_on), (Stage.PROBATION, candidate.ceremony_on),
    ]  # fmt: skip
    reached |= {stage for stage, day in dates if day is not None}
    return {str(s) for s in reached}


def steps_due(candidate: Candidate) -> list[Step]:
    """The main-line steps taken so far and the one awaited (from each reached stage, the step that leaves it)."""
    reached = reached_stages(candidate)
    count = sum(1 for stage in MAIN_LINE if stage in reached)
    return STEP_ORDER[:count]


def required_lists(candidate: Candidate, *, today: dt.date) -> dict[str, tuple[str, ...]]:
    """The rule set's documents per step (`AdmissionRules.dossier`, the rule set in force today), plus what this
    candidacy needs besides: the Youth Union's resolution when it stands for a sponsor, the written consent for a
    re-admission."""
    try:
        lists = dict(rules_on(today).dossier)
    except DomainError:
        lists = {}
    if candidate.youth_union_resolution:
        lists[Step.CELL_VOTE] = (*lists.get(Step.CELL_VOTE, ()), DossierItem.UNION_RESOLUTION)
    if candidate.former_member_id is not None:
        lists[Step.COURSE] = (*lists.get(Step.COURSE, ()), DossierItem.CONSENT)
    return lists


def checklist(candidate: Candidate, *, today: dt.date) -> list[ChecklistRow]:
    """Every required document once, at the first step it is needed before (the order of
    `selectors.dossier_checklist`), with its files; those needed before a step taken or awaited and lacking a file
    are `missing`. Other uploaded documents follow."""
    due = set(steps_due(candidate))
    files: dict[str, list[DossierFile]] = {}
    for f in candidate.files.all():
        files.setdefault(f.item, []).append(f)
    needed: dict[str, Step] = {}
    for entry in dossier_checklist(candidate, required_lists(candidate, today=today)):
        needed.setdefault(entry.item, Step(entry.step))
    items = [*needed, *(item for item in DossierItem.values if item not in needed and item in files)]
    return [
        ChecklistRow(DossierItem(item), needed.get(item), needed.get(item) in due, files.get(item, []))
        for item in items
    ]


def _audit(action: str, *, actor: Any, candidate: Candidate, file: DossierFile, request: Any = None) -> None:
    log_action(
        f"admissions.dossier.{action}", actor=actor, object_type="candidate", object_id=candidate.pk,
        object_repr=candidate.full_name, scope_path=candidate.path, request=request,
        data={"file_id": file.pk, "item": file.item, "name": file.original_name, "size": file.size},
    )  # fmt: skip


@transaction.atomic
def upload_file(
    *, actor: Any, candidate: Candidate, item: str, uploaded: UploadedFile, consent_kind: str = ""
) -> DossierFile:
    """Store one scanned document of the dossier. Refuses (DomainError, nothing saved): an unknown item, an empty
    file, one larger than `max_bytes()`, content that is not PDF, JPEG or PNG."""
    if item not in DossierItem.values:
        raise DomainError("Loại tài liệu không hợp lệ.", field="item")
    if consent_kind and consent_kind not in ConsentKind.values:
        raise DomainError("Loại văn bản đồng ý không hợp lệ.", field="consent_kind")
    if item == DossierItem.CONSENT and not consent_kind:
        raise DomainError("Hãy chọn văn bản đồng ý này dành cho trường hợp nào.", field="consent_kind")
    if item != DossierItem.CONSENT:
        consent_kind = ""
    kind, original, size = uploads.check_upload(uploaded, allowed=FILE_KINDS, max_bytes=max_bytes(), unnamed="tai-lieu")
    record = DossierFile(
        candidate=candidate, item=item, consent_kind=consent_kind, original_name=original, size=size,
        content_type=kind.content_type, uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )  # fmt: skip
    record.file.save(f"{uuid.uuid4().hex}.{kind.code}", uploaded, save=False)
    record.save()
    _audit("uploaded", actor=actor, candidate=candidate, file=record)
    return record


def record_viewed(*, actor: Any, file: DossierFile, request: Any = None) -> None:
    """Opening a dossier file is audited like opening a member's record."""
    _audit("viewed", actor=actor, candidate=file.candidate, file=file, request=request)
