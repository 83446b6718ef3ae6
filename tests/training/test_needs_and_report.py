"""Who still needs which course, at the boundaries of the rules (lookback, due date, the refresher's validity),
and the coverage report as of a day with its Excel (a unit's name looking like a formula stays text)."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from dangbo.members.enums import TheoryLevel
from dangbo.organizations.enums import CommitteePosition
from dangbo.organizations.services import create_organization
from dangbo.structure.committees import add_seat, create_committee
from dangbo.training import courses, needs
from dangbo.training.enums import CourseKind
from dangbo.training.report import coverage_report
from dangbo.training.rules import rules_in_force

from ..conftest import login
from ..factories import make_member
from .helpers import make_course, pass_with_certificate

DAY = dt.date(2026, 3, 16)


def _newcomer(world, admitted: dt.date):
    return make_member(organization=world.cell_a1, admission_decision_date=admitted, ceremony_date=admitted,
                       full_membership_date=None, birth_date=dt.date(1999, 1, 1))  # fmt: skip


def test_new_members_are_listed_within_the_lookback_and_until_they_pass(world):
    rules = rules_in_force(DAY)
    inside, outside = _newcomer(world, dt.date(2024, 3, 17)), _newcomer(world, dt.date(2024, 3, 16))
    listed = set(needs.new_members_query(world.org_a.path, DAY, rules))
    assert inside in listed and outside not in listed
    rows = needs.new_member_rows([inside], DAY, rules)
    assert rows[0].overdue and "đã quá hạn từ ngày 17/03/2025" in rows[0].reason
    e = courses.enroll_member(actor=None, course=make_course(world.org_a, starts_on=dt.date(2024, 6, 3),
                                                             ends_on=dt.date(2024, 6, 7)), member=inside)  # fmt: skip
    assert "Đang học" in needs.new_member_rows([inside], DAY, rules)[0].reason
    pass_with_certificate(e)
    assert inside not in set(needs.new_members_query(world.org_a.path, DAY, rules))


def _secretary(world, member, start=dt.date(2025, 1, 6)):
    committee = create_committee(actor=None, organization=world.cell_a1, term_label="2025–2030", term_start=start)
    add_seat(actor=None, committee=committee, member=member, position=CommitteePosition.SECRETARY, start=start)


def test_a_secretary_is_listed_until_refreshed_and_again_once_the_certificate_lapses(world):
    _secretary(world, world.m1)
    assert [s.member for s in needs.secretaries_query(world.org_a.path, DAY)] == [world.m1]
    course = make_course(world.org_a, kind=CourseKind.SECRETARY_REFRESHER)
    cert = pass_with_certificate(courses.enroll_member(actor=None, course=course, member=world.m1),
                                 issued_on=dt.date(2025, 9, 15))  # fmt: skip
    assert cert.valid_until == dt.date(2030, 9, 14)
    assert not needs.secretaries_query(world.org_a.path, dt.date(2030, 9, 14)).exists()
    seats = list(needs.secretaries_query(world.org_a.path, dt.date(2030, 9, 15)))
    row = needs.secretary_rows(seats, dt.date(2030, 9, 15), rules_in_force(dt.date(2030, 9, 15)))[0]
    assert "đã hết giá trị sau ngày 14/09/2030" in row.reason


def test_members_below_the_theory_minimum_are_listed(world):
    rules = rules_in_force(DAY)
    assert set(needs.theory_query(world.org_a.path, rules)) == {world.m1, world.m2}
    assert "cần đạt từ sơ cấp trở lên" in needs.theory_rows([world.m1], rules)[0].reason


def test_coverage_as_of_a_day(world):
    newcomer = _newcomer(world, dt.date(2024, 6, 10))  # due 10/06/2025
    course = make_course(world.org_a, starts_on=dt.date(2025, 5, 5), ends_on=dt.date(2025, 5, 9))
    pass_with_certificate(courses.enroll_member(actor=None, course=course, member=newcomer))
    _secretary(world, world.m1)
    rules = rules_in_force(dt.date(2025, 12, 31))
    report = coverage_report(world.org_a, day=dt.date(2025, 12, 31), rules=rules)
    a1 = next(r.coverage for r in report.rows if r.organization == world.cell_a1)
    assert (a1.on_rolls, a1.new_due, a1.new_on_time, a1.secretaries, a1.secretaries_refreshed) == (3, 1, 1, 1, 0)
    assert a1.levels[TheoryLevel.NONE] == 3
    assert (report.total.courses, report.total.enrolled, report.total.passed) == (1, 1, 1)
    before = coverage_report(world.org_a, day=dt.date(2025, 6, 9), rules=rules)
    assert (before.total.new_due, before.total.secretaries) == (0, 1)


def test_report_excel_keeps_a_formula_like_unit_name_as_text(world):
    formula = '=HYPERLINK("http://example.com","bấm")'
    create_organization(actor=None, code="F1", name=formula, kind="cell", parent=world.org_a,
                        founded_on=dt.date(2010, 1, 1))  # fmt: skip
    response = login(world.officer).get(reverse("training:report_export"), {"to_chuc": world.org_a.pk,
                                                                              "ngay": "31/12/2025"})  # fmt: skip
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [row[0] for row in sheet.iter_rows(min_row=3) if str(row[0].value).startswith(formula)]
    assert cells and cells[0].data_type == "s"
