"""The badge list kept ahead above the grassroots level: the stored list of the bloc says what the list computed on
the spot says, row for row, sentence and seniority included; it follows a change of a member's facts once the
change commits, a changed rule set, and the "Tính lại" job; the page pages it in SQL and says when it was computed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from dangbo.core.models import BackgroundJob
from dangbo.recognition import services, stored_lists
from dangbo.recognition.enums import Verdict
from dangbo.recognition.models import BadgeRuleSet, StoredBadgeList, StoredBadgeRow
from dangbo.recognition.rules import rules_in_force
from tests.members.conftest import denied_count

from .conftest import D, admitted, die, discipline, ill, rows_of

AWARD = D(2025, 9, 2)  # previous: 19/05/2025
URL = reverse("recognition:badges", args=[AWARD.isoformat()])


def _key(rows):
    return [(r.person.id, r.person.name, r.person.cell_id, r.years, r.reached, r.verdict, r.kind, r.explanation,
             r.seniority, r.blocked_until, r.carried_from, r.badge.id if r.badge else None) for r in rows]  # fmt: skip


@pytest.fixture
def varied(world):
    """Members of both grassroots organizations with every kind of row on 02/09/2025."""
    a, b = world.cell_a1, world.cell_b1
    made = {
        "due": admitted(a, D(1995, 6, 1)),
        "due_b": admitted(b, D(1985, 7, 10)),
        "blocked": admitted(a, D(1995, 8, 1)),
        "early": admitted(b, D(1966, 3, 1)),
        "posthumous": admitted(a, D(1976, 1, 15)),
        "proposed": admitted(b, D(1995, 6, 20)),
    }
    discipline(made["blocked"], form="warning", decided=D(2025, 6, 10))
    ill(made["early"], D(2025, 1, 5))
    die(made["posthumous"], D(2025, 7, 1))
    services.propose_badge(actor=None, member=made["proposed"], years=30, award_date=AWARD,
                           proposing_organization=world.org_b, today=D(2025, 8, 1))  # fmt: skip
    return made


def test_the_stored_list_of_the_bloc_says_what_the_live_list_says(world, varied):
    listed = stored_lists.list_for(world.bloc, AWARD)
    assert isinstance(listed, stored_lists.StoredList)
    live = rows_of(world.bloc.path, AWARD)
    assert {r.verdict for r in live} >= {Verdict.DUE, Verdict.BLOCKED, Verdict.EARLY, Verdict.POSTHUMOUS,
                                         Verdict.PROPOSED}  # fmt: skip
    assert _key(listed.rows_for()) == _key(live)
    assert listed.counts() == stored_lists.LiveList(stored_lists.badge_list.compute(
        path=world.bloc.path, award_date=AWARD, rules=rules_in_force(AWARD))).counts()  # fmt: skip
    blocked = [r for r in listed.rows_for(Verdict.BLOCKED)]
    assert [r.person.id for r in blocked] == [varied["blocked"].pk]
    assert blocked[0].block_discipline_id is not None


def test_a_grassroots_organization_is_computed_on_the_spot_and_a_part_of_the_stored_list_reads_its_cells(world, varied):
    assert isinstance(stored_lists.list_for(world.org_a, AWARD), stored_lists.LiveList)
    assert not StoredBadgeList.objects.exists()
    stored = stored_lists.list_for(world.bloc, AWARD)
    part = stored_lists.StoredList(stored.stored, world.org_a, stored.previous)
    assert _key(part.rows_for()) == _key(rows_of(world.org_a.path, AWARD))


def test_a_change_of_a_member_refreshes_their_rows_once_committed(world, varied, django_capture_on_commit_callbacks):
    stored_lists.list_for(world.bloc, AWARD)
    due = varied["due"]
    with django_capture_on_commit_callbacks(execute=True):
        discipline(due, form="reprimand", decided=D(2025, 8, 20), number="30-QĐ/ĐU")
    (row,) = [r for r in stored_lists.list_for(world.bloc, AWARD).rows_for() if r.person.id == due.pk]
    assert row.verdict == Verdict.BLOCKED and "khiển trách" in row.explanation
    with django_capture_on_commit_callbacks(execute=True):
        die(varied["due_b"], D(2024, 1, 1))  # died before reaching 40 years by more than the window
    after = stored_lists.list_for(world.bloc, AWARD)
    assert _key(after.rows_for()) == _key(rows_of(world.bloc.path, AWARD))
    assert varied["due_b"].pk not in {r.person.id for r in after.rows_for()}


def test_a_change_not_yet_committed_or_rolled_back_changes_nothing(world, varied, django_capture_on_commit_callbacks):
    stored_lists.list_for(world.bloc, AWARD)
    before = list(StoredBadgeRow.objects.values_list("member_id", "years", "verdict", "explanation"))
    with django_capture_on_commit_callbacks(execute=False):
        discipline(varied["due"], form="reprimand", decided=D(2025, 8, 20), number="31-QĐ/ĐU")
    assert list(StoredBadgeRow.objects.values_list("member_id", "years", "verdict", "explanation")) == before


def test_a_changed_rule_set_makes_the_stored_list_computed_again_when_read(world, varied):
    first = stored_lists.list_for(world.bloc, AWARD).stored
    rule_set = BadgeRuleSet.objects.get(pk=rules_in_force(AWARD).rule_set_id)
    rule_set.citation = rule_set.citation + " (sửa đổi)"
    rule_set.save()
    again = stored_lists.list_for(world.bloc, AWARD).stored
    assert again.pk == first.pk and again.rules_key != first.rules_key and again.computed_at > first.computed_at
    assert _key(stored_lists.list_for(world.bloc, AWARD).rows_for()) == _key(rows_of(world.bloc.path, AWARD))


def test_the_bloc_page_pages_the_stored_list_says_when_and_computes_it_again(
    world, as_bloc_officer, cell, django_capture_on_commit_callbacks
):
    members = [admitted(cell, D(1995, 5, 20) + dt.timedelta(days=i)) for i in range(55)]
    body = as_bloc_officer.get(URL).content.decode()
    assert 'id="list-computed"' in body and 'id="store-again"' in body
    assert "<strong>55</strong>" in body and "Trang 1/2" in body
    live = rows_of(world.bloc.path, AWARD)
    shown = [f'id="row-{r.person.id}-{r.years}"' for r in live]
    assert all(s in body for s in shown[:50]) and not any(s in body for s in shown[50:])
    second = as_bloc_officer.get(URL, {"page": 2}).content.decode()
    assert all(s in second for s in shown[50:])
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_bloc_officer.post(reverse("recognition:badges_store", args=[AWARD.isoformat()]))
    job = BackgroundJob.objects.get(kind="recognition.badge_list.store")
    assert answer.status_code == 302 and f"job={job.pk}" in answer["Location"]
    assert job.state == BackgroundJob.State.DONE and job.result["rows"] == len(members)
    assert 'id="job-' in as_bloc_officer.get(answer["Location"]).content.decode()


def test_computing_again_is_refused_without_the_right_outside_the_scope_and_by_get(world, as_officer, as_member,
                                                                                   as_bloc_officer):  # fmt: skip
    store = reverse("recognition:badges_store", args=[AWARD.isoformat()])
    assert as_member.post(store).status_code == 403
    assert as_officer.post(f"{store}?to_chuc={world.org_b.pk}").status_code == 404
    assert denied_count("organization", world.org_b.pk) == 1
    assert as_bloc_officer.get(store).status_code == 405
    assert as_bloc_officer.post(reverse("recognition:badges_store", args=["2025-09-03"])).status_code == 404
    assert not BackgroundJob.objects.exists()


def test_the_nightly_command_stores_the_nearest_and_the_recent_lists(world, cell, capsys):
    admitted(cell, D(1995, 6, 1))
    call_command("badge_lists", "--award-date", AWARD.isoformat())
    assert "KHOI đợt 02/09/2025: 1 dòng" in capsys.readouterr().out
    stored = StoredBadgeList.objects.get(award_date=AWARD, root=world.bloc)
    assert stored.entries.get().verdict == Verdict.DUE
