"""Dates that must not lie in the future: the one rule, for every service that records
something that has already happened (a priority agreed, a review held, a message received,
consent given). Refusals name the field, as every service error does."""

import datetime as dt

from django.core.exceptions import ValidationError
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
