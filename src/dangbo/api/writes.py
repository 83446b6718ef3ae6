"""What the endpoints share that are read with one right and written with another over a unit (meetings, tasks,
screening): the rights checked before anything else, the write check over the record's unit, the members named
in a body, and the OpenAPI answers of a write.

A write reads its body with a serializer (`ScopedViewSet.valid`, 400 with the serializer's errors) and calls a
service; the service refuses a broken rule with `DomainError` (400) and a stale `expected_version` with
`ConcurrentEditError` (409), mapped to the API's error body by `api.errors`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, TypeVar, cast

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.serializers import BaseSerializer

from dangbo.core.audit import log_denied
from dangbo.members.models import Member
from dangbo.members.selectors import members_for

from .permissions import HoldsViewRights
from .views import NOT_FOUND, ScopedViewSet

F = TypeVar("F", bound=Callable[..., Any])


class UnitWriteViewSet(ScopedViewSet[Any]):
    """Every call needs `read_right` somewhere and a write `write_right` somewhere (403 with the view's
    `read_refusal` / `write_refusal`: `HoldsViewRights`); a write to a record needs `write_right` over the
    record's unit, whose path is the record's `unit_path` attribute (403 with `manage_refusal`)."""

    permission_classes = (*ScopedViewSet.permission_classes, HoldsViewRights)
    read_right: str
    write_right: str
    read_refusal: str
    write_refusal: str
    manage_refusal: str
    unit_path = "organization.path"

    def check_manages(self, path: str) -> None:
        if not self.scope.covers_path(self.write_right, path):
            raise PermissionDenied(self.manage_refusal)

    def managed_object(self) -> Any:
        """The record named in the URL (404 outside the scope), over whose unit the user holds `write_right`."""
        obj = self.get_object()
        self.check_manages(attrgetter(self.unit_path)(obj))
        return obj

    def visible_members(self, ids: list[int], *, include_self: bool = False) -> list[Member]:
        """The members named in a body, once each in the body's order, every one visible to the user for the
        view's `read_right`. Otherwise 404, each existing one logged, before any rule is checked: the rule's
        refusal would name them."""
        visible = {
            m.pk: m
            for m in members_for(self.scope, right=self.read_right, include_self=include_self).filter(pk__in=ids)
        }
        hidden = [pk for pk in dict.fromkeys(ids) if pk not in visible]
        existing = set(Member.objects.filter(pk__in=hidden).values_list("pk", flat=True))
        for pk in hidden:
            if pk in existing:
                log_denied(actor=self.request.user, what="member", object_id=pk, request=self.request._request)
        if hidden:
            raise NotFound
        return [visible[pk] for pk in dict.fromkeys(ids)]


@dataclass(frozen=True)
class WriteAnswers:
    """One part of the API's documented answers to a write on a record: what its 400 refuses, its 403 and its
    409, besides 404 for a record outside the scope."""

    refused: OpenApiResponse
    no_right: OpenApiResponse
    stale: OpenApiResponse

    def edit(self, ok: Any) -> dict[int, Any]:
        """A write to the record of the URL answering `ok`."""
        return {200: ok, 400: self.refused, 403: self.no_right, 404: NOT_FOUND, 409: self.stale}

    def action(
        self,
        url_path: str,
        *,
        request: type[BaseSerializer[Any]],
        ok: Any,
        summary: str,
        description: str | None = None,
    ) -> Callable[[F], F]:
        """A POST on the record of the URL (`{id}/<url_path>/`) with a `request` body, answering as `edit`."""

        def decorate(method: F) -> F:
            routed = action(detail=True, methods=["post"], url_path=url_path, filter_backends=[],
                            serializer_class=request)(method)  # fmt: skip
            schema = extend_schema(summary=summary, description=description, request=request, responses=self.edit(ok))
            return cast(F, schema(routed))

        return decorate
