"""The OpenAPI document and its browsable docs, served without any CDN."""

from __future__ import annotations

import re

from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

MOVEMENT_STEPS = (
    "accept", "decline", "cancel", "letter", "hand-over", "temporary-return", "exemption-informed", "exemption-end",
    "suspension-extend", "suspension-end", "abroad-opinion", "abroad-approve", "abroad-departure", "abroad-return",
    "abroad-report",
)  # fmt: skip
PATHS = {
    "/api/v1/organizations/",
    "/api/v1/organizations/{id}/",
    "/api/v1/organizations/{id}/children/",
    "/api/v1/organizations/{id}/tree_as_of/",
    "/api/v1/committees/",
    "/api/v1/committees/{id}/",
    "/api/v1/members/",
    "/api/v1/members/{id}/",
    "/api/v1/token/",
    "/api/v1/me/",
    "/api/v1/rating-campaigns/",
    "/api/v1/rating-campaigns/{id}/",
    "/api/v1/ratings/",
    "/api/v1/ratings/{id}/",
    "/api/v1/ratings/{id}/step/",
    "/api/v1/designations/",
    "/api/v1/designations/{id}/",
    "/api/v1/plans/",
    "/api/v1/plans/{id}/",
    "/api/v1/plan-tasks/",
    "/api/v1/plan-tasks/{id}/",
    "/api/v1/plan-progress/",
    "/api/v1/plan-progress/{id}/",
    "/api/v1/targets/",
    "/api/v1/targets/{id}/",
    "/api/v1/kpi-values/",
    "/api/v1/candidates/",
    "/api/v1/candidates/{id}/",
    "/api/v1/candidates/{id}/steps/",
    "/api/v1/admission-quotas/",
    "/api/v1/admission-quotas/{id}/",
    "/api/v1/admission-deadlines/",
    "/api/v1/meetings/",
    "/api/v1/my-meetings/",
    "/api/v1/my-meetings/{id}/reply/",
    "/api/v1/notifications/",
    "/api/v1/notifications/{id}/read/",
    "/api/v1/notifications/read-all/",
    "/api/v1/notification-preferences/",
    "/api/v1/meetings/{id}/",
    "/api/v1/meetings/{id}/held/",
    "/api/v1/meetings/{id}/minutes/",
    "/api/v1/meetings/{id}/cancel/",
    "/api/v1/meetings/{id}/attendance/",
    "/api/v1/cell-quarters/",
    "/api/v1/tasks/",
    "/api/v1/tasks/{id}/",
    "/api/v1/tasks/{id}/progress/",
    "/api/v1/tasks/{id}/result/",
    "/api/v1/tasks/without-task/",
    "/api/v1/screening-signals/",
    "/api/v1/screening-signals/{id}/",
    "/api/v1/screening-rounds/",
    "/api/v1/screening-rounds/{id}/",
    "/api/v1/screening-rounds/{id}/members/",
    "/api/v1/screening-rounds/{id}/close/",
    "/api/v1/screening-reviews/",
    "/api/v1/dues-remittances/",
    "/api/v1/dues-reconciliations/",
    "/api/v1/dues-reconciliations/{id}/",
    "/api/v1/dues-reconciliations/{id}/lines/",
    "/api/v1/dues-reconciliations/{id}/review/",
    "/api/v1/dues-reconciliations/{id}/apply/",
    "/api/v1/dues-statements/",
    "/api/v1/screening-reviews/{id}/",
    "/api/v1/screening-reviews/{id}/vote/",
    "/api/v1/movements/",
    "/api/v1/movements/{id}/",
    "/api/v1/movements/transfer-internal/",
    "/api/v1/movements/temporary-out/",
    "/api/v1/movements/exemption/",
    "/api/v1/movements/suspension/",
    "/api/v1/movements/transfer-out/",
    "/api/v1/movements/transfer-in/",
    "/api/v1/movements/temporary-in/",
    "/api/v1/movements/abroad/",
    *(f"/api/v1/movements/{{id}}/{step}/" for step in MOVEMENT_STEPS),
    "/api/v1/residence-introductions/",
    "/api/v1/residence-introductions/{id}/",
    "/api/v1/residence-introductions/{id}/end/",
    "/api/v1/residence-feedback/",
    "/api/v1/residence-feedback/{id}/",
    "/api/v1/screening-reviews/{id}/outcome/",
    "/api/v1/dues-rule-sets/",
    "/api/v1/dues-rule-sets/{id}/",
    "/api/v1/dues-bases/",
    "/api/v1/dues-bases/{id}/",
    "/api/v1/dues-reliefs/",
    "/api/v1/dues-reliefs/{id}/",
    "/api/v1/dues-months/",
    "/api/v1/dues-months/{id}/",
    "/api/v1/dues-months/{id}/payment/",
    "/api/v1/disciplines/",
    "/api/v1/disciplines/{id}/",
    "/api/v1/disciplines/{id}/appeal/",
    "/api/v1/disciplines/{id}/settle/",
    "/api/v1/complaints/",
    "/api/v1/complaints/{id}/",
    *(f"/api/v1/complaints/{{id}}/{step}/" for step in ("assign", "extend", "resolve", "reply", "not-considered")),
    "/api/v1/complaints/{id}/identity/",
    "/api/v1/complaint-notices/",
    "/api/v1/complaint-notices/{id}/",
    "/api/v1/complaint-notices/{id}/notice-date/",
    "/api/v1/inspection/programmes/",
    "/api/v1/inspection/programmes/{id}/",
    "/api/v1/inspection/cases/",
    "/api/v1/inspection/cases/{id}/",
    "/api/v1/inspection/cases/{id}/steps/",
    "/api/v1/badges/",
    "/api/v1/badges/{id}/",
    "/api/v1/badges/{id}/award/",
    "/api/v1/badges/{id}/withdraw/",
    "/api/v1/badges/due/",
    "/api/v1/commendations/",
    "/api/v1/commendations/{id}/",
    "/api/v1/commendations/{id}/decide/",
    "/api/v1/commendations/{id}/refuse/",
    "/api/v1/training/courses/",
    "/api/v1/training/courses/{id}/",
    "/api/v1/training/courses/{id}/results/",
    "/api/v1/training/enrollments/",
    "/api/v1/training/enrollments/{id}/",
    "/api/v1/training/enrollments/{id}/remove/",
    "/api/v1/training/qualifications/",
    "/api/v1/training/qualifications/{id}/",
    "/api/v1/documents/",
    "/api/v1/documents/{id}/",
    *(f"/api/v1/documents/{{id}}/{step}/" for step in ("file", "replace", "validity", "study")),
    "/api/v1/bookmarks/",
    "/api/v1/bookmarks/{id}/",
    "/api/v1/study-marks/",
    "/api/v1/study-marks/{id}/",
    "/api/v1/my-questions/",
    "/api/v1/my-questions/{id}/",
    "/api/v1/questions/",
    "/api/v1/questions/{id}/",
    "/api/v1/questions/{id}/answer/",
    "/api/v1/questions/{id}/close/",
    "/api/v1/report-requests/",
    "/api/v1/report-requests/{id}/",
    "/api/v1/report-requests/{id}/remind-late/",
    "/api/v1/report-recipients/",
    "/api/v1/report-recipients/{id}/",
    *(f"/api/v1/report-recipients/{{id}}/{step}/" for step in ("accept", "remind", "return")),
    "/api/v1/report-submissions/",
    "/api/v1/report-submissions/{id}/",
    "/api/v1/report-submissions/{id}/file/",
    "/api/v1/statistical-forms/",
    "/api/v1/statistical-forms/{id}/figures/",
    "/api/v1/statistical-forms/{id}/xlsx/",
    "/api/v1/plan-reviews/",
    "/api/v1/plan-reviews/{id}/",
    "/api/v1/plan-reviews/{id}/file/",
}


