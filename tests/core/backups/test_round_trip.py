"""Back up, restore into an empty database, and find every table's rows and every uploaded file unchanged."""

from __future__ import annotations

import json
import os
import stat
import tarfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

from dangbo.core.audit import AuditEntry
from dangbo.core.backups.restoring import find_backup, restore_backup
from dangbo.core.backups.writing import list_backups
from dangbo.members.models import Member
from tests.conftest import World

from .conftest import files_of, fingerprint, make_backup

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _data(world: World) -> None:
    """The shared tree and personas (members, users, roles, audit entries), plus uploaded files."""
    world.m1.photo.save("anh-the.png", ContentFile(PNG), save=True)
    world.m2.photo.save("anh the Đặng Thị Lan.png", ContentFile(PNG[::-1]), save=True)


def test_backup_restores_every_row_and_file_into_an_empty_database(
    world: World, backup_env: Path, restore_target: BaseDatabaseWrapper, settings: Any
) -> None:
    _data(world)
    assert Member.objects.count() == 3 and AuditEntry.objects.exists()
    source = fingerprint(connections["default"])
    media_before = files_of(Path(settings.MEDIA_ROOT))
    assert len(media_before) == 2

    folder = make_backup()
    settings.MEDIA_ROOT = backup_env / "restored-media"
    restore_backup(folder=find_backup(folder.name), connection=restore_target)

    restored = fingerprint(restore_target)
    assert restored == source
    assert restored["members_member"][0] == 3
    assert files_of(Path(settings.MEDIA_ROOT)) == media_before


def test_backup_files_are_private_and_listed_with_their_checksums(world: World, backup_env: Path) -> None:
    _data(world)
    folder = make_backup()
    vendor_file = "database.dump" if connections["default"].vendor == "postgresql" else "database.sqlite3"
    assert sorted(p.name for p in folder.iterdir()) == sorted([vendor_file, "media.tar", "manifest.json"])
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir()} == {0o600}
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": connections["default"].vendor, "file": vendor_file}
    assert set(manifest["files"]) == {vendor_file, "media.tar"}
    assert "0001_initial" in manifest["migrations"]["members"]
    assert manifest["media"]["files"] == 2


def test_forced_restore_backs_up_what_is_there_then_replaces_it(
    world: World, backup_env: Path, restore_target: BaseDatabaseWrapper, settings: Any
) -> None:
    _data(world)
    source = fingerprint(connections["default"])
    folder = make_backup()
    settings.MEDIA_ROOT = backup_env / "restored-media"
    restore_backup(folder=folder, connection=restore_target)
    with restore_target.cursor() as cursor:
        cursor.execute("UPDATE members_member SET given_name = %s WHERE id = %s", ["Đã sửa", world.m3.pk])
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("không có trong bản sao lưu")
    assert fingerprint(restore_target)["members_member"] != source["members_member"]

    said: list[str] = []
    result = restore_backup(folder=folder, connection=restore_target, force=True, say=said.append)

    assert fingerprint(restore_target) == source
    assert "stray.txt" not in files_of(Path(settings.MEDIA_ROOT))
    backups = list_backups(Path(settings.DANGBO_BACKUP_DIR))
    assert len(backups) == 2 and backups[0] == folder
    assert result.safety is not None and result.safety.path == backups[1]
    assert said[-1] == f"Đã sao lưu dữ liệu hiện có vào {backups[1]}."
    with tarfile.open(backups[1] / "media.tar") as tar:
        assert "stray.txt" in tar.getnames()
    assert not [p for p in Path(settings.MEDIA_ROOT).parent.iterdir() if p.name.startswith(".media.")]
    assert os.listdir(settings.MEDIA_ROOT)
