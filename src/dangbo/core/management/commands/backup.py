"""`manage.py backup [--keep N] [--dir PATH]`: the database, the uploaded files and a manifest (decision 0052)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from dangbo.core.backups.manifest import BackupError
from dangbo.core.backups.writing import create_backup


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a restore runs against an empty database
    help = (
        "Sao lưu cơ sở dữ liệu (PostgreSQL: pg_dump định dạng custom; SQLite: sao lưu trực tuyến) và các tệp tải lên "
        "vào một thư mục mới trong DANGBO_BACKUP_DIR, kèm bản kê có mã kiểm tra SHA-256 của từng tệp."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--keep", type=int, help="sau khi sao lưu xong, chỉ giữ N bản mới nhất (xóa các bản cũ hơn)"
        )
        parser.add_argument("--dir", help="thư mục sao lưu (mặc định: DANGBO_BACKUP_DIR)")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="cơ sở dữ liệu (mặc định: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["dir"]) if options["dir"] else None
        try:
            result = create_backup(
                connection=connections[options["database"]], directory=directory, keep=options["keep"]
            )
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        manifest = result.manifest
        size = sum(entry["bytes"] for entry in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {result.path}: cơ sở dữ liệu {manifest['database']['vendor']}, "
                f"{manifest['media']['files']} tệp tải lên, {size / 1024 / 1024:.1f} MB, {result.seconds:.1f} giây."
            )
        )
        if result.pruned:
            names = ", ".join(path.name for path in result.pruned)
            self.stdout.write(
                f"Đã xóa {len(result.pruned)} bản sao lưu cũ (giữ {options['keep']} bản mới nhất): {names}"
            )
