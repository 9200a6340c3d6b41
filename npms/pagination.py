"""Pagination for the /api/v1/ lists.

Most lists are small (a force's BCUs, teams, partners) and use page numbers with a total
``count``. The large feeds (duty records, events, priorities) use keyset (cursor) pagination:
no ``COUNT(*)`` over millions of rows and stable pages while new rows arrive (anchors.md 0.6).
"""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class PagePagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class FeedCursorPagination(CursorPagination):
    """Keyset pagination; the order is the view's ``ordering`` (or a permitted ``?ordering=``)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
