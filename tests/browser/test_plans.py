"""Plans and their tasks in the browser, by clicking only from the home page, on a desktop and on a 390 px phone:
the officers of the propaganda board, of the inspection commission and of the office, and the officer of a
grassroots organization, each open the plan tasks card of the home page, reach a task they answer for and report
its progress; the bloc organization officer sees the overdue tasks of the whole committee, from the home page and
from the plans hub; the bloc's office officer makes a plan and a task from the plans hub, refused first without an
owner and with a deadline before the plan's date, nothing saved. Each page leaves a screenshot."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dangbo.accounts.enums import RoleKind
from dangbo.planning import plans
from dangbo.planning.models import Plan, PlanTask, TaskProgress
from tests.factories import make_user

from .conftest import log_in, shot

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
TODAY = timezone.localdate()


def _fits(page: Any, device: str) -> None:
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]


def _plan(world: Any, *, every_board: bool = False) -> dict[str, PlanTask]:
    """A plan of the bloc issued 120 days ago: the propaganda board's task overdue by ten days, the organization
    board's by thirty, grassroots A's by five; with `every_board`, the inspection commission's by twelve and the
    office's by eight."""
    issued = TODAY - dt.timedelta(days=120)
    plan = plans.create_plan(
        actor=world.bloc_officer, issuer=world.bloc, document_number="45-KH/ĐUK", issued_on=issued,
        title="Kế hoạch sơ kết giữa nhiệm kỳ thực hiện Nghị quyết số 21-NQ/TW", year_from=issued.year,
        year_to=issued.year + 1,
    )  # fmt: skip

    def add(number: str, title: str, days: int, **owner: Any) -> PlanTask:
        return plans.create_task(actor=world.bloc_officer, plan=plan, data={
            "number": number, "title": title, "deadline_kind": "date", "due_on": TODAY - dt.timedelta(days=days),
            "expected_result": "Báo cáo gửi Ban Thường vụ", **owner,
        })  # fmt: skip

    tasks = {
        "p": add("3", "Tuyên truyền kết quả, mô hình hay qua sơ kết", 10, owner_kind="board", board="propaganda"),
        "o": add("1", "Xây dựng đề cương báo cáo sơ kết", 30, owner_kind="board", board="organization"),
        "a": add("2", "Tổ chức sơ kết ở đảng bộ cơ sở", 5, owner_kind="unit", unit=world.org_a),
    }
    if every_board:
        tasks["i"] = add("4", "Giám sát việc sơ kết ở các đảng bộ cơ sở", 12, owner_kind="board", board="inspection")
        tasks["v"] = add("5", "Tổng hợp, trình Ban Thường vụ báo cáo sơ kết", 8, owner_kind="board", board="office")
    return tasks


# username, the role made for the test (None: one of the shared world's users), the task answered for, what the
# progress report records as its owner
PERSONAS = {
    "tuyengiao": (RoleKind.BLOC_PROPAGANDA_OFFICER, "p", "propaganda"),
    "ubkt_khoi": (RoleKind.BLOC_INSPECTION_OFFICER, "i", "inspection"),
    "vanphong": (RoleKind.BLOC_OFFICE_OFFICER, "v", "office"),
    "canbo_a": (None, "a", ""),
}


