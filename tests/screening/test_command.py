"""`manage.py screening_signals`: stores a year's signals for every top organization or one by code, and says
when there is no dues data."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from dangbo.screening.models import SignalHit

from ..conftest import World
from .helpers import YEAR, absent_in_months

pytestmark = pytest.mark.django_db


def test_the_command_stores_the_signals(world: World) -> None:
    absent_in_months(world.m1, [1, 2, 3])
    out = io.StringIO()
    call_command("screening_signals", "--year", str(YEAR), stdout=out)
    assert "KHOI năm 2025: 1 dấu hiệu" in out.getvalue() and "Chưa có số liệu đảng phí" in out.getvalue()
    assert SignalHit.objects.get().member == world.m1
    call_command("screening_signals", "--year", str(YEAR), "--organization", "B", stdout=io.StringIO())
    assert SignalHit.objects.count() == 1


def test_the_command_refuses_an_unknown_code_or_year(world: World) -> None:
    with pytest.raises(CommandError, match="Không có tổ chức đảng mã XX"):
        call_command("screening_signals", "--year", "2025", "--organization", "XX")
    with pytest.raises(CommandError, match="năm 2010"):
        call_command("screening_signals", "--year", "2010")
