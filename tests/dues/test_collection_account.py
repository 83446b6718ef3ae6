"""Dues by bank transfer: the collection account a unit sets (checked, version-checked, audited, nothing written
on a refusal, escaped on display) and the VietQR codes on the member's own page and the cell's month page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.dues import ledger as services
from dangbo.dues.collection import set_collection_account
from dangbo.dues.models import CollectionAccount
from dangbo.dues.vietqr import accounts_for

from ..conftest import World, login
from ..factories import make_user
from .conftest import FEB, Ledger

pytestmark = pytest.mark.django_db
GOOD = {"bank_bin": "970436", "bank_name": "Vietcombank", "account_number": "0123456789",
        "account_name": "DANG UY KHOI"}  # fmt: skip


@pytest.fixture
def office(world: World) -> User:
    return make_user("vanphong", role=RoleKind.BLOC_OFFICE_OFFICER, organization=world.bloc)


def set_account(actor: User, org, **changes):  # type: ignore[no-untyped-def]
    return set_collection_account(actor=actor, scope=scope_for(actor), organization=org, **{**GOOD, **changes})


def test_officer_sets_and_changes_the_account_version_checked(world: World, office: User) -> None:
    account = set_account(world.officer, world.org_a)
    assert (account.bank_bin, account.version) == ("970436", 1)
    changed = set_account(office, world.org_a, account_number="  9988776655 ", expected_version=1)
    assert (changed.account_number, changed.version) == ("9988776655", 2)
    with pytest.raises(ConcurrentEditError):
        set_account(office, world.org_a, account_number="111111", expected_version=1)
    assert CollectionAccount.objects.get().account_number == "9988776655"
    entries = AuditEntry.objects.filter(action="dues.account.set").order_by("id")
    assert [e.after["account_number"] for e in entries] == ["0123456789", "9988776655"]
    assert entries[1].before["account_number"] == "0123456789"


@pytest.mark.parametrize(("changes", "field"), [
    ({"bank_bin": "97043"}, "bank_bin"), ({"bank_bin": "9704361"}, "bank_bin"), ({"bank_bin": "97O436"}, "bank_bin"),
    ({"bank_bin": "９７０４３６"}, "bank_bin"),  # full-width digits are not ASCII digits
    ({"account_number": "12345"}, "account_number"), ({"account_number": "1" * 20}, "account_number"),
    ({"account_number": "0123-456789"}, "account_number"), ({"account_name": "DANG\x00UY"}, "account_name"),
    ({"account_name": "DANG\u202eUY"}, "account_name"), ({"account_name": "   "}, "account_name"),
    ({"bank_name": "x" * 121}, "bank_name"),
])  # fmt: skip
def test_bad_input_is_refused_with_nothing_written(world: World, changes: dict[str, str], field: str) -> None:
    with pytest.raises(DomainError) as refused:
        set_account(world.officer, world.org_a, **changes)
    assert refused.value.field == field
    assert not CollectionAccount.objects.exists() and not AuditEntry.objects.filter(action="dues.account.set")


def test_outside_the_finance_scope_is_refused(world: World, ledger: Ledger) -> None:
    with pytest.raises(DomainError):
        set_account(world.officer, world.org_b)
    with pytest.raises(DomainError):  # a cell secretary reads the finance, does not manage it
        set_account(ledger.secretary, world.cell_a1)
    assert not CollectionAccount.objects.exists()


def test_nearest_account_up_the_tree(world: World, office: User) -> None:
    set_account(office, world.bloc, account_number="111111")
    set_account(office, world.org_a, account_number="222222")
    found = accounts_for([world.cell_a1.path, world.cell_b1.path, world.bloc.path])
    assert {p: a.account_number for p, a in found.items()} == {
        world.cell_a1.path: "222222", world.cell_b1.path: "111111", world.bloc.path: "111111"}  # fmt: skip


def test_account_page_sets_escapes_and_refuses(world: World, office: User) -> None:
    url = reverse("dues:collection_account") + f"?to_chuc={world.org_a.pk}"
    client = login(office)
    page = client.get(url)
    assert page.status_code == 200 and "account-none" in page.content.decode()
    bad = client.post(url, {**GOOD, "to_chuc": world.org_a.pk, "bank_bin": "12", "version": 0})
    assert bad.status_code == 400 and "đúng 6 chữ số" in bad.content.decode()
    assert not CollectionAccount.objects.exists()
    data = {**GOOD, "to_chuc": world.org_a.pk, "account_name": "<script>alert(1)</script>", "version": 0}
    assert client.post(url, data).status_code == 302
    html = client.get(url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    stale = client.post(url, {**data, "account_number": "555555", "version": 0})
    assert stale.status_code == 400 and CollectionAccount.objects.get().account_number == GOOD["account_number"]
    # the cell below inherits it; an outsider gets 404 (logged), a member no page
    assert (
        "account-inherited"
        in client.get(reverse("dues:collection_account") + f"?to_chuc={world.cell_a1.pk}").content.decode()
    )
    assert login(world.outsider).get(url).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.org_a.pk)).exists()
    assert login(world.outsider).post(url, {**data, "account_number": "666666"}).status_code == 404
    assert login(world.member_user).get(url).status_code == 403
    assert CollectionAccount.objects.get().account_number == GOOD["account_number"]


def test_grassroots_officer_reaches_the_account_page_from_the_dues_pages(world: World) -> None:
    client = login(world.officer)
    units = client.get(reverse("dues:home"), follow=True).content.decode()
    assert reverse("dues:collection_account") in units
    page = client.get(reverse("dues:collection_account"))
    assert page.status_code == 200 and "account-form" in page.content.decode()


@pytest.fixture
def computed(ledger: Ledger) -> Ledger:
    services.compute_months(root=ledger.world.bloc, months=[FEB])
    return ledger


def test_member_sees_a_payment_code_for_each_month_owed(computed: Ledger) -> None:
    w = computed.world
    client = login(w.member_user)
    assert "vietqr" not in client.get(reverse("dues:mine") + "?nam=2026").content.decode()  # no account yet
    set_account(w.officer, w.org_a)
    page = client.get(reverse("dues:mine") + "?nam=2026").content.decode()
    assert page.count('class="card vietqr"') == 1 and "T022026" in page and "<svg" in page
    services.record_payment(actor=w.officer, member=w.m1, month=FEB, amount=85_000, paid_on=dt.date(2026, 2, 20),
                            channel="cash")  # fmt: skip
    assert "vietqr" not in client.get(reverse("dues:mine") + "?nam=2026").content.decode()  # settled: no code


def test_cell_page_offers_each_owing_members_code(computed: Ledger) -> None:
    w = computed.world
    client = login(computed.secretary)
    assert "qr-link" not in client.get(reverse("dues:cell", args=[w.cell_a1.pk]) + "?thang=2026-02").content.decode()
    set_account(w.officer, w.org_a)
    page = client.get(reverse("dues:cell", args=[w.cell_a1.pk]) + "?thang=2026-02").content.decode()
    assert f'id="qr-{w.m1.pk}"' in page
    url = reverse("dues:payment_code", args=[w.cell_a1.pk, w.m1.pk]) + "?thang=2026-02"
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<figure class="card vietqr">') and "<script" not in fragment
    assert "Nguyen" in fragment or w.m1.card_number in fragment
    assert "<html" in client.get(url).content.decode()
    outsider = login(w.outsider)
    assert outsider.get(url).status_code == 404
    other = reverse("dues:payment_code", args=[w.cell_a1.pk, w.m3.pk]) + "?thang=2026-02"  # m3 is not in A1
    assert client.get(other).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(w.m3.pk)).exists()
