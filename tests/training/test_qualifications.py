"""Theory qualifications: a higher level raises the member sheet through the registry's entry point (the sheet's
own audit entry beside the qualification's), a lower one never lowers it; refusals write nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.enums import TheoryLevel
from dangbo.training.qualifications import correct_qualification, record_qualification

from .helpers import TODAY, counts


def _record(member, level, *, issued_on=dt.date(2015, 6, 1), number="SC-1", version=None):
    member.refresh_from_db()
    return record_qualification(
        actor=None, member=member, expected_version=member.version if version is None else version, level=level,
        certificate_number=number, issued_on=issued_on, institution="Trường Chính trị tỉnh", today=TODAY,
    )  # fmt: skip


def test_a_higher_level_raises_the_sheet_with_one_entry_for_each_record(world):
    before = AuditEntry.objects.count()
    _record(world.m1, TheoryLevel.INTERMEDIATE, number="TC-9")
    world.m1.refresh_from_db()
    assert world.m1.political_theory_level == TheoryLevel.INTERMEDIATE
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)[before:])
    assert actions == ["training.qualification.recorded", "members.member.updated"]
    entry = AuditEntry.objects.get(action="members.member.updated")
    assert entry.after == {"political_theory_level": TheoryLevel.INTERMEDIATE}


def test_a_lower_level_does_not_lower_the_sheet(world):
    _record(world.m1, TheoryLevel.ADVANCED, number="CC-1")
    version = world.m1.version
    world.m1.refresh_from_db()
    _record(world.m1, TheoryLevel.ELEMENTARY, issued_on=dt.date(2005, 6, 1))
    world.m1.refresh_from_db()
    assert world.m1.political_theory_level == TheoryLevel.ADVANCED
    assert world.m1.version == version + 1  # only the first record changed the sheet
    assert AuditEntry.objects.filter(action="members.member.updated").count() == 1


@pytest.mark.parametrize(
    ("level", "issued_on", "message"),
    [
        (TheoryLevel.ELEMENTARY, dt.date(2026, 3, 17), "Ngày cấp (17/03/2026) không được sau ngày hôm nay."),
        (TheoryLevel.ELEMENTARY, dt.date(1990, 1, 1),
         "Ngày cấp (01/01/1990) không hợp lý: Nguyễn Văn Hùng sinh ngày 01/01/1980."),
        ("none", dt.date(2015, 1, 1), "Trình độ lý luận chính trị không hợp lệ."),
    ],
)  # fmt: skip
def test_bad_qualifications_are_refused_and_nothing_written(world, level, issued_on, message):
    before = counts()
    with pytest.raises(DomainError) as exc:
        _record(world.m1, level, issued_on=issued_on)
    assert exc.value.message == message
    assert counts() == before


def test_the_same_level_twice_is_refused(world):
    _record(world.m1, TheoryLevel.ELEMENTARY)
    before = counts()
    with pytest.raises(DomainError) as exc:
        _record(world.m1, TheoryLevel.ELEMENTARY, number="SC-2")
    assert exc.value.message == (
        "Nguyễn Văn Hùng đã có trình độ sơ cấp (số SC-1, cấp ngày 01/06/2015): hãy sửa bản ghi đó."
    )
    assert counts() == before


def test_a_stale_member_version_is_refused(world):
    before = counts()
    with pytest.raises(ConcurrentEditError):
        _record(world.m1, TheoryLevel.ELEMENTARY, version=world.m1.version + 5)
    assert counts() == before


def test_html_and_formulas_are_kept_as_text(world):
    q = _record(world.m1, TheoryLevel.ELEMENTARY, number='=HYPERLINK("x")')
    assert q.certificate_number == '=HYPERLINK("x")'


def test_correcting_keeps_the_level_and_refuses_a_stale_version(world):
    q = _record(world.m1, TheoryLevel.ELEMENTARY)
    fixed = correct_qualification(actor=None, qualification=q, expected_version=q.version,
                                  data={"certificate_number": "SC-1/2015"}, today=TODAY)  # fmt: skip
    assert (fixed.certificate_number, fixed.level, fixed.version) == ("SC-1/2015", TheoryLevel.ELEMENTARY, 2)
    assert AuditEntry.objects.filter(action="training.qualification.corrected").count() == 1
    before = counts()
    with pytest.raises(ConcurrentEditError):
        correct_qualification(actor=None, qualification=q, expected_version=1, data={"note": "x"}, today=TODAY)
    assert counts() == before
