"""The reader every rule set's parameters go through: groups with their own source, typed values, unknown groups
and keys refused, every problem listed in one pass."""

from __future__ import annotations

import pytest

from dangbo.core.rule_params import GroupReader, ParamsError, Source

GROUPS = {"vote": {"numerator", "denominator"}, "length": {"min_minutes", "kinds"}}


def test_a_source_says_when_the_rule_is_only_likely_or_assumed() -> None:
    assert Source("HD 12").cite("Đủ 2/3") == "Đủ 2/3 (HD 12)"
    assert Source("HD 12", "likely").cite("Đủ 2/3") == "Đủ 2/3 (HD 12; chưa thật chắc chắn)"
    assert Source("HD 12", "likely", "bản cũ").cite("Đủ 2/3") == "Đủ 2/3 (HD 12; chưa thật chắc chắn: bản cũ)"
    assert Source("HD 12", "assumed", "theo thông lệ").cite("Đủ 2/3") == "Đủ 2/3 (HD 12; giả định: theo thông lệ)"
    assert "chưa tìm thấy văn bản quy định" in Source("HD 12", "assumed").cite("Đủ 2/3")


def test_a_group_without_a_source_takes_the_rule_sets_citation_and_is_sure() -> None:
    r = GroupReader("QĐ 24", GROUPS)
    vote = r.group({"vote": {"numerator": 2, "denominator": 3}}, "vote")
    assert r.source(vote, "vote") == Source("QĐ 24", "sure", "")
    assert r.source({"source": " HD 12 ", "confidence": "assumed", "note": " x "}, "vote") == Source(
        "HD 12", "assumed", "x"
    )
    assert r.source({}, "vote", default="Khác") == Source("Khác")
    r.raise_errors()


def test_every_problem_is_listed_once_in_vietnamese() -> None:
    r = GroupReader("QĐ 24", GROUPS)
    raw = {"vote": {"numerator": True, "denominator": 3, "typo": 1, "confidence": "maybe"}, "extra": {}}
    r.refuse_unknown_groups(raw)
    vote = r.group(raw, "vote")
    assert r.whole(vote, "vote", "numerator", low=1, high=100) == 1
    assert r.whole(vote, "vote", "denominator", low=1, high=100) == 3
    assert r.source(vote, "vote").confidence == "assumed"
    length = r.group(raw, "length")
    assert r.optional_whole(length, "length", "min_minutes", low=1, high=600) is None
    assert r.choices(length, "length", "kinds", ["a", "b"], empty_ok=False) == ()
    with pytest.raises(ParamsError) as caught:
        r.raise_errors()
    assert caught.value.errors == [
        "Nhóm tham số “extra” không được hỗ trợ.",
        "Tham số “vote.typo” không được hỗ trợ.",
        "Tham số “vote.numerator” phải là số nguyên từ 1 đến 100.",
        "Tham số “vote.confidence” phải là một trong: sure, likely, assumed.",
        "Thiếu nhóm tham số “length” (phải là một đối tượng JSON).",
        "Thiếu tham số “length.min_minutes” (một số nguyên, hoặc null nếu không quy định).",
        "Tham số “length.kinds” phải là danh sách không rỗng, không lặp, gồm các giá trị: a, b.",
    ]
    assert str(caught.value) == "; ".join(caught.value.errors)


def test_null_means_no_minimum_and_an_empty_list_may_be_allowed() -> None:
    r = GroupReader("QĐ 24", GROUPS)
    length = {"min_minutes": None, "kinds": []}
    assert r.optional_whole(length, "length", "min_minutes", low=1, high=600) is None
    assert r.choices(length, "length", "kinds", ["a", "b"], empty_ok=True) == ()
    assert r.choices({"kinds": ["a", "a"]}, "length", "kinds", ["a", "b"], empty_ok=True) == ()
    assert r.errors == ["Tham số “length.kinds” phải là danh sách không lặp, gồm các giá trị: a, b."]
    assert r.boolean({"x": 1}, "vote", "x") is False
    assert r.errors[-1] == "Tham số “vote.x” phải là true hoặc false."
