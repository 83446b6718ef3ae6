"""Writes the introduction letter's Word template in this folder (giấy giới thiệu sinh hoạt đảng), in the party's
document format.

    python -m dangbo.movements.document_templates.build

The fields beyond the document frame's are those of `dangbo.movements.letters`; the parts every template shares are
in `dangbo.documents.template_build`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt

from dangbo.documents import template_build as tpl

HERE = Path(__file__).resolve().parent
LETTER = "giay-gioi-thieu-sinh-hoat-dang.docx"

# (label, field) of the member's particulars, one line each.
PARTICULARS = (
    ("Giới thiệu đồng chí:", "{{ full_name }}"),
    ("Sinh ngày:", "{{ birth_date }}"),
    ("Quê quán:", "{{ home_town }}"),
    ("Vào Đảng ngày:", "{{ admission_date }}"),
    ("Chính thức ngày:", "{{ full_membership_date }}"),
    ("Số thẻ đảng viên:", "{{ card_number }}"),
    ("Là đảng viên:", "{{ status_label }}, {{ from_cell }}"),
    ("Đến sinh hoạt đảng tại:", "{{ destination }}"),
    ("Lý do:", "{{ reason }}"),
)


def _paragraph(doc: DocxDocument, text: str, *, lead: str = "", indent: bool = True) -> None:
    tpl.body(doc, text, lead=lead, indent=indent, space_after=Pt(4))


def letter_template() -> DocxDocument:
    doc = tpl.new_document()
    tpl.header(doc)
    tpl.title(doc)
    _paragraph(doc, "{{ addressee }}", lead="Kính gửi:", indent=False)
    for label, value in PARTICULARS:
        _paragraph(doc, value, lead=label)
    _paragraph(
        doc,
        "Đề nghị {{ destination }} tiếp nhận và quản lý đảng viên. Đảng viên có trách nhiệm xuất trình giấy giới "
        "thiệu này với cấp ủy nơi đến trong thời hạn {{ present_days }} ngày làm việc kể từ ngày ký"
        "{% if present_by %} (đến hết ngày {{ present_by }}){% endif %}.",
    )
    _paragraph(doc, "Kèm theo hồ sơ đảng viên.")
    tpl.recipients(tpl.signature_block(doc))
    return doc


def build(folder: Path = HERE) -> list[Path]:
    return tpl.save_templates(folder, [(LETTER, letter_template)])


if __name__ == "__main__":
    for path in build():
        print(path.name)
