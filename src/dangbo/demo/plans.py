"""The demo's plans and tasks (issue 11 item 2): Kế hoạch 20-KH/ĐUK, preloaded with its task list, issued by the
bloc, with progress reported by the boards and by most grassroots organizations; and the bloc's plan for the
mid-term review of this year, whose tasks fall due around `today`, a few of them overdue.

    result = build_plans(bloc=bloc, seed=2024, today=dt.date(2026, 12, 6))

- 20-KH/ĐUK: each board reports on its ongoing tasks in each past year of the plan (in progress, a percent that
  grows); IV.1.6 ("trong tháng 4/2024") stays at 80%: overdue. Two in three grassroots organizations report on
  the grassroots tasks of section IV.6, half of them "done".
- The review plan (issued on 15 March of `today`'s year): the outline of the Ban Tổ chức done, the propaganda and
  office tasks overdue (one half-way), the inspection board's due in three working days ("due soon"), the
  grassroots organizations' reports due 20 days ago (three in four sent), and a yearly report on 15/11.

Rows are written in bulk; same seed, same `today`: same data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dangbo.accounts.models import Role
from dangbo.core.calendar import add_working_days
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization
from dangbo.planning.models import Plan, PlanTask, TaskProgress
from dangbo.planning.plan_deadlines import sort_key
from dangbo.planning.plan_enums import Board, DeadlineKind, OwnerKind, Stage, TaskState
from dangbo.planning.plans import library_entry

SEED_PLAN = "20-KH/ĐUK"
REVIEW_PLAN = "45-KH/ĐUK"
BOARD_WORDS = {
    Board.ORGANIZATION: "Ban Tổ chức đã tham mưu văn bản chỉ đạo, hướng dẫn; theo dõi, đôn đốc các tổ chức cơ sở đảng.",
    Board.PROPAGANDA: "Ban Tuyên giáo và Dân vận đã tham mưu tuyên truyền, giáo dục; tổ chức các lớp bồi dưỡng.",
    Board.INSPECTION: "Ủy ban Kiểm tra đã đưa nội dung vào chương trình kiểm tra, giám sát năm; giám sát chuyên đề.",
    Board.OFFICE: "Văn phòng đã hướng dẫn công tác tài chính đảng, đảng phí; triển khai phần mềm Sổ tay đảng viên.",
    Board.MASS_ORGANIZATIONS: "Các đoàn thể đã giới thiệu đoàn viên, hội viên ưu tú để cấp ủy bồi dưỡng.",
}
UNIT_WORDS = [
    "Đã quán triệt đến toàn thể đảng viên; xây dựng kế hoạch thực hiện của đảng bộ.",
    "Đã rà soát, kiện toàn tổ chức; sinh hoạt chuyên đề theo quý.",
    "Đã giao chỉ tiêu kết nạp đảng viên cho các chi bộ trực thuộc.",
]


@dataclass
class PlansResult:
    plans: int = 0
    tasks: int = 0
    progress: int = 0
    overdue_tasks: int = 0


def _grassroots(bloc: Organization) -> list[Organization]:
    return list(
        Organization.objects.filter(
            path__startswith=bloc.path, kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL],
            dissolved_on__isnull=True,
        ).order_by("path")
    )  # fmt: skip


def build_plans(*, bloc: Organization, seed: int, today: dt.date) -> PlansResult:
    rng = random.Random(seed + 42)
    units = _grassroots(bloc)
    result = PlansResult()
    rows: list[TaskProgress] = []
    seed_plan = Plan.objects.filter(document_number=SEED_PLAN).first()
    if seed_plan is not None:
        seed_plan.issuer = bloc
        seed_plan.save(update_fields=["issuer"])
        result.plans += 1
        rows += _seed_progress(seed_plan, units, rng, today)
    review = _review_plan(bloc, today)
    result.plans += 1
    rows += _review_progress(review, units, rng, today)
    TaskProgress.objects.bulk_create(rows, batch_size=2000)
    done_tasks = [r.task_id for r in rows if r.stage == Stage.DONE and r.board and r.task.deadline_kind == "date"]
    PlanTask.objects.filter(pk__in=done_tasks).update(state=TaskState.DONE)
    result.tasks = PlanTask.objects.filter(plan__issuer=bloc).count()
    result.progress = len(rows)
    dated = PlanTask.objects.filter(plan__issuer=bloc, deadline_kind=DeadlineKind.DATE, due_on__lt=today)
    result.overdue_tasks = dated.exclude(state__in=[TaskState.DONE, TaskState.CANCELLED]).count()
    return result


def _seed_progress(plan: Plan, units: list[Organization], rng: random.Random, today: dt.date) -> list[TaskProgress]:
    rows = []
    years = [y for y in plan.years() if y < today.year or (y == today.year and today.month > 6)]
    for task in plan.tasks.all():
        if task.owner_kind == OwnerKind.BOARD:
            for i, year in enumerate(years):
                percent = 80 if task.number == "IV.1.6" else min(30 + 25 * i, 90)
                rows.append(TaskProgress(
                    task=task, board=task.board, reported_on=dt.date(year, 12, 10) if year < today.year else today
                    - dt.timedelta(days=7), stage=Stage.IN_PROGRESS, percent=percent, result=BOARD_WORDS[Board(
                        task.board)],
                ))  # fmt: skip
        elif task.number.startswith("IV.6."):
            for unit in units:
                if rng.random() < 2 / 3:
                    done = rng.random() < 0.5
                    rows.append(TaskProgress(
                        task=task, organization=unit, reported_on=today - dt.timedelta(days=rng.randint(10, 200)),
                        stage=Stage.DONE if done else Stage.IN_PROGRESS, percent=100 if done else rng.choice(
                            [40, 50, 60, 70]), result=rng.choice(UNIT_WORDS),
                    ))  # fmt: skip
    return rows


def _review_plan(bloc: Organization, today: dt.date) -> Plan:
    issued = dt.date(today.year, 3, 15)
    plan = Plan.objects.create(
        document_number=REVIEW_PLAN, issuer=bloc, issuer_name=f"Ban Thường vụ {bloc.name}", issued_on=issued,
        title="Kế hoạch sơ kết giữa nhiệm kỳ thực hiện Nghị quyết số 21-NQ/TW và Kế hoạch số 20-KH/ĐUK",
        implements="Kế hoạch số 20-KH/ĐUK", year_from=today.year, year_to=today.year + 1,
        document=library_entry(REVIEW_PLAN, issued, bloc),
    )  # fmt: skip
    specs = [
        ("1", "Xây dựng đề cương báo cáo sơ kết, hướng dẫn các tổ chức cơ sở đảng", OwnerKind.BOARD,
         Board.ORGANIZATION, today - dt.timedelta(days=60), "Đề cương, hướng dẫn gửi các tổ chức cơ sở đảng"),
        ("2", "Tổ chức sơ kết ở đảng bộ, chi bộ cơ sở; gửi báo cáo về Đảng ủy Khối (qua Ban Tổ chức)",
         OwnerKind.GRASSROOTS, "", today - dt.timedelta(days=20), "Báo cáo sơ kết của từng tổ chức cơ sở đảng"),
        ("3", "Tuyên truyền kết quả, mô hình hay, cách làm hiệu quả qua sơ kết", OwnerKind.BOARD, Board.PROPAGANDA,
         today - dt.timedelta(days=10), "Tin, bài trên trang thông tin của Đảng ủy Khối"),
        ("4", "Giám sát việc sơ kết ở năm tổ chức cơ sở đảng", OwnerKind.BOARD, Board.INSPECTION,
         add_working_days(today, 3), "Thông báo kết quả giám sát"),
        ("5", "Bảo đảm kinh phí, tổng hợp số liệu đảng phí phục vụ sơ kết", OwnerKind.BOARD, Board.OFFICE,
         today - dt.timedelta(days=5), "Biểu tổng hợp số liệu"),
        ("6", "Tổng hợp, xây dựng báo cáo sơ kết của Ban Thường vụ Đảng ủy Khối", OwnerKind.BOARD, Board.ORGANIZATION,
         today + dt.timedelta(days=20), "Báo cáo sơ kết trình Ban Thường vụ"),
    ]  # fmt: skip
    tasks = [
        PlanTask(plan=plan, number=n, sort_key=sort_key(n), title=t, owner_kind=k, board=b,
                 deadline_kind=DeadlineKind.DATE, due_on=due, expected_result=r,
                 coordinating_boards=[Board.PROPAGANDA, Board.INSPECTION, Board.OFFICE] if n == "6" else [])
        for n, t, k, b, due, r in specs
    ]  # fmt: skip
    tasks.append(PlanTask(
        plan=plan, number="7", sort_key=sort_key("7"),
        title="Báo cáo kết quả thực hiện Nghị quyết số 21-NQ/TW hằng năm",
        owner_kind=OwnerKind.GRASSROOTS, deadline_kind=DeadlineKind.YEARLY, due_day=15, due_month=11,
        expected_result="Báo cáo năm gửi Ban Tổ chức Đảng ủy Khối",
    ))  # fmt: skip
    PlanTask.objects.bulk_create(tasks)
    return plan


def _review_progress(plan: Plan, units: list[Organization], rng: random.Random, today: dt.date) -> list[TaskProgress]:
    tasks = {t.number: t for t in plan.tasks.all()}
    rows = [
        TaskProgress(task=tasks["1"], board=Board.ORGANIZATION, reported_on=today - dt.timedelta(days=62),
                     stage=Stage.DONE, percent=100, result="Đã ban hành Hướng dẫn số 12-HD/BTCĐUK."),
        TaskProgress(task=tasks["3"], board=Board.PROPAGANDA, reported_on=today - dt.timedelta(days=12),
                     stage=Stage.IN_PROGRESS, percent=50, result="Đã đăng 4 tin, bài; còn chuyên mục mô hình hay."),
        TaskProgress(task=tasks["4"], board=Board.INSPECTION, reported_on=today - dt.timedelta(days=3),
                     stage=Stage.IN_PROGRESS, percent=60, result="Đã giám sát 3/5 tổ chức cơ sở đảng."),
    ]  # fmt: skip
    late = Role.objects.filter(user__username="coso").values_list("organization_id", flat=True).first()
    for unit in units:
        if unit.pk == late:  # the demo grassroots officer's organization has not sent its report: overdue
            continue
        if rng.random() < 0.75:
            rows.append(
                TaskProgress(
                    task=tasks["2"],
                    organization=unit,
                    reported_on=today - dt.timedelta(days=25),
                    stage=Stage.DONE,
                    percent=100,
                    result="Đã tổ chức hội nghị sơ kết, gửi báo cáo.",
                )
            )
        if rng.random() < 0.8:
            rows.append(TaskProgress(task=tasks["7"], organization=unit, year=today.year,
                                     reported_on=dt.date(today.year, 11, 10), stage=Stage.DONE, percent=100,
                                     result="Đã gửi báo cáo năm."))  # fmt: skip
    return rows
