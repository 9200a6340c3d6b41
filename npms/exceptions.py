"""The errors of NPMS and their one JSON shape in the API.

Services raise Django's ``ValidationError`` (a dict naming the fields) and ``StaleEdit``
(optimistic concurrency); the API turns every error into one shape:

    {"error": {"status": 400, "code": "invalid", "message": "...", "fields": {"end": ["..."]}}}

``fields`` names each offending field or query parameter; ``message`` is a readable summary.

A write the database refuses (``IntegrityError``: two requests racing past validation, or a
case validation missed) is said for the user by ``npms.integrity``: a known constraint is a 400
naming the field, an unknown one a 409 "conflicts with existing data" (logged); a delete refused
because other records still refer to the record (``ProtectedError``) is a 409 naming them.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from npms.integrity import name_constraint_fields, protected_message, violation_of


class StaleEdit(Exception):
    """The record changed since the caller read it (optimistic concurrency on ``version``).

    Nothing was saved. The API answers 409; pages show the message and keep what was typed.
    """

    def __init__(self, model_name: str, expected: int, current: int):
        self.expected = expected
        self.current = current
        super().__init__(
            f"This {model_name} was changed by someone else since you opened it "
            f"(your version {expected}, now version {current}). Reload it and apply your "
            "change again; nothing was saved."
        )


class Conflict(exceptions.APIException):
    """A stale edit (optimistic concurrency): 409, nothing saved."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This record was changed by someone else since you loaded it."
    default_code = "conflict"


class DeleteRefused(exceptions.APIException):
    """A delete refused because other records still refer to the record: 409, nothing deleted."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records still refer to this one; nothing was deleted."
    default_code = "protected"


def _flatten(detail) -> dict:
    if isinstance(detail, dict):
        return {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def _summary(fields: dict, fallback: str) -> str:
    parts = []
    for name, messages in fields.items():
        for message in messages:
            parts.append(message if name == "non_field_errors" else f"{name}: {message}")
    return "; ".join(parts) or fallback


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = name_constraint_fields(exc)
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError({k: v for k, v in exc.message_dict.items()})
        else:
            exc = exceptions.ValidationError(exc.messages)
    elif isinstance(exc, StaleEdit):
        exc = Conflict(str(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):  # before: they are IntegrityErrors
        exc = DeleteRefused(protected_message(exc))
    elif isinstance(exc, IntegrityError):
        violation = violation_of(exc)
        if violation.status == status.HTTP_400_BAD_REQUEST:
            exc = exceptions.ValidationError(
                {violation.field or "non_field_errors": [violation.message]}
            )
        else:
            exc = Conflict(violation.message)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        message = _summary(fields, "Invalid input.")
        code = "invalid"
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        fields = {}
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException):
            codes = exc.get_codes()
            if isinstance(codes, str):
                code = codes
    response.data = {
        "error": {
            "status": response.status_code,
            "code": code,
            "message": message,
            "fields": fields,
        }
    }
    return response
