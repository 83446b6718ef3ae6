"""The badge rule sets and the commendation kinds and levels the system ships (docs/rules.md, "Huy hiệu Đảng, khen
thưởng"): Quy định 24-QĐ/TW (2021) with Hướng dẫn 01-HD/TW, and Quy định 294-QĐ/TW (2025) from 1/7/2025, whose badge
rules were not found changed. Written out here so this migration keeps shipping what it shipped; an administrator
may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

WAIT_NOTE = (
    "6/9/12 tháng theo một bản tóm tắt Quy định 24-QĐ/TW, chưa đối chiếu nguyên văn; hệ thống đòi cả ba điều kiện: "
    "hết hiệu lực kỷ luật, đủ thời gian chờ, chi bộ công nhận"
)
CARRY_NOTE = (
    "khoảng thời gian danh sách nhìn lại để đưa vào các đảng viên đủ tuổi đảng ở đợt trước nhưng chưa được xét tặng "
    "vì kỷ luật; do hệ thống đặt, cấp ủy có thể sửa"
)
SAME_2025 = "nội dung như Quy định 24-QĐ/TW; chưa tìm thấy thay đổi năm 2025"


def params(source: str, *, same_note: str = "") -> dict:
    unchanged = {"confidence": "likely", "note": same_note} if same_note else {}
    return {
        "milestones": {"years": [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90], "source": source, **unchanged},
        "award_dates": {"days": ["03/02", "19/05", "02/09", "07/11"], "source": source, **unchanged},
        "early": {"months": 12, "long_months": 24, "long_from_years": 70, "source": source, **unchanged},
        "posthumous": {"months": 12, "source": source, **unchanged},
        "discipline": {
            "wait_months": {"reprimand": 6, "warning": 9, "dismissal": 12},
            "confirmation_required": True,
            "source": source,
            "confidence": "likely",
            "note": WAIT_NOTE,
        },
        "carry_over": {"months": 24, "confidence": "assumed", "note": CARRY_NOTE},
    }


LEVELS = [
    ("giay-khen-co-so", "Giấy khen của Đảng ủy cơ sở", "grassroots", 1),
    ("giay-khen-cap-tren", "Giấy khen của cấp ủy cấp trên cơ sở", "upper", 2),
    ("bang-khen-tinh-uy", "Bằng khen của Tỉnh ủy (cấp trên cơ sở đề nghị, ghi nhận quyết định)", "upper", 3),
]
KIND_SOURCE = "Hướng dẫn 21-HD/BTCTW ngày 20/3/2019 của Ban Tổ chức Trung ương, mục khen thưởng tổ chức đảng, đảng viên"
KINDS = [
    ("dv-xuat-sac-nam", "Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu trong năm", "member", 1,
     ["giay-khen-co-so"]),
    ("dv-xuat-sac-5-nam", "Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền", "member", 5,
     ["giay-khen-cap-tren", "bang-khen-tinh-uy"]),
    ("tccsd-xuat-sac-nam", "Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu", "organization", 1,
     ["giay-khen-cap-tren"]),
    ("tccsd-xuat-sac-5-nam", "Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền", "organization",
     5, ["giay-khen-cap-tren", "bang-khen-tinh-uy"]),
]  # fmt: skip


def ship(apps, schema_editor):
    RuleSet = apps.get_model("recognition", "BadgeRuleSet")
    RuleSet.objects.create(
        code="HHD-2021",
        name="Xét tặng Huy hiệu Đảng theo Quy định 24-QĐ/TW",
        source_documents="Quy định số 24-QĐ/TW ngày 30/7/2021 của Ban Chấp hành Trung ương (điểm 27); Hướng dẫn số "
        "01-HD/TW ngày 28/9/2021 của Ban Bí thư (mục 18); Hướng dẫn số 12-HD/BTCTW ngày 18/01/2022 (mục III.1)",
        citation="Quy định 24-QĐ/TW, Hướng dẫn 01-HD/TW",
        effective_from=dt.date(2021, 9, 28),
        effective_to=dt.date(2025, 6, 30),
        params=params("Quy định 24-QĐ/TW, điểm 27; Hướng dẫn 01-HD/TW, mục 18"),
    )
    RuleSet.objects.create(
        code="HHD-2025",
        name="Xét tặng Huy hiệu Đảng theo Quy định 294-QĐ/TW",
        source_documents="Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương (thi hành Điều lệ Đảng); "
        "Hướng dẫn số 01-HD/TW ngày 28/9/2021 của Ban Bí thư (mục 18)",
        citation="Quy định 294-QĐ/TW",
        effective_from=dt.date(2025, 7, 1),
        params=params("Quy định 294-QĐ/TW; Hướng dẫn 01-HD/TW, mục 18", same_note=SAME_2025),
    )
    Level = apps.get_model("recognition", "CommendationLevel")
    Kind = apps.get_model("recognition", "CommendationKind")
    levels = {code: Level.objects.create(code=code, name=name, deciding_level=deciding, rank=rank)
              for code, name, deciding, rank in LEVELS}  # fmt: skip
    for code, name, subject, years, level_codes in KINDS:
        kind = Kind.objects.create(code=code, name=name, subject=subject, excellent_years=years, source=KIND_SOURCE)
        kind.levels.set([levels[c] for c in level_codes])


def unship(apps, schema_editor):
    apps.get_model("recognition", "BadgeRuleSet").objects.filter(code__in=["HHD-2021", "HHD-2025"]).delete()
    apps.get_model("recognition", "CommendationKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()
    apps.get_model("recognition", "CommendationLevel").objects.filter(code__in=[lv[0] for lv in LEVELS]).delete()


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
