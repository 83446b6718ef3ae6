"""The screening pages attacked: the secretary of the neighbouring cell, a plain member posting every decision,
absurd vote counts, dates and texts answered in Vietnamese with nothing saved, and two people deciding at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from dangbo.accounts.enums import RoleKind
from dangbo.core.models import AuditEntry
from dangbo.screening import services
from dangbo.screening.enums import Outcome
from dangbo.screening.models import Review, ScreeningRound, SignalHit
from dangbo.screening.signals import refresh

from ..conftest import login
from ..factories import make_user
from .conftest import Cell
from .helpers import YEAR, absent_in_months

pytestmark = pytest.mark.django_db
VOTE = {"vote_date": "20/02/2026", "votes_for": 4}


def denied(what: str, object_id: object) -> int:
    return AuditEntry.objects.filter(action="core.access.denied", object_type=what, object_id=str(object_id)).count()


@pytest.fixture
def round_(cell: Cell) -> ScreeningRound:
    absent_in_months(cell.world.m1, [1, 4, 8])
    return services.open_round(actor=cell.secretary, cell=cell.world.cell_a1, year=YEAR)


def _posts(cell: Cell, round_: ScreeningRound, review: Review) -> list[tuple[str, dict[str, object]]]:
    return [
        (reverse("screening:open", args=[cell.world.cell_a1.pk]), {"nam": YEAR}),
        (reverse("screening:add", args=[round_.pk]), {"version": round_.version, "member": cell.world.m2.pk,
                                                      "reason": "Chiếm quyền"}),
        (reverse("screening:vote", args=[review.pk]), {"version": review.version, **VOTE}),
        (reverse("screening:outcome", args=[review.pk]),
         {"version": review.version, "outcome": "improved", "on": "20/02/2026"}),
        (reverse("screening:close", args=[round_.pk]), {"version": round_.version}),
    ]  # fmt: skip


def test_the_secretary_of_a2_cannot_read_or_decide_for_a1(cell: Cell, round_: ScreeningRound) -> None:
    client = login(make_user("bithu_a2", role=RoleKind.CELL_SECRETARY, organization=cell.world.cell_a2))
    review = round_.reviews.get()
    refresh(YEAR, cell.world.bloc)
    hit = SignalHit.objects.get()
    for url, what, pk in [
        (reverse("screening:cell", args=[cell.world.cell_a1.pk]), "organization", cell.world.cell_a1.pk),
        (reverse("screening:round", args=[round_.pk]), "screening_round", round_.pk),
        (reverse("screening:review", args=[review.pk]), "screening_review", review.pk),
        (reverse("screening:hit", args=[hit.pk]), "screening_signal", hit.pk),
        (reverse("screening:list") + f"?to_chuc={cell.world.cell_a1.pk}", "organization", cell.world.cell_a1.pk),
    ]:
        before = denied(what, pk)
        assert client.get(url).status_code == 404, url
        assert denied(what, pk) == before + 1, url
    for url, data in _posts(cell, round_, review):
        assert client.post(url, data).status_code == 404, url
    review.refresh_from_db()
    assert review.votes_for is None and round_.reviews.count() == 1
    assert ScreeningRound.objects.count() == 1
    assert "Nguyễn Văn Hùng" not in client.get(reverse("screening:list")).content.decode()


def test_a_member_who_is_not_a_secretary_cannot_read_or_decide(cell: Cell, round_: ScreeningRound, as_member) -> None:  # type: ignore[no-untyped-def]
    review = round_.reviews.get()
    for url in (reverse("screening:list"), reverse("screening:round", args=[round_.pk]),
                reverse("screening:review", args=[review.pk])):  # fmt: skip
        assert as_member.get(url).status_code == 403, url
    for url, data in _posts(cell, round_, review):
        assert as_member.post(url, data).status_code == 403, url
    review.refresh_from_db()
    assert review.votes_for is None and round_.reviews.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [({"votes_for": 10**9}, "Số phiếu đồng ý quá lớn"), ({"votes_for": -1}, "không thể là số âm"),
     ({"votes_for": "9" * 30}, "Số phiếu đồng ý quá lớn"),
     ({"vote_date": "01/01/1800"}, "không được trước"), ({"vote_date": "31/12/9999"}, "không được sau"),
     ({"help_until": "31/12/9999"}, "không được sau")],
)  # fmt: skip
def test_absurd_votes_are_refused_in_vietnamese(cell: Cell, round_: ScreeningRound, data, message) -> None:  # type: ignore[no-untyped-def]
    review = round_.reviews.get()
    response = login(cell.secretary).post(reverse("screening:vote", args=[review.pk]),
                                          {"version": review.version, **VOTE, **data})  # fmt: skip
    assert response.status_code == 400 and message in response.content.decode()
    review.refresh_from_db()
    assert review.votes_for is None and review.version == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [({"on": "01/01/1800"}, "không được trước"), ({"on": "31/12/9999"}, "không được sau"),
     ({"note": "x" * 501}, "tối đa 500 kí tự"), ({"outcome": "expelled"}, "Hãy chọn một lựa chọn hợp lệ")],
)  # fmt: skip
def test_absurd_outcomes_are_refused_in_vietnamese(cell: Cell, round_: ScreeningRound, data, message) -> None:  # type: ignore[no-untyped-def]
    client = login(cell.secretary)
    review = round_.reviews.get()
    assert client.post(reverse("screening:vote", args=[review.pk]), {"version": 1, **VOTE}).status_code == 302
    review.refresh_from_db()
    body = {"version": review.version, "outcome": "improved", "on": "25/02/2026", **data}
    response = client.post(reverse("screening:outcome", args=[review.pk]), body)
    assert response.status_code == 400 and message in response.content.decode()
    review.refresh_from_db()
    assert review.outcome == Outcome.HELPING


def test_two_people_deciding_the_outcome_at_once(cell: Cell, round_: ScreeningRound) -> None:
    first, second = login(cell.secretary), login(cell.world.officer)
    review = round_.reviews.get()
    assert first.post(reverse("screening:vote", args=[review.pk]), {"version": 1, **VOTE}).status_code == 302
    review.refresh_from_db()
    opened = review.version
    body = {"version": opened, "outcome": "improved", "on": "25/02/2026"}
    assert first.post(reverse("screening:outcome", args=[review.pk]), body).status_code == 302
    stale = second.post(reverse("screening:outcome", args=[review.pk]), {**body, "outcome": "strike_off_proposed"})
    assert stale.status_code == 400 and "người khác sửa" in stale.content.decode()
    review.refresh_from_db()
    assert review.outcome == Outcome.IMPROVED


def test_a_too_long_reason_to_add_a_member_says_so(cell: Cell, round_: ScreeningRound) -> None:
    client = login(cell.secretary)
    body = {"version": round_.version, "member": cell.world.m2.pk, "reason": "x" * 501}
    page = client.post(reverse("screening:add", args=[round_.pk]), body, follow=True).content.decode()
    assert "Lý do chi bộ bổ sung" in page and "tối đa 500 kí tự" in page
    assert round_.reviews.count() == 1
