"""The rows a new round writes, column by column, against an expectation built by hand for members of every
standing the rules tell apart; a second open and a failure half-way leave nothing behind (decision 0056)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError

from dangbo.evaluations import round_rows
from dangbo.evaluations.enums import SubjectKind
from dangbo.evaluations.models import Rating, RatingCampaign
from dangbo.evaluations.rules import SubjectFacts, evaluate
from dangbo.evaluations.selectors import rule_set_for_year
from dangbo.evaluations.services import open_campaign
from dangbo.members.enums import MemberStatus
from dangbo.members.services import change_status, move_to_cell
from dangbo.movements.enums import MovementKind, MovementState
from dangbo.movements.models import Movement
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from tests.factories import make_member, make_org

from .conftest import open_round

DAY = dt.date(2024, 12, 31)  # the reference date of the 2024 round
FIXED = {"year": 2024, "step": "pending", "version": 1, "self_level": "", "score": None, "score_sheet": {},
         "self_review": "", "review_level": "", "proposed_level": "", "decided_level": "", "final_level": "",
         "override_reason": ""}  # fmt: skip
COLUMNS = ["subject_kind", "member_id", "organization_id", "unit_id", "unit_path", "grassroots_id", "org_type",
           "not_rated", "reasons", *FIXED]  # fmt: skip


# The records in one sentence, as a reason quotes them (the decision is dated six days before the start).
EXEMPT_BY = "miễn công tác và sinh hoạt đảng từ 01/06/2024 theo Quyết định số 12-QĐ/ĐU ngày 26/05/2024"
SUSPENDED_BY = "đình chỉ sinh hoạt đảng từ 01/10/2024 đến 31/03/2025 theo Quyết định số 12-QĐ/ĐU ngày 25/09/2024"


def _record(kind: str, member: Any, start: dt.date, **more: Any) -> Movement:
    where = {"from_organization": member.organization, "from_path": member.organization.path}
    return Movement.objects.create(
        kind=kind,
        state=MovementState.DONE,
        member=member,
        start=start,
        **where,
        decision_number="12-QĐ/ĐU",
        decision_date=start - dt.timedelta(days=6),
        **more,
    )


def _not_rated(**facts: Any) -> list[str]:
    kind = facts.pop("kind", SubjectKind.MEMBER)
    return evaluate(rule_set_for_year(2024), SubjectFacts(kind, 2024, DAY, **facts)).messages


@pytest.fixture
def province(world: Any) -> dict[str, Any]:
    """Members of every standing, with the rating each should get: (unit, grassroots, sector, reasons)."""
    w = world
    gr_cell = make_org(kind=OrgKind.GRASSROOTS_CELL, parent=w.bloc, org_type="state_enterprise")
    b2 = make_org(parent=w.org_b, org_type="state_agency")  # its sector is its grassroots committee's
    young = make_org(parent=w.org_a, founded_on=dt.date(2024, 9, 1))
    closing = make_org(parent=w.org_a)
    a2 = w.cell_a2
    m: dict[str, Any] = {}
    m["probation"] = make_member(organization=a2, status=MemberStatus.PROBATIONARY, admission_decision_date=dt.date(
        2024, 3, 1), ceremony_date=None, full_membership_date=None)  # fmt: skip
    m["recent"] = make_member(organization=a2, status=MemberStatus.PROBATIONARY, admission_decision_date=dt.date(
        2024, 7, 1), ceremony_date=None, full_membership_date=None)  # fmt: skip
    m["exempt"] = make_member(organization=a2, status=MemberStatus.EXEMPT)
    m["exempt_by_record"] = make_member(organization=b2)
    change_status(actor=w.officer, member=m["exempt_by_record"], status="exempt", on=dt.date(2024, 6, 1))
    exemption = _record(MovementKind.EXEMPTION, m["exempt_by_record"], dt.date(2024, 6, 1))
    m["exempt_later"] = make_member(organization=a2)
    change_status(actor=w.officer, member=m["exempt_later"], status="exempt", on=DAY + dt.timedelta(days=1))
    m["suspended"] = make_member(organization=gr_cell)
    suspension = _record(MovementKind.SUSPENSION, m["suspended"], dt.date(2024, 10, 1),
                         planned_end=dt.date(2025, 3, 31))  # fmt: skip
    m["suspension_lifted"] = make_member(organization=gr_cell)
    _record(MovementKind.SUSPENSION, m["suspension_lifted"], dt.date(2024, 5, 1), ended_on=dt.date(2024, 8, 1))
    m["suspension_cancelled"] = make_member(organization=gr_cell)
    Movement.objects.filter(pk=_record(MovementKind.SUSPENSION, m["suspension_cancelled"], dt.date(2024, 10, 1)).pk
                            ).update(state=MovementState.CANCELLED)  # fmt: skip
    move_to_cell(actor=w.officer, member=w.m1, organization=a2, on=DAY + dt.timedelta(days=1))  # after the day
    move_to_cell(actor=w.officer, member=w.m2, organization=w.cell_b1, on=dt.date(2024, 5, 1))  # before it
    m["from_closed_cell"] = make_member(organization=closing)
    move_to_cell(actor=w.officer, member=m["from_closed_cell"], organization=a2, on=DAY + dt.timedelta(days=10))
    Organization.objects.filter(pk=closing.pk).update(dissolved_on=DAY + dt.timedelta(days=20))
    for status in (MemberStatus.DECEASED, MemberStatus.TRANSFERRED_OUT):
        gone = make_member(organization=a2)
        change_status(actor=w.officer, member=gone, status=status, on=dt.date(2024, 11, 1))

    agency, enterprise = "state_agency", "state_enterprise"
    a, b = (w.org_a, agency), (w.org_b, enterprise)
    members = {
        w.m1: (w.cell_a1, *a, []),
        w.m2: (w.cell_b1, *b, []),
        w.m3: (w.cell_b1, *b, []),
        m["probation"]: (a2, *a, []),
        m["recent"]: (a2, *a, _not_rated(status="probationary", admitted_on=dt.date(2024, 7, 1))),
        m["exempt"]: (a2, *a, _not_rated(status="exempt")),
        m["exempt_by_record"]: (b2, *b, _not_rated(status="exempt", exempt_by=EXEMPT_BY)),
        m["exempt_later"]: (a2, *a, []),
        m["suspended"]: (gr_cell, gr_cell, enterprise, _not_rated(suspended=True, suspended_by=SUSPENDED_BY)),
        m["suspension_lifted"]: (gr_cell, gr_cell, enterprise, []),
        m["suspension_cancelled"]: (gr_cell, gr_cell, enterprise, []),
        m["from_closed_cell"]: (a2, *a, []),  # its cell of the day is gone from the tree: the current one
    }
    assert exemption.pk and suspension.pk
    collectives = {
        w.org_a: (SubjectKind.GRASSROOTS, w.org_a, *a, []),
        w.org_b: (SubjectKind.GRASSROOTS, w.org_b, *b, []),
        gr_cell: (SubjectKind.GRASSROOTS, gr_cell, gr_cell, enterprise, []),
        w.cell_a1: (SubjectKind.CELL, w.cell_a1, *a, []),
        a2: (SubjectKind.CELL, a2, *a, []),
        w.cell_b1: (SubjectKind.CELL, w.cell_b1, *b, []),
        b2: (SubjectKind.CELL, b2, *b, []),
        young: (SubjectKind.CELL, young, *a, _not_rated(kind=SubjectKind.CELL, founded_on=dt.date(2024, 9, 1))),
    }
    return {"members": members, "collectives": collectives}


def _expected(campaign: RatingCampaign, province: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for member, (unit, grassroots, sector, reasons) in province["members"].items():
        rows.append({"subject_kind": SubjectKind.MEMBER, "member_id": member.pk, "organization_id": None,
                     "unit_id": unit.pk, "unit_path": unit.path, "grassroots_id": grassroots.pk, "org_type": sector,
                     "not_rated": bool(reasons), "reasons": reasons, **FIXED, "campaign_id": campaign.pk})  # fmt: skip
    for org, (kind, unit, grassroots, sector, reasons) in province["collectives"].items():
        rows.append({"subject_kind": kind, "member_id": None, "organization_id": org.pk, "unit_id": unit.pk,
                     "unit_path": unit.path, "grassroots_id": grassroots.pk, "org_type": sector,
                     "not_rated": bool(reasons), "reasons": reasons, **FIXED, "campaign_id": campaign.pk})  # fmt: skip
    return sorted(rows, key=_key)


def _key(row: dict[str, Any]) -> tuple[str, int]:
    return row["subject_kind"], row["member_id"] or row["organization_id"]


def _rows(campaign: RatingCampaign) -> list[dict[str, Any]]:
    return sorted(Rating.objects.filter(campaign=campaign).values(*COLUMNS, "campaign_id"), key=_key)


def test_every_column_of_every_row_is_as_expected(world, province):
    campaign = open_round(world, 2024)
    assert _rows(campaign) == _expected(campaign, province)
    recent = Rating.objects.get(campaign=campaign, member__admission_decision_date=dt.date(2024, 7, 1))
    assert "được kết nạp ngày 01/07/2024, chưa đủ 6 tháng" in recent.reasons[0]


def test_the_audit_entry_counts_the_rows(world, province):
    from dangbo.core.models import AuditEntry

    campaign = open_round(world, 2024)
    entry = AuditEntry.objects.get(action="evaluations.campaign.opened", object_id=str(campaign.pk))
    assert entry.data == {"members": 12, "members_not_rated": 4, "organizations": 8, "organizations_not_rated": 1,
                          "rule_set": "QD124-2023"}  # fmt: skip


def test_a_second_open_is_refused_and_changes_nothing(world, province):
    campaign = open_round(world, 2024)
    before = _rows(campaign)
    with pytest.raises(Exception, match="mỗi đối tượng chỉ được xếp loại một lần trong năm"):
        open_round(world, 2024)
    assert _rows(campaign) == before and RatingCampaign.objects.count() == 1
    assert Rating.objects.count() == len(before)


def test_a_failure_half_way_leaves_no_round_and_the_next_open_works(world, province, monkeypatch):
    # The members' rows are written, then the collectives' statement fails.
    monkeypatch.setattr(round_rows, "COLLECTIVES_SQL", "INSERT INTO evaluations_rating (year) VALUES (%(year)s)")
    with pytest.raises(IntegrityError):
        open_round(world, 2024)
    assert RatingCampaign.objects.count() == 0 and Rating.objects.count() == 0
    monkeypatch.undo()
    campaign = open_round(world, 2024)  # the temporary tables went with the failed attempt
    assert _rows(campaign) == _expected(campaign, province)


def test_a_failure_after_the_rows_leaves_no_round_and_no_audit(world, province, monkeypatch):
    from dangbo.core.models import AuditEntry
    from dangbo.evaluations import services

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "log_action", broken)
    with pytest.raises(RuntimeError):
        open_campaign(actor=world.bloc_officer, organization=world.bloc, year=2024)
    assert RatingCampaign.objects.count() == 0 and Rating.objects.count() == 0
    assert not AuditEntry.objects.filter(action="evaluations.campaign.opened").exists()


def test_a_grassroots_round_takes_only_its_tree(world, province):
    campaign = open_campaign(actor=world.officer, organization=world.org_a, year=2024)
    expected = [r for r in _expected(campaign, province) if r["unit_path"].startswith(world.org_a.path)]
    assert _rows(campaign) == expected
