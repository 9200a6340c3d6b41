"""How the nightly snapshot job is cut into pieces (issue 14 item 3): one per force, or, for a
force with more than SNAPSHOT_SPLIT_TEAMS teams, one per group of its whole BCUs of at most
that many teams (name order, greedy; a larger BCU alone) plus one for the force's own row;
each on its force's queue from SNAPSHOT_QUEUES. tests/dashboards/test_snapshot_night_bcu_groups.py
runs grouped pieces."""

import factory
import pytest
from django.db import IntegrityError, transaction

from dashboards import services
from dashboards.models import SnapshotPiece, SnapshotPieceBCU
from tests import factories as f


def _pieces(**kwargs):
    return [
        (p.kind, p.label, p.queue, [b.id for b in getattr(p, "planned_bcus", [])])
        for p in services.snapshot_night_plan(**kwargs)
    ]


@pytest.fixture
def bigshire(db):
    """A force of six BCUs with 3, 2, 4, 1, 7 and 2 teams (names in that order)."""
    force = f.ForceFactory(slug="bigshire", name="Bigshire Police")
    bcus = {}
    for code, name, teams in [
        ("A", "Abbots", 3),
        ("B", "Brook", 2),
        ("C", "Castle", 4),
        ("D", "Dale", 1),
        ("E", "Eastgate", 7),
        ("F", "Fenside", 2),
    ]:
        bcus[code] = f.BCUFactory(force=force, code=code, name=name)
        for _ in range(teams):
            f.TeamFactory(bcu=bcus[code])
    return bcus


def test_one_piece_per_force_below_the_threshold(world, settings):
    settings.SNAPSHOT_SPLIT_TEAMS = 200
    # Testshire has 3 teams, Otherforce 1: neither is split. Force name order.
    assert _pieces() == [
        ("force", "Otherforce Police", "celery", []),
        ("force", "Testshire Police", "celery", []),
    ]


def test_a_large_forces_bcus_are_packed_whole_in_name_order(bigshire, settings):
    settings.SNAPSHOT_SPLIT_TEAMS = 5  # Bigshire's 19 teams are more than 5
    b = bigshire
    assert _pieces() == [
        # Abbots 3 + Brook 2 = 5; Castle's 4 would make 9.
        (
            "bcus",
            "Bigshire Police / Abbots, Brook (2 BCUs, 5 teams)",
            "celery",
            [b["A"].id, b["B"].id],
        ),
        # Castle 4 + Dale 1 = 5; Eastgate's 7 would make 12.
        (
            "bcus",
            "Bigshire Police / Castle, Dale (2 BCUs, 5 teams)",
            "celery",
            [b["C"].id, b["D"].id],
        ),
        # Eastgate's 7 teams are more than 5: a piece alone, not cut.
        ("bcus", "Bigshire Police / Eastgate (7 teams)", "celery", [b["E"].id]),
        ("bcus", "Bigshire Police / Fenside (2 teams)", "celery", [b["F"].id]),
        ("force_row", "Bigshire Police (force row)", "celery", []),
    ]


def test_a_bcu_without_teams_joins_a_group(bigshire, settings):
    f.BCUFactory(force=f.ForceFactory(slug="bigshire"), code="AA", name="Aardvark Park")
    labels = [label for _, label, _, _ in _pieces(split_teams=5)]
    # Aardvark Park (0 teams) comes first by name and fits with Abbots and Brook.
    assert labels[0] == "Bigshire Police / Aardvark Park, Abbots, Brook (3 BCUs, 5 teams)"


def test_the_limit_at_or_above_a_forces_teams_keeps_it_whole(bigshire):
    # 19 teams, limit 19: not "more than", one piece.
    assert _pieces(split_teams=19) == [("force", "Bigshire Police", "celery", [])]
    # Limit 18: split; name order fills a first piece with Abbots..Eastgate (17 teams) and
    # leaves Fenside (2) to a second, so two pieces it is, cut evenly: the smallest cap that
    # still gives two is 10 (9 would need three: 9, 7, 2).
    assert [label for _, label, _, _ in _pieces(split_teams=18)] == [
        "Bigshire Police / Abbots, Brook, Castle, Dale (4 BCUs, 10 teams)",
        "Bigshire Police / Eastgate, Fenside (2 BCUs, 9 teams)",
        "Bigshire Police (force row)",
    ]


