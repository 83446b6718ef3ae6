"""`manage.py seed_demo`: build the demo bloc and print the demo accounts."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.demo.accounts import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    DEMO_PASSWORD,
    DemoAccount,
    create_admin,
    existing_demo_accounts,
)
from dangbo.demo.generator import build_demo, database_is_empty


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu: một Đảng bộ Khối với các tổ chức cơ sở đảng, đảng viên, cấp ủy, lịch sử sắp xếp."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=10_000, help="số đảng viên (mặc định 10000)")
        parser.add_argument("--seed", type=int, default=2024, help="hạt giống ngẫu nhiên (mặc định 2024)")
        parser.add_argument(
            "--flush-if-empty-only",
            action="store_true",
            help="chỉ tạo khi cơ sở dữ liệu còn trống; đã có dữ liệu thì bỏ qua (không báo lỗi, không xóa gì)",
        )
        parser.add_argument(
            "--no-ratings",
            action="store_true",
            help="không tạo các đợt đánh giá, xếp loại chất lượng, kỷ luật, danh hiệu và chỉ số kế hoạch",
        )
        parser.add_argument("--quiet", action="store_true", help="không in tiến độ")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet: bool = options["quiet"]
        if not database_is_empty():
            if options["flush_if_empty_only"]:
                if not quiet:
                    self.stdout.write("Cơ sở dữ liệu đã có dữ liệu: giữ nguyên, không tạo dữ liệu mẫu.")
                    accounts = existing_demo_accounts()
                    if accounts:
                        self._print_accounts(accounts)
                return
            raise CommandError(
                "Cơ sở dữ liệu đã có tổ chức hoặc đảng viên: không tạo dữ liệu mẫu chồng lên "
                "(dùng --flush-if-empty-only để bỏ qua khi đã có dữ liệu)."
            )
        if options["members"] < 10:
            raise CommandError("--members phải từ 10 trở lên.")
        started = time.monotonic()
        progress = None if quiet else (lambda message: self.stdout.write(message))
        result = build_demo(
            members=options["members"], seed=options["seed"], progress=progress, ratings=not options["no_ratings"]
        )
        create_admin()
        elapsed = time.monotonic() - started
        out = self.stdout.write
        out(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu trong {elapsed:.0f} giây: {result.grassroots:,} tổ chức cơ sở đảng, "
                f"{result.cells:,} chi bộ, {result.members:,} đảng viên, {result.restructurings} lần sắp xếp tổ chức."
            )
        )
        if result.ratings is not None and result.ratings.closed_years:
            r = result.ratings
            years = ", ".join(str(y) for y in r.closed_years)
            out(
                f"Đánh giá, xếp loại chất lượng: đã khóa các năm {years}"
                + (f"; năm {r.open_year} đang đánh giá" if r.open_year else "")
                + f"; {r.disciplines} quyết định kỷ luật, {r.designations} chi bộ kiểu mẫu."
            )
        if result.admissions is not None:
            a = result.admissions
            out(f"Kết nạp đảng: {a.candidates:,} hồ sơ (từ 2023), {a.quotas} chỉ tiêu năm.")
        if result.cell_life is not None:
            c = result.cell_life
            out(
                f"Sinh hoạt chi bộ: {c.meetings:,} buổi (hai năm), {c.attendances:,} lượt điểm danh; "
                f"{c.tasks:,} nhiệm vụ năm nay; {len(c.flagged)} đảng viên vắng không lý do từ 3 tháng trở lên."
            )
        if result.movements is not None:
            mv = result.movements
            out(
                f"Biến động đảng viên 2024–2026: {sum(mv.counts.values()):,} hồ sơ "
                f"({len(mv.overdue_handover)} chuyển đi quá hạn bàn giao); {mv.introductions:,} đảng viên giới "
                f"thiệu về nơi cư trú, {mv.feedback:,} nhận xét của chi bộ nơi cư trú."
            )
        if result.dues is not None:
            d = result.dues
            out(
                f"Đảng phí: {d.rows:,} dòng sổ trong {d.months} tháng, {d.reliefs} quyết định miễn, giảm, "
                f"{d.remittances:,} lần nộp cấp trên; {len(d.arrears)} đảng viên nợ từ 3 tháng trở lên trong năm."
            )
        if result.training is not None:
            t = result.training
            out(
                f"Đào tạo, bồi dưỡng: {t.courses:,} lớp 2024–2026, {t.enrollments:,} lượt học viên, {t.certificates:,} "
                f"giấy chứng nhận, {t.qualifications:,} bằng lý luận chính trị; {len(t.awareness_for_proposed)} quần "
                "chúng đã có giấy chứng nhận nhận thức về Đảng chờ ghi bước kết nạp."
            )
        if result.plans is not None:
            p = result.plans
            out(
                f"Kế hoạch: {p.plans} kế hoạch, {p.tasks} nhiệm vụ, {p.progress:,} báo cáo tiến độ; {p.overdue_tasks} "
                "nhiệm vụ quá hạn."
            )
        if result.inspection is not None:
            i = result.inspection
            out(
                f"Kiểm tra, giám sát năm trước và năm nay: {i.programmes} chương trình, {sum(i.cases.values())} cuộc "
                f"({len(i.overdue)} quá hạn), {len(i.disciplines)} quyết định kỷ luật, {i.proposals} đề nghị lên cấp "
                "trên."
            )
        if result.report_requests is not None and result.report_requests.request is not None:
            cycle = result.report_requests
            assert cycle.request is not None
            out(
                f"Báo cáo năm {cycle.request.year}: {sum(cycle.counts.values())} tổ chức cơ sở phải gửi, "
                f"{cycle.counts.get('accepted', 0)} đã tiếp nhận, {cycle.counts.get('submitted', 0)} chờ tiếp nhận, "
                f"{cycle.counts.get('returned', 0)} bị trả lại, {cycle.counts.get('pending', 0)} quá hạn chưa gửi."
            )
        if result.library is not None:
            lib = result.library
            out(
                f"Thư viện văn bản: {lib.documents} văn bản của Đảng ủy Khối ({lib.with_files} có tệp, {lib.replaced} "
                "đã được thay thế), cùng các văn bản của Trung ương, của tỉnh và Kế hoạch 20-KH/ĐUK nạp sẵn."
            )
        if result.notices is not None:
            notices = result.notices
            out(
                f"Sổ tay đảng viên: {notices.replies:,} trả lời giấy mời cho {notices.meetings:,} buổi sinh hoạt sắp "
                f"tới; {notices.notifications:,} thông báo của lần chạy hằng ngày."
            )
        self._print_accounts(result.accounts)

    def _print_accounts(self, accounts: list[DemoAccount]) -> None:
        out = self.stdout.write
        out("")
        out(f"Tài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for a in accounts:
            out(f"  {a.username:<10} {a.role_label} — {a.organization}" + (f" ({a.person})" if a.person else ""))
        out("")
        out(f"Quản trị hệ thống (/quan-tri/ — không dùng cho công việc hằng ngày): {ADMIN_USERNAME} / {ADMIN_PASSWORD}")
