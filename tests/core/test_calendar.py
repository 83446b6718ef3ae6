"""The working-day calendar: weekends, Tết, swapped days and make-up Saturdays, the fallback for a year not
entered, the deadline boundaries, bad input, and the administrator's edit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from dangbo.accounts.models import User
from dangbo.core.calendar import add_working_days, is_working_day, working_days_between, year_is_loaded
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditEntry, CalendarDay

d = dt.date
pytestmark = pytest.mark.django_db


def test_a_plain_week_and_a_weekend() -> None:
    assert is_working_day(d(2024, 3, 8))  # Friday
    assert not is_working_day(d(2024, 3, 9))  # Saturday
    assert not is_working_day(d(2024, 3, 10))  # Sunday
    # Friday + 1 working day: the weekend is skipped, Monday is the deadline
    assert add_working_days(d(2024, 3, 8), 1) == d(2024, 3, 11)
    assert add_working_days(d(2024, 3, 9), 1) == d(2024, 3, 11)  # counting starts the day after the event
    assert add_working_days(d(2024, 3, 4), 5) == d(2024, 3, 11)
    assert working_days_between(d(2024, 3, 8), d(2024, 3, 11)) == 1
    assert working_days_between(d(2024, 3, 8), d(2024, 3, 10)) == 0


def test_the_deadline_day_itself_counts_and_zero_is_the_event_day() -> None:
    start = d(2024, 3, 4)  # Monday
    deadline = add_working_days(start, 30)
    assert working_days_between(start, deadline) == 30
    assert working_days_between(start, deadline - dt.timedelta(days=1)) == 29
    assert add_working_days(start, 0) == start
    assert working_days_between(start, start) == 0


def test_backwards_and_negative_spans() -> None:
    assert add_working_days(d(2024, 3, 11), -1) == d(2024, 3, 8)
    assert working_days_between(d(2024, 3, 11), d(2024, 3, 8)) == -working_days_between(d(2024, 3, 8), d(2024, 3, 11))
    assert working_days_between(d(2024, 3, 11), d(2024, 3, 8)) == -1


def test_tet_2024_is_skipped() -> None:
    # Tết Giáp Thìn: off Thursday 8/2 to Wednesday 14/2/2024
    assert all(not is_working_day(d(2024, 2, day)) for day in range(8, 15))
    assert add_working_days(d(2024, 2, 7), 1) == d(2024, 2, 15)
    # 30 working days from 1/2/2024 (Thursday): 4 before Tết (2/2, 5–7/2), 2 (15–16/2), then 4 weeks + 4 days
    assert add_working_days(d(2024, 2, 1), 30) == d(2024, 3, 21)
    assert working_days_between(d(2024, 2, 1), d(2024, 2, 29)) == 15


def test_tet_2025_with_the_swapped_monday_and_the_make_up_saturday() -> None:
    # off Saturday 25/1 to Sunday 2/2/2025; Monday 27/1 swapped for Saturday 8/2
    assert not is_working_day(d(2025, 1, 27))
    assert all(not is_working_day(d(2025, 1, day)) for day in range(25, 32))
    assert not is_working_day(d(2025, 2, 1)) and not is_working_day(d(2025, 2, 2))
    assert is_working_day(d(2025, 2, 8))  # make-up Saturday
    assert add_working_days(d(2025, 1, 24), 1) == d(2025, 2, 3)
    # week of 3/2: Mon–Fri (5) and the make-up Saturday 8/2 (6th)
    assert add_working_days(d(2025, 1, 24), 6) == d(2025, 2, 8)
    assert add_working_days(d(2025, 1, 24), 7) == d(2025, 2, 10)
    assert working_days_between(d(2025, 1, 20), d(2025, 2, 9)) == 4 + 6  # 21–24/1, then 3–8/2


def test_tet_2026_nine_days_off() -> None:
    assert all(not is_working_day(d(2026, 2, day)) for day in range(14, 23))
    assert is_working_day(d(2026, 2, 13)) and is_working_day(d(2026, 2, 23))
    assert add_working_days(d(2026, 2, 13), 1) == d(2026, 2, 23)
    assert working_days_between(d(2026, 2, 9), d(2026, 2, 27)) == 4 + 5  # 10–13/2, then 23–27/2


def test_make_up_saturday_of_2024_and_the_swapped_monday() -> None:
    assert is_working_day(d(2024, 5, 4))
    assert not is_working_day(d(2024, 4, 29))
    assert not is_working_day(d(2024, 4, 30)) and not is_working_day(d(2024, 5, 1))
    # Friday 26/4: next working days are Thursday 2/5, Friday 3/5, Saturday 4/5, Monday 6/5
    assert add_working_days(d(2024, 4, 26), 3) == d(2024, 5, 4)
    assert add_working_days(d(2024, 4, 26), 4) == d(2024, 5, 6)


def test_other_holidays_of_the_loaded_years() -> None:
    for day in [d(2023, 1, 2), d(2023, 5, 2), d(2023, 5, 3), d(2023, 9, 1), d(2023, 9, 4), d(2024, 4, 18)]:
        assert not is_working_day(day), day
    for day in [d(2024, 9, 3), d(2025, 4, 7), d(2025, 5, 2), d(2025, 9, 1), d(2026, 4, 27), d(2026, 9, 2)]:
        assert not is_working_day(day), day
    assert is_working_day(d(2025, 4, 26))  # make-up Saturday for 2/5/2025


def test_a_year_without_rows_falls_back_to_weekends_and_solar_holidays() -> None:
    assert all(year_is_loaded(year) for year in (2023, 2024, 2025, 2026))
    assert not year_is_loaded(2027)
    assert not is_working_day(d(2027, 1, 1))  # Friday, New Year
    assert not is_working_day(d(2027, 4, 30)) and not is_working_day(d(2027, 9, 2))
    assert is_working_day(d(2027, 2, 8))  # Tết 2027 not entered: an ordinary Monday until it is
    assert add_working_days(d(2026, 12, 31), 1) == d(2027, 1, 4)  # across the year end, 1/1/2027 off


def test_an_administrators_row_changes_the_answer_at_once() -> None:
    assert is_working_day(d(2027, 2, 8))
    CalendarDay.objects.create(date=d(2027, 2, 8), kind=CalendarDay.Kind.HOLIDAY, name="Tết Đinh Mùi")
    assert year_is_loaded(2027)
    assert not is_working_day(d(2027, 2, 8))
    assert is_working_day(d(2027, 1, 1))  # once a year is entered, only its rows count
    CalendarDay.objects.filter(date__year=2027).delete()  # a queryset delete sends no signal per row ...
    row = CalendarDay.objects.create(date=d(2027, 2, 6), kind=CalendarDay.Kind.MAKEUP, name="Làm bù")
    assert is_working_day(d(2027, 2, 8)) and is_working_day(d(2027, 2, 6))
    row.delete()
    assert not year_is_loaded(2027)
    assert not is_working_day(d(2027, 2, 6))


@pytest.mark.parametrize("bad", [None, "2024-02-08", 20240208, dt.datetime(2024, 2, 8, 8, 0)])
def test_bad_dates_are_refused_in_vietnamese(bad: object) -> None:
    with pytest.raises(DomainError, match="Ngày không hợp lệ"):
        is_working_day(bad)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="Ngày không hợp lệ"):
        add_working_days(bad, 3)  # type: ignore[arg-type]
    with pytest.raises(DomainError, match="Ngày không hợp lệ"):
        working_days_between(d(2024, 1, 1), bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [1.5, "3", True, None, 10**7])
def test_bad_counts_are_refused(bad: object) -> None:
    with pytest.raises(DomainError, match="Số ngày làm việc không hợp lệ"):
        add_working_days(d(2024, 1, 1), bad)  # type: ignore[arg-type]


def test_a_span_beyond_thirty_years_is_refused() -> None:
    with pytest.raises(DomainError):
        working_days_between(d(1990, 1, 1), d(2100, 1, 1))


def test_model_validation_of_the_kind_against_the_weekday() -> None:
    with pytest.raises(ValidationError, match="thứ Bảy hoặc Chủ nhật"):
        CalendarDay(date=d(2027, 2, 10), kind=CalendarDay.Kind.MAKEUP, name="Làm bù").full_clean()
    with pytest.raises(ValidationError, match="ngày thường"):
        CalendarDay(date=d(2027, 2, 13), kind=CalendarDay.Kind.DAY_OFF, name="Nghỉ bù").full_clean()
    CalendarDay(date=d(2027, 2, 13), kind=CalendarDay.Kind.MAKEUP, name="Làm bù").full_clean()
    CalendarDay(date=d(2027, 2, 13), kind=CalendarDay.Kind.HOLIDAY, name="Tết").full_clean()
    with pytest.raises(ValidationError):
        CalendarDay(date=d(2024, 2, 10), kind=CalendarDay.Kind.HOLIDAY, name="Trùng ngày").full_clean()


@pytest.fixture
def admin_client() -> Client:
    admin = User.objects.create_superuser(username="quantri", password="matkhau-thu-123")
    client = Client()
    client.force_login(admin)
    return client


def _form(day: str, kind: str, name: str = "Tết Đinh Mùi") -> dict[str, str]:
    return {"date": day, "kind": kind, "name": name, "source": "Thông báo thử"}


def test_admin_refuses_a_make_up_weekday_and_saves_nothing(admin_client: Client) -> None:
    response = admin_client.post("/quan-tri/core/calendarday/add/", _form("10/02/2027", "makeup"))
    assert response.status_code == 200
    assert "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật" in response.content.decode()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEntry.objects.filter(action__startswith="core.calendarday").exists()


def test_admin_adds_edits_and_deletes_a_day_audited(admin_client: Client) -> None:
    response = admin_client.post("/quan-tri/core/calendarday/add/", _form("08/02/2027", "holiday"))
    assert response.status_code == 302, response.content.decode()[:2000]
    row = CalendarDay.objects.get(date=d(2027, 2, 8))
    assert not is_working_day(d(2027, 2, 8))
    assert AuditEntry.objects.get(action="core.calendarday.created").after["date"] == "2027-02-08"
    response = admin_client.post(f"/quan-tri/core/calendarday/{row.pk}/change/", _form("09/02/2027", "holiday"))
    assert response.status_code == 302
    assert is_working_day(d(2027, 2, 8)) and not is_working_day(d(2027, 2, 9))
    entry = AuditEntry.objects.get(action="core.calendarday.changed")
    assert (entry.before["date"], entry.after["date"]) == ("2027-02-08", "2027-02-09")
    response = admin_client.post(f"/quan-tri/core/calendarday/{row.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert is_working_day(d(2027, 2, 9))
    assert AuditEntry.objects.filter(action="core.calendarday.deleted").count() == 1


def test_admin_list_filters_by_year(admin_client: Client) -> None:
    response = admin_client.get("/quan-tri/core/calendarday/", {"nam": "2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Làm bù cho thứ Hai 27/1/2025" in page
    assert "Tết Giáp Thìn" not in page
