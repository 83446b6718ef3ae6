"""Making a backup: written under a temporary name and renamed only once complete, then old ones pruned.

A failure at any step (a full disk above all) removes the unfinished folder and leaves the earlier backups as they
were. One backup at a time per folder (a lock file); leftovers of a killed run are removed by the next one.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from . import database, media
from .manifest import MANIFEST, BackupError, applied_migrations, build

NAME = re.compile(r"^dangbo-(\d{8}-\d{6})(?:-(\d+))?$")
TEMPORARY = ".tmp-"


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]
    seconds: float
    pruned: list[Path] = field(default_factory=list)


def backup_dir() -> Path:
    return Path(settings.DANGBO_BACKUP_DIR)


def list_backups(directory: Path) -> list[Path]:
    """The complete backups in `directory`, oldest first (by the time in their name)."""
    found = [(m.group(1), int(m.group(2) or 1), p) for p in directory.glob("dangbo-*") if (m := NAME.match(p.name))]
    return [path for _stamp, _n, path in sorted(found) if path.is_dir()]


def create_backup(
    *, connection: BaseDatabaseWrapper | None = None, directory: Path | None = None, keep: int | None = None
) -> BackupResult:
    """1. lock the folder, remove unfinished folders of killed runs; 2. in a new `.tmp-…` folder (0700) write the
    database, the media tar and the manifest, each synced to disk; 3. rename it `dangbo-YYYYMMDD-HHMMSS`;
    4. with `keep`, delete the oldest complete backups beyond that many."""
    if keep is not None and keep < 1:
        raise BackupError("Số bản sao lưu giữ lại (--keep) phải từ 1 trở lên.")
    directory = directory or backup_dir()
    started = time.monotonic()
    connection = connection or connections["default"]
    database.supported(connection.vendor)
    try:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"Không tạo được thư mục sao lưu {directory}: {exc.strerror}") from exc
    with _locked(directory):
        for leftover in directory.glob(f"{TEMPORARY}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        work = Path(tempfile.mkdtemp(prefix=TEMPORARY, dir=directory))
        try:
            manifest = _write(connection, work)
            final = _free_name(directory, timezone.localtime())
            work.rename(final)
            _fsync_dir(directory)
        except BaseException as exc:
            shutil.rmtree(work, ignore_errors=True)
            if isinstance(exc, OSError):
                if exc.errno == errno.ENOSPC:
                    raise database.disk_full(directory) from exc
                raise BackupError(f"Sao lưu không thành công, không tạo bản sao lưu nào: {exc}") from exc
            raise
        pruned = prune(directory, keep=keep) if keep else []
    return BackupResult(path=final, manifest=manifest, seconds=time.monotonic() - started, pruned=pruned)


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Delete the oldest complete backups beyond the newest `keep`; return what was deleted."""
    old = list_backups(directory)[:-keep]
    for path in old:
        shutil.rmtree(path)
    return old


def _write(connection: BaseDatabaseWrapper, work: Path) -> dict[str, Any]:
    database_file = database.dump(connection, work)
    media_files = media.pack(Path(settings.MEDIA_ROOT), work / media.FILE)
    manifest = build(
        folder=work,
        vendor=connection.vendor,
        database_file=database_file,
        migrations=applied_migrations(connection),
        media_files=media_files,
    )
    with os.fdopen(database.create_private(work / MANIFEST), "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=2)
        out.flush()
        os.fsync(out.fileno())
    for path in work.iterdir():
        with path.open("rb") as handle:
            os.fsync(handle.fileno())
    return manifest


def _free_name(directory: Path, now: Any) -> Path:
    base = f"dangbo-{now:%Y%m%d-%H%M%S}"
    candidate, n = directory / base, 1
    while candidate.exists():
        n += 1
        candidate = directory / f"{base}-{n}"
    return candidate


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    fd = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BackupError(f"Một lần sao lưu khác đang chạy trong {directory}: hãy chờ nó xong.") from exc
        yield
    finally:
        os.close(fd)
