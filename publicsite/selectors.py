"""Reads for the public neighbourhood pages: public data only (DESIGN.md sections 5 and 7).

Nothing here returns KIN, notes, duty records, non-public priorities, reviews or events.
"""

from __future__ import annotations

import datetime as dt
import json

from django.db.models import Q, QuerySet

from engagement.models import Event
from priorities.models import Status
from priorities.selectors import priorities_public
from teams.models import Neighbourhood, PostingRole
from teams.selectors import neighbourhood_public_team


def neighbourhood_outlines() -> dict:
    """Every neighbourhood's boundary, simplified to about 10 m, as a GeoJSON FeatureCollection
    with each feature's name and public page address: the search map draws them so a visitor
    can find their area even where no background map tiles load. One query."""
    from django.contrib.gis.db.models import GeometryField
    from django.contrib.gis.db.models.functions import AsGeoJSON
    from django.db.models import Func, Value
    from django.urls import reverse

    class SimplifyPreserveTopology(Func):
        # PostGIS ST_SimplifyPreserveTopology: fewer vertices, shared edges kept valid.
        function = "ST_SimplifyPreserveTopology"
        output_field = GeometryField(srid=4326)

    rows = (
        Neighbourhood.objects.filter(boundary__isnull=False)
        .annotate(
            outline=AsGeoJSON(SimplifyPreserveTopology("boundary", Value(0.0001)), precision=5)
        )
        .order_by("force__slug", "code")
        .values_list("name", "code", "force__slug", "outline")
    )
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "url": reverse("publicsite:neighbourhood", args=[force, code]),
                },
                "geometry": json.loads(outline),
            }
            for name, code, force, outline in rows
        ],
    }


def neighbourhoods_named(text: str, *, limit: int = 20) -> QuerySet[Neighbourhood]:
    text = (text or "").strip()
    return (
        Neighbourhood.objects.filter(Q(name__icontains=text) | Q(code__iexact=text))
        .select_related("force")
        .order_by("name")[:limit]
    )


def public_page(neighbourhood: Neighbourhood, *, now: dt.datetime, closed_limit: int = 5) -> dict:
    """What the public neighbourhood page shows, as lists (a fixed number of queries)."""
    today = now.date()
    priorities = priorities_public(neighbourhood=neighbourhood)
    return {
        "open_priorities": list(priorities.filter(status=Status.OPEN).order_by("-date_set")),
        "closed_priorities": list(
            priorities.filter(status=Status.CLOSED).order_by("-closed_on")[:closed_limit]
        ),
        "meetings": list(
            Event.objects.filter(neighbourhood=neighbourhood, public=True, start__gte=now).order_by(
                "start"
            )[:5]
        ),
        "people": [
            {"name": member.name, "role": PostingRole(member.team_role).label}
            for member in neighbourhood_public_team(neighbourhood, on=today)
        ],
    }
