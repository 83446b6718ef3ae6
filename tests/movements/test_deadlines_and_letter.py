"""The transfer out's two deadlines across Tết 2026 (14–22/2 off), the overdue list's sentences naming the rule,
and the introduction letter's content read back from the DOCX."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document

from dangbo.documents.rendering import render_docx
from dangbo.movements import letters, transfers
from dangbo.movements.deadlines import deadlines_of, overdue_transfers
from dangbo.movements.models import Movement

from ..conftest import World

TODAY = dt.date(2026, 5, 29)


def _out(world: World, **extra: object) -> Movement:
    return transfers.start_transfer_out(
        actor=world.officer, member=world.m1, external_organization="Đảng bộ Phường Ba Đình, Hà Nội",
        cause_date=dt.date(2026, 1, 5), reason="Nghỉ hưu, về nơi cư trú", today=TODAY, **extra,
    )  # type: ignore[arg-type]  # fmt: skip


def test_deadlines_across_tet(world: World) -> None:
    movement = _out(world, letter_number="25", letter_date=dt.date(2026, 2, 2))
    found = deadlines_of(movement)
    # 60 working days from Monday 5/1/2026: 29 up to 13/2, Tết, then 31 more from 23/2 → Monday 6/4
    assert found.start_by == dt.date(2026, 4, 6)
    # 30 from Monday 2/2: 9 before Tết (3–13/2), then 21 from 23/2 → Monday 23/3 (a week later than without Tết)
    assert found.present_by == dt.date(2026, 3, 23)
    assert "trong 30 ngày làm việc kể từ ngày giấy giới thiệu 02/02/2026, hạn 23/03/2026" in found.present_rule
    assert found.present_rule.endswith("(Quy định 294-QĐ/TW, mục 6.3.1)")
    qs = Movement.objects.all()
    assert overdue_transfers(qs, day=dt.date(2026, 3, 23)) == []
    [late] = overdue_transfers(qs, day=dt.date(2026, 3, 24))
    assert late.due == dt.date(2026, 3, 23) and late.message.startswith("Quá hạn, chưa bàn giao. Đảng viên xuất trình")


def test_a_letter_never_issued_is_overdue_after_60_working_days(world: World) -> None:
    movement = _out(world)
    assert overdue_transfers(Movement.objects.all(), day=dt.date(2026, 4, 6)) == []
    [late] = overdue_transfers(Movement.objects.all(), day=dt.date(2026, 4, 7))
    assert late.movement == movement
    assert late.message == (
        "Quá hạn, chưa có giấy giới thiệu. Giới thiệu chuyển sinh hoạt đảng chính thức trong 60 ngày làm việc kể "
        "từ ngày phát sinh 05/01/2026, hạn 06/04/2026 (Quy định 294-QĐ/TW, mục 6.3.1)."
    )
    # a handed-over transfer is never overdue
    transfers.record_transfer_letter(actor=world.officer, movement=movement, letter_number="3",
                                     letter_date=dt.date(2026, 4, 20), today=TODAY)  # fmt: skip
    movement.refresh_from_db()
    transfers.record_hand_over(actor=world.officer, movement=movement, handed_over_on=dt.date(2026, 5, 4), today=TODAY)
    assert overdue_transfers(Movement.objects.all(), day=TODAY) == []


def _text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([*cells, *(p.text for p in doc.paragraphs)]).replace("\u00a0", " ")


def test_the_letter_out_of_the_tree(world: World) -> None:
    movement = _out(world, letter_number="25-GGT/ĐUK", letter_date=dt.date(2026, 2, 2))
    content = render_docx(letters.APP, letters.TEMPLATE, letters.frame_for(movement), letters.fields_for(movement))
    text = _text_of(content)
    for expected in (
        "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH", "Số 25-GGT/ĐUK", "ngày 02 tháng 02 năm 2026",
        "GIẤY GIỚI THIỆU", "Sinh hoạt đảng chính thức", "Kính gửi: Đảng bộ Phường Ba Đình, Hà Nội",
        "Giới thiệu đồng chí: Nguyễn Văn Hùng", "Số thẻ đảng viên: 01000001",
        "Là đảng viên: chính thức, Chi bộ Phòng Ngân sách", "trong thời hạn 30 ngày làm việc kể từ ngày ký "
        "(đến hết ngày 23/03/2026)", "T/M BAN THƯỜNG VỤ", "Lưu Đảng ủy Khối",
    ):  # fmt: skip
        assert expected in text, expected
    assert "{{" not in text


def test_the_letter_between_two_grassroots_organizations(world: World) -> None:
    movement = transfers.transfer_internal(actor=world.bloc_officer, member=world.m1, to_organization=world.cell_b1,
                                           on=dt.date(2026, 3, 2), reason="Chuyển công tác", today=TODAY)  # fmt: skip
    text = _text_of(render_docx(letters.APP, letters.TEMPLATE, letters.frame_for(movement),
                                letters.fields_for(movement)))  # fmt: skip
    assert "Kính gửi: Đảng ủy Công ty Điện lực" in text
    assert "Đến sinh hoạt đảng tại: Chi bộ Phân xưởng" in text and "Số" in text and "-GGT/ĐUK" in text
