"""The member search: words matched by prefix, Vietnamese order, and the list's capped count (decisions 0054, 0058).

`search_members` filters a scoped list on the stored normalized name; `in_vietnamese_order` orders a whole list
(exports); `MemberResults` serves the member list's pages: a count capped at `COUNT_CAP` (shown as "hơn 1.000")
that also tells a selective search from a broad one, and each page's ids first, then its rows. Over a large
scope on PostgreSQL it reads the name index (`NameSuffix`, through `name_index.NameIndex`), not the member table.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Collate

from dangbo.core.text import normalize_search, word_prefix_q

from .models import Member
from .name_index import NameIndex

# The search's normalized text rides on the queryset under this alias (never selected) so that the ordering
# can choose how to sort the matches.
SEARCH_KEY_ALIAS = "vn_search_key"
# A search with at least this many matches in the list is "broad" for `in_vietnamese_order` (whole lists:
# exports). At 1,000,000 members a given name such as "linh" (22,000 matches) takes 5 s to walk the sort-key
# index and 0.3 s to search then sort.
BROAD_SEARCH_MATCHES = 30_000
# The member list counts up to this many matches and shows more as "hơn 1.000" (more than 1,000).
COUNT_CAP = 1_000


def name_search_q(key: str) -> Q:
    """The normalized text `key` at the start of a word of the name ("vy", "nguyen van hung", "hu", "dang"):
    the convention of every search (`core.text.word_prefix_q`), so "hung" finds "Hùng" and "Hưng"."""
    return word_prefix_q(key)


def search_members(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Accent- and case-insensitive search on the stored normalized name (and card and citizen id prefixes).

    The name must contain the typed text at the start of one of its words, as typed (see `name_search_q`).
    """
    key = normalize_search(text)
    if not key:
        return qs
    if key.isdigit():
        return qs.filter(Q(card_number__startswith=key) | Q(citizen_id__startswith=key))
    return qs.filter(name_search_q(key)).alias(**{SEARCH_KEY_ALIAS: Value(key)})


def _is_name_search(qs: QuerySet[Member]) -> bool:
    return isinstance(qs.query.annotations.get(SEARCH_KEY_ALIAS), Value)


def _sort_after_search(qs: QuerySet[Member]) -> QuerySet[Member]:
    """Given name, family, middle, then id, compared as `sort_key COLLATE "C"`: the same order (the key is
    lowercase ASCII letters, which every collation compares alike) but one no index serves, so PostgreSQL
    finds the matches first and sorts them instead of walking the sort-key index."""
    return qs.order_by(Collate(F("sort_key"), "C"), "pk")


def _is_broad_search(qs: QuerySet[Member]) -> bool:
    """Whether the searched list `qs` holds at least `BROAD_SEARCH_MATCHES` members: a capped count."""
    return qs.order_by().values("pk")[:BROAD_SEARCH_MATCHES].count() >= BROAD_SEARCH_MATCHES


def in_vietnamese_order(qs: QuerySet[Member]) -> QuerySet[Member]:
    """Given name, family name, middle name in Vietnamese alphabet order (see `core.text`), then id.

    Without a name search (or for a broad one), PostgreSQL walks the sort-key index. With a selective name
    search it finds the matches first and sorts them (`_sort_after_search`): the walk would read most of the
    index when the matches sort late ("Vy": the key starts with the given name).
    """
    if _is_name_search(qs) and connections[qs.db].vendor == "postgresql" and not _is_broad_search(qs):
        return _sort_after_search(qs)
    return qs.order_by("sort_key", "pk")


def name_key(text: str) -> str:
    """The normalized text of a name search, or "" for no search or a number (card and citizen ids)."""
    key = normalize_search(text)
    return "" if key.isdigit() else key


class MemberResults:
    """A filtered, searched member list in Vietnamese order, for a `Paginator` (the member list and its bench).

    `count()` counts at most `cap` + 1 matches (`cap` is `COUNT_CAP`, or more to reach a later page):
    above the cap the list shows "hơn 1.000" (`is_capped`). The same capped count chooses the plan of a
    name search on PostgreSQL: up to the cap the matches are found first and sorted; above it the sort-key
    index is walked (its covering index holds the name, organization and status, so the walk reads no
    member rows) until the page is full. A slice returns the page's rows in the same order either way:
    the page's ids first, then their rows.
    """

    def __init__(self, qs: QuerySet[Member], *, count_at_least: int = 0, index: NameIndex | None = None) -> None:
        self.qs = qs.order_by()
        self.index = index
        self.cap = max(COUNT_CAP, count_at_least)
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            if self.index is None:
                self._count = self.qs.values("pk")[: self.cap + 1].count()
            else:
                self._count = self.index.count_up_to(self.cap + 1)
        return self._count

    @property
    def is_capped(self) -> bool:
        return self.count() > self.cap

    def in_order(self) -> QuerySet[Member]:
        """The list in Vietnamese order, with the plan chosen by the capped count."""
        if self._sorts_after_search():
            return _sort_after_search(self.qs)
        return self.qs.order_by("sort_key", "pk")

    def _sorts_after_search(self) -> bool:
        vendor = connections[self.qs.db].vendor
        return _is_name_search(self.qs) and vendor == "postgresql" and not self.is_capped

    def _index_page(self, page: slice) -> list[int] | None:
        """The page's ids through the name index, or None when the sort-key walk serves it better."""
        if self.index is None:
            return None
        if not self.is_capped:
            return self.index.sorted_ids(page)
        return self.index.merged_ids(page)

    def __getitem__(self, page: slice) -> QuerySet[Member]:
        if not isinstance(page, slice) or page.stop is None:
            raise TypeError("MemberResults is read a page (a slice) at a time.")
        ids = self._index_page(page)
        if ids is None:
            ids = list(self.in_order().values_list("pk", flat=True)[page])
        return Member.objects.filter(pk__in=ids).order_by("sort_key", "pk")
