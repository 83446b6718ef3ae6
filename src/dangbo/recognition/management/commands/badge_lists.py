"""Store the badge lists kept ahead: `manage.py badge_lists [--award-date 2026-02-03 …] [--organization KHOI]`.

Nightly, without `--award-date`: the nearest award date and every date whose list is stored and not older than a
year, for every top-level organization (or the one named), so the bloc's lists catch the writes that skip the
per-member refresh (bulk imports)."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangbo.core.errors import DomainError
from dangbo.organizations.commands import add_organization_argument, roots
from dangbo.recognition.models import StoredBadgeList
from dangbo.recognition.selectors import nearest_award_date
from dangbo.recognition.stored_lists import store


class Command(BaseCommand):
    help = "Tính và lưu danh sách xét tặng Huy hiệu Đảng (mặc định: đợt gần nhất và các đợt đã lưu trong năm qua)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--award-date", action="append", type=dt.date.fromisoformat, default=[],
                            help="đợt trao tặng (YYYY-MM-DD), có thể nêu nhiều lần")  # fmt: skip
        add_organization_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        days: list[dt.date] = options["award_date"]
        for root in roots(options["organization"]):
            wanted = set(days)
            if not wanted:
                nearest = nearest_award_date(today)
                wanted = {nearest} if nearest else set()
                since = today - dt.timedelta(days=366)
                wanted |= set(StoredBadgeList.objects.filter(root=root, award_date__gte=since)
                              .values_list("award_date", flat=True))  # fmt: skip
            for day in sorted(wanted):
                started = time.perf_counter()
                try:
                    listed = store(root=root, award_date=day)
                except DomainError as error:
                    raise CommandError(error.message) from error
                self.stdout.write(f"{root.code} đợt {day:%d/%m/%Y}: {listed.entries.count()} dòng, "
                                  f"{time.perf_counter() - started:.1f} giây")  # fmt: skip
