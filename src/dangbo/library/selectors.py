"""Reading the document library: what a reader may see, the list's search and filters, the validity chain, and the
one way other parts of the system find an entry, `document_by_reference`.

Who sees a document:
- an officer (any role holding `view_orgs` or `manage_library`) sees the documents kept in their part of the tree
  (issued there, or recorded there from an outside body) and those published to it: to an organization inside
  their part, or to a subtree their part lies in (the bloc's whole tree, the whole system);
- every member (a cell secretary too) sees what is published to their cell's line of the tree (the cell, its
  grassroots organization, the bloc, the whole system) and what is published to them by name.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from dangbo.accounts.enums import Right
from dangbo.accounts.scope import Scope
from dangbo.core.text import normalize_search
from dangbo.members.models import Member
from dangbo.organizations.models import PATH_SEGMENT_WIDTH, Organization

from .models import MemberRecipient, PartyDocument, Publication

CHAIN_LIMIT = 50  # more links than any real chain of amendments: a guard, not a rule
ROOT_PATH_LENGTH = PATH_SEGMENT_WIDTH + 1


def officer_paths(scope: Scope) -> tuple[str, ...]:
    return tuple(sorted(set(scope.paths(Right.VIEW_ORGS)) | set(scope.paths(Right.MANAGE_LIBRARY))))


def own_cell_path(scope: Scope) -> str | None:
    if scope.member_id is None:
        return None
    return Member.objects.filter(pk=scope.member_id).values_list("organization__path", flat=True).first()


def _prefixes(path: str) -> list[str]:
    step = ROOT_PATH_LENGTH
    return [path[: i + step] for i in range(0, len(path), step)]


def may_read_library(scope: Scope) -> bool:
    return scope.user_id is not None and (bool(officer_paths(scope)) or scope.member_id is not None)


def documents_for(scope: Scope) -> QuerySet[PartyDocument]:
    """The documents `scope` may read (see the module's docstring); none for a user with neither a role nor a
    member record."""
    if scope.user_id is None:
        return PartyDocument.objects.none()
    officers = officer_paths(scope)
    cell = own_cell_path(scope)
    lines = {""}  # the whole system's documents reach everybody who may read the library
    for path in (*officers, *([cell] if cell else [])):
        lines.update(_prefixes(path))
    if not officers and scope.member_id is None:
        return PartyDocument.objects.none()
    published = Publication.objects.filter(path__in=sorted(lines))
    if officers:
        inside = Q()
        for path in officers:
            inside |= Q(path__startswith=path)
        published = Publication.objects.filter(Q(path__in=sorted(lines)) | inside)
    visible = Q(pk__in=published.values("document_id"))
    if officers:
        for path in officers:
            visible |= Q(path__startswith=path)
    if scope.member_id is not None:
        visible |= Q(pk__in=MemberRecipient.objects.filter(member_id=scope.member_id).values("document_id"))
    return PartyDocument.objects.filter(visible)


def documents_published_to_member(member_id: int) -> QuerySet[PartyDocument]:
    """The documents published to the member as a member: to their cell's line of the tree (the cell, its
    grassroots organization, the bloc, the whole system) or to them by name. What they may bookmark and mark
    studied, and what the committee counts them against (`study_counts`)."""
    cell = Member.objects.filter(pk=member_id).values_list("organization__path", flat=True).first()
    lines = {"", *(_prefixes(cell) if cell else [])}
    published = Publication.objects.filter(path__in=sorted(lines)).values("document_id")
    named = MemberRecipient.objects.filter(member_id=member_id).values("document_id")
    return PartyDocument.objects.filter(Q(pk__in=published) | Q(pk__in=named))


def may_manage(scope: Scope, document: PartyDocument) -> bool:
    """`manage_library` over the keeper; an entry of the whole system, over a root of the tree."""
    if document.path == "":
        return any(len(path) == ROOT_PATH_LENGTH for path in scope.paths(Right.MANAGE_LIBRARY))
    return scope.covers_path(Right.MANAGE_LIBRARY, document.path)


def managed_documents(scope: Scope) -> QuerySet[PartyDocument]:
    """The documents `scope` may edit, replace or set the validity of."""
    if not scope.has_right(Right.MANAGE_LIBRARY):
        return PartyDocument.objects.none()
    q = scope.path_q(Right.MANAGE_LIBRARY)
    if any(len(path) == ROOT_PATH_LENGTH for path in scope.paths(Right.MANAGE_LIBRARY)):
        q |= Q(path="")
    return PartyDocument.objects.filter(q)


def search_documents(qs: QuerySet[PartyDocument], text: str) -> QuerySet[PartyDocument]:
    """Every word of `text`, without accents or case, somewhere in the number, symbol, kind, title or issuer."""
    for word in normalize_search(text).split():
        qs = qs.filter(search_text__contains=word)
    return qs


def filter_documents(qs: QuerySet[PartyDocument], data: dict[str, Any]) -> QuerySet[PartyDocument]:
    if data.get("q"):
        qs = search_documents(qs, data["q"])
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("year"):
        qs = qs.filter(year=data["year"])
    if data.get("validity"):
        qs = qs.filter(validity=data["validity"])
    return qs


def document_by_reference(
    number: str, symbol: str, year: int, *, issuer: Organization | None = None,
    among: QuerySet[PartyDocument] | None = None,
) -> PartyDocument | None:  # fmt: skip
    """The library's entry for a document cited by number, symbol and year ("24", "QĐ/TW", 2021), of the whole
    library or of `among` (a reader's part); None when there is none. Of several (two grassroots committees may both
    issue "01-KH/ĐU" in a year), the one issued by `issuer` when given, else the first recorded. Symbols compare
    without case. For links from other parts of the system (a rule set's citation, a plan's own entry) and the
    validity form's "replaced by"."""
    number, symbol = number.strip(), symbol.strip()
    candidates = PartyDocument.objects.all() if among is None else among
    # Compared in Python: case-insensitive comparison of "Đ" is not the same on every database.
    found = [
        candidate
        for candidate in candidates.filter(number=number, year=year).order_by("id")
        if candidate.symbol.upper() == symbol.upper()
    ]
    if issuer is not None:
        found.sort(key=lambda candidate: candidate.issuer_id != issuer.pk)
    return found[0] if found else None


