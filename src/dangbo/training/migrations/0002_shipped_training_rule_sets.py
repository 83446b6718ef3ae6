"""The two training rule sets the system ships (docs/rules.md, "Đào tạo, bồi dưỡng"), one for each admission rule
set, so that the awareness certificate's validity here always equals the one the admission check applies (same
months, same source, the same [assumed] note): until 30/06/2025 under Quy định 24-QĐ/TW and Hướng dẫn 01-HD/TW,
from 01/07/2025 under Quy định 294-QĐ/TW.

The values are written out here, not imported, so this migration keeps shipping what it shipped when the code
changes later. An administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

RULES_2021 = "Quy định 24-QĐ/TW, Hướng dẫn 01-HD/TW (2021)"
RULES_2025 = "Quy định 294-QĐ/TW (2025)"
QD_54 = "Quy định 54-QĐ/TW (1999) về chế độ học tập lý luận chính trị trong Đảng"
CERTIFICATE_NOTE = (
    "chưa tìm thấy văn bản quy định thời hạn giấy chứng nhận; áp dụng 60 tháng, quản trị viên có thể sửa"
)
REFRESHER_NOTE = (
    "chưa tìm thấy văn bản quy định thời hạn; coi giấy chứng nhận bồi dưỡng nghiệp vụ có giá trị 60 tháng "
    "(một nhiệm kỳ chi bộ), quản trị viên có thể sửa"
)
LOOKBACK_NOTE = (
    "học xong trong thời gian dự bị (12 tháng); danh sách rà soát đảng viên kết nạp trong 24 tháng gần nhất "
    "(số tháng rà soát là giả định, quản trị viên có thể sửa)"
)
THEORY_NOTE = "đảng viên ở cơ sở học xong chương trình lý luận chính trị sơ cấp; văn bản năm 1999, cần đối chiếu"


def params(awareness_source: str) -> dict:
    without_end = {"valid_months": None}
    return {
        "certificates": {
            "awareness": {
                "valid_months": 60, "source": awareness_source, "confidence": "assumed", "note": CERTIFICATE_NOTE,
            },
            "new_member": {**without_end, "source": QD_54},
            "secretary_refresher": {
                "valid_months": 60, "source": QD_54, "confidence": "assumed", "note": REFRESHER_NOTE,
            },
            "theory_elementary": without_end,
            "theory_intermediate": without_end,
            "theory_advanced": without_end,
            "other": without_end,
        },
        "new_member_course": {
            "due_months": 12, "lookback_months": 24, "source": QD_54, "confidence": "assumed", "note": LOOKBACK_NOTE,
        },
        "theory": {"min_level": "elementary", "source": QD_54, "confidence": "likely", "note": THEORY_NOTE},
    }  # fmt: skip


SOURCES = (
    "Quy định số 54-QĐ/TW ngày 12/5/1999 của Bộ Chính trị về chế độ học tập lý luận chính trị trong Đảng; "
)
SHIPPED = [
    {
        "code": "DT-2021",
        "name": "Đào tạo, bồi dưỡng theo Quy định 54-QĐ/TW; giấy chứng nhận nhận thức về Đảng theo Quy định 24-QĐ/TW",
        "source_documents": SOURCES + (
            "Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng; "
            "Hướng dẫn số 01-HD/TW ngày 28/9/2021 của Ban Bí thư."
        ),
        "citation": RULES_2021,
        "effective_from": dt.date(2021, 7, 30),
        "effective_to": dt.date(2025, 6, 30),
        "params": params(RULES_2021),
    },
    {
        "code": "DT-2025",
        "name": "Đào tạo, bồi dưỡng theo Quy định 54-QĐ/TW; giấy chứng nhận nhận thức về Đảng theo Quy định 294-QĐ/TW",
        "source_documents": SOURCES + (
            "Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng "
            "(hiệu lực từ 01/7/2025)."
        ),
        "citation": RULES_2025,
        "effective_from": dt.date(2025, 7, 1),
        "effective_to": None,
        "params": params(RULES_2025),
    },
]


def ship(apps, schema_editor):
    TrainingRuleSet = apps.get_model("training", "TrainingRuleSet")
    for row in SHIPPED:
        TrainingRuleSet.objects.update_or_create(code=row["code"], defaults=row)


def unship(apps, schema_editor):
    apps.get_model("training", "TrainingRuleSet").objects.filter(code__in=[r["code"] for r in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(ship, unship)]
