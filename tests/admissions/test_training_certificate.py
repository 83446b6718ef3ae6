"""The course step reads the awareness certificate from the training records (`training.selectors
.awareness_certificate`): found by citizen id or by name and birth date, it is used (typed values must agree, or
stay empty) and the step says where the certificate came from; none found, the number and date are typed by hand,
and the step says so. The page prefills the form and says which. The validity training gives the certificate is
the one the admission check applies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.admissions.enums import Stage, Step
from dangbo.admissions.models import AdmissionRuleSet, Transition
from dangbo.admissions.params import parse_params as parse_admission
from dangbo.admissions.rules import check_certificate
from dangbo.core.errors import DomainError
from dangbo.training import courses
from dangbo.training.enums import CourseKind
from dangbo.training.models import TrainingRuleSet
from dangbo.training.rules import rules_of

from ..conftest import login
from ..training.helpers import pass_with_certificate
from .pipeline import TODAY, database_state, propose_one, take

ISSUED = dt.date(2024, 10, 18)


def _awareness(world, *, citizen_id="034098000123", name="Lê Thị Mai", birth_date=dt.date(1998, 5, 10),
               issued_on=ISSUED, number="GCN-NT-07"):  # fmt: skip
    ends_on = issued_on - dt.timedelta(days=7)
    course = courses.create_course(
        actor=None, kind=CourseKind.AWARENESS, title=f"Lớp bồi dưỡng nhận thức về Đảng khóa 3/{ends_on.year}",
        organizer=world.org_a, starts_on=ends_on - dt.timedelta(days=4), ends_on=ends_on, today=TODAY,
    )  # fmt: skip
    e = courses.enroll_person(actor=None, course=course, full_name=name, birth_date=birth_date,
                              citizen_id=citizen_id, organization=world.cell_a1, today=TODAY)  # fmt: skip
    return pass_with_certificate(e, number=number, issued_on=issued_on)


def _course_transition(candidate) -> Transition:
    return Transition.objects.get(candidate=candidate, step=Step.COURSE)


def test_course_step_uses_the_certificate_found_by_citizen_id(world):
    cert = _awareness(world)
    candidate = take(propose_one(world), Step.COURSE, world.officer)
    assert (candidate.stage, candidate.certificate_number, candidate.course_passed_on) == (
        Stage.COURSE_PASSED, "GCN-NT-07", ISSUED,
    )  # fmt: skip
    data = _course_transition(candidate).data
    assert data["training_certificate"] == cert.pk
    assert data["certificate_from"] == (
        "Lấy từ hồ sơ đào tạo: giấy chứng nhận số GCN-NT-07 cấp ngày 18/10/2024, còn giá trị đến hết ngày "
        "17/10/2029 (lớp “Lớp bồi dưỡng nhận thức về Đảng khóa 3/2024”, Đảng bộ Sở Tài chính)."
    )


def test_course_step_finds_the_certificate_by_name_and_birth_date(world):
    _awareness(world, citizen_id=None, name="LÊ THỊ  MAI")
    candidate = take(propose_one(world), Step.COURSE, world.officer, certificate_number="GCN-NT-07")
    assert candidate.course_passed_on == ISSUED


def test_a_namesake_with_another_citizen_id_is_not_taken(world):
    _awareness(world, citizen_id="034098000999")
    with pytest.raises(DomainError) as exc:
        take(propose_one(world), Step.COURSE, world.officer)
    assert exc.value.message == "Chưa nhập số giấy chứng nhận."


def test_typed_values_that_disagree_with_the_training_record_are_refused_and_nothing_written(world):
    _awareness(world)
    candidate = propose_one(world)
    before = database_state()
    with pytest.raises(DomainError) as exc:
        take(candidate, Step.COURSE, world.officer, certificate_number="GCN-KHAC", course_passed_on=ISSUED)
    assert exc.value.message == (
        "Hồ sơ đào tạo ghi giấy chứng nhận số GCN-NT-07 cấp ngày 18/10/2024; số hoặc ngày vừa nhập khác. Hãy để "
        "trống để dùng giấy chứng nhận trong hồ sơ đào tạo, hoặc sửa hồ sơ đào tạo."
    )
    assert database_state() == before


def test_without_a_training_record_the_certificate_is_typed_by_hand_and_the_step_says_so(world):
    candidate = take(propose_one(world), Step.COURSE, world.officer, certificate_number="GCN-123",
                     course_passed_on=dt.date(2024, 10, 15))  # fmt: skip
    assert candidate.certificate_number == "GCN-123"
    assert _course_transition(candidate).data["certificate_from"].startswith("Nhập tay: không tìm thấy giấy")


def test_an_expired_training_certificate_is_not_used(world):
    _awareness(world, issued_on=dt.date(2021, 10, 11))  # valid to 10/10/2026, before TODAY (27/11/2026)
    with pytest.raises(DomainError) as exc:
        take(propose_one(world), Step.COURSE, world.officer)
    assert exc.value.message == "Chưa nhập số giấy chứng nhận."


def test_the_page_prefills_the_course_step_and_says_where_from(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    _awareness(world)
    candidate = propose_one(world)
    html = login(world.officer).get(reverse("admissions:detail", args=[candidate.pk])).content.decode()
    assert 'value="GCN-NT-07"' in html and 'value="18/10/2024"' in html
    assert "Tìm thấy trong hồ sơ đào tạo: giấy chứng nhận số GCN-NT-07 cấp ngày 18/10/2024" in html


def test_the_page_says_when_nothing_is_found(world, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: TODAY)
    candidate = propose_one(world)
    html = login(world.officer).get(reverse("admissions:detail", args=[candidate.pk])).content.decode()
    assert "Không tìm thấy giấy chứng nhận còn giá trị trong hồ sơ đào tạo" in html


@pytest.mark.parametrize("code", ["KN-2021", "KN-2025"])
def test_training_gives_the_awareness_certificate_the_validity_admissions_checks(db, code):
    admission_set = AdmissionRuleSet.objects.get(code=code)
    admission = parse_admission(admission_set.params, citation=admission_set.citation)
    training = rules_of(TrainingRuleSet.objects.in_force_on(admission_set.effective_from).get())
    validity = training.validity(CourseKind.AWARENESS)
    assert validity.valid_months == admission.certificate_valid_months
    assert validity.source == admission.certificate_source
    until = validity.valid_until(ISSUED)
    assert until is not None
    assert check_certificate(admission, course_passed_on=ISSUED, on=until)[0].ok
    assert not check_certificate(admission, course_passed_on=ISSUED, on=until + dt.timedelta(days=1))[0].ok


def test_the_rule_sets_cover_the_same_days(db):
    spans = lambda model: list(model.objects.order_by("effective_from").values_list("effective_from", "effective_to"))  # noqa: E731
    assert spans(TrainingRuleSet) == spans(AdmissionRuleSet)
