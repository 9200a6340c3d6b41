"""Small helpers shared by the browser pages: showing a service's errors beside the fields.

Pages only translate HTTP to service calls; these helpers put a service's
``ValidationError`` (a dict naming fields) next to the right form field so the page can show
it beside the field and keep what was typed.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

_INDEXED = re.compile(r"^(?P<name>[a-z_]+)\[(?P<index>\d+)\]\.(?P<field>.+)$")


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def add_service_errors(form, error: ValidationError, *, field_map: dict | None = None) -> None:
    """Attach a service's errors to ``form``: a key naming a form field goes beside it
    (``field_map`` renames service keys to form fields), anything else goes to the top."""
    field_map = field_map or {}
    for key, messages in _messages(error).items():
        name = field_map.get(key, key)
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
            elif key == NON_FIELD_ERRORS:
                form.add_error(None, message)
            else:
                form.add_error(None, f"{key.replace('_', ' ').capitalize()}: {message}")


def add_indexed_errors(error: ValidationError, groups: dict, fallback_form) -> None:
    """Spread errors keyed ``group[i].field`` (e.g. ``new_priorities[0].where``) over the
    forms of the formsets in ``groups`` ({"new_priorities": [form, ...]}); other keys go to
    ``fallback_form``."""
    for key, messages in _messages(error).items():
        match = _INDEXED.match(key)
        target, field = fallback_form, key
        if match and match["name"] in groups:
            forms = groups[match["name"]]
            index = int(match["index"])
            if index < len(forms):
                target, field = forms[index], match["field"]
        for message in messages:
            if field in target.fields:
                target.add_error(field, message)
            elif field == NON_FIELD_ERRORS:
                target.add_error(None, message)
            else:
                target.add_error(None, f"{field.replace('_', ' ').capitalize()}: {message}")


def error_context(*forms, extra=()) -> dict:
    """Context for ``includes/error_summary.html``: the forms with errors, in page order."""
    flat = []
    for form in forms:
        if form is None:
            continue
        if hasattr(form, "forms"):  # a formset
            flat.extend(f for f in form.forms if f.errors)
            extra = (*extra, *form.non_form_errors())
        elif form.errors:
            flat.append(form)
    return {"has_errors": bool(flat or extra), "error_forms": flat, "extra_errors": list(extra)}
