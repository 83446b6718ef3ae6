"""Ids that do not fit, do not exist or lie outside the scope, in the addresses, filters and forms of the
admission pages: 404 (logged when the object exists elsewhere) or the form's own error, never a 500 or a name."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.admissions.models import Candidate

from .view_helpers import denied_count, stored_candidate

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/ket-nap/{HUGE}/",
        "/ket-nap/?to_chuc=" + HUGE,
        "/ket-nap/?to_chuc=abc&nam=0&giai_doan=nope",
        "/ket-nap/?nam=99999",
        "/ket-nap/de-nghi/?to_chuc=" + HUGE,
        "/ket-nap/chi-tieu/?nam=0",
        "/ket-nap/chi-tieu/?nam=" + HUGE,
        f"/ket-nap/ho-so/tep/{HUGE}/",
        reverse("admissions:export_candidates") + "?to_chuc=" + HUGE,
        reverse("admissions:export_probationary") + "?nam=" + HUGE,
    ],
)
def test_absurd_ids_never_fail(world, as_bloc_officer, url):
    response = as_bloc_officer.get(url)
    assert response.status_code in (200, 302, 400, 404), (url, response.status_code)


def test_unknown_step_name_and_out_of_scope_cell_in_filters(world, as_officer):
    candidate = stored_candidate(cell=world.cell_a1)
    assert as_officer.post(reverse("admissions:step", args=[candidate.pk, "bay"]), {}).status_code == 404
    response = as_officer.get(f"/ket-nap/?to_chuc={world.cell_b1.pk}")
    assert response.status_code == 404 and denied_count("organization", world.cell_b1.pk) == 1
    response = as_officer.get(reverse("admissions:propose") + f"?to_chuc={world.cell_b1.pk}")
    assert response.status_code == 404 and denied_count("organization", world.cell_b1.pk) == 2
    assert Candidate.objects.count() == 1


def test_quota_set_for_an_organization_that_does_not_fit(world, as_bloc_officer):
    for org in (HUGE, "0"):
        response = as_bloc_officer.post(f"/ket-nap/chi-tieu/{org}/", {"nam": 2026, "quota": 1})
        assert response.status_code == 404
