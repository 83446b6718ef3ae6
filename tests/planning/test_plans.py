"""Plans' tasks and progress: the services' refusals (nothing saved), closing, the overdue computation at its
boundary, yearly occurrences, "due soon" on the working-day calendar and the preloaded task list of 20-KH/ĐUK."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.core.audit import AuditEntry
from dangbo.core.errors import DomainError
from dangbo.planning import plans
from dangbo.planning.models import Plan, PlanTask, TaskProgress
from dangbo.planning.plan_deadlines import is_due_soon, occurrences, sort_key
from dangbo.planning.plan_selectors import (
    committee_statuses,
    done_keys,
    my_statuses,
    overdue_for_committee,
    owner_status,
    responsibility_for,
)

from ..conftest import TODAY
from .plan_world import ISSUED, PlanWorld, task_data

pytestmark = pytest.mark.django_db


def report(actor: Any, task: PlanTask, **kw: Any) -> TaskProgress:
    args: dict[str, Any] = {"reported_on": dt.date(2026, 11, 20), "stage": "in_progress", "percent": 40,
                            "result": "Đã triển khai đến các chi bộ", "today": TODAY}  # fmt: skip
    args.update(kw)
    return plans.report_progress(actor=actor, task=task, **args)


def refused(pw: PlanWorld, call: Any, message: str) -> None:
    tasks, progress, entries = PlanTask.objects.count(), TaskProgress.objects.count(), AuditEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        call()
    assert message in caught.value.message
    assert (PlanTask.objects.count(), TaskProgress.objects.count()) == (tasks, progress)
    assert AuditEntry.objects.count() == entries


# ---- tasks ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "owner",
    [{}, {"owner_kind": "board"}, {"owner_kind": "board", "board": "nope"}, {"owner_kind": "unit"}],
)
def test_task_without_owner_refused(pw: PlanWorld, owner: dict[str, Any]) -> None:
    refused(pw, lambda: plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=task_data("9.1", **owner)),
            "Nhiệm vụ phải có ban hoặc đơn vị chủ trì.")  # fmt: skip


def test_task_deadline_before_plan_date_refused(pw: PlanWorld) -> None:
    data = task_data("9.1", owner_kind="board", board="office", deadline_kind="date", due_on=dt.date(2025, 3, 9))
    refused(pw, lambda: plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=data),
            "Hạn hoàn thành (09/03/2025) không được trước ngày ban hành kế hoạch (10/03/2025).")  # fmt: skip


def test_task_deadline_after_plan_years_refused(pw: PlanWorld) -> None:
    data = task_data("9.1", owner_kind="board", board="office", deadline_kind="date", due_on=dt.date(2031, 1, 1))
    refused(pw, lambda: plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=data), "sau khi kế hoạch kết")


def test_task_yearly_day_not_in_a_year_refused(pw: PlanWorld) -> None:
    data = task_data("9.1", owner_kind="grassroots", deadline_kind="yearly", due_day=31, due_month=2)
    refused(pw, lambda: plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=data),
            "Ngày 31/2 không có trong năm.")  # fmt: skip


def test_task_number_taken_refused(pw: PlanWorld) -> None:
    data = task_data("1.1", owner_kind="board", board="office")
    refused(pw, lambda: plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=data),
            "Kế hoạch đã có nhiệm vụ số 1.1.")  # fmt: skip


def test_task_by_someone_not_managing_the_plan_refused(pw: PlanWorld) -> None:
    data = task_data("9.1", owner_kind="board", board="office")
    refused(pw, lambda: plans.create_task(actor=pw.w.officer, plan=pw.plan, data=data), "không quản lý kế hoạch")


def test_task_unit_outside_the_issuer_refused(pw: PlanWorld) -> None:
    plan_a = plans.create_plan(
        actor=pw.w.bloc_officer,
        issuer=pw.w.org_a,
        document_number="5-KH/ĐU",
        title="Kế hoạch của A",
        issued_on=ISSUED,
        year_from=2025,
        year_to=2025,
        today=TODAY,
    )
    data = task_data("1", owner_kind="unit", unit=pw.w.org_b)
    refused(pw, lambda: plans.create_task(actor=pw.w.bloc_officer, plan=plan_a, data=data),
            "không phải đơn vị trực thuộc")  # fmt: skip


def test_task_update_stale_version_refused(pw: PlanWorld) -> None:
    from dangbo.core.errors import ConcurrentEditError

    with pytest.raises(ConcurrentEditError):
        plans.update_task(actor=pw.w.bloc_officer, task=pw.o1, expected_version=pw.o1.version - 1, data={})
    saved = plans.update_task(actor=pw.w.bloc_officer, task=pw.o1, expected_version=pw.o1.version,
                              data={"expected_result": "Báo cáo sơ kết"})  # fmt: skip
    assert saved.expected_result == "Báo cáo sơ kết" and saved.version == pw.o1.version + 1


def test_plan_refusals(pw: PlanWorld) -> None:
    def make(**kw: Any) -> Plan:
        args: dict[str, Any] = {"actor": pw.w.bloc_officer, "issuer": pw.w.bloc, "document_number": "40-KH/ĐUK",
                                "title": "Kế hoạch", "issued_on": ISSUED, "year_from": 2025, "year_to": 2026,
                                "today": TODAY}  # fmt: skip
        args.update(kw)
        return plans.create_plan(**args)

    count = Plan.objects.count()
    for kw, message in [
        ({"document_number": "35-KH/ĐUK"}, "đã có kế hoạch khác"),
        ({"year_to": 2024}, "không được trước năm bắt đầu"),
        ({"issued_on": dt.date(2027, 1, 1)}, "Ngày ban hành phải từ"),
        ({"year_from": 2019, "year_to": 2020}, "không thể bắt đầu thực hiện từ năm 2019"),
        ({"actor": pw.w.officer}, "Bạn không lập kế hoạch"),
    ]:
        with pytest.raises(DomainError, match=message):
            make(**kw)
    assert Plan.objects.count() == count


# ---- progress ------------------------------------------------------------------------------------


def test_progress_by_the_board_saved_and_audited(pw: PlanWorld) -> None:
    p = report(pw.propaganda, pw.p1)
    assert (p.board, p.organization_id, p.percent) == ("propaganda", None, 40)
    assert AuditEntry.objects.filter(action="planning.task.progress_reported", object_id=str(pw.p1.pk)).count() == 1


def test_progress_on_another_boards_task_refused(pw: PlanWorld) -> None:
    refused(pw, lambda: report(pw.propaganda, pw.o1), "không thuộc trách nhiệm của bạn: chỉ Ban Tổ chức")


def test_progress_on_another_units_task_refused(pw: PlanWorld) -> None:
    refused(pw, lambda: report(pw.w.outsider, pw.ua), "không thuộc trách nhiệm của bạn")
    refused(pw, lambda: report(pw.w.officer, pw.o1), "không thuộc trách nhiệm của bạn")


def test_progress_done_closes_the_task_then_refused(pw: PlanWorld) -> None:
    report(pw.w.officer, pw.ua, stage="done", percent=100)
    pw.ua.refresh_from_db()
    assert pw.ua.state == "done"
    refused(pw, lambda: report(pw.w.officer, pw.ua), "Nhiệm vụ 2.1 đã đã hoàn thành")


def test_progress_on_a_stopped_task_refused(pw: PlanWorld) -> None:
    plans.update_task(actor=pw.w.bloc_officer, task=pw.p1, expected_version=pw.p1.version, data={"state": "cancelled"})
    refused(pw, lambda: report(pw.propaganda, pw.p1), "không báo cáo tiến độ được nữa")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"percent": 101}, "Tỷ lệ hoàn thành phải từ 0 đến 100%."),
        ({"percent": -5}, "Tỷ lệ hoàn thành phải từ 0 đến 100%."),
        ({"stage": "done", "percent": 60}, "Báo cáo “hoàn thành” nhưng tỷ lệ là 60%."),
        ({"stage": "in_progress", "percent": 100}, "Tỷ lệ 100% là đã hoàn thành"),
        ({"reported_on": dt.date(2025, 3, 9)}, "Ngày báo cáo phải từ ngày ban hành kế hoạch (10/03/2025)"),
        ({"reported_on": dt.date(2026, 11, 28)}, "đến hôm nay (27/11/2026)"),
        ({"stage": "maybe"}, "Tình hình thực hiện không hợp lệ."),
        ({"result": "   "}, "Chưa nhập kết quả thực hiện."),
    ],
)
def test_progress_absurd_input_refused(pw: PlanWorld, kw: dict[str, Any], message: str) -> None:
    refused(pw, lambda: report(pw.propaganda, pw.p1, **kw), message)


def test_progress_on_a_yearly_task_needs_one_of_the_plans_past_years(pw: PlanWorld) -> None:
    refused(pw, lambda: report(pw.w.officer, pw.g1), "chọn năm của báo cáo")
    refused(pw, lambda: report(pw.w.officer, pw.g1, year=2027), "Năm 2027 không phải")
    refused(pw, lambda: report(pw.w.officer, pw.g1, year=2024), "Năm 2024 không phải")
    p = report(pw.w.officer, pw.g1, year=2025, stage="done", percent=None)
    assert (p.organization, p.year, p.percent) == (pw.w.org_a, 2025, 100)
    refused(pw, lambda: report(pw.w.officer, pw.g1, year=2025), "đã được báo cáo hoàn thành năm 2025")
    report(pw.w.officer, pw.g1, year=2026)  # the next year is still open


def test_progress_file_checked_by_content(pw: PlanWorld) -> None:
    fake = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    refused(pw, lambda: report(pw.propaganda, pw.p1, uploaded=fake), "Chỉ nhận tệp PDF, Word (.docx), JPEG hoặc PNG")
    empty = SimpleUploadedFile("rong.pdf", b"", content_type="application/pdf")
    refused(pw, lambda: report(pw.propaganda, pw.p1, uploaded=empty), "Tệp rỗng.")
    good = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    p = report(pw.propaganda, pw.p1, uploaded=good)
    assert p.content_type == "application/pdf" and p.original_name == "bao-cao.pdf" and p.file.name.endswith(".pdf")


def test_progress_text_kept_as_typed(pw: PlanWorld) -> None:
    p = report(pw.propaganda, pw.p1, result='<script>alert(1)</script> =HYPERLINK("x")')
    assert p.result == '<script>alert(1)</script> =HYPERLINK("x")'


# ---- overdue, yearly occurrences, due soon -------------------------------------------------------


def test_overdue_from_the_day_after_the_deadline(pw: PlanWorld) -> None:
    done = done_keys([pw.ua.pk])
    on_the_day = owner_status(pw.ua, today=dt.date(2026, 10, 31), done=done)
    day_after = owner_status(pw.ua, today=dt.date(2026, 11, 1), done=done)
    assert on_the_day.overdue == [] and on_the_day.next_due is not None and on_the_day.due_soon
    assert [o.due for o in day_after.overdue] == [dt.date(2026, 10, 31)] and day_after.next_due is None


def test_done_task_is_not_overdue(pw: PlanWorld) -> None:
    report(pw.w.officer, pw.ua, stage="done", percent=100, reported_on=dt.date(2026, 11, 3))
    pw.ua.refresh_from_db()
    status = owner_status(pw.ua, today=TODAY, done=done_keys([pw.ua.pk]))
    assert status.done and status.overdue == []


def test_yearly_task_occurrences_each_year_of_the_plan(pw: PlanWorld) -> None:
    assert [(o.year, o.due) for o in occurrences(pw.g1, pw.plan.years())] == [
        (2025, dt.date(2025, 11, 15)), (2026, dt.date(2026, 11, 15)), (2027, dt.date(2027, 11, 15)),
    ]  # fmt: skip
    report(pw.w.officer, pw.g1, year=2025, stage="done", percent=100)
    status = owner_status(pw.g1, today=dt.date(2026, 11, 15), done=done_keys([pw.g1.pk]), unit=pw.w.org_a)
    assert status.overdue == [] and status.next_due is not None and status.next_due.year == 2026
    status = owner_status(pw.g1, today=dt.date(2026, 11, 16), done=done_keys([pw.g1.pk]), unit=pw.w.org_a)
    assert [o.year for o in status.overdue] == [2026]
    other = owner_status(pw.g1, today=dt.date(2026, 11, 16), done=done_keys([pw.g1.pk]), unit=pw.w.org_b)
    assert [o.year for o in other.overdue] == [2025, 2026]


def test_yearly_deadline_on_29_february_falls_on_28_in_other_years(pw: PlanWorld) -> None:
    task = plans.create_task(actor=pw.w.bloc_officer, plan=pw.plan, data=task_data(
        "9.9", owner_kind="board", board="office", deadline_kind="yearly", due_day=29, due_month=2))  # fmt: skip
    assert [o.due for o in occurrences(task, pw.plan.years())] == [dt.date(2026, 2, 28), dt.date(2027, 2, 28)]


def test_committee_counts_grassroots_units_late(pw: PlanWorld) -> None:
    report(pw.w.officer, pw.g1, year=2025, stage="done", percent=100)
    [status] = committee_statuses([pw.g1], today=TODAY)
    assert [o.year for o in status.overdue] == [2025, 2026]
    assert (status.units_total, status.units_done) == (2, 1)


def test_due_soon_counts_working_days(pw: PlanWorld) -> None:
    friday = dt.date(2026, 11, 20)
    assert is_due_soon(dt.date(2026, 11, 27), friday)  # five working days later
    assert not is_due_soon(dt.date(2026, 11, 30), friday)
    assert not is_due_soon(dt.date(2026, 11, 19), friday)


def test_overdue_lists_per_owner_and_for_the_committee(pw: PlanWorld) -> None:
    from dangbo.accounts.scope import scope_for

    def mine(user: Any) -> list[tuple[str, str]]:
        rows = my_statuses(scope_for(user), responsibility_for(user), today=TODAY)
        return sorted((s.task.number, s.unit.code if s.unit else "") for s in rows if s.overdue
                      and s.task.plan_id == pw.plan.pk)  # fmt: skip

    assert mine(pw.w.bloc_officer) == [("1.1", "")]  # and IV.1.6 of 20-KH/ĐUK, due 30/04/2024
    assert mine(pw.propaganda) == []  # P1 is due 15/12/2026
    assert mine(pw.w.officer) == [("2.1", ""), ("3.1", "A")]
    assert mine(pw.w.outsider) == [("2.2", ""), ("3.1", "B")]
    committee = overdue_for_committee(scope_for(pw.propaganda), responsibility_for(pw.propaganda), today=TODAY)
    assert sorted(s.task.number for s in committee) == ["1.1", "2.1", "2.2", "3.1", "IV.1.6"]
    assert overdue_for_committee(scope_for(pw.w.officer), responsibility_for(pw.w.officer), today=TODAY) == []


def test_sort_key_orders_numbers() -> None:
    numbers = ["IV.1.10", "III.10", "III.2", "IV.1.2", "V.1"]
    assert sorted(numbers, key=sort_key) == ["III.2", "III.10", "IV.1.2", "IV.1.10", "V.1"]


# ---- the preloaded plan ----------------------------------------------------------------------------


def test_seed_plan_tasks_as_the_text_gives_them(db: None) -> None:
    plan = Plan.objects.get(document_number="20-KH/ĐUK")
    tasks = {t.number: t for t in plan.tasks.all()}
    assert (plan.year_from, plan.year_to) == (2024, 2030)
    assert len(tasks) == 48  # III: 10, IV: 14 + 5 + 3 + 2 + 2 + 9, V: 3
    assert [n for n in tasks if n.startswith("IV.1.")] == [f"IV.1.{i}" for i in range(1, 15)]
    assert {tasks[n].board for n in tasks if n.startswith("IV.2.")} == {"propaganda"}
    assert {tasks[n].board for n in tasks if n.startswith("IV.3.")} == {"inspection"}
    assert {tasks[n].board for n in tasks if n.startswith("IV.5.")} == {"office"}
    assert {tasks[n].owner_kind for n in tasks if n.startswith(("III.", "IV.6."))} == {"grassroots"}
    dated = [t for t in tasks.values() if t.deadline_kind != "none"]
    assert [(t.number, t.due_on) for t in dated] == [("IV.1.6", dt.date(2024, 4, 30))]
    assert tasks["IV.1.1"].deadline_text == "Thực hiện thường xuyên"
    assert tasks["IV.5.1"].deadline_text == "Kế hoạch không nêu thời hạn"
    assert tasks["V.3"].coordinating_boards == ["propaganda", "inspection", "office"]
    assert all(t.deadline_text for t in tasks.values())
