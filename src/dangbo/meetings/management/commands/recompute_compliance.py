"""Recompute the quarterly compliance rows: `manage.py recompute_compliance [--year 2026] [--quarter 2]
[--organization KHOI]`. Without a year: the current quarter and the one before it (run it every night: a month
that ends turns a missing meeting red without any meeting changing)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from dangbo.meetings.compliance import quarter_of, recompute
from dangbo.organizations.commands import add_organization_argument, roots


class Command(BaseCommand):
    help = "Tính lại tình hình sinh hoạt chi bộ theo quý (mặc định: quý hiện tại và quý trước, mọi tổ chức đảng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        add_organization_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["year"]:
            periods = [(options["year"], options["quarter"])]
        else:
            year, quarter = quarter_of(timezone.localdate())
            periods = [(year, quarter), (year, quarter - 1) if quarter > 1 else (year - 1, 4)]
        for root in roots(options["organization"]):
            for year, quarter in periods:
                started = time.perf_counter()
                result = recompute(year=year, quarter=quarter, root=root)
                which = f"quý {quarter}/{year}" if quarter else f"năm {year}"
                self.stdout.write(f"{root.code} {which}: {result.rows} chi bộ-quý, "
                                  f"{time.perf_counter() - started:.1f} giây")  # fmt: skip
