"""The 5-day notices (direction rules, the clock in working or calendar days, late ones listed), the report as of
a day (extensions granted later taken off), and the rule set's parameters (the shipped JSON parses, every problem
listed, [assumed] values say so)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.accounts.scope import scope_for
from dangbo.complaints import services
from dangbo.complaints.deadlines import notice_clock
from dangbo.complaints.enums import NoticeDirection, NoticeEvent
from dangbo.complaints.models import Complaint, ComplaintRuleSet
from dangbo.complaints.notices import late_notices, notices_for, record_notice, record_notice_date
from dangbo.complaints.params import ParamsError, parse_params
from dangbo.complaints.report import letters_report
from dangbo.complaints.rules import rules_in_force
from dangbo.core.errors import DomainError
from dangbo.discipline.models import Discipline
from tests.conftest import login

from .conftest import TODAY, denounce, nothing_written

pytestmark = pytest.mark.django_db


def notice(world: Any, **over: Any) -> Any:
    data: dict[str, Any] = dict(actor=None, direction=NoticeDirection.TO_PARTY, event=NoticeEvent.SUSPENSION,
                                member=world.m2, other_body="Sở Tài chính", event_date=dt.date(2026, 3, 2),
                                today=TODAY)  # fmt: skip
    data.update(over)
    return record_notice(**data)


def test_notice_clock_on_working_days(world: Any) -> None:
    on_time = notice(world, notice_date=dt.date(2026, 3, 9))  # the 5th working day after 02/03/2026
    late = notice(world, notice_date=dt.date(2026, 3, 10))
    missing = notice(world)
    assert not notice_clock(on_time, TODAY).late and notice_clock(late, TODAY).late
    assert notice_clock(missing, dt.date(2026, 3, 9)).late is False and notice_clock(missing, TODAY).late
    sentence = notice_clock(late, TODAY).sentence
    assert "chậm nhất 5 ngày làm việc kể từ ngày quyết định 02/03/2026: hạn 09/03/2026" in sentence
    assert "(chậm)" in sentence and "giả định" in sentence
    scope = scope_for(world.officer)
    assert [n.pk for n in late_notices(notices_for(scope), TODAY)] == [late.pk, missing.pk]


def test_notice_clock_on_calendar_days_when_the_rule_set_says_so(world: Any) -> None:
    rule_set = ComplaintRuleSet.objects.get(code="KNTC-2025")
    rule_set.params["notice"]["working_days"] = False
    rule_set.save()
    sent = notice(world, notice_date=dt.date(2026, 3, 8))
    clock = notice_clock(sent, TODAY)
    assert clock.due_on == dt.date(2026, 3, 7) and clock.late and "chậm nhất 5 ngày kể từ" in clock.sentence


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"direction": NoticeDirection.FROM_PARTY}, "hãy chọn quyết định kỷ luật"),
        ({"other_body": " "}, "Hãy nhập cơ quan"),
        ({"event_date": dt.date(2026, 7, 1)}, "chưa đến"),
        ({"notice_date": dt.date(2026, 3, 1)}, "không được trước ngày quyết định"),
        ({"event_date": None}, "Hãy nhập ngày quyết định"),
        ({"event_date": dt.date(2019, 1, 1)}, "Chưa có bộ quy tắc khiếu nại, tố cáo"),
    ],
)
def test_notice_refusals(world: Any, over: dict[str, Any], words: str) -> None:
    with nothing_written(), pytest.raises(DomainError) as err:
        notice(world, **over)
    assert words in err.value.message


def test_notice_after_a_party_discipline(world: Any, reprimand: Discipline) -> None:
    with nothing_written(), pytest.raises(DomainError, match="không phải của đảng viên này"):
        notice(world, direction=NoticeDirection.FROM_PARTY, event=NoticeEvent.DISCIPLINE, discipline=reprimand,
               event_date=None)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="chỉ gắn với thông báo của tổ chức đảng"):
        notice(world, member=world.m1, discipline=reprimand)
    made = notice(world, direction=NoticeDirection.FROM_PARTY, event=NoticeEvent.DISCIPLINE, member=world.m1,
                  discipline=reprimand, event_date=None)  # fmt: skip
    assert made.event_date == reprimand.decision_date
    dated = record_notice_date(actor=None, notice=made, notice_date=dt.date(2026, 3, 4), expected_version=1,
                               today=TODAY)  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="Đã ghi ngày"):
        record_notice_date(actor=None, notice=dated, notice_date=dt.date(2026, 3, 5), expected_version=2, today=TODAY)


def test_notices_page(world: Any, people: Any, reprimand: Discipline) -> None:
    notice(world, notice_date=dt.date(2026, 3, 10))
    client = login(people.inspector_a)
    page = client.get(reverse("complaints:notices")).content.decode()
    assert 'id="late-notices"' in page and "hạn 09/03/2026, thông báo ngày 10/03/2026 (chậm)" in page
    form = client.post(reverse("complaints:notice_new"), {
        "direction": "from_party", "event": "discipline", "member": world.m1.pk, "other_body": "Sở Tài chính",
        "discipline": reprimand.pk,
    })  # fmt: skip
    assert form.status_code == 302


def test_report_as_of_a_day(world: Any, people: Any) -> None:
    letter = denounce(world, received_on=dt.date(2026, 1, 5))  # due 21/05/2026 (Tết, 27/4, 30/4, 1/5 off)
    services.extend_complaint(actor=None, complaint=letter, working_days=10, reason="Xác minh",
                              granted_on=dt.date(2026, 5, 15), expected_version=1, today=TODAY)  # fmt: skip
    denounce(world, received_on=dt.date(2026, 2, 2), identity={}, not_considered_reason="anonymous")
    other = denounce(world, received_on=dt.date(2026, 2, 3), handling_organization=world.bloc)
    services.resolve_complaint(actor=None, complaint=other, resolved_on=dt.date(2026, 4, 1), resolution_number="2-KL",
                               result="unfounded", expected_version=1, today=TODAY)  # fmt: skip
    qs = Complaint.objects.all()
    early = letters_report(qs, year=2026, as_of=dt.date(2026, 3, 31))
    assert (early.total.received, early.total.not_considered, early.total.resolved, early.total.handling) == (
        3,
        1,
        0,
        2,
    )
    before_extension = letters_report(qs, year=2026, as_of=dt.date(2026, 5, 14))
    assert before_extension.total.overdue == 0 and before_extension.total.resolved == 1
    after_due = letters_report(qs, year=2026, as_of=dt.date(2026, 6, 4))  # extended to 04/06/2026
    assert after_due.total.overdue == 0
    late = letters_report(qs, year=2026, as_of=dt.date(2026, 6, 5))
    assert late.total.overdue == 1
    rows = {r.unit_name: r for r in late.rows}
    assert rows["Đảng bộ Sở Tài chính"].received == 2 and rows["Đảng bộ Sở Tài chính"].by_kind["denunciation"] == 2
    page = login(people.bloc_inspector).get(reverse("complaints:report") + "?nam=2026&ngay=05/06/2026")
    assert page.status_code == 200 and 'id="report-total"' in page.content.decode()
    bad = login(people.bloc_inspector).get(reverse("complaints:report") + "?nam=1&ngay=99/99/2026")
    assert bad.status_code == 400


def test_shipped_rule_sets_parse_and_say_what_is_assumed() -> None:
    old, new = rules_in_force(dt.date(2025, 5, 29)), rules_in_force(dt.date(2025, 5, 30))
    assert (old.code, new.code) == ("KNTC-2021", "KNTC-2025")
    assert new.discipline_complaint.working_days == 90 and new.discipline_complaint_central_working_days == 180
    assert (new.denunciation.working_days, new.denunciation.extension_working_days) == (90, 30)
    assert (new.denunciation_central_days, new.denunciation_central_extension_days) == (180, 60)
    assert new.notice_days == 5 and new.notice_working_days
    assert new.final_level["expulsion"].startswith("Ban Bí thư")
    assert "giả định" in new.petition.source.cite("X") and "giả định" in new.notice_source.cite("X")
    assert "chưa thật chắc chắn" in new.discipline_complaint.source.cite("X")


def test_params_problems_are_all_listed() -> None:
    raw = copy.deepcopy(ComplaintRuleSet.objects.get(code="KNTC-2025").params)
    raw["extra"] = {}
    raw["denunciation"]["working_days"] = 0
    raw["notice"]["working_days"] = "yes"
    raw["final_level"]["warning"] = ""
    del raw["petition"]
    with pytest.raises(ParamsError) as err:
        parse_params(raw, citation="X")
    assert err.value.errors == [
        "Nhóm tham số “extra” không được hỗ trợ.",
        "Thiếu nhóm tham số “petition” (phải là một đối tượng JSON).",
        "Tham số “denunciation.working_days” phải là số nguyên từ 1 đến 365.",
        "Tham số “petition.working_days” phải là số nguyên từ 1 đến 365.",
        "Tham số “petition.extension_working_days” phải là số nguyên từ 0 đến 365.",
        "Tham số “notice.working_days” phải là true hoặc false.",
        "Tham số “final_level.warning” phải là tên cấp giải quyết (một đoạn chữ không rỗng, tối đa 255 ký tự).",
    ]
    with pytest.raises(ParamsError, match="phải là một đối tượng JSON"):
        parse_params([], citation="X")
