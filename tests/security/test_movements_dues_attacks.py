"""The movements and dues pages attacked from the neighbouring grassroots organization: every id of org A in an
address, a filter or a form's body answers 404 and is logged, and nothing is written; a plain member posting to
every write answers 403."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from docx import Document

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.core.models import AuditEntry
from dangbo.dues.enums import StatementSource
from dangbo.dues.models import DuesMonth, ReconciliationBatch, Remittance
from dangbo.dues.reconciliation import upload_statement
from dangbo.movements import residence, transfers
from dangbo.movements.models import Movement

from ..conftest import World, login
from ..factories import make_user

pytestmark = pytest.mark.django_db

CSV = "Ngày,Số tiền,Nội dung\n05/03/2026,100000,DP Nguyen Van Hung T3 2026\n"


def _denied() -> int:
    return AuditEntry.objects.filter(action="core.access.denied").count()


@pytest.fixture
def targets(world: World) -> dict[str, int]:
    movement = transfers.transfer_internal(actor=world.officer, member=world.m2, to_organization=world.cell_a2,
                                           on=dt.date(2026, 3, 2), reason="Chuyển công tác",
                                           today=dt.date(2026, 3, 5))  # fmt: skip
    intro = residence.introduce(actor=world.officer, member=world.m1, introduced_on=dt.date(2025, 2, 3),
                                ward="Phường Ba Đình", residence_cell="Chi bộ Tổ dân phố số 5")  # fmt: skip
    batch = upload_statement(actor=world.officer, scope=scope_for(world.officer), organization=world.org_a,
                             source=StatementSource.BANK, file_name="saoke.csv", data=CSV.encode())  # fmt: skip
    return {"movement": movement.pk, "intro": intro.pk, "batch": batch.pk, "cell": world.cell_a1.pk,
            "member": world.m1.pk, "org": world.org_a.pk}  # fmt: skip


def writes(world: World, t: dict[str, int]) -> dict[str, dict[str, object]]:
    """Every write of the movements and dues pages, aimed at org A's records."""
    return {
        f"/bien-dong/{t['movement']}/huy/": {"reason": "x"},
        f"/bien-dong/{t['movement']}/tiep-nhan/": {},
        f"/bien-dong/dang-vien/{t['member']}/chuyen-sinh-hoat/": {"to_chuc": world.cell_b1.pk, "on": "02/03/2026",
                                                                  "reason": "x"},
        "/bien-dong/tiep-nhan/": {"to_chuc": t["cell"], "person_name": "A", "on": "02/03/2026"},
        f"/bien-dong/noi-cu-tru/nhan-xet/{t['member']}/": {"content": "x", "assessment": "good",
                                                           "received_on": "01/03/2026"},
        f"/dang-phi/chi-bo/{t['cell']}/ghi/": {"thang": "2026-03"},
        f"/dang-phi/chi-bo/{t['cell']}/lap-so/": {"thang": "2026-03"},
        f"/dang-phi/dang-vien/{t['member']}/can-cu/": {},
        f"/dang-phi/dang-vien/{t['member']}/mien-giam/": {},
        "/dang-phi/nop-cap-tren/": {"to_chuc": t["org"], "amount": "1000", "paid_on": "01/03/2026"},
        "/dang-phi/ty-le-giu-lai/": {"to_chuc": t["org"], "start": "01/03/2026"},
        "/dang-phi/doi-soat/": {"to_chuc": t["org"], "source": "bank",
                                "file": SimpleUploadedFile("saoke.csv", CSV.encode())},
        f"/dang-phi/doi-soat/{t['batch']}/": {"version": 1},
        f"/dang-phi/doi-soat/{t['batch']}/ghi-so/": {"version": 1},
        "/dang-phi/tai-khoan-thu/": {"to_chuc": t["org"]},
    }  # fmt: skip


