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
import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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


def _preparer(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Callable[[Any], Any]:
    prepare = field.get_db_prep_save
    if isinstance(field, _AS_IS_FIELDS) and not isinstance(field, models.DateTimeField):
        return lambda value: value if type(value) in _AS_IS_VALUES else prepare(value, connection)
    return lambda value: prepare(value, connection)


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
    preparers = [(field, _preparer(field, connection)) for field in fields]
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
        for obj in objects:
            # As `bulk_create` does: a foreign key set through its object before that object had its id.
            obj._prepare_related_fields_for_save(operation_name="insert_new")  # type: ignore[attr-defined]
            copy.write_row([prepare(field.pre_save(obj, True)) for field, prepare in preparers])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = using


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a bulk write that builds hundreds of thousands of long-lived
    objects (rows, model instances, audit entries): each full collection walks them all again, and they are freed
    by reference counting when the write ends. At 100,000 imported members the collector took ~13 s of ~43 s of
    the apply's CPU time. Reference counting still frees everything else; the collector resumes after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
