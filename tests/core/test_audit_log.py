"""The audit log is append-only (application and database), sealed in a hash chain, and verifiable."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from dangbo.core.audit import log_action
from dangbo.core.audit_chain import GENESIS, chain_digest, head, seal, verify
from dangbo.core.audit_guard import REFUSAL, audit_unlocked
from dangbo.core.errors import DomainError
from dangbo.core.models import AuditArchive, AuditEntry

pytestmark = pytest.mark.django_db


def write(n: int = 3, **kwargs) -> list[AuditEntry]:
    return [
        log_action("tests.thing.changed", actor=None, object_type="thing", object_id=i, object_repr=f"thứ {i}",
                   before={"x": i}, after={"x": i + 1, "ghi chú": "Đảng ủy"}, **kwargs)
        for i in range(n)
    ]  # fmt: skip


def raw(sql: str, params: list | None = None) -> None:
    """One statement in its own savepoint, so that a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- the application refuses --------------------------------------------------------------------------------


def test_save_of_an_existing_entry_refused() -> None:
    (entry,) = write(1)
    entry.object_repr = "đã sửa"
    with pytest.raises(DomainError, match="chỉ được ghi thêm"):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "thứ 0"


def test_delete_refused_for_one_entry_and_for_a_queryset() -> None:
    entries = write(2)
    for attempt in (entries[0].delete, AuditEntry.objects.all().delete, AuditEntry.objects.filter(pk=1).delete):
        with pytest.raises(DomainError, match="chỉ được ghi thêm"):
            attempt()
    assert AuditEntry.objects.count() == 2


def test_queryset_update_and_bulk_update_refused() -> None:
    entries = write(2)
    with pytest.raises(DomainError) as refused:
        AuditEntry.objects.filter(pk=entries[0].pk).update(action="tests.thing.forged")
    assert refused.value.message == REFUSAL
    entries[1].action = "tests.thing.forged"
    with pytest.raises(DomainError), transaction.atomic():  # (bulk_update's own block is no savepoint)
        AuditEntry.objects.bulk_update(entries, ["action"])
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {"tests.thing.changed"}


def test_archive_rows_cannot_be_written_by_the_application() -> None:
    (entry,) = write(1)
    copy = AuditArchive(id=entry.pk, at=entry.at, action=entry.action, object_type="thing", object_id="0")
    with pytest.raises(DomainError):
        copy.save()
    assert not AuditArchive.objects.exists()


def test_an_account_with_recorded_actions_cannot_be_deleted(world) -> None:
    log_action("tests.thing.changed", actor=world.officer, object_type="thing", object_id=1)
    with pytest.raises(ProtectedError):
        world.officer.delete()
    assert AuditEntry.objects.filter(actor=world.officer).exists()


def test_unlocked_block_may_change_the_log_and_the_lock_comes_back() -> None:
    (entry,) = write(1)
    with audit_unlocked():
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="sửa khi bảo trì")
    assert AuditEntry.objects.get(pk=entry.pk).object_repr == "sửa khi bảo trì"
    with pytest.raises(DomainError):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="lần nữa")
    with pytest.raises(DatabaseError):  # the database's flag is gone with the block too
        raw(f"UPDATE core_auditentry SET object_repr = 'lần nữa' WHERE id = {entry.pk}")


# -- the database refuses (PostgreSQL and SQLite triggers) --------------------------------------------------


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE core_auditentry SET object_repr = 'giả mạo'",
        "UPDATE core_auditentry SET before = NULL, seq = 1, digest = 'x'",  # a seal that changes a field too
        "DELETE FROM core_auditentry",
    ],
)
def test_raw_sql_change_refused_by_the_database(sql: str) -> None:
    write(2)
    with pytest.raises(DatabaseError, match="append-only"):
        raw(sql)
    assert AuditEntry.objects.filter(object_repr="thứ 1", before={"x": 1}, seq__isnull=True).count() == 1


def test_emptying_the_table_refused() -> None:
    write(2)
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")  # (the inserts' deferred key checks would stop TRUNCATE first)
        statement = "TRUNCATE core_auditentry"
    else:
        statement = "DELETE FROM core_auditentry"  # SQLite has no TRUNCATE: its DELETE trigger refuses
    with pytest.raises(DatabaseError, match="append-only"):
        raw(statement)
    assert AuditEntry.objects.count() == 2


