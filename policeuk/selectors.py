"""Public data in the data.police.uk shapes, for the public API and the export command.

Only public data leaves here: neighbourhoods and forces (published anyway), the neighbourhood's
public team (``teams.selectors.neighbourhood_public_team``: name, rank, bio, contact details),
public events and public priorities with their latest *public* review. Never key individuals,
notes, duty records, minutes, or anything marked not public (DESIGN.md sections 5 and 6).
"""

from django.contrib.gis.geos import Point
from django.utils import timezone

from engagement.models import Event
from policeuk import formats as fmt
from priorities.selectors import priorities_public
from teams.models import Force, Neighbourhood
from teams.selectors import neighbourhood_containing, neighbourhood_public_team


def forces_list() -> list[dict]:
    """``/forces``: ``[{"id", "name"}]`` by name (1 query)."""
    rows = Force.objects.order_by("name", "slug").values_list("slug", "name")
    return [{"id": slug, "name": name} for slug, name in rows]


def force_get(slug: str) -> Force | None:
    return Force.objects.filter(slug=slug).first()


def force_detail(force: Force) -> dict:
    return {
        "id": force.slug,
        "name": force.name,
        "description": fmt.text_out(force.description),
        "url": fmt.text_out(force.url),
        "telephone": fmt.text_out(force.telephone),
        "engagement_methods": [
            fmt.link_out(method)
            for method in (force.engagement_methods or [])
            if isinstance(method, dict)
        ],
    }


def neighbourhoods_list(force: Force) -> list[dict]:
    """``/{force}/neighbourhoods``: ``[{"id", "name"}]`` by name (1 query)."""
    rows = Neighbourhood.objects.filter(force=force).order_by("name", "code")
    return [{"id": code, "name": name} for code, name in rows.values_list("code", "name")]


def neighbourhood_get(force_slug: str, code: str) -> Neighbourhood | None:
    return (
        Neighbourhood.objects.select_related("force")
        .filter(force__slug=force_slug, code=code)
        .first()
    )


def neighbourhood_detail(neighbourhood: Neighbourhood) -> dict:
    n = neighbourhood
    return {
        "id": n.code,
        "name": n.name,
        "description": fmt.text_out(n.description),
        "url_force": fmt.text_out(n.url_force),
        "welcome_message": fmt.text_out(n.welcome_message),
        "population": None if n.population is None else str(n.population),
        "contact_details": fmt.contact_details_out({"email": n.email, "telephone": n.telephone}),
        "centre": fmt.point_out(n.centre),
        "links": [fmt.link_out(link) for link in (n.links or []) if isinstance(link, dict)],
        "locations": [
            fmt.location_out(location)
            for location in (n.locations or [])
            if isinstance(location, dict)
        ],
    }


def neighbourhood_boundary(neighbourhood: Neighbourhood) -> list[dict]:
    """The outer ring of each polygon as ``{"latitude", "longitude"}`` strings, in order."""
    if neighbourhood.boundary is None:
        return []
    points = []
    for polygon in neighbourhood.boundary:
        for lng, lat in polygon.exterior_ring.coords:
            points.append(
                {"latitude": fmt.coordinate_out(lat), "longitude": fmt.coordinate_out(lng)}
            )
    return points


def neighbourhood_people(neighbourhood: Neighbourhood, on=None) -> list[dict]:
    """The neighbourhood's public team on ``on`` (default today), as on its public page
    (``teams.selectors.neighbourhood_public_team``); 1 query."""
    members = neighbourhood_public_team(neighbourhood, on=on or timezone.localdate()).only(
        "name", "rank", "bio", "contact_details"
    )
    return [
        {
            "name": m.name,
            "rank": fmt.text_out(m.rank),
            "bio": fmt.text_out(m.bio),
            "contact_details": fmt.contact_details_out(m.contact_details),
        }
        for m in members
    ]


def _event_out(event: Event) -> dict:
    return {
        "title": event.title,
        "description": fmt.text_out(event.description),
        "address": fmt.text_out(event.address),
        "type": event.kind,
        "start_date": fmt.datetime_out(event.start),
        "end_date": fmt.datetime_out(event.end),
        "contact_details": {},
    }


def neighbourhood_events(neighbourhood: Neighbourhood, now=None) -> list[dict]:
    """Public events: upcoming ones first, soonest first; then past ones, latest first
    (2 queries)."""
    now = now or timezone.now()
    public = Event.objects.filter(neighbourhood=neighbourhood, public=True)
    fields = ("title", "description", "address", "kind", "start", "end")
    upcoming = public.filter(start__gte=now).order_by("start", "id").only(*fields)
    past = public.filter(start__lt=now).order_by("-start", "-id").only(*fields)
    return [_event_out(e) for e in [*upcoming, *past]]


def neighbourhood_priorities(neighbourhood: Neighbourhood) -> list[dict]:
    """Public priorities, latest ``issue-date`` first. ``action`` is the text of the latest
    public review, update or feedback, ``action-date`` its date; null when none (1 query)."""
    rows = (
        priorities_public(neighbourhood=neighbourhood)
        .order_by("-date_set", "-id")
        .values("title", "description", "date_set", "action", "action_date")
    )
    return [
        {
            "issue": fmt.priority_issue(row["title"], row["description"]),
            "issue-date": fmt.date_out(row["date_set"]),
            "action": fmt.text_out(row["action"]),
            "action-date": fmt.date_out(row["action_date"]),
        }
        for row in rows
    ]


def locate_neighbourhood(latitude: float, longitude: float) -> dict | None:
    """``{"force", "neighbourhood"}`` of the neighbourhood containing the point
    (``teams.selectors.neighbourhood_containing``; 1 query), or None."""
    found = neighbourhood_containing(Point(longitude, latitude, srid=4326))
    if found is None:
        return None
    return {"force": found.force.slug, "neighbourhood": found.code}
