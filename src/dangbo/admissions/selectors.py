"""Reads of candidacies, always within the reader's scope, and the facts the steps check (who is a full member
of a cell on a day, a member's status and cell on a day, the grassroots organization, the deciding committee)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.errors import DomainError
from dangbo.members.enums import MemberStatus
from dangbo.members.models import CellMembership, Member, MemberStatusPeriod
from dangbo.members.selectors import members_of_org_on
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.training.models import Certificate
from dangbo.training.selectors import awareness_certificate

from .deadlines import Deadline, deadlines
from .enums import ACTIVE, DossierItem, Stage, Step
from .models import Candidate, DecidingCommittee, DossierFile, Transition

GRASSROOTS_KINDS = (OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL)


def candidates_for(scope: Scope, right: str = Right.VIEW_ADMISSIONS) -> QuerySet[Candidate]:
    """Candidacies whose cell lies in the part of the tree where the user holds `right`."""
    return Candidate.objects.filter(scope.path_q(right, "path"))


def counts_by_stage(scope: Scope, right: str = Right.VIEW_ADMISSIONS) -> dict[str, int]:
    """How many candidacies in scope stand at each stage (every stage present, zero when none)."""
    counts = dict.fromkeys(Stage.values, 0)
    for row in candidates_for(scope, right).values("stage").annotate(n=Count("id")).order_by():
        counts[row["stage"]] = row["n"]
    return counts


def active_candidates_for(scope: Scope, right: str = Right.VIEW_ADMISSIONS) -> QuerySet[Candidate]:
    """Candidacies in scope that are still under way (from the proposal to probation)."""
    return candidates_for(scope, right).filter(stage__in=sorted(ACTIVE))


def deadlines_for(
    scope: Scope, *, today: dt.date, until: dt.date | None = None, right: str = Right.VIEW_ADMISSIONS
) -> list[Deadline]:
    """Open deadlines of the candidacies in scope (ceremony, recognition vote, escalation), overdue first."""
    return deadlines(candidates_for(scope, right), today=today, until=until)


def due_this_week(scope: Scope, *, today: dt.date, right: str = Right.VIEW_ADMISSIONS) -> list[Deadline]:
    """What is overdue or falls due by this Sunday in scope (the home page's list)."""
    sunday = today + dt.timedelta(days=6 - today.weekday())
    return deadlines_for(scope, today=today, until=sunday, right=right)


def status_on(member: Member, day: dt.date) -> str:
    """The member's status on `day` from the dated history ("" when they were not a member then)."""
    period = (
        MemberStatusPeriod.objects.filter(member=member, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .order_by("-start", "-pk")
        .first()
    )
    return period.status if period is not None else ""


def cell_on(member: Member, day: dt.date) -> Organization | None:
    """The cell the member belonged to on `day`."""
    membership = (
        CellMembership.objects.filter(member=member, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gt=day))
        .select_related("organization")
        .order_by("-start", "-pk")
        .first()
    )
    return membership.organization if membership is not None else None


def full_members_of_cell_on(cell: Organization, day: dt.date) -> QuerySet[Member]:
    """The cell's full members on `day`: the voters of an admission or recognition vote (probationary members do
    not vote). Read from the dated cell membership and status history."""
    full_then = MemberStatusPeriod.objects.filter(status=MemberStatus.FULL, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gt=day)
    )
    return members_of_org_on(cell, day).filter(pk__in=full_then.values("member_id"))


def grassroots_of(org: Organization) -> Organization:
    """The grassroots organization (đảng bộ cơ sở or chi bộ cơ sở) that `org` belongs to, or is."""
    found = (
        Organization.objects.filter(path__in=org.ancestor_paths(), kind__in=GRASSROOTS_KINDS).order_by("-depth").first()
    )
    if found is None:
        raise DomainError(f"“{org.name}” không thuộc một tổ chức cơ sở đảng nào.", field="cell")
    return found


def deciding_committee_for(cell: Organization) -> Organization:
    """Who decides admissions for this cell: the entry for the nearest ancestor (`DecidingCommittee`), else the
    organization directly above the grassroots organization (rules-2025.md §1, since the district level went)."""
    entry = (
        DecidingCommittee.objects.filter(subtree__path__in=cell.ancestor_paths())
        .select_related("decider", "subtree")
        .order_by("-subtree__depth")
        .first()
    )
    if entry is not None:
        return entry.decider
    grassroots = grassroots_of(cell)
    if grassroots.parent_id is None:
        raise DomainError(
            f"Chưa xác định được cấp ủy quyết định kết nạp cho “{grassroots.name}”: hãy khai báo trong quản trị.",
            field="decided_on",
        )
    return Organization.objects.get(pk=grassroots.parent_id)


def consents_of(candidate: Candidate) -> set[str]:
    """The kinds of written consent attached to the dossier (over-age, education, re-admission)."""
    return set(
        DossierFile.objects.filter(candidate=candidate, item=DossierItem.CONSENT)
        .exclude(consent_kind="")
        .values_list("consent_kind", flat=True)
    )