@pytest.mark.parametrize("username", list(PERSONAS))
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_owner_reports_progress_from_home(page: Any, world: Any, device: str, username: str) -> None:
    tasks = _plan(world, every_board=True)
    role, key, board = PERSONAS[username]
    if role is not None:
        make_user(username, role=role, organization=world.bloc)
    task = tasks[key]
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, username)
    assert page.inner_text("#home-plan-tasks-overdue") == "1"
    _fits(page, device)
    shot(page, f"kh01-{username}-trang-chu-{device}")
    page.click("#home-plan-tasks-link")
    page.wait_for_selector("#my-tasks")
    assert page.locator(f"#my-tasks #task-{task.pk}").count() == 1
    for other in tasks.values():
        if other != task:
            assert page.locator(f"#my-tasks #task-{other.pk}").count() == 0
    _fits(page, device)
    shot(page, f"kh02-{username}-nhiem-vu-cua-toi-{device}")
    page.click(f"#my-tasks #task-{task.pk} td a >> nth=0")
    page.wait_for_selector("#progress-form")
    page.fill("#id_reported_on", TODAY.strftime("%d/%m/%Y"))
    page.select_option("#id_stage", "in_progress")
    page.fill("#id_percent", "60")
    page.fill("#id_result", "Đã đăng 4 tin, bài về mô hình hay; còn chuyên mục cách làm hiệu quả.")
    _fits(page, device)
    shot(page, f"kh03-{username}-bao-cao-tien-do-{device}")
    page.click("#progress-submit")
    page.wait_for_selector(".messages .msg-success")
    assert "Đã đăng 4 tin, bài" in page.inner_text("#progress-history")
    assert page.inner_text("#task-percent") == "60%"
    _fits(page, device)
    shot(page, f"kh04-{username}-da-bao-cao-{device}")
    p = TaskProgress.objects.get(task=task)
    assert (p.board, p.percent) == (board, 60)
    if not board:
        assert p.organization_id == world.org_a.pk


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_bloc_officer_sees_overdue_tasks(page: Any, world: Any, device: str) -> None:
    tasks = _plan(world)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "bantochuc")
    committee = int(page.inner_text("#home-plan-tasks-committee"))
    assert committee >= 3
    shot(page, f"kh05-ban-to-chuc-trang-chu-{device}")
    page.click("#home-plan-tasks-link")
    page.wait_for_selector("#committee-overdue")
    for task in tasks.values():
        assert page.locator(f"#committee-overdue #task-{task.pk}").count() == 1
    _fits(page, device)
    shot(page, f"kh06-ban-to-chuc-nhiem-vu-qua-han-{device}")
    page.goto(page.base_url + "/")
    page.click("#nav-plans")
    page.click("#plans-plans")
    page.wait_for_selector("#plan-list")
    page.click("text=45-KH/ĐUK")
    page.wait_for_selector("#plan-overdue")
    assert "3 nhiệm vụ quá hạn" in page.inner_text("#plan-overdue")
    _fits(page, device)
    shot(page, f"kh07-ban-to-chuc-ke-hoach-{device}")


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_office_makes_a_plan_and_a_task_from_the_hub(page: Any, world: Any, device: str) -> None:
    make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)
    issued = TODAY - dt.timedelta(days=10)
    page.set_viewport_size(VIEWPORTS[device])
    log_in(page, "vanphong")
    page.click("#nav-plans")
    page.click("#plans-plans")
    page.click("#plan-new")
    page.select_option("#id_issuer", str(world.bloc.pk))
    page.fill("#id_document_number", "46-KH/ĐUK")
    page.fill("#id_title", "Kế hoạch tổ chức hội nghị sơ kết công tác văn phòng cấp ủy")
    page.fill("#id_issued_on", issued.strftime("%d/%m/%Y"))
    page.fill("#id_year_from", str(issued.year))
    page.fill("#id_year_to", str(issued.year + 1))
    _fits(page, device)
    shot(page, f"kh08-van-phong-lap-ke-hoach-{device}")
    # Leave the year field first, as a user moving on does: in headless Chromium at phone width, a click on the
    # button while a number field still has the focus scrolls the page between the press and the release and
    # misses the button.
    page.locator("#id_year_to").blur()
    page.click("#plan-form button[type=submit]")
    page.wait_for_selector("#task-new")
    plan = Plan.objects.get(document_number="46-KH/ĐUK")
    page.click("#task-new")
    page.fill("#id_number", "1")
    page.fill("#id_title", "Chuẩn bị tài liệu, hậu cần hội nghị")
    page.select_option("#id_deadline_kind", "date")
    page.fill("#id_due_on", (issued - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.click("#task-form button[type=submit]")
    page.wait_for_selector("text=Nhiệm vụ phải có ban hoặc đơn vị chủ trì.")
    _fits(page, device)
    shot(page, f"kh09-van-phong-thieu-chu-tri-{device}")
    page.select_option("#id_owner_kind", "board")
    page.select_option("#id_board", "office")
    page.click("#task-form button[type=submit]")
    page.wait_for_selector(f"text=không được trước ngày ban hành kế hoạch ({issued.strftime('%d/%m/%Y')})")
    _fits(page, device)
    shot(page, f"kh10-van-phong-han-truoc-ke-hoach-{device}")
    assert not PlanTask.objects.filter(plan=plan).exists()
    page.fill("#id_due_on", (TODAY + dt.timedelta(days=20)).strftime("%d/%m/%Y"))
    page.fill("#id_expected_result", "Tài liệu gửi đại biểu trước 3 ngày")
    page.click("#task-form button[type=submit]")
    page.wait_for_selector(".messages .msg-success")
    task = PlanTask.objects.get(plan=plan)
    assert (task.owner_kind, task.board, task.due_on) == ("board", "office", TODAY + dt.timedelta(days=20))
    assert "Chuẩn bị tài liệu, hậu cần hội nghị" in page.inner_text("main")
    _fits(page, device)
    shot(page, f"kh11-van-phong-da-them-nhiem-vu-{device}")
