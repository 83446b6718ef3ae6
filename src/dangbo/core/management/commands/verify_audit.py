"""Check the audit log's hash chain: `manage.py verify_audit` (exit code 1 and the first broken entry if any)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.core.audit_chain import seal, verify

REASONS = {
    "digest": "mã băm không khớp: nội dung hoặc niêm phong của mục đã bị sửa",
    "gap": "thiếu số thứ tự ngay trước mục này: có mục đã bị xóa",
    "repeated": "số thứ tự bị lặp",
}


class Command(BaseCommand):
    help = (
        "Kiểm tra chuỗi mã băm của nhật ký (cả phần đã lưu trữ); niêm phong các mục mới trước. "
        "Có mục bị sửa hoặc xóa thì báo mục đầu tiên và thoát với mã 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-seal", action="store_true", help="không niêm phong các mục mới trước khi kiểm tra")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_seal"]:
            seal()
        verdict = verify()
        if not verdict.ok:
            raise CommandError(
                f"Chuỗi nhật ký hỏng tại mục id={verdict.broken_id} (số thứ tự {verdict.broken_seq}): "
                f"{REASONS[verdict.reason]}. {verdict.checked:,} mục trước đó đúng.",
                returncode=1,
            )
        self.stdout.write(
            f"Chuỗi nhật ký đúng: {verdict.checked:,} mục đã niêm phong, {verdict.unsealed:,} mục chưa niêm phong."
        )
        # The head, to be kept outside the database: removing the newest entries is detected against it only.
        self.stdout.write(f"Mục cuối: số thứ tự {verdict.head_seq}, mã băm {verdict.head_digest}")
