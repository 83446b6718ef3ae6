"""Page-number pagination: 50 rows a page by default, `page_size` up to 200."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_query_description = "Số trang (bắt đầu từ 1)."
    page_size_query_description = "Số dòng mỗi trang: mặc định 50, tối đa 200."
