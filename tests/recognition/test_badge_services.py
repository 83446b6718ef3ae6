"""Proposing and awarding badges, with every refusal: its message, and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.recognition import services
from dangbo.recognition.enums import BadgeKind, BadgeState
from dangbo.recognition.models import Badge, ImprovementConfirmation

from .conftest import D, admitted, die, discipline, ill

AWARD = D(2025, 5, 19)
TODAY = D(2025, 5, 10)


def audit_count() -> int:
    return AuditEntry.objects.filter(action__startswith="recognition.").count()


def propose(member, world, *, years=30, on=AWARD, today=TODAY):
    return services.propose_badge(actor=world.officer, member=member, years=years, award_date=on,
                                  proposing_organization=world.org_a, today=today)  # fmt: skip


def award(badge, *, number: str, version: int):
    return services.record_award(actor=None, badge=badge, decision_number=number, decision_date=D(2025, 5, 15),
                                 deciding_authority="Ban Thường vụ Tỉnh ủy", expected_version=version,
                                 today=D(2025, 5, 20))  # fmt: skip


def refused(call, message: str) -> None:
    badges, entries = Badge.objects.count(), audit_count()
    with pytest.raises(DomainError) as caught:
        call()
    assert message in caught.value.message
    assert (Badge.objects.count(), audit_count()) == (badges, entries)


def test_propose_then_award_writes_one_audit_entry_each(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    badge = propose(m, world)
    assert (badge.state, badge.kind, badge.milestone_day, badge.unit_path) == (
        BadgeState.PROPOSED,
        BadgeKind.REGULAR,
        D(2025, 5, 1),
        cell.path,
    )
    entry = AuditEntry.objects.get(action="recognition.badge.proposed")
    assert entry.object_id == str(m.pk) and entry.scope_path == cell.path
    services.record_award(actor=world.bloc_officer, badge=badge, decision_number="125-QĐ/TU",
                          decision_date=D(2025, 5, 15), deciding_authority="Ban Thường vụ Tỉnh ủy",
                          expected_version=badge.version, today=D(2025, 5, 20))  # fmt: skip
    badge.refresh_from_db()
    assert (badge.state, badge.decision_number, badge.version) == (BadgeState.AWARDED, "125-QĐ/TU", 2)
    assert AuditEntry.objects.filter(action="recognition.badge.awarded").count() == 1


def test_refused_milestone_not_reached_by_the_award_date(world, cell):
    m = admitted(cell, D(1995, 5, 20))  # 30 years the day after the award date
    refused(lambda: propose(m, world), "Chưa đủ 30 năm tuổi đảng vào đợt 19/05/2025: đủ ngày 20/05/2025")


def test_refused_early_outside_the_window_accepted_inside(world, cell):
    outside = admitted(cell, D(1966, 5, 20))  # 60 years on 20/05/2026: 12 months and a day after
    inside = admitted(cell, D(1966, 5, 19))
    for m in (outside, inside):
        ill(m, D(2025, 1, 1))
    refused(lambda: propose(outside, world, years=60), "sớm hơn đợt 19/05/2025 quá 12 tháng")
    assert propose(inside, world, years=60).kind == BadgeKind.EARLY


def test_refused_while_a_discipline_blocks_it(world, cell):
    m = admitted(cell, D(1995, 3, 1))
    discipline(m, form="reprimand", decided=D(2025, 1, 10))
    refused(lambda: propose(m, world), "Chưa xét tặng: đang chịu kỷ luật khiển trách")


def test_refused_twice_for_the_same_milestone(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    first = propose(m, world)
    refused(lambda: propose(m, world), "đã được đề nghị tặng Huy hiệu 30 năm tuổi đảng ở đợt 19/05/2025")
    award(first, number="1-QĐ/TU", version=1)
    refused(lambda: propose(m, world, on=D(2025, 9, 2), today=D(2025, 8, 1)),
            "đã được tặng Huy hiệu 30 năm tuổi đảng (Quyết định số 1-QĐ/TU ngày 15/05/2025)")  # fmt: skip
    first.refresh_from_db()
    with pytest.raises(DomainError, match="mỗi mốc chỉ tặng một lần"):
        award(first, number="2-QĐ/TU", version=first.version)


def test_refused_award_when_a_discipline_came_after_the_proposal(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    badge = propose(m, world)
    discipline(m, form="warning", decided=D(2025, 5, 12))
    entries = audit_count()
    with pytest.raises(DomainError, match="đang chịu kỷ luật cảnh cáo"):
        services.record_award(actor=None, badge=badge, decision_number="1-QĐ/TU", decision_date=D(2025, 5, 15),
                              deciding_authority="Tỉnh ủy", expected_version=1, today=D(2025, 5, 20))  # fmt: skip
    badge.refresh_from_db()
    assert (badge.state, badge.version, audit_count()) == (BadgeState.PROPOSED, 1, entries)


def test_refused_not_an_award_date_unknown_milestone_and_a_proposer_outside_the_cell(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    refused(lambda: propose(m, world, on=D(2025, 5, 20)), "không phải đợt trao tặng Huy hiệu Đảng")
    refused(lambda: propose(m, world, years=35), "Không có mốc 35 năm tuổi đảng")
    refused(lambda: services.propose_badge(actor=None, member=m, years=30, award_date=AWARD,
                                           proposing_organization=world.org_b, today=TODAY),
            "Cấp đề nghị phải là chi bộ của đảng viên")  # fmt: skip
    refused(lambda: propose(m, world, on=D(2027, 5, 19)), "còn quá xa")


def test_posthumous_proposal_and_refusal_beyond_12_months(world, cell):
    within = admitted(cell, D(1976, 4, 10))
    beyond = admitted(cell, D(1976, 4, 11))
    for m in (within, beyond):
        die(m, D(2025, 4, 10))
    assert propose(within, world, years=50).kind == BadgeKind.POSTHUMOUS
    refused(lambda: propose(beyond, world, years=50), "trước ngày đủ 50 năm tuổi đảng (11/04/2026) quá 12 tháng")


def test_stale_version_and_withdrawal(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    badge = propose(m, world)
    with pytest.raises(ConcurrentEditError):
        services.withdraw_badge(actor=None, badge=badge, reason="Nhầm", expected_version=7, today=TODAY)
    services.withdraw_badge(actor=None, badge=badge, reason="Đề nghị nhầm đợt", expected_version=1, today=TODAY)
    assert propose(m, world).state == BadgeState.PROPOSED  # may be proposed again


def test_award_date_and_decision_checks(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    badge = propose(m, world)
    for kwargs, message in [
        ({"decision_number": " "}, "Số quyết định không được để trống"),
        ({"decision_date": D(2025, 5, 1)}, "không được trước ngày 10/05/2025"),
        ({"decision_date": D(2025, 6, 1)}, "không được sau ngày hôm nay"),
        ({"award_date": D(2025, 2, 3)}, "không được trước đợt đã đề nghị"),
    ]:
        args = {"decision_number": "1-QĐ/TU", "decision_date": D(2025, 5, 15), "deciding_authority": "Tỉnh ủy",
                "expected_version": 1, "today": D(2025, 5, 20)} | kwargs  # fmt: skip
        with pytest.raises(DomainError, match=message):
            services.record_award(actor=None, badge=badge, **args)
    badge.refresh_from_db()
    assert badge.state == BadgeState.PROPOSED and audit_count() == 1


def test_confirmation_not_before_the_wait_and_once(world, cell):
    m = admitted(cell, D(1995, 3, 1))
    decision = discipline(m, form="warning", decided=D(2025, 1, 10))
    with pytest.raises(DomainError, match="Chưa đủ 9 tháng kể từ ngày quyết định kỷ luật"):
        services.confirm_improvement(actor=None, discipline=decision, confirmed_on=D(2025, 10, 9),
                                     resolution="NQ 5", today=D(2025, 12, 1))  # fmt: skip
    assert not ImprovementConfirmation.objects.exists()
    services.confirm_improvement(actor=None, discipline=decision, confirmed_on=D(2025, 10, 10), resolution="NQ 5",
                                 today=D(2025, 12, 1))  # fmt: skip
    with pytest.raises(DomainError, match="đã công nhận"):
        services.confirm_improvement(actor=None, discipline=decision, confirmed_on=D(2025, 11, 1), resolution="NQ 6",
                                     today=D(2025, 12, 1))  # fmt: skip
    assert ImprovementConfirmation.objects.count() == 1


def test_illness_needs_a_day_not_in_the_future(world, cell):
    m = admitted(cell, D(1966, 1, 1))
    with pytest.raises(DomainError, match="không được sau ngày hôm nay"):
        services.record_illness(actor=None, member=m, certified_on=D(2025, 6, 1), certified_by="BV", today=TODAY)
    illness = services.record_illness(actor=None, member=m, certified_on=D(2025, 5, 1), certified_by="Bệnh viện",
                                      today=TODAY)  # fmt: skip
    assert illness.pk and isinstance(illness.certified_on, dt.date)


def test_two_officers_proposing_the_same_member_at_once(world, cell, monkeypatch):
    m = admitted(cell, D(1995, 5, 1))
    propose(m, world)
    real = services.assess

    def as_if_not_yet(**kwargs):  # the second officer read the list before the first one saved
        found = real(**kwargs)
        return found.__class__(found.person, found.reached, found.kind, found.reason, found.block, None)

    monkeypatch.setattr(services, "assess", as_if_not_yet)
    refused(lambda: propose(m, world), "đã được đề nghị tặng Huy hiệu 30 năm tuổi đảng")
