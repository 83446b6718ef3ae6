"""The manifest of a backup: what it holds, from which schema and vendor, and the checksum of every file."""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from pathlib import Path
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup could not be made, or a backup may not be restored. `message` is the Vietnamese text shown."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def app_version() -> str:
    try:
        return importlib.metadata.version("dangbo")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a checkout without install
        return "unknown"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The schema state: the migrations recorded as applied in this database, per app (read with plain SQL, so
    any connection will do, not only the settings' aliases)."""
    table = MigrationRecorder.Migration._meta.db_table
    by_app: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        if table not in connection.introspection.table_names(cursor):
            return by_app
        cursor.execute(f"SELECT app, name FROM {connection.ops.quote_name(table)} ORDER BY app, name")
        for app_label, name in cursor.fetchall():
            by_app.setdefault(app_label, []).append(name)
    return by_app


def unknown_migrations(migrations: dict[str, list[str]]) -> list[str]:
    """The migrations of a backup this code does not have (the backup comes from a newer schema)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, names in sorted(migrations.items()) for name in names if (app, name) not in known]


def missing_migrations(migrations: dict[str, list[str]]) -> int:
    """How many of this code's migrations the backup's schema has not applied (`migrate` after the restore)."""
    applied = {(app, name) for app, names in migrations.items() for name in names}
    return len(set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes) - applied)


def build(
    *, folder: Path, vendor: str, database_file: str, migrations: dict[str, list[str]], media_files: int
) -> dict[str, Any]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name != MANIFEST)
    return {
        "format": FORMAT,
        "app": "dangbo",
        "version": app_version(),
        "created": timezone.localtime().isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": database_file},
        "migrations": migrations,
        "media": {"file": "media.tar", "files": media_files},
        "files": {p.name: {"sha256": sha256_of(p), "bytes": p.stat().st_size} for p in files},
    }


def read(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise BackupError(f"Không tìm thấy bản sao lưu {folder} (không phải thư mục).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"Bản sao lưu {folder.name} thiếu tệp {MANIFEST}: không phải bản sao lưu đầy đủ.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"Tệp {MANIFEST} của bản sao lưu {folder.name} bị hỏng: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or manifest.get("app") != "dangbo":
        raise BackupError(f"Tệp {MANIFEST} của {folder.name} không phải bản kê của Đảng bộ số (định dạng {FORMAT}).")
    return manifest


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest lists is present with its SHA-256; the database and media files are listed."""
    files: dict[str, dict[str, Any]] = manifest.get("files") or {}
    for required in (manifest["database"]["file"], manifest["media"]["file"]):
        if required not in files:
            raise BackupError(f"Bản kê của {folder.name} không liệt kê tệp {required}.")
    for name, entry in sorted(files.items()):
        path = folder / name
        if Path(name).name != name or not path.is_file():
            raise BackupError(f"Bản sao lưu {folder.name} thiếu tệp {name}.")
        if sha256_of(path) != entry.get("sha256"):
            raise BackupError(
                f"Tệp {name} của bản sao lưu {folder.name} không khớp mã kiểm tra SHA-256 trong bản kê "
                "(checksum mismatch): tệp đã bị sửa hoặc hỏng, không khôi phục."
            )
