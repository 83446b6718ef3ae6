"""/api/v1/plans/, /api/v1/targets/ and /api/v1/kpi-values/: scoped reads (a plan may also be recorded); the schema
lists them."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.organizations.models import Organization
from dangbo.planning.enums import Comparison, Metric
from dangbo.planning.models import KpiValue, Plan, Target
from tests.conftest import World
from tests.factories import make_user

from .conftest import api_client, count_queries, ids

PLANS = reverse("api-plan-list")
TARGETS = reverse("api-target-list")
KPI = reverse("api-kpi-value-list")
MEMBERS_PCT = Metric.MEMBERS_GOOD_OR_BETTER


def plan_url(pk: int) -> str:
    return reverse("api-plan-detail", args=[pk])


def target_url(pk: int) -> str:
    return reverse("api-target-detail", args=[pk])


def seed_plan() -> Plan:
    return Plan.objects.get(document_number="20-KH/ĐUK")


def new_plan(number: str, targets: int = 1) -> Plan:
    plan = Plan.objects.create(document_number=number, title=f"Kế hoạch {number}", issuer_name="Đảng ủy Khối",
                               issued_on=dt.date(2025, 1, 15))  # fmt: skip
    for year in range(2026, 2026 + targets):
        Target.objects.create(plan=plan, metric=MEMBERS_PCT, comparison=Comparison.GT, threshold=92, year_from=year,
                              year_to=year)  # fmt: skip
    return plan


def kpi(
    org: Organization, numerator: int, denominator: int, *, year: int = 2025, metric: str = MEMBERS_PCT
) -> KpiValue:
    return KpiValue.objects.create(year=year, organization=org, metric=metric, path=org.path, org_type=org.org_type,
                                   is_grassroots=org.kind == "grassroots_committee", numerator=numerator,
                                   denominator=denominator)  # fmt: skip


# ---- plans and targets ---------------------------------------------------------------------------


def test_plan_list_officer_reads_the_seed_plan_with_its_targets(world: World, api_officer) -> None:
    response = api_officer.get(PLANS)
    assert response.status_code == 200
    assert ids(response) == [seed_plan().pk]
    body = response.json()["results"][0]
    assert body["issued_on"] == "2024-04-23" and body["implements"] == "Nghị quyết 21-NQ/TW; Kế hoạch 146-KH/TU"
    assert len(body["targets"]) == 8  # with the two cell-life measures (decision 0025)
    conditions = {(t["metric"], t["year_from"], t["condition"]) for t in body["targets"]}
    assert ("members_good_or_better_pct", 2024, "> 90%") in conditions
    assert ("admission_rate_pct", 2024, "3%–4%") in conditions


def test_plan_list_outsider_reads_the_same_public_plans(world: World, api_outsider) -> None:
    # Plans are the party's own documents, the same for every user who may view organizations.
    assert ids(api_outsider.get(PLANS)) == [seed_plan().pk]


def test_plan_member_and_user_without_role_see_nothing(world: World, api_member) -> None:
    assert ids(api_member.get(PLANS)) == []
    assert ids(api_member.get(TARGETS)) == []
    assert ids(api_client(make_user("khong_vai_tro")).get(PLANS)) == []
    assert api_member.get(plan_url(seed_plan().pk)).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type) == (world.member_user, "plan")


def test_target_detail_and_filters(world: World, api_officer) -> None:
    in_2026 = api_officer.get(TARGETS, {"year": 2026})
    assert in_2026.status_code == 200
    # every measure but average attendance, whose 85% is a rule, not a plan target (decision 0025)
    assert {row["metric"] for row in in_2026.json()["results"]} == set(Metric.values) - {"meeting_attendance_pct"}
    members = api_officer.get(TARGETS, {"year": 2026, "metric": MEMBERS_PCT}).json()["results"]
    assert [(t["condition"], t["year_from"], t["year_to"]) for t in members] == [("> 95%", 2026, 2030)]
    assert "trên 95%" in members[0]["source_text"]
    detail = api_officer.get(target_url(members[0]["id"])).json()
    assert (detail["plan_document"], detail["comparison_display"]) == ("20-KH/ĐUK", "trên")
    assert ids(api_officer.get(TARGETS, {"year": 2031})) == []
    assert api_officer.get(TARGETS, {"metric": "ty_le"}).status_code == 400


def test_target_member_gets_404_on_a_target(world: World, api_member) -> None:
    target = seed_plan().targets.first()
    assert target is not None
    assert api_member.get(target_url(target.pk)).status_code == 404


def test_plan_list_query_count_does_not_grow_with_rows(world: World, api_officer) -> None:
    Plan.objects.exclude(pk=seed_plan().pk).delete()
    one = count_queries(lambda: api_officer.get(PLANS))
    new_plan("01-KH/ĐUK", targets=2)
    new_plan("02-KH/ĐUK", targets=3)
    assert len(ids(api_officer.get(PLANS))) == 3
    assert count_queries(lambda: api_officer.get(PLANS)) == one


def test_target_list_query_count_does_not_grow_with_rows(world: World, api_officer) -> None:
    plan = new_plan("01-KH/ĐUK", targets=1)
    assert len(ids(api_officer.get(TARGETS, {"plan": plan.pk}))) == 1
    one = count_queries(lambda: api_officer.get(TARGETS, {"plan": plan.pk}))
    plan.delete()
    plan = new_plan("01-KH/ĐUK", targets=3)
    assert len(ids(api_officer.get(TARGETS, {"plan": plan.pk}))) == 3
    assert count_queries(lambda: api_officer.get(TARGETS, {"plan": plan.pk})) == one


# ---- KPI values ----------------------------------------------------------------------------------


def test_kpi_list_officer_sees_exactly_their_subtree_against_the_target(world: World, api_officer) -> None:
    a = kpi(world.org_a, 13, 15)
    a1 = kpi(world.cell_a1, 9, 10)
    kpi(world.bloc, 31, 35)
    kpi(world.org_b, 9, 10)
    response = api_officer.get(KPI)
    assert response.status_code == 200
    assert ids(response) == [a.pk, a1.pk]  # by path: the committee before its cell
    rows = {row["id"]: row for row in response.json()["results"]}
    assert (rows[a.pk]["percent"], rows[a.pk]["percent_text"]) == (86.67, "86,7%")
    assert (rows[a.pk]["target"], rows[a.pk]["status"]) == ("> 90%", "red")
    assert (rows[a1.pk]["percent_text"], rows[a1.pk]["status"]) == ("90,0%", "amber")  # exactly 90% misses "> 90%"
    assert rows[a.pk]["organization_name"] == "Đảng bộ Sở Tài chính" and rows[a.pk]["is_grassroots"] is True


def test_kpi_list_outsider_sees_only_their_unit(world: World, api_outsider) -> None:
    kpi(world.org_a, 13, 15)
    b = kpi(world.org_b, 10, 10)
    response = api_outsider.get(KPI)
    assert ids(response) == [b.pk]
    assert response.json()["results"][0]["status"] == "green"
    assert api_outsider.get(KPI, {"organization": world.org_a.pk}).status_code == 404
    entry = AuditEntry.objects.get(action="core.access.denied")
    assert (entry.actor, entry.object_type, entry.object_id) == (world.outsider, "organization", str(world.org_a.pk))


def test_kpi_admissions_above_range_exceeded_with_explanation(world: World, api_outsider) -> None:
    b = kpi(world.org_b, 42, 1000, metric=Metric.ADMISSION_RATE)
    [row] = api_outsider.get(KPI).json()["results"]
    assert row["id"] == b.pk
    assert (row["status"], row["status_text"]) == ("exceeded", "Vượt chỉ tiêu: 4,2% trên khoảng 3–4%")


def test_kpi_list_member_sees_nothing(world: World, api_member) -> None:
    kpi(world.cell_a1, 9, 10)
    assert ids(api_member.get(KPI)) == []


def test_kpi_filters_by_year_organization_and_metric(world: World, api_bloc) -> None:
    old = kpi(world.bloc, 30, 35, year=2023)
    new = kpi(world.bloc, 31, 35)
    cells = kpi(world.bloc, 1, 3, metric=Metric.MODEL_CELLS)
    a = kpi(world.org_a, 13, 15)
    assert ids(api_bloc.get(KPI, {"year": 2023})) == [old.pk]
    assert ids(api_bloc.get(KPI, {"organization": world.org_a.pk})) == [a.pk]
    assert sorted(ids(api_bloc.get(KPI, {"organization": world.bloc.pk, "year": 2025}))) == sorted([new.pk, cells.pk])
    assert ids(api_bloc.get(KPI, {"metric": Metric.MODEL_CELLS})) == [cells.pk]
    rows = api_bloc.get(KPI, {"year": 2023}).json()["results"]
    assert (rows[0]["target"], rows[0]["status"]) == ("—", "none")  # the plan sets no target for 2023
    assert api_bloc.get(KPI, {"metric": "ty_le"}).status_code == 400
    assert api_bloc.get(KPI, {"organization": "abc"}).status_code == 400


def test_kpi_without_a_denominator_has_no_percent(world: World, api_bloc) -> None:
    kpi(world.org_a, 0, 0)
    row = api_bloc.get(KPI).json()["results"][0]
    assert (row["percent"], row["percent_text"], row["status"]) == (None, "—", "none")


def test_kpi_list_query_count_does_not_grow_with_rows(world: World) -> None:
    client = api_client(make_user("canbo_a2", role=RoleKind.GRASSROOTS_OFFICER, organization=world.org_a))
    kpi(world.org_a, 13, 15)
    assert len(ids(client.get(KPI))) == 1
    one = count_queries(lambda: client.get(KPI))
    kpi(world.cell_a1, 9, 10, year=2024)
    kpi(world.cell_a2, 4, 5, metric=Metric.ADMISSION_RATE)
    assert len(ids(client.get(KPI))) == 3
    assert count_queries(lambda: client.get(KPI)) == one


# ---- the schema ----------------------------------------------------------------------------------

NEW_PATHS = {
    "/api/v1/rating-campaigns/": {"get", "post"},
    "/api/v1/rating-campaigns/{id}/": {"get"},
    "/api/v1/ratings/": {"get"},
    "/api/v1/ratings/{id}/": {"get"},
    "/api/v1/ratings/{id}/step/": {"post"},
    "/api/v1/designations/": {"get"},
    "/api/v1/designations/{id}/": {"get"},
    "/api/v1/plans/": {"get", "post"},  # a plan is recorded through the API (decision 0042)
    "/api/v1/plans/{id}/": {"get"},
    "/api/v1/targets/": {"get"},
    "/api/v1/targets/{id}/": {"get"},
    "/api/v1/kpi-values/": {"get"},
}


def test_schema_lists_the_rating_and_target_paths(db: None) -> None:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    for path, methods in NEW_PATHS.items():
        assert set(schema["paths"][path]) - {"parameters"} == methods, path
    step = schema["paths"]["/api/v1/ratings/{id}/step/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(step["responses"])
    components = schema["components"]["schemas"]
    assert components["LevelEnum"]["enum"] == ["excellent", "good", "fulfilled", "unfulfilled", ""]
    assert "pending" in components["RatingStepEnum"]["enum"]
    assert "progress" in components["CampaignDetail"]["properties"]
