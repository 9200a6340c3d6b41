"""Meeting cadence, contact responsiveness and named-officer coverage (DESIGN.md 4.4).

PACT meetings every two to three months (seeds/004_9fc604fdf3343b13.txt line 8427):
``Force.meeting_interval_days`` (default 90). Contacts answered within
``Force.contact_response_hours`` (default 72; cf. "contact with every victim within 72 hours",
seeds/004 lines 13539-13552).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from engagement.models import PRIORITY_SETTING_KINDS, Event, PublicContact
from teams.models import HasPublicContact, Neighbourhood, Posting, PostingRole

from .common import (
    NEIGHBOURHOOD_KEYS,
    check_level,
    filter_ids,
    one_scope,
    require,
    scope_policies,
)
from .priorities import NEIGHBOURHOOD_SELF_KEYS
from .rag import MEETING_AMBER_FRACTION


def _last_meeting(as_of: dt.date):
    """Date (local) of the neighbourhood's latest priority-setting event on or before as_of: one
    held for the neighbourhood, or one held by a team covering it with no neighbourhood set (a
    team's panel for several neighbourhoods counts for each of them; panels and teams are not
    one-to-one, DESIGN.md section 3).

    Two subqueries, the later of the two (GREATEST ignores a NULL): one per kind of event, so
    each reads its index ((neighbourhood, kind, start) and (team, start)) instead of every
    event (a single OR of both took about 3 s per call on the Met-size force, measured by
    ``manage.py bench``). "Held on or before as_of" is ``start`` before the local midnight
    that ends ``as_of``: the same as the local date of ``start`` <= as_of, on the index."""
    before = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time.min))
    kinds = sorted(PRIORITY_SETTING_KINDS)
    own = (
        Event.objects.filter(neighbourhood_id=OuterRef("pk"), kind__in=kinds, start__lt=before)
        .order_by("-start")
        .annotate(day=TruncDate("start"))
        .values("day")[:1]
    )
    panel = (
        Event.objects.filter(
            neighbourhood__isnull=True,
            team__neighbourhoods=OuterRef("pk"),
            kind__in=kinds,
            start__lt=before,
        )
        .order_by("-start")
        .annotate(day=TruncDate("start"))
        .values("day")[:1]
    )
    return Greatest(Subquery(own), Subquery(panel))


def meeting_cadence_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"total", "never", "overdue", "due_soon", "latest", "stalest"}}: counts of
    the scope's neighbourhoods (all; never met; overdue; due soon, see the many form) and the
    latest and the stalest of their last meetings on or before ``as_of``; one query. The
    counts add up over a scope's neighbourhoods, latest and stalest are their max and min
    (``rollup``).

    The query lists each (scope, neighbourhood) with its last meeting and the force's interval,
    and the neighbourhoods are counted here: PostgreSQL does not reuse a subquery's result
    within a row, so counting in SQL ran the two last-meeting subqueries once per aggregate
    that reads them (nine times per neighbourhood, measured with EXPLAIN ANALYZE on the
    Met-size bench: 0.3 s of 0.31 s), where listing them runs each once."""
    check_level(level, NEIGHBOURHOOD_SELF_KEYS)
    self_key = NEIGHBOURHOOD_SELF_KEYS[level]
    hoods = filter_ids(Neighbourhood.objects.all(), self_key, ids).annotate(
        last=_last_meeting(as_of)
    )
    rows: dict[int, dict] = {}
    seen = set()
    for scope_id, hood, last, interval in hoods.values_list(
        self_key, "id", "last", "force__meeting_interval_days"
    ).order_by():
        if (scope_id, hood) in seen:
            continue
        seen.add((scope_id, hood))
        row = rows.setdefault(
            scope_id,
            {"total": 0, "never": 0, "overdue": 0, "due_soon": 0, "latest": None, "stalest": None},
        )
        row["total"] += 1
        if last is None:  # never met: overdue
            row["never"] += 1
            row["overdue"] += 1
            continue
        # Overdue past the interval; due soon past MEETING_AMBER_FRACTION of it (whole days,
        # rounded down: 81 of 90).
        if last < as_of - dt.timedelta(days=interval):
            row["overdue"] += 1
        elif last < as_of - dt.timedelta(days=math.floor(interval * MEETING_AMBER_FRACTION)):
            row["due_soon"] += 1
        row["latest"] = last if row["latest"] is None else max(row["latest"], last)
        row["stalest"] = last if row["stalest"] is None else min(row["stalest"], last)
    return rows


