"""Reads for force structure, postings and duty time."""

import datetime as dt

from django.contrib.gis.geos import Point
from django.db.models import Case, Exists, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Greatest

from npms.scope import FORCE_ADMIN, OFFICER, SERGEANT, Scope

from .models import (
    ABSTRACTION_ACTIVITIES,
    BCU,
    DEDICATED_ACTIVITIES,
    OFF_ACTIVITIES,
    SICKNESS_ACTIVITIES,
    DutyRecord,
    Force,
    Member,
    Neighbourhood,
    Partner,
    Posting,
    PostingRole,
    Team,
)

WORKED_ACTIVITIES = DEDICATED_ACTIVITIES | ABSTRACTION_ACTIVITIES

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
    in it), ordered by name, each with ``member``, ``role``, ``posted`` (False for someone who
    only logged time here), ``week`` (hours ``worked`` as the abstraction figures count
    working time, ``off`` (rest days and leave), ``sick`` (``sick_counted``: included in
    ``worked``) and paid ``overtime``, None when there are none) and seven ``cells``
    (``date``, ``records``, ``total``). Four queries whatever the team's size: postings,
    records, day totals and week totals (summed by PostgreSQL; ``team.bcu.force`` selected).
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
    # The week column counts working time the way the abstraction panel does (DESIGN.md 4.1):
    # dedicated and abstraction activities, and sickness when the force counts it as an
    # abstraction; rest days and leave, and paid overtime, are shown beside it, never added to
    # it (issue 13: "56 h shown for 40 h worked"). ``team.bcu.force`` is selected by the pages.
    sick_counted = team.bcu.force.sickness_is_abstraction
    working = WORKED_ACTIVITIES | (SICKNESS_ACTIVITIES if sick_counted else frozenset())
    not_ot = Q(paid_overtime=False)
    week_totals = {
        row.pop("member_id"): {**row, "sick_counted": sick_counted}
        for row in week.values("member_id").annotate(
            worked=Sum("hours", filter=not_ot & Q(activity__in=sorted(working))),
            off=Sum("hours", filter=not_ot & Q(activity__in=sorted(OFF_ACTIVITIES))),
            sick=Sum("hours", filter=not_ot & Q(activity__in=sorted(SICKNESS_ACTIVITIES))),
            overtime=Sum("hours", filter=Q(paid_overtime=True)),
        )
    }
    members: dict[int, dict] = {}
    for posting in postings:
        members.setdefault(
            posting.member_id,
            {"member": posting.member, "role": posting.get_role_display(), "posted": True},
        )
    for record in records:
        members.setdefault(record.member_id, {"member": record.member, "role": "", "posted": False})
    by_cell: dict[tuple[int, dt.date], list] = {}
    for record in records:
        by_cell.setdefault((record.member_id, record.date), []).append(record)
    return [
        {
            **info,
            "week": week_totals.get(member_id, {}),
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


# ---------------------------------------------------------------------------------------------
# Who may read and write the force structure, people and duty time (DESIGN.md section 5).
# Every page, API view, form choice list and export asks these; nothing re-derives a scope.


def forces_visible(scope: Scope) -> QuerySet[Force]:
    """The caller's own force; every force for a superuser; none for the public."""
    if scope.superuser:
        return Force.objects.all()
    if not scope.authenticated or scope.force_id is None:
        return Force.objects.none()
    return Force.objects.filter(pk=scope.force_id)


def bcus_visible(scope: Scope) -> QuerySet[BCU]:
    if scope.superuser:
        return BCU.objects.all()
    if scope.force_wide:
        return BCU.objects.filter(force_id=scope.force_id)
    if scope.is_bcu_commander:
        return BCU.objects.filter(pk=scope.bcu_id)
    if scope.in_team and scope.team_id:
        return BCU.objects.filter(teams=scope.team_id)
    return BCU.objects.none()


def _visible_team(scope: Scope, path: str = "") -> Q | None:
    """The condition ``teams_visible`` puts on a team, on the team ``path`` leads to (``""``:
    the team itself; ``"team__"``: a row's team); None when no team is visible."""
    if scope.superuser:
        return Q()
    if scope.force_wide:
        return Q(**{f"{path}bcu__force_id": scope.force_id})
    if scope.is_bcu_commander:
        return Q(**{f"{path}bcu_id": scope.bcu_id})
    if scope.in_team:
        return Q(**{f"{path}pk": scope.team_id})
    return None


def teams_visible(scope: Scope) -> QuerySet[Team]:
    visible = _visible_team(scope)
    return Team.objects.none() if visible is None else Team.objects.filter(visible)


def teams_manageable(scope: Scope) -> QuerySet[Team]:
    """Teams whose priorities, meetings, duty records and contacts the caller may change:
    the team's sergeant, a force admin of its force, a superuser (DESIGN.md section 5)."""
    if scope.superuser:
        return Team.objects.all()
    if scope.has_role(SERGEANT):
        return Team.objects.filter(pk=scope.team_id)
    if scope.has_role(FORCE_ADMIN):
        return Team.objects.filter(bcu__force_id=scope.force_id)
    return Team.objects.none()


def teams_recordable(scope: Scope) -> QuerySet[Team]:
    """Teams for which the caller may log events and contacts (and their own duty): those it
    manages, and an officer's own team."""
    if scope.has_role(OFFICER):
        return Team.objects.filter(pk=scope.team_id)
    return teams_manageable(scope)


def team_permissions(scope: Scope, team: Team) -> dict[str, bool]:
    """What the caller may do with ``team``, worked out without a query (``team.bcu`` is
    read, so select it): ``manage`` (as ``teams_manageable``), ``record`` (as
    ``teams_recordable``) and ``key_individuals`` (as
    ``teams_with_key_individuals_visible``). The same rules as those querysets, written for
    one team in hand; tests/teams/test_team_permissions.py checks that the two agree."""
    if scope.superuser:
        return {"manage": True, "record": True, "key_individuals": True}
    own_team = scope.in_team and scope.team_id == team.pk
    manage = (scope.has_role(SERGEANT) and own_team) or (
        scope.has_role(FORCE_ADMIN) and scope.force_id == team.bcu.force_id
    )
    record = manage or (scope.has_role(OFFICER) and own_team)
    return {"manage": manage, "record": record, "key_individuals": own_team}


def teams_with_key_individuals_visible(scope: Scope) -> QuerySet[Team]:
    """Teams whose key individual network the caller may read: personal data for the team's
    own eyes (its sergeant and officers) and superusers."""
    if scope.superuser:
        return Team.objects.all()
    if scope.in_team:
        return Team.objects.filter(pk=scope.team_id)
    return Team.objects.none()


def neighbourhoods_visible(scope: Scope) -> QuerySet[Neighbourhood]:
    """Neighbourhoods the caller works in; for a partner, its ``Partner.neighbourhoods``."""
    if scope.superuser:
        return Neighbourhood.objects.all()
    if scope.force_wide:
        return Neighbourhood.objects.filter(force_id=scope.force_id)
    if scope.is_bcu_commander:
        return Neighbourhood.objects.filter(bcu_id=scope.bcu_id)
    if scope.in_team:
        return Neighbourhood.objects.filter(teams=scope.team_id)
    if scope.is_partner:
        return Neighbourhood.objects.filter(partners=scope.partner_id)
    return Neighbourhood.objects.none()


def neighbourhoods_manageable(scope: Scope) -> QuerySet[Neighbourhood]:
    """Neighbourhoods whose priorities the caller may change: those of a sergeant's team, a
    force admin's force, everything for a superuser."""
    if scope.superuser:
        return Neighbourhood.objects.all()
    if scope.has_role(SERGEANT):
        return Neighbourhood.objects.filter(teams=scope.team_id)
    if scope.has_role(FORCE_ADMIN):
        return Neighbourhood.objects.filter(force_id=scope.force_id)
    return Neighbourhood.objects.none()


def partners_visible(scope: Scope) -> QuerySet[Partner]:
    """Partner organisations: a partner sees itself; police roles their force's."""
    if scope.superuser:
        return Partner.objects.all()
    if scope.is_partner:
        return Partner.objects.filter(pk=scope.partner_id)
    if scope.is_police and scope.force_id:
        return Partner.objects.filter(force_id=scope.force_id)
    return Partner.objects.none()


def members_visible(scope: Scope) -> QuerySet[Member]:
    """Members of staff: the force's for force-wide roles; those with a posting in a visible
    team otherwise; none for partners and the public."""
    if scope.superuser:
        return Member.objects.all()
    if not scope.is_police:
        return Member.objects.none()
    if scope.force_wide:
        return Member.objects.filter(force_id=scope.force_id)
    posted = Posting.objects.filter(team__in=teams_visible(scope)).values("member_id")
    return Member.objects.filter(pk__in=posted)


def members_writable(scope: Scope) -> QuerySet[Member]:
    """Members whose duty time the caller may record: an officer only themself; a sergeant
    the members posted (at any time) to their team; a force admin the force's members."""
    if scope.superuser:
        return Member.objects.all()
    if scope.has_role(OFFICER):
        return Member.objects.filter(user_id=scope.user_id)
    if scope.has_role(SERGEANT, FORCE_ADMIN):
        posted = Posting.objects.filter(team__in=teams_manageable(scope)).values("member_id")
        return Member.objects.filter(pk__in=posted)
    return Member.objects.none()


def postings_visible(scope: Scope) -> QuerySet[Posting]:
    """Postings in the caller's teams (police only)."""
    if not scope.is_police:
        return Posting.objects.none()
    if scope.superuser:
        return Posting.objects.all()
    return Posting.objects.filter(team__in=teams_visible(scope))


def duty_records_visible(scope: Scope) -> QuerySet[DutyRecord]:
    """Duty time of the caller's teams (``teams_visible``); never partners or the public
    (DESIGN.md section 5). The teams' condition is joined, not a subquery of team ids: for
    the newest records first, PostgreSQL checked the subquery record by record through the
    other forces' records of the same days (a force admin's first page of 50 over the 43
    forces: 36.7 ms; joined, 15.9 ms)."""
    visible = _visible_team(scope, "team__") if scope.is_police else None
    return DutyRecord.objects.none() if visible is None else DutyRecord.objects.filter(visible)


def duty_records_writable(scope: Scope) -> QuerySet[DutyRecord]:
    """Duty records the caller may change or delete: any in a managed team; an officer's
    own records in their own team."""
    if scope.superuser:
        return DutyRecord.objects.all()
    if scope.has_role(OFFICER):
        return DutyRecord.objects.filter(team_id=scope.team_id, member__user_id=scope.user_id)
    return DutyRecord.objects.filter(team__in=teams_manageable(scope))


def duty_members_editable(scope: Scope, *, team: Team, date: dt.date) -> QuerySet[Member]:
    """Members whose day in ``team`` the caller may edit in the week grid: members posted to
    the team on ``date`` (time lent elsewhere is recorded in the member's own team, DESIGN.md
    section 3), narrowed to the caller's writable members."""
    posted = Posting.objects.filter(team=team).active_on(date)
    return members_writable(scope).filter(pk__in=posted.values("member_id"))


def duty_members_editable_in_week(scope: Scope, *, team: Team, monday: dt.date) -> QuerySet[Member]:
    """Members whose week in ``team`` the caller may fill (the bulk entry under the week grid):
    as ``duty_members_editable``, for members posted to the team on any day of the week."""
    posted = Posting.objects.filter(team=team).active_between(monday, monday + dt.timedelta(days=6))
    return members_writable(scope).filter(pk__in=posted.values("member_id")).order_by("name")


def figures_changed_at(*, level: str, ids) -> dict[int, dt.datetime]:
    """{scope id: when data behind its figures last changed} for teams, BCUs or forces: a
    team's own marker; a BCU's the latest of its own and its teams'; a force's the latest of its
    own, its BCUs' and its teams' (``FiguresMarked``). A scope never changed is left out. One
    query."""
    ids = list(ids)
    if level == "team":
        rows = Team.objects.filter(pk__in=ids).values_list("pk", "figures_changed_at")
    elif level == "bcu":
        rows = (
            BCU.objects.filter(pk__in=ids)
            .annotate(latest=Greatest("figures_changed_at", Max("teams__figures_changed_at")))
            .values_list("pk", "latest")
        )
    elif level == "force":
        rows = (
            Force.objects.filter(pk__in=ids)
            .annotate(
                latest=Greatest(
                    "figures_changed_at",
                    Max("bcus__figures_changed_at"),
                    Max("bcus__teams__figures_changed_at"),
                )
            )
            .values_list("pk", "latest")
        )
    else:
        raise ValueError(f"Unknown level {level!r}")
    return {pk: latest for pk, latest in rows.order_by() if latest is not None}


def scopes_changed_since(
    *,
    level: str,
    scopes,
    computed_at: dt.datetime | dict[int, dt.datetime],
    markers: dict[int, dt.datetime | None] | None = None,
) -> set[int]:
    """The ids of ``scopes`` (ids, or a dict keyed by id) of ``level`` (team, bcu, force) whose
    data changed after ``computed_at`` (one time for all, or {scope id: time}, e.g. each
    scope's snapshot): figures computed then no longer hold for them and must be computed live.
    A scope missing from a ``computed_at`` dict is not judged (the caller has nothing to
    compare). One query (none when there is no scope, or when ``markers``, what
    ``figures_changed_at`` answered for these scopes in the same request, is given)."""
    ids = [sid for sid in scopes if not isinstance(computed_at, dict) or sid in computed_at]
    if not ids:
        return set()
    changed = figures_changed_at(level=level, ids=ids) if markers is None else markers
    when = computed_at if isinstance(computed_at, dict) else dict.fromkeys(ids, computed_at)
    return {sid for sid, at in changed.items() if sid in when and at and at > when[sid]}
