"""The public, unauthenticated API in the data.police.uk format (DESIGN.md section 6).

Paths have no trailing slash, as in data.police.uk. Answers are cached in the Django cache
(Redis) for ``POLICE_UK_CACHE_SECONDS`` under keys that carry the public data version
(``policeuk.cache``), so a change shows at once; errors use the API's one error shape.
"""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from npms.coordinates import CoordinateError, parse_lat_lng
from policeuk import selectors
from policeuk.cache import answer_cached, answer_store


class PublicThrottle(AnonRateThrottle):
    """Per client address, at the ``anon`` rate (read at request time)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


def _string(description: str | None = None, nullable: bool = False) -> dict:
    schema = {"type": "string"}
    if nullable:
        schema["nullable"] = True
    if description:
        schema["description"] = description
    return schema


def _object(properties: dict, nullable: bool = False) -> dict:
    schema = {"type": "object", "properties": properties, "required": list(properties)}
    if nullable:
        schema["nullable"] = True
    return schema


DATE = {**_string("Naive local time, exactly YYYY-MM-DDTHH:MM:SS.", nullable=True)}
COORD = _string('A decimal number as a string, e.g. "52.6389"; null when unknown.', True)
CONTACT_DETAILS = {
    "type": "object",
    "description": "Only the keys that have a value (email, telephone, twitter, ...).",
    "additionalProperties": {"type": "string"},
}
LINK = _object(
    {
        "url": _string(nullable=True),
        "description": _string(nullable=True),
        "title": _string(nullable=True),
    }
)
REFERENCE = _object({"id": _string(), "name": _string()})
FORCE = _object(
    {
        "id": _string(),
        "name": _string(),
        "description": _string(nullable=True),
        "url": _string(nullable=True),
        "telephone": _string(nullable=True),
        "engagement_methods": {"type": "array", "items": LINK},
    }
)
NEIGHBOURHOOD = _object(
    {
        "id": _string("The force's neighbourhood code (unique within the force only)."),
        "name": _string(),
        "description": _string(nullable=True),
        "url_force": _string(nullable=True),
        "welcome_message": _string(nullable=True),
        "population": _string("A whole number as a string; null when unknown.", True),
        "contact_details": CONTACT_DETAILS,
        "centre": _object({"latitude": COORD, "longitude": COORD}),
        "links": {"type": "array", "items": LINK},
        "locations": {
            "type": "array",
            "items": _object(
                {
                    "name": _string(nullable=True),
                    "type": _string(nullable=True),
                    "description": _string(nullable=True),
                    "address": _string(nullable=True),
                    "postcode": _string(nullable=True),
                    "latitude": COORD,
                    "longitude": COORD,
                }
            ),
        },
    }
)
BOUNDARY = {
    "type": "array",
    "items": _object({"latitude": _string(), "longitude": _string()}),
}
PEOPLE = {
    "type": "array",
    "items": _object(
        {
            "name": _string(),
            "rank": _string(nullable=True),
            "bio": _string(nullable=True),
            "contact_details": CONTACT_DETAILS,
        }
    ),
}
EVENTS = {
    "type": "array",
    "items": _object(
        {
            "title": _string(),
            "description": _string(nullable=True),
            "address": _string(nullable=True),
            "type": _string("The kind of event, e.g. pact_meeting."),
            "start_date": DATE,
            "end_date": DATE,
            "contact_details": CONTACT_DETAILS,
        }
    ),
}
PRIORITIES = {
    "type": "array",
    "items": _object(
        {
            "issue": _string(),
            "issue-date": DATE,
            "action": _string("The latest public review or feedback; null when none.", True),
            "action-date": DATE,
        }
    ),
}
LOCATION = _object({"force": _string(), "neighbourhood": _string()})


class PublicSchema(AutoSchema):
    """Operation ids from the view's ``operation_id`` (the paths alone would collide)."""

    def get_operation_id(self):
        return f"police_uk_{self.view.operation_id}"


