"""Vietnamese text: accent-insensitive search keys and the Vietnamese sort order.

Search: `normalize_search` folds case and strips diacritics (đ → d), so "nguyen van hung" finds
"Nguyễn Văn Hùng". The result is stored in a column and indexed (trigram on PostgreSQL), because
PostgreSQL's `unaccent()` is not immutable and cannot be indexed directly.

Sorting: Vietnamese lists of people sort by given name, then family name, then middle name, in the
Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with tones compared
only after the letters. `vietnamese_sort_key` encodes that order as a string of lowercase ASCII letters,
which every database collation (C, en_US, ICU) compares the same way, so SQLite and PostgreSQL give
one order and an ordinary B-tree index serves it.
"""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

# Base letters in Vietnamese alphabet order. Letters outside it (f, j, w, z) sort after their Latin
# neighbours so that foreign names still order sensibly.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Tone marks, in the order dictionaries use: none, grave, hook, tilde, acute, dot below.
_TONES = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that belong to the letter (ă, â, ê, ô, ơ, ư), not to the tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_DIGITS = "0123456789"


def _split_char(ch: str) -> tuple[str, int]:
    """Return (base letter with its letter marks, tone rank) for one lowercase character."""
    decomposed = unicodedata.normalize("NFD", ch)
    base = decomposed[0]
    letter_marks = "".join(m for m in decomposed[1:] if m in _LETTER_MARKS)
    tone = next((_TONES[m] for m in decomposed[1:] if m in _TONES), 0)
    letter = unicodedata.normalize("NFC", base + letter_marks)
    return letter, tone


def normalize_search(text: str | None) -> str:
    """Lowercase, strip diacritics, map đ to d and collapse spaces: the stored search key."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text.lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.split())


def word_prefix_q(key: str, field: str = "search_name") -> Q:
    """The search convention of every list (decision 0002): the normalized `key` at the start of a word.

    "hung" finds "Nguyễn Văn Hùng", "van hung" finds "Văn Hùng", "ung" (inside a word) finds nothing. On
    PostgreSQL both patterns are served by the trigram index, words of one or two letters included ('vy%'
    and '% vy%' carry the trigrams of a word start), where a plain two-letter substring scans the index.
    """
    return Q(**{f"{field}__startswith": key}) | Q(**{f"{field}__contains": f" {key}"})


def _encode_word(text: str) -> tuple[str, str]:
    """Encode letters as two-letter codes ('ab'…) and tones as one letter each."""
    primary: list[str] = []
    tones: list[str] = []
    for ch in unicodedata.normalize("NFC", text.lower()):
        if ch.isspace():
            primary.append("ab")  # word break sorts before any letter
            continue
        letter, tone = _split_char(ch)
        if letter in _ALPHABET:
            rank = 10 + _ALPHABET.index(letter)
        elif letter in _DIGITS:
            rank = 2 + _DIGITS.index(letter) // 2  # digits before letters
        else:
            continue  # punctuation does not decide the order
        primary.append(chr(97 + rank // 26) + chr(97 + rank % 26))
        tones.append(chr(97 + tone))
    return "".join(primary), "".join(tones)


def vietnamese_sort_key(*, given_name: str, family_name: str, middle_name: str = "") -> str:
    """Sort key: letters of given, family, middle (each ended by 'aa'), then all their tones."""
    parts = [_encode_word(given_name.strip()), _encode_word(family_name.strip()), _encode_word(middle_name.strip())]
    primary = "aa".join(p for p, _ in parts) + "aa"
    tones = "".join(t for _, t in parts)
    return primary + "a" + tones


def sort_key_for(text: str) -> str:
    """Vietnamese order for any single text (organization names and the like)."""
    primary, tones = _encode_word(text)
    return primary + "aa" + tones


def full_name(*, family_name: str, middle_name: str, given_name: str) -> str:
    """The name as Vietnamese write it: family, middle, given."""
    return " ".join(p for p in (family_name, middle_name, given_name) if p)


def percent_of(numerator: int, denominator: int) -> Decimal | None:
    """The exact share in percent (None without a denominator)."""
    if not denominator:
        return None
    return Decimal(numerator) * 100 / Decimal(denominator)


def percent_text(value: Decimal | None) -> str:
    """86.666… → "86,7%" (one decimal, half up, Vietnamese decimal comma); "—" when there is no value."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%".replace(".", ",")
