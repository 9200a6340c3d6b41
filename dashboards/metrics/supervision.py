"""Supervision ratio (DESIGN.md 4.2) and staffing against template (4.4).

HMIC's good range is one sergeant to 8-12 neighbourhood staff and "one sergeant to 30 staff or
more" is stretched (seeds/000_c7035e1074614552.txt lines 133-135, 890-892); Cambridgeshire had
31 sergeants to 300 constables and PCSOs, "one to every ten" (seeds/001_ad10c81bd8d5902a.txt
lines 566-570). Specials, volunteers and inspectors are not counted in the span.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest

from teams.models import Posting, PostingRole, Team, posting_active_on_q

from .common import check_level, filter_ids, num, one_scope, ratio, require, scope_policies

POSTING_KEYS = {"team": "team_id", "bcu": "team__bcu_id", "force": "team__bcu__force_id"}
TEAM_KEYS = {"team": "id", "bcu": "bcu_id", "force": "bcu__force_id"}
STAFFED_ROLES = (PostingRole.SERGEANT, PostingRole.CONSTABLE, PostingRole.PCSO)


def _fte(role: str, active: Q) -> Sum:
    return Sum("postings__fte", filter=active & Q(postings__role=role))


SUPERVISION_SUMS = ("sergeants", "constables", "pcsos", "inspectors", "hybrid", "sergeant_postings")


def supervision_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {<SUPERVISION_SUMS>..., "teams", "teams_without_sergeant",
    "teams_stretched"}}: the FTE by role of the postings active on ``as_of`` in the scope's
    teams, added up, and the count of its teams without a sergeant or stretched (each team
    judged on its own against its force's limit); one query over the teams. Everything adds
    up over a scope's teams (``rollup``; a team is in one BCU)."""
    check_level(level, POSTING_KEYS)
    key = TEAM_KEYS[level]
    active = posting_active_on_q(as_of, prefix="postings__")
    sergeant = active & Q(postings__role=PostingRole.SERGEANT)
    teams = filter_ids(Team.objects.all(), key, ids).annotate(
        sergeants=_fte(PostingRole.SERGEANT, active),
        constables=_fte(PostingRole.CONSTABLE, active),
        pcsos=_fte(PostingRole.PCSO, active),
        inspectors=_fte(PostingRole.INSPECTOR, active),
        hybrid=Count("postings", filter=sergeant & Q(postings__hybrid=True)),
        sergeant_postings=Count("postings", filter=sergeant),
    )
    zero = Decimal(0)
    rows: dict[int, dict] = {}
    found = teams.values(key, *SUPERVISION_SUMS, limit=F("bcu__force__supervision_span_limit"))
    for team in found.order_by():
        row = rows.setdefault(
            team[key],
            {
                **{name: zero for name in SUPERVISION_SUMS},
                "teams": 0,
                "teams_without_sergeant": 0,
                "teams_stretched": 0,
            },
        )
        for name in SUPERVISION_SUMS:
            row[name] += team[name] or zero
        row["teams"] += 1
        staff = (team["constables"] or zero) + (team["pcsos"] or zero)
        if not team["sergeants"]:
            row["teams_without_sergeant"] += 1
        elif staff / team["sergeants"] > team["limit"]:
            row["teams_stretched"] += 1
    return rows


def supervision_figures(row: dict, scope: dict) -> dict:
    """The figures of one scope from its row of ``supervision_rows``."""
    sergeants, constables, pcsos = (num(row.get(k)) for k in ("sergeants", "constables", "pcsos"))
    inspectors = num(row.get("inspectors"))
    span = ratio(constables + pcsos, sergeants)
    limit = scope["supervision_span_limit"]
    return {
        "sergeants": sergeants,
        "constables": constables,
        "pcsos": pcsos,
        "span": span,
        "limit": limit,
        # No sergeant: unsupervised, always flagged (stretched when anyone is unsupervised).
        "stretched": (span > limit) if span is not None else (constables + pcsos) > 0,
        "unsupervised": sergeants == 0,
        "hybrid_sergeants": int(row.get("hybrid", 0)),
        "sergeant_postings": int(row.get("sergeant_postings", 0)),
        "inspectors": inspectors,
        "sergeants_per_inspector": ratio(sergeants, inspectors),
        "amber_span": scope.get("supervision_span_amber"),
        "teams": row.get("teams", 0),
        "teams_without_sergeant": row.get("teams_without_sergeant", 0),
        "teams_stretched": row.get("teams_stretched", 0),
    }


def supervision_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: supervision figures} for every scope of ``level`` in ``ids``; two queries
    (the scopes with their policy, then the scope's teams with the FTE of their postings active
    on ``as_of`` by role), added up here: the scope's totals are the teams' FTE added up, and
    each team is also judged on its own.

    Besides the totals: ``teams`` (how many teams), ``teams_without_sergeant`` (teams with no
    sergeant on ``as_of``) and ``teams_stretched`` (teams with a sergeant whose own span is
    above the limit), so a BCU total never hides an unsupervised team (DESIGN.md 4.2);
    ``hybrid_sergeants`` (sergeant postings flagged hybrid; HMIC wants "minimal resort to
    hybrid supervision", seeds/000_c7035e1074614552.txt lines 895-899) of
    ``sergeant_postings``."""
    check_level(level, POSTING_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = supervision_rows(level=level, ids=ids, as_of=as_of)
    return {sid: supervision_figures(rows.get(sid, {}), scope) for sid, scope in scopes.items()}


def supervision(
    *,
    as_of: dt.date,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Supervision figures (DESIGN.md 4.2) for exactly one scope on ``as_of``: sergeants,
    constables, pcsos (FTE sums), span ((constables + pcsos) / sergeants, None without a
    sergeant), limit, stretched, hybrid_sergeants, sergeants_per_inspector."""
    level, scope_id = one_scope(team_id=team_id, bcu_id=bcu_id, force_id=force_id)
    return require(level, scope_id, supervision_many(level=level, ids=[scope_id], as_of=as_of))


def _in_post(role: str, as_of: dt.date) -> Coalesce:
    fte = (
        Posting.objects.active_on(as_of)
        .filter(team_id=OuterRef("pk"), role=role)
        .order_by()
        .values("team_id")
        .annotate(total=Sum("fte"))
        .values("total")
    )
    return Coalesce(Subquery(fte), Value(Decimal("0")), output_field=DecimalField())


def staffing_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"<role>_in_post", "<role>_target", "<role>_vacancies"} for sergeant,
    constable and PCSO}: sums over the scope's teams (see the many form); one query. Sums
    over teams: they add up (``rollup``; a target is None when no team has one)."""
    check_level(level, TEAM_KEYS)
    key = TEAM_KEYS[level]
    teams = filter_ids(Team.objects.all(), key, ids).annotate(
        **{f"in_{role}": _in_post(role, as_of) for role in STAFFED_ROLES}
    )
    zero = Value(Decimal("0"), output_field=DecimalField())
    aggregates = {}
    for role in STAFFED_ROLES:
        target = f"target_{role}s"
        aggregates[f"{role}_in_post"] = Sum(f"in_{role}")
        aggregates[f"{role}_target"] = Sum(target)
        aggregates[f"{role}_vacancies"] = Sum(
            Greatest(Coalesce(target, zero) - F(f"in_{role}"), zero),
            filter=Q(**{f"{target}__isnull": False}),
        )
    return {row.pop(key): row for row in teams.values(key).annotate(**aggregates).order_by()}


def staffing_figures(row: dict, scope: dict | None = None) -> dict:
    """The figures of one scope from its row of ``staffing_rows``."""
    figures = {}
    for role in STAFFED_ROLES:
        figures[role] = {
            "in_post": num(row.get(f"{role}_in_post")),
            "target": None if row.get(f"{role}_target") is None else num(row[f"{role}_target"]),
            "vacancies": num(row.get(f"{role}_vacancies")),
        }
    targets = [f["target"] for f in figures.values() if f["target"] is not None]
    return {
        "roles": figures,
        "in_post_total": sum(f["in_post"] for f in figures.values()),
        "target_total": sum(targets) if targets else None,
        "vacancies_total": sum(f["vacancies"] for f in figures.values()),
    }


def staffing_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: staffing against template} (DESIGN.md 4.4) for the teams in each scope.

    For each of sergeant, constable and PCSO: ``in_post`` (FTE of postings active on
    ``as_of``), ``target`` (sum of the teams' targets; teams without a target for the role add
    nothing) and ``vacancies`` (sum over teams of max(target - in post, 0): a surplus in one
    team does not fill another's vacancy). ``vacancies_total`` and ``target_total`` add the
    three roles. Two queries.
    """
    check_level(level, TEAM_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = staffing_rows(level=level, ids=ids, as_of=as_of)
    return {sid: staffing_figures(rows.get(sid, {})) for sid in scopes}


def staffing(
    *,
    as_of: dt.date,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Staffing against template (DESIGN.md 4.4) for exactly one scope; see staffing_many."""
    level, scope_id = one_scope(team_id=team_id, bcu_id=bcu_id, force_id=force_id)
    return require(level, scope_id, staffing_many(level=level, ids=[scope_id], as_of=as_of))
