"""Small helpers shared by the browser pages: showing a service's errors beside the fields.

Pages only translate HTTP to service calls; these helpers put a service's
``ValidationError`` (a dict naming fields) next to the right form field so the page can show
it beside the field and keep what was typed.

A write the database refuses (``IntegrityError``: a race past validation, or a case it missed)
is shown the same way, through ``npms.integrity``: pages catch ``SERVICE_ERRORS`` around a
service call and hand whatever they caught to ``add_service_errors``. The service was atomic, so
nothing of the refused write was saved.
"""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError

from npms.integrity import name_constraint_fields, protected_message, violation_of

# What a page catches around a service call: the service's own refusal, and the database's.
SERVICE_ERRORS = (ValidationError, IntegrityError, ProtectedError, RestrictedError)

_INDEXED = re.compile(r"^(?P<name>[a-z_]+)\[(?P<index>\d+)\]\.(?P<field>.+)$")


def as_validation_error(error: Exception) -> ValidationError:
    """``error`` (one of ``SERVICE_ERRORS``) as a ``ValidationError`` naming the field."""
    if isinstance(error, ProtectedError | RestrictedError):  # before: they are IntegrityErrors
        return ValidationError(protected_message(error))
    if isinstance(error, IntegrityError):
        return violation_of(error).as_validation_error()
    return name_constraint_fields(error)


def _messages(error: Exception) -> dict[str, list[str]]:
    error = as_validation_error(error)
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {NON_FIELD_ERRORS: error.messages}


def add_service_errors(form, error: Exception, *, field_map: dict | None = None) -> None:
    """Attach a service's errors to ``form``: a key naming a form field goes beside it
    (``field_map`` renames service keys to form fields), anything else goes to the top.
    ``error`` is one of ``SERVICE_ERRORS``: a database refusal is said through
    ``npms.integrity`` (the constraint's field and message)."""
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


def add_indexed_errors(error: Exception, groups: dict, fallback_form) -> None:
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
