"""`manage.py flush` (and every test case that resets the database through it) may still empty the audit log."""

from __future__ import annotations

from django.core.management import call_command, get_commands

from dangbo.core.audit import log_action
from dangbo.core.audit_chain import seal
from dangbo.core.models import AuditEntry


# `live_server` marks the test as one that empties the database, so the shipped rows are put back after it.
def test_flush_empties_the_sealed_audit_log(transactional_db, live_server) -> None:
    assert get_commands()["flush"] == "dangbo.core"
    for i in range(3):
        log_action("tests.thing.changed", actor=None, object_type="thing", object_id=i)
    assert seal() == 3
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.exists()
    log_action("tests.thing.changed", actor=None, object_type="thing", object_id=9)  # the log works on
    assert AuditEntry.objects.count() == 1