def meeting_cadence_figures(row: dict, scope: dict, *, as_of: dt.date) -> dict:
    """The figures of one scope from its row of ``meeting_cadence_rows``."""
    latest, stalest = row.get("latest"), row.get("stalest")
    return {
        "neighbourhoods": row.get("total", 0),
        "overdue": row.get("overdue", 0),
        "due_soon": row.get("due_soon", 0),
        "never_met": row.get("never", 0),
        "last_meeting": latest.isoformat() if latest else None,
        "days_since_last": (as_of - latest).days if latest else None,
        "days_since_stalest": (as_of - stalest).days if stalest and not row.get("never") else None,
        "interval_days": scope["meeting_interval_days"],
    }


def meeting_cadence_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: meeting cadence} for every scope of ``level``; two queries.

    Per scope: ``neighbourhoods``; ``overdue`` (neighbourhoods whose last priority-setting
    event - PACT meeting or ward panel - on or before ``as_of`` is more than
    ``meeting_interval_days`` ago, or that have had none); ``never_met``;
    ``days_since_last`` (days since the most recent such meeting in the scope, None if none);
    ``days_since_stalest`` (the neighbourhood waiting longest; None if one never met);
    ``due_soon`` (not overdue but past ``rag.MEETING_AMBER_FRACTION`` of the interval). For
    level ``neighbourhood`` the two day counts are that neighbourhood's.
    """
    check_level(level, NEIGHBOURHOOD_SELF_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = meeting_cadence_rows(level=level, ids=ids, as_of=as_of)
    return {
        sid: meeting_cadence_figures(rows.get(sid, {}), scope, as_of=as_of)
        for sid, scope in scopes.items()
    }


def meeting_cadence(
    *,
    as_of: dt.date,
    neighbourhood_id: int | None = None,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Meeting cadence (DESIGN.md 4.4) for exactly one scope; see meeting_cadence_many."""
    level, scope_id = one_scope(
        neighbourhood_id=neighbourhood_id, team_id=team_id, bcu_id=bcu_id, force_id=force_id
    )
    return require(level, scope_id, meeting_cadence_many(level=level, ids=[scope_id], as_of=as_of))


def _local_midnight(day: dt.date, days: int = 0) -> dt.datetime:
    """The instant local midnight begins ``day`` + ``days`` (TIME_ZONE; in the UK the clocks
    change at 01:00 or 02:00, so midnight always exists once)."""
    return dt.datetime.combine(
        day + dt.timedelta(days=days), dt.time(), tzinfo=timezone.get_current_timezone()
    )


def contact_responsiveness_rows(
    *, level: str, ids, start: dt.date, end: dt.date, now: dt.datetime
) -> dict[int, dict]:
    """{scope id: {"received", "on_time", "late_n", "unanswered"}}: counts of the contacts
    received ``start..end`` (local dates) by their response status at ``now``; one query.
    Each contact is in one neighbourhood, so they add up (``rollup``)."""
    return contact_responsiveness_rows_periods(
        level=level, ids=ids, periods=[(start, end)], now=now
    )[(start, end)]


