"""The two admission rule sets the system ships (docs/rules.md, "Kết nạp đảng viên"): the 2021 rules (Quy định
24-QĐ/TW, Hướng dẫn 01-HD/TW) until 30/06/2025 and the 2025 rules (Quy định 294-QĐ/TW) from 01/07/2025.

The values are written out here, not imported, so this migration keeps shipping what it shipped when the code
changes later. An administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

RULES_2021 = "Quy định 24-QĐ/TW, Hướng dẫn 01-HD/TW (2021)"
RULES_2025 = "Quy định 294-QĐ/TW (2025)"
CERTIFICATE_NOTE = (
    "chưa tìm thấy văn bản quy định thời hạn giấy chứng nhận; áp dụng 60 tháng, quản trị viên có thể sửa"
)
YOUTH_NOTE = "độ tuổi thanh niên lấy theo tuổi kết nạp đoàn viên (16–30)"
PLAN = "Kế hoạch 20-KH/ĐUK"
BARRED = ["quit_activities", "asked_to_leave", "serious_disunity", "corruption_conviction", "serious_crime"]
# Which dossier items must be on file before which step (rules.md §2).
DOSSIER = {
    "course": [],
    "application": ["certificate"],
    "verify": ["application", "background_form"],
    "sponsors": ["verification"],
    "cell_vote": ["certificate", "application", "background_form", "verification", "sponsor_letter", "opinions"],
    "committee": ["cell_resolution"],
    "decision": ["committee_resolution"],
    "ceremony": ["decision"],
    "recognition_vote": ["member_sheet"],
}


def params(*, residence_allowed: bool, readmission_confidence: str) -> dict:
    return {
        "age": {"min_months": 216, "max_months": 720},
        "education": {"min": "lower_secondary", "hard_area_min": "primary"},
        "certificate": {"valid_months": 60, "confidence": "assumed", "note": CERTIFICATE_NOTE},
        "sponsors": {"count": 2, "known_months": 12, "residence_allowed": residence_allowed},
        "youth": {"max_age": 30, "confidence": "likely", "note": YOUTH_NOTE},
        "vote": {"numerator": 2, "denominator": 3},
        "readmission": {
            "wait_months": 36,
            "cleared_record_months": 60,
            "max_times": 1,
            "barred_reasons": BARRED,
            "confidence": readmission_confidence,
        },
        "deadlines": {"ceremony_working_days": 30, "recognition_working_days": 30},
        "probation": {"months": 12, "max_inconclusive_votes": 3},
        "quota": {"suggested_percent": 3, "source": PLAN},
        "dossier": DOSSIER,
    }


SHIPPED = [
    {
        "code": "KN-2021",
        "name": "Kết nạp đảng viên theo Quy định 24-QĐ/TW và Hướng dẫn 01-HD/TW năm 2021",
        "source_documents": (
            "Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng; "
            "Hướng dẫn số 01-HD/TW ngày 28/9/2021 của Ban Bí thư về một số vấn đề cụ thể thi hành Điều lệ Đảng."
        ),
        "citation": RULES_2021,
        "effective_from": dt.date(2021, 7, 30),
        "effective_to": dt.date(2025, 6, 30),
        "params": params(residence_allowed=True, readmission_confidence="sure"),
    },
    {
        "code": "KN-2025",
        "name": "Kết nạp đảng viên theo Quy định 294-QĐ/TW năm 2025",
        "source_documents": (
            "Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành Điều lệ Đảng "
            "(hiệu lực từ 01/7/2025); các điểm chưa thấy sửa đổi giữ như Hướng dẫn 01-HD/TW năm 2021."
        ),
        "citation": RULES_2025,
        "effective_from": dt.date(2025, 7, 1),
        "effective_to": None,
        "params": params(residence_allowed=True, readmission_confidence="likely"),
    },
]


def ship(apps, schema_editor):
    AdmissionRuleSet = apps.get_model("admissions", "AdmissionRuleSet")
    for row in SHIPPED:
        AdmissionRuleSet.objects.update_or_create(code=row["code"], defaults=row)


def unship(apps, schema_editor):
    apps.get_model("admissions", "AdmissionRuleSet").objects.filter(code__in=[r["code"] for r in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("admissions", "0002_candidate_hard_area")]

    operations = [migrations.RunPython(ship, unship)]
