"""Recompute a year's KPI values: `manage.py recompute_kpis --year 2025 [--organization KHOI]`; store the current
year's cell-life figures of the upper-level organizations: `manage.py recompute_kpis --cell-life` (nightly)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangbo.organizations.commands import add_organization_argument, roots
from dangbo.planning.kpi import recompute_year, refresh_cell_life


class Command(BaseCommand):
    help = "Tính lại giá trị các chỉ tiêu của một năm (mặc định cho mọi tổ chức đảng cao nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, help="năm (bắt buộc, trừ với --cell-life: năm nay)")
        parser.add_argument(
            "--cell-life", action="store_true",
            help="chỉ lưu số liệu sinh hoạt chi bộ, nhiệm vụ năm nay của các tổ chức đảng cấp trên",
        )  # fmt: skip
        add_organization_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        cell_life = options["cell_life"]
        if options["year"] is None and not cell_life:
            raise CommandError("Cần --year (hoặc --cell-life).")
        year: int = options["year"] or timezone.localdate().year
        for root in roots(options["organization"]):
            started = time.perf_counter()
            if cell_life:
                written = refresh_cell_life(year=year, organization=root)
                self.stdout.write(f"{root.code} năm {year}: số liệu sinh hoạt chi bộ của {written} tổ chức đảng cấp "
                                  f"trên, {time.perf_counter() - started:.1f} giây")  # fmt: skip
                continue
            result = recompute_year(year=year, organization=root)
            self.stdout.write(
                f"{root.code} năm {year}: {result.rows} giá trị, {result.grassroots} tổ chức cơ sở đảng, "
                f"{time.perf_counter() - started:.1f} giây"
            )
