"""The uploaded files of a backup: MEDIA_ROOT as one tar (regular files and folders; links are not followed)."""

from __future__ import annotations

import os
import secrets
import shutil
import tarfile
from pathlib import Path

from .database import create_private
from .manifest import BackupError

FILE = "media.tar"


def pack(media_root: Path, target: Path) -> int:
    """Write MEDIA_ROOT's files into the tar `target` (mode 0600); return how many files it holds."""
    count = 0
    with os.fdopen(create_private(target), "wb") as out, tarfile.open(fileobj=out, mode="w") as tar:
        if media_root.is_dir():
            for folder, dirs, files in os.walk(media_root):
                dirs.sort()
                for name in sorted(dirs) + sorted(files):
                    path = Path(folder) / name
                    if path.is_symlink() or not (path.is_dir() or path.is_file()):
                        continue
                    tar.add(path, arcname=str(path.relative_to(media_root)), recursive=False)
                    count += path.is_file()
        out.flush()
        os.fsync(out.fileno())
    return count


def has_files(media_root: Path) -> bool:
    return media_root.is_dir() and any(media_root.iterdir())


def check(source: Path) -> None:
    """Every member of the tar would unpack inside MEDIA_ROOT as a plain file or folder (tar's data filter)."""
    try:
        with tarfile.open(source, mode="r") as tar:
            for member in tar:
                tarfile.data_filter(member, "/media-root")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Tệp {source.name} không khôi phục được: {exc}") from exc


def unpack(source: Path, media_root: Path) -> None:
    """Replace MEDIA_ROOT by the tar's files: unpacked beside it first, then swapped in by renaming, so a failed
    unpack leaves MEDIA_ROOT as it was. Paths leaving the folder, links and devices are refused (tar's data filter)."""
    media_root.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    incoming = media_root.parent / f".{media_root.name}.restoring-{token}"
    outgoing = media_root.parent / f".{media_root.name}.replaced-{token}"
    incoming.mkdir(mode=0o700)
    try:
        with tarfile.open(source, mode="r") as tar:
            tar.extractall(incoming, filter="data")
        if media_root.exists():
            incoming.chmod(media_root.stat().st_mode & 0o777)
            media_root.rename(outgoing)
        incoming.rename(media_root)
    except (OSError, tarfile.TarError) as exc:
        shutil.rmtree(incoming, ignore_errors=True)
        if outgoing.exists() and not media_root.exists():
            outgoing.rename(media_root)
        raise BackupError(f"Không khôi phục được các tệp tải lên vào {media_root}: {exc}") from exc
    shutil.rmtree(outgoing, ignore_errors=True)
