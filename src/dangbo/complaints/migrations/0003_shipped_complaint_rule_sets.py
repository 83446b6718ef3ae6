"""The complaint rule sets the system ships (docs/rules.md, "Khiếu nại, tố cáo"): Quy định 22-QĐ/TW (2021) and
Quy định 296-QĐ/TW (from 30/5/2025) with Quy định 262-QĐ/TW on the final level. Written out here so this migration
keeps shipping what it shipped; an administrator may edit them afterwards; reversing removes them.
"""

import datetime as dt

from django.db import migrations

QD30 = "Quy định 30-QĐ/TW ngày 26/7/2016 (thời hạn giải quyết khiếu nại kỷ luật đảng)"
QD30_NOTE = (
    "thời hạn của Quy định 30-QĐ/TW (2016); chưa tìm thấy điều khoản tương ứng trong Quy định 22-QĐ/TW và "
    "296-QĐ/TW, dùng làm mặc định"
)
DENOUNCE = "Hướng dẫn giải quyết tố cáo đối với tổ chức đảng và đảng viên của chi bộ, ủy ban kiểm tra cơ sở"
UPPER_NOTE = "chưa tìm thấy thời hạn riêng cho cấp trên cơ sở; áp dụng như cấp cơ sở (90 + 30 ngày làm việc)"
PETITION_NOTE = (
    "chưa tìm thấy quy định của Đảng về thời hạn xử lý đơn kiến nghị, phản ánh; hệ thống đặt 60 ngày làm việc, "
    "cấp ủy có thể sửa"
)
NOTICE_NOTE = (
    "văn bản ghi “chậm nhất 5 ngày”, không nói là ngày làm việc; hệ thống tính 5 ngày làm việc như các thời hạn "
    "khác của Đảng, cấp ủy có thể đổi thành ngày lịch (working_days: false)"
)
FINAL_262 = {
    "reprimand": "Ủy ban Kiểm tra Trung ương",
    "warning": "Ủy ban Kiểm tra Trung ương",
    "dismissal": "Ủy ban Kiểm tra Trung ương",
    "expulsion": "Ban Bí thư (khai trừ do cấp ủy trực thuộc Trung ương và cấp dưới quyết định)",
    "dissolution": "Ban Bí thư",
}


def params(*, notice: dict, final: dict, not_considered: str) -> dict:
    return {
        "discipline_complaint": {
            "working_days": 90, "extension_working_days": 0, "central_working_days": 180, "source": QD30,
            "confidence": "likely", "note": QD30_NOTE,
        },
        "denunciation": {"working_days": 90, "extension_working_days": 30, "source": DENOUNCE,
                         "confidence": "likely"},
        "denunciation_upper": {"working_days": 90, "extension_working_days": 30, "source": DENOUNCE,
                               "confidence": "assumed", "note": UPPER_NOTE},
        "denunciation_central": {"days": 180, "extension_days": 60,
                                 "source": "Quy định 164-QĐ/TW ngày 06/6/2024 (cấp Trung ương)"},
        "petition": {"working_days": 60, "extension_working_days": 0, "source": "Thời hạn do cấp ủy đặt",
                     "confidence": "assumed", "note": PETITION_NOTE},
        "not_considered": {"source": not_considered, "confidence": "likely"},
        "notice": notice,
        "final_level": final,
    }  # fmt: skip


def ship(apps, schema_editor):
    RuleSet = apps.get_model("complaints", "ComplaintRuleSet")
    RuleSet.objects.create(
        code="KNTC-2021",
        name="Giải quyết khiếu nại, tố cáo trong Đảng theo Quy định 22-QĐ/TW",
        source_documents="Quy định số 22-QĐ/TW ngày 28/7/2021 của Ban Chấp hành Trung ương về công tác kiểm tra, "
        "giám sát và kỷ luật của Đảng; Quy định số 30-QĐ/TW ngày 26/7/2016; Quy định số 164-QĐ/TW ngày 06/6/2024",
        citation="Quy định 22-QĐ/TW",
        effective_from=dt.date(2021, 7, 28),
        effective_to=dt.date(2025, 5, 29),
        params=params(
            notice={"days": 5, "working_days": True, "source": "Quy định 296-QĐ/TW, Điều 8 khoản 5",
                    "confidence": "assumed", "note": "trước Quy định 296 chưa có thời hạn này; " + NOTICE_NOTE},
            final={**FINAL_262, "source": "Quy định 262-QĐ/TW ngày 03/02/2025 (sửa đổi Quy định 22-QĐ/TW)",
                   "confidence": "likely", "note": "trước ngày 03/02/2025 chưa đối chiếu văn bản cũ"},
            not_considered="Quy định 22-QĐ/TW (đơn nặc danh, mạo danh, không rõ địa chỉ, đơn gửi lại không có "
            "chứng cứ mới không xem xét, giải quyết)",
        ),
    )
    RuleSet.objects.create(
        code="KNTC-2025",
        name="Giải quyết khiếu nại, tố cáo trong Đảng theo Quy định 296-QĐ/TW",
        source_documents="Quy định số 296-QĐ/TW ngày 30/5/2025 của Ban Chấp hành Trung ương về công tác kiểm tra, "
        "giám sát và kỷ luật của Đảng; Quy định số 262-QĐ/TW ngày 03/02/2025; Quy định số 30-QĐ/TW ngày 26/7/2016; "
        "Quy định số 164-QĐ/TW ngày 06/6/2024",
        citation="Quy định 296-QĐ/TW",
        effective_from=dt.date(2025, 5, 30),
        params=params(
            notice={"days": 5, "working_days": True, "source": "Quy định 296-QĐ/TW, Điều 8 khoản 5",
                    "confidence": "assumed", "note": NOTICE_NOTE},
            final={**FINAL_262, "source": "Quy định 262-QĐ/TW ngày 03/02/2025"},
            not_considered="Quy định 296-QĐ/TW (đơn nặc danh, mạo danh, không rõ địa chỉ, đơn gửi lại không có "
            "chứng cứ mới không xem xét, giải quyết)",
        ),
    )


def unship(apps, schema_editor):
    apps.get_model("complaints", "ComplaintRuleSet").objects.filter(code__in=["KNTC-2021", "KNTC-2025"]).delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_rule_sets_extensions_notices")]
    operations = [migrations.RunPython(ship, unship)]
