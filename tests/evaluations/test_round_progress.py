"""The round's progress table: members counted apart from the collectives, shares, and a totals row."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from dangbo.accounts.scope import scope_for
from dangbo.evaluations.enums import Level
from dangbo.evaluations.selectors import Progress, Tally, campaign_progress, progress_totals, share
from tests.factories import make_member

from .conftest import decide, open_round, rating_of, take

TODAY = dt.date(2025, 1, 5)  # after the review deadline of the 2024 round, before the decision deadline


def _row(text: str, name: str) -> list[str]:
    """The cells of the progress row whose first cell names `name` (tags stripped, spaces squeezed)."""
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", text, re.S):
        cells = [
            " ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
        ]
        if cells and cells[0] == name:
            return cells
    raise AssertionError(f"no row {name}")


def test_share_rounds_half_up_and_is_none_without_subjects():
    assert (share(1, 3), share(2, 3), share(1, 2), share(1, 8), share(0, 4), share(3, 0)) == (33, 67, 50, 13, 0, None)


def test_progress_counts_members_apart_from_the_cell(world, round_2024):
    decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    take(world.officer, rating_of(round_2024, member=world.m2), "self_assessed", Level.GOOD)
    scope = scope_for(world.bloc_officer)
    rows = {p.organization.name: p for p in campaign_progress(scope, round_2024, today=TODAY, within=world.org_a)}
    a1 = rows["Chi bộ Phòng Ngân sách"]
    # Cell A1 rates m1, m2 and itself: two members, the cell counted apart.
    assert (a1.members.total, a1.members.rated, a1.members.pending) == (2, 1, 1)
    assert (a1.collectives.total, a1.collectives.rated) == (1, 0)
    # m2's next step (review, due 20/12/2024) is late; m1, decided, waits for verification (due 20/01/2025).
    assert (a1.members.overdue, a1.members.overdue_share, a1.members.rated_share) == (1, 50, 50)
    round_rows = campaign_progress(scope, round_2024, today=TODAY)
    totals = progress_totals(round_rows)
    # Whole round: members m1, m2 (A) and m3 (B); collectives A1, A2, A, B1, B.
    assert (totals.members.total, totals.members.rated, totals.members.pending) == (3, 1, 2)
    assert (totals.members.rated_share, totals.members.pending_share) == (33, 67)
    assert (totals.collectives.total, totals.collectives.rated, totals.total) == (5, 0, 8)


def test_campaign_page_shows_totals_row_and_shares(world, round_2024, as_bloc_officer, as_officer):
    decide(world, rating_of(round_2024, member=world.m1), Level.GOOD)
    text = as_bloc_officer.get(f"/danh-gia/{round_2024.pk}/").content.decode()
    # columns: unit, members, rated, pending, overdue, not rated, collectives rated, progress
    assert _row(text, "Đảng bộ Sở Tài chính")[1:7] == ["2", "1 (50%)", "1 (50%)", "2 (100%)", "0", "0/3"]
    assert _row(text, "Đảng bộ Công ty Điện lực")[1:7] == ["1", "0 (0%)", "1 (100%)", "1 (100%)", "0", "0/2"]
    assert _row(text, "Tổng cộng")[1:7] == ["3", "1 (33%)", "2 (67%)", "3 (100%)", "0", "0/5"]
    # The unit page of A: cell A1's members are 2, not 3.
    unit = as_officer.get(f"/danh-gia/{round_2024.pk}/don-vi/{world.org_a.pk}/").content.decode()
    assert _row(unit, "Chi bộ Phòng Ngân sách")[1:3] == ["2", "1 (50%)"]
    assert _row(unit, "Chi bộ Văn phòng Sở")[1:7] == ["0", "0", "0", "0", "0", "0/1"]
    assert _row(unit, "Tổng cộng")[1:3] == ["2", "1 (50%)"]


def test_progress_cells_use_vietnamese_grouping():
    p = Progress(None, members=Tally(total=12345, rated=6173, overdue=1234))
    cells = " ".join(re.sub(r"<[^>]+>", " ", render_to_string("evaluations/_progress_cells.html", {"p": p})).split())
    assert cells.startswith("12.345 6.173 (50%) 6.172 (50%) 1.234 (10%) 0 —")


def test_progress_query_count_does_not_grow(world, as_bloc_officer):
    campaign = open_round(world, 2024)
    with CaptureQueriesContext(connection) as few:
        as_bloc_officer.get(f"/danh-gia/{campaign.pk}/", HTTP_HX_REQUEST="true")
    campaign.delete()
    for i in range(3):
        make_member(organization=world.cell_a2, citizen_id=f"0360{i:08d}", card_number=f"03{i:06d}")
    campaign = open_round(world, 2024)
    with CaptureQueriesContext(connection) as more:
        as_bloc_officer.get(f"/danh-gia/{campaign.pk}/", HTTP_HX_REQUEST="true")
    assert len(more) == len(few)
