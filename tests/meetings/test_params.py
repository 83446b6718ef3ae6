"""The meeting rule set's parameters: the shipped sets parse; every problem is listed in Vietnamese at once."""

from __future__ import annotations

import copy
import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from dangbo.meetings.models import MeetingRuleSet
from dangbo.meetings.params import ParamsError, parse_params
from dangbo.meetings.rules import rules_of, rules_on


def shipped(code: str = "SH-2025") -> dict:
    return copy.deepcopy(MeetingRuleSet.objects.get(code=code).params)


def errors_of(raw) -> list[str]:
    with pytest.raises(ParamsError) as caught:
        parse_params(raw, citation="HD")
    return caught.value.errors


def test_shipped_rule_sets_parse_with_their_sources(db):
    new = rules_on(dt.date(2026, 3, 10))
    assert new.code == "SH-2025"
    assert (new.min_minutes, new.combined_min_minutes, new.lead_days) == (90, 120, 1)
    assert new.monthly_kinds == ("regular", "combined", "online")
    assert new.thematic_kinds == ("thematic", "combined")
    assert (new.quorum_numerator, new.quorum_denominator) == (2, 3)
    assert new.quorum_excluded_statuses == ("temp_transferred_out",)
    assert new.quorum_source.confidence == "assumed"
    assert "giả định" in new.quorum_source.cite("x")
    assert new.attendance_source.citation.startswith("Hướng dẫn 12")
    assert new.length_source.citation == "Hướng dẫn 42-HD/BTCTW (2025)"  # the rule set's own citation
    old = rules_on(dt.date(2024, 6, 1))
    assert old.code == "SH-2018"
    assert (old.min_minutes, old.combined_min_minutes, old.lead_days) == (None, None, 0)
    assert old.min_minutes_for("combined") is None


def test_rule_set_boundary_days(db):
    assert rules_on(dt.date(2025, 10, 27)).code == "SH-2018"
    assert rules_on(dt.date(2025, 10, 28)).code == "SH-2025"


def test_not_an_object_is_refused():
    assert errors_of([1, 2]) == ["Tham số của bộ quy tắc sinh hoạt đảng phải là một đối tượng JSON."]


def test_unknown_keys_and_groups_are_refused(db):
    raw = shipped()
    raw["quorum"]["numerater"] = 2
    raw["extra"] = {}
    errors = errors_of(raw)
    assert "Nhóm tham số “extra” không được hỗ trợ." in errors
    assert "Tham số “quorum.numerater” không được hỗ trợ." in errors


def test_every_problem_listed_at_once(db):
    raw = shipped()
    del raw["documents"]
    raw["frequency"]["monthly_kinds"] = ["weekly"]
    raw["frequency"]["thematic_kinds"] = []
    raw["length"]["min_minutes"] = "90"
    del raw["length"]["combined_min_minutes"]
    raw["quorum"]["excluded_statuses"] = ["on_leave"]
    raw["quorum"]["confidence"] = "maybe"
    raw["attendance"]["good_pct"] = 120
    raw["attendance"]["note"] = 5
    errors = errors_of(raw)
    assert len(errors) == 10, errors  # the missing group also misses its key
    assert "Thiếu nhóm tham số “documents” (phải là một đối tượng JSON)." in errors
    assert any(e.startswith("Tham số “frequency.monthly_kinds” phải là danh sách không rỗng") for e in errors)
    assert any(e.startswith("Tham số “frequency.thematic_kinds”") for e in errors)
    assert "Tham số “length.min_minutes” phải là số nguyên từ 1 đến 600." in errors
    assert any(e.startswith("Thiếu tham số “length.combined_min_minutes”") for e in errors)
    assert any(e.startswith("Tham số “quorum.excluded_statuses”") for e in errors)
    assert "Tham số “quorum.confidence” phải là một trong: sure, likely, assumed." in errors
    assert "Tham số “attendance.good_pct” phải là số nguyên từ 0 đến 100." in errors
    assert "Tham số “attendance.note” phải là một đoạn chữ." in errors


def test_fraction_above_one_and_combined_shorter_than_regular(db):
    raw = shipped()
    raw["quorum"]["numerator"], raw["quorum"]["denominator"] = 4, 3
    raw["length"]["combined_min_minutes"] = 60
    errors = errors_of(raw)
    assert any("quorum.numerator/quorum.denominator" in e for e in errors)
    assert any("length.combined_min_minutes" in e and "không được ngắn hơn" in e for e in errors)


def test_booleans_are_not_numbers_and_null_means_no_minimum(db):
    raw = shipped()
    raw["documents"]["lead_days"] = True
    assert errors_of(raw) == ["Tham số “documents.lead_days” phải là số nguyên từ 0 đến 60."]
    raw = shipped()
    raw["length"] = {"min_minutes": None, "combined_min_minutes": None}
    assert parse_params(raw, citation="HD").min_minutes_for("regular") is None


def test_admin_clean_shows_the_errors(db):
    rule_set = MeetingRuleSet.objects.get(code="SH-2025")
    rule_set.params = {**rule_set.params, "length": {"min_minutes": 0}}
    with pytest.raises(ValidationError) as caught:
        rule_set.clean()
    assert "params" in caught.value.message_dict
    assert rules_of(MeetingRuleSet.objects.get(code="SH-2025")).code == "SH-2025"
