"""The audit log archived by year: all or nothing, the chain verifiable across, still found by the audit page."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from dangbo.core import audit_archive
from dangbo.core.audit import log_action
from dangbo.core.audit_archive import archive_year, year_bounds
from dangbo.core.audit_chain import seal, verify
from dangbo.core.audit_guard import audit_unlocked
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditArchive, AuditEntry

URL = reverse("accounts:audit")
TODAY = dt.date(2026, 3, 10)


def logged_at(when: dt.datetime, *, scope_path: str, object_id: int = 1) -> AuditEntry:
    """An entry written at `when` (the clock moved back: the log takes its time from the clock only)."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        return log_action(
            "members.member.viewed", actor=None, object_type="member", object_id=object_id,
            object_repr=f"đảng viên {object_id}", scope_path=scope_path, data={"path": "/x/"},
        )  # fmt: skip


def local(*args: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def years(world) -> dict[int, list[AuditEntry]]:
    path = world.cell_a1.path
    return {
        # 00:30 on 1 January 2025 in Hà Nội is still 2024 in UTC: the year is counted in local time
        2024: [logged_at(local(2024, 5, 1, 9), scope_path=path, object_id=1),
               logged_at(local(2024, 12, 31, 23, 59), scope_path=path, object_id=2)],
        2025: [logged_at(local(2025, 1, 1, 0, 30), scope_path=path, object_id=3),
               logged_at(local(2025, 7, 1, 8), scope_path=world.cell_b1.path, object_id=4)],
    }  # fmt: skip


def test_year_bounds_are_local_days() -> None:
    start, end = year_bounds(2025)
    assert (start.isoformat(), end.isoformat()) == ("2025-01-01T00:00:00+07:00", "2026-01-01T00:00:00+07:00")


def test_archive_moves_the_year_sealed_and_keeps_the_chain(world, years) -> None:
    assert archive_year(year=2024, today=TODAY) == 2
    moved = list(AuditArchive.objects.order_by("id"))
    assert [e.pk for e in moved] == [e.pk for e in years[2024]]
    assert all(e.seq and e.digest for e in moved)
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in years[2024]]).exists()
    assert set(AuditEntry.objects.filter(object_type="member", object_id__in=["3", "4"]).values_list("seq", flat=True))
    record = AuditEntry.objects.get(action="core.audit.archived")
    assert (record.data, record.seq) == ({"year": 2024, "entries": 2}, None)
    call_command("verify_audit")  # seals the record and passes over archive and live log
    verdict = verify()
    assert (verdict.ok, verdict.unsealed) == (True, 0)
    assert verdict.checked == AuditEntry.objects.count() + AuditArchive.objects.count()


def test_archive_of_a_second_year_and_tampering_in_the_archive_found(world, years) -> None:
    archive_year(year=2024, today=TODAY)
    assert archive_year(year=2025, today=TODAY) == 2
    assert archive_year(year=2025, today=TODAY) == 0  # nothing left of that year
    assert verify().ok
    target = AuditArchive.objects.get(object_id="3")
    with audit_unlocked():
        AuditArchive.objects.filter(pk=target.pk).update(scope_path=world.cell_a2.path)
    verdict = verify()
    assert (verdict.ok, verdict.broken_id, verdict.reason) == (False, target.pk, "digest")


def test_archive_is_all_or_nothing(world, years) -> None:
    failing = mock.patch.object(audit_archive, "log_action", side_effect=RuntimeError("hỏng giữa chừng"))
    with failing, pytest.raises(RuntimeError):  # the last step of the move fails: nothing is moved
        archive_year(year=2024, today=TODAY)
    assert not AuditArchive.objects.exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in years[2024]]).count() == 2


@pytest.mark.parametrize("year", [2026, 2030, 1999])
def test_archive_refuses_an_open_or_impossible_year(world, years, year: int) -> None:
    with pytest.raises(DomainError):
        archive_year(year=year, today=TODAY)
    assert not AuditArchive.objects.exists()


def test_archive_command_refuses_the_current_year(db) -> None:
    with pytest.raises(CommandError, match="chưa kết thúc"):
        call_command("archive_audit", "--year", str(timezone.localdate().year))


def test_archived_entries_found_by_the_audit_page_only_when_asked(world, years, as_officer) -> None:
    seal()
    archive_year(year=2024, today=TODAY)
    since = {"action": "members.member.viewed", "since": "01/01/2024", "until": "31/12/2025"}
    plain = as_officer.get(URL, since)
    assert [e.object_id for e in plain.context["page"].object_list] == ["3"]
    assert "Nhật ký đến hết ngày 31/12/2024 đã được lưu trữ" in plain.content.decode()
    found = as_officer.get(URL, {**since, "archived": "on"})
    assert [e.object_id for e in found.context["page"].object_list] == ["3", "2", "1"]
    page = found.content.decode()
    assert "31/12/2024 23:59" in page and page.count("(đã lưu trữ)") == 2
    assert [e.archived for e in found.context["page"].object_list] == [False, True, True]


def test_archived_entries_keep_the_scope_and_the_filters(world, years, as_officer, as_outsider) -> None:
    archive_year(year=2025, today=TODAY)
    query = {"action": "members.member.viewed", "archived": "on"}
    assert {e.object_id for e in as_officer.get(URL, query).context["page"].object_list} == {"1", "2", "3"}
    assert {e.object_id for e in as_outsider.get(URL, query).context["page"].object_list} == {"4"}
    dated = as_officer.get(URL, {**query, "since": "01/01/2025", "until": "01/01/2025"})
    assert [e.object_id for e in dated.context["page"].object_list] == ["3"]


def test_archived_entry_shown_cannot_be_saved(world, years, as_officer) -> None:
    archive_year(year=2024, today=TODAY)
    response = as_officer.get(URL, {"archived": "on", "action": "members.member.viewed"})
    shown = response.context["page"].object_list[-1]
    with pytest.raises(DomainError):
        shown.save()
