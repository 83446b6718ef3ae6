"""The candidacy page `/ket-nap/<pk>/` and its steps: the personas, the stage line, the step forms the user may
use (deciding steps only with the right to decide), a step saved, a rule refusal shown in place with nothing
saved, a stale version, the history with its actor and a correction, the deadlines page and the home card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.admissions.enums import Stage
from dangbo.admissions.models import Candidate, Sponsor, Transition
from tests.conftest import login
from tests.factories import make_user

from .view_helpers import advanced, audit_count, count_queries, denied_count, proposed


def detail(candidate: Candidate) -> str:
    return reverse("admissions:detail", args=[candidate.pk])


def step_url(candidate: Candidate, step: str) -> str:
    return reverse("admissions:step", args=[candidate.pk, step])


@pytest.fixture
def candidate(world) -> Candidate:
    return proposed(world)


def test_detail_officer_sees_sheet_line_and_next_step_and_it_is_audited(world, candidate, as_officer):
    response = as_officer.get(detail(candidate))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lý Thu Hà" in body and "20/08/1999" in body
    line = response.context["line"]
    assert [m.state for m in line][:2] == ["current", "todo"] and len(line) == 10
    assert 'id="step-course"' in body and "Giấy chứng nhận học lớp bồi dưỡng" in body
    assert audit_count("admissions.candidate.viewed", candidate.pk) == 1


def test_detail_outsider_gets_404_logged_and_member_403(world, candidate, as_outsider, as_member):
    assert as_outsider.get(detail(candidate)).status_code == 404
    assert denied_count("candidate", candidate.pk) == 1
    assert as_member.get(detail(candidate)).status_code == 403
    assert as_outsider.post(step_url(candidate, "course"), {"course-version": 1}).status_code == 404
    assert denied_count("candidate", candidate.pk) == 2


def test_step_saved_moves_the_stage_and_shows_in_history(world, candidate, as_officer):
    response = as_officer.post(step_url(candidate, "course"), {
        "course-version": candidate.version, "course-certificate_number": "GCN-15/2024",
        "course-course_passed_on": "15/01/2024",
    })  # fmt: skip
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.stage == Stage.COURSE_PASSED
    body = as_officer.get(detail(candidate)).content.decode()
    history = body[body.index('id="history"') :]
    assert "15/01/2024" in history and "Ghi nhận hoàn thành lớp bồi dưỡng" in history and "canbo_a" in history


def test_step_with_bad_input_shows_errors_in_place_and_saves_nothing(world, candidate, as_officer):
    response = as_officer.post(step_url(candidate, "course"), {
        "course-version": candidate.version, "course-certificate_number": "", "course-course_passed_on": "45/13/2024",
    })  # fmt: skip
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.stage == Stage.PROPOSED and not Transition.objects.exists()


def test_sponsor_known_for_eleven_months_is_refused_with_the_rule_named(world, candidate, as_officer):
    candidate = advanced(world, candidate, 3)
    response = as_officer.post(step_url(candidate, "sponsors"), {
        "sponsors-version": candidate.version, "sponsors-on": "05/03/2024",
        "sponsors-sponsor1": world.m1.pk, "sponsors-acquaintance1": "work", "sponsors-known_since1": "05/04/2023",
        "sponsors-sponsor2": world.m2.pk, "sponsors-acquaintance2": "work", "sponsors-known_since2": "04/01/2021",
    })  # fmt: skip
    assert response.status_code == 400
    findings = response.context["findings"]
    assert findings and not all(f.ok for f in findings)
    body = response.content.decode()
    assert "12 tháng" in body and 'class="msg-error findings"' in body
    assert 'value="05/04/2023"' in body  # the form as typed
    candidate.refresh_from_db()
    assert candidate.stage == Stage.VERIFIED and not Sponsor.objects.exists()


def test_sponsor_outside_the_scope_is_404_logged_and_never_named(world, candidate, as_officer):
    candidate = advanced(world, candidate, 3)
    response = as_officer.post(step_url(candidate, "sponsors"), {
        "sponsors-version": candidate.version, "sponsors-on": "05/03/2024",
        "sponsors-sponsor1": world.m3.pk, "sponsors-acquaintance1": "work", "sponsors-known_since1": "04/01/2021",
    })  # fmt: skip
    assert response.status_code == 404
    assert "Bảo" not in response.content.decode()
    assert denied_count("member", world.m3.pk) == 1
    assert not Sponsor.objects.exists()
    picker = as_officer.get(detail(candidate)).context["step_forms"]
    offered = next(f for f in picker if f.step == "sponsors").fields["sponsor1"].widget.choices
    assert {pk for pk, _label in offered if pk} == {world.m1.pk, world.m2.pk}


def test_sponsor_in_scope_from_another_grassroots_gets_the_rule_refusal(world, candidate, as_bloc_officer):
    candidate = advanced(world, candidate, 3)
    response = as_bloc_officer.post(step_url(candidate, "sponsors"), {
        "sponsors-version": candidate.version, "sponsors-on": "05/03/2024",
        "sponsors-sponsor1": world.m1.pk, "sponsors-acquaintance1": "work", "sponsors-known_since1": "04/01/2021",
        "sponsors-sponsor2": world.m3.pk, "sponsors-acquaintance2": "work", "sponsors-known_since2": "04/01/2021",
    })  # fmt: skip
    assert response.status_code == 400
    assert "cùng đảng bộ" in response.content.decode()
    assert denied_count("member", world.m3.pk) == 0
    assert not Sponsor.objects.exists()


def test_two_people_saving_the_same_step_the_second_is_told_it_is_stale(world, candidate, as_officer):
    other = login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))
    data = {"course-version": candidate.version, "course-certificate_number": "GCN-1",
            "course-course_passed_on": "15/01/2024"}  # fmt: skip
    assert as_officer.post(step_url(candidate, "course"), data).status_code == 302
    response = other.post(step_url(candidate, "course"), {**data, "course-certificate_number": "GCN-2"})
    assert response.status_code in (400, 409)
    body = response.content.decode()
    assert "người khác" in body or "giai đoạn hiện tại" in body
    candidate.refresh_from_db()
    assert candidate.certificate_number == "GCN-1"
    assert Transition.objects.count() == 1


def test_deciding_steps_only_for_those_who_decide(world, candidate, as_officer, as_bloc_officer):
    candidate = advanced(world, candidate, 6)
    assert 'id="step-decision"' not in as_officer.get(detail(candidate)).content.decode()
    assert 'id="step-decision"' in as_bloc_officer.get(detail(candidate)).content.decode()
    data = {"decision-version": candidate.version, "decision-decided_on": "01/04/2024",
            "decision-decision_number": "1", "decision-decision_received_on": "03/04/2024"}  # fmt: skip
    assert as_officer.post(step_url(candidate, "decision"), data).status_code == 403
    candidate.refresh_from_db()
    assert candidate.stage == Stage.COMMITTEE_RESOLVED


def test_correction_marks_the_undone_step(world, candidate, as_officer):
    candidate = advanced(world, candidate, 2)
    response = as_officer.post(step_url(candidate, "correct"), {
        "correct-version": candidate.version, "correct-reason": "Nhập nhầm ngày nộp đơn",
    })  # fmt: skip
    assert response.status_code == 302
    body = as_officer.get(detail(candidate)).content.decode()
    assert "Đã được đính chính" in body and "Nhập nhầm ngày nộp đơn" in body


def test_admitted_member_is_linked_and_documents_offered(world, candidate, as_bloc_officer, as_officer):
    decided = advanced(world, candidate, 6)
    body = as_bloc_officer.get(detail(decided)).content.decode()
    assert reverse("admissions:decision_docx", args=[decided.pk]) not in body  # not decided yet
    candidate = advanced(world, decided, 8, start=6)
    assert candidate.member is not None
    body = as_bloc_officer.get(detail(candidate)).content.decode()
    assert reverse("members:detail", args=[candidate.member.pk]) in body
    assert "15/04/2024" in body
    assert reverse("admissions:decision_docx", args=[candidate.pk]) in body
    assert reverse("admissions:decision_pdf", args=[candidate.pk]) in body
    assert reverse("admissions:recognition_docx", args=[candidate.pk]) not in body  # still probationary
    assert as_officer.get(reverse("admissions:decision_docx", args=[candidate.pk])).status_code == 200


def test_deadlines_page_and_home_card_show_the_ceremony_due(world, candidate, as_officer, as_outsider, monkeypatch):
    candidate = advanced(world, candidate, 7)  # decided, the ceremony not yet held
    response = as_officer.get(reverse("admissions:deadlines"))
    assert response.status_code == 200
    overdue = response.context["overdue"]
    assert [d.candidate.pk for d in overdue] == [candidate.pk]
    assert overdue[0].rule in response.content.decode()
    home = as_officer.get("/").content.decode()
    assert 'id="home-admissions"' in home and "Lý Thu Hà" in home
    assert "Lý Thu Hà" not in as_outsider.get(reverse("admissions:deadlines")).content.decode()
    assert "Lý Thu Hà" not in as_outsider.get("/").content.decode()


def test_deadlines_refused_to_member(world, as_member):
    assert as_member.get(reverse("admissions:deadlines")).status_code == 403
    assert 'id="home-admissions"' not in as_member.get("/").content.decode()


def test_step_not_available_at_this_stage_is_refused(world, candidate, as_officer):
    response = as_officer.post(step_url(candidate, "ceremony"), {
        "ceremony-version": candidate.version, "ceremony-ceremony_on": "15/04/2024",
    })  # fmt: skip
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.stage == Stage.PROPOSED and candidate.ceremony_on is None
    assert dt.date(2024, 4, 15) != candidate.ceremony_on


def test_deadlines_page_query_count_does_not_grow_with_rows(world, as_officer):
    from .view_helpers import SHEET

    first = advanced(world, proposed(world), 7)
    count_queries(as_officer, reverse("admissions:deadlines"))  # the working-day calendar is cached per year
    one = count_queries(as_officer, reverse("admissions:deadlines"))
    for n, given in enumerate(("Hai", "Ba"), start=2):
        advanced(world, proposed(world, given_name=given, citizen_id=f"07919900099{n}"), 7)
    assert count_queries(as_officer, reverse("admissions:deadlines")) == one
    assert SHEET["citizen_id"] == first.citizen_id


def test_detail_previews_the_rule_that_would_refuse_the_cell_vote(world, as_officer):
    over_age = proposed(world, birth_date=dt.date(1960, 1, 1))
    response = as_officer.get(detail(over_age))
    assert [f.rule for f in response.context["pending"]] == ["age"]
    body = response.content.decode()
    assert 'id="pending-findings"' in body and "Ban Thường vụ Tỉnh ủy" in body and "QĐ/TW" in body
    assert (
        'id="pending-findings"'
        not in as_officer.get(detail(proposed(world, citizen_id="079199000777", given_name="Trẻ"))).content.decode()
    )


def test_detail_in_english_keeps_dates_dd_mm_yyyy(world, candidate, as_officer):
    as_officer.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = as_officer.get(detail(candidate)).content.decode()
    assert '<html lang="en">' in body
    assert "Stages" in body and "Next step" in body and "Admission dossier" in body
    assert "20/08/1999" in body


def test_deadlines_home_card_and_list_name_the_cell_with_its_grassroots_organization(world, candidate, as_officer):
    qualified = f"{world.cell_a1.name} — {world.org_a.name}"
    advanced(world, candidate, 7)  # decided, the ceremony due
    table = as_officer.get(reverse("admissions:deadlines")).content.decode()
    assert f'data-label="Chi bộ">{qualified}</td>' in table
    home = as_officer.get("/").content.decode()
    card = home[home.index('id="home-admissions"') :]
    assert qualified in card[: card.index("</section>")]
    assert f">{qualified}</td>" in as_officer.get(reverse("admissions:list")).content.decode()


def test_home_card_query_count_does_not_grow_with_deadlines(world, as_officer):
    advanced(world, proposed(world), 7)
    count_queries(as_officer, "/")
    one = count_queries(as_officer, "/")
    for n, given in enumerate(("Hai", "Ba"), start=2):
        advanced(world, proposed(world, given_name=given, citizen_id=f"07919900088{n}"), 7)
    assert count_queries(as_officer, "/") == one


def test_history_shows_the_actor_full_name_when_the_user_has_one(world, candidate, as_officer):
    world.officer.first_name, world.officer.last_name = "Trần Văn", "Bình"
    world.officer.save(update_fields=["first_name", "last_name"])
    advanced(world, candidate, 1)
    body = as_officer.get(detail(candidate)).content.decode()
    history = body[body.index('id="history"') :]
    assert world.officer.get_full_name() in history and "canbo_a" not in history
