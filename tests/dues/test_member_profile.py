"""A member's dues profile through its pages: the base from a month and the reliefs declared by the cell
secretary or a finance officer, the months recomputed at once with the cell's sums, every refusal with its
Vietnamese message and nothing written, the party-age exemption shown as computed; who may open it (three
personas, a secretary of another cell, an inspector who only reads)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.dues.forms import dong
from dangbo.dues.models import CellDuesMonth, DuesBase, DuesMonth, DuesRelief

from ..conftest import login
from ..factories import make_user
from .conftest import FEB, Ledger, inspector

pytestmark = pytest.mark.django_db
Q = "?thang=2026-02"


def profile_url(member_pk: int) -> str:
    return reverse("dues:member", args=[member_pk]) + Q


def post_base(client: Client, member_pk: int, **data: Any) -> Any:
    fields = {"start": "02/2026", "category": "insured", "base": "", "note": "", "version": ""}
    return client.post(reverse("dues:member_base", args=[member_pk]) + Q, {**fields, **data})


def post_relief(client: Client, member_pk: int, **data: Any) -> Any:
    fields = {"kind": "reduction", "percent": "", "start": "02/2026", "end": "", "decision_number": "",
              "decision_date": "", "reason": ""}  # fmt: skip
    return client.post(reverse("dues:member_relief", args=[member_pk]) + Q, {**fields, **data})


def due(member: Any, month: dt.date = FEB) -> int:
    return DuesMonth.objects.get(member=member, month=month).due


def writes() -> int:
    """The dues writes audited so far (every service writes one entry)."""
    return AuditEntry.objects.filter(action__startswith="dues.").exclude(action="dues.profile.viewed").count()


def test_the_secretary_opens_a_profile_from_the_cell_page(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    cell = client.get(reverse("dues:cell", args=[w.cell_a1.pk]) + Q).content.decode()
    assert profile_url(w.m1.pk).replace("&", "&amp;") in cell
    page = client.get(profile_url(w.m1.pk)).content.decode()
    assert "8.500.000 đ" in page and 'id="base-form"' in page and 'id="relief-form"' in page
    assert "Tháng 02/2026" in page and "85.000 đ" in page  # the month with its explanation
    assert AuditEntry.objects.filter(action="dues.profile.viewed", object_id=str(w.m1.pk)).exists()


@pytest.mark.parametrize("typed", ["10.000.000", "10000000", "10 000 000"])
def test_a_base_change_recomputes_the_month_and_the_cell_sums_at_once(computed: Ledger, typed: str) -> None:
    w = computed.world
    before = CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB).due
    response = post_base(login(computed.secretary), w.m1.pk, base=typed, note="Lương mới")
    assert response.status_code == 302
    assert DuesBase.objects.get(member=w.m1, start=FEB).base == 10_000_000
    row = DuesMonth.objects.get(member=w.m1, month=FEB)
    assert row.due == 100_000 and "10.000.000 đ" in row.explanation
    assert due(w.m1, dt.date(2025, 12, 1)) == 85_000  # months before the change stay
    assert CellDuesMonth.objects.get(organization=w.cell_a1, month=FEB).due == before + 15_000
    page = login(computed.secretary).get(reverse("dues:cell", args=[w.cell_a1.pk]) + Q).content.decode()
    assert "phải đóng 100.000 đ" in page
    assert AuditEntry.objects.filter(action="dues.base.set", object_repr__contains="02/2026").count() == 1


def test_a_row_corrected_with_its_version_and_a_stale_one_refused(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    record = DuesBase.objects.get(member=w.m2)
    page = client.get(profile_url(w.m2.pk) + f"&sua={record.pk}").content.decode()
    assert 'value="6.000.000"' in page and 'value="01/2025"' in page
    ok = post_base(client, w.m2.pk, start="01/2025", base="7.000.000", version=str(record.version))
    assert ok.status_code == 302 and due(w.m2) == 70_000
    stale = post_base(client, w.m2.pk, start="01/2025", base="9.000.000", version=str(record.version))
    assert stale.status_code == 422 and "đã được người khác sửa" in stale.content.decode()
    assert DuesBase.objects.get(member=w.m2).base == 7_000_000 and due(w.m2) == 70_000


@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("m1", {"base": "-8.500.000"}, "Căn cứ tính phải là số đồng từ 0"),
        ("m1", {"base": "tám triệu"}, "Hãy ghi số đồng"),
        ("m1", {"base": ""}, "đóng theo tỷ lệ: hãy ghi căn cứ tính"),
        ("m1", {"start": "13/2026", "base": "1"}, "Tháng phải có dạng mm/yyyy"),
        ("student", {"start": "08/2025", "category": "student"}, "trước tháng kết nạp"),
    ],
)
def test_a_refused_base_shows_its_message_and_writes_nothing(
    computed: Ledger, who: str, data: dict[str, str], message: str
) -> None:
    member = computed.student if who == "student" else computed.world.m1
    bases, entries, dues = DuesBase.objects.count(), writes(), due(member)
    response = post_base(login(computed.secretary), member.pk, **data)
    assert response.status_code == 422 and message in response.content.decode()
    assert (DuesBase.objects.count(), writes(), due(member)) == (bases, entries, dues)


@pytest.mark.parametrize("percent", [30, 50, 70])
def test_a_reduction_of_the_rule_sets_percents_recomputes_the_due(computed: Ledger, percent: int) -> None:
    w = computed.world
    response = post_relief(login(computed.secretary), w.m1.pk, percent=str(percent), end="01/2027",
                           decision_number="12-QĐ/ĐU", decision_date="20/01/2026", reason="Ốm dài ngày")  # fmt: skip
    assert response.status_code == 302
    assert due(w.m1) == 85_000 * (100 - percent) // 100
    assert f"giảm {percent}%, quyết định số 12-QĐ/ĐU" in DuesMonth.objects.get(member=w.m1, month=FEB).explanation


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"percent": "40", "end": "04/2026"}, "Mức giảm đảng phí chỉ được là 30%, 50%, 70%"),
        ({"percent": "50", "end": "02/2027"}, "tối đa 12 tháng; từ 02/2026 đến 02/2027 là 13 tháng"),
        ({"percent": "50", "end": "01/2026"}, "Tháng kết thúc không được trước tháng bắt đầu"),
        ({"percent": "50"}, "Hãy ghi tháng kết thúc"),
        ({"kind": "illness", "start": "01/1999"}, "trước tháng kết nạp"),
    ],
)
def test_a_refused_relief_shows_its_message_and_writes_nothing(
    computed: Ledger, data: dict[str, str], message: str
) -> None:
    member = computed.student if data.get("start") == "01/1999" else computed.world.m1
    entries, dues = writes(), due(member)
    response = post_relief(login(computed.secretary), member.pk, **data)
    assert response.status_code == 422 and message in response.content.decode()
    assert (DuesRelief.objects.count(), writes(), due(member)) == (0, entries, dues)


def test_an_exemption_and_its_removal_when_entered_by_mistake(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    assert post_relief(client, w.m2.pk, kind="poor_household", decision_number="3-QĐ/CB").status_code == 302
    relief = DuesRelief.objects.get(member=w.m2)
    assert (relief.percent, relief.end, due(w.m2)) == (100, None, 0)
    remove = reverse("dues:member_relief_remove", args=[w.m2.pk, relief.pk]) + Q
    client.post(remove, {"version": str(relief.version + 1), "reason": "Ghi nhầm người"})
    assert DuesRelief.objects.filter(pk=relief.pk).exists()  # stale: refused
    assert "đã được người khác sửa" in client.get(profile_url(w.m2.pk)).content.decode()
    client.post(remove, {"version": str(relief.version), "reason": ""})
    assert DuesRelief.objects.filter(pk=relief.pk).exists()  # no reason: refused
    assert "Hãy ghi lý do xóa" in client.get(profile_url(w.m2.pk)).content.decode()
    client.post(remove, {"version": str(relief.version), "reason": "Ghi nhầm người"})
    assert not DuesRelief.objects.filter(pk=relief.pk).exists() and due(w.m2) == 60_000
    assert AuditEntry.objects.filter(action="dues.relief.removed", data__reason="Ghi nhầm người").count() == 1


def test_the_party_age_exemption_is_shown_as_computed(computed: Ledger) -> None:
    page = login(computed.secretary).get(reverse("dues:member", args=[computed.pensioner.pk]) + "?thang=2026-03")
    text = page.content.decode()
    assert "Đủ 50 năm tuổi đảng ngày 17/03/2026: được miễn đảng phí từ tháng 03/2026" in text
    before = login(computed.secretary).get(profile_url(computed.pensioner.pk)).content.decode()
    assert "sẽ được miễn đảng phí từ tháng 03/2026" in before
    assert 'name="party_age' not in text  # not entered


def test_who_may_open_and_change_a_profile(computed: Ledger) -> None:
    w = computed.world
    # a grassroots officer managing finance over the cell: reads and writes
    officer = login(w.officer)
    assert 'id="base-form"' in officer.get(profile_url(w.m1.pk)).content.decode()
    assert post_base(officer, w.m1.pk, base="9.000.000").status_code == 302
    # an inspector reads the finance: the profile without its forms, a write refused
    reader = login(inspector(computed))
    page = reader.get(profile_url(w.m1.pk)).content.decode()
    assert "9.000.000 đ" in page and 'id="base-form"' not in page
    assert post_base(reader, w.m1.pk, base="1.000.000").status_code == 403
    # a member: none of it, not even their own profile (they have "my dues")
    member = login(w.member_user)
    assert member.get(profile_url(w.m1.pk)).status_code == 403
    assert post_base(member, w.m1.pk, base="1").status_code == 403
    # another cell's secretary and an officer of another unit: not found, logged
    other = make_user("bithu_a2", role=RoleKind.CELL_SECRETARY, organization=w.cell_a2)
    for user in (other, w.outsider):
        client = login(user)
        assert client.get(profile_url(w.m1.pk)).status_code == 404
        assert post_base(client, w.m1.pk, base="1").status_code == 404
        assert AuditEntry.objects.filter(action="core.access.denied", actor=user, object_id=str(w.m1.pk)).count() == 2
    assert DuesBase.objects.get(member=w.m1, start=FEB).base == 9_000_000


def test_a_relief_of_another_member_in_the_url_is_404_and_logged(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    post_relief(client, w.m2.pk, kind="illness")
    relief = DuesRelief.objects.get(member=w.m2)
    response = client.post(reverse("dues:member_relief_remove", args=[w.m1.pk, relief.pk]) + Q,
                           {"version": str(relief.version), "reason": "x"})  # fmt: skip
    assert response.status_code == 404 and DuesRelief.objects.filter(pk=relief.pk).exists()
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(relief.pk)).exists()


@pytest.mark.parametrize(
    ("typed", "amount"), [("8.500.000", 8_500_000), ("8500000", 8_500_000), ("8,500,000", 8_500_000), ("-5", -5)]
)
def test_amounts_are_read_with_or_without_thousands_separators(typed: str, amount: int) -> None:
    assert dong(typed) == amount
    assert dong("8.5tr") is None
