"""Raw SQL beside the member search benchmark (PostgreSQL): the floor of the same run and today's rows.

Every query is the member list's as it opens: members on the rolls, in the scope's subtree, whose name has the
text at the start of a word.

- `floor_page`: the 20 ids in Vietnamese order, the fastest of three plans for that query, each under a
  statement timeout: the member table's trigram index then sort the matches, a walk of its covering sort-key
  index, or the name index's matches sorted (`members_namesuffix`, decision 0058).
- `floor_count`: the count capped as the list shows it (`SELECT count(*) FROM (… LIMIT cap + 1)`), the faster
  of the member table and the name index.
- `reference_page` / `reference_count`: what the list returned before decision 0054, written without any
  plan choice: all matches sorted by `sort_key, id` (the database's own collation, as `ORDER BY sort_key, id`
  always was), and the exact count.
"""

from __future__ import annotations

import time
from typing import Any

SCOPE_AND_MATCH = """
    m.organization_id IN (SELECT o.id FROM organizations_organization o WHERE o.path LIKE %(path)s)
    AND m.status = ANY(%(statuses)s) AND (m.search_name LIKE %(start)s OR m.search_name LIKE %(word)s)
"""
INDEX_MATCH = """
    s.path LIKE %(path)s AND s.status = ANY(%(statuses)s) AND s.suffix LIKE %(start)s
    AND strpos(' ' || s.head || s.suffix, %(spaced)s) > length(s.head)
"""
INDEX_SORTED = (
    f"SELECT s.member_id FROM members_namesuffix s WHERE {INDEX_MATCH} ORDER BY s.sort_key, s.member_id LIMIT 20"
)
INDEX_COUNT = f"SELECT count(*) FROM (SELECT 1 FROM members_namesuffix s WHERE {INDEX_MATCH} LIMIT %(cap)s) AS c"
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
    from dangbo.members.enums import ON_ROLLS

    return {
        "path": path + "%", "start": key + "%", "word": "% " + key + "%", "spaced": " " + key, "cap": cap + 1,
        "statuses": sorted(str(s) for s in ON_ROLLS),
    }  # fmt: skip


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
        times = [_timed(cursor, sql, _params(path, key))[0] for sql in (SORTED_AFTER_SEARCH, WALKED, INDEX_SORTED)]
    return min(times)


def floor_count(path: str, key: str, cap: int) -> float:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {PLAN_TIMEOUT_MS}")
        return min(_timed(cursor, sql, _params(path, key, cap))[0] for sql in (CAPPED_COUNT, INDEX_COUNT))


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
