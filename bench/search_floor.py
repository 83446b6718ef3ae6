"""Raw SQL beside the member search benchmark (PostgreSQL): the floor of the same run and today's rows.

- `floor_page`: the 20 ids in Vietnamese order, the faster of the two plans for that query (search the
  trigram index then sort the matches, or walk the covering sort-key index), each under a statement timeout.
- `floor_count`: the count capped as the list shows it (`SELECT count(*) FROM (… LIMIT cap + 1)`).
- `reference_page` / `reference_count`: what the list returned before decision 0054, written without any
  plan choice: all matches sorted by `sort_key, id` (the database's own collation, as `ORDER BY sort_key, id`
  always was), and the exact count.
"""

from __future__ import annotations

import time
from typing import Any

SCOPE_AND_MATCH = """
    m.organization_id IN (SELECT o.id FROM organizations_organization o WHERE o.path LIKE %(path)s)
    AND (m.search_name LIKE %(start)s OR m.search_name LIKE %(word)s)
"""
SORTED_AFTER_SEARCH = f"""
SELECT id FROM (SELECT m.id, m.sort_key FROM members_member m WHERE {SCOPE_AND_MATCH} OFFSET 0) AS found
ORDER BY sort_key, id LIMIT 20
"""
WALKED = f"SELECT m.id FROM members_member m WHERE {SCOPE_AND_MATCH} ORDER BY m.sort_key, m.id LIMIT 20"
CAPPED_COUNT = f"SELECT count(*) FROM (SELECT 1 FROM members_member m WHERE {SCOPE_AND_MATCH} LIMIT %(cap)s) AS c"
EXACT_COUNT = f"SELECT count(*) FROM members_member m WHERE {SCOPE_AND_MATCH}"
# A plan slower than this is no floor; the faster plan of the two is kept.
PLAN_TIMEOUT_MS = 1000


def _params(path: str, key: str, cap: int = 0) -> dict[str, Any]:
    return {"path": path + "%", "start": key + "%", "word": "% " + key + "%", "cap": cap + 1}


def _timed(cursor: Any, sql: str, params: dict[str, Any]) -> tuple[float, list[Any]]:
    """(ms, rows), or (inf, []) when the statement timed out."""
    from django.db.utils import OperationalError

    cursor.execute("SAVEPOINT floor")
    t0 = time.perf_counter()
    try:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    except OperationalError:
        cursor.execute("ROLLBACK TO SAVEPOINT floor")
        return float("inf"), []
    return (time.perf_counter() - t0) * 1000, rows


def floor_page(path: str, key: str) -> float:
    """ms of the faster raw plan for the 20 ids."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {PLAN_TIMEOUT_MS}")
        fenced, _ = _timed(cursor, SORTED_AFTER_SEARCH, _params(path, key))
        walked, _ = _timed(cursor, WALKED, _params(path, key))
    return min(fenced, walked)


def floor_count(path: str, key: str, cap: int) -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        ms, _ = _timed_plain(cursor, CAPPED_COUNT, _params(path, key, cap))
    return ms


def _timed_plain(cursor: Any, sql: str, params: dict[str, Any]) -> tuple[float, list[Any]]:
    t0 = time.perf_counter()
    cursor.execute(sql, params)
    rows = cursor.fetchall()
    return (time.perf_counter() - t0) * 1000, rows


def reference_page(path: str, key: str) -> list[int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(SORTED_AFTER_SEARCH, _params(path, key))
        return [row[0] for row in cursor.fetchall()]


def reference_count(path: str, key: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(EXACT_COUNT, _params(path, key))
        row = cursor.fetchone()
    return int(row[0])
