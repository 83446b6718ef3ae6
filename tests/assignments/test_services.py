"""Giving, editing, progress, year-end result and removal of a task: every bad input is refused in Vietnamese and
nothing is saved; every write leaves one audit entry."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.accounts.templatetags.audit_display import ACTION_LABELS
from dangbo.assignments import services
from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import MemberStatus
from dangbo.members.services import change_status, move_to_cell

from .conftest import TODAY, give

pytestmark = pytest.mark.django_db
GIVEN = dt.date(2026, 3, 2)


def _entries(action: str) -> int:
    return AuditEntry.objects.filter(action=f"assignments.task.{action}").count()


def test_one_task_for_several_members_at_once(world):
    tasks = give(world, world.m1, world.m2)
    assert {t.member_id for t in tasks} == {world.m1.pk, world.m2.pk}
    assert all(t.path == world.cell_a1.path and t.year == 2026 and t.organization == world.cell_a1 for t in tasks)
    assert _entries("assigned") == 2  # one entry per task written
    entry = AuditEntry.objects.filter(action="assignments.task.assigned").first()
    assert entry.scope_path == world.cell_a1.path and entry.after["title"] == tasks[0].title


def test_a_member_who_left_the_day_before_is_refused_and_nothing_is_saved(world):
    change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT, on=GIVEN - dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        give(world, world.m1, world.m2)
    assert "Đặng Thị Lan" in refused.value.message
    assert "Không giao được nhiệm vụ" in refused.value.message and "Chưa ghi nhiệm vụ nào" in refused.value.message
    assert refused.value.code == "member_not_active"
    assert not TaskAssignment.objects.exists() and _entries("assigned") == 0  # all or nothing


def test_a_member_who_leaves_the_day_after_still_gets_the_task(world):
    change_status(actor=None, member=world.m2, status=MemberStatus.TRANSFERRED_OUT, on=GIVEN + dt.timedelta(days=1))
    assert len(give(world, world.m2)) == 1


def test_a_member_who_left_on_the_day_is_refused(world):
    change_status(actor=None, member=world.m2, status=MemberStatus.STRUCK_OFF, on=GIVEN)
    with pytest.raises(DomainError, match="Đặng Thị Lan"):
        give(world, world.m2)


def test_a_member_moved_to_another_cell_the_day_before_is_refused(world):
    move_to_cell(actor=None, member=world.m2, organization=world.cell_a2, on=GIVEN - dt.timedelta(days=1))
    with pytest.raises(DomainError) as refused:
        give(world, world.m2)
    assert f"không sinh hoạt tại {world.cell_a1.name} ngày 02/03/2026" in refused.value.message
    assert not TaskAssignment.objects.exists()


@pytest.mark.parametrize("status", [MemberStatus.EXEMPT, MemberStatus.TEMP_TRANSFERRED_OUT, MemberStatus.ABROAD])
def test_a_member_not_active_is_refused(world, status):
    change_status(actor=None, member=world.m2, status=status, on=dt.date(2026, 1, 10))
    with pytest.raises(DomainError) as refused:
        give(world, world.m2)
    assert f"“{MemberStatus(status).label}”" in refused.value.message
    assert not TaskAssignment.objects.exists()


def test_a_probationary_member_gets_a_task(world):
    change_status(actor=None, member=world.m2, status=MemberStatus.PROBATIONARY, on=dt.date(2026, 1, 10))
    assert len(give(world, world.m2)) == 1


def test_a_member_of_another_cell_is_refused(world):
    with pytest.raises(DomainError, match="không sinh hoạt tại"):
        give(world, world.m3)


def test_a_task_is_given_by_a_cell(world):
    with pytest.raises(DomainError, match="không phải chi bộ"):
        give(world, cell=world.org_a)


def test_no_member_ticked_is_refused(world):
    with pytest.raises(DomainError, match="ít nhất một đảng viên"):
        services.assign_task(actor=None, cell=world.cell_a1, members=[], title="X", kind=TaskKind.OTHER,
                             assigned_on=GIVEN, deadline=GIVEN, today=TODAY)  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"deadline": GIVEN - dt.timedelta(days=1)}, "Thời hạn 01/03/2026 không được trước ngày giao 02/03/2026."),
        ({"year": 1800}, "Năm 1800 không hợp lệ"),
        ({"year": 9999}, "Năm 9999 không hợp lệ"),
        ({"year": 2027}, "không thuộc năm 2027"),
        ({"deadline": dt.date(2027, 1, 15)}, None),  # the year follows the deadline: given in March 2026, fine
        ({"assigned_on": dt.date(2026, 7, 1)}, "chưa đến"),
        ({"assigned_on": dt.date(1, 1, 1), "deadline": dt.date(1, 1, 2)}, "không hợp lệ"),
        ({"deadline": dt.date(9999, 12, 31)}, "Năm 9999 không hợp lệ"),
        ({"year": 2026, "deadline": dt.date(9999, 12, 31)}, "Thời hạn 31/12/9999 không hợp lệ"),
        ({"title": "   "}, "Hãy ghi nội dung nhiệm vụ."),
        ({"kind": "nonsense"}, "Loại nhiệm vụ"),
    ],
)
def test_bad_dates_and_text_are_refused(world, overrides, message):
    if message is None:
        tasks = give(world, **overrides)
        assert tasks[0].year == 2027
        return
    with pytest.raises(DomainError) as refused:
        give(world, **overrides)
    assert message in refused.value.message
    assert not TaskAssignment.objects.exists()


def test_next_years_tasks_may_be_given_in_december(world):
    today = dt.date(2026, 12, 20)
    tasks = give(world, today=today, year=2027, assigned_on=dt.date(2026, 12, 18), deadline=dt.date(2027, 12, 31))
    assert tasks[0].year == 2027
    with pytest.raises(DomainError, match="không khớp với nhiệm vụ năm 2027"):
        give(world, today=today, year=2027, assigned_on=dt.date(2025, 12, 18), deadline=dt.date(2027, 6, 30))


def test_progress_from_0_to_100(world):
    task = give(world)[0]
    task = services.update_progress(actor=world.officer, task=task, expected_version=1, progress=100, note="Xong")
    assert (task.progress, task.progress_note, task.version) == (100, "Xong", 2)
    for bad in (101, -1, True):
        with pytest.raises(DomainError, match="Tiến độ phải là số nguyên từ 0 đến 100%"):
            services.update_progress(actor=world.officer, task=task, expected_version=2, progress=bad)
    task.refresh_from_db()
    assert task.progress == 100 and _entries("progress") == 1


def test_a_stale_version_is_refused(world):
    task = give(world)[0]
    services.update_progress(actor=world.officer, task=task, expected_version=1, progress=40)
    with pytest.raises(ConcurrentEditError):
        services.update_progress(actor=world.officer, task=task, expected_version=1, progress=60)
    with pytest.raises(ConcurrentEditError):
        services.record_result(actor=world.officer, task=task, expected_version=1, result=TaskResult.NOT_DONE,
                               completed_on=None, today=TODAY)  # fmt: skip
    task.refresh_from_db()
    assert task.progress == 40 and _entries("progress") == 1 and _entries("result") == 0


def _result(world, task, result, completed_on, today=dt.date(2026, 12, 5)):
    return services.record_result(actor=world.officer, task=task, expected_version=task.version, result=result,
                                  completed_on=completed_on, today=today)  # fmt: skip


@pytest.mark.parametrize(
    ("result", "completed_on", "message"),
    [
        (TaskResult.ON_TIME, dt.date(2026, 12, 1), "sau thời hạn 30/11/2026: kết quả là “Hoàn thành chậm”"),
        (TaskResult.EXCEEDED, dt.date(2026, 12, 1), "sau thời hạn"),
        (TaskResult.LATE, dt.date(2026, 11, 30), "không phải “Hoàn thành chậm”"),
        (TaskResult.ON_TIME, None, "hãy ghi ngày hoàn thành"),
        (TaskResult.NOT_DONE, dt.date(2026, 11, 1), "không có ngày hoàn thành"),
        (TaskResult.ON_TIME, dt.date(2026, 3, 1), "không được trước ngày giao 02/03/2026"),
        (TaskResult.LATE, dt.date(2026, 12, 6), "chưa đến"),
        ("bogus", dt.date(2026, 11, 1), "Kết quả “bogus” không hợp lệ."),
        ("", dt.date(2026, 11, 1), "Chỉ ghi ngày hoàn thành cùng kết quả cuối năm."),
    ],
)
def test_a_result_must_agree_with_its_dates(world, result, completed_on, message):
    task = give(world)[0]
    with pytest.raises(DomainError) as refused:
        _result(world, task, result, completed_on)
    assert message in refused.value.message
    task.refresh_from_db()
    assert task.result == "" and task.version == 1 and _entries("result") == 0


def test_results_that_agree_are_recorded(world):
    on_time, late, not_done = give(world, world.m1, world.m2) + give(world, world.m1)
    assert _result(world, on_time, TaskResult.EXCEEDED, dt.date(2026, 11, 30)).progress == 100
    assert _result(world, late, TaskResult.LATE, dt.date(2026, 12, 1)).result == TaskResult.LATE
    assert _result(world, not_done, TaskResult.NOT_DONE, None).completed_on is None
    assert _entries("result") == 3


def test_edit_rechecks_the_member_on_a_new_day_given(world):
    task = give(world, world.m2)[0]
    change_status(actor=None, member=world.m2, status=MemberStatus.EXEMPT, on=dt.date(2026, 2, 1))
    kept = {"title": task.title, "kind": task.kind, "deadline": task.deadline, "today": TODAY}
    with pytest.raises(DomainError, match="Miễn công tác và sinh hoạt đảng"):
        services.update_task(actor=world.officer, task=task, expected_version=1, assigned_on=dt.date(2026, 2, 2),
                             **kept)  # fmt: skip
    edited = services.update_task(actor=world.officer, task=task, expected_version=1, assigned_on=GIVEN,
                                  **{**kept, "title": "Nhiệm vụ đã sửa"})  # fmt: skip
    assert edited.title == "Nhiệm vụ đã sửa" and edited.version == 2
    entry = AuditEntry.objects.get(action="assignments.task.updated")
    assert entry.before == {"title": task.title} and entry.after == {"title": "Nhiệm vụ đã sửa"}


def test_edit_keeps_a_recorded_result_consistent(world):
    task = _result(world, give(world)[0], TaskResult.ON_TIME, dt.date(2026, 11, 20))
    with pytest.raises(DomainError, match="sau thời hạn 10/11/2026"):
        services.update_task(actor=world.officer, task=task, expected_version=task.version, title=task.title,
                             kind=task.kind, assigned_on=GIVEN, deadline=dt.date(2026, 11, 10),
                             today=dt.date(2026, 12, 5))  # fmt: skip


def test_remove_keeps_what_the_task_was_in_the_audit(world):
    task = give(world)[0]
    with pytest.raises(ConcurrentEditError):
        services.remove_task(actor=world.officer, task=task, expected_version=7)
    services.remove_task(actor=world.officer, task=task, expected_version=1, reason="Giao nhầm người")
    assert not TaskAssignment.objects.exists()
    entry = AuditEntry.objects.get(action="assignments.task.removed")
    assert entry.before["title"] == task.title and entry.data == {"reason": "Giao nhầm người"}
    assert entry.object_id == str(task.pk)


def test_every_task_action_has_a_vietnamese_label():
    for action in ("assigned", "updated", "progress", "result", "removed"):
        assert f"assignments.task.{action}" in ACTION_LABELS
    assert "assignments.tasks.exported" in ACTION_LABELS


def test_a_day_before_the_member_joined_is_refused(world):
    with pytest.raises(DomainError, match="chưa là đảng viên ngày 02/03/2004"):
        give(world, year=2004, assigned_on=dt.date(2004, 3, 2), deadline=dt.date(2004, 11, 30))
