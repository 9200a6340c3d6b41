"""Reporting that restricted data was shown, from any app (DESIGN.md section 3, "audit").

Every page, API response and export that shows key individuals, duty records, ``note``
fields or public contacts' details is logged in ``audit.AccessLog`` (DPA 2018 s.62). The
apps above ``audit`` (engagement, priorities, dashboards ...) may call
``audit.services.access_log_record`` directly, but ``teams`` sits *below* ``audit`` and
``npms`` imports no app, so neither can.

The seam is a Django signal defined here, ``restricted_data_shown``. ``audit`` connects the
one receiver in ``AuditConfig.ready()`` and writes the row; every app reports through
``restricted_data_record(...)`` below (or the DRF mixin ``AccessLoggedViewSetMixin``), so a
read is logged the same way whoever shows it. The signal is sent with ``send`` (not
``send_robust``): if the log cannot be written the response fails rather than showing data
unlogged. A signal rather than a registry of callables: it is Django's own decoupling tool,
it needs no import order, and the receiver being missing (``audit`` not installed) is the
only way a read goes unlogged, which the tests of every logged page would catch.

Nothing is logged when nothing was shown (``count == 0``): an empty list or a refused
request (404 / 403) leaves no row.
"""

from django.dispatch import Signal

# Sent with keyword arguments: request, action ("read" or "export"), object_type
# ("app_label.modelname"), count (rows shown), object_id (one record's id, or None for lists).
restricted_data_shown = Signal()

READ = "read"
EXPORT = "export"


def restricted_data_record(
    *,
    request,
    object_type: str,
    count: int,
    action: str = READ,
    object_id: int | None = None,
) -> None:
    """Report that ``count`` rows of ``object_type`` were shown to ``request``'s caller.

    Writes one ``audit.AccessLog`` row through the receiver ``audit`` connects; does nothing
    when ``count`` is 0."""
    if count <= 0:
        return
    restricted_data_shown.send(
        sender=None,
        request=request,
        action=action,
        object_type=object_type,
        count=count,
        object_id=object_id,
    )


class AccessLoggedViewSetMixin:
    """For a DRF viewset whose list and detail responses show restricted data: each
    successful GET of the list logs the rows on the page, each GET of one record logs it.

    Set ``access_log_object_type`` ("teams.dutyrecord"). Writes (create, update) echo back
    what the caller sent and are not logged as reads.
    """

    access_log_object_type: str = ""

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        if response.status_code == 200:
            data = response.data
            rows = data.get("results", []) if isinstance(data, dict) else data
            restricted_data_record(
                request=request, object_type=self.access_log_object_type, count=len(rows)
            )
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if response.status_code == 200:
            restricted_data_record(
                request=request,
                object_type=self.access_log_object_type,
                count=1,
                object_id=response.data.get("id"),
            )
        return response


class AccessLoggedAdminMixin:
    """For a ``ModelAdmin`` of restricted data: the change list logs the rows on the page and
    a record's page logs that record (reads through the admin are reads too)."""

    def _access_log_type(self) -> str:
        return self.model._meta.label_lower

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}) or {}
        changelist = changelist.get("cl")
        if response.status_code == 200 and changelist is not None:
            restricted_data_record(
                request=request,
                object_type=self._access_log_type(),
                count=len(changelist.result_list),
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            try:
                pk = int(object_id)
            except (TypeError, ValueError):
                pk = None
            restricted_data_record(
                request=request, object_type=self._access_log_type(), count=1, object_id=pk
            )
        return response
