"""Fast inserts for the demo's largest tables: plain values, without the ORM's per-field work on every row
(which costs more than the database itself on SQLite at a few hundred thousand rows). COPY on PostgreSQL, one
prepared INSERT over all rows elsewhere. Only for new rows the demo makes: no signals, no `save()`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone


def insert_tuples(model: type[Model], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert `rows` (values in the order of `columns`, field names; dates as ISO text or dates)."""
    if not rows:
        return
    quote = connection.ops.quote_name
    column = {f.name: f.column for f in model._meta.concrete_fields}
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column[c]) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})", rows)


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def insert_models(objs: Sequence[Model]) -> None:
    """Insert new model instances of one model, every concrete field (the primary key only when set);
    `auto_now` and `auto_now_add` columns get the current time."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and objs[0].pk is None)]
    now = timezone.now()
    stamped = {f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)}
    attnames = [f.attname for f in fields]
    rows = [tuple(_value(now if name in stamped else getattr(obj, name)) for name in attnames) for obj in objs]
    insert_tuples(model, [f.name for f in fields], rows)
