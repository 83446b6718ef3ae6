"""Shared fixtures: a small tree and the three personas every view is tested with.

    bloc ─┬─ grassroots A (committee) ─┬─ cell A1 (members m1, m2)
          │                            └─ cell A2
          └─ grassroots B (committee) ─── cell B1 (member m3)

- `officer`: grassroots committee officer of A (sees A, A1, A2 and their members)
- `member_user`: the member m1 (sees only themself)
- `outsider`: grassroots committee officer of B (must be refused anything in A)
- `bloc_officer`: organization-board officer of the bloc (whole tree)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client, TransactionTestCase
from django.utils import translation

from dangbo.accounts.enums import RoleKind
from dangbo.accounts.models import User
from dangbo.core.audit_guard import audit_unlocked
from dangbo.core.calendar import clear_cache as clear_calendar_cache
from dangbo.members.models import Member
from dangbo.organizations.enums import OrgKind
from dangbo.organizations.models import Organization

from .factories import make_member, make_org, make_user

# Rows the data migrations ship (the working-day calendar, rule sets, the seed plan and its targets). A live-server
# or transactional test (the backups') empties the database when it ends, data migrations included; in the same
# transaction the emptied tables get them back from a copy made before any test, so the next test on the same
# worker, whatever its kind, finds them.
SHIPPED_MODELS = (
    "core.CalendarDay", "evaluations.RuleSet", "planning.Plan", "planning.Target", "admissions.AdmissionRuleSet",
    "meetings.MeetingRuleSet", "screening.ScreeningRuleSet", "movements.MovementRuleSet", "dues.DuesRuleSet",
    "discipline.DisciplineRuleSet", "complaints.ComplaintRuleSet", "inspection.InspectionRuleSet",
    "recognition.BadgeRuleSet", "recognition.CommendationLevel", "recognition.CommendationKind",
    "training.TrainingRuleSet", "library.PartyDocument", "library.Publication", "planning.PlanTask",
    "statforms.StatForm",
)  # fmt: skip
# Tables whose rows `migrate` writes and no test changes: emptying the database leaves them.
KEPT_TABLES = frozenset({"django_content_type", "auth_permission"})
_shipped: dict[str, str] = {}


def _uses_database(session: pytest.Session) -> bool:
    """Whether a collected test asks for the database: pytest-django sets up no test database otherwise (a run of
    `tests/core/test_spreadsheets.py` alone), and the session fixtures below then leave the database alone."""
    asks = {"db", "transactional_db", "live_server"}
    return any(item.get_closest_marker("django_db") or asks & set(getattr(item, "fixturenames", ()))
               for item in session.items)  # fmt: skip


@pytest.fixture(scope="session", autouse=True)
def shipped_rows(request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any) -> None:
    if not _uses_database(request.session):
        return
    with django_db_blocker.unblock():
        rows = [obj for label in SHIPPED_MODELS for obj in django_apps.get_model(label).objects.order_by("pk")]
        _shipped["rows"] = serializers.serialize("json", rows)


def _empty_database(self: TransactionTestCase) -> None:
    """`TransactionTestCase._fixture_teardown` for this suite: DELETE the rows of every table the test filled,
    except `KEPT_TABLES`, and put the shipped rows back, in one transaction.

    Django's flush truncates every table and rebuilds the content types and permissions: about a second a test
    on PostgreSQL, where a TRUNCATE makes new files for each table. `manage.py flush` itself is not changed
    (tests/core/test_audit_flush.py)."""
    if self.serialized_rollback or self.available_apps is not None:
        _django_fixture_teardown(self)
        return
    for alias in self._databases_names(include_mirrors=False):
        db = connections[alias]
        tables = [db.ops.quote_name(t) for t in db.introspection.django_table_names(only_existing=True)
                  if t not in KEPT_TABLES]  # fmt: skip
        with audit_unlocked(using=alias), db.cursor() as cursor:  # (foreign keys are checked at commit)
            cursor.execute(" UNION ALL ".join(f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {t})"
                                              for i, t in enumerate(tables)))  # fmt: skip
            for (i,) in cursor.fetchall():
                cursor.execute(f"DELETE FROM {tables[i]}")
            if alias == DEFAULT_DB_ALIAS and "rows" in _shipped:
                _put_back_shipped_rows()


def _put_back_shipped_rows() -> None:
    rows = list(serializers.deserialize("json", _shipped["rows"]))
    for label in SHIPPED_MODELS:
        model = django_apps.get_model(label)
        model._base_manager.bulk_create([row.object for row in rows if type(row.object) is model])
    for row in rows:
        for name, values in (row.m2m_data or {}).items():
            getattr(row.object, name).set(values)


_django_fixture_teardown = TransactionTestCase._fixture_teardown
TransactionTestCase._fixture_teardown = _empty_database  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fresh_working_day_calendar() -> Iterator[None]:
    """The working-day calendar caches a year's special days per process: a rolled-back test must not leave
    its rows in that cache for the next one."""
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test() -> Iterator[None]:
    """A request in English activates English for the rest of the thread: leave Vietnamese active again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session", autouse=True)
