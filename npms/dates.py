"""Dates that must not lie in the future: the one rule, for every service that records
something that has already happened (a priority agreed, a review held, a message received,
consent given). Refusals name the field, as every service error does."""

import datetime as dt

from django.core.exceptions import BadRequest, ValidationError
from django.utils import timezone

# Clocks of phones and servers differ a little: a time stamped "now" on a phone may reach the
# server a few minutes ahead of it.
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


def refuse_future(field: str, value: dt.date | dt.datetime | None, message: str) -> None:
    """Raise ``ValidationError({field: message})`` when ``value`` is after today (a date, in
    the service's time zone) or after now (a date-time, give or take ``CLOCK_TOLERANCE``)."""
    if value is None:
        return
    if isinstance(value, dt.datetime):
        late = value > timezone.now() + CLOCK_TOLERANCE
    else:
        late = value > timezone.localdate()
    if late:
        raise ValidationError({field: message})


# -- dates typed into URLs, query strings and forms ------------------------------------------
# Python's dates run from year 1 to 9999 and PostgreSQL's further, but a week grid for
# 9999-12-31 has no next week and a figure "as of" 0001-01-01 subtracts past year 1: both
# used to end in a 500. NPMS records policing from the 20th century on and plans a few
# years ahead, so anything outside these bounds is a typing or tampering error, refused with
# a message naming the field.
DATE_MIN = dt.date(1900, 1, 1)
DATE_MAX = dt.date(2199, 12, 31)


def date_in_range(value: dt.date | dt.datetime | None) -> None:
    """Validator (forms, DRF fields): refuse a date before DATE_MIN or after DATE_MAX."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            f"Give a date between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}.",
            code="date_out_of_range",
        )


def parse_date(raw: str | None, *, field: str) -> dt.date:
    """``raw`` (YYYY-MM-DD) as a date within DATE_MIN..DATE_MAX, else
    ``ValidationError({field: message})``."""
    try:
        value = dt.date.fromisoformat((raw or "").strip())
    except ValueError:
        raise ValidationError(
            {field: f"{field} must be a date as YYYY-MM-DD (got {raw!r})."}
        ) from None
    try:
        date_in_range(value)
    except ValidationError as error:
        raise ValidationError({field: f"{field}: {error.messages[0]}"}) from None
    return value


def query_date(request, name: str, default: dt.date | None = None) -> dt.date:
    """The date in query parameter ``name`` of a page request, or ``default`` when it is
    absent or empty (a required parameter has no default). A malformed or out-of-range date
    raises ``BadRequest`` naming the parameter, which Django answers with 400 (templates/
    400.html), never a 500."""
    raw = request.GET.get(name, "")
    if not raw.strip() and default is not None:
        return default
    try:
        return parse_date(raw, field=name)
    except ValidationError as error:
        raise BadRequest(error.message_dict[name][0]) from None
