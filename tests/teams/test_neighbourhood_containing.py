"""Point in a neighbourhood: the one lookup behind police.uk's locate-neighbourhood and the
public search."""

import pytest
from django.contrib.gis.geos import Point

from teams.selectors import neighbourhood_containing
from tests import factories as f

pytestmark = pytest.mark.django_db


def at(lat: float, lng: float) -> Point:
    return Point(lng, lat, srid=4326)


@pytest.fixture
def squares(world):
    # A1: lng -1.0..-0.99, lat 52.0..52.01. A2 overlaps A1's eastern half; Otherforce's O1 is
    # the same square as A1. B1 has no boundary recorded; C1 lies apart.
    world.a1.boundary = f.square(-1.0, 52.0)
    world.a2.boundary = f.square(-0.995, 52.0)
    world.other_neighbourhood.boundary = f.square(-1.0, 52.0)
    world.b1.boundary = None
    world.c1.boundary = f.square(-0.5, 52.0)
    for hood in (world.a1, world.a2, world.other_neighbourhood, world.b1, world.c1):
        hood.save()
    return world


def test_the_neighbourhood_containing_the_point(squares, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = neighbourhood_containing(at(52.005, -0.495))
        assert (found.force.slug, found.code) == ("testshire", "C1")


def test_none_when_no_boundary_contains_it(squares):
    assert neighbourhood_containing(at(10.0, 10.0)) is None


def test_overlaps_are_settled_by_force_slug_then_code(squares):
    # In A1, A2 and O1: "otherforce" comes before "testshire".
    found = neighbourhood_containing(at(52.005, -0.993))
    assert (found.force.slug, found.code) == ("otherforce", "O1")
    # Within Testshire: A1 before A2.
    assert neighbourhood_containing(at(52.005, -0.993), force=squares.force).code == "A1"
    # Only A2 covers its eastern strip.
    assert neighbourhood_containing(at(52.005, -0.987), force=squares.force).code == "A2"