def test_equal_bcus_are_cut_into_even_pieces(db):
    # The Met-size force's shape scaled down by four: 32 BCUs of 5 teams (160), limit 50.
    # Greedy alone would give 50, 50, 50 and 10; the same four pieces cut evenly are 40 each.
    force = f.ForceFactory(slug="metshire", name="Metshire")
    bcus = [f.BCUFactory(force=force, code=f"M{n}", name=f"Borough {n:02}") for n in range(32)]
    f.TeamFactory.create_batch(5 * 32, bcu=factory.Iterator(bcus * 5), neighbourhoods=[])
    pieces = services.snapshot_night_plan(split_teams=50)
    assert [len(p.planned_bcus) for p in pieces[:-1]] == [8, 8, 8, 8]
    assert pieces[0].label == (
        "Metshire / Borough 00, Borough 01, Borough 02, Borough 03, Borough 04, Borough 05, "
        "Borough 06, Borough 07 (8 BCUs, 40 teams)"
    )
    assert pieces[-1].label == "Metshire (force row)"


def test_the_world_split_at_two_teams(world, settings):
    settings.SNAPSHOT_SPLIT_TEAMS = 2  # Testshire's 3 teams are more than 2; Otherforce's 1 not
    # North (2) is full; South (1) starts the next piece.
    assert _pieces() == [
        ("force", "Otherforce Police", "celery", []),
        ("bcus", "Testshire Police / North (2 teams)", "celery", [world.north.id]),
        ("bcus", "Testshire Police / South (1 team)", "celery", [world.south.id]),
        ("force_row", "Testshire Police (force row)", "celery", []),
    ]
    # Exactly the threshold is not "more than": 3 teams, threshold 3, one piece.
    assert len(_pieces(split_teams=3)) == 2


def test_a_long_label_is_cut_to_fit(db):
    force = f.ForceFactory(slug="longshire", name="Longshire Police")
    for n in range(12):
        name = f"{'Long name ' * 5}{n:02}"  # 52 characters
        f.TeamFactory(bcu=f.BCUFactory(force=force, code=f"L{n}", name=name))
    piece = services.snapshot_night_plan(split_teams=11)[0]
    # 12 BCUs of 1 team and a limit of 11: two pieces of 6; 6 names of 52 characters (322
    # with the commas) do not fit in 300.
    assert len(piece.planned_bcus) == 6
    assert len(piece.label) <= 300
    assert piece.label.startswith("Longshire Police / Long name Long name Long name Long name ")
    assert piece.label.endswith(", … (6 BCUs, 6 teams)")


def test_a_force_without_teams_still_gets_its_piece(world, settings):
    f.ForceFactory(slug="emptyshire", name="Emptyshire Police")
    assert [label for _, label, _, _ in _pieces(split_teams=1)] == [
        "Emptyshire Police",
        "Otherforce Police",
        "Testshire Police / North (2 teams)",
        "Testshire Police / South (1 team)",
        "Testshire Police (force row)",
    ]


def test_a_force_queue_routes_its_pieces(world, settings):
    settings.SNAPSHOT_QUEUES = {"testshire": "snapshots-testshire"}
    assert [(label, queue) for _, label, queue, _ in _pieces(split_teams=2)] == [
        ("Otherforce Police", "celery"),
        ("Testshire Police / North (2 teams)", "snapshots-testshire"),
        ("Testshire Police / South (1 team)", "snapshots-testshire"),
        ("Testshire Police (force row)", "snapshots-testshire"),
    ]


