"""`manage.py restore BACKUP [--force] [--check]`: a backup back into an empty database (decision 0052)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections

from dangbo.core.backups.manifest import BackupError
from dangbo.core.backups.restoring import check_backup, find_backup, restore_backup


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # a restore runs against an empty database
    help = (
        "Khôi phục một bản sao lưu (thư mục, hoặc tên của nó trong DANGBO_BACKUP_DIR) vào cơ sở dữ liệu trống và "
        "thư mục tệp tải lên. Dừng ứng dụng và các db_worker trước khi khôi phục."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", help="thư mục bản sao lưu, hoặc tên của nó (dangbo-YYYYMMDD-HHMMSS)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="khôi phục cả khi cơ sở dữ liệu hoặc thư mục tệp tải lên đã có dữ liệu: dữ liệu hiện có được sao lưu "
            "trước vào DANGBO_BACKUP_DIR, rồi mọi bảng và tệp tải lên hiện có bị xóa và thay bằng bản sao lưu",
        )
        parser.add_argument(
            "--check", action="store_true", help="chỉ kiểm tra bản sao lưu (mã kiểm tra, lược đồ), không khôi phục"
        )
        parser.add_argument("--no-media", action="store_true", help="không khôi phục các tệp tải lên")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="cơ sở dữ liệu đích (mặc định: default)")

    def handle(self, *args: Any, **options: Any) -> None:
        folder = find_backup(options["backup"])
        try:
            if options["check"]:
                manifest = check_backup(folder, connection=connections[options["database"]])
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Bản sao lưu {folder.name} (tạo lúc {manifest['created']}, phiên bản {manifest['version']}) "
                        "đầy đủ, khớp mã kiểm tra, khôi phục được."
                    )
                )
                return
            result = restore_backup(
                folder=folder,
                connection=connections[options["database"]],
                force=options["force"],
                with_media=not options["no_media"],
                say=self.stdout.write,
            )
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục {folder.name} (tạo lúc {manifest['created']}, phiên bản {manifest['version']}): "
                f"cơ sở dữ liệu {manifest['database']['vendor']}"
                + ("." if options["no_media"] else f", {manifest['media']['files']} tệp tải lên.")
            )
        )
        if result.migrations_to_apply:
            self.stdout.write(
                f"Bản sao lưu có lược đồ cũ hơn mã nguồn ({result.migrations_to_apply} migration chưa áp dụng): "
                "hãy chạy manage.py migrate."
            )
