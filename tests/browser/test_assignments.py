"""Yearly tasks in the browser, on a 390 px phone: a cell secretary, by clicking only from the home page, gives one
task to two members and records a year-end result; a member finds their own tasks from their home page; a
grassroots officer finds the members without a task. Each step leaves a screenshot."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.assignments import services
from dangbo.assignments.enums import TaskKind, TaskResult
from dangbo.assignments.models import TaskAssignment
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def _no_sideways_scroll(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _give(world: Any, member: Any, title: str) -> TaskAssignment:
    today = timezone.localdate()
    return services.assign_task(
        actor=world.officer, cell=world.cell_a1, members=[member], title=title, kind=TaskKind.PARTY_WORK,
        assigned_on=today.replace(month=1, day=5), deadline=today.replace(month=12, day=31),
    )[0]  # fmt: skip


def test_secretary_gives_a_task_to_two_members_and_records_a_result(page, world):
    make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)
    page.set_viewport_size(PHONE)
    log_in(page, "bithu_a1")
    assert "0/2" in page.locator("#home-tasks").inner_text()
    shot(page, "80-bi-thu-trang-chu-nhiem-vu-phone")

    page.click("#home-tasks-link")
    page.wait_for_selector("h1:has-text('Phân công nhiệm vụ đảng viên')")
    _no_sideways_scroll(page)
    shot(page, "81-bi-thu-danh-sach-nhiem-vu-phone")

    page.click("#assign-link")
    page.wait_for_selector("h1:has-text('Giao nhiệm vụ')")
    page.click("label:has-text('Nguyễn Văn Hùng')")  # the whole row is the tap target
    page.click("label:has-text('Đặng Thị Lan')")
    page.fill("#id_title", "Phụ trách tuyên truyền nghị quyết tại phòng")
    page.select_option("#id_kind", TaskKind.PARTY_WORK.value)
    _no_sideways_scroll(page)
    shot(page, "82-bi-thu-giao-nhiem-vu-phone")

    page.click("#assign-submit")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã giao nhiệm vụ cho 2 đảng viên." in page.locator(".messages").inner_text()
    assert "2/2" in page.locator("#task-coverage").inner_text()
    assert TaskAssignment.objects.filter(organization=world.cell_a1).count() == 2
    _no_sideways_scroll(page)
    shot(page, "83-bi-thu-da-giao-phone")

    page.click(f"#member-{world.m1.pk} a:has-text('Phụ trách tuyên truyền')")
    page.wait_for_selector("#result-form")
    page.select_option("#id_result", TaskResult.ON_TIME.value)
    page.fill("#id_completed_on", f"{timezone.localdate():%d/%m/%Y}")
    page.fill("#id_result_note", "Hoàn thành tốt")
    shot(page, "84-bi-thu-ghi-ket-qua-phone")
    page.click("#result-submit")
    page.wait_for_selector(".messages .msg-success")
    assert "Hoàn thành đúng hạn" in page.locator("#task-result").inner_text()
    assert page.locator("#task-progress").inner_text() == "100%"
    _no_sideways_scroll(page)
    shot(page, "85-bi-thu-da-ghi-ket-qua-phone")
    task = TaskAssignment.objects.get(member=world.m1)
    assert (task.result, task.progress) == (TaskResult.ON_TIME, 100)


def test_member_sees_their_own_tasks_from_home(page, world):
    _give(world, world.m1, "Giúp đỡ quần chúng Trần Văn Tú")
    _give(world, world.m2, "Nhiệm vụ của người khác")
    page.set_viewport_size(PHONE)
    log_in(page, "dangvien_m1")
    assert "Giúp đỡ quần chúng Trần Văn Tú" in page.locator("#home-tasks").inner_text()
    shot(page, "86-dang-vien-trang-chu-nhiem-vu-phone")
    page.click("#home-my-tasks")
    page.wait_for_selector("h1:has-text('Nhiệm vụ của tôi')")
    body = page.locator("main").inner_text()
    assert "Giúp đỡ quần chúng Trần Văn Tú" in body and "Nhiệm vụ của người khác" not in body
    _no_sideways_scroll(page)
    shot(page, "87-dang-vien-nhiem-vu-cua-toi-phone")


def test_grassroots_officer_finds_the_members_without_a_task(page, world):
    _give(world, world.m1, "Theo dõi công tác đoàn thể")
    page.set_viewport_size(PHONE)
    log_in(page, "canbo_a")
    page.click("#home-without-task")
    page.wait_for_selector("h1:has-text('Phân công nhiệm vụ đảng viên')")
    table = page.locator("table.task-table").inner_text()
    assert "Đặng Thị Lan" in table and "Nguyễn Văn Hùng" not in table
    assert "Chưa được giao" in table
    _no_sideways_scroll(page)
    shot(page, "88-co-so-dang-vien-chua-co-nhiem-vu-phone")
    page.click(f"#member-{world.m2.pk} a:has-text('Giao nhiệm vụ')")
    page.wait_for_selector("h1:has-text('Giao nhiệm vụ')")
    assert page.locator(f"#member-picks input[value='{world.m2.pk}']").count() == 1
    shot(page, "89-co-so-giao-nhiem-vu-con-thieu-phone")
