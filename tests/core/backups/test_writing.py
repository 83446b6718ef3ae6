"""Making backups: a failure (a full disk) leaves no partial backup and the earlier ones intact; --keep prunes the
oldest; one backup at a time."""

from __future__ import annotations

import errno
import fcntl
import io
import os
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dangbo.core.backups import media
from dangbo.core.backups.writing import list_backups
from tests.conftest import World

from .conftest import make_backup


def _disk_full_while_writing(media_root: Path, target: Path) -> int:
    with target.open("wb") as out:
        out.write(b"x" * 4096)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))


def test_a_backup_onto_a_full_disk_fails_cleanly_and_keeps_the_previous_one(
    world: Any, backup_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = make_backup()
    monkeypatch.setattr(media, "pack", _disk_full_while_writing)

    with pytest.raises(CommandError, match=r"Không đủ chỗ trống trên đĩa tại .*\(No space left on device\)"):
        call_command("backup", "--keep", "1", stdout=io.StringIO())

    directory = backup_env / "backups"
    assert sorted(p.name for p in directory.iterdir()) == sorted([".lock", earlier.name])
    monkeypatch.undo()
    out = io.StringIO()
    call_command("restore", earlier.name, "--check", stdout=out)
    assert "khớp mã kiểm tra" in out.getvalue()


def test_a_failing_database_dump_leaves_no_partial_backup(
    world: World, backup_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dangbo.core.backups import database

    def fail(connection: Any, folder: Path) -> str:
        (folder / "database.partial").write_bytes(b"x")
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(database, "dump", fail)
    with pytest.raises(CommandError, match="Sao lưu không thành công, không tạo bản sao lưu nào"):
        call_command("backup", stdout=io.StringIO())
    assert [p.name for p in (backup_env / "backups").iterdir()] == [".lock"]


def test_keep_deletes_the_oldest_backups_beyond_n(world: World, backup_env: Path) -> None:
    first, second = make_backup(), make_backup()
    out = io.StringIO()
    call_command("backup", "--keep", "2", stdout=out)
    backups = list_backups(backup_env / "backups")
    assert len(backups) == 2 and first not in backups and second == backups[0]
    assert not first.exists()
    assert f"Đã xóa 1 bản sao lưu cũ (giữ 2 bản mới nhất): {first.name}" in out.getvalue()


def test_keep_must_be_at_least_one(backup_env: Path, world: World) -> None:
    with pytest.raises(CommandError, match="phải từ 1 trở lên"):
        call_command("backup", "--keep", "0", stdout=io.StringIO())
    assert not list_backups(backup_env / "backups")


def test_a_second_backup_at_the_same_time_is_refused(world: World, backup_env: Path) -> None:
    directory = backup_env / "backups"
    directory.mkdir()
    fd = os.open(directory / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(CommandError, match="Một lần sao lưu khác đang chạy"):
            call_command("backup", stdout=io.StringIO())
    finally:
        os.close(fd)
    assert not list_backups(directory)


def test_leftovers_of_a_killed_backup_are_removed_by_the_next(world: World, backup_env: Path) -> None:
    leftover = backup_env / "backups" / ".tmp-killed"
    leftover.mkdir(parents=True)
    (leftover / "database.dump").write_bytes(b"half")
    make_backup()
    assert not leftover.exists()