def _test_database_free_to_drop(
    request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: Any
) -> Iterator[None]:
    """At the end of a worker's session, end any other PostgreSQL session still open on its test database (a
    thread that served a live-server test can outlive it), so that dropping the database cannot fail."""
    yield
    if connection.vendor != "postgresql" or not _uses_database(request.session):
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@dataclass
class World:
    bloc: Organization
    org_a: Organization
    cell_a1: Organization
    cell_a2: Organization
    org_b: Organization
    cell_b1: Organization
    m1: Member
    m2: Member
    m3: Member
    officer: User
    member_user: User
    outsider: User
    bloc_officer: User


@pytest.fixture
def world(db: None) -> World:
    bloc = make_org(name="Đảng bộ Khối Các cơ quan và Doanh nghiệp tỉnh", kind=OrgKind.UPPER, code="KHOI")
    org_a = make_org(name="Đảng bộ Sở Tài chính", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=bloc, code="A")
    cell_a1 = make_org(name="Chi bộ Phòng Ngân sách", parent=org_a, code="A1")
    cell_a2 = make_org(name="Chi bộ Văn phòng Sở", parent=org_a, code="A2")
    org_b = make_org(name="Đảng bộ Công ty Điện lực", kind=OrgKind.GRASSROOTS_COMMITTEE, parent=bloc, code="B",
                     org_type="state_enterprise")  # fmt: skip
    cell_b1 = make_org(name="Chi bộ Phân xưởng", parent=org_b, code="B1", org_type="state_enterprise")
    m1 = make_member(organization=cell_a1, family_name="Nguyễn", middle_name="Văn", given_name="Hùng",
                     citizen_id="034080000001", card_number="01000001")  # fmt: skip
    m2 = make_member(organization=cell_a1, family_name="Đặng", middle_name="Thị", given_name="Lan",
                     gender="female", citizen_id="034080000002", card_number="01000002")  # fmt: skip
    m3 = make_member(organization=cell_b1, family_name="Trần", middle_name="Quốc", given_name="Bảo",
                     citizen_id="034080000003", card_number="01000003")  # fmt: skip
    officer = make_user("canbo_a", role=RoleKind.GRASSROOTS_OFFICER, organization=org_a)
    member_user = make_user("dangvien_m1", role=RoleKind.MEMBER, organization=cell_a1)
    m1.user = member_user
    m1.save(update_fields=["user"])
    outsider = make_user("canbo_b", role=RoleKind.GRASSROOTS_OFFICER, organization=org_b)
    bloc_officer = make_user("bantochuc", role=RoleKind.BLOC_ORGANIZATION_OFFICER, organization=bloc)
    return World(
        bloc, org_a, cell_a1, cell_a2, org_b, cell_b1, m1, m2, m3, officer, member_user, outsider, bloc_officer
    )


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_officer(world: World) -> Client:
    return login(world.officer)


@pytest.fixture
def as_member(world: World) -> Client:
    return login(world.member_user)


@pytest.fixture
def as_outsider(world: World) -> Client:
    return login(world.outsider)


@pytest.fixture
def as_bloc_officer(world: World) -> Client:
    return login(world.bloc_officer)


TODAY = dt.date(2026, 11, 27)