def test_the_neighbour_gets_404_and_a_denial_everywhere(world: World, targets: dict[str, int],
                                                        as_outsider: Client) -> None:  # fmt: skip
    t = targets
    gets = [
        f"/bien-dong/{t['movement']}/", f"/bien-dong/{t['movement']}/giay-gioi-thieu.docx",
        f"/bien-dong/{t['movement']}/giay-gioi-thieu/", f"/bien-dong/dang-vien/{t['member']}/chuyen-sinh-hoat/",
        f"/bien-dong/dang-vien/{t['member']}/chuyen-ra-ngoai/",
        f"/bien-dong/sinh-hoat-tam-thoi-mien-dinh-chi/{t['movement']}/",
        f"/bien-dong/noi-cu-tru/gioi-thieu/{t['member']}/", f"/bien-dong/noi-cu-tru/ket-thuc/{t['intro']}/",
        f"/bien-dong/noi-cu-tru/nhan-xet/{t['member']}/", f"/bien-dong/?to_chuc={t['org']}",
        f"/bien-dong/bao-cao/?to_chuc={t['org']}", f"/bien-dong/bao-cao/xuat-excel/?to_chuc={t['org']}",
        f"/bien-dong/noi-cu-tru/?to_chuc={t['org']}",
        f"/dang-phi/chi-bo/{t['cell']}/", f"/dang-phi/chi-bo/{t['cell']}/xuat/", f"/dang-phi/dang-vien/{t['member']}/",
        f"/dang-phi/chi-bo/{t['cell']}/ma-qr/{t['member']}/", f"/dang-phi/don-vi/?to_chuc={t['org']}",
        f"/dang-phi/no/?to_chuc={t['org']}", f"/dang-phi/no/xuat/?to_chuc={t['org']}",
        f"/dang-phi/bao-cao-thu-nop/?to_chuc={t['org']}", f"/dang-phi/bao-cao-thu-nop/excel/?to_chuc={t['org']}",
        f"/dang-phi/bao-cao-thu-nop/word/?to_chuc={t['org']}", f"/dang-phi/nop-cap-tren/?to_chuc={t['org']}",
        f"/dang-phi/ty-le-giu-lai/?to_chuc={t['org']}", f"/dang-phi/doi-soat/?to_chuc={t['org']}",
        f"/dang-phi/doi-soat/{t['batch']}/", f"/dang-phi/tai-khoan-thu/?to_chuc={t['org']}",
    ]  # fmt: skip
    wrong = {}
    for url in gets:
        before = _denied()
        response = as_outsider.get(url)
        if response.status_code != 404 or _denied() != before + 1:
            wrong[url] = (response.status_code, _denied() - before)
    posts = writes(world, t)
    for url, data in posts.items():
        before = _denied()
        response = as_outsider.post(url, data)
        # a form's own organization field refuses an id outside the scope like any other choice (400), logged
        expected = 400 if url == "/bien-dong/tiep-nhan/" else 404
        if response.status_code != expected or _denied() != before + 1:
            wrong["POST " + url] = (response.status_code, _denied() - before)
    assert not wrong
    assert Movement.objects.count() == 1 and ReconciliationBatch.objects.count() == 1
    assert not Remittance.objects.exists() and not DuesMonth.objects.exists()


def test_the_inspection_officer_reads_but_every_write_answers_403(world: World, targets: dict[str, int]) -> None:
    t = targets
    inspector = login(make_user("kiemtra", role=RoleKind.BLOC_INSPECTION_OFFICER, organization=world.bloc))
    for url in (f"/bien-dong/{t['movement']}/", "/bien-dong/", f"/dang-phi/chi-bo/{t['cell']}/",
                f"/dang-phi/bao-cao-thu-nop/?to_chuc={t['org']}", f"/dang-phi/doi-soat/{t['batch']}/"):  # fmt: skip
        assert inspector.get(url).status_code == 200, url
    posts = writes(world, t)
    answers = {url: inspector.post(url, data).status_code for url, data in posts.items()}
    assert {url: code for url, code in answers.items() if code != 403} == {}
    assert Movement.objects.count() == 1 and ReconciliationBatch.objects.count() == 1
    assert not Remittance.objects.exists() and not DuesMonth.objects.exists()


SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'


