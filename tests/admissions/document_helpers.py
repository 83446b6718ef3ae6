"""Candidacies written straight into the tables, at the stage a document test needs (the steps themselves are
tested with the workflow)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document

from dangbo.admissions.enums import Stage, VoteKind
from dangbo.admissions.models import Candidate, Vote
from dangbo.core.text import normalize_search, vietnamese_sort_key
from dangbo.organizations.models import Organization

HOSTILE_NAME = '<b>&amp;</b> & =HYPERLINK("http://x.example","bấm")'


def make_candidate(cell: Organization, *, stage: Stage = Stage.DECIDED, **overrides: Any) -> Candidate:
    data: dict[str, Any] = {
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Mai",
        "gender": "female",
        "birth_date": dt.date(1998, 3, 7),
        "home_town": "xã Vũ Thư, tỉnh Thái Bình",
        "residence": "phường Lê Hồng Phong, thành phố Thái Bình",
        "proposer_kind": "youth_union",
        "proposer_name": "Đoàn Thanh niên Sở Tài chính",
        "proposed_on": dt.date(2024, 3, 1),
        "course_passed_on": dt.date(2024, 5, 10),
        "applied_on": dt.date(2024, 6, 3),
        "decision_number": "",
        "decided_on": None,
    }
    if stage in (Stage.DECIDED, Stage.PROBATION, Stage.FULL):
        data.update(decision_number="125-QĐ/ĐUK", decided_on=dt.date(2024, 12, 2))
    if stage in (Stage.PROBATION, Stage.FULL):
        data.update(decision_received_on=dt.date(2024, 12, 5), ceremony_on=dt.date(2025, 1, 6))
        data.update(probation_ends_on=dt.date(2026, 1, 6))
    if stage == Stage.FULL:
        data.update(recognition_decision_number="48-QĐ/ĐUK", recognized_on=dt.date(2026, 2, 10))
        data.update(full_membership_on=dt.date(2026, 1, 6))
    data.update(overrides)
    candidate = Candidate(cell=cell, path=cell.path, stage=stage, **data)
    candidate.search_name = normalize_search(candidate.full_name)
    candidate.sort_key = vietnamese_sort_key(
        given_name=candidate.given_name, family_name=candidate.family_name, middle_name=candidate.middle_name
    )
    candidate.save()
    if stage in (Stage.DECIDED, Stage.PROBATION, Stage.FULL):
        Vote.objects.create(candidate=candidate, kind=VoteKind.ADMISSION, held_on=dt.date(2024, 10, 15),
                            voters=9, votes_for=9, votes_against=0)  # fmt: skip
    if stage == Stage.FULL:
        Vote.objects.create(candidate=candidate, kind=VoteKind.RECOGNITION, held_on=dt.date(2026, 1, 20),
                            voters=10, votes_for=10, votes_against=0)  # fmt: skip
    return candidate


def docx_text(content: bytes) -> str:
    """Every paragraph of the document, tables included, one per line."""
    doc = Document(io.BytesIO(content))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)
