"""Each source against the small world: who is told what, on which day (exact sets of (user, key))."""

from __future__ import annotations

import datetime as dt

from dangbo.accounts.scope import scope_for
from dangbo.admissions.deadlines import deadlines
from dangbo.admissions.enums import Stage
from dangbo.admissions.models import Candidate
from dangbo.evaluations.models import RatingCampaign
from dangbo.evaluations.services import open_campaign
from dangbo.meetings import services as meeting_services
from dangbo.meetings.enums import MeetingKind
from dangbo.notifications import sources
from dangbo.planning.plan_selectors import overdue_for_committee, responsibility_for
from dangbo.reporting.enums import RecipientStatus, RequestKind
from dangbo.reporting.models import ReportRecipient
from dangbo.reporting.request_services import create_request

from ..admissions.document_helpers import make_candidate
from ..meetings.helpers import attend, hold, plan
from .conftest import DAY


def told(source, day=DAY) -> set[tuple[int, str]]:
    """(user, key) of every notice the source would store that day (a bulk's rows read as the database would)."""
    out: set[tuple[int, str]] = set()
    for item in source(day):
        out |= set(item.rows) if isinstance(item, sources.Bulk) else {(item.user_id, item.key)}
    return out


def test_meeting_tomorrow_members_of_the_cell_only(people):
    w = people.world
    tomorrow = DAY + dt.timedelta(days=1)
    m = plan(w.cell_a1, day=tomorrow, topic="Chuyên đề tháng 12", kind=MeetingKind.THEMATIC)
    plan(w.cell_a2, day=tomorrow, kind=MeetingKind.THEMATIC)  # nobody of A2 has an account
    plan(w.cell_a1, day=tomorrow, kind=MeetingKind.CELL_COMMITTEE)  # the committee's, not the members'
    plan(w.cell_a1, day=tomorrow + dt.timedelta(days=1), kind=MeetingKind.EXTRAORDINARY)  # not tomorrow
    key = f"meeting:{m.pk}:tomorrow"
    assert told(sources.meeting_tomorrow) == {(w.member_user.pk, key), (people.m2_user.pk, key)}
    assert told(sources.meeting_tomorrow, DAY + dt.timedelta(days=3)) == set()
    cancelled = meeting_services.cancel_meeting(actor=None, meeting=m, expected_version=m.version, reason="Bão")
    assert cancelled.status == "cancelled" and told(sources.meeting_tomorrow) == set()


def test_self_assessment_due_then_overdue(people):
    w = people.world
    campaign = open_campaign(actor=w.bloc_officer, organization=w.bloc, year=2026)
    RatingCampaign.objects.filter(pk=campaign.pk).update(self_assessment_due=DAY + dt.timedelta(days=3))
    ratings = dict(campaign.ratings.filter(member__isnull=False).values_list("member_id", "pk"))
    due = {(u.pk, f"rating:{ratings[m.pk]}:due") for u, m in
           [(w.member_user, w.m1), (people.m2_user, w.m2), (people.m3_user, w.m3)]}  # fmt: skip
    assert told(sources.self_assessment) == due
    # before the warning window nobody is told
    assert told(sources.self_assessment, DAY - dt.timedelta(days=10)) == set()
    late = DAY + dt.timedelta(days=4)
    assert {k.rsplit(":", 1)[1] for _u, k in told(sources.self_assessment, late)} == {"overdue"}
    campaign.ratings.filter(member=w.m1).update(step="self_assessed")
    assert (w.member_user.pk, f"rating:{ratings[w.m1.pk]}:overdue") not in told(sources.self_assessment, late)


def test_meeting_to_record_for_the_cells_secretary(people):
    w = people.world
    open_one = plan(w.cell_a1, day=DAY - dt.timedelta(days=3))  # not recorded held
    done = attend(hold(plan(w.cell_a1, day=dt.date(2026, 11, 10))))
    meeting_services.record_minutes(actor=None, meeting=done, expected_version=done.version, minutes="Đã họp",
                                    resolutions="")  # fmt: skip
    no_minutes = attend(hold(plan(w.cell_a1, day=dt.date(2026, 10, 6), kind=MeetingKind.THEMATIC)))
    plan(w.cell_a1, day=dt.date(2026, 6, 9))  # two quarters back: the compliance job no longer looks at it
    plan(w.cell_b1, day=DAY - dt.timedelta(days=2))  # B1 has no secretary account
    drafts = {d.key: d for d in sources.meeting_to_record(DAY)}
    assert {(d.user_id, k) for k, d in drafts.items()} == {
        (people.secretary.pk, f"meeting:{open_one.pk}:record"),
        (people.secretary.pk, f"meeting:{no_minutes.pk}:record"),
    }
    assert "biên bản" in drafts[f"meeting:{no_minutes.pk}:record"].text
    assert "điểm danh" not in drafts[f"meeting:{no_minutes.pk}:record"].text


def test_candidate_deadlines_for_the_cells_secretary(people):
    w = people.world
    soon = make_candidate(w.cell_a1, stage=Stage.DECIDED, decided_on=DAY - dt.timedelta(days=38))
    make_candidate(w.cell_a1, stage=Stage.DECIDED, decided_on=DAY - dt.timedelta(days=2), given_name="Xa")
    expected = deadlines(Candidate.objects.filter(pk=soon.pk), today=DAY)
    assert expected and expected[0].due <= DAY + dt.timedelta(days=7)
    keys = told(sources.candidate_deadline)
    assert {u for u, _k in keys} == {people.secretary.pk}
    assert {k.split(":")[1] for _u, k in keys} == {str(soon.pk)}


def test_reports_late_for_the_requesting_office(people):
    w = people.world
    request = create_request(actor=w.bloc_officer, requester=w.bloc, kind=RequestKind.THEMATIC, year=2026,
                             title="Báo cáo chuyên đề", due_on=DAY - dt.timedelta(days=1), units=[w.org_a, w.org_b],
                             today=DAY - dt.timedelta(days=10))  # fmt: skip
    drafts = list(sources.reports_late(DAY))
    assert {(d.user_id, d.key) for d in drafts} == {(w.bloc_officer.pk, f"report:{request.pk}:late")}
    assert drafts[0].title.startswith("2 đơn vị")
    assert told(sources.reports_late, DAY - dt.timedelta(days=1)) == set()  # on the due day: not late yet
    ReportRecipient.objects.filter(request=request).update(status=RecipientStatus.SUBMITTED)
    assert told(sources.reports_late) == set()


def test_plan_tasks_overdue_as_the_committee_sees_them(people):
    w = people.world
    day = dt.date(2026, 12, 31)
    expected = overdue_for_committee(scope_for(w.bloc_officer, on=day), responsibility_for(w.bloc_officer, on=day),
                                     today=day)  # fmt: skip
    assert expected  # the seed plan's tasks due in 2026 are overdue for the bloc's office
    keys = told(sources.plan_tasks_overdue, day)
    assert {k for u, k in keys if u == w.bloc_officer.pk} == {
        f"plantask:{s.task.pk}:{s.overdue[0].due:%Y%m%d}" for s in expected
    }
    assert not {u for u, _k in keys} & {w.member_user.pk, people.secretary.pk, people.m3_user.pk}
