"""The two rule sets the system ships (docs/rules.md): the 124 rules for 2023–2024, the 366 rules from 2025.

The values are written out here, not imported, so this migration keeps shipping what it shipped
when the code changes later. An administrator may edit them afterwards; reversing removes them.
"""

from django.db import migrations

RULES_124 = "Quy định 124-QĐ/TW, Hướng dẫn 25-HD/BTCTW"
RULES_366 = "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW"
KEPT_FROM_124 = (
    "Quy định 366-QĐ/TW, Hướng dẫn 43-HD/BTCTW chưa thấy nêu quy định này; tạm giữ như Quy định 124-QĐ/TW, "
    "quản trị viên có thể sửa trong bộ quy tắc"
)


def common(*, kept_source: str = "", kept_note: str = "") -> dict:
    """Groups shared by both rule sets; under 366 the 124 cap and triggers are kept as assumptions."""
    kept = (
        {"source": kept_source, "confidence": "assumed", "note": kept_note} if kept_source else {"confidence": "sure"}
    )
    kept_likely = dict(kept, confidence="assumed") if kept_source else {"confidence": "likely"}
    return {
        "not_rated": {
            "exempt": True,
            "suspended": True,
            "admitted_within_months": 6,
            "founded_within_months": 6,
            "confidence": "likely",
        },
        "sick_leave": {"min_months": 3, "max_level": "fulfilled", "confidence": "likely"},
        "forced_unfulfilled": {
            "disciplined_in_year": True,
            "targets_met_below_pct": 50,
            "degeneration": True,
            "leadership_disciplined": True,
            "subordinate_units_disciplined_over_pct": 20,
            **kept,
        },
        "collective_discipline": {
            "enabled": True,
            "max_level": "fulfilled",
            "self_remedied_exempt": True,
            **kept_likely,
        },
        "excellent_cap": {"ratio": 0.2, "scope": "organization", **kept},
    }


SCORE_366 = {
    "weights": {"general": 30, "tasks": 70},
    "bands": {
        "excellent": {"min_score": 90, "min_on_time_pct": 100, "min_exceeding_pct": 30},
        "good": {"min_score": 70, "min_on_time_pct": 100},
        "fulfilled": {"min_score": 50, "max_late_pct_collective": 20},
    },
    "criteria": {
        "member": [
            {"code": "political", "name": "Tư tưởng chính trị", "group": "general", "max": 8},
            {"code": "ethics", "name": "Phẩm chất đạo đức, lối sống", "group": "general", "max": 8},
            {"code": "discipline", "name": "Ý thức tổ chức kỷ luật, tinh thần đoàn kết", "group": "general", "max": 8},
            {
                "code": "style",
                "name": "Tác phong, lề lối làm việc, trách nhiệm nêu gương",
                "group": "general",
                "max": 6,
            },
            {
                "code": "assigned_tasks",
                "name": "Kết quả thực hiện chức trách, nhiệm vụ được giao",
                "group": "tasks",
                "max": 50,
            },
            {
                "code": "party_tasks",
                "name": "Kết quả thực hiện nhiệm vụ đảng viên được chi bộ phân công",
                "group": "tasks",
                "max": 20,
            },
        ],
        "collective": [
            {
                "code": "party_building",
                "name": "Xây dựng Đảng về chính trị, tư tưởng, đạo đức",
                "group": "general",
                "max": 10,
            },
            {
                "code": "organization_building",
                "name": "Xây dựng tổ chức đảng, công tác cán bộ, đảng viên",
                "group": "general",
                "max": 10,
            },
            {"code": "inspection", "name": "Công tác kiểm tra, giám sát, kỷ luật đảng", "group": "general", "max": 5},
            {"code": "mass_mobilization", "name": "Lãnh đạo công tác dân vận, đoàn thể", "group": "general", "max": 5},
            {
                "code": "political_tasks",
                "name": "Kết quả lãnh đạo thực hiện nhiệm vụ chính trị, chỉ tiêu được giao",
                "group": "tasks",
                "max": 70,
            },
        ],
    },
    "confidence": "sure",
}

SHIPPED = [
    {
        "code": "QD124-2023",
        "name": "Kiểm điểm, đánh giá, xếp loại chất lượng theo Quy định 124-QĐ/TW (năm 2023–2024)",
        "source_documents": (
            "Quy định 124-QĐ/TW ngày 10/10/2023 của Bộ Chính trị về kiểm điểm và đánh giá, xếp loại chất lượng "
            "hằng năm đối với tập thể, cá nhân trong hệ thống chính trị; Hướng dẫn 25-HD/BTCTW của Ban Tổ chức "
            "Trung ương"
        ),
        "citation": RULES_124,
        "effective_from": "2023-10-10",
        "effective_to": "2025-08-29",
        "method": "four_level_choice",
        "params": common(),
    },
    {
        "code": "QD366-2025",
        "name": "Kiểm điểm, đánh giá, xếp loại chất lượng theo Quy định 366-QĐ/TW (từ năm 2025)",
        "source_documents": (
            "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị; Hướng dẫn 43-HD/BTCTW ngày 31/10/2025 của Ban "
            "Tổ chức Trung ương. Mức trần Hoàn thành xuất sắc nhiệm vụ và các trường hợp xếp loại Không hoàn thành "
            "nhiệm vụ chưa thấy nêu: tạm giữ như Quy định 124-QĐ/TW (giả định)."
        ),
        "citation": RULES_366,
        "effective_from": "2025-08-30",
        "effective_to": None,
        "method": "score_100",
        "params": {**common(kept_source=RULES_124, kept_note=KEPT_FROM_124), "score": SCORE_366},
    },
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    for row in SHIPPED:
        RuleSet.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})


def backwards(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    RuleSet.objects.filter(code__in=[row["code"] for row in SHIPPED]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
