"""The apply reuses the preview's verdict only while nothing it rests on has changed; otherwise it checks again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from dangbo.members import import_checked, import_jobs
from dangbo.members.models import Member
from dangbo.organizations.models import Organization
from tests.factories import make_member

from .test_import import good_file
from .test_import_support import confirm, last_job, member_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def reads(monkeypatch):
    """The files the jobs read and check (each call of `read_workbook` from the jobs)."""
    calls: list[int] = []
    real = import_jobs.read_workbook

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "read_workbook", counting)
    return calls


def _kept(job) -> bool:
    return job.input_file.storage.exists(import_checked._name(job))


def test_apply_reuses_the_verdict_when_nothing_changed(world, as_officer, django_capture_on_commit_callbacks, reads):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    preview = last_job()
    assert reads == [1] and _kept(preview)
    kept_name = preview.input_file.storage.path(import_checked._name(preview))
    confirm(as_officer, preview, django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert applied.state == "done", applied.message
    assert reads == [1]  # the apply did not read the file again
    hoa1 = Member.objects.get(citizen_id=member_row(1, "A1")["Số CCCD"])
    assert (hoa1.birth_date, hoa1.admission_decision_date) == (dt.date(1985, 5, 12), dt.date(2010, 5, 19))
    assert applied.result["members"] == 3 and applied.result["organizations"] == 3
    preview.refresh_from_db()
    assert not preview.input_file  # the upload and the verdict went together
    assert not preview.input_file.storage.exists(kept_name)


def test_apply_checks_again_when_an_id_was_taken_meanwhile(
    world, as_officer, django_capture_on_commit_callbacks, reads
):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    make_member(organization=world.cell_a2, citizen_id=member_row(2, "A1")["Số CCCD"], card_number="X1")
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert reads == [1, 1] and applied.state == "failed" and "Tệp có 1 dòng lỗi" in applied.message


def test_apply_checks_again_when_a_cell_changed_meanwhile(world, as_officer, django_capture_on_commit_callbacks, reads):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    Organization.objects.filter(pk=world.cell_a1.pk).update(dissolved_on=dt.date(2024, 1, 1))
    confirm(as_officer, last_job(), django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert reads == [1, 1] and applied.state == "failed" and "Tệp có 1 dòng lỗi" in applied.message


@pytest.mark.parametrize("damage", ["missing", "other_day", "cut_short"])
def test_apply_checks_again_without_a_sound_verdict(
    world, as_officer, django_capture_on_commit_callbacks, reads, monkeypatch, damage
):
    upload(as_officer, good_file(), django_capture_on_commit_callbacks)
    preview = last_job()
    storage, name = preview.input_file.storage, import_checked._name(preview)
    if damage == "missing":
        storage.delete(name)
    elif damage == "cut_short":
        with storage.open(name, "rb") as fh:
            head = fh.read()[:20]
        storage.delete(name)
        storage.save(name, ContentFile(head))
    else:
        tomorrow = dt.date.today() + dt.timedelta(days=1)
        monkeypatch.setattr(import_jobs.timezone, "localdate", lambda: tomorrow)
    confirm(as_officer, preview, django_capture_on_commit_callbacks)
    applied = last_job(import_jobs.APPLY)
    applied.refresh_from_db()
    assert reads == [1, 1] and applied.state == "done", applied.message
    assert Member.objects.filter(given_name__startswith="Hoa").count() == 3
