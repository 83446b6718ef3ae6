"""The dues rule sets the system ships (docs/rules.md, "Đảng phí"): Quyết định 342-QĐ/TW (2010) until 31/1/2026
and Quy định 01-QĐ/TW (2026) from 1/2/2026. Written out here so this migration keeps shipping what it shipped;
an administrator may edit them afterwards; reversing removes them.

Rates are in basis points of the base (100 = 1%) or a fixed amount in dong a month. Each group may carry its
own `source`, `confidence` ("sure", "likely", "assumed") and `note`.
"""

import datetime as dt

from django.db import migrations

NOT_GIVEN = "nguồn không nêu mức đóng của đối tượng này; mức ghi ở đây là giả định, cấp ủy sửa khi có văn bản"
ROUNDING_NOTE = "văn bản không nêu cách làm tròn; hệ thống làm tròn đến đồng (từ 0,5 đồng lên)"
SHARES_342 = (
    "tỷ lệ trích giữ lại của Quyết định 342-QĐ/TW: chi bộ trực thuộc 30–50% do đảng ủy cơ sở quy định; tổ chức "
    "cơ sở đảng 70% (90% ở một số loại hình); mỗi cấp trên cơ sở 50%"
)
SHARES_01 = "chưa tìm thấy tỷ lệ trích giữ lại theo Quy định 01-QĐ/TW; tạm dùng tỷ lệ của Quyết định 342-QĐ/TW"
AGE_342 = "miễn đảng phí khi đủ 50 năm tuổi đảng là điểm mới của Quy định 01-QĐ/TW; Quyết định 342 không có mục này"
REDUCTION_342 = "mức giảm 30/50/70% trong tối đa 12 tháng là của Quy định 01-QĐ/TW; áp dụng cho 342 là giả định"


def shares(note: str, confidence: str) -> dict:
    return {
        "cell_min_percent": 30,
        "cell_max_percent": 50,
        "cell_default_percent": 30,
        "grassroots_percents": [70, 90],
        "grassroots_default_percent": 70,
        "above_percent": 50,
        "confidence": confidence,
        "note": note,
    }


def ship(apps, schema_editor):
    RuleSet = apps.get_model("dues", "DuesRuleSet")
    RuleSet.objects.create(
        code="DP-342",
        name="Chế độ đảng phí theo Quyết định 342-QĐ/TW",
        source_documents="Quyết định số 342-QĐ/TW ngày 28/12/2010 của Bộ Chính trị về chế độ đảng phí",
        citation="Quyết định 342-QĐ/TW",
        effective_from=dt.date(2011, 1, 1),
        effective_to=dt.date(2026, 1, 31),
        params={
            "categories": {
                "insured": {"basis_points": 100},
                "leave": {"basis_points": 100, "confidence": "likely"},
                "pensioner": {"basis_points": 50},
                "student": {"fixed": 2000, "confidence": "assumed", "note": NOT_GIVEN},
                "other": {"fixed": 2000, "confidence": "assumed", "note": NOT_GIVEN},
                "abroad": {"fixed": 50000, "confidence": "assumed", "note": NOT_GIVEN},
            },
            "rounding": {"unit": 1, "confidence": "assumed", "note": ROUNDING_NOTE},
            "party_age_exemption": {"years": None, "confidence": "likely", "note": AGE_342},
            "reduction": {"percents": [30, 50, 70], "max_months": 12, "confidence": "assumed", "note": REDUCTION_342},
            "shares": shares(SHARES_342, "likely"),
        },
    )
    RuleSet.objects.create(
        code="DP-01-2026",
        name="Chế độ đảng phí theo Quy định 01-QĐ/TW",
        source_documents="Quy định số 01-QĐ/TW ngày 03/02/2026 của Bộ Chính trị về chế độ đảng phí (thay thế "
        "Quyết định 342-QĐ/TW)",
        citation="Quy định 01-QĐ/TW",
        effective_from=dt.date(2026, 2, 1),
        params={
            "categories": {
                "insured": {"basis_points": 100},
                "leave": {"basis_points": 100},
                "pensioner": {"basis_points": 50},
                "student": {"fixed": 5000},
                "other": {"fixed": 5000, "confidence": "assumed", "note": NOT_GIVEN},
                "abroad": {"fixed": 50000, "confidence": "assumed", "note": NOT_GIVEN},
            },
            "rounding": {"unit": 1, "confidence": "assumed", "note": ROUNDING_NOTE},
            "party_age_exemption": {"years": 50},
            "reduction": {"percents": [30, 50, 70], "max_months": 12},
            "shares": shares(SHARES_01, "assumed"),
        },
    )


def unship(apps, schema_editor):
    apps.get_model("dues", "DuesRuleSet").objects.filter(code__in=["DP-342", "DP-01-2026"]).delete()


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
