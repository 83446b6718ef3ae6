"""The one checker of uploaded files: kinds told by content, renamed and look-alike files refused, sizes, names."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dangbo.core import uploads
from dangbo.core.errors import DomainError
from dangbo.core.uploads import DOC, DOCX, JPEG, KINDS, PDF, PNG, XLSX, check_upload, clean_name, sniff


def zipped(*parts: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for part in parts:
            archive.writestr(part, "<x/>")
    return out.getvalue()


CONTENT = {
    PDF: b"%PDF-1.7\n%\xe2\xe3 report",
    JPEG: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 photo",
    PNG: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR scan",
    DOC: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00 old word",
    DOCX: zipped("word/document.xml", "word/styles.xml"),
    XLSX: zipped("xl/workbook.xml", "xl/worksheets/sheet1.xml"),
}
MB = 1024 * 1024


def upload(content: bytes, name: str = "tep") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.code)
def test_every_kind_is_told_by_its_content_and_the_file_left_at_its_start(kind):
    file = upload(CONTENT[kind], "khong-duoi")
    file.read(3)
    assert sniff(file) is kind
    assert file.tell() == 0
    found, name, size = check_upload(file, allowed=KINDS, max_bytes=MB)
    assert (found, name, size) == (kind, "khong-duoi", len(CONTENT[kind]))
    assert file.read() == CONTENT[kind]


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 a program", b"<html><script>alert(1)</script>", b"PK\x03\x04 broken zip", b"%PD", b"\x00" * 40,
     zipped("content.xml", "META-INF/manifest.xml"), zipped("docProps/app.xml")],
    ids=["exe", "html", "broken-zip", "short", "zeros", "odt", "zip-without-word-or-excel"],
)  # fmt: skip
def test_other_content_is_no_kind_and_refused(content):
    assert sniff(upload(content)) is None
    with pytest.raises(DomainError) as refused:
        check_upload(upload(content, "bao-cao.docx"), allowed=KINDS, max_bytes=MB)
    assert refused.value.field == "file"
    assert refused.value.message == (
        "Chỉ nhận tệp PDF, JPEG, PNG, Word 97–2003 (.doc), Word (.docx) hoặc Excel (.xlsx) "
        "(nội dung tệp không đúng các loại này)."
    )


def test_a_zip_that_is_not_word_is_refused_where_only_word_is_taken():
    for content in (CONTENT[XLSX], zipped("content.xml")):
        with pytest.raises(DomainError, match=r"^Chỉ nhận tệp PDF hoặc Word \(\.docx\) \(nội dung"):
            check_upload(upload(content, "de-cuong.docx"), allowed=(PDF, DOCX), max_bytes=MB)


def test_a_renamed_file_of_another_kind_is_refused_by_its_content():
    with pytest.raises(DomainError, match=r"^Chỉ nhận tệp PDF, JPEG hoặc PNG \(nội dung"):
        check_upload(upload(CONTENT[DOCX], "anh.png"), allowed=(PDF, JPEG, PNG), max_bytes=MB)
    kind, name, _ = check_upload(upload(CONTENT[PNG], "bien-ban.pdf"), allowed=(PDF, PNG), max_bytes=MB)
    assert kind is PNG and name == "bien-ban.pdf"


def test_with_a_declared_kind_the_content_must_be_the_kind_the_name_declares():
    kind, _, _ = check_upload(upload(CONTENT[JPEG], "Anh.JPEG"), allowed=(PDF, JPEG), max_bytes=MB, declared=True)
    assert kind is JPEG
    with pytest.raises(DomainError) as refused:
        check_upload(upload(CONTENT[PDF], "bang.xlsx"), allowed=(PDF, XLSX), max_bytes=MB, declared=True,
                     noun="Tệp minh chứng", field="evidence")  # fmt: skip
    assert refused.value.field == "evidence"
    assert refused.value.message == (
        "Tệp minh chứng “bang.xlsx” không phải là tệp Excel (.xlsx) hợp lệ như đuôi tên tệp khai báo "
        "(nội dung tệp không đúng loại này)."
    )
    for name in ("anh.png", "khong-duoi", "bao-cao.pdf.exe"):
        with pytest.raises(DomainError, match=r"^Chỉ nhận tệp PDF hoặc Excel \(\.xlsx\): hãy đặt tên tệp"):
            check_upload(upload(CONTENT[PNG], name), allowed=(PDF, XLSX), max_bytes=MB, declared=True)


def test_empty_and_too_large_files_are_refused_with_the_callers_noun_and_field():
    with pytest.raises(DomainError) as empty:
        check_upload(upload(b"", "a.pdf"), allowed=KINDS, max_bytes=MB, noun="Tệp đính kèm", field="attachment")
    assert (empty.value.message, empty.value.field) == ("Tệp đính kèm rỗng.", "attachment")
    big = upload(CONTENT[PDF] + b"\x00" * (MB + MB // 2), "a.pdf")
    with pytest.raises(DomainError) as large:
        check_upload(big, allowed=KINDS, max_bytes=MB)
    assert large.value.message == "Tệp quá lớn: tối đa 1 MB (tệp này 1,5 MB)."
    exact = upload(CONTENT[PDF] + b"\x00" * (MB - len(CONTENT[PDF])), "a.pdf")
    assert check_upload(exact, allowed=KINDS, max_bytes=MB)[2] == MB


def test_a_caller_may_word_the_refusal_of_another_kind_itself():
    with pytest.raises(DomainError) as refused:
        check_upload(upload(b"GIF89a", "C:\\Anh\\hinh.gif"), allowed=(PDF, PNG), max_bytes=MB,
                     wording={"kind": "Tệp “{name}” không phải {kinds}."})  # fmt: skip
    assert refused.value.message == "Tệp “hinh.gif” không phải PDF hoặc PNG."
    with pytest.raises(DomainError, match=r"^Minh chứng 2 MB, quá 1 MB\.$"):
        check_upload(upload(CONTENT[PDF] + b"\x00" * 2 * MB, "a.pdf"), allowed=(PDF,), max_bytes=MB,
                     wording={"too_large": "Minh chứng {size} MB, quá {limit} MB."})  # fmt: skip


@pytest.mark.parametrize(
    ("sent", "kept"),
    [("C:\\Users\\lan\\Desktop\\bao cao.pdf", "bao cao.pdf"), ("../../etc/passwd.pdf", "passwd.pdf"),
     ("thu-muc/con/bien-ban.pdf", "bien-ban.pdf"), ("D:\\ho so/2026\\to trinh.pdf", "to trinh.pdf")],
)  # fmt: skip
def test_a_name_sent_with_folders_is_kept_without_them(sent, kept):
    file = upload(CONTENT[PDF])
    file.name = sent
    assert check_upload(file, allowed=(PDF,), max_bytes=MB, unnamed="tai-lieu")[1] == kept


def test_clean_name_and_content_types():
    assert clean_name(None, unnamed="tep") == clean_name("a/b/", unnamed="tep") == "tep"
    assert clean_name("x/" + "a" * 300) == "a" * 255
    assert uploads.content_type_for("JPEG") == uploads.content_type_for("jpg") == "image/jpeg"
    assert uploads.content_type_for(".xlsx") == XLSX.content_type
    assert uploads.content_type_for("exe") == "application/octet-stream"
