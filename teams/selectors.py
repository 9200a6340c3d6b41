"""Reads for force structure, postings and duty time."""

import datetime as dt

from django.contrib.gis.geos import Point
from django.db.models import Case, Exists, OuterRef, QuerySet, Subquery, Sum, Value, When

from .models import DutyRecord, Force, Member, Neighbourhood, Posting, PostingRole, Team

# The roles published as a neighbourhood's team, most senior first: the officers and PCSOs who
# police it, as a neighbourhood unit's membership is described (inspectors, sergeants,
# constables, PCSOs, special constables: seeds/000 lines 916-917, domain-notes/seed_000.md) and
# as data.police.uk lists a neighbourhood team (domain-notes/anchors.md A1.1). Volunteers are
# members of staff but their names are not published.
PUBLIC_TEAM_ROLES = (
    PostingRole.INSPECTOR,
    PostingRole.SERGEANT,
    PostingRole.CONSTABLE,
    PostingRole.PCSO,
    PostingRole.SPECIAL,
)


def duty_week_rows(*, team: Team, monday: dt.date) -> list[dict]:
    """The duty-time week grid of ``team`` for the week starting ``monday``.

    One row per member posted to the team during the week (and anyone else who logged time
    in it), ordered by name, each with ``member``, ``role``, ``week_total`` and seven
    ``cells`` (``date``, ``records``, ``total``). Four queries whatever the team's size:
    postings, records, day totals and week totals (the totals are summed by PostgreSQL).
    """
    sunday = monday + dt.timedelta(days=6)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    postings = (
        Posting.objects.filter(team=team)
        .active_between(monday, sunday)
        .select_related("member")
        .order_by("member__name", "-start_date")
    )
    week = DutyRecord.objects.filter(team=team, date__range=(monday, sunday))
    records = list(week.select_related("member").order_by("member__name", "date", "id"))
    day_totals = {
        (row["member_id"], row["date"]): row["total"]
        for row in week.values("member_id", "date").annotate(total=Sum("hours"))
    }
    week_totals = dict(
        week.values("member_id").annotate(total=Sum("hours")).values_list("member_id", "total")
    )
    members: dict[int, dict] = {}
    for posting in postings:
        members.setdefault(
            posting.member_id, {"member": posting.member, "role": posting.get_role_display()}
        )
    for record in records:
        members.setdefault(record.member_id, {"member": record.member, "role": ""})
    by_cell: dict[tuple[int, dt.date], list] = {}
    for record in records:
        by_cell.setdefault((record.member_id, record.date), []).append(record)
    return [
        {
            **info,
            "week_total": week_totals.get(member_id),
            "cells": [
                {
                    "date": day,
                    "records": by_cell.get((member_id, day), []),
                    "total": day_totals.get((member_id, day)),
                }
                for day in days
            ],
        }
        for member_id, info in sorted(members.items(), key=lambda kv: kv[1]["member"].name)
    ]


def team_members_in_period(*, team: Team, start: dt.date, end: dt.date) -> dict[int, str]:
    """{member id: role} for every member posted to ``team`` at any time from ``start`` to
    ``end``; a member posted twice in the period gets the role of the later posting. One query."""
    postings = (
        Posting.objects.filter(team=team)
        .active_between(start, end)
        .order_by("member__name", "member_id", "start_date")
        .values_list("member_id", "role")
    )
    return {member_id: role for member_id, role in postings}  # later postings win


def neighbourhood_public_team(neighbourhood: Neighbourhood, *, on: dt.date) -> QuerySet[Member]:
    """The neighbourhood's team as the public sees it on ``on``: every member with a posting
    active that day, in one of ``PUBLIC_TEAM_ROLES``, in a team covering the neighbourhood;
    each member once, annotated ``team_role`` (the most senior such posting's role), ordered by
    name then staff number. The one rule behind the public neighbourhood page's team and
    police.uk's ``/{force}/{code}/people``. One query."""
    seniority = Case(
        *(When(role=role, then=Value(rank)) for rank, role in enumerate(PUBLIC_TEAM_ROLES))
    )
    postings = (
        Posting.objects.active_on(on)
        .filter(
            member_id=OuterRef("pk"),
            role__in=PUBLIC_TEAM_ROLES,
            team__neighbourhoods=neighbourhood,
        )
        .order_by(seniority, "-start_date", "id")
    )
    return (
        Member.objects.filter(Exists(postings))
        .annotate(team_role=Subquery(postings.values("role")[:1]))
        .order_by("name", "staff_number")
    )


def neighbourhood_containing(point: Point, *, force: Force | None = None) -> Neighbourhood | None:
    """The neighbourhood whose boundary contains ``point`` (PostGIS ST_Contains; WGS84), in
    ``force`` when given, with its force loaded; None when none does. Where boundaries overlap
    the choice is fixed, not left to the database: the first by force slug, then code (both
    stable across imports, unlike ids). The one lookup behind police.uk's locate-neighbourhood
    and the public search. One query."""
    found = Neighbourhood.objects.filter(boundary__contains=point)
    if force is not None:
        found = found.filter(force=force)
    return found.select_related("force").order_by("force__slug", "code").first()
