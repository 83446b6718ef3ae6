"""The audit log's seal (sequence number and digest), its yearly archive, and the database guard.

The guard refuses UPDATE, DELETE and TRUNCATE of the log and any write to the archive, unless the transaction
has lifted it (`core.audit_guard.audit_unlocked`); the one UPDATE always let through is the seal, set once from
empty with nothing else changed. PostgreSQL reads a transaction-local setting; SQLite calls a function each
connection is given (a connection without it, such as the sqlite3 shell, is refused). The SQL is written out
here so that this migration does not depend on the code it ships with.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SETTING = "dangbo.audit_maintenance"
CONTENT = ["id", "at", "actor_id", "action", "object_type", "object_id", "object_repr", "scope_path", "before",
           "after", "data", "ip_address"]  # fmt: skip

POSTGRESQL = f"""
CREATE FUNCTION dangbo_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{SETTING}', true), '') = 'on' THEN
        IF TG_LEVEL = 'STATEMENT' THEN RETURN NULL; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'core_auditentry' THEN
        IF OLD.seq IS NULL AND OLD.digest IS NULL AND NEW.seq IS NOT NULL AND NEW.digest IS NOT NULL
           AND (to_jsonb(NEW) - 'seq' - 'digest') = (to_jsonb(OLD) - 'seq' - 'digest') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END
$$;
CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry
    FOR EACH ROW EXECUTE FUNCTION dangbo_audit_guard();
CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION dangbo_audit_guard();
CREATE TRIGGER core_auditarchive_append_only BEFORE INSERT OR UPDATE OR DELETE ON core_auditarchive
    FOR EACH ROW EXECUTE FUNCTION dangbo_audit_guard();
CREATE TRIGGER core_auditarchive_no_truncate BEFORE TRUNCATE ON core_auditarchive
    FOR EACH STATEMENT EXECUTE FUNCTION dangbo_audit_guard();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER core_auditentry_append_only ON core_auditentry;
DROP TRIGGER core_auditentry_no_truncate ON core_auditentry;
DROP TRIGGER core_auditarchive_append_only ON core_auditarchive;
DROP TRIGGER core_auditarchive_no_truncate ON core_auditarchive;
DROP FUNCTION dangbo_audit_guard();
"""

_RAISE = "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
_SEAL_ONLY = " AND ".join(
    ["OLD.seq IS NULL", "OLD.digest IS NULL", "NEW.seq IS NOT NULL", "NEW.digest IS NOT NULL"]
    + [f'NEW."{c}" IS OLD."{c}"' for c in CONTENT]
)
SQLITE = [
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry "
    f"WHEN NOT dangbo_audit_unlocked() AND NOT ({_SEAL_ONLY}) {_RAISE}",
    f"CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry WHEN NOT dangbo_audit_unlocked() {_RAISE}",
] + [
    f"CREATE TRIGGER core_auditarchive_no_{op.lower()} BEFORE {op} ON core_auditarchive "
    f"WHEN NOT dangbo_audit_unlocked() {_RAISE}"
    for op in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_TRIGGERS = ["core_auditentry_no_update", "core_auditentry_no_delete", "core_auditarchive_no_insert",
                   "core_auditarchive_no_update", "core_auditarchive_no_delete"]  # fmt: skip


def add_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL, params=None)  # (its "%" are not placeholders)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_REVERSE, params=None)
    elif schema_editor.connection.vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_calendar_2023_2026"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="digest",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name="mã băm"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, unique=True, verbose_name="số thứ tự niêm phong"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người thực hiện",
            ),
        ),
        migrations.CreateModel(
            name="AuditArchive",
            fields=[
                ("action", models.CharField(db_index=True, max_length=80, verbose_name="hành động")),
                ("object_type", models.CharField(max_length=60, verbose_name="loại đối tượng")),
                ("object_id", models.CharField(max_length=40, verbose_name="mã đối tượng")),
                ("object_repr", models.CharField(blank=True, max_length=255, verbose_name="đối tượng")),
                ("scope_path", models.CharField(blank=True, db_index=True, max_length=255, verbose_name="phạm vi")),
                ("before", models.JSONField(blank=True, null=True, verbose_name="trước")),
                ("after", models.JSONField(blank=True, null=True, verbose_name="sau")),
                ("data", models.JSONField(blank=True, null=True, verbose_name="chi tiết")),
                ("ip_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="địa chỉ IP")),
                (
                    "seq",
                    models.BigIntegerField(
                        blank=True, editable=False, null=True, unique=True, verbose_name="số thứ tự niêm phong"
                    ),
                ),
                (
                    "digest",
                    models.CharField(blank=True, editable=False, max_length=64, null=True, verbose_name="mã băm"),
                ),
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("at", models.DateTimeField(db_index=True, verbose_name="thời điểm")),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người thực hiện",
                    ),
                ),
            ],
            options={
                "verbose_name": "nhật ký đã lưu trữ",
                "verbose_name_plural": "nhật ký đã lưu trữ",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["object_type", "object_id", "-at"], name="audit_archive_object_idx")],
            },
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(condition=models.Q(("seq__isnull", True)), fields=["id"], name="audit_unsealed_idx"),
        ),
        migrations.RunPython(add_guard, drop_guard),
    ]
