"""The admission decision and the recognition decision: what goes into their Word templates.

The wording is in the templates (`document_templates/*.docx`, editable in Word, see
`dangbo.documents.rendering`); this module gathers the values: the frame (issuer = the candidacy's deciding
committee, else the committee above the cell's grassroots organization; symbol QĐ/…) and the candidate's
names and dates, written out as the document prints them (dd/mm/yyyy).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from dangbo.core.dates import add_years
from dangbo.documents.frame import DECISION_TITLE, DocumentInfo, committee_name, document_frame
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .enums import MAIN_LINE, Stage, VoteKind
from .models import AdmissionRuleSet, Candidate, DecidingCommittee

GRASSROOTS_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL}
DEFAULT_CITATION = "Quy định của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng"
APP = "admissions"


@dataclass(frozen=True)
class DecisionKind:
    code: str  # "decision" | "recognition"
    template: str
    subject: str
    first_stage: Stage  # the candidacy must have reached this stage
    file_stem: str


ADMISSION = DecisionKind(
    "decision", "quyet-dinh-ket-nap.docx", "Về việc kết nạp đảng viên", Stage.DECIDED, "quyet-dinh-ket-nap"
)
RECOGNITION = DecisionKind(
    "recognition",
    "quyet-dinh-cong-nhan-chinh-thuc.docx",
    "Về việc công nhận đảng viên chính thức",
    Stage.FULL,
    "quyet-dinh-cong-nhan-chinh-thuc",
)
KINDS = {kind.code: kind for kind in (ADMISSION, RECOGNITION)}


def vn_date(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def has_reached(candidate: Candidate, stage: Stage) -> bool:
    """Whether the candidacy is at `stage` or further along the main line (exits never count)."""
    return candidate.stage in MAIN_LINE and MAIN_LINE.index(Stage(candidate.stage)) >= MAIN_LINE.index(stage)


def grassroots_of(organization: Organization) -> Organization:
    """The grassroots organization a cell belongs to (itself when it is one)."""
    current = organization
    while current.kind not in GRASSROOTS_KINDS and current.parent is not None:
        current = current.parent
    return current


def deciding_committee(candidate: Candidate) -> Organization:
    """Who decides: the candidacy's recorded committee; else the nearest configured `DecidingCommittee` over
    the cell's grassroots organization; else the organization directly above it (or itself at the top)."""
    if candidate.deciding_committee is not None:
        return candidate.deciding_committee
    grassroots = grassroots_of(candidate.cell)
    paths = [*grassroots.ancestor_paths(), grassroots.path]
    configured = (
        DecidingCommittee.objects.filter(subtree__path__in=paths)
        .select_related("decider")
        .order_by("-subtree__depth")
        .first()
    )
    if configured is not None:
        return configured.decider
    return grassroots.parent or grassroots


def rule_citation(day: dt.date | None) -> str:
    """The short citation of the admission rule set in force on `day` (the regulation implementing the
    Statute), or a general one when none is recorded."""
    if day is None:
        return DEFAULT_CITATION
    rule_set = AdmissionRuleSet.objects.in_force_on(day).first()
    return rule_set.citation if rule_set is not None and rule_set.citation else DEFAULT_CITATION


def full_membership_day(candidate: Candidate) -> dt.date | None:
    """From the day the 12 months of probation end (rules.md §2), even when the vote was late."""
    if candidate.full_membership_on:
        return candidate.full_membership_on
    if candidate.probation_ends_on:
        return candidate.probation_ends_on
    return add_years(candidate.ceremony_on, 1) if candidate.ceremony_on else None


def _deciding_body(issuer: Organization) -> str:
    name = committee_name(issuer).upper()
    return f"BAN THƯỜNG VỤ {name}" if issuer.kind == OrgKind.UPPER else name


def _on_behalf(issuer: Organization) -> str:
    return "T/M BAN THƯỜNG VỤ" if issuer.kind == OrgKind.UPPER else "T/M ĐẢNG ỦY"


def _last_vote(candidate: Candidate, kind: VoteKind) -> dt.date | None:
    vote = candidate.votes.filter(kind=kind).order_by("-held_on", "-pk").first()
    return vote.held_on if vote is not None else None


def frame_for(candidate: Candidate, kind: DecisionKind) -> DocumentInfo:
    issuer = deciding_committee(candidate)
    if kind is ADMISSION:
        number, day = candidate.decision_number, candidate.decided_on
    else:
        number, day = candidate.recognition_decision_number, candidate.recognized_on
    grassroots = grassroots_of(candidate.cell)
    return document_frame(
        issuer,
        title=DECISION_TITLE,
        subtitle=kind.subject,
        day=day or candidate.updated_at.date(),
        number=number.partition("-")[0].strip(),
        symbol=number.partition("-")[2].strip(),  # "12-QĐ/ĐUK" as recorded; blank: the issuer's default
        on_behalf=_on_behalf(issuer),
        recipients=[committee_name(grassroots), candidate.cell.name, "Như Điều 1", "Lưu Văn phòng"],
    )


def fields_for(candidate: Candidate, kind: DecisionKind) -> dict[str, Any]:
    """The template's own fields (besides the frame's)."""
    grassroots = grassroots_of(candidate.cell)
    issuer = deciding_committee(candidate)
    return {
        "full_name": candidate.full_name,
        "birth_date": vn_date(candidate.birth_date),
        "home_town": candidate.home_town or "…",
        "residence": candidate.residence or "…",
        "cell_name": candidate.cell.name,
        "committee_name": committee_name(grassroots),
        "committee_resolution": (
            f"nghị quyết số {candidate.committee_resolution_number} ngày {vn_date(candidate.committee_resolved_on)}"
            if candidate.committee_resolution_number
            else ""
        ),
        "deciding_body": _deciding_body(issuer),
        "rule_citation": rule_citation(candidate.decided_on if kind is ADMISSION else candidate.recognized_on),
        "cell_vote_date": vn_date(_last_vote(candidate, VoteKind.ADMISSION)),
        "recognition_vote_date": vn_date(_last_vote(candidate, VoteKind.RECOGNITION)),
        "decision_number": candidate.decision_number or "…",
        "decided_on": vn_date(candidate.decided_on),
        "ceremony_date": vn_date(candidate.ceremony_on),
        "full_membership_date": vn_date(full_membership_day(candidate)),
    }


def file_name(candidate: Candidate, kind: DecisionKind, extension: str) -> str:
    person = slugify(candidate.full_name.replace("Đ", "D").replace("đ", "d")) or "dang-vien"
    return f"{kind.file_stem}-{person}.{extension}"
