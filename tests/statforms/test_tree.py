"""The rows' helpers: the collector held off only while a form is computed, and left as it was found."""

from __future__ import annotations

import gc

import pytest

from dangbo.core.collector import collector_paused
from dangbo.statforms.compute import compute
from dangbo.statforms.models import StatForm
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_collector_runs_again_after_a_form(world: World) -> None:
    assert gc.isenabled()
    table = compute(StatForm.objects.get(code="DV-GIOI-TINH"), world.bloc, world.bloc.founded_on)
    assert table.total.values[0] is not None
    assert gc.isenabled()


def test_the_collector_runs_again_after_an_error() -> None:
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        _ = 1 / 0
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
