"""The daily run: every source computed for the day, stored once (`bulk_create(ignore_conflicts=True)` on the
unique (user, key)), the new ones mailed in batches to the users who chose e-mail for their kind, and the run
recorded (`Run`: started, finished, counts per kind, mails sent, or the error). A failed run is recorded too, so
"the last successful run" (`selectors.last_success`) is what the warnings read.

A user who turned a kind off in the app gets no row of it, and no mail (one query per run reads the choices that
differ from the defaults). Mails go through Django's mail framework (`EMAIL_BACKEND`: the console on the embedded
default, SMTP from the environment in production), one message per user per run listing what is new for them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone

from dangbo.accounts.models import User

from .models import Notification, Preference, Run
from .sources import SOURCES, Bulk, Draft

logger = logging.getLogger("dangbo.notifications")
INSERT_BATCH = 20000


def _config(name: str) -> Any:
    return settings.DANGBO_NOTIFICATIONS[name]


def choices() -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """(user, kind) pairs turned off in the app, and those chosen by e-mail (rows differing from the defaults)."""
    off, mail = set(), set()
    for user_id, kind, in_app, by_email in Preference.objects.values_list("user_id", "kind", "in_app", "by_email"):
        if not in_app:
            off.add((user_id, kind))
        if by_email:
            mail.add((user_id, kind))
    return off, mail


def _batches(drafts: Iterator[Draft], size: int) -> Iterator[list[Draft]]:
    while batch := list(islice(drafts, size)):
        yield batch


COLUMNS = ("user_id", "kind", "key", "title", "text", "link", "due", "created_at")


def _copy_insert(rows: list[Draft], now: dt.datetime) -> None:
    """PostgreSQL: the batch copied into a temporary table, then one INSERT … ON CONFLICT DO NOTHING (a tenth of
    the time of a multi-row INSERT built by the ORM, which the other databases use)."""
    table = Notification._meta.db_table
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS notify_batch AS SELECT {cols} FROM {table} WITH NO DATA")
        cursor.execute("TRUNCATE notify_batch")
        with cursor.cursor.copy(f"COPY notify_batch ({cols}) FROM STDIN") as copy:
            for d in rows:
                copy.write_row((d.user_id, d.kind, d.key, d.title, d.text, d.link, d.due, now))
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM notify_batch ON CONFLICT DO NOTHING")


def _insert_select(bulk: Bulk, *, off: set[tuple[int, str]], now: dt.datetime) -> int:
    """One `INSERT … SELECT … ON CONFLICT DO NOTHING` of the bulk's rows (users who turned the kind off left out);
    the number of rows written."""
    rows = bulk.rows
    excluded = [user_id for user_id, kind in off if kind == bulk.kind]
    if excluded:
        rows = rows.exclude(member__user_id__in=excluded)
    sql, params = rows.query.sql_with_params()
    table = Notification._meta.db_table
    cols = ", ".join(connection.ops.quote_name(c) for c in ("user_id", "key", *COLUMNS[3:], "kind"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({cols}) SELECT s.*, %s, %s, %s, %s, %s, %s FROM ({sql}) s WHERE true "
            "ON CONFLICT DO NOTHING",
            [bulk.title, bulk.text, bulk.link, bulk.due, now, bulk.kind, *params],  # the outer placeholders come first
        )
        return max(cursor.rowcount, 0)


def _drafts(items: Iterator[Draft | Bulk], *, off: set[tuple[int, str]], written: list[int]) -> Iterator[Draft]:
    """The drafts, each bulk written on the way (its rows added to `written[0]`)."""
    for item in items:
        if isinstance(item, Bulk):
            written[0] += _insert_select(item, off=off, now=timezone.now())
        else:
            yield item


def store(kind: str, today: dt.date, *, off: set[tuple[int, str]]) -> int:
    """Insert the kind's notices not turned off; returns how many drafts were offered and bulk rows written (the
    database skips a draft already stored)."""
    written = [0]
    offered = 0
    for batch in _batches(_drafts(SOURCES[kind](today), off=off, written=written), INSERT_BATCH):
        rows = [d for d in batch if (d.user_id, d.kind) not in off]
        if connection.vendor == "postgresql":
            with transaction.atomic():
                _copy_insert(rows, timezone.now())
        else:
            Notification.objects.bulk_create(
                [Notification(user_id=d.user_id, kind=d.kind, key=d.key, title=d.title, text=d.text, link=d.link,
                              due=d.due) for d in rows],
                ignore_conflicts=True, batch_size=INSERT_BATCH,
            )  # fmt: skip
        offered += len(rows)
    return offered + written[0]


def refresh_statistics() -> None:
    """PostgreSQL: the planner's figures for the table renewed after the day's writes (a sample, well under a
    second). On the worst day the table grows by a million rows in one statement; until autovacuum's analyze
    comes round, the planner still believes it small and reads it whole for each batch marked mailed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Notification._meta.db_table}")


