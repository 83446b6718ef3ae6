"""The library's pages for each persona: who sees which document, search without accents, the file, the forms of
`manage_library`, and what an outsider is refused (404, logged)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.library.enums import Audience, Validity
from dangbo.library.models import PartyDocument

from ..conftest import login
from ..factories import make_user
from .helpers import DOCX, PDF, make_document, upload

pytestmark = pytest.mark.django_db


@dataclass
class Shelf:
    bloc: PartyDocument
    a1: PartyDocument
    a2: PartyDocument
    to_m2: PartyDocument
    to_m1: PartyDocument
    b: PartyDocument


@pytest.fixture
def shelf(world) -> Shelf:
    return Shelf(
        bloc=make_document(world.bloc, number="1", symbol="KH/ĐUK", title="Kế hoạch toàn khối"),
        a1=make_document(world.org_a, number="2", symbol="TB/ĐU", kind="notice", uploaded=upload(),
                         title="Thông báo về củng cố chi bộ", audience=Audience.ORGANIZATIONS,
                         organizations=[world.cell_a1]),
        a2=make_document(world.org_a, number="3", symbol="TB/ĐU", kind="notice", title="Riêng chi bộ văn phòng",
                         audience=Audience.ORGANIZATIONS, organizations=[world.cell_a2]),
        to_m2=make_document(world.org_a, number="4", symbol="CV/ĐU", kind="letter", title="Gửi đồng chí Lan",
                            audience=Audience.MEMBERS, members=[world.m2]),
        to_m1=make_document(world.bloc, number="5", symbol="CV/ĐUK", kind="letter", title="Gửi đồng chí Hùng",
                            audience=Audience.MEMBERS, members=[world.m1]),
        b=make_document(world.org_b, number="6", symbol="NQ/ĐU", kind="resolution", title="Nghị quyết điện lực"),
    )  # fmt: skip


def listed(client, **params) -> set[int]:
    response = client.get(reverse("library:list"), params)
    assert response.status_code == 200
    return {d.pk for d in response.context["page"].object_list if d.path != ""}


def preload_listed(client) -> int:
    return sum(1 for d in client.get(reverse("library:list"), {"year": 2024}).context["page"].object_list if not d.path)


def test_each_persona_lists_its_part(world, shelf, as_bloc_officer, as_officer, as_member, as_outsider):
    s = shelf
    assert listed(as_bloc_officer) == {s.bloc.pk, s.a1.pk, s.a2.pk, s.to_m2.pk, s.to_m1.pk, s.b.pk}
    assert listed(as_officer) == {s.bloc.pk, s.a1.pk, s.a2.pk, s.to_m2.pk}
    assert listed(as_member) == {s.bloc.pk, s.a1.pk, s.to_m1.pk}
    assert listed(as_outsider) == {s.bloc.pk, s.b.pk}
    secretary = make_user("bithu_a2", role=RoleKind.CELL_SECRETARY, organization=world.cell_a2)
    assert listed(login(secretary)) == {s.bloc.pk, s.a2.pk}
    # The preloaded central documents reach everybody.
    for client in (as_bloc_officer, as_officer, as_member, as_outsider, login(secretary)):
        assert preload_listed(client) == 1  # of 2024: the plan 20-KH/ĐUK


def test_user_without_role_or_member_record_refused(world, client):
    nobody = make_user("khach")
    assert login(nobody).get(reverse("library:list")).status_code == 403
    assert client.get(reverse("library:list")).status_code == 302


def test_out_of_scope_ids_404_and_logged(world, shelf, as_member, as_outsider, as_officer):
    for client, document in ((as_member, shelf.a2), (as_member, shelf.to_m2), (as_outsider, shelf.a1)):
        assert client.get(reverse("library:detail", args=[document.pk])).status_code == 404
    assert as_outsider.get(reverse("library:file", args=[shelf.a1.pk])).status_code == 404
    assert as_officer.get(reverse("library:edit", args=[shelf.bloc.pk])).status_code == 404
    assert as_outsider.post(reverse("library:validity", args=[shelf.a1.pk]), {}).status_code == 404
    denied = AuditEntry.objects.filter(action="core.access.denied", object_type="party_document")
    assert sorted(int(e.object_id) for e in denied) == sorted(
        [shelf.a2.pk, shelf.to_m2.pk, shelf.a1.pk, shelf.a1.pk, shelf.bloc.pk, shelf.a1.pk]
    )


def test_member_cannot_reach_the_forms(world, shelf, as_member):
    assert as_member.get(reverse("library:new")).status_code == 403
    assert as_member.get(reverse("library:edit", args=[shelf.a1.pk])).status_code == 403


def test_search_without_accents_and_filters(world, shelf, as_officer):
    assert listed(as_officer, q="cung co chi bo") == {shelf.a1.pk}
    assert listed(as_officer, q="CỦNG CỐ") == {shelf.a1.pk}
    assert listed(as_officer, q="2-tb/du") == {shelf.a1.pk}
    assert listed(as_officer, q="thong bao") == {shelf.a1.pk, shelf.a2.pk}
    assert listed(as_officer, kind="letter") == {shelf.to_m2.pk}
    assert listed(as_officer, year=2025, validity="in_force") == {
        shelf.bloc.pk,
        shelf.a1.pk,
        shelf.a2.pk,
        shelf.to_m2.pk,
    }
    response = as_officer.get(reverse("library:list"), {"q": "nghi quyet 21"})
    # The resolution, and the two plans whose titles cite it.
    assert {d.reference for d in response.context["page"].object_list} == {"21-NQ/TW", "20-KH/ĐUK", "146-KH/TU"}
    assert as_officer.get(reverse("library:list"), {"year": "abc"}).status_code == 400


def test_list_query_count_does_not_grow(world, as_officer):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert as_officer.get(reverse("library:list")).status_code == 200
        return len(queries)

    make_document(world.org_a, number="1", symbol="TB/ĐU")
    one = count()
    for n in (2, 3, 4):
        make_document(world.org_a, number=str(n), symbol="TB/ĐU")
    assert count() == one


def test_detail_shows_file_chain_and_escapes_text(world, as_officer):
    old = make_document(world.org_a, number="1", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2024, 2, 1),
                        title="<script>alert(1)</script>=1+2", uploaded=upload("quy-dinh.docx", DOCX))  # fmt: skip
    new = make_document(world.org_a, number="2", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2025, 2, 1))
    url = reverse("library:validity", args=[old.pk])
    response = as_officer.post(url, {"version": 1, "validity": "replaced", "other": "2-QĐ/ĐU", "other_year": 2025})
    assert response.status_code == 302
    html = as_officer.get(reverse("library:detail", args=[new.pk])).content.decode()
    assert 'id="validity-chain"' in html and "Quy định 1-QĐ/ĐU" in html and "01/02/2024" in html
    html = as_officer.get(reverse("library:detail", args=[old.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;=1+2" in html and "<script>alert" not in html
    assert "Đã được thay thế" in html and 'id="document-download"' in html


def test_download_is_audited(world, shelf, as_member):
    response = as_member.get(reverse("library:file", args=[shelf.a1.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert 'filename="van-ban.pdf"' in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action="library.document.downloaded")
    assert int(entry.object_id) == shelf.a1.pk and entry.actor == world.member_user
    assert as_member.get(reverse("library:file", args=[shelf.bloc.pk])).status_code == 404  # no file


def test_officer_records_a_document_with_a_file(world, as_officer):
    response = as_officer.post(reverse("library:new"), {
        "number": "12", "symbol": "kh/đu", "kind": "plan", "title": "Kế hoạch kiểm tra năm 2026",
        "issued_on": "05/01/2026", "issuer": world.org_a.pk, "audience": "organizations",
        "organizations": [world.cell_a1.pk], "file": upload("ke-hoach.pdf"),
    })  # fmt: skip
    assert response.status_code == 302
    document = PartyDocument.objects.get(number="12", year=2026)
    assert document.symbol == "KH/ĐU" and document.issuer == world.org_a and document.file_type == "pdf"
    assert [p.organization for p in document.publications.all()] == [world.cell_a1]


def test_page_refusals_say_why_and_save_nothing(world, shelf, as_officer):
    before = PartyDocument.objects.count()
    base = {"number": "2", "symbol": "TB/ĐU", "kind": "notice", "title": "Trùng số", "issued_on": "01/03/2025",
            "issuer": world.org_a.pk, "audience": "whole_tree"}  # fmt: skip
    response = as_officer.post(reverse("library:new"), base)
    assert response.status_code == 400 and "Số 2-TB/ĐU đã được Đảng bộ Sở Tài chính dùng" in response.content.decode()
    response = as_officer.post(reverse("library:new"), {**base, "number": "99", "file": upload("a.pdf", DOCX)})
    assert response.status_code == 400 and "không phải là tệp PDF" in response.content.decode()
    response = as_officer.post(reverse("library:new"), {**base, "number": "99", "issuer": "", "issuer_name": ""})
    assert response.status_code == 400 and "Chọn đơn vị ban hành hoặc nhập tên" in response.content.decode()
    response = as_officer.post(reverse("library:new"), {**base, "number": "99", "organizations": [world.cell_b1.pk],
                                                        "audience": "organizations"})  # fmt: skip
    assert response.status_code == 400 and "không thuộc phạm vi của bạn" in response.content.decode()
    response = as_officer.post(reverse("library:new"), {**base, "number": "99", "audience": "members",
                                                        "members": "01000003"})  # fmt: skip
    assert response.status_code == 400 and "Không tìm thấy đảng viên có số thẻ 01000003" in response.content.decode()
    assert PartyDocument.objects.count() == before


def test_edit_with_stale_version_is_409(world, shelf, as_officer):
    url = reverse("library:edit", args=[shelf.a2.pk])
    data = {"version": 1, "number": "3", "symbol": "TB/ĐU", "kind": "notice", "title": "Sửa lần một",
            "issued_on": "23/04/2025", "audience": "organizations", "organizations": [world.cell_a2.pk]}  # fmt: skip
    assert as_officer.post(url, data).status_code == 302
    response = as_officer.post(url, {**data, "title": "Sửa lần hai"})
    assert response.status_code == 409
    shelf.a2.refresh_from_db()
    assert shelf.a2.title == "Sửa lần một" and shelf.a2.version == 2


def test_replace_through_the_page(world, shelf, as_officer):
    response = as_officer.post(reverse("library:replace", args=[shelf.a2.pk]), {
        "version": 1, "number": "30", "symbol": "TB/ĐU", "kind": "notice", "title": "Thay thế",
        "issued_on": "01/03/2026", "audience": "whole_tree",
    })  # fmt: skip
    assert response.status_code == 302
    shelf.a2.refresh_from_db()
    assert shelf.a2.validity == Validity.REPLACED and shelf.a2.replaced_by.reference == "30-TB/ĐU"


def test_bloc_officer_edits_a_preloaded_entry_grassroots_officer_may_not(world, as_bloc_officer, as_officer):
    preloaded = PartyDocument.objects.get(number="21", symbol="NQ/TW")
    assert as_bloc_officer.get(reverse("library:edit", args=[preloaded.pk])).status_code == 200
    assert as_officer.get(reverse("library:detail", args=[preloaded.pk])).status_code == 200
    assert as_officer.get(reverse("library:edit", args=[preloaded.pk])).status_code == 404


def test_reached_from_the_hub_and_the_members_navigation(world, as_officer, as_member):
    hub = as_officer.get(reverse("plans_hub:hub")).content.decode()
    assert 'id="plans-library"' in hub and reverse("library:list") in hub
    home = as_member.get("/").content.decode()
    assert 'id="nav-library"' in home
    assert 'id="nav-library"' not in as_officer.get("/").content.decode()


@pytest.mark.parametrize(
    ("other", "year", "field", "message"),
    [
        ("2 QĐ/ĐU", 2025, "other", "Nhập số và ký hiệu của văn bản như khi trích dẫn, ví dụ 09-HD/ĐUK."),
        ("2-QĐ/ĐU", "", "other_year", "Nhập năm ban hành của văn bản 2-QĐ/ĐU."),
        ("2-QĐ/ĐU", 2024, "other", "Không tìm thấy văn bản 2-QĐ/ĐU năm 2024 trong thư viện của bạn."),
        ("7-QĐ/ĐU", 2025, "other", "Không tìm thấy văn bản 7-QĐ/ĐU năm 2025 trong thư viện của bạn."),
    ],
)
def test_validity_names_the_other_document_by_its_reference(world, as_officer, other, year, field, message):
    old = make_document(world.org_a, number="1", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2024, 2, 1))
    make_document(world.org_a, number="2", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2025, 2, 1))
    make_document(
        world.org_b,
        number="7",
        symbol="QĐ/ĐU",
        kind="regulation",
        issued_on=dt.date(2025, 2, 1),
        audience="organizations",
        organizations=[world.org_b],
    )  # grassroots B's own: not A's to name
    url = reverse("library:validity", args=[old.pk])
    response = as_officer.post(url, {"version": 1, "validity": "replaced", "other": other, "other_year": year})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    old.refresh_from_db()
    assert old.validity == "in_force" and old.replaced_by is None and old.version == 1


def test_validity_prefers_the_issuers_own_document_and_shows_it_again(world, as_officer):
    old = make_document(world.org_a, number="1", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2024, 2, 1))
    make_document(world.bloc, number="2", symbol="qđ/đu", kind="regulation", issued_on=dt.date(2025, 3, 1))
    own = make_document(world.org_a, number="2", symbol="QĐ/ĐU", kind="regulation", issued_on=dt.date(2025, 2, 1))
    url = reverse("library:validity", args=[old.pk])
    response = as_officer.post(url, {"version": 1, "validity": "amended", "other": " 2-qđ/đu ", "other_year": 2025})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.amended_by == own
    form = as_officer.get(url).context["form"]
    assert form["other"].value() == "2-QĐ/ĐU" and form["other_year"].value() == 2025
