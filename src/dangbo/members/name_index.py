"""The name search over a large part of the tree, through the name index (PostgreSQL, decision 0058).

`NameSuffix` holds one row per word of each member's normalized name: the name from that word on (`suffix`),
the cell's path, the status and the sort key, in an index on `(suffix, sort_key, member_id)`. A name has the
typed text at the start of a word exactly when one of its suffixes starts with it, so the matches are one range
of that index, read without touching the member table. A page in Vietnamese order comes from one of two plans:

- **few matches** (the list's capped count is not reached): every match, sorted;
- **many matches sharing few suffixes** ("linh", "thi", "nguyen van"): each distinct suffix's rows are already in
  Vietnamese order in the index, so the page is the merge of the first rows of each (one short index read a
  suffix). A given name is one suffix for tens of thousands of members.

Many matches over many suffixes (a family name: one suffix per full name) are spread over the whole order, and
`MemberResults` walks the member table's sort-key index instead, which finds them at once.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Length, StrIndex

from dangbo.organizations.models import Organization

from .models import NameSuffix

# A scope of at least this many organizations is searched through the name index: below it, starting from the
# scope's own members is as fast (a grassroots organization: a few dozen cells).
LARGE_SCOPE_ORGS = 2_000
# Above this many distinct suffixes the matches are spread over the order and the sort-key walk is faster.
SUFFIXES_MAX = 300

DISTINCT_SUFFIXES = """
WITH RECURSIVE streams(suffix) AS (
    (SELECT suffix FROM members_namesuffix WHERE suffix LIKE %(pattern)s ORDER BY suffix LIMIT 1)
    UNION ALL
    SELECT (SELECT n.suffix FROM members_namesuffix AS n WHERE n.suffix > streams.suffix AND n.suffix LIKE %(pattern)s
            ORDER BY n.suffix LIMIT 1)
    FROM streams WHERE streams.suffix IS NOT NULL
)
SELECT suffix FROM streams WHERE suffix IS NOT NULL LIMIT %(most)s
"""


def is_large_scope(where: Q) -> bool:
    """Whether the organizations matching `where` (a Q on the path) number at least `LARGE_SCOPE_ORGS`."""
    return Organization.objects.filter(where)[:LARGE_SCOPE_ORGS].count() >= LARGE_SCOPE_ORGS


class NameIndex:
    """The members whose normalized name has `key` at the start of a word, among the index rows matching
    `where` (a Q on `NameSuffix`'s path and status), one row each.

    A name matches once per word where the key starts; the row kept is the first such word: no earlier
    occurrence of " key" in " " + name (the name is `head` + `suffix`).
    """

    def __init__(self, key: str, *, where: Q) -> None:
        self.key = key
        first_at = StrIndex(Concat(Value(" "), "head", "suffix"), Value(f" {key}"))
        self.rows: QuerySet[NameSuffix] = (
            NameSuffix.objects.filter(where, suffix__startswith=key)
            .alias(first_at=first_at, head_length=Length("head"))
            .filter(first_at__gt=F("head_length"))
        )

    def count_up_to(self, most: int) -> int:
        return self.rows.values("member_id")[:most].count()

    def sorted_ids(self, page: slice) -> list[int]:
        """Every match sorted, then the page: for a list whose count is below the cap."""
        return list(self.rows.order_by("sort_key", "member_id").values_list("member_id", flat=True)[page])

    def merged_ids(self, page: slice) -> list[int] | None:
        """The page as the merge of each suffix's first rows, or None past `SUFFIXES_MAX` suffixes."""
        suffixes = self._suffixes(SUFFIXES_MAX + 1)
        if len(suffixes) > SUFFIXES_MAX:
            return None
        start, stop = page.start or 0, page.stop
        stream = self.rows.filter(suffix=RawSQL("streams.suffix", ())).order_by("sort_key", "member_id")
        sql, params = stream.values("member_id", "sort_key")[:stop].query.sql_with_params()
        merged = (
            f"SELECT s.member_id FROM unnest(%s::text[]) AS streams(suffix) CROSS JOIN LATERAL ({sql}) AS s"
            " ORDER BY s.sort_key, s.member_id LIMIT %s OFFSET %s"
        )
        with connections[self.rows.db].cursor() as cursor:
            cursor.execute(merged, [suffixes, *params, stop - start, start])
            return [row[0] for row in cursor.fetchall()]

    def _suffixes(self, most: int) -> list[str]:
        """The distinct suffixes starting with the key, at most `most` (one index step each)."""
        connection = connections[self.rows.db]
        pattern = connection.ops.prep_for_like_query(self.key) + "%"
        with connection.cursor() as cursor:
            cursor.execute(DISTINCT_SUFFIXES, {"pattern": pattern, "most": most})
            return [row[0] for row in cursor.fetchall()]
