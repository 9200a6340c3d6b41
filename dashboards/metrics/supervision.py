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

from teams.models import Posting, PostingRole, Team

from .common import check_level, filter_ids, num, one_scope, ratio, require, scope_policies

POSTING_KEYS = {"team": "team_id", "bcu": "team__bcu_id", "force": "team__bcu__force_id"}
TEAM_KEYS = {"team": "id", "bcu": "bcu_id", "force": "bcu__force_id"}
STAFFED_ROLES = (PostingRole.SERGEANT, PostingRole.CONSTABLE, PostingRole.PCSO)


def _fte(role: str, extra: Q | None = None) -> Sum:
    condition = Q(role=role) if extra is None else Q(role=role) & extra
    return Sum("fte", filter=condition)


def supervision_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: supervision figures} for every scope of ``level`` in ``ids``; two queries
    (the scopes with their policy, then one GROUP BY over the postings active on ``as_of``)."""
    check_level(level, POSTING_KEYS)
    key = POSTING_KEYS[level]
    scopes = scope_policies(level, ids) if scopes is None else scopes
    postings = filter_ids(Posting.objects.active_on(as_of), key, ids)
    rows = {
        row[key]: row
        for row in postings.values(key)
        .annotate(
            sergeants=_fte(PostingRole.SERGEANT),
            constables=_fte(PostingRole.CONSTABLE),
            pcsos=_fte(PostingRole.PCSO),
            inspectors=_fte(PostingRole.INSPECTOR),
            hybrid=Count("id", filter=Q(role=PostingRole.SERGEANT, hybrid=True)),
        )
        .order_by()
    }
    out = {}
    for scope_id, scope in scopes.items():
        row = rows.get(scope_id, {})
        sergeants, constables, pcsos = (
            num(row.get(k)) for k in ("sergeants", "constables", "pcsos")
        )
        inspectors = num(row.get("inspectors"))
        span = ratio(constables + pcsos, sergeants)
        limit = scope["supervision_span_limit"]
        out[scope_id] = {
            "sergeants": sergeants,
            "constables": constables,
            "pcsos": pcsos,
            "span": span,
            "limit": limit,
            # No sergeant: unsupervised, always flagged (stretched when anyone is unsupervised).
            "stretched": (span > limit) if span is not None else (constables + pcsos) > 0,
            "unsupervised": sergeants == 0,
            "hybrid_sergeants": row.get("hybrid", 0),
            "inspectors": inspectors,
            "sergeants_per_inspector": ratio(sergeants, inspectors),
        }
    return out


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
    key = TEAM_KEYS[level]
    scopes = scope_policies(level, ids) if scopes is None else scopes
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
    rows = {row[key]: row for row in teams.values(key).annotate(**aggregates).order_by()}
    out = {}
    for scope_id in scopes:
        row = rows.get(scope_id, {})
        figures = {}
        for role in STAFFED_ROLES:
            figures[role] = {
                "in_post": num(row.get(f"{role}_in_post")),
                "target": None if row.get(f"{role}_target") is None else num(row[f"{role}_target"]),
                "vacancies": num(row.get(f"{role}_vacancies")),
            }
        targets = [f["target"] for f in figures.values() if f["target"] is not None]
        out[scope_id] = {
            "roles": figures,
            "in_post_total": sum(f["in_post"] for f in figures.values()),
            "target_total": sum(targets) if targets else None,
            "vacancies_total": sum(f["vacancies"] for f in figures.values()),
        }
    return out


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
