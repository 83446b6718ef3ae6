"""Archive a closed year of the audit log: `manage.py archive_audit --year 2024`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from dangbo.core.audit_archive import archive_year
from dangbo.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Chuyển nhật ký của một năm đã qua sang bảng lưu trữ (niêm phong trước, cả năm hoặc không gì); "
        "trang nhật ký vẫn tìm được khi đánh dấu “Kể cả nhật ký đã lưu trữ”."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="năm cần lưu trữ, YYYY")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        try:
            moved = archive_year(year=year, today=timezone.localdate())
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(f"Đã lưu trữ {moved:,} mục nhật ký năm {year}.")
