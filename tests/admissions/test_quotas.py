"""Admission quotas: the suggestion (the rule set's percent of members on 1 January, rounded up), setting a
quota and what is refused with nothing saved, progress and the projection per grassroots organization, and
the page with the three personas (out of scope: 404, logged)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.scope import scope_for
from dangbo.admissions import quota_services
from dangbo.admissions.enums import Proposer, Stage
from dangbo.admissions.models import AdmissionRuleSet, Candidate, Quota
from dangbo.admissions.quotas import quota_percent, quota_rows, suggested_quota, totals
from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.members.services import move_to_cell
from dangbo.organizations.models import Organization

from ..conftest import World, login
from ..factories import make_member, make_user

YEAR = 2025
IN_YEAR = dt.date(2025, 9, 1)


def candidate(cell: Organization, stage: str, decided_on: dt.date | None = None) -> Candidate:
    return Candidate.objects.create(
        family_name="Lê", given_name="An", gender="male", birth_date=dt.date(1999, 5, 5), cell=cell, path=cell.path,
        stage=stage, proposer_kind=Proposer.TRADE_UNION, proposed_on=dt.date(2024, 2, 1), decided_on=decided_on,
    )  # fmt: skip


@pytest.fixture
def forty(world: World) -> World:
    """Grassroots A: 40 members on the rolls on 01/01/2025 (m1, m2 and 38 more); B: m3 alone."""
    for i in range(38):
        make_member(organization=world.cell_a1 if i % 2 else world.cell_a2)
    return world


# --- the suggestion --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "percent", "expected"),
    [
        (40, Decimal(3), 2),  # 1.2 → 2
        (33, Decimal(3), 1),  # 0.99 → 1
        (34, Decimal(3), 2),  # 1.02 → 2
        (100, Decimal(3), 3),  # exactly 3: not rounded further
        (1, Decimal(3), 1),
        (0, Decimal(3), 0),
        (40, Decimal("3.5"), 2),  # 1.4 → 2
        (200, Decimal("3.5"), 7),
        (25, Decimal(4), 1),
    ],
)
def test_suggested_quota_rounds_up(members: int, percent: Decimal, expected: int) -> None:
    assert suggested_quota(members, percent) == expected


@pytest.mark.django_db
def test_quota_percent_from_the_rule_set_in_force_on_1_january_or_3() -> None:
    shipped_2025 = AdmissionRuleSet.objects.get(code="KN-2025")
    params = dict(shipped_2025.params)
    params["quota"] = {**params["quota"], "suggested_percent": 4}
    AdmissionRuleSet.objects.filter(pk=shipped_2025.pk).update(params=params)
    assert quota_percent(2025) == Decimal(3)  # 01/01/2025: the 2021 rule set, 3%
    assert quota_percent(2026) == Decimal(4)  # 01/01/2026: the 2025 rule set, as just edited
    AdmissionRuleSet.objects.filter(pk=shipped_2025.pk).update(params={**params, "quota": {"suggested_percent": -1}})
    assert quota_percent(2026) == Decimal(3)  # invalid params: the plan's lower bound
    AdmissionRuleSet.objects.all().delete()
    assert quota_percent(2026) == Decimal(3)  # no rule set at all


# --- progress per grassroots organization -----------------------------------------------------------------


def test_rows_count_members_on_1_january_admissions_and_likely(forty: World) -> None:
    w = forty
    moved = make_member(organization=w.cell_b1)
    move_to_cell(actor=None, member=moved, organization=w.cell_a1, on=dt.date(2025, 1, 2), reason="Chuyển")
    candidate(w.cell_a1, Stage.PROBATION, dt.date(2025, 1, 1))
    candidate(w.cell_a2, Stage.STRUCK_OFF, dt.date(2025, 12, 31))  # struck off later: was admitted
    candidate(w.cell_a1, Stage.DECIDED, dt.date(2025, 6, 1))
    candidate(w.cell_a1, Stage.FULL, dt.date(2024, 12, 31))
    candidate(w.cell_a1, Stage.DECIDED, dt.date(2026, 1, 1))
    candidate(w.cell_a2, Stage.WITHDRAWN)
    candidate(w.cell_a2, Stage.NOT_ADMITTED)
    candidate(w.cell_a1, Stage.CELL_RESOLVED)
    candidate(w.cell_a1, Stage.SPONSORED)
    candidate(w.cell_b1, Stage.COMMITTEE_RESOLVED)
    rows = {r.organization: r for r in quota_rows(scope_for(w.bloc_officer), year=YEAR, today=IN_YEAR)}
    assert set(rows) == {w.org_a, w.org_b}
    a, b = rows[w.org_a], rows[w.org_b]
    # The member moved on 02/01 counts in B, where they were on 01/01.
    assert (a.members, a.suggested, a.admitted, a.likely, a.projected) == (40, 2, 3, 1, 4)
    assert (b.members, b.suggested, b.admitted, b.likely) == (2, 1, 0, 1)
    assert (a.rate_text, a.projected_text, a.quota_text, a.remaining) == ("7,5%", "10,0%", "—", None)
    total = totals(list(rows.values()))
    assert (total.members, total.suggested, total.admitted, total.likely) == (42, 3, 3, 2)
    # Another year: no pipeline counted as likely.
    later = {r.organization: r for r in quota_rows(scope_for(w.bloc_officer), year=YEAR, today=dt.date(2026, 1, 5))}
    assert later[w.org_a].likely == 0
    # The grassroots officer of A reads A only; a cell secretary's scope holds no grassroots organization.
    assert [r.organization for r in quota_rows(scope_for(w.officer), year=YEAR, today=IN_YEAR)] == [w.org_a]
    secretary = make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=w.cell_a1)
    assert quota_rows(scope_for(secretary), year=YEAR, today=IN_YEAR) == []
    assert quota_rows(scope_for(w.member_user), year=YEAR, today=IN_YEAR) == []


# --- setting a quota ---------------------------------------------------------------------------------------


def test_set_quota_creates_then_updates_with_its_version_audited(forty: World) -> None:
    w = forty
    quota = quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=2, note="  Đầu năm ")
    assert (quota.quota, quota.version, quota.note) == (2, 1, "Đầu năm")
    updated = quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=3,
                                       expected_version=1)  # fmt: skip
    assert (updated.pk, updated.quota, updated.version) == (quota.pk, 3, 2)
    entries = list(AuditEntry.objects.filter(object_type="admission_quota").order_by("id"))
    assert [e.action for e in entries] == ["admissions.quota.created", "admissions.quota.updated"]
    assert (entries[0].before, entries[1].before["quota"], entries[1].before["note"]) == (None, 2, "Đầu năm")
    assert entries[1].after["quota"] == 3
    assert entries[1].scope_path == w.org_a.path
    # The whole number of members is a possible (if ambitious) quota; zero too.
    assert quota_services.set_quota(actor=w.bloc_officer, organization=w.org_b, year=YEAR, quota=1).quota == 1


def test_stale_version_is_refused_and_nothing_changes(forty: World) -> None:
    w = forty
    quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=2)
    quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=3, expected_version=1)
    with pytest.raises(ConcurrentEditError):
        quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=1, expected_version=1)
    with pytest.raises(ConcurrentEditError):  # set meanwhile by someone else: a new quota form is stale too
        quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=1)
    with pytest.raises(ConcurrentEditError):  # a version for a quota that does not exist
        quota_services.set_quota(actor=w.bloc_officer, organization=w.org_b, year=YEAR, quota=1, expected_version=4)
    assert Quota.objects.get(organization=w.org_a, year=YEAR).quota == 3
    assert not Quota.objects.filter(organization=w.org_b).exists()
    assert AuditEntry.objects.filter(object_type="admission_quota").count() == 2


@pytest.mark.parametrize(
    ("org", "year", "value", "message"),
    [
        ("org_a", YEAR, -1, "Chỉ tiêu kết nạp không được là số âm."),
        ("org_a", YEAR, 41, "Chỉ tiêu 41 lớn hơn số đảng viên của Đảng bộ Sở Tài chính ngày 01/01/2025 (40)"),
        ("org_b", YEAR, 2, "Chỉ tiêu 2 lớn hơn số đảng viên của Đảng bộ Công ty Điện lực ngày 01/01/2025 (1)"),
        ("cell_a1", YEAR, 1, "“Chi bộ Phòng Ngân sách” không phải tổ chức cơ sở đảng"),
        ("bloc", YEAR, 1, "không phải tổ chức cơ sở đảng"),
        ("org_a", 1999, 1, "Năm giao chỉ tiêu phải từ 2000"),
    ],
)
def test_bad_quotas_are_refused_with_nothing_saved(forty: World, org: str, year: int, value: int, message: str) -> None:
    organization = getattr(forty, org)
    with pytest.raises(DomainError) as refused:
        quota_services.set_quota(actor=forty.bloc_officer, organization=organization, year=year, quota=value)
    assert message in refused.value.message
    assert not Quota.objects.exists()
    assert not AuditEntry.objects.filter(object_type="admission_quota").exists()


def test_only_deciders_in_scope_set_quotas_out_of_scope_logged(forty: World) -> None:
    w = forty
    with pytest.raises(DomainError) as refused:  # the grassroots officer reads A's quota, does not set it
        quota_services.set_quota(actor=w.officer, organization=w.org_a, year=YEAR, quota=1)
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError) as hidden:  # B's officer does not even see A
        quota_services.set_quota(actor=w.outsider, organization=w.org_a, year=YEAR, quota=1)
    assert hidden.value.code == "not_found"
    assert AuditEntry.objects.filter(action="core.access.denied", actor=w.outsider, object_id=str(w.org_a.pk)).exists()
    assert not Quota.objects.exists()


def test_accept_suggestions_fills_the_missing_quotas_in_one_go(forty: World) -> None:
    w = forty
    quota_services.set_quota(actor=w.bloc_officer, organization=w.org_b, year=YEAR, quota=0)
    created = quota_services.accept_suggestions(actor=w.bloc_officer, year=YEAR)
    assert [(q.organization, q.quota) for q in created] == [(w.org_a, 2)]
    assert Quota.objects.get(organization=w.org_b, year=YEAR).quota == 0  # a quota already set is kept
    assert "Theo gợi ý 3%" in created[0].note
    assert AuditEntry.objects.filter(action="admissions.quota.created", object_id=str(created[0].pk)).count() == 1
    assert quota_services.accept_suggestions(actor=w.bloc_officer, year=YEAR) == []
    with pytest.raises(DomainError):
        quota_services.accept_suggestions(actor=w.officer, year=YEAR)


# --- the page ----------------------------------------------------------------------------------------------

URL = "/ket-nap/chi-tieu/"


def test_page_grassroots_officer_reads_bloc_officer_edits(forty: World, as_officer: Client) -> None:
    w = forty
    quota_services.set_quota(actor=w.bloc_officer, organization=w.org_a, year=YEAR, quota=2)
    candidate(w.cell_a1, Stage.PROBATION, dt.date(2025, 4, 2))
    html = as_officer.get(URL, {"nam": YEAR}).content.decode()
    assert "Đảng bộ Sở Tài chính" in html and "Đảng bộ Công ty Điện lực" not in html
    assert "Đảng viên ngày 01/01/2025" in html
    assert "1/2 chỉ tiêu" in html and "2,5%" in html
    assert f"/ket-nap/chi-tieu/{w.org_a.pk}/" not in html  # reads only
    assert "nhan-goi-y" not in html
    bloc = login(w.bloc_officer).get(URL, {"nam": YEAR}).content.decode()
    assert f'action="/ket-nap/chi-tieu/{w.org_a.pk}/"' in bloc and f'action="/ket-nap/chi-tieu/{w.org_b.pk}/"' in bloc
    assert 'action="/ket-nap/chi-tieu/nhan-goi-y/"' in bloc  # B has no quota yet


def test_page_explains_the_projection_in_the_current_year(forty: World, as_officer: Client) -> None:
    html = as_officer.get(URL).content.decode()  # this year by default
    assert "Một quần chúng đã được chi bộ biểu quyết đề nghị được tính là có khả năng kết nạp trong năm" in html
    assert "làm tròn lên" in html
    past = as_officer.get(URL, {"nam": YEAR}).content.decode()
    assert "Số có khả năng kết nạp chỉ tính cho năm hiện tại." in past
    assert as_officer.get(URL, {"nam": "abc"}).status_code == 200  # a bad year: this year, with the message
    assert "Năm phải là một số" in as_officer.get(URL, {"nam": "abc"}).content.decode()


def test_page_personas(forty: World, as_member: Client, as_outsider: Client) -> None:
    assert as_member.get(URL).status_code == 403
    assert as_member.post(f"{URL}{forty.org_a.pk}/", {"nam": YEAR, "quota": 1}).status_code == 403
    outsider = as_outsider.get(URL, {"nam": YEAR}).content.decode()
    assert "Đảng bộ Công ty Điện lực" in outsider and "Đảng bộ Sở Tài chính" not in outsider


def test_post_quota_as_bloc_officer_and_refusals(forty: World, as_officer: Client) -> None:
    w = forty
    bloc = login(w.bloc_officer)
    response = bloc.post(f"{URL}{w.org_a.pk}/", {"nam": YEAR, "quota": 2})
    assert response.status_code == 302 and response["Location"].endswith(f"?nam={YEAR}#don-vi-{w.org_a.pk}")
    quota = Quota.objects.get(organization=w.org_a, year=YEAR)
    assert quota.quota == 2
    stale = bloc.post(f"{URL}{w.org_a.pk}/", {"nam": YEAR, "quota": 3, "version": 7}, follow=True)
    assert "Bản ghi đã được người khác sửa" in stale.content.decode()
    too_many = bloc.post(f"{URL}{w.org_a.pk}/", {"nam": YEAR, "quota": 41, "version": 1}, follow=True)
    assert "lớn hơn số đảng viên" in too_many.content.decode()
    negative = bloc.post(f"{URL}{w.org_a.pk}/", {"nam": YEAR, "quota": -2, "version": 1}, follow=True)
    assert "không được là số âm" in negative.content.decode()
    cell = bloc.post(f"{URL}{w.cell_a1.pk}/", {"nam": YEAR, "quota": 1}, follow=True)
    assert "không phải tổ chức cơ sở đảng" in cell.content.decode()
    quota.refresh_from_db()
    assert (quota.quota, quota.version) == (2, 1)
    assert as_officer.post(f"{URL}{w.org_a.pk}/", {"nam": YEAR, "quota": 1}).status_code == 403
    assert as_officer.post(f"{URL}nhan-goi-y/", {"nam": YEAR}).status_code == 403
    assert bloc.get(f"{URL}{w.org_a.pk}/").status_code == 405


def test_post_out_of_scope_is_404_and_logged(forty: World) -> None:
    w = forty
    board_b = make_user("bantochuc_b", role=RoleKind.BLOC_ORGANIZATION_OFFICER, organization=w.org_b)
    client = login(board_b)
    assert client.post(f"{URL}{w.org_a.pk}/", {"nam": YEAR, "quota": 1}).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied", actor=board_b)
    assert (entry.object_type, entry.object_id) == ("organization", str(w.org_a.pk))
    assert client.post(f"{URL}999999/", {"nam": YEAR, "quota": 1}).status_code == 404
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1  # a missing id is not logged
    assert not Quota.objects.exists()
    accepted = client.post(f"{URL}nhan-goi-y/", {"nam": YEAR}, follow=True)
    assert "Đã giao chỉ tiêu theo gợi ý cho 1 tổ chức cơ sở đảng" in accepted.content.decode()
    assert list(Quota.objects.values_list("organization", "quota")) == [(w.org_b.pk, 1)]


# --- who reaches the quota page ------------------------------------------------------------------------------


def test_cell_secretary_reads_why_there_is_no_quota_and_no_link_leads_there(world: World) -> None:
    secretary = login(make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1))
    page = secretary.get(reverse("admissions:quotas"))
    body = page.content.decode()
    assert page.status_code == 200 and page.context["rows"] == []
    assert 'id="quota-cell-only"' in body and "phạm vi của bạn là một chi bộ" in body
    assert world.org_a.name not in body[body.index('id="theo-don-vi"') :]  # no count from the other cells
    assert 'id="quotas-link"' not in secretary.get(reverse("admissions:list")).content.decode()
    assert 'id="home-admissions-quotas"' not in secretary.get("/").content.decode()


def test_officers_reach_the_quota_page_from_home_and_the_list(world: World) -> None:
    quota_url = reverse("admissions:quotas")
    for user in (world.officer, world.bloc_officer):
        client = login(user)
        home = client.get("/").content.decode()
        assert f'id="home-admissions-quotas" href="{quota_url}"' in home
        assert f'id="home-admissions-deadlines" href="{reverse("admissions:deadlines")}"' in home
        assert f'id="quotas-link" href="{quota_url}"' in client.get(reverse("admissions:list")).content.decode()
        page = client.get(quota_url)
        assert page.context["cell_only"] is False and world.org_a in [r.organization for r in page.context["rows"]]
        assert 'id="quota-cell-only"' not in page.content.decode()
        assert f'class="breadcrumb"><a href="{reverse("admissions:list")}"' in page.content.decode()
    # One organization's row needs no total under it; several do.
    assert "<tfoot>" not in login(world.officer).get(quota_url).content.decode()
    assert "<tfoot>" in login(world.bloc_officer).get(quota_url).content.decode()


@pytest.mark.django_db
def test_page_shows_the_rows_a_page_at_a_time_with_totals_over_all(
    forty: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dangbo.admissions import quota_views

    monkeypatch.setattr(quota_views, "PAGE_SIZE", 1)
    client = login(forty.bloc_officer)
    first = client.get(reverse("admissions:quotas"), {"nam": YEAR})
    second = client.get(reverse("admissions:quotas"), {"nam": YEAR, "page": 2})
    shown = [row.organization for row in first.context["page"].object_list]
    shown += [row.organization for row in second.context["page"].object_list]
    assert shown == [row.organization for row in first.context["rows"]] and len(shown) == 2
    assert first.context["totals"].members == sum(row.members for row in first.context["rows"])
    assert "Trang 1/2" in first.content.decode() and "Trang 2/2" in second.content.decode()
    # setting a quota on the second page comes back to it
    org = shown[1]
    response = client.post(reverse("admissions:quota_set", args=[org.pk]), {"nam": YEAR, "quota": 1, "page": 2})
    assert response["Location"].endswith(f"?nam={YEAR}&page=2#don-vi-{org.pk}")
    assert Quota.objects.get(organization=org, year=YEAR).quota == 1
