import pytest

from dangbo.core.text import full_name, normalize_search, sort_key_for, vietnamese_sort_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nguyễn Văn Hùng", "nguyen van hung"),
        ("ĐẶNG Thị  Lan", "dang thi lan"),
        ("  Lê   Ánh  ", "le anh"),
        ("Trương Ưng Ơn", "truong ung on"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_search_folds_accents_case_and_spaces(text, expected):
    assert normalize_search(text) == expected


def _sorted(names):
    people = [n.split(" ") for n in names]
    keyed = [
        (vietnamese_sort_key(family_name=p[0], middle_name=" ".join(p[1:-1]), given_name=p[-1]), " ".join(p))
        for p in people
    ]
    return [name for _, name in sorted(keyed)]


def test_sort_key_orders_by_given_name_in_vietnamese_alphabet():
    names = ["Trần Văn Đức", "Lê Thị Ánh", "Phạm Bình", "Nguyễn Văn Hùng", "Vũ An", "Đỗ Văn Dũng"]
    assert _sorted(names) == ["Vũ An", "Lê Thị Ánh", "Phạm Bình", "Đỗ Văn Dũng", "Trần Văn Đức", "Nguyễn Văn Hùng"]


def test_sort_key_puts_letter_variants_in_alphabet_order():
    # a ă â … d đ … e ê … o ô ơ … u ư
    words = ["ư", "u", "ơ", "ô", "o", "ê", "e", "đ", "d", "â", "ă", "a"]
    assert sorted(words, key=sort_key_for) == ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_sort_key_compares_tones_only_after_letters():
    # "Anh" and "Ánh" differ only by tone: the toneless one first; "Ánh" still before "Ao" (letters decide first).
    assert sorted(["Ao", "Ánh", "Anh", "Ạnh", "Ảnh"], key=sort_key_for) == ["Anh", "Ảnh", "Ánh", "Ạnh", "Ao"]


def test_sort_key_same_given_name_sorts_by_family_then_middle():
    names = ["Trần Văn Hùng", "Lê Văn Hùng", "Lê Quang Hùng", "Nguyễn Hùng"]
    assert _sorted(names) == ["Lê Quang Hùng", "Lê Văn Hùng", "Nguyễn Hùng", "Trần Văn Hùng"]


def test_sort_key_shorter_name_before_its_extension():
    assert _sorted(["Lê Anh", "Lê An"]) == ["Lê An", "Lê Anh"]


def test_sort_key_is_plain_lowercase_ascii_for_any_collation():
    key = vietnamese_sort_key(family_name="Đặng", middle_name="Thị Ngọc", given_name="Ấu")
    assert key.isascii() and key.isalpha() and key == key.lower()


def test_full_name_in_vietnamese_order():
    assert full_name(family_name="Nguyễn", middle_name="Văn", given_name="Hùng") == "Nguyễn Văn Hùng"
    assert full_name(family_name="Vũ", middle_name="", given_name="An") == "Vũ An"
