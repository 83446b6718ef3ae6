"""Writes the introduction letter's Word template in this folder (giấy giới thiệu sinh hoạt đảng), in the party's
document format.

    python -m dangbo.movements.document_templates.build

The .docx is what an officer edits in Word to change the wording; this script only makes the first version. The
`{{ field }}` tags are filled by `dangbo.documents.rendering` with the document frame's fields and those of
`dangbo.movements.letters`; `{%p … %}` tags stand on a paragraph of their own.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from dangbo.documents.docx_layout import (
    FOOTER_WIDTHS,
    HEADER_WIDTHS,
    TABLE_SIZE,
    TITLE_SIZE,
    frame_table,
    line,
    page_and_styles,
    run,
)

HERE = Path(__file__).resolve().parent
LETTER = "giay-gioi-thieu-sinh-hoat-dang.docx"
LEFT = WD_ALIGN_PARAGRAPH.LEFT

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
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = Pt(4)
    if lead:
        run(paragraph, lead + " ", bold=True)
    run(paragraph, text)


def letter_template() -> DocxDocument:
    doc = Document()
    page_and_styles(doc)
    issuer_cell, party_cell = frame_table(doc, HEADER_WIDTHS)
    for i, (text, bold) in enumerate(
        (("{%p if superior %}", False), ("{{ superior }}", False), ("{%p endif %}", False), ("{{ issuer }}", True),
         ("*", False), ("{{ number_line }}", False))
    ):  # fmt: skip
        line(issuer_cell, text, bold=bold, first=i == 0)
    line(party_cell, "{{ party_name }}", bold=True, underline=True, size=TITLE_SIZE, first=True)
    line(party_cell, "")
    line(party_cell, "{{ date_line }}", italic=True)
    line(doc, "")
    line(doc, "{{ title }}", bold=True, size=TITLE_SIZE).paragraph_format.keep_with_next = True
    line(doc, "{{ subtitle }}", bold=True, size=Pt(14)).paragraph_format.keep_with_next = True
    line(doc, "-----").paragraph_format.space_after = Pt(12)
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
    line(doc, "")
    recipients_cell, signer_cell = frame_table(doc, FOOTER_WIDTHS)
    line(recipients_cell, "Nơi nhận:", bold=True, underline=True, align=LEFT, first=True)
    line(recipients_cell, "{%p for recipient in recipients %}", size=TABLE_SIZE, align=LEFT)
    line(recipients_cell, "{{ recipient }}", size=TABLE_SIZE, align=LEFT)
    line(recipients_cell, "{%p endfor %}", size=TABLE_SIZE, align=LEFT)
    for i, text in enumerate(("{{ on_behalf }}", "{{ signer_title }}", "", "", "", "{{ signer_name }}")):
        line(signer_cell, text, bold=True, first=i == 0)
    return doc


def build(folder: Path = HERE) -> list[Path]:
    doc = letter_template()
    doc.core_properties.author = "Đảng bộ số"
    doc.core_properties.title = LETTER.removesuffix(".docx")
    target = folder / LETTER
    doc.save(str(target))
    return [target]


if __name__ == "__main__":
    for path in build():
        print(path.name)
