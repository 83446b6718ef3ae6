"""The parts every shipped Word template in the party document format shares, for the apps' `build.py` scripts:
the header (issuer on the left, the party's name and the date on the right), the title, the body paragraph, the
signature block and the saving of the files.

A shipped .docx is what an officer edits in Word to change the wording; a `build.py` only makes its first version
(and rebuilds it after a change there). The `{{ field }}` tags are filled by `dangbo.documents.rendering` with the
document frame's fields (`documents.frame`) and the app's own; `{%p … %}` tags stand on a paragraph of their own
(docxtpl replaces the whole paragraph).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Length, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from .docx_layout import FOOTER_WIDTHS, HEADER_WIDTHS, TABLE_SIZE, TITLE_SIZE, frame_table, line, page_and_styles, run

LEFT = WD_ALIGN_PARAGRAPH.LEFT
BODY_SPACE_AFTER = Pt(6)


def new_document() -> DocxDocument:
    """An empty A4 document with the party format's page and styles."""
    doc = Document()
    page_and_styles(doc)
    return doc


def header(doc: DocxDocument, *, number_line: bool = True) -> None:
    """The borderless header table: the issuer (under its superior, if any) and the document's number on the
    left; the party's name and the place and date on the right."""
    left, right = frame_table(doc, HEADER_WIDTHS)
    line(left, "{%p if superior %}", first=True)
    line(left, "{{ superior }}")
    line(left, "{%p endif %}")
    line(left, "{{ issuer }}", bold=True)
    line(left, "*")
    if number_line:
        line(left, "{{ number_line }}")
    line(right, "{{ party_name }}", bold=True, underline=True, size=TITLE_SIZE, first=True)
    line(right, "")
    line(right, "{{ date_line }}", italic=True)


def title(doc: DocxDocument, subject: str = "{{ subtitle }}") -> None:
    """A blank line, the document's title and its subject, kept with what follows, and the short rule."""
    line(doc, "")
    for text, size in (("{{ title }}", TITLE_SIZE), (subject, Pt(14))):
        line(doc, text, bold=True, size=size).paragraph_format.keep_with_next = True
    line(doc, "-----").paragraph_format.space_after = Pt(12)


def body(
    doc: DocxDocument, text: str, *, lead: str = "", indent: bool = True, space_after: Length = BODY_SPACE_AFTER
) -> DocxParagraph:
    """A body paragraph, justified, its first line indented unless `indent` is off; `lead` ("Điều 1.") in bold
    before it."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.paragraph_format.space_after = space_after
    if lead:
        run(paragraph, lead + " ", bold=True)
    run(paragraph, text)
    return paragraph


def signature_block(doc: DocxDocument) -> _Cell:
    """A blank line and the borderless signature table: the signer on the right (on behalf of, title, room to
    sign, name); the left cell is returned empty for the caller (recipients, a second signer)."""
    line(doc, "")
    left, right = frame_table(doc, FOOTER_WIDTHS)
    line(right, "{{ on_behalf }}", bold=True, first=True)
    line(right, "{{ signer_title }}", bold=True)
    for _ in range(3):
        line(right, "")
    line(right, "{{ signer_name }}", bold=True)
    return left


def recipients(cell: _Cell) -> None:
    """The "Nơi nhận" list of a decision or a letter, one recipient a line."""
    line(cell, "Nơi nhận:", bold=True, underline=True, align=LEFT, first=True)
    line(cell, "{%p for recipient in recipients %}", size=TABLE_SIZE, align=LEFT)
    line(cell, "{{ recipient }}", size=TABLE_SIZE, align=LEFT)
    line(cell, "{%p endfor %}", size=TABLE_SIZE, align=LEFT)


def save_templates(folder: Path, templates: Sequence[tuple[str, Callable[[], DocxDocument]]]) -> list[Path]:
    """Each (file name, maker) written into `folder`, titled by its file name; the paths written."""
    written = []
    for name, make in templates:
        doc = make()
        doc.core_properties.author = "Đảng bộ số"
        doc.core_properties.title = name.removesuffix(".docx")
        target = folder / name
        doc.save(str(target))
        written.append(target)
    return written
