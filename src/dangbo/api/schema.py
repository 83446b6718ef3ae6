"""The OpenAPI description of every operation declares the API's error body for each refusal it can answer.

Every operation of a scoped endpoint can answer 401 (no, wrong, expired or revoked token) and 403 (two-factor
not confirmed, or no right to write); an operation with an id in its path, or with a filter naming an
organization or another record of the scope, 404 (the same refusal as an id in the URL); one with query
parameters or a body 400 (filters, pagination, invalid data). Each answer has the body of `api.errors`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import force_instance
from drf_spectacular.utils import OpenApiResponse

from .filters import OrganizationIdFilter, ScopedIdFilter
from .serializers import ErrorSerializer

ERRORS = {
    "400": "Dữ liệu hoặc tham số không hợp lệ (kể cả `page` < 1 hay quá trang cuối, `page_size` ngoài 1–200): "
    "thông báo tiếng Việt theo trường, không lưu gì.",
    "401": "Chưa xác thực, hoặc token sai, đã hết hạn hay đã bị thu hồi.",
    "403": "Chưa xác thực hai bước trong phiên này, hoặc không có quyền thực hiện.",
    "404": "Không có, hoặc nằm ngoài phạm vi của người dùng (lần truy cập được ghi nhật ký).",
}


class ApiAutoSchema(AutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            # The URL takes any segment (so a malformed id answers the API's 404), but an id is a whole number.
            if parameter["in"] == "path" and parameter["name"] == "id":
                parameter["schema"] = {"type": "integer", "description": "Mã (id) của bản ghi."}
        responses = operation["responses"]
        has_input = any(p.get("in") == "query" for p in operation.get("parameters", [])) or "requestBody" in operation
        wanted = ["401", "403"]
        if "{" in self.path or self._filters_by_organization():
            wanted.append("404")
        if has_input:
            wanted.append("400")
        for code in wanted:
            if code not in responses:
                response = OpenApiResponse(ErrorSerializer, description=ERRORS[code])
                responses[code] = self._get_response_for_code(response, code)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _filters_by_organization(self) -> bool:
        filterset = getattr(self.view, "filterset_class", None)
        filters = filterset.base_filters.values() if filterset is not None else ()
        return any(isinstance(f, OrganizationIdFilter | ScopedIdFilter) for f in filters)

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> Any:
        """A serializer's `schema_required` fields stay required in requests, even in a partial edit (PATCH)."""
        schema = super()._map_basic_serializer(serializer, direction)
        always = getattr(force_instance(serializer), "schema_required", ())
        if always and direction == "request":
            schema["required"] = sorted({*schema.get("required", []), *always})
        return schema
