"""Adding up a metric's finest figures into every level at once (issue 14, the nightly job).

The nightly job needs each metric for every team, BCU and force. Asking PostgreSQL once per
level repeats the expensive part (a subquery per neighbourhood, a join per priority) three
times; for the figures that are counts or sums of rows that each belong to ONE neighbourhood
(priorities, plans, contacts, the neighbourhoods themselves) or to ONE team (postings), the job
computes them once per neighbourhood or team and adds them up here.

Why from neighbourhoods and not from teams: a team covers its neighbourhoods through an M2M and
a neighbourhood may be covered by two teams, of one BCU or of two (DESIGN.md section 3: panels
and teams are not one-to-one). The selectors count a neighbourhood-owned row for a BCU or a
force through the neighbourhood's own ``bcu``/``force`` (``common.NEIGHBOURHOOD_KEYS``), once,
whichever teams cover it; adding up the teams' figures would count a shared neighbourhood twice.
So a team's figure is the sum over its neighbourhoods, a BCU's and a force's the sum over the
neighbourhoods that are theirs. Team-owned rows (postings, staffing targets) add up through
``team.bcu`` and ``bcu.force``: a team is in exactly one BCU.

What does not add up is not added up: a median needs the items (the ages of the priorities),
so it is computed from them (``priorities.priority_ages_levels``); an average is a sum and a
count added up, divided once (``problem_solving.plan_quality_levels``); "latest" and "stalest"
are the max and min of the neighbourhoods'.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q

from teams.models import Neighbourhood, Team

ROLLUP_LEVELS = ("team", "bcu", "force")


@dataclass
class ScopeTree:
    """Which neighbourhoods and which teams make up each scope of the job's units.

    ``hood_ids`` / ``team_ids``: every neighbourhood / team any unit needs, or None for all
    (a unit with ``ids`` None). ``hoods[level][scope id]`` / ``teams[level][scope id]``: the
    neighbourhood ids / team ids counted for that scope (a team's covered neighbourhoods; a
    BCU's or force's own)."""

    hood_ids: list[int] | None
    team_ids: list[int] | None
    hoods: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    teams: dict[str, dict[int, list[int]]] = field(default_factory=dict)


def scope_tree(*, units: Iterable[tuple[str, object, Mapping]]) -> ScopeTree:
    """The ScopeTree of ``units`` ((level, ids, scopes) with scopes from ``scope_policies``;
    levels team, bcu, force). Three queries whatever the number of scopes: the neighbourhoods
    (with their BCU and force), the team-neighbourhood links, the teams (with BCU and force)."""
    wanted: dict[str, set[int] | None] = {level: set() for level in ROLLUP_LEVELS}
    for level, ids, scopes in units:
        if level not in wanted:
            raise ValueError(f"level must be one of {', '.join(ROLLUP_LEVELS)}, not {level!r}")
        if ids is None or wanted[level] is None:
            wanted[level] = None
        else:
            wanted[level] |= set(scopes)
    every = any(ids is None for ids in wanted.values())
    links = Team.neighbourhoods.through.objects.all()
    if not every:
        links = links.filter(
            Q(team_id__in=wanted["team"])
            | Q(team__bcu_id__in=wanted["bcu"])
            | Q(team__bcu__force_id__in=wanted["force"])
        )
    hood_rows = Neighbourhood.objects.all()
    team_rows = Team.objects.all()
    if not every:
        by_team = Team.neighbourhoods.through.objects.filter(team_id__in=wanted["team"])
        hood_rows = hood_rows.filter(
            Q(id__in=by_team.values("neighbourhood_id"))
            | Q(bcu_id__in=wanted["bcu"])
            | Q(force_id__in=wanted["force"])
        )
        team_rows = team_rows.filter(
            Q(id__in=wanted["team"])
            | Q(bcu_id__in=wanted["bcu"])
            | Q(bcu__force_id__in=wanted["force"])
        )
    hood_list = list(hood_rows.order_by("id").values_list("id", "bcu_id", "force_id"))
    team_list = list(team_rows.order_by("id").values_list("id", "bcu_id", "bcu__force_id"))
    tree = ScopeTree(
        hood_ids=None if every else [h for h, _b, _f in hood_list],
        team_ids=None if every else [t for t, _b, _f in team_list],
        hoods={level: {} for level in ROLLUP_LEVELS},
        teams={level: {} for level in ROLLUP_LEVELS},
    )
    known = set()
    for hood, bcu, force in hood_list:
        known.add(hood)
        tree.hoods["bcu"].setdefault(bcu, []).append(hood)
        tree.hoods["force"].setdefault(force, []).append(hood)
    for team, hood in links.order_by("team_id", "neighbourhood_id").values_list(
        "team_id", "neighbourhood_id"
    ):
        if hood in known:
            tree.hoods["team"].setdefault(team, []).append(hood)
    for team, bcu, force in team_list:
        tree.teams["team"][team] = [team]
        tree.teams["bcu"].setdefault(bcu, []).append(team)
        tree.teams["force"].setdefault(force, []).append(team)
    return tree


def _sum(values: list):
    present = [v for v in values if v is not None]
    return sum(present[1:], present[0]) if present else None


def _max(values: list):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def _min(values: list):
    present = [v for v in values if v is not None]
    return min(present) if present else None


# How a field of a finest row combines: counts and sums add (None only when every part is
# None: a staffing target no team has); "latest"/"stalest" dates take the max/min.
SUM, MAX, MIN = _sum, _max, _min


def add_up(
    rows: Mapping[int, Mapping],
    parts: Mapping[int, list[int]],
    scope_ids: Iterable[int],
    *,
    combine: Mapping[str, Callable[[list], object]] | None = None,
) -> dict[int, dict]:
    """{scope id: row} for each of ``scope_ids`` that has at least one part with a row: each
    field of ``rows`` (the finest rows: {neighbourhood or team id: {field: value}}) added up
    over the scope's ``parts`` (their ids), or combined by ``combine[field]`` (MAX, MIN). A
    scope none of whose parts has a row is left out, as a GROUP BY leaves it out, so the
    metric's own defaults (0, None) apply."""
    combine = combine or {}
    out = {}
    for sid in scope_ids:
        found = [rows[p] for p in parts.get(sid, ()) if p in rows]
        if not found:
            continue
        if len(found) == 1:  # most teams cover one neighbourhood: nothing to combine
            out[sid] = dict(found[0])
            continue
        names = dict.fromkeys(name for row in found for name in row)  # a part may lack some
        out[sid] = {
            name: combine.get(name, SUM)([row.get(name) for row in found]) for name in names
        }
    return out
