"""Compute the dues ledger's months: `manage.py dues_compute --from 2026-01 [--to 2026-12] [--organization KHOI]`."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.core.errors import DomainError
from dangbo.dues.compute import compute_months
from dangbo.dues.rules import months_from
from dangbo.organizations.commands import add_organization_argument, roots


def _month(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{value}-01")
    except ValueError as error:
        raise CommandError(f"Tháng “{value}” phải có dạng YYYY-MM.") from error


class Command(BaseCommand):
    help = "Tính sổ đảng phí các tháng cho mọi đảng viên trong danh sách (mặc định cho mọi tổ chức đảng cao nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="first", required=True, help="tháng đầu, YYYY-MM")
        parser.add_argument("--to", dest="last", help="tháng cuối, YYYY-MM (mặc định: tháng đầu)")
        add_organization_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        first = _month(options["first"])
        last = _month(options["last"]) if options["last"] else first
        if last < first:
            raise CommandError("Tháng cuối không được trước tháng đầu.")
        months = list(months_from(first, last))
        for root in roots(options["organization"]):
            started = time.perf_counter()
            try:
                result = compute_months(root=root, months=months)
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(
                f"{root.code}: {result.months} tháng, {result.rows} dòng sổ, {result.cells} chi bộ, "
                f"{result.removed} dòng bỏ đi, {time.perf_counter() - started:.1f} giây"
            )
