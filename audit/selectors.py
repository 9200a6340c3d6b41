"""Reads for the access log: who may search it, and the search."""

import datetime as dt

from django.db.models import QuerySet

from accounts.selectors import users_of_force
from npms.scope import Scope

from .models import AccessLog


def access_log_searchable(scope: Scope) -> bool:
    """Force administrators and superusers may search the access log (DESIGN.md 5: users are
    a force administrator's business)."""
    return scope.superuser or scope.has_role("force_admin")


def access_logs_visible(scope: Scope) -> QuerySet[AccessLog]:
    """Rows a caller may see: every row for a superuser; for a force administrator, the rows
    of the users of their force (rows with no user — anonymous reads — are superusers'
    only); nothing for anyone else."""
    if scope.superuser:
        return AccessLog.objects.all()
    if not scope.has_role("force_admin"):
        return AccessLog.objects.none()
    return AccessLog.objects.filter(user__in=users_of_force(scope.force_id))


def access_log_search(
    queryset: QuerySet[AccessLog],
    *,
    username: str = "",
    object_type: str = "",
    object_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLog]:
    """Narrow ``queryset`` by user name (exact, case-insensitive), object type, object id and
    the days ``date_from``..``date_to`` inclusive (in the site's time zone); newest first."""
    if username:
        queryset = queryset.filter(user__username__iexact=username.strip())
    if object_type:
        queryset = queryset.filter(object_type=object_type)
    if object_id is not None:
        queryset = queryset.filter(object_id=object_id)
    if date_from is not None:
        queryset = queryset.filter(at__date__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(at__date__lte=date_to)
    return queryset.select_related("user").order_by("-at", "-id")
