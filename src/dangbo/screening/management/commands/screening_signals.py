"""Store a year's screening signals: `manage.py screening_signals --year 2025 [--organization KHOI]`."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.core.errors import DomainError
from dangbo.organizations.commands import add_organization_argument, roots
from dangbo.screening.dues import NO_DATA_TEXT
from dangbo.screening.signals import refresh


class Command(BaseCommand):
    help = "Tính và lưu các dấu hiệu rà soát, sàng lọc đảng viên của một năm (mặc định cho mọi tổ chức đảng cao nhất)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True)
        add_organization_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        for root in roots(options["organization"]):
            started = time.perf_counter()
            try:
                result = refresh(year, root)
            except DomainError as error:
                raise CommandError(error.message) from error
            self.stdout.write(
                f"{root.code} năm {year}: {result.hits} dấu hiệu, {time.perf_counter() - started:.1f} giây"
                + ("" if result.dues_available else f". {NO_DATA_TEXT}")
            )
