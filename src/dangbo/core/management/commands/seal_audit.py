"""Seal the audit log's new entries: `manage.py seal_audit` (the daily cron runs it; safe to run any time)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangbo.core.audit_chain import BATCH, seal


class Command(BaseCommand):
    help = "Niêm phong các mục nhật ký mới: đánh số thứ tự và mã băm nối chuỗi (chạy lại nhiều lần không sao)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=BATCH, help=f"số mục mỗi giao dịch (mặc định {BATCH})")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        sealed = seal(batch=max(1, options["batch"]))
        seconds = time.perf_counter() - started
        rate = f", {sealed / seconds:,.0f} mục/giây" if sealed and seconds else ""
        self.stdout.write(f"Đã niêm phong {sealed:,} mục nhật ký trong {seconds:.1f} giây{rate}.")
