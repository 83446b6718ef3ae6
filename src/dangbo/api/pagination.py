"""Page-number pagination: 50 rows a page by default, `page_size` from 1 to 200.

A page that is not a whole number from 1 to the last page, or a `page_size` outside 1–200, answers 400 with
the API's error body (DRF would answer 404 for the first and silently clamp the second).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


def _whole_number(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()
    page_query_description = "Số trang, từ 1 đến trang cuối; ngoài khoảng đó: 400."
    page_size_query_description = "Số dòng mỗi trang: mặc định 50, từ 1 đến 200; ngoài khoảng đó: 400."

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = _whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            message = f"Số dòng mỗi trang (page_size) cần là số nguyên từ 1 đến {self.max_page_size}."
            raise ValidationError({self.page_size_query_param: [message]}, code="invalid_page_size")
        return size

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        self.request = request
        page_size = self.get_page_size(request)
        raw = request.query_params.get(self.page_query_param, "1")
        number = _whole_number(raw)
        if number is None or number < 1:
            message = "Số trang (page) cần là số nguyên từ 1."
            raise ValidationError({self.page_query_param: [message]}, code="invalid_page")
        paginator = self.django_paginator_class(queryset, page_size)
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            message = f"Không có trang {number}: danh sách có {paginator.num_pages} trang."
            raise ValidationError({self.page_query_param: [message]}, code="invalid_page") from None
        return list(self.page)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        bounds = {self.page_query_param: {"minimum": 1}, self.page_size_query_param: {"minimum": 1, "maximum": 200}}
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters
