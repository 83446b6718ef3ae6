"""The seed plan, Kế hoạch 20-KH/ĐUK (23/04/2024), and the targets of its section II as data."""

import datetime as dt
from decimal import Decimal

from django.db import migrations

DOCUMENT_NUMBER = "20-KH/ĐUK"

TO_2025 = (
    "Đến năm 2025: Hằng năm có trên 90% tổ chức cơ sở đảng, đảng viên được đánh giá, xếp loại hoàn thành tốt "
    "nhiệm vụ trở lên"
)
TO_2030 = (
    "Đến năm 2030: Hằng năm có trên 95% tổ chức cơ sở đảng, đảng viên được đánh giá, xếp loại hoàn thành tốt "
    "nhiệm vụ trở lên"
)
MODEL_CELLS = (
    "Đến năm 2025: … phấn đấu trên 20% số chi bộ đạt mô hình chi bộ kiểu mẫu; Đến năm 2030: … triển khai, "
    "nhân rộng các mô hình chi bộ kiểu mẫu đạt hiệu quả"
)
ADMISSIONS = (
    "Đến năm 2025 (và đến năm 2030): … phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ 3% đến 4% tổng số "
    "đảng viên của Đảng bộ Khối"
)

# metric, comparator, threshold, threshold_high, year_from, year_to, source text
TARGETS = [
    ("grassroots_good_or_better_pct", "gt", "90", None, 2024, 2025, TO_2025),
    ("members_good_or_better_pct", "gt", "90", None, 2024, 2025, TO_2025),
    ("grassroots_good_or_better_pct", "gt", "95", None, 2026, 2030, TO_2030),
    ("members_good_or_better_pct", "gt", "95", None, 2026, 2030, TO_2030),
    ("model_cells_pct", "gt", "20", None, 2024, 2030, MODEL_CELLS),
    ("admission_rate_pct", "between", "3", "4", 2024, 2030, ADMISSIONS),
]


def load_plan(apps, schema_editor):
    Plan = apps.get_model("planning", "Plan")
    Target = apps.get_model("planning", "Target")
    plan, created = Plan.objects.get_or_create(
        document_number=DOCUMENT_NUMBER,
        defaults={
            "title": (
                "Kế hoạch thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng "
                "(khóa XIII) về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ "
                "đảng viên trong giai đoạn mới"
            ),
            "issuer_name": "Ban Thường vụ Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình",
            "issued_on": dt.date(2024, 4, 23),
            "implements": "Nghị quyết 21-NQ/TW; Kế hoạch 146-KH/TU",
        },
    )
    if not created:
        return
    for metric, comparator, low, high, year_from, year_to, text in TARGETS:
        Target.objects.create(
            plan=plan,
            metric=metric,
            comparator=comparator,
            threshold=Decimal(low),
            threshold_high=Decimal(high) if high else None,
            year_from=year_from,
            year_to=year_to,
            source_text=text,
        )


def unload_plan(apps, schema_editor):
    apps.get_model("planning", "Plan").objects.filter(document_number=DOCUMENT_NUMBER).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0002_kpi_value_snapshots")]

    operations = [migrations.RunPython(load_plan, unload_plan)]
