"""Restoring a backup into an empty database, or over the current data only when told (`force`).

Refused, with nothing changed: a file whose SHA-256 differs from the manifest's (named), a backup from a newer
schema (migrations this code does not know), a backup of another database vendor, a target that already holds
tables or uploaded files without `force`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from . import database, media
from .manifest import BackupError, missing_migrations, read, unknown_migrations, verify
from .writing import BackupResult, backup_dir, create_backup

SHOWN = 10  # migrations named in a refusal


@dataclass
class RestoreResult:
    manifest: dict[str, Any]
    safety: BackupResult | None  # what was there before a forced restore
    migrations_to_apply: int


def find_backup(name: str) -> Path:
    """A backup folder by path, or by its name in DANGBO_BACKUP_DIR."""
    path = Path(name)
    if not path.exists() and not path.is_absolute() and (backup_dir() / name).exists():
        return backup_dir() / name
    return path


def check_backup(folder: Path, *, connection: BaseDatabaseWrapper | None = None) -> dict[str, Any]:
    """The manifest of a backup this code may restore into `connection` (default: the default database);
    `BackupError` says why not."""
    connection = connection or connections["default"]
    manifest = read(folder)
    verify(folder, manifest)
    vendor, target = manifest["database"]["vendor"], connection.vendor
    if vendor != target:
        raise BackupError(
            f"Bản sao lưu {folder.name} là của cơ sở dữ liệu {vendor}, không khôi phục được vào {target}."
        )
    unknown = unknown_migrations(manifest.get("migrations") or {})
    if unknown:
        more = f" và {len(unknown) - SHOWN} migration khác" if len(unknown) > SHOWN else ""
        raise BackupError(
            f"Bản sao lưu {folder.name} (phiên bản {manifest.get('version')}) có lược đồ mới hơn mã nguồn này: "
            f"{len(unknown)} migration chưa có ở đây ({', '.join(unknown[:SHOWN])}{more}). "
            "Hãy cài phiên bản ứng dụng đã tạo bản sao lưu (hoặc mới hơn) rồi khôi phục."
        )
    database.check(vendor, folder / manifest["database"]["file"])
    media.check(folder / manifest["media"]["file"])
    return manifest


def restore_backup(
    *,
    folder: Path,
    connection: BaseDatabaseWrapper | None = None,
    force: bool = False,
    with_media: bool = True,
    say: Callable[[str], None] = lambda message: None,
) -> RestoreResult:
    """1. check the backup (checksums, vendor, schema); 2. check the target is empty, else refuse unless `force`;
    3. with `force` and data present: back up what is there first, then drop it; 4. restore the database
    (PostgreSQL: one transaction; SQLite: the backup API into the target file); 5. replace MEDIA_ROOT's files."""
    connection = connection or connections["default"]
    manifest = check_backup(folder, connection=connection)
    media_root = Path(settings.MEDIA_ROOT)
    tables = database.relations(connection)
    files = with_media and media.has_files(media_root)
    safety = None
    if tables or files:
        present = []
        if tables:
            present.append(f"cơ sở dữ liệu đích không trống ({len(tables)} bảng, view, sequence)")
        if files:
            present.append(f"thư mục tệp tải lên {media_root} đã có tệp")
        if not force:
            raise BackupError(
                f"Không khôi phục chồng lên dữ liệu hiện có: {'; '.join(present)}. Hãy khôi phục vào cơ sở dữ liệu "
                "trống, hoặc dùng --force để sao lưu dữ liệu hiện có rồi thay bằng bản sao lưu."
            )
        say(f"Dữ liệu hiện có ({'; '.join(present)}): sao lưu trước khi thay…")
        safety = create_backup(connection=connection)
        say(f"Đã sao lưu dữ liệu hiện có vào {safety.path}.")
    database.restore(connection, folder / manifest["database"]["file"], clear=bool(tables))
    if with_media:
        media.unpack(folder / manifest["media"]["file"], media_root)
    return RestoreResult(
        manifest=manifest, safety=safety, migrations_to_apply=missing_migrations(manifest.get("migrations") or {})
    )
