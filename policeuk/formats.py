"""The data.police.uk format, both ways (domain-notes/anchors.md section A1).

Quirks of the format this module absorbs, in one place:
- coordinates and population are *strings* ("52.6389", "1000"); population may be junk ("A");
- dates are naive local time, exactly ``YYYY-MM-DDTHH:MM:SS`` (clients parse that pattern);
- text may carry HTML tags and entities ("Leake &amp; Keyworth");
- priority keys are hyphenated (``issue-date``, ``action-date``).
On the way out every key of the format is present, and an unknown value is ``null`` (never "").

The files of ``import_police_uk`` / ``export_police_uk`` (DESIGN.md section 6) mirror the API's
paths under a directory DIR::

    DIR/forces.json                         [{"id", "name"}]
    DIR/forces/<force>.json                 the force
    DIR/<force>/neighbourhoods.json         [{"id", "name"}]
    DIR/<force>/<code>.json                 the neighbourhood
    DIR/<force>/<code>/boundary.json        [{"latitude", "longitude"}]
    DIR/<force>/<code>/people.json          [{"name", "rank", "bio", "contact_details"}]
    DIR/<force>/<code>/events.json          [{"title", ..., "start_date", "end_date"}]
    DIR/<force>/<code>/priorities.json      [{"issue", "issue-date", "action", "action-date"}]
"""

import datetime as dt
import html
import re

from django.utils import timezone
from django.utils.html import strip_tags

from npms.coordinates import CoordinateError, OutOfRange, lat_lng

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"

# Contact detail keys of the format (anchors.md A1.2); all optional.
CONTACT_KEYS = (
    "email",
    "telephone",
    "mobile",
    "fax",
    "web",
    "address",
    "facebook",
    "twitter",
    "youtube",
    "myspace",
    "bebo",
    "flickr",
    "forum",
    "blog",
    "rss",
)


# A force id or neighbourhood code becomes a file name: refuse anything that could leave DIR.
_UNSAFE = ("/", "\\", "\x00")


def safe_name(value: str) -> bool:
    """Whether a force id or neighbourhood code can be a file or folder name under DIR."""
    return bool(value) and not value.startswith(".") and not any(c in value for c in _UNSAFE)


class BadValue(ValueError):
    """A value in an input file that cannot be used; the message says why."""


# ---------------------------------------------------------------------------------------------
# Out: our values -> the format


def text_out(value: str | None) -> str | None:
    return value if value else None


def coordinate_out(value: float | None) -> str | None:
    # repr() of a float is the shortest string that reads back to the same number, so
    # "52.6389" imported is "52.6389" exported.
    return None if value is None else repr(float(value))


def point_out(point) -> dict:
    if point is None:
        return {"latitude": None, "longitude": None}
    return {"latitude": coordinate_out(point.y), "longitude": coordinate_out(point.x)}


def datetime_out(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).strftime(DATE_FORMAT)


def date_out(value: dt.date | None) -> str | None:
    return None if value is None else f"{value:%Y-%m-%d}T00:00:00"


def contact_details_out(details: dict | None) -> dict:
    """Only the keys with a value, as the format does (an empty object when none)."""
    details = details or {}
    return {key: details[key] for key in CONTACT_KEYS if details.get(key)}


def link_out(link: dict) -> dict:
    return {
        "url": text_out(link.get("url")),
        "description": text_out(link.get("description")),
        "title": text_out(link.get("title")),
    }


def location_out(location: dict) -> dict:
    return {
        "name": text_out(location.get("name")),
        "type": text_out(location.get("type")),
        "description": text_out(location.get("description")),
        "address": text_out(location.get("address")),
        "postcode": text_out(location.get("postcode")),
        "latitude": text_out(location.get("latitude")),
        "longitude": text_out(location.get("longitude")),
    }


def priority_issue(title: str, description: str) -> str:
    """``issue`` is the priority's title and detail. An imported priority keeps the whole
    issue as its description (title = its start), so it goes back out unchanged."""
    if not description or description == title:
        return title
    if description.startswith(title):
        return description
    return f"{title}: {description}"


# ---------------------------------------------------------------------------------------------
# In: the format -> our values (each raises BadValue with a reason)

_BLOCK_TAGS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6])\s*/?\s*>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def plain_text(value) -> str:
    """HTML to plain text: tags stripped (block ends become line breaks), entities decoded,
    runs of spaces squeezed. ``None`` becomes ""."""
    if value is None:
        return ""
    text = _BLOCK_TAGS.sub("\n", str(value))
    text = html.unescape(strip_tags(text))
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def population_in(value) -> int | None:
    """``"1000"`` -> 1000; ``None``/"" -> None; anything else raises BadValue."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise BadValue(f"population {value!r} is not a number")
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip().replace(",", "")
        if not text.isdigit():
            raise BadValue(f"population {value!r} is not a number")
        number = int(text)
    if number < 0 or number > 2**31 - 1:
        raise BadValue(f"population {value!r} is out of range")
    return number


def coordinate_pair_in(latitude, longitude) -> tuple[float, float] | None:
    """Two strings (or numbers) -> (lat, lng) by the one coordinate parser
    (``npms.coordinates.lat_lng``); both null -> None; else BadValue."""
    if latitude in (None, "") and longitude in (None, ""):
        return None
    try:
        return lat_lng(latitude, longitude)
    except OutOfRange:
        raise BadValue(f"coordinate ({latitude!r}, {longitude!r}) is out of range") from None
    except CoordinateError:
        raise BadValue(f"coordinate ({latitude!r}, {longitude!r}) is not a number") from None


def coordinate_text_in(value) -> str | None:
    """A single coordinate kept as the format's string (for stored location lists)."""
    if value in (None, ""):
        return None
    return repr(float(str(value).strip()))


def datetime_in(value) -> dt.datetime | None:
    """``"2010-01-01T09:00:00"`` (Europe/London local time) -> aware datetime."""
    if value in (None, ""):
        return None
    try:
        naive = dt.datetime.strptime(str(value).strip()[:19], DATE_FORMAT)
    except ValueError:
        raise BadValue(f"date {value!r} is not YYYY-MM-DDTHH:MM:SS") from None
    return timezone.make_aware(naive)


def date_in(value) -> dt.date | None:
    moment = datetime_in(value)
    return None if moment is None else timezone.localtime(moment).date()


def title_from(text: str, length: int = 200) -> str:
    """A title for an imported priority: the first line of its issue, cut at a word boundary
    to ``length`` characters. Always a literal prefix of ``text`` (see priority_issue)."""
    first = text.split("\n", 1)[0]
    if len(first) <= length:
        return first.rstrip()
    cut = first[:length].rsplit(" ", 1)[0] or first[:length]
    return cut.rstrip()
