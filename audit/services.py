"""Writes for the access log: one INSERT per page, API response or export that showed
restricted data (DESIGN.md section 3; DPA 2018 s.62)."""

from django.http import HttpRequest

from accounts.throttling import client_address

from .models import AccessAction, AccessLog

PATH_LENGTH = 500


def _ip(request: HttpRequest) -> str | None:
    # The same trusted-proxy rule as the throttles and the lock-out (NUM_PROXIES): behind a
    # proxy the log names the client, and a client cannot pick its own address.
    return client_address(request) or None


def access_log_record(
    *,
    request: HttpRequest,
    action: str,
    object_type: str,
    count: int,
    object_id: int | None = None,
) -> AccessLog:
    """Append one row saying that ``request``'s user was shown (``read``) or given
    (``export``) ``count`` rows of ``object_type`` (one record ``object_id``, or a list when
    None), at ``request``'s path and IP. An API key's request is logged as the partner's
    service user; an anonymous request with a null user. One query."""
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access-log action {action!r}.")
    user = getattr(request, "user", None)
    entry = AccessLog(
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=object_id,
        count=count,
        path=request.get_full_path()[:PATH_LENGTH],
        ip=_ip(request),
    )
    entry.save()
    return entry


def access_log_record_many(
    *, request: HttpRequest, action: str, shown: dict[str, int]
) -> list[AccessLog]:
    """As ``access_log_record`` for a page that shows several kinds of restricted data at once
    (``shown``: object type -> rows shown; lists, so no object id): one row per type with a
    count above 0, all in one INSERT (the sergeant's home, issue 15). Nothing when nothing was
    shown."""
    if action not in AccessAction.values:
        raise ValueError(f"Unknown access-log action {action!r}.")
    user = getattr(request, "user", None)
    user = user if user is not None and user.is_authenticated else None
    path, ip = request.get_full_path()[:PATH_LENGTH], _ip(request)
    entries = [
        AccessLog(user=user, action=action, object_type=kind, count=count, path=path, ip=ip)
        for kind, count in shown.items()
        if count > 0
    ]
    return AccessLog.objects.bulk_create(entries) if entries else []


def access_log_from_signal(sender, *, request, action, object_type, count, object_id, **kwargs):
    """Receiver of ``npms.access_log.restricted_data_shown`` (connected in apps.py)."""
    access_log_record(
        request=request,
        action=action,
        object_type=object_type,
        count=count,
        object_id=object_id,
    )


def access_log_record_deletion(*, object_type: str, count: int, path: str) -> AccessLog:
    """Append one ``delete`` row: ``count`` records of ``object_type`` removed by a job (the
    retention review), with no user or IP; ``path`` says which command and cut-off."""
    entry = AccessLog(
        user=None,
        action=AccessAction.DELETE,
        object_type=object_type,
        count=count,
        path=path[:PATH_LENGTH],
    )
    entry.save()
    return entry