def test_typed_html_stays_text_on_pages_and_in_the_letter(world: World, as_officer: Client) -> None:
    movement = transfers.start_transfer_out(actor=world.officer, member=world.m1, external_organization=SCRIPT,
                                            cause_date=dt.date(2026, 3, 2), reason=FORMULA, note=SCRIPT,
                                            letter_number="12-GGT", letter_date=dt.date(2026, 3, 3),
                                            today=dt.date(2026, 3, 5))  # fmt: skip
    detail = as_officer.get(f"/bien-dong/{movement.pk}/").content.decode()
    assert SCRIPT not in detail and "&lt;script&gt;alert(1)&lt;/script&gt;" in detail
    letter = as_officer.get(f"/bien-dong/{movement.pk}/giay-gioi-thieu.docx")
    assert letter.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert SCRIPT in text  # the letter shows exactly what was typed, as text
    residence.introduce(actor=world.officer, member=world.m2, introduced_on=dt.date(2025, 2, 3),
                        ward="Phường Ba Đình", residence_cell=SCRIPT)  # fmt: skip
    residence.record_feedback(actor=world.officer, member=world.m2, year=2025, received_on=dt.date(2025, 12, 1),
                              assessment="good", content=SCRIPT, today=dt.date(2026, 1, 5))  # fmt: skip
    listing = as_officer.get("/bien-dong/noi-cu-tru/?nam=2025").content.decode()
    assert SCRIPT not in listing
    report = as_officer.get("/bien-dong/bao-cao/?nam=2026").content.decode()
    assert SCRIPT not in report


def test_a_statement_memo_stays_text_on_the_review_page(world: World, as_officer: Client) -> None:
    csv = f"Ngày,Số tiền,Nội dung,Số tham chiếu\n05/03/2026,85000,{SCRIPT},{SCRIPT}\n"
    batch = upload_statement(actor=world.officer, scope=scope_for(world.officer), organization=world.org_a,
                             source=StatementSource.BANK, file_name="x.csv", data=csv.encode())  # fmt: skip
    page = as_officer.get(f"/dang-phi/doi-soat/{batch.pk}/").content.decode()
    assert SCRIPT not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("amount", ["1000000000000000", "1" + "0" * 30, "-5"])
def test_absurd_remittance_amounts_are_refused_in_vietnamese(world: World, as_officer: Client, amount: str) -> None:
    response = as_officer.post("/dang-phi/nop-cap-tren/", {"to_chuc": world.org_a.pk, "period_start": "01/01/2026",
                                                          "period_end": "31/03/2026", "amount": amount,
                                                          "paid_on": "01/04/2026", "channel": "bank"})  # fmt: skip
    assert response.status_code == 400 and not Remittance.objects.exists()


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/9999", "29/02/2026"])
def test_absurd_transfer_days_are_refused(world: World, as_officer: Client, day: str) -> None:
    url = f"/bien-dong/dang-vien/{world.m1.pk}/chuyen-sinh-hoat/"
    response = as_officer.post(url, {"to_chuc": world.cell_a2.pk, "on": day, "reason": "x"})
    assert response.status_code == 400 and not Movement.objects.exists()


def test_an_upload_over_the_limit_is_refused(world: World, as_officer: Client, settings: object) -> None:
    big = SimpleUploadedFile("saoke.csv", b"a" * (11 * 1024 * 1024))
    response = as_officer.post("/dang-phi/doi-soat/", {"to_chuc": world.org_a.pk, "source": "bank", "file": big})
    assert response.status_code == 400 and not ReconciliationBatch.objects.exists()
    assert "Tệp quá lớn" in response.content.decode()


@pytest.mark.parametrize("query", ["thang=0001-01", "thang=9999-12", "thang=2026-13", "nam=0", "nam=99999999999",
                                   "quy=9", "to_chuc=99999999999999999999"])  # fmt: skip
def test_absurd_months_and_years_in_the_address_never_break_a_page(world: World, as_officer: Client,
                                                                   as_member: Client, query: str) -> None:  # fmt: skip
    assert as_member.get(f"/dang-phi/cua-toi/?{query}").status_code in (200, 400), query
    for url in (f"/dang-phi/chi-bo/{world.cell_a1.pk}/", "/dang-phi/don-vi/", "/dang-phi/no/",
                "/dang-phi/bao-cao-thu-nop/", f"/dang-phi/dang-vien/{world.m1.pk}/",
                "/bien-dong/", "/bien-dong/bao-cao/", "/bien-dong/noi-cu-tru/",
                f"/dang-phi/chi-bo/{world.cell_a1.pk}/xuat/", "/bien-dong/bao-cao/xuat-excel/"):  # fmt: skip
        assert as_officer.get(f"{url}?{query}").status_code in (200, 302, 400, 404), (url, query)
