"""Recompute a year's KPI values: `manage.py recompute_kpis --year 2025 [--organization KHOI]`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangbo.organizations.commands import add_organization_argument, roots
from dangbo.planning.kpi import recompute_year


class Command(BaseCommand):
    help = "Tính lại giá trị các chỉ tiêu của một năm (mặc định cho mọi tổ chức đảng cao nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        add_organization_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        for root in roots(options["organization"]):
            started = time.perf_counter()
            result = recompute_year(year=year, organization=root)
            self.stdout.write(
                f"{root.code} năm {year}: {result.rows} giá trị, {result.grassroots} tổ chức cơ sở đảng, "
                f"{time.perf_counter() - started:.1f} giây"
            )
