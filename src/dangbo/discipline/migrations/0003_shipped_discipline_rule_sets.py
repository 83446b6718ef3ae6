"""The discipline rule sets the system ships (docs/rules.md, "Kỷ luật đảng"): Quy định 102-QĐ/TW (2017), Quy định
69-QĐ/TW (2022) and Quy định 69-QĐ/TW as amended by Quy định 264-QĐ/TW (from 14/2/2025), each read with the Party
Charter and Quy định 24-QĐ/TW / 294-QĐ/TW on its execution. Written out here so this migration keeps shipping what
it shipped; an administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

MEMBER = ["reprimand", "warning", "dismissal", "expulsion"]
PROBATIONARY = ["reprimand", "warning"]
ORGANIZATION = ["reprimand", "warning", "dissolution"]
UNLIMITED_KINDS = ["internal_politics", "national_security", "defence", "foreign_affairs", "illegal_diploma"]

VOTES_NOTE = (
    "Điều lệ Đảng và quy định thi hành: khiển trách, cảnh cáo cần quá một nửa, cách chức, khai trừ, giải tán cần "
    "trên hai phần ba số thành viên có quyền biểu quyết; cấp ủy sửa nếu văn bản áp dụng quy định khác"
)
COMPETENCE_NOTE = (
    "chi bộ: khiển trách, cảnh cáo đảng viên trong chi bộ; đảng ủy bộ phận: khiển trách, cảnh cáo (giả định); "
    "đảng ủy cơ sở và chi bộ cơ sở: mọi hình thức với đảng viên trong đảng bộ; cấp trên cơ sở: tất cả. Chưa mô "
    "hình hóa thẩm quyền riêng đối với cấp ủy viên các cấp"
)
COMPETENCE_ORG_NOTE = (
    "cấp ủy cấp trên trực tiếp khiển trách, cảnh cáo tổ chức đảng cấp dưới; giải tán do cấp trên cơ sở quyết định"
)
APPEAL_NOTE = "“một tháng kể từ ngày nhận quyết định” được hiểu là 30 ngày làm việc (hỏi đáp trên dangcongsan.vn)"
LAPSE_NOTE = (
    "sau một năm kể từ ngày quyết định (hoặc ngày giải quyết khiếu nại), nếu không khiếu nại và không vi phạm mới "
    "đến mức phải kỷ luật, quyết định chấm dứt hiệu lực; khai trừ và giải tán không áp dụng"
)


def params(limitation_source: str) -> dict:
    return {
        "forms": {
            "member": MEMBER,
            "probationary": PROBATIONARY,
            "organization": ORGANIZATION,
            "post_required": ["dismissal"],
            "source": "Điều lệ Đảng, Điều 35",
        },
        "votes": {
            "more_than_half": ["reprimand", "warning"],
            "more_than_two_thirds": ["dismissal", "expulsion", "dissolution"],
            "source": "Điều lệ Đảng, Điều 38",
            "confidence": "likely",
            "note": VOTES_NOTE,
        },
        "competence_member": {
            "party_group": [],
            "cell": PROBATIONARY,
            "sub_committee": PROBATIONARY,
            "grassroots_cell": MEMBER,
            "grassroots_committee": MEMBER,
            "upper": MEMBER,
            "source": "Điều lệ Đảng, Điều 36; " + limitation_source.split(",")[0],
            "confidence": "likely",
            "note": COMPETENCE_NOTE,
        },
        "competence_organization": {
            "party_group": [],
            "cell": [],
            "sub_committee": [],
            "grassroots_cell": [],
            "grassroots_committee": PROBATIONARY,
            "upper": ORGANIZATION,
            "source": "Điều lệ Đảng, Điều 37; " + limitation_source.split(",")[0],
            "confidence": "likely",
            "note": COMPETENCE_ORG_NOTE,
        },
        "limitation": {
            "reprimand": 5,
            "warning": 10,
            "dismissal": 10,
            "expulsion": None,
            "dissolution": None,
            "unlimited_kinds": UNLIMITED_KINDS,
            "source": limitation_source,
        },
        "appeal": {
            "working_days": 30,
            "source": "Điều lệ Đảng, Điều 39",
            "confidence": "likely",
            "note": APPEAL_NOTE,
        },
        "lapse": {
            "months": 12,
            "never": ["expulsion", "dissolution"],
            "source": "Điều lệ Đảng, Điều 39",
            "confidence": "likely",
            "note": LAPSE_NOTE,
        },
    }


def ship(apps, schema_editor):
    RuleSet = apps.get_model("discipline", "DisciplineRuleSet")
    RuleSet.objects.create(
        code="KL-2017",
        name="Kỷ luật đảng theo Quy định 102-QĐ/TW",
        source_documents="Điều lệ Đảng Cộng sản Việt Nam (2011); Quy định số 102-QĐ/TW ngày 15/11/2017 của Bộ Chính "
        "trị về xử lý kỷ luật đảng viên vi phạm",
        citation="Quy định 102-QĐ/TW",
        effective_from=dt.date(2017, 11, 15),
        effective_to=dt.date(2022, 7, 5),
        params=params("Quy định 102-QĐ/TW, Điều 3"),
    )
    RuleSet.objects.create(
        code="KL-2022",
        name="Kỷ luật tổ chức đảng, đảng viên vi phạm theo Quy định 69-QĐ/TW",
        source_documents="Điều lệ Đảng Cộng sản Việt Nam (2011); Quy định số 69-QĐ/TW ngày 06/7/2022 của Bộ Chính "
        "trị về kỷ luật tổ chức đảng, đảng viên vi phạm",
        citation="Quy định 69-QĐ/TW",
        effective_from=dt.date(2022, 7, 6),
        effective_to=dt.date(2025, 2, 13),
        params=params("Quy định 69-QĐ/TW, Điều 4"),
    )
    RuleSet.objects.create(
        code="KL-2025",
        name="Kỷ luật tổ chức đảng, đảng viên vi phạm theo Quy định 69-QĐ/TW, sửa đổi bởi Quy định 264-QĐ/TW",
        source_documents="Điều lệ Đảng Cộng sản Việt Nam (2011); Quy định số 69-QĐ/TW ngày 06/7/2022 của Bộ Chính "
        "trị; Quy định số 264-QĐ/TW ngày 14/02/2025 sửa đổi, bổ sung Quy định 69-QĐ/TW",
        citation="Quy định 69-QĐ/TW (sửa đổi bởi Quy định 264-QĐ/TW)",
        effective_from=dt.date(2025, 2, 14),
        params=params("Quy định 69-QĐ/TW, Điều 4, sửa đổi bởi Quy định 264-QĐ/TW"),
    )


def unship(apps, schema_editor):
    codes = ["KL-2017", "KL-2022", "KL-2025"]
    apps.get_model("discipline", "DisciplineRuleSet").objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("discipline", "0002_discipline_complete")]
    operations = [migrations.RunPython(ship, unship)]
