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


# Records of neighbourhood policing start in the 20th century and plans reach a few years
# ahead; a time outside these years is a typing slip (and, before 1847, Europe/London has no
# whole-minute offset, so it could not even be written back as an API date-time).
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def refuse_implausible(field: str, value: dt.date | dt.datetime | None) -> None:
    """Raise ``ValidationError({field: ...})`` for a date or time outside
    ``EARLIEST_YEAR``..``LATEST_YEAR``."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError({field: f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."})


# -- dates typed into URLs and query strings --------------------------------------------------
# A week grid for 9999-12-31 has no next week and a figure "as of" 0001-01-01 subtracts past
# year 1: both used to end in a 500. The same years as refuse_implausible, as dates.
DATE_MIN = dt.date(EARLIEST_YEAR, 1, 1)
DATE_MAX = dt.date(LATEST_YEAR, 12, 31)


def date_in_range(value: dt.date | dt.datetime | None) -> None:
    """Validator (forms, DRF fields): refuse a date outside DATE_MIN..DATE_MAX, with
    refuse_implausible's message."""
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}.", code="date_out_of_range"
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
