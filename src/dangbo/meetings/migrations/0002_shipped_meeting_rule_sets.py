"""The two meeting rule sets the system ships (docs/rules.md, "Sinh hoạt chi bộ"): Hướng dẫn 12-HD/BTCTW (2018)
until 27/10/2025 and Chỉ thị 50-CT/TW with Hướng dẫn 42-HD/BTCTW (2025) from 28/10/2025.

The values are written out here, not imported, so this migration keeps shipping what it shipped when the code
changes later. An administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

HD12 = "Hướng dẫn 12-HD/BTCTW (2018)"
HD42 = "Chỉ thị 50-CT/TW, Hướng dẫn 42-HD/BTCTW (2025)"
PLAN = "Kế hoạch 20-KH/ĐUK"
QUORUM_NOTE = (
    "chưa tìm thấy quy định số đảng viên tối thiểu của buổi sinh hoạt thường kỳ; áp dụng như bầu cử: 2/3 đảng "
    "viên chính thức, không tính người chuyển sinh hoạt tạm thời, miễn sinh hoạt vắng mặt, bị đình chỉ"
)
ATTENDANCE_NOTE = "tiêu chí của Hướng dẫn 12 (2018); chưa đối chiếu được Hướng dẫn 42 (2025)"


def params(*, with_length: bool) -> dict:
    attendance = {"good_pct": 85, "max_consecutive_excused": 3}
    if with_length:
        attendance |= {"source": HD12, "confidence": "likely", "note": ATTENDANCE_NOTE}
    return {
        "frequency": {
            "monthly_kinds": ["regular", "combined", "online"],
            "thematic_kinds": ["thematic", "combined"],
            "thematic_per_quarter": 1,
            "source": f"{PLAN}; {HD42 if with_length else HD12}",
        },
        "length": (
            {"min_minutes": 90, "combined_min_minutes": 120}
            if with_length
            else {"min_minutes": None, "combined_min_minutes": None}
        ),
        "documents": {"lead_days": 1 if with_length else 0},
        "quorum": {
            "numerator": 2,
            "denominator": 3,
            "excluded_statuses": ["temp_transferred_out"],
            "confidence": "assumed",
            "note": QUORUM_NOTE,
        },
        "attendance": attendance,
    }


def ship(apps, schema_editor):
    RuleSet = apps.get_model("meetings", "MeetingRuleSet")
    RuleSet.objects.create(
        code="SH-2018",
        name="Nâng cao chất lượng sinh hoạt chi bộ (2018)",
        source_documents="Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018 của Ban Tổ chức Trung ương về một số vấn đề "
        "về nâng cao chất lượng sinh hoạt chi bộ; Kế hoạch 20-KH/ĐUK (sinh hoạt chuyên đề ít nhất 01 lần/quý)",
        citation=HD12,
        effective_from=dt.date(2018, 7, 6),
        effective_to=dt.date(2025, 10, 27),
        params=params(with_length=False),
    )
    RuleSet.objects.create(
        code="SH-2025",
        name="Tiếp tục nâng cao chất lượng sinh hoạt chi bộ (2025)",
        source_documents="Chỉ thị số 50-CT/TW ngày 23/7/2025 của Ban Bí thư; Hướng dẫn số 42-HD/BTCTW ngày "
        "28/10/2025 của Ban Tổ chức Trung ương; Kế hoạch 20-KH/ĐUK (sinh hoạt chuyên đề ít nhất 01 lần/quý)",
        citation="Hướng dẫn 42-HD/BTCTW (2025)",
        effective_from=dt.date(2025, 10, 28),
        params=params(with_length=True),
    )


def unship(apps, schema_editor):
    apps.get_model("meetings", "MeetingRuleSet").objects.filter(code__in=["SH-2018", "SH-2025"]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