def test_the_seal_is_set_once_only() -> None:
    (entry,) = write(1)
    raw("UPDATE core_auditentry SET seq = 1, digest = %s WHERE id = %s", ["a" * 64, entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditentry SET seq = 2, digest = %s WHERE id = %s", ["b" * 64, entry.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE core_auditentry SET seq = NULL, digest = NULL WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.values_list("seq", "digest").get() == (1, "a" * 64)


def test_archive_table_refuses_raw_inserts() -> None:
    with pytest.raises(DatabaseError, match="append-only"):
        raw(
            "INSERT INTO core_auditarchive (id, at, action, object_type, object_id, object_repr, scope_path)"
            " VALUES (1, %s, 'a', 'b', 'c', '', '')",
            ["2024-01-01T00:00:00+00:00"],
        )


# -- the chain --------------------------------------------------------------------------------------------


def test_seal_numbers_entries_in_id_order_and_chains_them() -> None:
    entries = write(5)
    assert seal(batch=2) == 5  # three transactions
    rows = list(AuditEntry.objects.order_by("id").values())
    assert [r["seq"] for r in rows] == [1, 2, 3, 4, 5]
    previous = GENESIS
    for row in rows:
        assert row["digest"] == chain_digest(previous, row)
        previous = row["digest"]
    assert head() == (5, previous)
    assert [r["id"] for r in rows] == [e.pk for e in entries]
    assert seal() == 0  # nothing new


def test_entries_written_after_a_seal_continue_the_chain() -> None:
    write(2)
    seal()
    write(2)
    verdict = verify()
    assert (verdict.ok, verdict.checked, verdict.unsealed) == (True, 2, 2)
    seal()
    verdict = verify()
    assert (verdict.ok, verdict.checked, verdict.unsealed, verdict.head_seq) == (True, 4, 0, 4)


def test_tampered_field_found_at_its_entry() -> None:
    entries = write(4)
    seal()
    with audit_unlocked(), connection.cursor() as cursor:  # what a database administrator could do
        cursor.execute("UPDATE core_auditentry SET after = %s WHERE id = %s", ['{"x": 99}', entries[2].pk])
    verdict = verify()
    assert (verdict.ok, verdict.broken_id, verdict.broken_seq, verdict.reason, verdict.checked) == (
        False, entries[2].pk, 3, "digest", 2,
    )  # fmt: skip


def test_removed_entry_found_as_a_gap() -> None:
    entries = write(4)
    seal()
    with audit_unlocked():
        AuditEntry.objects.filter(pk=entries[1].pk).delete()
    verdict = verify()
    assert (verdict.broken_id, verdict.broken_seq, verdict.reason) == (entries[2].pk, 3, "gap")


def test_forged_seal_on_an_unsealed_entry_found() -> None:
    entries = write(2)
    seal()
    (late,) = write(1)
    raw("UPDATE core_auditentry SET seq = 3, digest = %s WHERE id = %s", ["f" * 64, late.pk])
    verdict = verify()
    assert (verdict.broken_id, verdict.reason, verdict.checked) == (late.pk, "digest", len(entries))


def test_verify_command_exit_code_and_message() -> None:
    entries = write(3)
    call_command("verify_audit")  # seals first, then passes
    with audit_unlocked():
        AuditEntry.objects.filter(pk=entries[0].pk).update(object_repr="giả mạo")
    with pytest.raises(CommandError) as failed:
        call_command("verify_audit")
    assert failed.value.returncode == 1
    assert f"id={entries[0].pk}" in str(failed.value) and "mã băm không khớp" in str(failed.value)


def test_an_entry_committed_late_is_sealed_after_the_others() -> None:
    """Entries 2 and 3 sealed while entry 1's transaction was still open: entry 1 gets the next number."""
    first, second, third = write(3)
    previous = GENESIS
    for seq, entry in enumerate((second, third), start=1):
        row = AuditEntry.objects.filter(pk=entry.pk).values().get()
        row["seq"] = seq
        previous = chain_digest(previous, row)
        raw("UPDATE core_auditentry SET seq = %s, digest = %s WHERE id = %s", [seq, previous, entry.pk])
    assert seal() == 1
    assert AuditEntry.objects.get(pk=first.pk).seq == 3
    verdict = verify()
    assert (verdict.ok, verdict.checked, verdict.head_seq) == (True, 3, 3)
