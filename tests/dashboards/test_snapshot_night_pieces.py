"""How the nightly snapshot job is cut into pieces (issue 14 item 3): one per force, or, for a
force with more than SNAPSHOT_SPLIT_TEAMS teams, one per BCU plus one for the force's own row;
each on its force's queue from SNAPSHOT_QUEUES."""

from dashboards import services
from tests import factories as f


def _pieces(**kwargs):
    return [(p.kind, p.label, p.queue, p.bcu_id) for p in services.snapshot_night_plan(**kwargs)]


def test_one_piece_per_force_below_the_threshold(world, settings):
    settings.SNAPSHOT_SPLIT_TEAMS = 200
    # Testshire has 3 teams, Otherforce 1: neither is split. Force name order.
    assert _pieces() == [
        ("force", "Otherforce Police", "celery", None),
        ("force", "Testshire Police", "celery", None),
    ]


def test_a_large_force_is_split_per_bcu_plus_its_force_row(world, settings):
    settings.SNAPSHOT_SPLIT_TEAMS = 2  # Testshire's 3 teams are more than 2; Otherforce's 1 not
    assert _pieces() == [
        ("force", "Otherforce Police", "celery", None),
        ("bcu", "Testshire Police / North", "celery", world.north.id),
        ("bcu", "Testshire Police / South", "celery", world.south.id),
        ("force_row", "Testshire Police (force row)", "celery", None),
    ]
    # Exactly the threshold is not "more than": 3 teams, threshold 3, one piece.
    assert len(_pieces(split_teams=3)) == 2


def test_a_force_without_teams_still_gets_its_piece(world, settings):
    f.ForceFactory(slug="emptyshire", name="Emptyshire Police")
    assert [label for _, label, _, _ in _pieces(split_teams=1)] == [
        "Emptyshire Police",
        "Otherforce Police",
        "Testshire Police / North",
        "Testshire Police / South",
        "Testshire Police (force row)",
    ]


def test_a_force_queue_routes_its_pieces(world, settings):
    settings.SNAPSHOT_QUEUES = {"testshire": "snapshots-testshire"}
    assert [(label, queue) for _, label, queue, _ in _pieces(split_teams=2)] == [
        ("Otherforce Police", "celery"),
        ("Testshire Police / North", "snapshots-testshire"),
        ("Testshire Police / South", "snapshots-testshire"),
        ("Testshire Police (force row)", "snapshots-testshire"),
    ]


def test_piece_units(world):
    night = services.snapshot_night_create(split_teams=2)
    units = {p.label: services.snapshot_piece_units(p) for p in night.piece_set.all()}
    assert units == {
        "Otherforce Police": [
            ("team", [world.other_team.id]),
            ("bcu", [world.other_bcu.id]),
            ("force", [world.other_force.id]),
        ],
        "Testshire Police / North": [
            ("team", sorted([world.alpha.id, world.bravo.id])),
            ("bcu", [world.north.id]),
        ],
        "Testshire Police / South": [("team", [world.charlie.id]), ("bcu", [world.south.id])],
        "Testshire Police (force row)": [("force", [world.force.id])],
    }


def test_planning_takes_three_queries_whatever_the_number_of_forces(
    world, django_assert_num_queries
):
    for n in range(3):
        force = f.ForceFactory(slug=f"extra-{n}", name=f"Extra {n}")
        f.TeamFactory(bcu=f.BCUFactory(force=force))
    # Teams per force; the BCUs of the forces to split; the forces.
    with django_assert_num_queries(3):
        pieces = services.snapshot_night_plan(split_teams=1)
    # Extra 0-2 (1 team each, not split), Otherforce, Testshire's North, South and force row.
    assert len(pieces) == 3 + 1 + 3
