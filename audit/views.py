"""The access-log search page for force administrators and superusers (/audit/), and its
CSV export, which is itself logged as an export of the access log."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from npms.form_errors import error_context
from npms.scope import Scope

from .forms import AccessLogSearchForm
from .models import AccessAction
from .selectors import access_log_search, access_log_searchable, access_logs_visible
from .services import access_log_record

PAGE_SIZE = 50
CSV_HEADER = ["at", "user", "action", "object_type", "object_id", "count", "path", "ip"]


@login_required
def access_log(request):
    """Search the log (by user, what was shown, record id, action and days); 50 rows a page;
    ``?format=csv`` downloads every matching row."""
    scope = Scope.of(request.user)
    if not access_log_searchable(scope):
        raise PermissionDenied("Only a force administrator may search the access log.")
    form = AccessLogSearchForm(request.GET or None)
    rows = access_logs_visible(scope).none()
    if not request.GET or form.is_valid():
        data = form.cleaned_data if request.GET else {}
        rows = access_log_search(
            access_logs_visible(scope),
            username=data.get("username") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
        if data.get("action"):
            rows = rows.filter(action=data["action"])
    if request.GET.get("format") == "csv" and form.is_bound and form.is_valid():
        return _csv(request, rows)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query": query.urlencode(), **error_context(form)},
    )


def _csv(request, rows) -> HttpResponse:
    entries = list(rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="access-log-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for e in entries:
        writer.writerow(
            [
                timezone.localtime(e.at).isoformat(),
                e.user.username if e.user else "",
                e.action,
                e.object_type,
                "" if e.object_id is None else e.object_id,
                e.count,
                e.path,
                e.ip or "",
            ]
        )
    access_log_record(
        request=request,
        action=AccessAction.EXPORT,
        object_type="audit.accesslog",
        count=len(entries),
    )
    return response
