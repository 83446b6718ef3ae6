"""What `manage.py restore` refuses, each time with nothing restored: a file that does not match its checksum, a
damaged dump, a newer schema, another database vendor, a target that already holds data (without --force)."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from dangbo.core.backups import database
from dangbo.core.backups.manifest import BackupError, sha256_of
from dangbo.core.backups.restoring import check_backup, restore_backup
from tests.conftest import World

from .conftest import fingerprint, make_backup


def _restore(folder: Path, target: BaseDatabaseWrapper, *, force: bool = False, with_media: bool = True) -> None:
    restore_backup(folder=folder, connection=target, force=force, with_media=with_media)


def _edit_manifest(folder: Path, change: Any) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def _assert_untouched(target: BaseDatabaseWrapper, media_root: Path) -> None:
    assert database.relations(target) == []
    assert not media_root.exists() or not any(media_root.iterdir())


@pytest.fixture
def backup(world: World, backup_env: Path, settings: Any) -> Path:
    world.m1.photo.save("anh.png", ContentFile(b"anh"), save=True)
    folder = make_backup()
    settings.MEDIA_ROOT = backup_env / "restored-media"
    return folder


def _dump(folder: Path) -> Path:
    return folder / json.loads((folder / "manifest.json").read_text())["database"]["file"]


@pytest.mark.parametrize("which", ["database", "media.tar"])
def test_restore_refuses_a_file_that_does_not_match_its_checksum(
    backup: Path, restore_target: BaseDatabaseWrapper, settings: Any, which: str
) -> None:
    damaged = _dump(backup) if which == "database" else backup / which
    with damaged.open("r+b") as handle:
        handle.seek(100)
        byte = handle.read(1)
        handle.seek(100)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(BackupError, match=f"Tệp {damaged.name} .* không khớp mã kiểm tra SHA-256"):
        _restore(backup, restore_target)
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))


def test_restore_refuses_a_missing_file(backup: Path, restore_target: BaseDatabaseWrapper, settings: Any) -> None:
    (backup / "media.tar").unlink()
    with pytest.raises(BackupError, match=r"thiếu tệp media\.tar"):
        _restore(backup, restore_target)
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))


def test_restore_refuses_a_damaged_dump_even_with_a_matching_checksum(
    backup: Path, restore_target: BaseDatabaseWrapper, settings: Any
) -> None:
    dump = _dump(backup)
    dump.write_bytes(b"not a database " * 100)
    _edit_manifest(backup, lambda m: m["files"][dump.name].update(sha256=sha256_of(dump)))
    with pytest.raises(BackupError, match=f"Tệp {dump.name} không"):
        _restore(backup, restore_target)
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))


def test_restore_refuses_a_media_tar_escaping_the_media_folder(
    backup: Path, restore_target: BaseDatabaseWrapper, settings: Any, tmp_path: Path
) -> None:
    tar_path = backup / "media.tar"
    tar_path.unlink()
    with tarfile.open(tar_path, "w") as tar:
        info = tarfile.TarInfo("../outside.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"abc"))
    _edit_manifest(backup, lambda m: m["files"]["media.tar"].update(sha256=sha256_of(tar_path)))
    with pytest.raises(BackupError, match=r"media\.tar không khôi phục được"):
        _restore(backup, restore_target)
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))
    assert not (tmp_path / "outside.txt").exists()


def test_restore_refuses_a_backup_from_a_newer_schema(
    backup: Path, restore_target: BaseDatabaseWrapper, settings: Any
) -> None:
    _edit_manifest(backup, lambda m: m["migrations"]["members"].append("0999_from_a_newer_version"))
    with pytest.raises(BackupError, match=r"lược đồ mới hơn mã nguồn này: 1 migration chưa có ở đây \(members\.0999"):
        _restore(backup, restore_target)
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))


def test_restore_refuses_a_backup_of_another_database_vendor(
    backup: Path, restore_target: BaseDatabaseWrapper, settings: Any
) -> None:
    other = "sqlite" if connections["default"].vendor == "postgresql" else "postgresql"
    _edit_manifest(backup, lambda m: m["database"].update(vendor=other))
    with pytest.raises(BackupError, match=f"là của cơ sở dữ liệu {other}, không khôi phục được vào"):
        _restore(backup, restore_target)
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))


def test_restore_refuses_a_database_that_is_not_empty_without_force(
    backup: Path, restore_target: BaseDatabaseWrapper
) -> None:
    _restore(backup, restore_target, with_media=False)
    before = fingerprint(restore_target)
    with pytest.raises(BackupError, match="Không khôi phục chồng lên dữ liệu hiện có: cơ sở dữ liệu đích không trống"):
        _restore(backup, restore_target, with_media=False)
    assert fingerprint(restore_target) == before


def test_restore_refuses_uploaded_files_already_there_without_force(
    backup: Path, restore_target: BaseDatabaseWrapper, settings: Any
) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir()
    (media_root / "keep.txt").write_text("tệp đang có")
    with pytest.raises(BackupError, match=f"thư mục tệp tải lên {media_root} đã có tệp"):
        _restore(backup, restore_target)
    assert database.relations(restore_target) == []
    assert [p.name for p in media_root.iterdir()] == ["keep.txt"]
    _restore(backup, restore_target, with_media=False)
    assert database.relations(restore_target)
    assert [p.name for p in media_root.iterdir()] == ["keep.txt"]


def test_restore_check_only_verifies(backup: Path, restore_target: BaseDatabaseWrapper, settings: Any) -> None:
    assert check_backup(backup, connection=restore_target)["database"]["vendor"] == restore_target.vendor
    _assert_untouched(restore_target, Path(settings.MEDIA_ROOT))


def test_the_command_refuses_the_current_database_which_is_not_empty(backup: Path) -> None:
    out = io.StringIO()
    call_command("restore", backup.name, "--check", stdout=out)
    assert f"Bản sao lưu {backup.name}" in out.getvalue() and "khôi phục được" in out.getvalue()
    with pytest.raises(CommandError, match="Không khôi phục chồng lên dữ liệu hiện có: cơ sở dữ liệu đích không trống"):
        call_command("restore", backup.name, stdout=io.StringIO())


def test_restore_refuses_a_folder_that_is_not_a_backup(backup_env: Path, world: World) -> None:
    with pytest.raises(CommandError, match=r"thiếu tệp manifest\.json"):
        call_command("restore", str(backup_env), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không tìm thấy bản sao lưu"):
        call_command("restore", "khong-co", stdout=io.StringIO())