def send_mail_batches(*, after_id: int, mail: set[tuple[int, str]]) -> int:
    """One message per user with what this run made (ids above `after_id`) of the kinds they chose by e-mail;
    sent in batches over one connection each, then marked mailed. Returns the number of messages sent."""
    if not mail:
        return 0
    users = {u for u, _k in mail}
    pending = (
        Notification.objects.filter(pk__gt=after_id, emailed_at__isnull=True, user_id__in=users)
        .order_by("user_id", "due", "id")
        .values_list("pk", "user_id", "kind", "title", "text")
    )
    by_user: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for pk, user_id, kind, title, text in pending:
        if (user_id, kind) in mail:
            by_user[user_id].append((pk, title, text))
    addresses = dict(User.objects.filter(pk__in=list(by_user)).exclude(email="").values_list("pk", "email"))
    site = _config("site_url")
    sent, batch, ids = 0, [], []
    for user_id, items in by_user.items():
        if user_id not in addresses:
            continue
        body = "\n\n".join(f"- {title}\n  {text}" for _pk, title, text in items)
        batch.append(EmailMessage(
            subject=f"[Đảng bộ số] {len(items)} việc đến hạn, quá hạn", to=[addresses[user_id]],
            body=f"{body}\n\nXem và chọn loại thông báo nhận qua thư: {site}/thong-bao/",
        ))  # fmt: skip
        ids += [pk for pk, _t, _x in items]
        if len(batch) >= _config("email_batch"):
            sent += _flush(batch, ids)
            batch, ids = [], []
    if batch:
        sent += _flush(batch, ids)
    return sent


def _flush(messages: list[EmailMessage], ids: list[int]) -> int:
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    Notification.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
    return sent


def run_daily(*, today: dt.date | None = None, trigger: str = "command") -> Run:
    """Compute, store, mail and record one day's notifications. An error is recorded on the run and raised."""
    today = today or timezone.localdate()
    run = Run.objects.create(started_at=timezone.now(), day=today, trigger=trigger)
    try:
        # What this run makes is what lies above the highest id before it (the primary key's index answers;
        # the table has no index on the time).
        after_id = Notification.objects.aggregate(last=Max("id"))["last"] or 0
        off, mail = choices()
        offered = {kind: store(kind, today, off=off) for kind in SOURCES}
        refresh_statistics()
        made = Notification.objects.filter(pk__gt=after_id).values("kind").annotate(n=Count("id")).order_by()
        counts = {"new": {row["kind"]: row["n"] for row in made}, "offered": offered}
        emailed = send_mail_batches(after_id=after_id, mail=mail)
    except Exception as exc:
        logger.exception("daily notifications failed")
        run.error, run.finished_at = f"{type(exc).__name__}: {exc}", timezone.now()
        run.save(update_fields=["error", "finished_at"])
        raise
    run.ok, run.counts, run.emailed, run.finished_at = True, counts, emailed, timezone.now()
    run.save(update_fields=["ok", "counts", "emailed", "finished_at"])
    return run
