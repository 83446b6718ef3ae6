"""The inspection rule sets the system ships (docs/rules.md, "Kiểm tra, giám sát"): Quy định 22-QĐ/TW (2021) until
29/5/2025 and Quy định 296-QĐ/TW (30/5/2025), which replaced it, each read with the Party Charter. Written out here
so this migration keeps shipping what it shipped; an administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

ALL_LEVELS = ["upper", "grassroots", "below"]
BOTH = ["member", "organization"]
STAGES_NOTE = (
    "chưa tìm thấy văn bản quy định thời hạn từng bước; số ngày làm việc kể từ ngày quyết định do hệ thống đặt, "
    "cấp ủy sửa theo kế hoạch kiểm tra, giám sát của mình"
)
KINDS_NOTE = (
    "giám sát (thường xuyên, chuyên đề) không kết luận kỷ luật: phát hiện dấu hiệu vi phạm thì chuyển sang kiểm "
    "tra; chi bộ giám sát và kiểm tra đảng viên, tổ đảng trong chi bộ"
)
BODIES_NOTE = (
    "cấp trên cơ sở và đảng ủy cơ sở có cấp ủy (ban thường vụ) và ủy ban kiểm tra; chi bộ, đảng ủy bộ phận chỉ có "
    "cấp ủy; chi bộ cơ sở không có ủy ban kiểm tra nhưng được ghi như cấp cơ sở"
)


def stages(notice, report, verification, draft, conclusion, conclusion_notice, follow_up):
    return {
        "notice": notice,
        "report": report,
        "verification": verification,
        "draft": draft,
        "conclusion": conclusion,
        "conclusion_notice": conclusion_notice,
        "follow_up": follow_up,
        "confidence": "assumed",
        "note": STAGES_NOTE,
    }


def kind(source, *, subjects, levels, may_discipline, records_violation, confidence="likely", note=KINDS_NOTE):
    return {
        "subjects": subjects,
        "levels": levels,
        "may_discipline": may_discipline,
        "records_violation": records_violation,
        "source": source,
        "confidence": confidence,
        "note": note,
    }


def params(source: str) -> dict:
    return {
        "routine_supervision": kind(source, subjects=BOTH, levels=ALL_LEVELS, may_discipline=False,
                                    records_violation=False),
        "thematic_supervision": kind(source, subjects=BOTH, levels=ALL_LEVELS, may_discipline=False,
                                     records_violation=False),
        "suspected_violation": kind(source, subjects=BOTH, levels=ALL_LEVELS, may_discipline=True,
                                    records_violation=True, confidence="sure", note=""),
        "duty_execution": kind(source, subjects=["organization"], levels=["upper", "grassroots"], may_discipline=True,
                               records_violation=False),
        "party_finance": kind(source, subjects=["organization"], levels=["upper", "grassroots"], may_discipline=True,
                              records_violation=False),
        "bodies": {
            "upper": ["committee", "inspection_commission"],
            "grassroots": ["committee", "inspection_commission"],
            "below": ["committee"],
            "source": "Điều lệ Đảng, Điều 30, 32",
            "confidence": "likely",
            "note": BODIES_NOTE,
        },
        "stages_upper": stages(5, 15, 40, 50, 60, 65, 125),
        "stages_grassroots": stages(3, 10, 25, 35, 40, 45, 105),
        "stages_below": stages(3, 7, 15, 20, 25, 30, 90),
    }


def ship(apps, schema_editor):
    RuleSet = apps.get_model("inspection", "InspectionRuleSet")
    RuleSet.objects.create(
        code="KTGS-2021",
        name="Kiểm tra, giám sát theo Quy định 22-QĐ/TW",
        source_documents="Điều lệ Đảng Cộng sản Việt Nam (2011); Quy định số 22-QĐ/TW ngày 28/7/2021 của Ban Chấp "
        "hành Trung ương về công tác kiểm tra, giám sát và kỷ luật của Đảng",
        citation="Quy định 22-QĐ/TW",
        effective_from=dt.date(2021, 7, 28),
        effective_to=dt.date(2025, 5, 29),
        params=params("Quy định 22-QĐ/TW"),
    )
    RuleSet.objects.create(
        code="KTGS-2025",
        name="Kiểm tra, giám sát theo Quy định 296-QĐ/TW",
        source_documents="Điều lệ Đảng Cộng sản Việt Nam (2011); Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp "
        "hành Trung ương về công tác kiểm tra, giám sát và kỷ luật của Đảng (thay Quy định 22-QĐ/TW)",
        citation="Quy định 296-QĐ/TW",
        effective_from=dt.date(2025, 5, 30),
        params=params("Quy định 296-QĐ/TW"),
    )


def unship(apps, schema_editor):
    apps.get_model("inspection", "InspectionRuleSet").objects.filter(code__in=["KTGS-2021", "KTGS-2025"]).delete()


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
