"""The member export's rows, cell by cell, against rows written out by hand for a small list: names, labels, ids,
dates as real dates, age and party seniority on a fixed day (a struck-off gap not counted), the cell and the
grassroots organization above it."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from dangbo.members import exports
from dangbo.members.models import Member, MemberStatusPeriod
from dangbo.members.selectors import in_vietnamese_order
from tests.factories import make_member

TODAY = dt.date(2026, 1, 1)
CELL, GRASSROOTS = "Chi bộ Phòng Ngân sách", "Đảng bộ Sở Tài chính"


def _day(y: int, m: int, d: int) -> dt.datetime:
    return dt.datetime(y, m, d)


# Columns: family, middle, given, gender, birth, age, ethnicity, religion, home town, residence, citizen id, card,
# record, admission decision, ceremony, full membership, seniority years, status, education, profession, theory
# level, position, workplace, phone, email, cell, grassroots organization. Empty text reads back as None.
EXPECTED = [
    ("Nguyễn", "Văn", "Hùng", "Nam", _day(1980, 1, 1), 46, "Kinh", "Không", None, None, "034080000001", "01000001",
     None, _day(2005, 5, 19), _day(2005, 6, 1), _day(2006, 6, 1), 20, "Đảng viên chính thức", None, None,
     "Chưa qua đào tạo", None, None, None, None, CELL, GRASSROOTS),
    ("Đặng", "Thị", "Lan", "Nữ", _day(1980, 1, 1), 46, "Kinh", "Không", None, None, "034080000002", "01000002",
     None, _day(2005, 5, 19), _day(2005, 6, 1), _day(2006, 6, 1), 20, "Đảng viên chính thức", None, None,
     "Chưa qua đào tạo", None, None, None, None, CELL, GRASSROOTS),
    # Admitted 01/01/2000, struck off from 01/01/2010 to 01/01/2015: 10 + 11 years on 01/01/2026.
    ("Phạm", "Minh", "Quang", "Nam", _day(1975, 3, 9), 50, "Tày", "Phật giáo", "Cao Bằng", "Hà Nội", None, "02000009",
     "LL-9", _day(2000, 1, 1), None, _day(2001, 1, 1), 21, "Đảng viên chính thức", "Thạc sĩ", "Kỹ sư <cầu> & đường",
     "Cao cấp", "Trưởng phòng", "Sở Giao thông", "0912000009", "quang@example.vn", CELL, GRASSROOTS),
]  # fmt: skip


def test_export_rows_match_rows_written_by_hand(world):
    quang = make_member(
        organization=world.cell_a1, family_name="Phạm", middle_name="Minh", given_name="Quang",
        birth_date=dt.date(1975, 3, 9), ethnicity="Tày", religion="Phật giáo", home_town="Cao Bằng",
        residence="Hà Nội", citizen_id=None, card_number="02000009", record_number="LL-9",
        admission_decision_date=dt.date(2000, 1, 1), ceremony_date=None, full_membership_date=dt.date(2001, 1, 1),
        education="master", profession="Kỹ sư <cầu> & đường", political_theory_level="advanced",
        position="Trưởng phòng", workplace="Sở Giao thông", phone="0912000009", email="quang@example.vn",
    )  # fmt: skip
    MemberStatusPeriod.objects.filter(member=quang, end__isnull=True).update(end=dt.date(2010, 1, 1))
    MemberStatusPeriod.objects.create(member=quang, status="struck_off", start=dt.date(2010, 1, 1),
                                      end=dt.date(2015, 1, 1))  # fmt: skip
    MemberStatusPeriod.objects.create(member=quang, status="full", start=dt.date(2015, 1, 1))
    qs = in_vietnamese_order(Member.objects.filter(organization=world.cell_a1))

    content, count = exports.build_workbook(qs, today=TODAY)

    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert count == 3
    assert rows[0] == tuple(column.header for column in exports.COLUMNS)
    assert rows[1:] == EXPECTED
    assert sheet.freeze_panes == "A2"
    assert [sheet.cell(row=2, column=i).number_format for i in (5, 14, 15, 16)] == ["DD/MM/YYYY"] * 4


def test_export_queries_do_not_grow_with_the_rows(world, django_assert_max_num_queries):
    for n in range(20):
        make_member(organization=world.cell_a2, given_name=f"Thử{n}")
    qs = in_vietnamese_order(Member.objects.filter(organization__path__startswith=world.org_a.path))
    # The cells' paths, the grassroots names, the seniority gaps, the members (no query per row or per member).
    with django_assert_max_num_queries(4):
        _, count = exports.build_workbook(qs, today=TODAY)
    assert count == 22
