"""Inserting many new rows of one model at once: `COPY` on PostgreSQL, `bulk_create` elsewhere (decision 0057).

`bulk_create` on PostgreSQL sends each batch as arrays (`INSERT … SELECT * FROM UNNEST(…)`), which psycopg builds
value by value in Python; at 100,000 members with their history and audit entries that was most of an import's
write. `COPY … FROM STDIN` streams the same values through psycopg's C adapters. Like `bulk_create`, it runs no
`save()` and sends no signals; the values are those `bulk_create` would write (each field's `pre_save`, so
`auto_now_add` times are set, and its database preparation, so JSON is sent as JSON). The ids are drawn from the
table's sequence beforehand and set on the objects, as `bulk_create` sets them from `RETURNING`. A unique or
foreign-key violation is raised as Django's `IntegrityError`, as from `bulk_create`, inside the caller's
transaction.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_BATCH = 500  # rows per `bulk_create` statement where `COPY` is not available

# Fields whose preparation for PostgreSQL returns a str, int, bool or date value as it is (the bulk of a member's
# columns): such a value skips Django's preparation, a third of the write's Python time. Any other value, and every
# other kind of field (date-times, JSON, IP addresses, decimals...), goes through `get_db_prep_save`.
_AS_IS_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.DateField,
                 models.ForeignKey)  # fmt: skip
_AS_IS_VALUES = frozenset({str, int, bool, dt.date, type(None)})


def _reads_attribute(field: models.Field[Any, Any]) -> bool:
    """Whether the field's `pre_save` only reads the attribute (a date field without `auto_now`, for one)."""
    if isinstance(field, models.DateField):
        return not (field.auto_now or field.auto_now_add)
    return type(field).pre_save is models.Field.pre_save


def _row_builder(fields: list[models.Field[Any, Any]], connection: BaseDatabaseWrapper) -> Callable[[Any], list[Any]]:
    """A function giving an object's row for `COPY`: each field's `pre_save` value prepared for the database.
    Fields whose `pre_save` is the plain attribute and whose preparation keeps str, int, bool and date values as
    they are (`_AS_IS_FIELDS`) are read all at once; only a value of another type is prepared."""
    plain = [
        i
        for i, f in enumerate(fields)
        if isinstance(f, _AS_IS_FIELDS) and not isinstance(f, models.DateTimeField) and _reads_attribute(f)
    ]
    other = [i for i in range(len(fields)) if i not in plain]
    read = operator.attrgetter(*(f.attname for f in fields))
    pick_plain: Callable[[list[Any]], tuple[Any, ...]] = (
        operator.itemgetter(*plain) if len(plain) > 1 else lambda values: tuple(values[i] for i in plain)
    )

    def row(obj: Any) -> list[Any]:
        values = list(read(obj)) if len(fields) > 1 else [read(obj)]
        if not _AS_IS_VALUES.issuperset(map(type, pick_plain(values))):
            for i in plain:
                if type(values[i]) not in _AS_IS_VALUES:
                    values[i] = fields[i].get_db_prep_save(values[i], connection)
        for i in other:
            values[i] = fields[i].get_db_prep_save(fields[i].pre_save(obj, True), connection)
        return values

    return row


def _draw_ids(model: type[models.Model], count: int, *, using: str) -> list[int]:
    pk = model._meta.pk
    assert pk is not None
    table, column = model._meta.db_table, pk.column
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
        )
        return [row[0] for row in cursor.fetchall()]


def insert_new(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert `objects` (all new, all of `model`) and set their ids."""
    if not objects:
        return
    using = router.db_for_write(model)
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=SQLITE_BATCH)
        return
    meta = model._meta
    missing = [obj for obj in objects if obj.pk is None]
    for obj, new_id in zip(missing, _draw_ids(model, len(missing), using=using), strict=True):
        obj.pk = new_id
    fields = [f for f in meta.concrete_fields if not f.generated]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    row = _row_builder(fields, connection)
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            # As `bulk_create` does: a foreign key set through its object before that object had its id.
            obj._prepare_related_fields_for_save(operation_name="insert_new")  # type: ignore[attr-defined]
            copy.write_row(row(obj))
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using
