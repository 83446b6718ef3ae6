"""The units of the demo bloc: named after the real kinds of units in a provincial bloc of agencies and enterprises.

The first units are fixed (those the restructuring history acts on come first, so even a small demo
has a history); the rest are composed from sector-specific patterns, as many as the size asks for.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from dangbo.organizations.enums import OrgType

# How a unit's members are described (professions, positions, cell names).
AGENCY = "agency"
PUBLIC_SERVICE = "public_service"
ENTERPRISE = "enterprise"

# Restructuring roles a fixed unit plays in the history (see history.py).
HANDOVER_VU_THU = "handover:vu_thu"
HANDOVER_CITY = "handover:city"


@dataclass(frozen=True)
class UnitSpec:
    unit: str  # the agency, unit or enterprise, e.g. "Sở Tài chính"
    org_type: str
    family: str
    size_hint: int  # relative size before scaling to the requested member count
    absorbed_into: str = ""  # unit that absorbs this one on the bloc's reorganization
    renamed_to: str = ""  # new unit name after the reorganization
    handover: str = ""  # district committee it is handed to in 2024


def _n(text: str) -> str:
    return unicodedata.normalize("NFC", text)


S = OrgType
FIXED_UNITS: list[UnitSpec] = [
    UnitSpec("Sở Tài chính", S.STATE_AGENCY, AGENCY, 90),
    UnitSpec("Sở Kế hoạch và Đầu tư", S.STATE_AGENCY, AGENCY, 55, absorbed_into="Sở Tài chính"),
    UnitSpec("Cơ quan Đảng ủy Khối", S.PARTY_AGENCY, AGENCY, 22),
    UnitSpec("Công ty Cổ phần May Vũ Thư", S.NON_STATE_ENTERPRISE, ENTERPRISE, 40, handover=HANDOVER_VU_THU),
    UnitSpec("Bệnh viện Đa khoa tỉnh Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 380),
    UnitSpec("Công ty TNHH MTV Khai thác công trình thủy lợi Bắc Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 120),
    UnitSpec("Sở Xây dựng", S.STATE_AGENCY, AGENCY, 60),
    UnitSpec("Sở Giao thông vận tải", S.STATE_AGENCY, AGENCY, 70, absorbed_into="Sở Xây dựng"),
    UnitSpec("Công ty Cổ phần Xây dựng và Thương mại Kỳ Bá", S.NON_STATE_ENTERPRISE, ENTERPRISE, 25,
             handover=HANDOVER_CITY),
    UnitSpec("Báo Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 45),
    UnitSpec("Sở Nông nghiệp và Phát triển nông thôn", S.STATE_AGENCY, AGENCY, 110,
             renamed_to="Sở Nông nghiệp và Môi trường"),
    UnitSpec("Sở Tài nguyên và Môi trường", S.STATE_AGENCY, AGENCY, 65,
             absorbed_into="Sở Nông nghiệp và Phát triển nông thôn"),
    UnitSpec("Đài Phát thanh và Truyền hình Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 90),
    UnitSpec("Sở Nội vụ", S.STATE_AGENCY, AGENCY, 45),
    UnitSpec("Sở Lao động - Thương binh và Xã hội", S.STATE_AGENCY, AGENCY, 60, absorbed_into="Sở Nội vụ"),
    UnitSpec("Sở Khoa học và Công nghệ", S.STATE_AGENCY, AGENCY, 40),
    UnitSpec("Sở Thông tin và Truyền thông", S.STATE_AGENCY, AGENCY, 30, absorbed_into="Sở Khoa học và Công nghệ"),
    UnitSpec("Công ty Điện lực Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 260),
    UnitSpec("Ngân hàng TMCP Công thương Việt Nam - Chi nhánh Thái Bình", S.STATE_CAPITAL_ENTERPRISE, ENTERPRISE, 35),
    UnitSpec("Sở Y tế", S.STATE_AGENCY, AGENCY, 50),
    UnitSpec("Sở Giáo dục và Đào tạo", S.STATE_AGENCY, AGENCY, 70),
    UnitSpec("Trường Đại học Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 140),
    UnitSpec("Công ty TNHH MTV Khai thác công trình thủy lợi Nam Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 110),
    UnitSpec("Công ty TNHH Cơ khí Phúc Khánh", S.NON_STATE_ENTERPRISE, ENTERPRISE, 18, handover=HANDOVER_CITY),
    UnitSpec("Sở Công Thương", S.STATE_AGENCY, AGENCY, 45),
    UnitSpec("Sở Tư pháp", S.STATE_AGENCY, AGENCY, 35),
    UnitSpec("Sở Văn hóa, Thể thao và Du lịch", S.STATE_AGENCY, AGENCY, 80),
    UnitSpec("Thanh tra tỉnh", S.STATE_AGENCY, AGENCY, 35),
    UnitSpec("Văn phòng Ủy ban nhân dân tỉnh", S.STATE_AGENCY, AGENCY, 60),
    UnitSpec("Cục Thuế tỉnh Thái Bình", S.STATE_AGENCY, AGENCY, 220),
    UnitSpec("Kho bạc Nhà nước Thái Bình", S.STATE_AGENCY, AGENCY, 90),
    UnitSpec("Bảo hiểm xã hội tỉnh Thái Bình", S.STATE_AGENCY, AGENCY, 110),
    UnitSpec("Cục Thống kê tỉnh Thái Bình", S.STATE_AGENCY, AGENCY, 45),
    UnitSpec("Ngân hàng Nhà nước Việt Nam - Chi nhánh tỉnh Thái Bình", S.STATE_AGENCY, AGENCY, 40),
    UnitSpec("Ban Quản lý Khu kinh tế và các khu công nghiệp tỉnh", S.STATE_AGENCY, AGENCY, 40),
    UnitSpec("Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh", S.STATE_AGENCY, AGENCY, 35),
    UnitSpec("Sở Ngoại vụ", S.STATE_AGENCY, AGENCY, 15),
    UnitSpec("Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", S.PARTY_AGENCY, AGENCY, 25),
    UnitSpec("Cơ quan Tỉnh Đoàn", S.PARTY_AGENCY, AGENCY, 20),
    UnitSpec("Cơ quan Hội Liên hiệp Phụ nữ tỉnh", S.PARTY_AGENCY, AGENCY, 18),
    UnitSpec("Cơ quan Hội Nông dân tỉnh", S.PARTY_AGENCY, AGENCY, 18),
    UnitSpec("Cơ quan Liên đoàn Lao động tỉnh", S.PARTY_AGENCY, AGENCY, 22),
    UnitSpec("Bệnh viện Nhi Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 120),
    UnitSpec("Bệnh viện Phụ sản Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 90),
    UnitSpec("Bệnh viện Mắt Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 35),
    UnitSpec("Bệnh viện Y học cổ truyền Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 40),
    UnitSpec("Bệnh viện Tâm thần Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 30),
    UnitSpec("Bệnh viện Phổi Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 28),
    UnitSpec("Trung tâm Kiểm soát bệnh tật tỉnh", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 60),
    UnitSpec("Trường Cao đẳng Y tế Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 55),
    UnitSpec("Trường Cao đẳng Sư phạm Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 60),
    UnitSpec("Trường Chính trị tỉnh", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 40),
    UnitSpec("Trường THPT Chuyên Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 45),
    UnitSpec("Nhà hát Chèo Thái Bình", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 25),
    UnitSpec("Ban Quản lý dự án đầu tư xây dựng tỉnh", S.PUBLIC_SERVICE, PUBLIC_SERVICE, 30),
    UnitSpec("Công ty TNHH MTV Xổ số kiến thiết Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 20),
    UnitSpec("Bưu điện tỉnh Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 70),
    UnitSpec("Viễn thông Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 90),
    UnitSpec("Công ty Xăng dầu Thái Bình", S.STATE_ENTERPRISE, ENTERPRISE, 60),
    UnitSpec("Công ty Cổ phần Nước sạch Thái Bình", S.STATE_CAPITAL_ENTERPRISE, ENTERPRISE, 80),
    UnitSpec("Công ty Cổ phần Môi trường và Công trình đô thị Thái Bình", S.STATE_CAPITAL_ENTERPRISE, ENTERPRISE, 55),
    UnitSpec("Ngân hàng TMCP Đầu tư và Phát triển Việt Nam - Chi nhánh Thái Bình", S.STATE_CAPITAL_ENTERPRISE,
             ENTERPRISE, 40),
    UnitSpec("Công ty TNHH Dệt may Tân Đệ", S.NON_STATE_ENTERPRISE, ENTERPRISE, 15, handover=HANDOVER_VU_THU),
]  # fmt: skip

# Sector mix of the composed units (after the fixed ones run out).
SECTOR_WEIGHTS = [
    (S.STATE_AGENCY, 22), (S.PARTY_AGENCY, 3), (S.PUBLIC_SERVICE, 28), (S.STATE_ENTERPRISE, 8),
    (S.STATE_CAPITAL_ENTERPRISE, 12), (S.NON_STATE_ENTERPRISE, 27),
]  # fmt: skip
SECTOR_SIZE = {  # typical members per grassroots organization of the sector
    S.STATE_AGENCY: 60, S.PARTY_AGENCY: 20, S.PUBLIC_SERVICE: 55, S.STATE_ENTERPRISE: 90,
    S.STATE_CAPITAL_ENTERPRISE: 45, S.NON_STATE_ENTERPRISE: 18,
}  # fmt: skip
FAMILY_OF = {
    S.STATE_AGENCY: AGENCY, S.PARTY_AGENCY: AGENCY, S.PUBLIC_SERVICE: PUBLIC_SERVICE,
    S.STATE_ENTERPRISE: ENTERPRISE, S.STATE_CAPITAL_ENTERPRISE: ENTERPRISE, S.NON_STATE_ENTERPRISE: ENTERPRISE,
}  # fmt: skip

DISTRICTS = ["Vũ Thư", "Kiến Xương", "Tiền Hải", "Thái Thụy", "Đông Hưng", "Hưng Hà", "Quỳnh Phụ"]
TRADE_PLACES = [
    "Thái Bình", "Vũ Thư", "Kiến Xương", "Tiền Hải", "Thái Thụy", "Đông Hưng", "Hưng Hà", "Quỳnh Phụ", "Hoàng Long",
    "Sông Hồng", "Trà Lý", "Diêm Điền", "Phúc Khánh", "Tiền Phong", "Gia Lễ", "Sông Trà", "Cầu Nghìn", "Tân Bình",
    "Nguyễn Đức Cảnh", "Kỳ Bá", "Đồng Châu", "Hồng Hà",
]  # fmt: skip
INDUSTRIES = [
    "May", "Xây dựng", "Cơ khí", "Dệt", "Gốm sứ", "Thủy sản", "Vận tải", "Thương mại", "Vật liệu xây dựng",
    "Chế biến nông sản", "Điện tử", "Nhựa", "Giấy", "Thép", "Thực phẩm", "Dược phẩm", "Bao bì", "Đồ gỗ",
    "Xuất nhập khẩu", "Tư vấn thiết kế", "Giống cây trồng", "Cấp thoát nước", "Du lịch", "In",
]  # fmt: skip
PATTERNS: dict[str, list[str]] = {
    S.STATE_AGENCY: ["Chi cục Thuế khu vực {d}", "Kho bạc Nhà nước khu vực {d}", "Chi cục Thống kê khu vực {d}",
                     "Bảo hiểm xã hội khu vực {d}", "Chi cục Thi hành án dân sự huyện {d}",
                     "Chi cục Kiểm lâm khu vực {d}", "Chi cục Thủy lợi khu vực {d}",
                     "Trung tâm Phục vụ hành chính công khu vực {d}"],
    S.PARTY_AGENCY: ["Cơ quan Hội Cựu chiến binh khu vực {d}", "Cơ quan Liên đoàn Lao động khu vực {d}"],
    S.PUBLIC_SERVICE: ["Trường THPT {p}", "Trung tâm Y tế khu vực {d}", "Bệnh viện Đa khoa khu vực {d}",
                       "Trung tâm Giáo dục nghề nghiệp khu vực {d}", "Trường Trung cấp nghề {p}",
                       "Trung tâm Dịch vụ nông nghiệp {p}", "Trung tâm Văn hóa - Thể thao {p}"],
    S.STATE_ENTERPRISE: ["Công ty TNHH MTV {i} {p}"],
    S.STATE_CAPITAL_ENTERPRISE: ["Công ty Cổ phần {i} {p}"],
    S.NON_STATE_ENTERPRISE: ["Công ty Cổ phần {i} {p}", "Công ty TNHH {i} {p}"],
}  # fmt: skip

# Cells (chi bộ trực thuộc) inside a grassroots committee, by the unit's family.
CELL_UNITS: dict[str, list[str]] = {
    AGENCY: ["Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Thanh tra", "Phòng Pháp chế",
             "Phòng Quản lý chuyên ngành", "Phòng Nghiệp vụ", "Trung tâm Dịch vụ công", "Chi cục Quản lý",
             "Phòng Tổng hợp", "Phòng Kiểm tra", "Phòng Công nghệ thông tin"],
    PUBLIC_SERVICE: ["Phòng Hành chính - Tổng hợp", "Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi",
                     "Khoa Hồi sức cấp cứu", "Khoa Xét nghiệm", "Khoa Dược", "Phòng Đào tạo", "Phòng Chuyên môn",
                     "Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội"],
    ENTERPRISE: ["Văn phòng Công ty", "Phòng Kế toán", "Phòng Kỹ thuật", "Phòng Kinh doanh", "Phân xưởng số 1",
                 "Phân xưởng số 2", "Xí nghiệp số 1", "Xí nghiệp số 2", "Đội Xây lắp", "Phòng Vật tư",
                 "Trạm Vận hành", "Phòng Kế hoạch"],
}  # fmt: skip


def cell_unit_names(family: str, count: int) -> list[str]:
    base = CELL_UNITS[family]
    return [base[i] if i < len(base) else f"số {i + 1}" for i in range(count)]


def composed_units(rng: random.Random) -> Iterator[UnitSpec]:
    """Endless supply of plausible units in the sector mix, each name used once."""
    used = {u.unit for u in FIXED_UNITS}
    sectors = [s for s, _ in SECTOR_WEIGHTS]
    weights = [w for _, w in SECTOR_WEIGHTS]
    counter = 0
    while True:
        org_type = rng.choices(sectors, weights)[0]
        for _attempt in range(20):
            pattern = rng.choice(PATTERNS[org_type])
            unit = _n(pattern.format(d=rng.choice(DISTRICTS), p=rng.choice(TRADE_PLACES), i=rng.choice(INDUSTRIES)))
            if unit not in used:
                break
        else:  # the patterns are used up (a very large demo): number the units
            counter += 1
            unit = f"{unit} số {counter + 1}"
        used.add(unit)
        size = max(5, int(rng.lognormvariate(0, 0.7) * SECTOR_SIZE[org_type]))
        handover = ""
        if org_type == S.NON_STATE_ENTERPRISE and rng.random() < 0.15:
            handover = HANDOVER_VU_THU if "Vũ Thư" in unit or rng.random() < 0.4 else HANDOVER_CITY
        yield UnitSpec(unit, org_type, FAMILY_OF[org_type], size, handover=handover)
