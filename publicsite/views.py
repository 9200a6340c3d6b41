"""The public neighbourhood page and its search: no sign-in, public data only."""

import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.contrib.gis.geos import Point
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from npms.coordinates import NotANumber, OutOfRange, parse_lat_lng
from teams.models import Neighbourhood
from teams.selectors import neighbourhood_containing

from . import selectors

# A neighbourhood's name or a "lat,lng" point is short; anything longer is refused.
MAX_QUERY = 200


def search(request):
    """Find a neighbourhood by name, or by a point ("lat,lng", or a click on the map)."""
    q = request.GET.get("q", "").strip()
    results, error = None, None
    if len(q) > MAX_QUERY:
        # Never echo a huge query back (issue 13): say so, keep only its beginning in the
        # box, and search nothing.
        error = (
            f"Your search is {len(q):,} characters long. Enter at most {MAX_QUERY}: a "
            "neighbourhood’s name, or a point as “latitude,longitude”."
        )
        q = q[:MAX_QUERY]
    try:
        point = parse_lat_lng(q) if q and error is None else None
    except OutOfRange as bad_point:
        point, error = None, str(bad_point)  # two numbers, but no place on Earth
    except NotANumber:
        point = None  # not a point: a name
    if point is not None:
        found = neighbourhood_containing(Point(point[1], point[0], srid=4326))
        if found is not None:
            return redirect("publicsite:neighbourhood", force=found.force.slug, code=found.code)
        error = "No neighbourhood we know of covers that point. Try a name instead."
    elif q and error is None:
        if len(q) < 2:
            error = "Enter at least 2 letters of the neighbourhood’s name."
        else:
            results = list(selectors.neighbourhoods_named(q))
            if not results:
                error = f"No neighbourhood is called “{q}”. Try part of the name, or click the map."
    return render(
        request,
        "publicsite/search.html",
        {
            "q": q,
            "results": results,
            "error": error,
            "outlines": selectors.neighbourhood_outlines(),
        },
    )


def neighbourhood(request, force: str, code: str):
    """Your team, your priorities, what we did, and the next public meetings."""
    place = get_object_or_404(
        Neighbourhood.objects.select_related("force").annotate(
            boundary_geojson=AsGeoJSON("boundary", precision=6)
        ),
        force__slug=force,
        code=code,
    )
    page = selectors.public_page(place, now=timezone.now())
    map_data = {
        "boundary": json.loads(place.boundary_geojson) if place.boundary_geojson else None,
        "centre": [place.centre.y, place.centre.x] if place.centre else None,
    }
    return render(
        request,
        "publicsite/neighbourhood.html",
        {"place": place, "map_data": map_data, **page},
    )
