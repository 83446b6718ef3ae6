"""The badge list of an award date at every boundary: the milestone day on the award date and the day after, the
early windows, the posthumous window, a gap that moves the milestone, a discipline until it lapses and the cell's
confirmation."""

from __future__ import annotations

import datetime as dt

from dangbo.members import services as member_services
from dangbo.recognition.enums import Verdict

from .conftest import D, admitted, confirm, die, discipline, ill, rows_of, verdicts

AWARD = D(2025, 5, 19)  # previous: 03/02/2025


def test_milestone_on_the_award_date_is_due_the_day_after_is_not(world, cell):
    on_day = admitted(cell, D(1995, 5, 19))  # 30 years on 19/05/2025
    day_after = admitted(cell, D(1995, 5, 20))
    after_previous = admitted(cell, D(1995, 2, 4))  # 30 years on 04/02/2025, the day after the previous date
    on_previous = admitted(cell, D(1995, 2, 3))  # belongs to the previous list
    got = verdicts(cell.path, AWARD)
    assert got[(on_day.pk, 30)] == Verdict.DUE
    assert (day_after.pk, 30) not in got
    assert got[(after_previous.pk, 30)] == Verdict.DUE
    assert (on_previous.pk, 30) not in got
    assert verdicts(cell.path, D(2025, 9, 2))[(day_after.pk, 30)] == Verdict.DUE


def test_row_says_why_with_its_rule_and_the_seniority_in_days(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    (row,) = [r for r in rows_of(cell.path, AWARD) if r.person.id == m.pk]
    assert row.reached == D(2025, 5, 1)
    assert (row.seniority.years, row.seniority.months, row.seniority.days) == (30, 0, 18)
    assert "Đủ 30 năm tuổi đảng ngày 01/05/2025" in row.explanation
    assert "Quy định 24-QĐ/TW, điểm 27" in row.explanation


def test_early_award_windows_12_and_24_months_the_day_inside_and_outside(world, cell):
    inside_12 = admitted(cell, D(1966, 5, 19))  # 60 years on 19/05/2026 = award date + 12 months
    outside_12 = admitted(cell, D(1966, 5, 20))
    inside_24 = admitted(cell, D(1957, 5, 19))  # 70 years on 19/05/2027 = + 24 months
    outside_24 = admitted(cell, D(1957, 5, 20))
    not_ill = admitted(cell, D(1966, 5, 18))
    for m in (inside_12, outside_12, inside_24, outside_24):
        ill(m, D(2025, 4, 1))
    got = verdicts(cell.path, AWARD)
    assert got[(inside_12.pk, 60)] == Verdict.EARLY
    assert (outside_12.pk, 60) not in got
    assert got[(inside_24.pk, 70)] == Verdict.EARLY
    assert (outside_24.pk, 70) not in got
    assert (not_ill.pk, 60) not in got


def test_illness_certified_after_the_award_date_does_not_count(world, cell):
    m = admitted(cell, D(1966, 1, 1))
    ill(m, D(2025, 5, 20))
    assert (m.pk, 60) not in verdicts(cell.path, AWARD)


def test_posthumous_within_12_months_of_death_not_beyond(world, cell):
    within = admitted(cell, D(1976, 4, 10))  # 50 years on 10/04/2026
    beyond = admitted(cell, D(1976, 4, 11))
    for m in (within, beyond):
        die(m, D(2025, 4, 10))
    got = verdicts(cell.path, AWARD)
    assert got[(within.pk, 50)] == Verdict.POSTHUMOUS
    assert (beyond.pk, 50) not in got
    (row,) = [r for r in rows_of(cell.path, AWARD) if r.person.id == within.pk]
    assert "Truy tặng: đảng viên từ trần ngày 10/04/2025" in row.explanation
    assert (row.seniority.years, row.seniority.months, row.seniority.days) == (49, 0, 0)  # to the day of death


def test_a_gap_moves_the_milestone(world, cell):
    m = admitted(cell, D(1995, 1, 31))  # 30 years on 31/01/2025 without the gap
    member_services.change_status(actor=None, member=m, status="struck_off", on=D(2000, 1, 1))
    member_services.change_status(actor=None, member=m, status="full", on=D(2000, 4, 15))  # 3 whole months
    assert (m.pk, 30) not in verdicts(cell.path, D(2025, 2, 3))
    (row,) = [r for r in rows_of(cell.path, AWARD) if r.person.id == m.pk]
    assert row.reached == D(2025, 5, 1)  # 31/04 does not exist: the 30 years are reached on 01/05
    assert row.verdict == Verdict.DUE
    assert (row.seniority.years, row.seniority.months, row.seniority.days) == (30, 0, 18)


def test_blocked_until_the_discipline_lapses_then_by_the_missing_confirmation_then_due(world, cell):
    m = admitted(cell, D(1995, 3, 1))  # 30 years on 01/03/2025
    decision = discipline(m, form="warning", decided=D(2025, 1, 10))
    (row,) = [r for r in rows_of(cell.path, AWARD) if r.person.id == m.pk]
    assert row.verdict == Verdict.BLOCKED
    assert row.blocked_until == D(2026, 1, 11)  # lapses the day after one year
    assert "Chưa xét tặng: đang chịu kỷ luật cảnh cáo (Quyết định số 12-QĐ/ĐU ngày 10/01/2025)" in row.explanation
    assert "được xét lại từ 11/01/2026" in row.explanation
    later = {r.years: r for r in rows_of(cell.path, D(2025, 11, 7)) if r.person.id == m.pk}
    assert later[30].verdict == Verdict.BLOCKED and later[30].carried_from == AWARD
    waiting = {r.years: r for r in rows_of(cell.path, D(2026, 2, 3)) if r.person.id == m.pk}
    assert waiting[30].verdict == Verdict.BLOCKED and waiting[30].block.awaiting_confirmation
    assert "chi bộ chưa công nhận" in waiting[30].explanation
    confirm(m, decision, D(2026, 1, 20))
    free = {r.years: r for r in rows_of(cell.path, D(2026, 2, 3)) if r.person.id == m.pk}
    assert free[30].verdict == Verdict.DUE
    assert "Chuyển từ đợt 19/05/2025" in free[30].explanation


def test_a_discipline_that_ended_before_the_milestone_does_not_block(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    discipline(m, form="reprimand", decided=D(2023, 1, 10))
    assert verdicts(cell.path, AWARD)[(m.pk, 30)] == Verdict.DUE


def test_members_outside_the_unit_are_not_listed(world, cell):
    other = admitted(world.cell_b1, D(1995, 5, 1))
    assert (other.pk, 30) not in verdicts(cell.path, AWARD)
    assert verdicts(world.bloc.path, AWARD)[(other.pk, 30)] == Verdict.DUE


def test_one_member_alone_gives_the_same_rows(world, cell):
    m = admitted(cell, D(1995, 5, 1))
    alone = rows_of(cell.path, AWARD, member_ids=[m.pk])
    assert [(r.years, r.verdict) for r in alone] == [(30, Verdict.DUE)]
    assert isinstance(alone[0].reached, dt.date)
