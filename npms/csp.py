"""The content security policy's nonce in templates.

django-leaflet's map templates write ``<script nonce="{{ csp_nonce }}">``; django-csp puts the
nonce on the request (``request.csp_nonce``, made only when a template reads it, and then
added to the header). This context processor hands it to templates under that name, and
``NoncedLeafletGeoAdmin`` hands it to the admin's map widgets."""

from leaflet.admin import LeafletGeoAdmin
from leaflet.forms.widgets import LeafletWidget


def csp_nonce(request) -> dict:
    return {"csp_nonce": getattr(request, "csp_nonce", "")}


class NoncedLeafletGeoAdmin(LeafletGeoAdmin):
    """django-leaflet's geo admin whose map widgets carry the request's nonce, so the map
    works under the content security policy (the widget's set-up script is inline)."""

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        for field in form.fields.values():
            if isinstance(field.widget, LeafletWidget):
                field.widget.csp_nonce = request.csp_nonce
        return super().render_change_form(request, context, *args, **kwargs)
