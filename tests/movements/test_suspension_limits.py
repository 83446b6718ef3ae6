"""Suspension limits (QĐ 22 art. 31; QĐ 296 assumed the same): 90 days when decided, at most 180 with the
extensions, none for legal proceedings; the extension's one entry point (audited, refused beyond the maximum with
nothing written, stale version 409-like); the clock (days used and left, the end, the room left); the pages and
the API step."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.core.errors import ConcurrentEditError, DomainError
from dangbo.core.models import AuditEntry
from dangbo.movements import standing
from dangbo.movements.models import Movement, MovementRuleSet, SuspensionExtension
from dangbo.movements.params import ParamsError, parse_params
from dangbo.movements.selectors import suspended_on, suspension_clock
from tests.api.conftest import api_client

from .helpers import nothing_written

TODAY = dt.date(2026, 6, 30)
pytestmark = pytest.mark.django_db


def suspend(world: Any, **over: Any) -> Movement:
    data: dict[str, Any] = dict(
        actor=world.officer, member=world.m1, start=dt.date(2026, 3, 1), planned_end=dt.date(2026, 5, 29),
        decision_number="12-QĐ/ĐU", decision_date=dt.date(2026, 2, 27), today=TODAY,
    )  # fmt: skip
    data.update(over)
    return standing.record_suspension(**data)


def extend(movement: Movement, days: int, **over: Any) -> Movement:
    data: dict[str, Any] = dict(
        actor=None, movement=movement, days=days, decision_number="20-QĐ/ĐU", decision_date=dt.date(2026, 5, 20),
        reason="Chưa xác minh xong", expected_version=Movement.objects.get(pk=movement.pk).version, today=TODAY,
    )  # fmt: skip
    data.update(over)
    return standing.extend_suspension(**data)


def test_ninety_days_allowed_ninety_one_refused_with_the_rule(world: Any) -> None:
    with nothing_written(), pytest.raises(DomainError) as err:
        suspend(world, planned_end=dt.date(2026, 5, 30))
    assert "là 91 ngày, quá 90 ngày khi quyết định" in err.value.message
    assert "hạn xa nhất là ngày 29/05/2026" in err.value.message
    assert "Quy định 296-QĐ/TW" in err.value.message and "giả định" in err.value.message  # [assumed] said
    movement = suspend(world)
    assert movement.rule_set is not None and movement.rule_set.code == "CSH-2025"


def test_before_july_2025_the_rule_of_qd_22_is_cited_as_sure(world: Any) -> None:
    with pytest.raises(DomainError) as err:
        suspend(world, start=dt.date(2024, 3, 1), planned_end=dt.date(2024, 6, 1), decision_date=dt.date(2024, 2, 28))
    assert "Quy định 22-QĐ/TW ngày 28/7/2021, Điều 31 khoản 1" in err.value.message
    assert "giả định" not in err.value.message


def test_legal_proceedings_last_as_the_law_says(world: Any) -> None:
    movement = suspend(world, planned_end=dt.date(2026, 12, 31), legal_proceedings=True, today=dt.date(2026, 3, 1))
    assert movement.legal_proceedings
    clock = suspension_clock(movement, dt.date(2026, 3, 10))
    assert clock.max_end is None and clock.extension_room == 0 and "theo quy định của pháp luật" in clock.sentence


def test_extension_up_to_the_maximum_and_refused_beyond(world: Any) -> None:
    movement = suspend(world)
    with nothing_written(), pytest.raises(DomainError) as err:
        extend(movement, 91)
    assert "là 181 ngày, quá 180 ngày kể cả gia hạn" in err.value.message
    assert not SuspensionExtension.objects.exists()
    extended = extend(movement, 60)
    assert extended.planned_end == dt.date(2026, 7, 28)
    assert AuditEntry.objects.filter(action="movements.movement.suspension_extended").count() == 1
    entry = AuditEntry.objects.get(action="movements.movement.suspension_extended")
    assert entry.before == {"planned_end": "2026-05-29"} and entry.after["days"] == 60
    again = extend(extended, 30, decision_date=dt.date(2026, 6, 30))
    assert again.planned_end == dt.date(2026, 8, 27)  # 180 days from 01/03/2026
    with nothing_written(), pytest.raises(DomainError, match="quá 180 ngày kể cả gia hạn"):
        extend(again, 1, decision_date=dt.date(2026, 6, 30))
    assert world.m1.pk in suspended_on(dt.date(2026, 8, 27)) and suspended_on(dt.date(2026, 8, 28)) == {}
    assert list(SuspensionExtension.objects.values_list("days", flat=True)) == [60, 30]


@pytest.mark.parametrize(
    ("over", "words"),
    [
        ({"days": 0}, "từ 1 đến 366"),
        ({"days": True}, "từ 1 đến 366"),
        ({"decision_number": "  "}, "Hãy nhập số quyết định gia hạn"),
        ({"decision_date": dt.date(2026, 5, 30)}, "đã hết hạn ngày 29/05/2026"),
        ({"decision_date": dt.date(2026, 2, 1)}, "không được trước ngày quyết định đình chỉ"),
        ({"decision_date": dt.date(2026, 7, 1)}, "chưa đến"),
        ({"decision_date": dt.date(1900, 1, 1)}, "không hợp lệ"),
    ],
)
def test_extension_bad_input_writes_nothing(world: Any, over: dict[str, Any], words: str) -> None:
    movement = suspend(world)
    with nothing_written(), pytest.raises(DomainError) as err:
        extend(movement, over.pop("days", 10), **over)
    assert words in err.value.message


def test_extension_after_an_early_end_or_stale_is_refused(world: Any) -> None:
    movement = suspend(world)
    with nothing_written(), pytest.raises(ConcurrentEditError):
        extend(movement, 10, expected_version=movement.version - 1)
    ended = standing.end_suspension_early(
        actor=None, movement=movement, on=dt.date(2026, 4, 1), decision_number="15-QĐ/ĐU",
        decision_date=dt.date(2026, 3, 31), expected_version=movement.version, today=TODAY,
    )  # fmt: skip
    with nothing_written(), pytest.raises(DomainError, match="đã chấm dứt từ ngày 01/04/2026"):
        extend(ended, 10)


def test_the_clock(world: Any) -> None:
    movement = suspend(world)
    clock = suspension_clock(movement, dt.date(2026, 3, 10))
    assert (clock.days_total, clock.days_used, clock.days_left) == (90, 10, 80)
    assert clock.ends_on == dt.date(2026, 5, 29) and clock.max_end == dt.date(2026, 8, 27)
    assert clock.extension_room == 90
    assert "Đình chỉ 90 ngày, từ 01/03/2026 đến 29/05/2026; đã qua 10 ngày, còn 80 ngày" in clock.sentence
    assert "còn có thể gia hạn 90 ngày (đến 27/08/2026)" in clock.sentence
    assert suspension_clock(movement, dt.date(2026, 2, 1)).days_used == 0
    assert suspension_clock(movement, dt.date(2026, 12, 1)).days_left == 0
    extended = extend(movement, 30)
    clock = suspension_clock(extended, dt.date(2026, 6, 1))
    assert (clock.days_total, clock.extended_days, clock.extension_room) == (120, 30, 60)


def test_params_group_is_checked() -> None:
    shipped = copy.deepcopy(MovementRuleSet.objects.get(code="CSH-2025").params)
    assert shipped["suspension"]["days"] == 90 and shipped["suspension"]["max_days"] == 180
    broken = copy.deepcopy(shipped)
    broken["suspension"] = {"days": 200, "max_days": 180}
    with pytest.raises(ParamsError) as err:
        parse_params(broken, citation="X")
    assert err.value.errors == [
        "Thời hạn đình chỉ sinh hoạt đảng (suspension.days) không được lớn hơn thời hạn tối đa (max_days)."
    ]
    del broken["suspension"]
    with pytest.raises(ParamsError, match="Thiếu nhóm tham số “suspension”"):
        parse_params(broken, citation="X")


def test_pages_show_the_clock_and_take_the_extension(world: Any, as_officer: Any) -> None:
    movement = suspend(world, start=dt.date(2025, 3, 1), planned_end=dt.date(2025, 5, 29),
                       decision_date=dt.date(2025, 2, 27))  # fmt: skip
    page = as_officer.get(reverse("movements:standing_detail", args=[movement.pk])).content.decode()
    assert 'id="suspension-clock"' in page and "Đình chỉ 90 ngày, từ 01/03/2025 đến 29/05/2025" in page
    assert 'id="step-gia-han"' in page
    url = reverse("movements:standing_step", args=[movement.pk, "gia-han"])
    post = {"gia-han-days": "91", "gia-han-decision_number": "3-QĐ/ĐU", "gia-han-decision_date": "20/05/2025",
            "version": str(movement.version)}  # fmt: skip
    with nothing_written():
        refused = as_officer.post(url, post)
    assert refused.status_code == 400 and "quá 180 ngày kể cả gia hạn" in refused.content.decode()
    post["gia-han-days"] = "30"
    assert as_officer.post(url, post).status_code == 302
    page = as_officer.get(reverse("movements:standing_detail", args=[movement.pk])).content.decode()
    assert "Gia hạn lần 1" in page and "30 ngày, từ hạn 29/05/2025 đến 28/06/2025" in page
    member_page = as_officer.get(reverse("movements:standing") + f"?dang_vien={world.m1.pk}").content.decode()
    assert "đã qua 120/120 ngày, còn 0 ngày; đã gia hạn 30 ngày" in member_page


def test_outsider_cannot_extend(world: Any, as_outsider: Any) -> None:
    movement = suspend(world)
    url = reverse("movements:standing_step", args=[movement.pk, "gia-han"])
    assert as_outsider.post(url, {"gia-han-days": "10"}).status_code == 404
    assert Movement.objects.get().version == movement.version and not SuspensionExtension.objects.exists()
    assert AuditEntry.objects.filter(action="core.access.denied").count() == 1
    assert not AuditEntry.objects.filter(action="movements.movement.suspension_extended").exists()


def test_api_extension_step(world: Any) -> None:
    movement = suspend(world, start=dt.date(2025, 3, 1), planned_end=dt.date(2025, 5, 29),
                       decision_date=dt.date(2025, 2, 27))  # fmt: skip
    client = api_client(world.officer)
    url = f"/api/v1/movements/{movement.pk}/suspension-extend/"
    body = {"days": 91, "decision_number": "3-QĐ/ĐU", "decision_date": "2025-05-20",
            "expected_version": movement.version}  # fmt: skip
    with nothing_written():
        refused = client.post(url, body, format="json")
        assert refused.status_code == 400 and "quá 180 ngày" in refused.json()["detail"]
        stale = client.post(url, {**body, "days": 10, "expected_version": movement.version + 5}, format="json")
        assert stale.status_code == 409
    done = client.post(url, {**body, "days": 10}, format="json")
    assert done.status_code == 200 and done.json()["planned_end"] == "2025-06-08"
    assert api_client(world.outsider).post(url, {**body, "days": 10}, format="json").status_code == 404
