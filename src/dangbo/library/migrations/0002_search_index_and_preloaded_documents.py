"""The library's accent-insensitive search index on PostgreSQL, and the documents every part of the system cites,
preloaded as entries without a file, published to the whole system: the bloc's plan 20-KH/ĐUK and what it
implements (Nghị quyết 21-NQ/TW, Kế hoạch 146-KH/TU), and the documents the shipped rule sets cite, with the
replacements and amendments between them. Their titles are the abridged subjects (trích yếu); a library keeper
attaches the files and corrects a title against the original in the library's edit form."""

import datetime as dt

from django.db import migrations

from dangbo.core.text import normalize_search

BCHTW = "Ban Chấp hành Trung ương"
BCT = "Bộ Chính trị"
BBT = "Ban Bí thư"
BTCTW = "Ban Tổ chức Trung ương"
KIND_WORDS = {
    "directive": "Chỉ thị", "resolution": "Nghị quyết", "decision": "Quyết định", "regulation": "Quy định",
    "plan": "Kế hoạch", "guidance": "Hướng dẫn",
}  # fmt: skip
CHARTER = "Thi hành Điều lệ Đảng"
INSPECTION = "Về công tác kiểm tra, giám sát và kỷ luật của Đảng"
RATING = "Về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị"
RATING_GUIDE = "Một số nội dung cụ thể về kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân"
CELL_LIFE = "Một số vấn đề cụ thể về nâng cao chất lượng sinh hoạt chi bộ"
NQ21 = (
    "Về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới"
)
# (number, symbol, kind, issued on, issuer, title)
DOCUMENTS = [
    ("20", "KH/ĐUK", "plan", dt.date(2024, 4, 23), "Đảng ủy Khối Các cơ quan và Doanh nghiệp tỉnh Thái Bình",
     "Thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng (khóa XIII) về tăng "
     "cường củng cố, xây dựng tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới"),
    ("21", "NQ/TW", "resolution", dt.date(2022, 6, 16), BCHTW, NQ21),
    ("146", "KH/TU", "plan", dt.date(2022, 12, 26), "Ban Thường vụ Tỉnh ủy Thái Bình",
     "Thực hiện Nghị quyết số 21-NQ/TW, ngày 16/6/2022 của Ban Chấp hành Trung ương Đảng (khóa XIII)"),
    ("24", "QĐ/TW", "regulation", dt.date(2021, 7, 30), BCHTW, CHARTER),
    ("01", "HD/TW", "guidance", dt.date(2021, 9, 28), BBT, "Một số vấn đề cụ thể thi hành Điều lệ Đảng"),
    ("294", "QĐ/TW", "regulation", dt.date(2025, 5, 26), BCHTW, CHARTER),
    ("22", "QĐ/TW", "regulation", dt.date(2021, 7, 28), BCHTW, INSPECTION),
    ("296", "QĐ/TW", "regulation", dt.date(2025, 5, 30), BCHTW, INSPECTION),
    ("102", "QĐ/TW", "regulation", dt.date(2017, 11, 15), BCT, "Về xử lý kỷ luật đảng viên vi phạm"),
    ("69", "QĐ/TW", "regulation", dt.date(2022, 7, 6), BCT, "Về kỷ luật tổ chức đảng, đảng viên vi phạm"),
    ("264", "QĐ/TW", "regulation", dt.date(2025, 2, 14), BCT,
     "Sửa đổi, bổ sung một số điều của Quy định số 69-QĐ/TW về kỷ luật tổ chức đảng, đảng viên vi phạm"),
    ("342", "QĐ/TW", "decision", dt.date(2010, 12, 28), BCT, "Ban hành Quy định về chế độ đảng phí"),
    ("01", "QĐ/TW", "regulation", dt.date(2026, 2, 3), BCT, "Về chế độ đảng phí"),
    ("124", "QĐ/TW", "regulation", dt.date(2023, 10, 10), BCT, RATING),
    ("25", "HD/BTCTW", "guidance", dt.date(2023, 10, 25), BTCTW, RATING_GUIDE),
    ("366", "QĐ/TW", "regulation", dt.date(2025, 8, 30), BCT, RATING),
    ("43", "HD/BTCTW", "guidance", dt.date(2025, 10, 31), BTCTW, RATING_GUIDE),
    ("12", "HD/BTCTW", "guidance", dt.date(2018, 7, 6), BTCTW, CELL_LIFE),
    ("50", "CT/TW", "directive", dt.date(2025, 7, 23), BBT, "Về nâng cao chất lượng sinh hoạt chi bộ"),
    ("42", "HD/BTCTW", "guidance", dt.date(2025, 10, 28), BTCTW, CELL_LIFE),
    ("28", "CT/TW", "directive", dt.date(2019, 1, 21), BBT,
     "Về nâng cao chất lượng kết nạp đảng viên và rà soát, sàng lọc, đưa những đảng viên không đủ tư cách ra khỏi "
     "Đảng"),
    ("02", "HD/BTCTW", "guidance", dt.date(2021, 4, 12), BTCTW,
     "Thực hiện Chỉ thị số 28-CT/TW về rà soát, sàng lọc, đưa những đảng viên không đủ tư cách ra khỏi Đảng"),
    ("213", "QĐ/TW", "regulation", dt.date(2020, 1, 2), BCT,
     "Về trách nhiệm của đảng viên đang công tác thường xuyên giữ mối liên hệ với tổ chức đảng và nhân dân nơi cư "
     "trú"),
    ("11", "HD/BTCTW", "guidance", dt.date(2021, 12, 13), BTCTW,
     "Về thống kê, báo cáo trong công tác tổ chức xây dựng Đảng (các mẫu biểu thống kê)"),
]  # fmt: skip
# (replaced or amended, by, how): references as "number-symbol/year"
LINKS = [
    ("24-QĐ/TW/2021", "294-QĐ/TW/2025", "replaced"),
    ("22-QĐ/TW/2021", "296-QĐ/TW/2025", "replaced"),
    ("102-QĐ/TW/2017", "69-QĐ/TW/2022", "replaced"),
    ("69-QĐ/TW/2022", "264-QĐ/TW/2025", "amended"),
    ("342-QĐ/TW/2010", "01-QĐ/TW/2026", "replaced"),
    ("124-QĐ/TW/2023", "366-QĐ/TW/2025", "replaced"),
    ("25-HD/BTCTW/2023", "43-HD/BTCTW/2025", "replaced"),
    ("12-HD/BTCTW/2018", "42-HD/BTCTW/2025", "replaced"),
]