def test_a_night_saves_each_pieces_bcus(world, bigshire):
    night = services.snapshot_night_create(split_teams=5)
    b = bigshire
    assert {
        p.label: sorted(p.bcus.values_list("id", flat=True)) for p in night.piece_set.all()
    } == {
        "Otherforce Police": [],
        "Testshire Police": [],
        "Bigshire Police / Abbots, Brook (2 BCUs, 5 teams)": sorted([b["A"].id, b["B"].id]),
        "Bigshire Police / Castle, Dale (2 BCUs, 5 teams)": sorted([b["C"].id, b["D"].id]),
        "Bigshire Police / Eastgate (7 teams)": [b["E"].id],
        "Bigshire Police / Fenside (2 teams)": [b["F"].id],
        "Bigshire Police (force row)": [],
    }
    assert night.pieces == 7


def test_piece_units(world):
    f.TeamFactory(bcu=world.south, name="Delta NPT")  # Testshire: North 2 teams, South 2
    night = services.snapshot_night_create(split_teams=3)
    units = {p.label: services.snapshot_piece_units(p) for p in night.piece_set.all()}
    delta = world.south.teams.get(name="Delta NPT")
    assert units == {
        "Otherforce Police": [
            ("team", [world.other_team.id]),
            ("bcu", [world.other_bcu.id]),
            ("force", [world.other_force.id]),
        ],
        "Testshire Police / North (2 teams)": [
            ("team", sorted([world.alpha.id, world.bravo.id])),
            ("bcu", [world.north.id]),
        ],
        "Testshire Police / South (2 teams)": [
            ("team", sorted([world.charlie.id, delta.id])),
            ("bcu", [world.south.id]),
        ],
        "Testshire Police (force row)": [("force", [world.force.id])],
    }


def test_planning_takes_three_queries_whatever_the_number_of_forces_and_bcus(
    world, bigshire, django_assert_num_queries
):
    for n in range(3):
        force = f.ForceFactory(slug=f"extra-{n}", name=f"Extra {n}")
        for _ in range(n + 2):
            f.TeamFactory(bcu=f.BCUFactory(force=force))
    # Teams per force; the BCUs of the forces to split, with their teams; the forces.
    with django_assert_num_queries(3):
        pieces = services.snapshot_night_plan(split_teams=5)
    # Bigshire 4 + force row; Extra 0-2 (2-4 teams) whole; Otherforce, Testshire whole.
    assert len(pieces) == 5 + 3 + 2
    with django_assert_num_queries(3):
        pieces = services.snapshot_night_plan(split_teams=1)
    # Bigshire 6 BCUs + row; Extra 0-2: 2, 3, 4 BCUs + a row each; Otherforce whole;
    # Testshire 2 BCUs + row.
    assert len(pieces) == 7 + (3 + 4 + 5) + 1 + 3


def test_the_database_holds_a_force_and_a_bcu_to_one_piece_a_night(world):
    night = services.snapshot_night_create(split_teams=2)
    group = night.piece_set.get(kind="bcus", bcus=world.north)
    # A second force row for Testshire, or a whole-force piece beside its force row.
    for kind in ("force_row", "force"):
        with pytest.raises(IntegrityError, match="snapshot_piece_once_per_night"):
            with transaction.atomic():
                SnapshotPiece.objects.create(night=night, kind=kind, force=world.force, label="x")
    # North in a second piece of the same night.
    other = night.piece_set.get(kind="bcus", bcus=world.south)
    with pytest.raises(IntegrityError, match="snapshot_piece_bcu_once_per_night"):
        with transaction.atomic():
            SnapshotPieceBCU.objects.create(night=night, piece=other, bcu=world.north)
    # A kind the job does not know.
    with pytest.raises(IntegrityError, match="snapshot_piece_kind_known"):
        with transaction.atomic():
            SnapshotPiece.objects.create(night=night, kind="bcu", force=world.force, label="x")
    # Another night may of course plan North again.
    later = services.snapshot_night_create(split_teams=2)
    assert later.piece_set.get(kind="bcus", bcus=world.north).pk != group.pk
