"""The movement rule sets the system ships (docs/rules.md, "Biến động đảng viên"): Quy định 24-QĐ/TW (2021) with
Hướng dẫn 01-HD/TW, and Quy định 294-QĐ/TW (2025) from 1/7/2025. Written out here so this migration keeps
shipping what it shipped; an administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

ABROAD_NOTE = (
    "chưa tìm thấy văn bản quy định thời hạn báo cáo sau khi về nước; mặc định 30 ngày làm việc, cấp ủy có thể sửa"
)
AGE_NOTE = (
    "Hướng dẫn 27-HD/BTCTW (2009) hiểu “tuổi cao” là quá tuổi lao động (nam 60, nữ 55); tuổi nghỉ hưu đang tăng "
    "theo lộ trình nên ngưỡng này là tham số, cấp ủy sửa khi có hướng dẫn mới"
)
REMIND_NOTE = "số ngày nhắc trước khi hết hạn sinh hoạt tạm thời do hệ thống đặt"


def params(source: str) -> dict:
    return {
        "transfer": {"start_working_days": 60, "present_working_days": 30, "source": source},
        "temporary": {
            "min_months": 3,
            "max_months": 12,
            "study_max_months": 24,
            "source": source,
        },
        "reminder": {"days_before": 15, "confidence": "assumed", "note": REMIND_NOTE},
        "abroad": {"report_working_days": 30, "confidence": "assumed", "note": ABROAD_NOTE},
        "residence": {
            "feedback_day": 15,
            "feedback_month": 11,
            "source": "Quy định 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị",
        },
        "exemption": {
            "old_age_men": 60,
            "old_age_women": 55,
            "source": "Hướng dẫn 27-HD/BTCTW ngày 25/9/2009",
            "confidence": "assumed",
            "note": AGE_NOTE,
        },
    }


def ship(apps, schema_editor):
    RuleSet = apps.get_model("movements", "MovementRuleSet")
    RuleSet.objects.create(
        code="CSH-2021",
        name="Chuyển sinh hoạt đảng, miễn sinh hoạt đảng theo Quy định 24-QĐ/TW",
        source_documents="Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương; Hướng dẫn số 01-HD/TW "
        "ngày 28/9/2021 của Ban Bí thư; Quy định 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị",
        citation="Quy định 24-QĐ/TW, Hướng dẫn 01-HD/TW",
        effective_from=dt.date(2021, 9, 28),
        effective_to=dt.date(2025, 6, 30),
        params=params("Hướng dẫn 01-HD/TW, mục 6.3"),
    )
    RuleSet.objects.create(
        code="CSH-2025",
        name="Chuyển sinh hoạt đảng, miễn sinh hoạt đảng theo Quy định 294-QĐ/TW",
        source_documents="Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương (thi hành Điều lệ "
        "Đảng); Quy định 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị",
        citation="Quy định 294-QĐ/TW",
        effective_from=dt.date(2025, 7, 1),
        params=params("Quy định 294-QĐ/TW, mục 6.3.1"),
    )


def unship(apps, schema_editor):
    apps.get_model("movements", "MovementRuleSet").objects.filter(code__in=["CSH-2021", "CSH-2025"]).delete()


class Migration(migrations.Migration):
    dependencies = [("movements", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