class PublicView(APIView):
    """No authentication, JSON only, throttled per address, answers cached."""

    schema = PublicSchema()
    operation_id = ""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicThrottle]
    renderer_classes = [JSONRenderer]

    def get(self, request, **kwargs):
        timeout = settings.POLICE_UK_CACHE_SECONDS
        path = request.get_full_path()
        if timeout:
            cached, version = answer_cached(path)
            if cached is not None:
                return Response(cached)
        data = self.build(request, **kwargs)
        if timeout:
            answer_store(path, version=version, answer=data, timeout=timeout)
        return Response(data)

    def build(self, request, **kwargs):  # pragma: no cover - every subclass has one
        raise NotImplementedError

    @staticmethod
    def force_or_404(slug: str):
        force = selectors.force_get(slug)
        if force is None:
            raise exceptions.NotFound("No such force.")
        return force

    @staticmethod
    def neighbourhood_or_404(force: str, code: str):
        neighbourhood = selectors.neighbourhood_get(force, code)
        if neighbourhood is None:
            raise exceptions.NotFound("No such neighbourhood in this force.")
        return neighbourhood


TAG = ["police-uk"]


@extend_schema(tags=TAG, responses={200: {"type": "array", "items": REFERENCE}})
class ForcesView(PublicView):
    """All forces, as ``[{"id", "name"}]``."""

    operation_id = "forces"

    def build(self, request):
        return selectors.forces_list()


@extend_schema(tags=TAG, responses={200: FORCE})
class ForceView(PublicView):
    """One force: id, name, description, url, telephone, engagement_methods."""

    operation_id = "force"

    def build(self, request, force):
        return selectors.force_detail(self.force_or_404(force))


@extend_schema(tags=TAG, responses={200: {"type": "array", "items": REFERENCE}})
class NeighbourhoodsView(PublicView):
    """The force's neighbourhoods, as ``[{"id", "name"}]``."""

    operation_id = "neighbourhoods"

    def build(self, request, force):
        return selectors.neighbourhoods_list(self.force_or_404(force))


@extend_schema(tags=TAG, responses={200: NEIGHBOURHOOD})
class NeighbourhoodView(PublicView):
    """One neighbourhood in the data.police.uk shape."""

    operation_id = "neighbourhood"

    def build(self, request, force, code):
        return selectors.neighbourhood_detail(self.neighbourhood_or_404(force, code))


@extend_schema(tags=TAG, responses={200: BOUNDARY})
class BoundaryView(PublicView):
    """The boundary as a list of points (strings); empty when none is recorded."""

    operation_id = "boundary"

    def build(self, request, force, code):
        return selectors.neighbourhood_boundary(self.neighbourhood_or_404(force, code))


@extend_schema(tags=TAG, responses={200: PEOPLE})
class PeopleView(PublicView):
    """The neighbourhood's public team: officers and PCSOs posted today to a team covering it."""

    operation_id = "people"

    def build(self, request, force, code):
        return selectors.neighbourhood_people(self.neighbourhood_or_404(force, code))


@extend_schema(tags=TAG, responses={200: EVENTS})
class EventsView(PublicView):
    """Public events, upcoming first."""

    operation_id = "events"

    def build(self, request, force, code):
        return selectors.neighbourhood_events(self.neighbourhood_or_404(force, code))


@extend_schema(tags=TAG, responses={200: PRIORITIES})
class PrioritiesView(PublicView):
    """Public priorities: issue, issue-date, action (latest public review), action-date."""

    operation_id = "priorities"

    def build(self, request, force, code):
        return selectors.neighbourhood_priorities(self.neighbourhood_or_404(force, code))


@extend_schema(
    tags=TAG,
    parameters=[
        OpenApiParameter(
            "q",
            str,
            OpenApiParameter.QUERY,
            required=True,
            description="LATITUDE,LONGITUDE in WGS84, e.g. 52.6389,-1.13619.",
        )
    ],
    responses={200: LOCATION},
)
class LocateView(PublicView):
    """The force and neighbourhood containing a point; 404 when none does."""

    operation_id = "locate_neighbourhood"

    def build(self, request):
        latitude, longitude = parse_q(request.query_params.get("q"))
        found = selectors.locate_neighbourhood(latitude, longitude)
        if found is None:
            raise exceptions.NotFound("No neighbourhood contains this point.")
        return found


def parse_q(value: str | None) -> tuple[float, float]:
    """``"52.6389,-1.13619"`` -> (52.6389, -1.13619) by the one coordinate parser; a 400
    naming ``q`` with the parser's message otherwise."""
    try:
        return parse_lat_lng(value)
    except CoordinateError as error:
        raise exceptions.ValidationError({"q": [str(error)]}) from None
