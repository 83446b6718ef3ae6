"""`manage.py send_notifications [--day dd/mm/yyyy]`: the daily run (cron, every morning)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.notifications.daily import run_daily


class Command(BaseCommand):
    help = "Tính các việc đến hạn, quá hạn của mọi người dùng, lưu thông báo và gửi thư (chạy hằng ngày)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", help="ngày tính (dd/mm/yyyy), mặc định hôm nay")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["day"]:
            try:
                day = dt.datetime.strptime(options["day"], "%d/%m/%Y").date()
            except ValueError as exc:
                raise CommandError("Ngày phải theo dạng dd/mm/yyyy.") from exc
        started = time.perf_counter()
        run = run_daily(today=day, trigger="command")
        new = run.counts.get("new", {})
        self.stdout.write(f"{run.day:%d/%m/%Y}: {sum(new.values())} thông báo mới, {run.emailed} thư, "
                          f"{time.perf_counter() - started:.1f} giây")  # fmt: skip
