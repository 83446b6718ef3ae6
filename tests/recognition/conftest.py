"""Helpers for the badge tests: members admitted on a chosen day, facts recorded directly, the list of a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dangbo.discipline.services import record_discipline
from dangbo.members import services as member_services
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from dangbo.recognition import badge_list
from dangbo.recognition.models import ImprovementConfirmation, SeriousIllness
from dangbo.recognition.rules import rules_in_force
from tests.factories import make_member

D = dt.date


def admitted(organization: Organization, day: dt.date, **extra: Any) -> Member:
    return make_member(organization=organization, admission_decision_date=day, ceremony_date=day,
                       full_membership_date=day + dt.timedelta(days=366), birth_date=D(1930, 1, 1),
                       **extra)  # fmt: skip


def rows_of(path: str, on: dt.date, **kwargs: Any) -> list[badge_list.BadgeRow]:
    return badge_list.compute(path=path, award_date=on, rules=rules_in_force(on), **kwargs).rows


def verdicts(path: str, on: dt.date) -> dict[tuple[int, int], str]:
    return {(r.person.id, r.years): r.verdict for r in rows_of(path, on)}


def discipline(member: Member, *, form: str = "warning", decided: dt.date, number: str = "12-QĐ/ĐU") -> Any:
    return record_discipline(
        actor=None, form=form, violation_date=decided - dt.timedelta(days=30), decision_date=decided,
        decision_number=number, deciding_organization=member.organization.parent or member.organization,
        member=member, note="Ghi từ hồ sơ giấy", today=decided,
    )  # fmt: skip


def confirm(member: Member, decision: Any, on: dt.date) -> ImprovementConfirmation:
    return ImprovementConfirmation.objects.create(member=member, discipline=decision, confirmed_on=on,
                                                  resolution="Nghị quyết chi bộ")  # fmt: skip


def ill(member: Member, on: dt.date) -> SeriousIllness:
    return SeriousIllness.objects.create(member=member, certified_on=on, certified_by="Bệnh viện tỉnh")


def die(member: Member, on: dt.date) -> None:
    member_services.change_status(actor=None, member=member, status="deceased", on=on)


@pytest.fixture
def cell(world: Any) -> Organization:
    return world.cell_a1
