"""The residence pages with the personas: a cell secretary and the grassroots officer write, a member and an
officer of another grassroots organization are refused (404 and logged for ids outside the scope)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.movements import residence
from dangbo.movements.models import ResidenceFeedback, ResidenceIntroduction
from tests.conftest import login
from tests.factories import make_user


@pytest.fixture
def secretary(world: Any) -> Any:
    return make_user("bithu_a1", role=RoleKind.CELL_SECRETARY, organization=world.cell_a1)


def intro(world: Any, member: Any = None) -> ResidenceIntroduction:
    return residence.introduce(actor=world.officer, member=member or world.m1, introduced_on=dt.date(2025, 2, 3),
                               ward="Phường Ba Đình", residence_cell="Chi bộ Tổ dân phố số 5")  # fmt: skip


def test_secretary_sees_the_cell_and_records_feedback(world: Any, secretary: Any) -> None:
    intro(world)
    client = login(secretary)
    page = client.get(reverse("movements:residence"), {"nam": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chi bộ Tổ dân phố số 5" in html and world.m2.full_name in html
    assert reverse("movements:residence_feedback", args=[world.m1.pk]) in html
    assert reverse("movements:residence_introduce", args=[world.m2.pk]) in html
    form = client.get(reverse("movements:residence_feedback", args=[world.m1.pk]))
    assert form.status_code == 200
    done = client.post(reverse("movements:residence_feedback", args=[world.m1.pk]), {
        "year": 2025, "received_on": "12/11/2025", "assessment": "good", "content": "Gương mẫu nơi cư trú.",
    })  # fmt: skip
    assert done.status_code == 302
    assert ResidenceFeedback.objects.get(member=world.m1).received_on == dt.date(2025, 11, 12)


def test_refusal_is_shown_beside_the_form_and_nothing_saved(world: Any, secretary: Any) -> None:
    client = login(secretary)
    page = client.post(reverse("movements:residence_feedback", args=[world.m2.pk]), {
        "year": 2025, "received_on": "12/11/2025", "assessment": "good", "content": "Tốt.",
    })  # fmt: skip
    assert page.status_code == 400
    assert "chưa được giới thiệu về sinh hoạt nơi cư trú" in page.content.decode()
    assert not ResidenceFeedback.objects.exists()


def test_introduce_and_end_through_the_pages(world: Any, as_officer: Any) -> None:
    page = as_officer.post(reverse("movements:residence_introduce", args=[world.m2.pk]), {
        "introduced_on": "03/02/2025", "ward": "Phường Kim Mã", "residence_cell": "Chi bộ Tổ dân phố 2",
        "letter_number": "7-GGT",
    })  # fmt: skip
    assert page.status_code == 302
    made = ResidenceIntroduction.objects.get(member=world.m2)
    ended = as_officer.post(reverse("movements:residence_end", args=[made.pk]),
                            {"ended_on": "01/03/2025", "reason": "Chuyển nơi ở", "version": made.version})  # fmt: skip
    assert ended.status_code == 302
    made.refresh_from_db()
    assert made.ended_on == dt.date(2025, 3, 1)


def test_officer_sees_cells_with_counts(world: Any, as_officer: Any) -> None:
    page = as_officer.get(reverse("movements:residence"), {"nam": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert "residence-cells" in html and world.cell_a1.name in html and world.cell_b1.name not in html


def test_member_is_refused(world: Any, as_member: Any) -> None:
    assert as_member.get(reverse("movements:residence")).status_code == 403
    assert as_member.get(reverse("movements:residence_feedback", args=[world.m1.pk])).status_code == 403


def test_outsider_gets_404_and_logged(world: Any, as_outsider: Any) -> None:
    made = intro(world)
    for url in (
        reverse("movements:residence_feedback", args=[world.m1.pk]),
        reverse("movements:residence_introduce", args=[world.m2.pk]),
        reverse("movements:residence_end", args=[made.pk]),
        f"{reverse('movements:residence')}?to_chuc={world.cell_a1.pk}",
    ):
        assert as_outsider.get(url).status_code == 404, url
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 4
    posted = as_outsider.post(reverse("movements:residence_feedback", args=[world.m1.pk]), {
        "year": 2025, "received_on": "12/11/2025", "assessment": "good", "content": "x",
    })  # fmt: skip
    assert posted.status_code == 404 and not ResidenceFeedback.objects.exists()


def test_list_costs_the_same_queries_for_one_or_two_members(world: Any, secretary: Any,
                                                            django_assert_max_num_queries: Any) -> None:  # fmt: skip
    client = login(secretary)
    intro(world)
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("movements:residence"), {"nam": 2025})
    intro(world, world.m2)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("movements:residence"), {"nam": 2025})
