"""The admission rules at their boundaries, as pure functions over the shipped parameters (no database), and the
choice of the rule set in force on a day."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from dangbo.admissions.enums import ConsentKind, ExitReason
from dangbo.admissions.params import ParamsError, parse_params
from dangbo.admissions.rules import (
    AdmissionRules,
    SponsorFacts,
    check_admission_vote,
    check_age,
    check_certificate,
    check_education,
    check_readmission_allowed,
    check_readmission_timing,
    check_sponsors,
    rules_on,
    vote_outcome,
)
from dangbo.core.errors import DomainError

shipped = importlib.import_module("dangbo.admissions.migrations.0003_shipped_admission_rule_sets")
RULES_2021, RULES_2025 = (
    parse_params(row["params"], citation=row["citation"], code=row["code"]) for row in shipped.SHIPPED
)
D = dt.date
BORN_1990 = dt.date(1990, 1, 1)


def broken(findings: list) -> list[str]:
    return [f.rule for f in findings if not f.ok]


# Age, in full months on the day the cell considers the person.
def test_17_years_11_months_is_refused_18_years_is_admitted() -> None:
    born = D(2007, 4, 3)
    young = check_age(RULES_2025, birth_date=born, on=D(2025, 4, 2), consents=set())
    assert broken(young) == ["age"]
    assert "17 tuổi 11 tháng" in young[0].message and "Quy định 294-QĐ/TW" in young[0].message
    assert broken(check_age(RULES_2025, birth_date=born, on=D(2025, 4, 3), consents=set())) == []


def test_60_years_is_admitted_60_years_1_month_only_with_the_provincial_consent() -> None:
    born = D(1965, 2, 2)
    assert broken(check_age(RULES_2025, birth_date=born, on=D(2025, 3, 1), consents=set())) == []  # 60y0m
    old = check_age(RULES_2025, birth_date=born, on=D(2025, 3, 2), consents=set())  # 60y1m
    assert broken(old) == ["age"]
    assert "60 tuổi 1 tháng" in old[0].message and "Ban Thường vụ Tỉnh ủy" in old[0].message
    assert broken(check_age(RULES_2025, birth_date=born, on=D(2025, 3, 2), consents={ConsentKind.OVER_AGE})) == []
    # Another kind of consent does not stand for it.
    assert broken(check_age(RULES_2025, birth_date=born, on=D(2025, 3, 2), consents={ConsentKind.EDUCATION})) == ["age"]


def test_education_lower_secondary_or_primary_in_a_hard_area_with_consent() -> None:
    def check(education: str, hard_area: bool = False, consents: frozenset = frozenset()) -> list[str]:
        return broken(check_education(RULES_2025, education=education, hard_area=hard_area, consents=set(consents)))

    assert check("lower_secondary") == []
    assert check("university") == []
    assert check("primary") == ["education"]
    assert check("primary", hard_area=True) == ["education"]
    assert check("primary", hard_area=True, consents=frozenset({ConsentKind.EDUCATION})) == []
    assert check("primary", consents=frozenset({ConsentKind.EDUCATION})) == ["education"]  # not a hard area
    assert check("") == ["education"]


def test_certificate_expired_by_one_day_and_the_assumption_is_said() -> None:
    issued = D(2020, 3, 1)
    last_valid = check_certificate(RULES_2025, course_passed_on=issued, on=D(2025, 2, 28))
    assert broken(last_valid) == []
    expired = check_certificate(RULES_2025, course_passed_on=issued, on=D(2025, 3, 1))
    assert broken(expired) == ["certificate"]
    assert "01/03/2025" in expired[0].message and "giả định" in expired[0].message
    assert broken(check_certificate(RULES_2025, course_passed_on=None, on=D(2025, 3, 1))) == ["certificate"]


def sponsor(**overrides: object) -> SponsorFacts:
    values: dict = {
        "name": "Nguyễn Văn Hùng", "status": "full", "same_grassroots": True, "acquaintance": "work",
        "known_since": D(2024, 3, 1),
    }  # fmt: skip
    values.update(overrides)
    return SponsorFacts(**values)


def sponsors_check(sponsors: list[SponsorFacts], *, youth: bool = False, born: dt.date = BORN_1990) -> list[str]:
    return broken(
        check_sponsors(RULES_2025, sponsors=sponsors, on=D(2025, 3, 1), birth_date=born, youth_union_resolution=youth)
    )


def test_sponsor_known_11_months_is_refused_12_months_is_enough() -> None:
    assert sponsors_check([sponsor(), sponsor(name="B")]) == []
    assert sponsors_check([sponsor(), sponsor(name="B", known_since=D(2024, 3, 2))]) == ["sponsor_known"]


def test_a_probationary_sponsor_or_one_outside_the_grassroots_organization_is_refused() -> None:
    assert sponsors_check([sponsor(), sponsor(name="B", status="probationary")]) == ["sponsor_full"]
    assert sponsors_check([sponsor(), sponsor(name="B", same_grassroots=False)]) == ["sponsor_org"]
    assert sponsors_check([sponsor(), sponsor(name="B", status="")]) == ["sponsor_full"]


def test_residence_qualifies_when_the_rules_allow_it() -> None:
    assert sponsors_check([sponsor(), sponsor(name="B", acquaintance="residence")]) == []
    no_residence = AdmissionRules(**{**RULES_2025.__dict__, "residence_allowed": False})
    findings = check_sponsors(
        no_residence, sponsors=[sponsor(), sponsor(name="B", acquaintance="residence")], on=D(2025, 3, 1),
        birth_date=D(1990, 1, 1), youth_union_resolution=False,
    )  # fmt: skip
    assert broken(findings) == ["sponsor_residence"]


def test_youth_union_resolution_stands_for_one_sponsor_up_to_30() -> None:
    assert sponsors_check([sponsor()]) == ["sponsor_count"]
    assert sponsors_check([sponsor()], youth=True, born=D(1994, 3, 2)) == []  # 30 on 1/3/2025
    assert sponsors_check([sponsor()], youth=True, born=D(1994, 3, 1)) == ["sponsor_count"]  # 31 that day
    assert sponsors_check([sponsor(), sponsor(name="B")], youth=True, born=D(1994, 3, 1)) == []


def test_two_thirds_exactly_passes_one_vote_less_does_not() -> None:
    assert broken(check_admission_vote(RULES_2025, voters=9, votes_for=6, votes_against=3)) == []
    assert broken(check_admission_vote(RULES_2025, voters=9, votes_for=5, votes_against=0)) == ["vote"]
    assert broken(check_admission_vote(RULES_2025, voters=3, votes_for=2, votes_against=1)) == []
    assert broken(check_admission_vote(RULES_2025, voters=4, votes_for=2, votes_against=0)) == ["vote"]  # 2 < 8/3


def test_votes_beyond_the_cell_full_members_are_refused() -> None:
    findings = check_admission_vote(RULES_2025, voters=5, votes_for=5, votes_against=1)
    assert broken(findings) == ["vote_counts"]
    assert "đảng viên dự bị không biểu quyết" in findings[0].message
    assert broken(check_admission_vote(RULES_2025, voters=0, votes_for=0, votes_against=0)) == ["vote_counts"]


def test_recognition_outcome_either_way_or_inconclusive() -> None:
    assert vote_outcome(RULES_2025, voters=6, votes_for=4, votes_against=2) == "passed"
    assert vote_outcome(RULES_2025, voters=6, votes_for=2, votes_against=4) == "rejected"
    assert vote_outcome(RULES_2025, voters=6, votes_for=3, votes_against=3) == "inconclusive"


def test_readmission_35_months_is_refused_36_months_is_allowed() -> None:
    def timing(on: dt.date, **kw: object) -> list[str]:
        args: dict = {
            "left_party_on": D(2021, 6, 15), "exit_reason": ExitReason.OTHER, "record_cleared_on": None,
            "consents": {ConsentKind.READMISSION},
        }  # fmt: skip
        args.update(kw)
        return broken(check_readmission_timing(RULES_2025, on=on, **args))

    assert timing(D(2024, 6, 14)) == ["readmission_wait"]  # 35 months
    assert timing(D(2024, 6, 15)) == []  # 36 months
    assert timing(D(2024, 6, 15), consents=set()) == ["readmission_consent"]
    crime = {"exit_reason": ExitReason.LESS_SERIOUS_CRIME}
    assert timing(D(2024, 6, 15), record_cleared_on=D(2019, 6, 16), **crime) == ["readmission_record"]
    assert timing(D(2024, 6, 15), record_cleared_on=D(2019, 6, 15), **crime) == []


@pytest.mark.parametrize(
    "reason",
    [
        ExitReason.QUIT_ACTIVITIES, ExitReason.ASKED_TO_LEAVE, ExitReason.SERIOUS_DISUNITY,
        ExitReason.CORRUPTION_CONVICTION, ExitReason.SERIOUS_CRIME,
    ],
)  # fmt: skip
def test_five_exit_reasons_bar_readmission_for_good(reason: str) -> None:
    findings = check_readmission_allowed(RULES_2025, exit_reason=reason, earlier_readmissions=0)
    assert broken(findings) == ["readmission_barred"]
    assert str(ExitReason(reason).label) in findings[0].message


def test_family_hardship_is_not_barred_but_a_second_readmission_is() -> None:
    assert broken(check_readmission_allowed(RULES_2025, exit_reason="family_hardship", earlier_readmissions=0)) == []
    assert broken(check_readmission_allowed(RULES_2025, exit_reason="other", earlier_readmissions=1)) == [
        "readmission_once"
    ]


def test_bad_parameters_are_refused_with_vietnamese_messages() -> None:
    raw = {**shipped.SHIPPED[1]["params"]}
    raw["age"] = {"min_months": "18", "max_months": 720}
    raw["vote"] = {"numerator": 3, "denominator": 2}
    raw["readmission"] = {**raw["readmission"], "barred_reasons": ["nonsense"]}
    raw["dossier"] = {"nowhere": []}
    raw["extra"] = {}
    with pytest.raises(ParamsError) as info:
        parse_params(raw, citation="Quy định thử")
    text = " | ".join(info.value.errors)
    for fragment in ("age.min_months", "vote.numerator/vote.denominator", "barred_reasons", "nowhere", "extra"):
        assert fragment in text
    with pytest.raises(ParamsError):
        parse_params([], citation="x")


def test_shipped_parameters_are_valid_and_carry_the_plan_numbers() -> None:
    for rules in (RULES_2021, RULES_2025):
        assert (rules.min_age_months, rules.max_age_months) == (216, 720)
        assert (rules.vote_numerator, rules.vote_denominator) == (2, 3)
        assert (rules.ceremony_working_days, rules.recognition_working_days, rules.probation_months) == (30, 30, 12)
        assert rules.max_inconclusive_votes == 3 and rules.quota_percent == 3
        assert "cell_vote" in rules.dossier and "sponsor_letter" in rules.dossier["cell_vote"]
        assert len(rules.readmission_barred_reasons) == 5


@pytest.mark.django_db
def test_the_rule_set_in_force_on_a_day() -> None:
    assert rules_on(D(2025, 6, 30)).code == "KN-2021"
    assert rules_on(D(2025, 7, 1)).code == "KN-2025"
    assert rules_on(D(2021, 7, 30)).code == "KN-2021"
    with pytest.raises(DomainError) as info:
        rules_on(D(2021, 7, 29))
    assert "29/07/2021" in info.value.message
