"""Writes the admission decisions' Word templates in this folder, in the party's document format.

    python -m dangbo.admissions.document_templates.build

The fields beyond the document frame's are those of `dangbo.admissions.documents`; the parts every template shares
are in `dangbo.documents.template_build`.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument
from docx.shared import Pt

from dangbo.documents import template_build as tpl
from dangbo.documents.docx_layout import line

HERE = Path(__file__).resolve().parent
ADMISSION = "quyet-dinh-ket-nap.docx"
RECOGNITION = "quyet-dinh-cong-nhan-chinh-thuc.docx"


def _decides(doc: DocxDocument) -> None:
    line(doc, "{{ deciding_body }}", bold=True).paragraph_format.space_before = Pt(6)
    line(doc, "QUYẾT ĐỊNH:", bold=True).paragraph_format.space_after = Pt(6)


def _grounds(doc: DocxDocument) -> None:
    tpl.body(doc, "Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    tpl.body(doc, "Căn cứ {{ rule_citation }};")


def admission_template() -> DocxDocument:
    doc = tpl.new_document()
    tpl.header(doc)
    tpl.title(doc, "Về việc kết nạp đảng viên")
    _grounds(doc)
    tpl.body(
        doc,
        "Xét đề nghị của {{ cell_name }} (nghị quyết ngày {{ cell_vote_date }}) và của {{ committee_name }}"
        "{% if committee_resolution %} ({{ committee_resolution }}){% endif %},",
    )
    _decides(doc)
    tpl.body(
        doc,
        "Kết nạp đồng chí {{ full_name }}, sinh ngày {{ birth_date }}, quê quán: {{ home_town }}; "
        "nơi ở hiện nay: {{ residence }}; vào Đảng Cộng sản Việt Nam.",
        lead="Điều 1.",
    )
    tpl.body(
        doc,
        "Thời gian dự bị của đồng chí {{ full_name }} là 12 tháng, kể từ ngày chi bộ tổ chức lễ kết nạp. "
        "{{ cell_name }} tổ chức lễ kết nạp trong thời hạn 30 ngày làm việc kể từ ngày nhận được Quyết định này.",
        lead="Điều 2.",
    )
    tpl.body(
        doc,
        "{{ committee_name }}, {{ cell_name }}, các cơ quan liên quan và đồng chí có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 3.",
    )
    tpl.recipients(tpl.signature_block(doc))
    return doc


def recognition_template() -> DocxDocument:
    doc = tpl.new_document()
    tpl.header(doc)
    tpl.title(doc, "Về việc công nhận đảng viên chính thức")
    _grounds(doc)
    tpl.body(
        doc,
        "Căn cứ Quyết định số {{ decision_number }} ngày {{ decided_on }} của {{ issuer_name }} "
        "về việc kết nạp đảng viên;",
    )
    tpl.body(
        doc,
        "Xét đề nghị của {{ cell_name }} (nghị quyết ngày {{ recognition_vote_date }}) và của {{ committee_name }},",
    )
    _decides(doc)
    tpl.body(
        doc,
        "Công nhận đồng chí {{ full_name }}, sinh ngày {{ birth_date }}, quê quán: {{ home_town }}, kết nạp vào "
        "Đảng ngày {{ ceremony_date }}, là đảng viên chính thức kể từ ngày {{ full_membership_date }}.",
        lead="Điều 1.",
    )
    tpl.body(
        doc,
        "{{ committee_name }}, {{ cell_name }}, các cơ quan liên quan và đồng chí có tên tại Điều 1 "
        "chịu trách nhiệm thi hành Quyết định này.",
        lead="Điều 2.",
    )
    tpl.recipients(tpl.signature_block(doc))
    return doc


def build(folder: Path = HERE) -> list[Path]:
    return tpl.save_templates(folder, [(ADMISSION, admission_template), (RECOGNITION, recognition_template)])


if __name__ == "__main__":
    for path in build():
        print(path.name)