def validity_chain(document: PartyDocument) -> list[PartyDocument]:
    """The document's line of versions, oldest first: the documents it replaced or amended before it, itself, then
    those that replaced or amended it after (following `replaced_by`, else `amended_by`)."""
    before: list[PartyDocument] = []
    current = document
    seen = {document.pk}
    while len(before) < CHAIN_LIMIT:
        earlier = (
            PartyDocument.objects.filter(Q(replaced_by=current) | Q(amended_by=current))
            .exclude(pk__in=seen)
            .order_by("-issued_on", "-id")
            .first()
        )
        if earlier is None:
            break
        before.insert(0, earlier)
        seen.add(earlier.pk)
        current = earlier
    after: list[PartyDocument] = []
    current = document
    while len(after) < CHAIN_LIMIT:
        next_id = current.replaced_by_id or current.amended_by_id
        if next_id is None or next_id in seen:
            break
        current = PartyDocument.objects.get(pk=next_id)
        after.append(current)
        seen.add(current.pk)
    return [*before, document, *after]


def recipients(document: PartyDocument) -> dict[str, list[Any]]:
    """Who the document is published to, for its page."""
    return {
        "organizations": [
            p.organization for p in document.publications.select_related("organization") if p.organization
        ],
        "members": [r.member for r in document.member_recipients.select_related("member")],
    }


def years_of(qs: QuerySet[PartyDocument]) -> list[int]:
    return sorted(set(qs.values_list("year", flat=True)), reverse=True)
