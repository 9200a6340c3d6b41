"""Latitude and longitude (WGS84) from what people and files give us: the one parser.

Used by police.uk's ``locate-neighbourhood?q=LAT,LNG``, the public search, the police.uk
importer (coordinates come as strings there, domain-notes/anchors.md A1.2) and the API's
GeoJSON point field. A coordinate is a plain decimal number (``52.6389``, ``-1.13619``, ``+0.5``)
or a finite int/float; ``nan``, ``inf``, exponents and other spellings Python's ``float()``
would take are refused, as are latitudes outside -90..90 and longitudes outside -180..180.
"""

from __future__ import annotations

import math
import re

DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
EXAMPLE = "52.6389,-1.13619"


class CoordinateError(ValueError):
    """Not a usable coordinate; the message says why, in words for the person who typed it."""


class NotANumber(CoordinateError):
    """The text is not a latitude/longitude pair of numbers."""


class OutOfRange(CoordinateError):
    """Numbers, but latitude is outside -90..90 or longitude outside -180..180."""


def _number(value, name: str) -> float:
    if isinstance(value, bool):
        raise NotANumber(f"The {name} must be a number, not {value!r}.")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        raise NotANumber(f"The {name} must be a decimal number, e.g. {EXAMPLE}; got {value!r}.")
    if not math.isfinite(number):
        raise NotANumber(f"The {name} must be a finite number; got {value!r}.")
    return number


def lat_lng(latitude, longitude) -> tuple[float, float]:
    """(latitude, longitude) as floats from two numbers or decimal strings.

    Raises ``NotANumber`` when either is not a finite decimal number and ``OutOfRange`` when
    the latitude is outside -90..90 or the longitude outside -180..180 (the bounds included).
    """
    lat, lng = _number(latitude, "latitude"), _number(longitude, "longitude")
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise OutOfRange(
            "Latitude must be between -90 and 90 and longitude between -180 and 180; "
            f"got {lat:g},{lng:g}."
        )
    return lat, lng


def parse_lat_lng(text: str | None) -> tuple[float, float]:
    """``"52.6389,-1.13619"`` (spaces allowed around each number) -> (52.6389, -1.13619).

    Raises ``NotANumber`` unless the text is exactly two decimal numbers separated by a comma,
    and ``OutOfRange`` as ``lat_lng`` does; both are ``ValueError``s with a message that can
    be shown as it is.
    """
    parts = (text or "").split(",")
    if len(parts) != 2:
        raise NotANumber(f"Give the point as LATITUDE,LONGITUDE, e.g. {EXAMPLE}.")
    return lat_lng(parts[0], parts[1])
