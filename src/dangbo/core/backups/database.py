"""The database part of a backup, per vendor: PostgreSQL through pg_dump/pg_restore in the custom format, SQLite
through its online backup API. Files are created with mode 0600 (they hold personal data)."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

from .manifest import BackupError

FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# The relations a restore would collide with (or leave behind): tables, views, materialized views, sequences,
# partitioned and foreign tables of the connection's schema.
PG_RELATIONS = """
    SELECT c.relname, c.relkind FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
    ORDER BY c.relname
"""
# The schema's own functions and procedures, not those of an extension (pg_trgm's stay with it); each as its
# quoted signature, ready for DROP ROUTINE.
PG_ROUTINES = """
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = current_schema()
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""
PG_DROP = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}


def disk_full(where: Path) -> BackupError:
    return BackupError(
        f"Không đủ chỗ trống trên đĩa tại {where} (No space left on device): bản sao lưu chưa được tạo, "
        "các bản sao lưu trước vẫn giữ nguyên. Hãy giải phóng chỗ trống hoặc giảm số bản giữ lại (--keep)."
    )


def create_private(path: Path) -> int:
    """A new file only its owner may read or write."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


def supported(vendor: str) -> None:
    if vendor not in FILES:
        raise BackupError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu loại {vendor} (chỉ PostgreSQL và SQLite).")


def dump(connection: BaseDatabaseWrapper, folder: Path) -> str:
    """Write the database into `folder`; return the file's name."""
    supported(connection.vendor)
    target = folder / FILES[connection.vendor]
    if connection.vendor == "postgresql":
        _pg_dump(connection.settings_dict, target)
    else:
        _sqlite_dump(connection, target)
    return target.name


def relations(connection: BaseDatabaseWrapper) -> list[str]:
    """The tables and views already in the target database (a restore goes into an empty one)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(PG_RELATIONS)
            return [name for name, _kind in cursor.fetchall()]
    name = str(connection.settings_dict["NAME"])
    if not _in_memory(name) and not Path(name).exists():
        return []  # a new SQLite file (not created by merely looking)
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor, include_views=True))


def restore(connection: BaseDatabaseWrapper, source: Path, *, clear: bool) -> None:
    """Load a dump into the database of `connection`. `clear`: drop what is there first (PostgreSQL; the SQLite
    backup API replaces the whole file anyway)."""
    connection.close()
    if connection.vendor == "postgresql":
        if clear:
            _pg_clear(connection)
        _pg_restore(connection.settings_dict, source)
    else:
        path = sqlite_file(connection)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with closing(_sqlite_read(source)) as src, closing(sqlite3.connect(path)) as dst:
                src.backup(dst)
        except sqlite3.Error as exc:
            raise BackupError(f"Khôi phục SQLite vào {path} không thành công: {exc}") from exc
    connection.close()


def check(vendor: str, source: Path) -> None:
    """The dump is readable (PostgreSQL: pg_restore lists its contents; SQLite: a quick integrity check), before
    anything in the target is touched."""
    if vendor == "postgresql":
        done = subprocess.run([_pg_program("pg_restore"), "--list", str(source)], capture_output=True, check=False)
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise BackupError(f"Tệp {source.name} không đọc được bằng pg_restore: {message}")
        return
    try:
        with closing(_sqlite_read(source)) as db:
            result = db.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        result = str(exc)
    if result != "ok":
        raise BackupError(f"Tệp {source.name} không phải cơ sở dữ liệu SQLite nguyên vẹn: {result}")


def _in_memory(name: str) -> bool:
    return name == ":memory:" or "mode=memory" in name


def _sqlite_read(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def sqlite_file(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"])
    if _in_memory(name):
        raise BackupError("Cơ sở dữ liệu SQLite trong bộ nhớ: không có tệp để khôi phục vào.")
    return Path(name)


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    # A connection of its own: it copies what is committed, whatever transaction the caller's connection is in (the
    # backup API waits forever on a source connection inside a write transaction).
    name = str(connection.settings_dict["NAME"])
    os.close(create_private(target))
    try:
        with (
            closing(sqlite3.connect(name, uri=name.startswith("file:"))) as src,
            closing(sqlite3.connect(target)) as dst,
        ):
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, whatever the source's mode
    except sqlite3.Error as exc:
        if "full" in str(exc):
            raise disk_full(target.parent) from exc
        raise BackupError(f"Sao lưu SQLite không thành công: {exc}") from exc


def _pg_env(settings: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[var] = str(settings[key])
    for option in ("sslmode", "sslrootcert", "sslcert", "sslkey", "passfile", "service"):
        if settings.get("OPTIONS", {}).get(option):
            env[f"PG{option.upper()}"] = str(settings["OPTIONS"][option])
    return env


def _pg_program(name: str) -> str:
    program = shutil.which(name)
    if program is None:
        raise BackupError(f"Không tìm thấy chương trình {name} (gói postgresql-client, cùng phiên bản với máy chủ).")
    return program


def _pg_dump(settings: dict[str, Any], target: Path) -> None:
    command = [_pg_program("pg_dump"), "--format=custom", "--no-password", f"--dbname={settings['NAME']}"]
    with os.fdopen(create_private(target), "wb") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.PIPE, env=_pg_env(settings), check=False)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        if "No space left" in message:
            raise disk_full(target.parent) from OSError(errno.ENOSPC, message)
        raise BackupError(f"pg_dump không thành công (mã {done.returncode}): {message}")


def _pg_restore(settings: dict[str, Any], source: Path) -> None:
    # --no-owner/--no-privileges: the objects belong to the role that restores, whatever role owned them before;
    # one transaction and --exit-on-error: a failed restore leaves the database as it was (empty).
    command = [
        _pg_program("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
        "--no-password", f"--dbname={settings['NAME']}", str(source),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, env=_pg_env(settings), check=False)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise BackupError(
            f"pg_restore không thành công, cơ sở dữ liệu không thay đổi (mã {done.returncode}): {message}"
        )


def _pg_clear(connection: BaseDatabaseWrapper) -> None:
    """Drop every table, view and sequence of the connection's schema, and the functions the migrations made
    there (the audit log's guard: the dump creates it again), in one transaction."""
    connection.ensure_connection()
    connection.set_autocommit(False)
    try:
        with connection.cursor() as cursor:
            cursor.execute(PG_RELATIONS)
            for name, kind in cursor.fetchall():
                cursor.execute(f"DROP {PG_DROP[kind]} IF EXISTS {connection.ops.quote_name(name)} CASCADE")
            cursor.execute(PG_ROUTINES)
            for (signature,) in cursor.fetchall():
                cursor.execute(f"DROP ROUTINE IF EXISTS {signature} CASCADE")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.set_autocommit(True)
        connection.close()
