"""The English catalog: every Vietnamese message id translated, placeholders kept, official terms used, compiled.

The last point matters: `compilemessages` runs at setup, and a catalog that was not compiled (or is stale) would
silently show Vietnamese to English readers. The checks through `gettext` below fail in that case.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

from dangbo.evaluations.enums import Level, SubjectKind
from dangbo.members.enums import MemberStatus
from dangbo.members.models import Member
from dangbo.organizations.enums import CommitteePosition, OrgKind, RestructuringKind

PO_FILE = Path(__file__).resolve().parents[2] / "src" / "dangbo" / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgstr: dict[str, str] = field(default_factory=dict)  # "" for a singular entry, "0"/"1" for plural forms
    flags: set[str] = field(default_factory=set)


def read_catalog() -> list[Entry]:
    """The entries of the .po file (the header excluded), parsed just enough for these checks."""
    entries: list[Entry] = []
    for block in re.split(r"\n\s*\n", PO_FILE.read_text(encoding="utf-8").strip()):
        entry, key = Entry(), ""
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
                continue
            if line.startswith("#"):
                continue
            match = re.match(r"^(msgid_plural|msgid|msgstr(?:\[(\d)\])?) (\".*\")$", line)
            if match:
                key = match.group(1)
                value = ast.literal_eval(match.group(3))
            else:
                value = ast.literal_eval(line)
            if key == "msgid":
                entry.msgid += value
            elif key == "msgid_plural":
                entry.msgid_plural += value
            else:
                index = key[len("msgstr[") : -1] if "[" in key else ""
                entry.msgstr[index] = entry.msgstr.get(index, "") + value
        if entry.msgid:
            entries.append(entry)
    return entries


CATALOG = read_catalog()


def test_catalog_has_every_entry_translated_and_none_fuzzy():
    assert len(CATALOG) > 400  # the whole UI, not a stub
    untranslated = [e.msgid for e in CATALOG if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.msgid for e in CATALOG if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    assert "fuzzy" not in PO_FILE.read_text(encoding="utf-8").split("\n\n", 1)[0]  # nor the header


def test_catalog_keeps_every_placeholder():
    wrong = []
    for entry in CATALOG:
        for index, text in entry.msgstr.items():
            source = entry.msgid_plural if index not in ("", "0") else entry.msgid
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append((entry.msgid, text))
    assert wrong == []


def test_catalog_translates_no_entry_to_vietnamese():
    vietnamese_only = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    # Names of the sheets of the import template and of the 2-HSĐV form stay as the user sees them in the file.
    allowed = ("“Hướng dẫn”", "“Tổ chức”", "“Đảng viên”", "2-HSĐV", "QĐ/TW", "HD/ĐUK")
    leftovers = [
        text
        for e in CATALOG
        for text in e.msgstr.values()
        if vietnamese_only.search(re.sub("|".join(map(re.escape, allowed)), "", text))
    ]
    assert leftovers == []


def test_compiled_catalog_answers_every_entry_in_english():
    """Fails when `compilemessages` was not run or the .mo is older than the .po."""
    with translation.override("en"):
        stale = []
        for entry in CATALOG:
            if entry.msgid_plural:
                got = (translation.ngettext(entry.msgid, entry.msgid_plural, 1),
                       translation.ngettext(entry.msgid, entry.msgid_plural, 2))  # fmt: skip
                expected: tuple[str, ...] = (entry.msgstr["0"], entry.msgstr["1"])
            else:
                got, expected = (translation.gettext(entry.msgid),), (entry.msgstr[""],)
            if got != expected:
                stale.append(entry.msgid)
    assert stale == []


CHOICE_LABELS = [
    (MemberStatus.FULL.label, "Đảng viên chính thức", "Full member"),
    (MemberStatus.PROBATIONARY.label, "Đảng viên dự bị", "Probationary member"),
    (MemberStatus.STRUCK_OFF.label, "Xóa tên", "Struck off"),
    (OrgKind.GRASSROOTS_COMMITTEE.label, "Đảng bộ cơ sở", "Grassroots party committee"),
    (OrgKind.GRASSROOTS_CELL.label, "Chi bộ cơ sở", "Grassroots party cell"),
    (OrgKind.PARTY_GROUP.label, "Tổ đảng", "Party group"),
    (SubjectKind.CELL.label, "Chi bộ", "Party cell"),
    (SubjectKind.GRASSROOTS.label, "Tổ chức cơ sở đảng", "Grassroots party organization"),
    (Level.GOOD.label, "Hoàn thành tốt nhiệm vụ", "Fulfilled tasks well (good)"),
    (Level.EXCELLENT.label, "Hoàn thành xuất sắc nhiệm vụ", "Fulfilled tasks excellently (excellent)"),
    (CommitteePosition.STANDING_COMMITTEE.label, "Ủy viên Ban Thường vụ", "Standing Committee member"),
    (RestructuringKind.ABSORB.label, "Sáp nhập", "Absorption"),
]


@pytest.mark.parametrize(("label", "vietnamese", "english"), CHOICE_LABELS, ids=[c[2] for c in CHOICE_LABELS])
def test_choice_label_follows_the_active_language(label, vietnamese, english):
    with translation.override("vi"):
        assert str(label) == vietnamese
    with translation.override("en"):
        assert str(label) == english


def test_glossary_terms_in_english():
    with translation.override("en"):
        assert translation.gettext("Cấp ủy") == "Party committee"
        assert translation.gettext("Tuổi đảng") == "Party seniority"
        assert translation.gettext("Chi bộ") == "Party cell"


def test_model_verbose_names_follow_the_active_language():
    with translation.override("en"):
        assert str(Member._meta.get_field("card_number").verbose_name) == "party card number"
        assert str(Member._meta.get_field("admission_decision_date").verbose_name) == "admission decision date"
    with translation.override("vi"):
        assert str(Member._meta.get_field("card_number").verbose_name) == "số thẻ đảng viên"
