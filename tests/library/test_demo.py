"""The demo's library: the bloc's documents with their files beside the preloaded ones, each reaching whom it is
published to, one replaced by a later one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from dangbo.accounts.models import User
from dangbo.accounts.scope import scope_for
from dangbo.demo.generator import build_demo
from dangbo.library.enums import Audience, Validity
from dangbo.library.models import PartyDocument
from dangbo.library.selectors import document_by_reference, documents_for

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def built(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_demo(members=300, seed=2024, today=TODAY, ratings=False)
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def visible(username: str) -> set[str]:
    scope = scope_for(User.objects.get(username=username))
    return {d.reference for d in documents_for(scope)}


def test_bloc_documents_with_files_and_a_replacement(built):
    kept = PartyDocument.objects.exclude(path="")
    assert built.library is not None and built.library.documents == kept.count() == 6
    assert all(d.file and d.file.read(5) == b"%PDF-" for d in kept)
    old = document_by_reference("05", "HD/ĐUK", 2024)
    assert old is not None and old.validity == Validity.REPLACED and old.replaced_by.reference == "09-HD/ĐUK"
    plan = document_by_reference("35", "KH/ĐUK", 2025)
    assert plan is not None and plan.audience == Audience.ORGANIZATIONS and plan.publications.count() == 2
    assert document_by_reference("20", "KH/ĐUK", 2024) is not None


def test_each_demo_account_sees_its_part(built):
    everybody = {"20-KH/ĐUK", "21-NQ/TW", "45-KH/ĐUK", "12-TB/ĐUK", "05-HD/ĐUK", "09-HD/ĐUK"}
    assert visible("vanphong") >= everybody | {"35-KH/ĐUK", "240-CV/ĐUK"}
    assert visible("coso") >= everybody | {"35-KH/ĐUK"}
    assert "240-CV/ĐUK" not in visible("coso")
    assert visible("dangvien") >= everybody | {"35-KH/ĐUK", "240-CV/ĐUK"}
