"""Vietnamese names, places and occupations for the demo data, with rough frequencies.

Family-name shares follow published surveys of Vietnamese surnames, shifted towards the north
(Vũ, Đỗ, Đào, Đinh are commoner in Thái Bình than Huỳnh or Võ). Middle names depend on gender:
"Văn" and "Thị" still dominate among people born before 1990 and fade after.
"""

from __future__ import annotations

import unicodedata


def _nfc(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    return [(unicodedata.normalize("NFC", s), w) for s, w in items]


FAMILY_NAMES = _nfc([
    ("Nguyễn", 340), ("Trần", 110), ("Lê", 85), ("Phạm", 75), ("Vũ", 55), ("Hoàng", 45), ("Đặng", 25),
    ("Bùi", 30), ("Đỗ", 30), ("Ngô", 15), ("Phan", 15), ("Đào", 15), ("Đinh", 12), ("Dương", 10), ("Hà", 8),
    ("Lương", 6), ("Mai", 6), ("Cao", 6), ("Tạ", 5), ("Lại", 4), ("Phí", 4), ("Trịnh", 8), ("Tô", 4),
    ("Đoàn", 8), ("Lưu", 5), ("Nghiêm", 3), ("Quách", 3), ("Tống", 4), ("Đồng", 3), ("Khúc", 2), ("Hồ", 5),
    ("Lý", 3), ("Võ", 3), ("Huỳnh", 2), ("Đàm", 2), ("Chu", 3), ("Triệu", 2), ("Vương", 2), ("Kiều", 2),
])  # fmt: skip

MIDDLE_NAMES_MALE = _nfc([
    ("Văn", 300), ("Đức", 70), ("Minh", 60), ("Quang", 45), ("Hữu", 40), ("Xuân", 35), ("Mạnh", 25),
    ("Thanh", 30), ("Công", 30), ("Ngọc", 20), ("Tiến", 20), ("Trọng", 20), ("Duy", 20), ("Hồng", 12),
    ("Anh", 12), ("Tuấn", 10), ("Việt", 12), ("Đình", 30), ("Thế", 20), ("Quốc", 20), ("Bá", 12),
    ("Hoàng", 12), ("Trung", 10), ("Hải", 10), ("Kim", 5), ("Thành", 10), ("Chí", 8), ("Huy", 8),
])  # fmt: skip

MIDDLE_NAMES_FEMALE = _nfc([
    ("Thị", 420), ("Thu", 50), ("Thanh", 40), ("Ngọc", 40), ("Minh", 25), ("Hồng", 30), ("Thúy", 15),
    ("Phương", 20), ("Bích", 12), ("Kim", 15), ("Mai", 10), ("Thùy", 15), ("Diệu", 8), ("Hải", 10),
    ("Khánh", 10), ("Quỳnh", 8), ("Hoài", 8), ("Lan", 6), ("Thảo", 6), ("Hương", 6), ("Tuyết", 4),
])  # fmt: skip

GIVEN_NAMES_MALE = _nfc([
    ("Hùng", 40), ("Dũng", 38), ("Tuấn", 40), ("Hải", 35), ("Nam", 30), ("Long", 28), ("Sơn", 30),
    ("Thắng", 28), ("Cường", 25), ("Hưng", 25), ("Minh", 30), ("Đức", 25), ("Quang", 22), ("Trung", 25),
    ("Thành", 30), ("Hiếu", 18), ("Hoàng", 15), ("Tùng", 20), ("Phong", 15), ("Bình", 20), ("Hòa", 18),
    ("Khánh", 15), ("Linh", 10), ("Huy", 22), ("Việt", 15), ("Tiến", 15), ("Toàn", 15), ("Vinh", 15),
    ("Lâm", 12), ("Kiên", 12), ("Hiệp", 12), ("Thịnh", 10), ("Đạt", 15), ("Nghĩa", 15), ("Tâm", 10),
    ("Chiến", 12), ("Quyết", 8), ("Thái", 10), ("Định", 6), ("Lực", 6), ("Phúc", 10), ("An", 12),
    ("Anh", 25), ("Bảo", 8), ("Duy", 12), ("Giang", 8), ("Hậu", 8), ("Khoa", 8), ("Lợi", 8), ("Mạnh", 12),
    ("Nhật", 6), ("Quân", 12), ("Tài", 8), ("Thuận", 8), ("Trường", 12), ("Tú", 8), ("Vũ", 6), ("Đông", 6),
    ("Điệp", 4), ("Ước", 2), ("Thủy", 4), ("Yên", 3), ("Chung", 6), ("Dương", 6), ("Hạnh", 3),
])  # fmt: skip

GIVEN_NAMES_FEMALE = _nfc([
    ("Lan", 30), ("Hương", 40), ("Hoa", 30), ("Mai", 30), ("Linh", 35), ("Hằng", 35), ("Thủy", 30),
    ("Nga", 28), ("Hà", 30), ("Huyền", 30), ("Trang", 35), ("Nhung", 25), ("Thảo", 28), ("Phương", 28),
    ("Yến", 22), ("Loan", 18), ("Dung", 20), ("Hạnh", 22), ("Liên", 18), ("Ngọc", 15), ("Oanh", 15),
    ("Thu", 18), ("Vân", 20), ("Hiền", 22), ("Giang", 18), ("Hồng", 18), ("Nhàn", 12), ("Nguyệt", 12),
    ("Quyên", 10), ("Quỳnh", 15), ("Thúy", 18), ("Tuyết", 10), ("Xuân", 12), ("Anh", 20), ("Chi", 10),
    ("Diệp", 6), ("Duyên", 12), ("Hòa", 10), ("Hậu", 8), ("Lệ", 8), ("Ly", 10), ("My", 8), ("Nhi", 8),
    ("Tâm", 10), ("Thanh", 15), ("Trâm", 8), ("Uyên", 8), ("Vy", 6), ("Ánh", 10), ("Bích", 8), ("Châu", 6),
    ("Đào", 6), ("Gấm", 3), ("Thơm", 4), ("Lụa", 3), ("Hải", 6), ("Huệ", 10), ("Lý", 6), ("Tươi", 4),
])  # fmt: skip

# Communes and wards of Thái Bình (before the 2025 merger), by district: home towns and residences.
PLACES: dict[str, list[str]] = {
    "thành phố Thái Bình": [
        "phường Lê Hồng Phong", "phường Bồ Xuyên", "phường Đề Thám", "phường Kỳ Bá", "phường Quang Trung",
        "phường Phú Khánh", "phường Tiền Phong", "phường Trần Hưng Đạo", "phường Trần Lãm", "xã Đông Hòa",
        "xã Vũ Phúc", "xã Phú Xuân", "xã Vũ Chính", "xã Đông Mỹ", "xã Đông Thọ", "xã Vũ Lạc", "xã Tân Bình",
    ],
    "huyện Vũ Thư": [
        "thị trấn Vũ Thư", "xã Vũ Hội", "xã Tân Hòa", "xã Minh Quang", "xã Song Lãng", "xã Việt Hùng",
        "xã Tam Quang", "xã Hồng Phong", "xã Nguyên Xá", "xã Dũng Nghĩa",
    ],
    "huyện Kiến Xương": ["thị trấn Kiến Xương", "xã Quang Trung", "xã Vũ Quý", "xã Bình Nguyên", "xã Quốc Tuấn"],
    "huyện Tiền Hải": ["thị trấn Tiền Hải", "xã Đông Trà", "xã Nam Thịnh", "xã Tây Giang", "xã Đông Hoàng"],
    "huyện Thái Thụy": ["thị trấn Diêm Điền", "xã Thụy Hải", "xã Thái Thịnh", "xã Thụy Trình", "xã Thái Hưng"],
    "huyện Đông Hưng": ["thị trấn Đông Hưng", "xã Đông La", "xã Đông Các", "xã Nguyên Xá", "xã Hồng Việt"],
    "huyện Hưng Hà": ["thị trấn Hưng Hà", "xã Tân Lễ", "xã Canh Tân", "xã Điệp Nông", "xã Thái Phương"],
    "huyện Quỳnh Phụ": ["thị trấn Quỳnh Côi", "xã An Bài", "xã Quỳnh Hải", "xã An Ninh", "xã Quỳnh Hoa"],
}  # fmt: skip
DISTRICT_WEIGHTS = [
    ("thành phố Thái Bình", 35), ("huyện Vũ Thư", 12), ("huyện Kiến Xương", 9), ("huyện Tiền Hải", 8),
    ("huyện Thái Thụy", 8), ("huyện Đông Hưng", 10), ("huyện Hưng Hà", 9), ("huyện Quỳnh Phụ", 9),
]  # fmt: skip
STREETS = [
    "Lý Bôn", "Trần Hưng Đạo", "Lê Lợi", "Hai Bà Trưng", "Quang Trung", "Trần Thái Tông", "Lý Thường Kiệt",
    "Phan Bá Vành", "Kỳ Đồng", "Lê Quý Đôn", "Trần Lãm", "Hoàng Công Chất", "Chu Văn An", "Ngô Quyền",
]  # fmt: skip

RELIGIONS = [("Không", 90), ("Công giáo", 8), ("Phật giáo", 2)]

PROFESSIONS: dict[str, list[str]] = {
    "agency": [
        "Cử nhân Kinh tế", "Cử nhân Luật", "Cử nhân Hành chính", "Kỹ sư Xây dựng", "Kỹ sư Nông nghiệp",
        "Cử nhân Tài chính - Ngân hàng", "Kế toán", "Cử nhân Công nghệ thông tin", "Kỹ sư Môi trường",
        "Cử nhân Quản lý nhà nước",
    ],
    "public_service": [
        "Bác sĩ", "Điều dưỡng", "Dược sĩ", "Giáo viên", "Giảng viên", "Kỹ thuật viên xét nghiệm", "Phóng viên",
        "Biên tập viên", "Kế toán", "Nghệ sĩ",
    ],
    "enterprise": [
        "Kỹ sư Điện", "Kỹ sư Cơ khí", "Công nhân kỹ thuật", "Kế toán", "Cử nhân Quản trị kinh doanh",
        "Kỹ sư Xây dựng", "Kỹ sư Thủy lợi", "Công nhân may", "Cử nhân Tài chính - Ngân hàng", "Lái xe",
    ],
}  # fmt: skip
POSITIONS: dict[str, list[tuple[str, int]]] = {
    "agency": [("Chuyên viên", 55), ("Chuyên viên chính", 20), ("Phó Trưởng phòng", 12), ("Trưởng phòng", 8),
               ("Cán sự", 5)],
    "public_service": [("Viên chức", 60), ("Phó Trưởng khoa", 10), ("Trưởng khoa", 6), ("Tổ trưởng chuyên môn", 8),
                       ("Nhân viên", 16)],
    "enterprise": [("Nhân viên", 45), ("Công nhân", 25), ("Tổ trưởng sản xuất", 10), ("Phó Trưởng phòng", 10),
                   ("Trưởng phòng", 6), ("Quản đốc phân xưởng", 4)],
}  # fmt: skip
HEAD_TITLES = {"agency": "Giám đốc", "public_service": "Giám đốc", "enterprise": "Giám đốc"}
