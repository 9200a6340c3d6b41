"""Render Django form fields with GOV.UK Frontend classes and error wiring.

GOV.UK Frontend's own macros are Nunjucks; these filters give Django widgets the same classes
so ``templates/includes/field.html`` can lay a field out as the design system does: label,
hint, the error message beside the field (linked by ``aria-describedby``), then the input.
"""

from django import template

register = template.Library()

_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "",
    "leaflet": "",
    "hidden": "",
}


@register.filter
def widget_kind(bound_field) -> str:
    """A short name for the widget: text, textarea, select, checkbox, leaflet, hidden ..."""
    widget = bound_field.field.widget
    if widget.__class__.__name__ == "LeafletWidget":
        return "leaflet"
    if getattr(widget, "input_type", None) == "hidden":
        return "hidden"
    return bound_field.widget_type


@register.filter
def govuk_widget(bound_field, extra_class: str = ""):
    """The field's widget with the GOV.UK class, error state and described-by ids."""
    kind = widget_kind(bound_field)
    css = _CLASSES.get(kind, "govuk-input")
    if bound_field.errors and css:
        css += f" {css}--error"
    if extra_class:
        css = f"{css} {extra_class}".strip()
    attrs = {}
    if css:
        attrs["class"] = css
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def rag_class(value) -> str:
    """CSS class for a RAG word (red, amber, green, none)."""
    return f"rag--{value or 'none'}"


@register.filter
def age_days(day, today) -> int | str:
    """Whole days from ``day`` to ``today`` (a priority's age, DESIGN.md 4.3)."""
    if not day or not today:
        return ""
    return (today - day).days


@register.filter
def percent(value, places: int = 1) -> str:
    """0.4051 -> "40.5%" (None -> "–")."""
    if value is None or value == "":
        return "–"
    return f"{float(value) * 100:.{int(places)}f}%"


@register.simple_tag(takes_context=True)
def nonced_map_field(context, bound_field):
    """A Leaflet map field whose set-up script carries the request's content-security-policy
    nonce (django-leaflet's widget writes ``<script nonce="...">`` from ``csp_nonce``). The
    widget belongs to this form instance, so setting it here affects this page only."""
    request = context.get("request")
    bound_field.field.widget.csp_nonce = getattr(request, "csp_nonce", None)
    return bound_field.as_widget()
