"""Member's handbook benchmark: a member's home page and handbook over 1,000,000 members on PostgreSQL (issue 12:
the member's home page p95 ≤ 100 ms), through the whole Django stack as a phone asks for them (the test client,
signed in as a member: middleware, scope, selectors, templates), each beside a raw-SQL floor (the member's rows
the page reads, by the member's id).

    nice .venv/bin/python bench/handbook.py --members 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/dangbo_bench_statforms

Any database built by `badges_data.py` serves (the badges' or the statistical forms' one: the pages read the
member, their status periods, badges, ratings, tasks, dues and movements, all by the member's id). The member's
account (`dangvien_bench`, on a member in the middle of the tree) is made when missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from badges_data import build
from measuring import Measure, prepare, run_measures, save_figures

TARGET_MS = 100.0  # the member's home page, p95 (issue 12)
USERNAME = "dangvien_bench"
FLOOR_SQL = [
    "SELECT * FROM members_member WHERE id = %(id)s",
    "SELECT * FROM members_memberstatusperiod WHERE member_id = %(id)s",
    "SELECT * FROM recognition_badge WHERE member_id = %(id)s",
    "SELECT * FROM evaluations_rating WHERE member_id = %(id)s ORDER BY year DESC LIMIT 5",
    "SELECT count(*) FROM assignments_taskassignment WHERE member_id = %(id)s AND year = %(year)s",
    "SELECT sum(due), sum(paid) FROM dues_duesmonth WHERE member_id = %(id)s",
    "SELECT * FROM movements_movement WHERE member_id = %(id)s ORDER BY start DESC LIMIT 5",
]


def member_client() -> tuple[Any, int]:
    """A test client signed in as a member in the middle of the tree (the account made when missing)."""
    from django.test import Client

    from dangbo.accounts.enums import RoleKind
    from dangbo.accounts.models import Role, User
    from dangbo.members.models import Member

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        count = Member.objects.count()
        member = Member.objects.filter(status="full").order_by("id")[count // 2 : count // 2 + 1].get()
        user = User.objects.create_user(USERNAME, password=None)
        Role.objects.create(user=user, kind=RoleKind.MEMBER, organization_id=member.organization_id)
        member.user = user
        member.save(update_fields=["user"])
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client, Member.objects.get(user=user).pk


def page(client: Any, url: str) -> Callable[[], Any]:
    def call() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return call


def floor(member_id: int) -> Callable[[], Any]:
    import datetime as dt

    from django.db import connection

    def call() -> None:
        with connection.cursor() as cursor:
            for sql in FLOOR_SQL:
                cursor.execute(sql, {"id": member_id, "year": dt.date.today().year})
                cursor.fetchall()

    return call


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the data even at the same size")
    args, must_build = prepare(parser)
    if must_build:
        build(args.members)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    client, member_id = member_client()
    print(f"load average before: {os.getloadavg()[0]:.2f}; member {member_id}, {args.runs} runs each\n")
    measures: list[Measure] = [
        ("member's home page /", TARGET_MS, page(client, "/"), floor(member_id), 1),
        ("member's handbook /so-tay/", TARGET_MS, page(client, "/so-tay/"), floor(member_id), 1),
        ("handbook API /api/v1/me/", TARGET_MS, page(client, "/api/v1/me/"), floor(member_id), 1),
    ]
    rows = run_measures(measures, runs=args.runs, label_width=30, width=8)
    save_figures("handbook.json", {"members": args.members, "rows": rows})


if __name__ == "__main__":
    main()