def contact_responsiveness_rows_periods(
    *, level: str, ids, periods: list[tuple[dt.date, dt.date]], now: dt.datetime
) -> dict[tuple[dt.date, dt.date], dict[int, dict]]:
    """``{(start, end): contact_responsiveness_rows(level, ids, start, end, now)}`` for each of
    ``periods``, in one query over the contacts of all of them (the nightly job's three)."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    key = NEIGHBOURHOOD_KEYS[level]
    periods = list(dict.fromkeys(periods))
    # Local dates as instants: received on local day D <=> received_at in [midnight of D,
    # midnight of D + 1) local time. Comparing received_at with these bounds reads the index
    # and converts no row's time zone (EXPLAIN ANALYZE, a year of a Met-size force's contacts:
    # 225 -> 37 ms).
    contacts = filter_ids(
        PublicContact.objects.filter(
            received_at__gte=_local_midnight(min(start for start, _end in periods)),
            received_at__lt=_local_midnight(max(end for _start, end in periods), days=1),
        ),
        key,
        ids,
    ).with_response_status(now)
    aggregates = {}
    for i, (start, end) in enumerate(periods):
        received = Q(
            received_at__gte=_local_midnight(start), received_at__lt=_local_midnight(end, days=1)
        )
        aggregates[f"received_{i}"] = Count("id", filter=received)
        aggregates[f"on_time_{i}"] = Count("id", filter=received & Q(answered_in_time=True))
        aggregates[f"late_n_{i}"] = Count("id", filter=received & Q(late=True))
        aggregates[f"unanswered_{i}"] = Count("id", filter=received & Q(responded_at__isnull=True))
    out: dict[tuple[dt.date, dt.date], dict[int, dict]] = {period: {} for period in periods}
    names = ("received", "on_time", "late_n", "unanswered")
    for row in contacts.values(key).annotate(**aggregates).order_by():
        for i, period in enumerate(periods):
            # A scope with no contact in this period is left out, as a GROUP BY would.
            if row[f"received_{i}"]:
                out[period][row[key]] = {name: row[f"{name}_{i}"] for name in names}
    return out


def contact_responsiveness_figures(row: dict, scope: dict) -> dict:
    """The figures of one scope from its row of ``contact_responsiveness_rows``."""
    on_time, late_n = row.get("on_time", 0), row.get("late_n", 0)
    received = row.get("received", 0)
    return {
        "received": received,
        "on_time": on_time,
        "late": late_n,
        "pending": received - on_time - late_n,
        "unanswered": row.get("unanswered", 0),
        "rate": on_time / (on_time + late_n) if (on_time + late_n) else None,
        "response_hours": scope["contact_response_hours"],
    }


def contact_responsiveness_many(
    *,
    level: str,
    ids,
    scopes: dict | None = None,
    start: dt.date,
    end: dt.date,
    now: dt.datetime | None = None,
) -> dict[int, dict]:
    """{scope id: contact responsiveness} over contacts received ``start..end`` (local dates)
    in the scope's neighbourhoods; two queries.

    ``on_time``: answered within ``contact_response_hours`` of receipt. ``late``: answered
    after that, or unanswered once that time has passed (by ``now``); both as defined once in
    ``PublicContact.objects.with_response_status``. ``pending``: unanswered and still in
    time. ``rate`` = on_time / (on_time + late), None when there is neither.
    """
    check_level(level, NEIGHBOURHOOD_KEYS)
    now = now or timezone.now()
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = contact_responsiveness_rows(level=level, ids=ids, start=start, end=end, now=now)
    return {
        sid: contact_responsiveness_figures(rows.get(sid, {}), scope)
        for sid, scope in scopes.items()
    }


def contact_responsiveness(
    *,
    start: dt.date,
    end: dt.date,
    neighbourhood_id: int | None = None,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
    now: dt.datetime | None = None,
) -> dict:
    """Contact responsiveness (DESIGN.md 4.4) for exactly one scope; see the many form."""
    level, scope_id = one_scope(
        neighbourhood_id=neighbourhood_id, team_id=team_id, bcu_id=bcu_id, force_id=force_id
    )
    return require(
        level,
        scope_id,
        contact_responsiveness_many(level=level, ids=[scope_id], start=start, end=end, now=now),
    )


# A named officer works at least half time in the neighbourhood team (DESIGN.md 4.4).
NAMED_OFFICER_MIN_FTE = Decimal("0.5")


def named_officer_coverage_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"total", "covered_n"}}: counts of the scope's neighbourhoods and of those
    with a named officer on ``as_of`` (see the many form); one query. Counts of
    neighbourhoods: they add up (``rollup``)."""
    check_level(level, NEIGHBOURHOOD_SELF_KEYS)
    self_key = NEIGHBOURHOOD_SELF_KEYS[level]
    named = (
        Posting.objects.active_on(as_of)
        .filter(
            role__in=[PostingRole.CONSTABLE, PostingRole.PCSO],
            fte__gte=NAMED_OFFICER_MIN_FTE,
            team__neighbourhoods=OuterRef("pk"),
        )
        .alias(reachable=HasPublicContact(F("member__contact_details")))
        .filter(reachable=True)
    )
    hoods = filter_ids(Neighbourhood.objects.all(), self_key, ids).annotate(covered=Exists(named))
    return {
        row.pop(self_key): row
        for row in hoods.values(self_key)
        .annotate(
            total=Count("id", distinct=True),
            covered_n=Count("id", filter=Q(covered=True), distinct=True),
        )
        .order_by()
    }


def named_officer_coverage_figures(row: dict, scope: dict | None = None) -> dict:
    """The figures of one scope from its row of ``named_officer_coverage_rows``."""
    total, covered = row.get("total", 0), row.get("covered_n", 0)
    return {
        "neighbourhoods": total,
        "covered": covered,
        "uncovered": total - covered,
        "pct": 100.0 * covered / total if total else None,
    }


def named_officer_coverage_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: coverage}: of the scope's neighbourhoods, how many have a named officer on
    ``as_of``: a constable or PCSO posted at least half time (``fte`` >= 0.5) to a team that
    covers the neighbourhood, with a public contact method (``Member.contact_details``: email,
    telephone ...) - someone the public can name and reach (the Guarantee's named, contactable
    officer; DESIGN.md 4.4). Two queries."""
    check_level(level, NEIGHBOURHOOD_SELF_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = named_officer_coverage_rows(level=level, ids=ids, as_of=as_of)
    return {sid: named_officer_coverage_figures(rows.get(sid, {})) for sid in scopes}


def named_officer_coverage(
    *,
    as_of: dt.date,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Named-officer coverage (DESIGN.md 4.4) for exactly one scope."""
    level, scope_id = one_scope(team_id=team_id, bcu_id=bcu_id, force_id=force_id)
    return require(
        level, scope_id, named_officer_coverage_many(level=level, ids=[scope_id], as_of=as_of)
    )
