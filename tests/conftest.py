"""Shared fixtures: one small force and a persona for every role (DESIGN.md section 5).

The world: force "Testshire" with two BCUs, North and South. North has team Alpha (covering
neighbourhoods A1 and A2) and team Bravo (B1); South has team Charlie (C1). A second force,
"Otherforce", has one BCU, team and neighbourhood, for cross-force checks. The partner
"Northtown Council" works in A1 only.

Personas (password ``correct-horse-battery``): ``force_admin``, ``force_viewer``,
``bcu_commander`` (North), ``sergeant`` (Alpha), ``officer`` (Alpha), ``other_sergeant``
(Bravo), ``partner`` (Northtown Council), ``inspector``, ``outsider_admin`` (Otherforce admin),
``superuser``.
"""

import gc
from dataclasses import dataclass

import pytest

from accounts.models import Role
from tests import factories as f

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    force: object
    north: object
    south: object
    alpha: object
    bravo: object
    charlie: object
    a1: object
    a2: object
    b1: object
    c1: object
    council: object
    other_force: object
    other_bcu: object
    other_team: object
    other_neighbourhood: object


@pytest.fixture
def world(db) -> World:
    force = f.ForceFactory(slug="testshire", name="Testshire Police")
    north = f.BCUFactory(force=force, code="N", name="North")
    south = f.BCUFactory(force=force, code="S", name="South")
    a1 = f.NeighbourhoodFactory(bcu=north, code="A1", name="Abbey")
    a2 = f.NeighbourhoodFactory(bcu=north, code="A2", name="Arbury")
    b1 = f.NeighbourhoodFactory(bcu=north, code="B1", name="Barnwell")
    c1 = f.NeighbourhoodFactory(bcu=south, code="C1", name="Cherry Hinton")
    alpha = f.TeamFactory(bcu=north, name="Alpha NPT", neighbourhoods=[a1, a2])
    bravo = f.TeamFactory(bcu=north, name="Bravo NPT", neighbourhoods=[b1])
    charlie = f.TeamFactory(bcu=south, name="Charlie NPT", neighbourhoods=[c1])
    council = f.PartnerFactory(force=force, name="Northtown Council", kind="council")
    council.neighbourhoods.set([a1])
    other_force = f.ForceFactory(slug="otherforce", name="Otherforce Police")
    other_bcu = f.BCUFactory(force=other_force, code="O", name="Other BCU")
    other_neighbourhood = f.NeighbourhoodFactory(bcu=other_bcu, code="O1", name="Elsewhere")
    other_team = f.TeamFactory(
        bcu=other_bcu, name="Other NPT", neighbourhoods=[other_neighbourhood]
    )
    return World(
        force,
        north,
        south,
        alpha,
        bravo,
        charlie,
        a1,
        a2,
        b1,
        c1,
        council,
        other_force,
        other_bcu,
        other_team,
        other_neighbourhood,
    )


@pytest.fixture
def personas(world) -> dict:
    """A user for every role, keyed by persona name."""
    make = f.UserFactory
    return {
        "force_admin": make(username="force_admin", role=Role.FORCE_ADMIN, force=world.force),
        "force_viewer": make(username="force_viewer", role=Role.FORCE_VIEWER, force=world.force),
        "bcu_commander": make(username="bcu_commander", role=Role.BCU_COMMANDER, bcu=world.north),
        "sergeant": make(username="sergeant", role=Role.SERGEANT, team=world.alpha),
        "officer": make(username="officer", role=Role.OFFICER, team=world.alpha),
        "other_sergeant": make(username="other_sergeant", role=Role.SERGEANT, team=world.bravo),
        "partner": make(username="partner", role=Role.PARTNER, partner=world.council),
        "inspector": make(username="inspector", role=Role.INSPECTOR, force=world.force),
        "outsider_admin": make(
            username="outsider_admin", role=Role.FORCE_ADMIN, force=world.other_force
        ),
        "superuser": make(username="superuser", is_superuser=True, is_staff=True),
    }


@pytest.fixture
def client_for(client, personas):
    """``client_for("sergeant")`` returns the test client signed in as that persona."""

    def _login(name: str):
        client.force_login(personas[name])
        return client

    return _login


@pytest.fixture
def gc_collections():
    """The generations of the garbage collections that start while the test runs, with the
    collector on and a threshold of one allocation, so that any new container would start one
    (``npms.collector``); the collector's state and thresholds are restored after."""
    seen: list[int] = []

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    threshold, enabled = gc.get_threshold(), gc.isenabled()
    gc.enable()
    gc.set_threshold(1, 1, 1)
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*threshold)
        (gc.enable if enabled else gc.disable)()
