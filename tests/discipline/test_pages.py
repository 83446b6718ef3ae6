"""The discipline pages: the list scoped and filtered, a decision with its verdicts explained, the record form with
its refusals (nothing written), the appeal forms, out-of-scope ids (404 and logged), HTML in a note."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.core.models import AuditEntry
from dangbo.discipline.models import Discipline
from dangbo.discipline.services import record_discipline
from tests.conftest import World, login
from tests.factories import make_user

DECIDED = dt.date(2025, 6, 2)  # a Monday; every date of these tests is in the past
ON = "?ngay=01/09/2025"


@pytest.fixture
def secretary(world: World) -> User:
    return make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)


def decide(world: World, **overrides: Any) -> Discipline:
    data: dict[str, Any] = {
        "actor": world.officer, "member": world.m1, "form": "warning", "violation_date": dt.date(2025, 5, 3),
        "decision_date": DECIDED, "decision_number": "15-QĐ/ĐU", "deciding_organization": world.org_a,
        "votes_for": 8, "voters_entitled": 11, "received_on": DECIDED, "note": "<b>Vi phạm</b> =HYPERLINK(\"x\")",
    }  # fmt: skip
    data.update(overrides)
    return record_discipline(**data)


def record_post(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "doi_tuong": "member", "dang_vien": world.m2.pk, "dang_vien_tim": "", "form": "reprimand",
        "deciding_organization": world.cell_a1.pk, "violation_kind": "ordinary",
        "violation_date": (DECIDED - dt.timedelta(days=20)).strftime("%d/%m/%Y"),
        "decision_date": DECIDED.strftime("%d/%m/%Y"), "decision_number": "3-QĐ/CB", "votes_for": "5",
        "voters_entitled": "7", "note": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_list_shows_the_decisions_in_scope_with_their_state(world: World, secretary: User) -> None:
    d = decide(world)
    other = decide(world, member=world.m3, deciding_organization=world.org_b, decision_number="9")
    html = login(secretary).get("/ky-luat/" + ON).content.decode()
    assert f'id="discipline-{d.pk}"' in html and f'id="discipline-{other.pk}"' not in html
    assert "Đang có hiệu lực" in html
    assert 'id="nav-oversight"' in html


def test_the_list_searches_names_without_accents_and_filters_by_state(world: World) -> None:
    d = decide(world)
    client = login(world.officer)
    assert f'id="discipline-{d.pk}"' in client.get("/ky-luat/" + ON + "&q=nguyen+van+hung").content.decode()
    assert f'id="discipline-{d.pk}"' not in client.get("/ky-luat/" + ON + "&q=lan").content.decode()
    assert f'id="discipline-{d.pk}"' not in client.get("/ky-luat/" + ON + "&tinh_trang=lapsed").content.decode()
    assert f'id="discipline-{d.pk}"' in client.get("/ky-luat/" + ON + "&tinh_trang=in_force").content.decode()
    lapsed = client.get("/ky-luat/?ngay=03/06/2026&tinh_trang=lapsed").content.decode()
    assert f'id="discipline-{d.pk}"' in lapsed


def test_a_unit_outside_the_scope_in_the_filter_answers_404_and_is_logged(world: World) -> None:
    response = login(world.officer).get(f"/ky-luat/?to_chuc={world.org_b.pk}")
    assert response.status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.org_b.pk)).exists()


def test_the_detail_explains_each_verdict_with_its_rule_and_escapes_the_note(world: World, secretary: User) -> None:
    d = decide(world)
    html = login(secretary).get(f"/ky-luat/{d.pk}/").content.decode()
    for code in ("form", "vote", "competence", "limitation", "appeal", "lapse"):
        assert f'id="verdict-{code}"' in html
    assert "8/11 thành viên có quyền biểu quyết tán thành (72,7%)" in html
    assert "Điều lệ Đảng, Điều 38" in html and "Quy định 69-QĐ/TW" in html
    assert "&lt;b&gt;Vi phạm&lt;/b&gt;" in html and "<b>Vi phạm</b>" not in html
    assert 'id="appeal-form"' in html


def test_another_units_decision_answers_404_and_is_logged(world: World) -> None:
    d = decide(world)
    assert login(world.outsider).get(f"/ky-luat/{d.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(d.pk)).exists()


def test_a_member_has_no_discipline_pages(world: World) -> None:
    d = decide(world)
    client = login(world.member_user)
    assert client.get("/ky-luat/").status_code == 403
    assert client.get(f"/ky-luat/{d.pk}/").status_code == 403
    assert 'id="nav-oversight"' not in client.get("/").content.decode()


def test_recording_a_decision_from_the_form(world: World, secretary: User) -> None:
    response = login(secretary).post("/ky-luat/ghi/", record_post(world))
    d = Discipline.objects.get(decision_number="3-QĐ/CB")
    assert response.status_code == 302 and response["Location"] == f"/ky-luat/{d.pk}/"
    assert (d.member, d.votes_for, d.voters_entitled) == (world.m2, 5, 7)


def _refused(client: Client, data: dict[str, Any], message: str) -> str:
    before = (Discipline.objects.count(), AuditEntry.objects.exclude(action="core.access.denied").count())
    response = client.post("/ky-luat/ghi/", data)
    html = response.content.decode()
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert message in html, html
    assert (Discipline.objects.count(), AuditEntry.objects.exclude(action="core.access.denied").count()) == before
    return html


def test_the_form_refuses_a_decision_without_votes_unless_from_paper(world: World, secretary: User) -> None:
    client = login(secretary)
    _refused(client, record_post(world, votes_for="", voters_entitled=""), "Cần ghi số phiếu tán thành")
    _refused(client, record_post(world, votes_for="", voters_entitled="", paper_record="on"),
             "Quyết định ghi lại từ hồ sơ giấy cần ghi chú nguồn hồ sơ")  # fmt: skip
    data = record_post(world, votes_for="", voters_entitled="", paper_record="on", note="Hồ sơ lưu số 12")
    assert client.post("/ky-luat/ghi/", data).status_code == 302


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"form": "expulsion"}, "không có thẩm quyền quyết định khai trừ đảng viên"),
        ({"votes_for": "9"}, "Số phiếu tán thành (9) không được lớn hơn số thành viên có quyền biểu quyết (7)."),
        ({"votes_for": "3"}, "3/7 phiếu (42,9%) chưa đạt"),
        ({"violation_date": "01/01/1900"}, "01/01/1900"),
        ({"decision_date": "01/01/2200"}, "01/01/2200"),
        ({"dang_vien": "", "dang_vien_tim": "khong ai"}, "Không có đảng viên nào khớp với “khong ai”"),
    ],
)
def test_the_form_refuses_bad_input_and_writes_nothing(
    world: World, secretary: User, overrides: dict[str, Any], message: str
) -> None:
    _refused(login(secretary), record_post(world, **overrides), message)


def test_a_member_outside_the_scope_is_refused_and_logged(world: World, secretary: User) -> None:
    _refused(login(secretary), record_post(world, dang_vien=world.m3.pk), "Không tìm thấy đảng viên này")
    assert AuditEntry.objects.filter(action="core.access.denied", object_id=str(world.m3.pk)).exists()


def test_the_member_picker_offers_only_the_scope(world: World, secretary: User) -> None:
    html = login(secretary).get("/ky-luat/chon-dang-vien/?dang_vien_tim=tran").content.decode()
    assert "Trần Quốc Bảo" not in html
    html = login(secretary).get("/ky-luat/chon-dang-vien/?dang_vien_tim=dang").content.decode()
    assert "Đặng Thị Lan" in html


def test_an_appeal_after_the_window_is_refused_on_the_page(world: World) -> None:
    d = decide(world)
    late = (DECIDED + dt.timedelta(days=60)).strftime("%d/%m/%Y")
    response = login(world.officer).post(f"/ky-luat/{d.pk}/khieu-nai/", {"filed_on": late, "version": d.version})
    assert response.status_code == 400 and "đã quá thời hạn một tháng" in response.content.decode()
    assert Discipline.objects.get(pk=d.pk).appealed_on is None


def test_appeal_then_settle_from_the_page_and_stale_version(world: World) -> None:
    d = decide(world)
    client = login(world.officer)
    day = DECIDED.strftime("%d/%m/%Y")
    assert client.post(f"/ky-luat/{d.pk}/khieu-nai/", {"filed_on": day, "version": 1}).status_code == 302
    stale = client.post(f"/ky-luat/{d.pk}/giai-quyet-khieu-nai/", {"result": "annulled", "decided_on": day,
                                                                  "decision_number": "2", "version": 1})  # fmt: skip
    assert stale.status_code == 400 and "Bản ghi đã được người khác sửa" in stale.content.decode()
    ok = client.post(f"/ky-luat/{d.pk}/giai-quyet-khieu-nai/", {"result": "annulled", "decided_on": day,
                                                               "decision_number": "2", "version": 2})  # fmt: skip
    assert ok.status_code == 302
    assert "Đã bị hủy bỏ" in client.get(f"/ky-luat/{d.pk}/").content.decode()


def test_another_cells_secretary_cannot_appeal(world: World) -> None:
    d = decide(world)
    other = make_user("bithu_a2", role=RoleKind.CELL_SECRETARY, organization=world.cell_a2)
    response = login(other).post(f"/ky-luat/{d.pk}/khieu-nai/", {"filed_on": "01/01/2026", "version": 1})
    assert response.status_code == 404
    assert Discipline.objects.get(pk=d.pk).appealed_on is None


def test_a_decision_recorded_before_the_rule_sets_still_explains_itself(world: World) -> None:
    d = Discipline.objects.create(
        member=world.m1, form="warning", violation_date=dt.date(2012, 1, 9), decision_date=dt.date(2012, 3, 1),
        decision_number="4-QĐ/ĐU", deciding_organization=world.org_a, organization_at_decision=world.cell_a1,
    )  # fmt: skip
    html = login(world.officer).get(f"/ky-luat/{d.pk}/").content.decode()
    assert "Đã hết hiệu lực" in html and "Quy định 102-QĐ/TW" in html
