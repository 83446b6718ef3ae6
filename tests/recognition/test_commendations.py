"""Commendations: proposed at or above the subject, decided by the competent committee found up the branch, the
suggestion list from the ratings, and every refusal with nothing written."""

from __future__ import annotations

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.evaluations.models import Rating
from dangbo.recognition import commendations as svc
from dangbo.recognition.enums import CommendationState
from dangbo.recognition.models import Commendation, CommendationKind, CommendationLevel
from tests.screening.helpers import campaign_for, rate

from .conftest import D

TODAY = D(2026, 3, 1)


def kind(code: str) -> CommendationKind:
    return CommendationKind.objects.get(code=code)


def level(code: str) -> CommendationLevel:
    return CommendationLevel.objects.get(code=code)


def nothing_written(call, message: str) -> None:
    before = (Commendation.objects.count(), AuditEntry.objects.filter(action__startswith="recognition.").count())
    with pytest.raises(DomainError) as caught:
        call()
    assert message in caught.value.message
    assert (Commendation.objects.count(),
            AuditEntry.objects.filter(action__startswith="recognition.").count()) == before  # fmt: skip


def propose_member(world, member, **kw):
    args = {"kind": kind("dv-xuat-sac-5-nam"), "level": level("giay-khen-cap-tren"), "year": 2025,
            "proposing_organization": world.org_a, "member": member, "today": TODAY} | kw  # fmt: skip
    return svc.propose_commendation(actor=world.officer, **args)


def test_member_commendation_decided_by_the_committee_of_its_level(world):
    c = propose_member(world, world.m1, achievement="Hoàn thành xuất sắc nhiệm vụ 2021–2025")
    assert c.deciding_organization == world.bloc  # giấy khen of the committee above the grassroots level
    grassroots = propose_member(world, world.m2, kind=kind("dv-xuat-sac-nam"), level=level("giay-khen-co-so"))
    assert grassroots.deciding_organization == world.org_a
    svc.decide_commendation(actor=world.bloc_officer, commendation=c, decision_number="15-QĐ/ĐUK",
                            decided_on=TODAY, expected_version=1, today=TODAY)  # fmt: skip
    c.refresh_from_db()
    assert (c.state, c.decision_number, c.version) == (CommendationState.DECIDED, "15-QĐ/ĐUK", 2)
    assert AuditEntry.objects.filter(action="recognition.commendation.decided").count() == 1


def test_organization_commendation_is_decided_above_it(world):
    c = svc.propose_commendation(actor=None, kind=kind("tccsd-xuat-sac-nam"), level=level("giay-khen-cap-tren"),
                                 year=2025, proposing_organization=world.bloc, organization=world.org_a,
                                 today=TODAY)  # fmt: skip
    assert c.deciding_organization == world.bloc and c.unit_path == world.org_a.path


def test_refusals_nothing_written(world):
    nothing_written(lambda: propose_member(world, world.m1, level=level("giay-khen-co-so")),
                    "không khen ở mức “Giấy khen của Đảng ủy cơ sở”")  # fmt: skip
    nothing_written(lambda: propose_member(world, world.m1, year=2027), "Năm khen thưởng phải từ 1930 đến 2026")
    nothing_written(lambda: propose_member(world, world.m3), "Cấp đề nghị phải là đơn vị được khen")
    nothing_written(lambda: propose_member(world, None, organization=world.org_a), "dành cho đảng viên")
    nothing_written(
        lambda: svc.propose_commendation(
            actor=None,
            kind=kind("tccsd-xuat-sac-nam"),
            level=level("giay-khen-cap-tren"),
            year=2025,
            proposing_organization=world.bloc,
            organization=world.cell_a1,
            today=TODAY,
        ),
        "dành cho tổ chức cơ sở đảng",
    )
    propose_member(world, world.m1)
    nothing_written(lambda: propose_member(world, world.m1), "Đã đề nghị “Đảng viên hoàn thành xuất sắc nhiệm vụ 5")


def test_decision_checks_and_refusal(world):
    c = propose_member(world, world.m1)
    with pytest.raises(DomainError, match="Ngày quyết định phải từ ngày đề nghị"):
        svc.decide_commendation(actor=None, commendation=c, decision_number="1", decided_on=D(2026, 3, 2),
                                expected_version=1, today=TODAY)  # fmt: skip
    with pytest.raises(ConcurrentEditError):
        svc.refuse_commendation(actor=None, commendation=c, reason="Chưa đủ", expected_version=5, today=TODAY)
    svc.refuse_commendation(actor=None, commendation=c, reason="Chưa tiêu biểu", expected_version=1, today=TODAY)
    c.refresh_from_db()
    with pytest.raises(DomainError, match="đã được xử lý"):
        svc.decide_commendation(actor=None, commendation=c, decision_number="1", decided_on=TODAY,
                                expected_version=c.version, today=TODAY)  # fmt: skip
    assert propose_member(world, world.m1).state == CommendationState.PROPOSED  # refused: may be proposed again


def test_suggestions_need_every_year_of_the_run_excellent(world):
    for year in range(2021, 2026):
        rate(world.m1, Level.EXCELLENT, year)
        rate(world.m2, Level.EXCELLENT if year != 2023 else Level.GOOD, year)
    found = svc.suggestions(kind=kind("dv-xuat-sac-5-nam"), year=2025, path=world.org_a.path)
    assert [s.member for s in found] == [world.m1]
    assert "5 năm liền (2021–2025)" in found[0].reason
    propose_member(world, world.m1)
    assert svc.suggestions(kind=kind("dv-xuat-sac-5-nam"), year=2025, path=world.org_a.path) == []
    assert svc.suggestions(kind=kind("dv-xuat-sac-5-nam"), year=2025, path=world.org_b.path) == []


def test_organization_suggestions_read_the_grassroots_ratings(world):
    grassroots = world.org_a
    Rating.objects.create(campaign=campaign_for(world.bloc, 2025), year=2025, subject_kind=SubjectKind.GRASSROOTS,
                          organization=grassroots, unit=grassroots, unit_path=grassroots.path, grassroots=grassroots,
                          final_level=Level.EXCELLENT, decided_level=Level.EXCELLENT)  # fmt: skip
    found = svc.suggestions(kind=kind("tccsd-xuat-sac-nam"), year=2025, path=world.bloc.path)
    assert [s.organization for s in found] == [grassroots]