def search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_document_search_trgm ON library_partydocument "
        "USING gin (search_text gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_document_path_pattern ON library_partydocument (path varchar_pattern_ops)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ("library_document_search_trgm", "library_document_path_pattern"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def preload(apps, schema_editor):
    PartyDocument = apps.get_model("library", "PartyDocument")
    Publication = apps.get_model("library", "Publication")
    by_reference = {}
    for number, symbol, kind, issued_on, issuer, title in DOCUMENTS:
        reference = f"{number}-{symbol}"
        words = [reference, number, symbol, KIND_WORDS[kind], title, issuer]
        document = PartyDocument.objects.create(
            number=number, symbol=symbol, kind=kind, title=title, issued_on=issued_on, year=issued_on.year,
            issuer_name=issuer, issuer_key=f"name:{normalize_search(issuer)}", path="", audience="whole_tree",
            search_text=normalize_search(" ".join(words))[:1000],
        )  # fmt: skip
        Publication.objects.create(document=document, path="")
        by_reference[f"{reference}/{issued_on.year}"] = document
    for old, new, how in LINKS:
        document, successor = by_reference[old], by_reference[new]
        document.validity = how
        if how == "replaced":
            document.replaced_by, document.expired_on = successor, successor.issued_on
        else:
            document.amended_by = successor
        document.save()


def unload(apps, schema_editor):
    PartyDocument = apps.get_model("library", "PartyDocument")
    preloaded = PartyDocument.objects.filter(path="", created_by__isnull=True, file="")
    preloaded.update(replaced_by=None, amended_by=None)
    preloaded.delete()


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]
    operations = [
        migrations.RunPython(search_index, drop_search_index, elidable=False),
        migrations.RunPython(preload, unload, elidable=False),
    ]
