"""The screening rule set the system ships (docs/rules.md, "Rà soát, sàng lọc"): Chỉ thị 28-CT/TW (2019) and
Hướng dẫn 02-HD/BTCTW (2021). Written out here so this migration keeps shipping what it shipped; an
administrator may edit it afterwards; reversing removes it.
"""

import datetime as dt

from django.db import migrations

UNFULFILLED_NOTE = (
    "cách hiểu của hệ thống: “vi phạm tư cách đảng viên hai năm liền” được tính là “xếp loại không hoàn thành "
    "nhiệm vụ hai năm liền”"
)
HELP_NOTE = "chưa tìm thấy quy định thời gian giúp đỡ cụ thể; mặc định 12 tháng, chi bộ có thể ghi khác"


def ship(apps, schema_editor):
    apps.get_model("screening", "ScreeningRuleSet").objects.create(
        code="SL-2021",
        name="Rà soát, sàng lọc, đưa đảng viên không đủ tư cách ra khỏi Đảng",
        source_documents="Chỉ thị số 28-CT/TW ngày 21/01/2019 của Ban Bí thư; Hướng dẫn số 02-HD/BTCTW ngày "
        "12/4/2021 của Ban Tổ chức Trung ương",
        citation="Chỉ thị 28-CT/TW, Hướng dẫn 02-HD/BTCTW",
        effective_from=dt.date(2021, 4, 12),
        params={
            "absence": {"months": 3},
            "dues": {"months": 3},
            "unfulfilled": {"years": 2, "confidence": "assumed", "note": UNFULFILLED_NOTE},
            "no_progress": {"months": 12},
            "vote": {"numerator": 2, "denominator": 3},
            "help": {"default_months": 12, "confidence": "assumed", "note": HELP_NOTE},
        },
    )


def unship(apps, schema_editor):
    apps.get_model("screening", "ScreeningRuleSet").objects.filter(code="SL-2021").delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
