"""The audit log is append-only: the one way to change or remove its rows is `audit_unlocked()`.

Two layers refuse the rest. In the application, `AuditEntry.save()` refuses to update a row, and `delete()`,
`QuerySet.update()` and `QuerySet.delete()` refuse (see `core.models`). In the database, triggers (migration
`0004_audit_chain`) refuse UPDATE, DELETE and TRUNCATE of the log and of its archive; the one UPDATE they let
through is the seal (sequence number and digest set once, from empty, nothing else changed).

`audit_unlocked()` opens a transaction and lifts both layers for it alone: on PostgreSQL a transaction-local
setting (`SET LOCAL`-style, gone at commit or rollback), on SQLite a per-connection function the triggers call.
It is used by the yearly archiving (`archive_audit`) and by `manage.py flush`, which empties every table. The
database setting is no secret: whoever holds the database's credentials can set it, as they could drop the
triggers. Against them the log is protected by its hash chain (`core.audit_chain`), not by the guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from .errors import DomainError

# The PostgreSQL setting the triggers read (`current_setting(..., true)`), and the SQLite function they call.
SETTING = "dangbo.audit_maintenance"
SQLITE_FUNCTION = "dangbo_audit_unlocked"

_unlocked: ContextVar[bool] = ContextVar("audit_unlocked", default=False)

REFUSAL = "Nhật ký hoạt động chỉ được ghi thêm: không được sửa hay xóa mục đã ghi."


def is_unlocked() -> bool:
    return _unlocked.get()


def refuse() -> None:
    """Raise the refusal unless the current block runs under `audit_unlocked()`."""
    if not _unlocked.get():
        raise DomainError(REFUSAL)


def _set_database_flag(connection: BaseDatabaseWrapper, on: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, true)", [SETTING, "on" if on else "off"])
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        getattr(connection, "dangbo_audit_flag", {})["on"] = on


@contextmanager
def audit_unlocked(*, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One transaction in which the audit log's rows may be changed or removed (archiving, flush)."""
    connection = connections[using]
    token = _unlocked.set(True)
    try:
        with transaction.atomic(using=using):
            _set_database_flag(connection, True)
            yield
            _set_database_flag(connection, False)  # (after an error the rollback drops the setting)
    finally:
        _unlocked.reset(token)
        if connection.vendor == "sqlite":
            getattr(connection, "dangbo_audit_flag", {})["on"] = False


def install_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """`connection_created` receiver: give each SQLite connection the function its audit triggers call.
    A connection without it (the sqlite3 shell) fails the triggers' condition, so the change is refused."""
    if connection.vendor != "sqlite":
        return
    flag = {"on": False}
    connection.dangbo_audit_flag = flag  # type: ignore[attr-defined]
    connection.connection.create_function(SQLITE_FUNCTION, 0, lambda: int(flag["on"]))
