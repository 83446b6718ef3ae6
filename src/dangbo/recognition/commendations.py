"""Commendations (khen thưởng): kinds and levels are data (`CommendationKind`, `CommendationLevel`, editable in the
admin); a commendation of a member or an organization for a year is proposed by a unit at or above it, then decided
or refused by the committee its level names (the grassroots committee, or the committee above the grassroots
level), found up the subject's branch of the tree.

`suggestions` reads the ratings (`evaluations`) for the members or grassroots organizations rated "hoàn thành xuất
sắc nhiệm vụ" the kind's N years in a row up to the year, not yet proposed for it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from dangbo.core.audit import log_action, snapshot
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.evaluations.models import Rating
from dangbo.members.enums import ON_ROLLS
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgLevel
from dangbo.organizations.models import Organization

from .enums import CommendationState, CommendationSubject, DecidingLevel
from .models import Commendation, CommendationKind, CommendationLevel
from .services import clean_text

FIELDS = ["kind_id", "level_id", "member_id", "organization_id", "year", "achievement", "state", "proposed_on",
          "proposing_organization_id", "deciding_organization_id", "decision_number", "decided_on",
          "refusal_reason"]  # fmt: skip
ORG_LEVEL = {DecidingLevel.GRASSROOTS: OrgLevel.GRASSROOTS, DecidingLevel.UPPER: OrgLevel.UPPER}


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def competent_organization(*, unit: Organization, level: CommendationLevel, include_self: bool) -> Organization | None:
    """The nearest organization of the level's rank on the branch from `unit` up (the unit itself only when
    `include_self`: an organization is not commended by itself)."""
    wanted = ORG_LEVEL[DecidingLevel(level.deciding_level)]
    paths = unit.ancestor_paths() if include_self else unit.ancestor_paths()[:-1]
    branch = Organization.objects.filter(path__in=paths).order_by("-path")
    return next((org for org in branch if org.level == wanted), None)


def _subject(kind: CommendationKind, member: Member | None, organization: Organization | None) -> Organization:
    """The unit the subject stands in (the member's cell, or the organization), refusing a subject that does not
    fit the kind."""
    if (member is None) == (organization is None):
        raise DomainError("Khen thưởng phải dành cho đúng một đảng viên hoặc một tổ chức đảng.", field="member")
    if kind.subject == CommendationSubject.MEMBER:
        if member is None:
            raise DomainError(f"“{kind.name}” dành cho đảng viên.", field="member")
        if member.status not in ON_ROLLS:
            raise DomainError("Đảng viên không còn trong danh sách đảng viên của đảng bộ.", field="member")
        return member.organization
    if organization is None:
        raise DomainError(f"“{kind.name}” dành cho tổ chức đảng.", field="organization")
    if organization.level != OrgLevel.GRASSROOTS:
        raise DomainError(f"“{kind.name}” dành cho tổ chức cơ sở đảng.", field="organization")
    return organization


def _log(action: str, *, actor: Any, c: Commendation, before: dict[str, Any] | None = None) -> None:
    after = snapshot(c, FIELDS)
    if before is not None:
        changed = [k for k in after if before[k] != after[k]]
        before, after = {k: before[k] for k in changed}, {k: after[k] for k in changed}
    is_member = c.member_id is not None
    log_action(action, actor=actor, object_type="member" if is_member else "organization",
               object_id=c.member_id if is_member else c.organization_id,
               object_repr=f"{c.subject_name}: {c.kind.name} ({c.year})", scope_path=c.unit_path,
               before=before, after=after, data={"commendation": c.pk})  # fmt: skip


@transaction.atomic
def propose_commendation(
    *, actor: Any, kind: CommendationKind, level: CommendationLevel, year: int, proposing_organization: Organization,
    member: Member | None = None, organization: Organization | None = None, achievement: str = "",
    today: dt.date | None = None,
) -> Commendation:  # fmt: skip
    """Propose a commendation: the kind in use and given at that level; the subject fits the kind; the year not
    before 1930 nor after this one; the proposing unit on the subject's branch; the competent committee found above;
    not twice for the same kind, year and subject (a refused one may be proposed again). One audit entry."""
    today = today or timezone.localdate()
    if not kind.active:
        raise DomainError(f"Loại khen thưởng “{kind.name}” không còn áp dụng.", field="kind")
    if not kind.levels.filter(pk=level.pk).exists():
        raise DomainError(f"“{kind.name}” không khen ở mức “{level.name}”.", field="level")
    if not 1930 <= year <= today.year:
        raise DomainError(f"Năm khen thưởng phải từ 1930 đến {today.year}.", field="year")
    unit = _subject(kind, member, organization)
    if not unit.path.startswith(proposing_organization.path):
        raise DomainError("Cấp đề nghị phải là đơn vị được khen hoặc cấp ủy cấp trên của đơn vị đó.",
                          field="organization")  # fmt: skip
    decider = competent_organization(unit=unit, level=level, include_self=member is not None)
    if decider is None:
        raise DomainError(f"Không tìm thấy cấp ủy có thẩm quyền khen “{level.name}” cho đối tượng này.", field="level")
    same = Commendation.objects.filter(kind=kind, year=year, member=member, organization=organization).exclude(
        state=CommendationState.REFUSED
    )
    if same.exists():
        raise DomainError(f"Đã đề nghị “{kind.name}” năm {year} cho đối tượng này.", field="kind")
    text = clean_text(achievement, field="achievement", what="Thành tích", limit=1000, required=False)
    c = Commendation.objects.create(
        kind=kind, level=level, member=member, organization=organization, year=year, achievement=text,
        proposed_on=today, proposing_organization=proposing_organization, unit_path=unit.path,
        deciding_organization=decider,
    )  # fmt: skip
    _log("recognition.commendation.proposed", actor=actor, c=c)
    return c


def _save(c: Commendation, action: str, *, actor: Any, before: dict[str, Any]) -> Commendation:
    c.version += 1
    c.save()
    _log(action, actor=actor, c=c, before=before)
    return c


def _locked(c: Commendation, expected_version: int) -> Commendation:
    related = Commendation.objects.select_related("kind", "member", "organization")
    locked = related.select_for_update(of=("self",)).get(pk=c.pk)  # the subject's side of the join may be empty
    if locked.version != expected_version:
        raise ConcurrentEditError()
    if locked.state != CommendationState.PROPOSED:
        raise DomainError(f"Đề nghị này đã được xử lý ({locked.get_state_display().lower()}).", field="state")
    return locked


@transaction.atomic
def decide_commendation(
    *, actor: Any, commendation: Commendation, decision_number: str, decided_on: dt.date, expected_version: int,
    today: dt.date | None = None,
) -> Commendation:  # fmt: skip
    """The competent committee decides the commendation (number, date not before the proposal nor after today)."""
    today = today or timezone.localdate()
    c = _locked(commendation, expected_version)
    number = clean_text(decision_number, field="decision_number", what="Số quyết định khen thưởng", limit=80)
    if decided_on > today or decided_on < c.proposed_on:
        raise DomainError(f"Ngày quyết định phải từ ngày đề nghị ({_d(c.proposed_on)}) đến hôm nay ({_d(today)}).",
                          field="decided_on")  # fmt: skip
    before = snapshot(c, FIELDS)
    c.state, c.decision_number, c.decided_on = CommendationState.DECIDED, number, decided_on
    return _save(c, "recognition.commendation.decided", actor=actor, before=before)


@transaction.atomic
def refuse_commendation(
    *, actor: Any, commendation: Commendation, reason: str, expected_version: int, today: dt.date | None = None
) -> Commendation:
    """The competent committee does not grant it, with the reason."""
    today = today or timezone.localdate()
    c = _locked(commendation, expected_version)
    text = clean_text(reason, field="reason", what="Lý do không khen thưởng", limit=500)
    before = snapshot(c, FIELDS)
    c.state, c.refusal_reason, c.decided_on = CommendationState.REFUSED, text, today
    return _save(c, "recognition.commendation.refused", actor=actor, before=before)


@dataclass(frozen=True)
class Suggestion:
    kind: CommendationKind
    year: int
    member: Member | None
    organization: Organization | None

    @property
    def reason(self) -> str:
        n = self.kind.excellent_years or 1
        years = f"{self.year - n + 1}–{self.year}" if n > 1 else str(self.year)
        return f"Xếp loại “Hoàn thành xuất sắc nhiệm vụ” {n} năm liền ({years}) ({self.kind.source})"


def suggestions(*, kind: CommendationKind, year: int, path: str) -> list[Suggestion]:
    """Subjects under `path` rated excellent each year of the kind's run ending in `year` (decided ratings), not
    yet proposed for the kind that year. Two queries."""
    n = kind.excellent_years or 1
    is_member = kind.subject == CommendationSubject.MEMBER
    subject_field = "member_id" if is_member else "organization_id"
    ratings = Rating.objects.filter(
        year__gte=year - n + 1, year__lte=year, final_level=Level.EXCELLENT, unit_path__startswith=path,
        subject_kind=SubjectKind.MEMBER if is_member else SubjectKind.GRASSROOTS,
    )  # fmt: skip
    ids = list(ratings.values(subject_field).annotate(n=Count("year", distinct=True)).filter(n=n)
               .values_list(subject_field, flat=True))  # fmt: skip
    taken = Commendation.objects.filter(kind=kind, year=year).exclude(state=CommendationState.REFUSED)
    ids = sorted(set(ids) - set(taken.values_list(subject_field, flat=True)))
    if is_member:
        members = Member.objects.filter(pk__in=ids, status__in=sorted(ON_ROLLS)).select_related("organization")
        return [Suggestion(kind, year, m, None) for m in members.order_by("organization__path", "sort_key")]
    orgs = Organization.objects.filter(pk__in=ids).order_by("path")
    return [Suggestion(kind, year, None, o) for o in orgs]
