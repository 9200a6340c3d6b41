"""API plumbing that knows no app: GeoJSON fields, decimal numbers, scoped related ids and
request validation, shared by every app's ``api.py``."""

import json

from django.contrib.gis.geos import MultiPolygon, Point
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from npms.coordinates import CoordinateError, OutOfRange, lat_lng
from npms.scope import Scope

# ---------------------------------------------------------------------------------------------
# GeoJSON fields (WGS84, RFC 7946 order: [longitude, latitude]).

POINT_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON Point in WGS84: coordinates are [longitude, latitude].",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
        },
    },
    "required": ["type", "coordinates"],
}

MULTIPOLYGON_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON MultiPolygon in WGS84 ([longitude, latitude] positions).",
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        "coordinates": {
            "type": "array",
            "items": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "number"}},
                },
            },
        },
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(POINT_SCHEMA)
class GeoJSONPointField(serializers.Field):
    """A location as a GeoJSON Point. Input is checked by hand (never handed to GDAL as text,
    DESIGN.md section 9): a dict with type "Point" and two finite numbers in range."""

    default_error_messages = {
        # Doubled braces: DRF formats these messages with str.format().
        "invalid": 'Give a GeoJSON Point: {{"type": "Point", "coordinates": [lng, lat]}}.',
        "range": "Longitude must be between -180 and 180 and latitude between -90 and 90.",
    }

    def to_representation(self, value):
        if value is None:
            return None
        return {"type": "Point", "coordinates": [value.x, value.y]}

    def to_internal_value(self, data):
        if not isinstance(data, dict) or data.get("type") != "Point":
            self.fail("invalid")
        coords = data.get("coordinates")
        if not isinstance(coords, list | tuple) or len(coords) != 2:
            self.fail("invalid")
        if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords):
            self.fail("invalid")
        try:
            lat, lng = lat_lng(coords[1], coords[0])
        except OutOfRange:
            self.fail("range")
        except CoordinateError:
            self.fail("invalid")
        return Point(lng, lat, srid=4326)


@extend_schema_field({**MULTIPOLYGON_SCHEMA, "nullable": True})
class GeoJSONMultiPolygonField(serializers.Field):
    """A boundary as a GeoJSON MultiPolygon (read-only here)."""

    def to_representation(self, value: MultiPolygon | None):
        if value is None:
            return None
        return json.loads(value.geojson)


def decimal_field(**kwargs) -> serializers.DecimalField:
    """Decimals as JSON numbers (hours, FTE, fractions), as the metrics endpoints give them."""
    return serializers.DecimalField(coerce_to_string=False, **kwargs)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related id that must be inside the caller's scope: ``scope(Scope) -> queryset``, one
    of the apps' ``<entities>_visible`` / ``<entities>_writable`` selectors.

    An id outside the scope gets the same 400 as an id that does not exist, so ids do not
    leak (DESIGN.md section 5)."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scope(Scope.of(request.user))

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not -(2**63) < pk < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


def validated(serializer_class, request, **kwargs) -> dict:
    """Validate the request body with ``serializer_class``; 400 names the fields."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