def test_schema_is_a_valid_openapi_3_document_listing_the_api(db: None) -> None:
    response = APIClient().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid document
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == PATHS
    member_methods = set(schema["paths"]["/api/v1/members/{id}/"])
    assert {"get", "patch"} <= member_methods and not {"put", "delete"} & member_methods
    assert set(schema["paths"]["/api/v1/members/"]) == {"get", "post"}
    assert "citizen_id" not in schema["components"]["schemas"]["MemberList"]["properties"]
    assert "citizen_id" in schema["components"]["schemas"]["MemberDetail"]["properties"]
    assert "409" in schema["paths"]["/api/v1/members/{id}/"]["patch"]["responses"]
    assert {"tokenAuth", "cookieAuth"} <= set(schema["components"]["securitySchemes"])
    steps = schema["paths"]["/api/v1/candidates/{id}/steps/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(steps)
    assert "quy định" in steps["400"]["description"]
    assert set(schema["paths"]["/api/v1/admission-quotas/{id}/"]) == {"patch"}
    assert "404" in schema["paths"]["/api/v1/candidates/"]["get"]["responses"]  # the organization filter
    assert "citizen_id" not in schema["components"]["schemas"]["CandidateList"]["properties"]
    attendance = schema["paths"]["/api/v1/meetings/{id}/attendance/"]
    assert set(attendance) == {"get", "put"} and {"400", "403", "404", "409"} <= set(attendance["put"]["responses"])
    assert set(schema["paths"]["/api/v1/meetings/{id}/"]) == {"get", "patch"}
    assert "404" in schema["paths"]["/api/v1/cell-quarters/"]["get"]["responses"]  # the organization filter
    assert "404" in schema["paths"]["/api/v1/screening-reviews/"]["get"]["responses"]  # the round filter
    vote = schema["paths"]["/api/v1/screening-reviews/{id}/vote/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(vote)
    received = schema["paths"]["/api/v1/movements/transfer-in/"]["post"]
    assert "confirm_duplicate" in received["responses"]["409"]["description"]
    accept = schema["paths"]["/api/v1/movements/{id}/accept/"]["post"]["responses"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(accept)


def test_docs_page_loads_only_local_assets(db: None) -> None:
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="swagger-ui"' in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the page should load its scripts and styles"
    # Local files only; the page's own script comes from the docs URL itself (no inline script under the CSP).
    assert all(url.startswith(("/static/", "/api/docs/?script")) for url in urls), urls
    assert any(url.startswith("/static/drf_spectacular_sidecar/") for url in urls), urls
    assert "//" not in "".join(urls)
    assert "cdn" not in html.lower()
