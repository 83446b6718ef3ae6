"""Backups' fixtures: a backup folder and MEDIA_ROOT on disk, and an empty database to restore into (on PostgreSQL a
second database with a unique name, dropped afterwards; on SQLite a new file)."""

from __future__ import annotations

import hashlib
import io
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from dangbo.core.backups.writing import list_backups


@pytest.fixture
def backup_env(transactional_db: None, settings: Any, tmp_path: Path) -> Path:
    """Backups under tmp_path/backups, uploaded files in tmp_path/media through the file system storage. The tests
    are transactional: the backup reads what is committed (pg_dump is another process)."""
    settings.DANGBO_BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


@pytest.fixture
def restore_target(transactional_db: None, tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A connection to an empty database beside the test database (made here, not one of the settings' aliases)."""
    source = connections["default"].settings_dict
    if connections["default"].vendor == "postgresql":
        name = f"{source['NAME']}_restore_{secrets.token_hex(3)}"
        with _server(source) as server:
            server.execute(f'CREATE DATABASE "{name}"')
    else:
        name = str(tmp_path / "restored.sqlite3")
    target = load_backend(source["ENGINE"]).DatabaseWrapper({**source, "NAME": name}, alias="restore_target")
    try:
        yield target
    finally:
        target.close()
        if connections["default"].vendor == "postgresql":
            with _server(source) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server(settings: dict[str, Any]) -> psycopg.Connection[Any]:
    return psycopg.connect(
        dbname="postgres", host=settings["HOST"] or None, port=settings["PORT"] or None,
        user=settings["USER"] or None, password=settings["PASSWORD"] or None, autocommit=True,
    )  # fmt: skip


def make_backup(*args: str) -> Path:
    """Run `manage.py backup` and return the newest backup's folder."""
    call_command("backup", *args, stdout=io.StringIO())
    return list_backups(Path(django_settings.DANGBO_BACKUP_DIR))[-1]


def fingerprint(connection: BaseDatabaseWrapper) -> dict[str, tuple[int, str]]:
    """Every table's row count and the SHA-256 of its rows sorted (and, on PostgreSQL, every sequence's value)."""
    result: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(tuple(_plain(v) for v in row)) for row in cursor.fetchall())
            result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
        if connection.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()")
            for sequence, value in cursor.fetchall():
                result[f"sequence {sequence}"] = (value or 0, "")
    return result


def files_of(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def _plain(value: Any) -> Any:
    return bytes(value) if isinstance(value, memoryview) else value
