"""The pure checks at their boundaries: length (89/90, 119/120 combined), documents' lead time, quorum in exact
integers (exactly 2/3; exempt present and absent; temporarily transferred left out), attendance rate, excused runs."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.meetings.rules import (
    attendance_rate_verdict,
    count_quorum,
    documents_verdict,
    excused_streak_verdict,
    length_verdict,
    minutes_between,
    quorum_verdict,
    rules_on,
    trailing_excused,
)

FULL, EXEMPT, TEMP, PROB = "full", "exempt", "temp_transferred_out", "probationary"


@pytest.fixture
def rules(db):
    return rules_on(dt.date(2026, 3, 10))


@pytest.mark.parametrize(
    ("kind", "minutes", "ok"),
    [("regular", 89, False), ("regular", 90, True), ("thematic", 89, False), ("thematic", 90, True),
     ("online", 90, True), ("combined", 119, False), ("combined", 120, True), ("extraordinary", 10, True),
     ("cell_committee", 5, True)],
)  # fmt: skip
def test_length_boundaries(rules, kind, minutes, ok):
    verdict = length_verdict(rules, kind=kind, minutes=minutes)
    assert verdict.ok is ok
    assert verdict.message.endswith("(Hướng dẫn 42-HD/BTCTW (2025))")


def test_length_sentence_names_the_minimum(rules):
    short = length_verdict(rules, kind="combined", minutes=119)
    assert short.message.startswith("Buổi sinh hoạt chỉ kéo dài 119 phút, chưa đủ thời lượng tối thiểu 120 phút")
    assert length_verdict(rules, kind="regular", minutes=None).ok is None


def test_minutes_are_whole_minutes():
    start = dt.datetime(2026, 3, 10, 8, 0, tzinfo=dt.UTC)
    assert minutes_between(start, start + dt.timedelta(minutes=89, seconds=59)) == 89


def test_no_minimum_before_2025(db):
    old = rules_on(dt.date(2024, 6, 1))
    assert length_verdict(old, kind="regular", minutes=30).ok is True


def test_documents_lead_time(rules):
    day = dt.date(2026, 3, 10)
    ok = documents_verdict(rules, day=day, published_on=dt.date(2026, 3, 9), today=day)
    late = documents_verdict(rules, day=day, published_on=day, today=day)
    missing = documents_verdict(rules, day=day, published_on=None, today=day)
    ahead = documents_verdict(rules, day=day, published_on=None, today=dt.date(2026, 3, 9))
    assert (ok.ok, late.ok, missing.ok, ahead.ok) == (True, False, False, None)
    assert "muộn hơn hạn 09/03/2026" in late.message
    assert "chậm nhất ngày 09/03/2026" in ahead.message


def test_documents_without_lead_time_before_2025(db):
    old = rules_on(dt.date(2024, 6, 1))
    assert documents_verdict(old, day=dt.date(2024, 6, 1), published_on=None, today=dt.date(2024, 7, 1)).ok


def test_quorum_exactly_two_thirds(rules):
    assert quorum_verdict(rules, count_quorum(rules, [(FULL, True)] * 2 + [(FULL, False)])).ok is True
    twenty = [(FULL, True)] * 20 + [(FULL, False)] * 10
    assert quorum_verdict(rules, count_quorum(rules, twenty)).ok is True
    nineteen = [(FULL, True)] * 19 + [(FULL, False)] * 11
    verdict = quorum_verdict(rules, count_quorum(rules, nineteen))
    assert verdict.ok is False
    assert verdict.message.startswith("Có mặt 19/30 (30 đảng viên chính thức được tính): chưa đạt tối thiểu 2/3")


def test_quorum_probationary_not_counted(rules):
    count = count_quorum(rules, [(FULL, True), (FULL, True), (FULL, False), (PROB, True), (PROB, True)])
    assert (count.base, count.present) == (3, 2)


def test_quorum_exempt_absent_left_out_exempt_present_counted(rules):
    # 2 of 3 full present fails without the exempt; an exempt member absent leaves the base at 3.
    absent = count_quorum(rules, [(FULL, True), (FULL, False), (FULL, False), (EXEMPT, False)])
    assert (absent.base, absent.present, absent.exempt_absent) == (3, 1, 1)
    assert quorum_verdict(rules, absent).ok is False
    assert "1 đồng chí được miễn công tác và sinh hoạt đảng vắng mặt" in quorum_verdict(rules, absent).message
    came = count_quorum(rules, [(FULL, True), (FULL, False), (FULL, False), (EXEMPT, True), (EXEMPT, True)])
    assert (came.base, came.present, came.exempt_present) == (5, 3, 2)
    assert quorum_verdict(rules, came).ok is False  # 3/5 < 2/3
    came_more = count_quorum(rules, [(FULL, True), (FULL, True), (FULL, False), (EXEMPT, True)])
    assert quorum_verdict(rules, came_more).ok is True  # 3/4


def test_quorum_temporarily_transferred_excluded(rules):
    count = count_quorum(rules, [(FULL, True), (FULL, True), (FULL, False), (TEMP, False), (TEMP, False)])
    assert (count.base, count.present, count.excluded) == (3, 2, 2)
    verdict = quorum_verdict(rules, count)
    assert verdict.ok is True
    assert "không tính 2 đồng chí chuyển sinh hoạt tạm thời" in verdict.message
    assert "giả định" in verdict.message


def test_quorum_without_full_members_is_not_decided(rules):
    assert quorum_verdict(rules, count_quorum(rules, [(PROB, True)])).ok is None


def test_attendance_rate_at_85_percent(rules):
    assert attendance_rate_verdict(rules, present=17, expected=20).ok is True
    below = attendance_rate_verdict(rules, present=84, expected=99)  # 84.8%
    assert below.ok is False
    assert "84/99 (84%), dưới mức 85%" in below.message
    assert attendance_rate_verdict(rules, present=0, expected=0).ok is None


def test_excused_runs(rules):
    E, P, U = "excused", "present", "unexcused"
    assert trailing_excused([(E, "sick"), (E, "work"), (E, "sick"), (E, "family")]) == 4
    assert trailing_excused([(E, "sick"), (P, ""), (E, "sick")]) == 1
    assert trailing_excused([(E, "sick"), (E, "special_duty"), (E, "work"), (E, "sick")]) == 3
    assert trailing_excused([(E, "sick"), (U, "")]) == 0
    assert excused_streak_verdict(rules, name="A", run=3).ok is True
    warning = excused_streak_verdict(rules, name="Nguyễn Văn A", run=4)
    assert warning.ok is False
    assert "Nguyễn Văn A vắng có lý do 4 lần liên tiếp trong năm, quá 3 lần" in warning.message
    assert "Hướng dẫn 12" in warning.message