def items_on_file(candidate: Candidate) -> set[str]:
    """The dossier items that have at least one file."""
    return set(DossierFile.objects.filter(candidate=candidate).values_list("item", flat=True))


def missing_items(candidate: Candidate, required: dict[str, tuple[str, ...]], step: Step | str) -> list[str]:
    """The dossier items the rule set's checklist requires before `step` that have no file yet (highlighted on the
    candidate's page; the steps themselves do not wait for scans)."""
    have = items_on_file(candidate)
    return [item for item in required.get(str(step), ()) if item not in have]


@dataclass(frozen=True)
class ChecklistItem:
    step: str  # the step the item is needed before (Step value)
    item: str  # DossierItem value
    on_file: bool


def dossier_checklist(candidate: Candidate, rules: dict[str, tuple[str, ...]]) -> list[ChecklistItem]:
    """The rule set's checklist (`AdmissionRules.dossier`) for this candidacy, in the order of the steps, each item
    marked on file or missing."""
    have = items_on_file(candidate)
    order = [str(s) for s in Step]
    return [
        ChecklistItem(step=step, item=item, on_file=item in have)
        for step in sorted(rules, key=lambda s: order.index(s) if s in order else len(order))
        for item in rules[step]
    ]


def open_transitions(candidate: Candidate) -> QuerySet[Transition]:
    """The steps taken and not undone (corrections themselves excluded), oldest first."""
    return Transition.objects.filter(candidate=candidate, corrects__isnull=True, corrections__isnull=True).order_by(
        "at", "pk"
    )


def history(candidate: Candidate) -> QuerySet[Transition]:
    """Every step of the candidacy, corrections included, oldest first, with who took it and the rule set."""
    return Transition.objects.filter(candidate=candidate).select_related("actor", "rule_set").order_by("at", "pk")


def earlier_readmissions(member: Any) -> int:
    """How many times the former member was already admitted again: probationary periods after the first."""
    return max(MemberStatusPeriod.objects.filter(member=member, status=MemberStatus.PROBATIONARY).count() - 1, 0)


@dataclass(frozen=True)
class SponsorPool:
    """Who may be named as a sponsor on a candidacy, for one user: `offered` are the members the picker lists
    (`sponsor_choices`); `accepted` adds the members the user may see anyway, so one who is in scope but does not
    qualify (another grassroots organization, probationary) gets the admission rule's own refusal. A member
    outside both is refused as not found (404, logged): their name never reaches the user."""

    offered: QuerySet[Member]
    accepted: QuerySet[Member]


def sponsor_choices(candidate: Candidate) -> QuerySet[Member]:
    """The full members of the candidate's grassroots organization today: the sponsors the picker offers."""
    grassroots = grassroots_of(candidate.cell)
    return Member.objects.filter(organization__path__startswith=grassroots.path, status=MemberStatus.FULL)


def sponsor_pool(scope: Scope, candidate: Candidate) -> SponsorPool:
    grassroots = grassroots_of(candidate.cell)
    visible = scope.path_q(Right.VIEW_MEMBERS, "organization__path")
    accepted = Q(organization__path__startswith=grassroots.path) | visible
    return SponsorPool(offered=sponsor_choices(candidate), accepted=Member.objects.filter(accepted))


def sponsors_out_of_scope(pool: SponsorPool, ids: list[Any]) -> list[int]:
    """The ids among `ids` of members who exist but are outside `pool.accepted` (to refuse as not found)."""
    wanted = {int(str(i)) for i in ids if str(i).isascii() and str(i).isdigit() and len(str(i)) < 18}
    if not wanted:
        return []
    known = set(Member.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    allowed = set(pool.accepted.filter(pk__in=known).values_list("pk", flat=True))
    return sorted(known - allowed)


def awareness_certificate_of(candidate: Candidate, *, on: dt.date) -> Certificate | None:
    """The candidate's awareness-course certificate in the training records (`training.selectors
    .awareness_certificate`), valid on `on`: found by the citizen id, or by the name and birth date (also a former
    member's record, for a re-admission)."""
    return awareness_certificate(
        citizen_id=candidate.citizen_id, member=candidate.former_member, full_name=candidate.full_name,
        birth_date=candidate.birth_date, on=on,
    )  # fmt: skip


def certificate_origin(certificate: Certificate) -> str:
    """Where a certificate read from the training records comes from, in the officer's words."""
    course = certificate.enrollment.course
    until = f", còn giá trị đến hết ngày {certificate.valid_until:%d/%m/%Y}" if certificate.valid_until else ""
    return (
        f"Lấy từ hồ sơ đào tạo: giấy chứng nhận số {certificate.number} cấp ngày {certificate.issued_on:%d/%m/%Y}"
        f"{until} (lớp “{course.title}”, {course.organizer.name})."
    )
