"""The demo force has every case the dashboards must show (issue 2, item 4).

One build of the default demo (anchored on 2025-11-25, six months of duty records) is shared
by the module. Numbers fixed by the design of the generator are asserted exactly; the rest
(what the random draws gave) as the property the dashboards need.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, F, Max, Min, Q, Sum

from accounts.models import Role, User
from dashboards.selectors import abstraction_rate_many
from engagement.models import PRIORITY_SETTING_KINDS, Event, KeyIndividual, PublicContact
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from problemsolving.selectors import plans_with_quality
from teams.models import (
    BCU,
    DutyRecord,
    Member,
    Neighbourhood,
    Partner,
    Posting,
    PostingRole,
    Team,
    posting_active_on_q,
)

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2025, 11, 25)


def active_on(day, prefix="postings__"):
    return posting_active_on_q(day, prefix=prefix)


def test_command_reports_what_it_built(demo):
    assert "Built Midshire Police (midshire)" in demo.output
    assert "midshire-demo-2008" in demo.output
    assert "60 neighbourhoods" in demo.output


def test_structure(demo):
    force = demo.force
    assert BCU.objects.filter(force=force).count() == 3
    # The force area is a 10 x 6 grid of neighbourhoods.
    assert Neighbourhood.objects.filter(force=force).count() == 60
    teams = Team.objects.filter(bcu__force=force)
    assert 25 <= teams.count() <= 35
    # Every neighbourhood is covered by exactly one team.
    assert (
        Neighbourhood.objects.filter(force=force).annotate(n=Count("teams")).filter(n=1).count()
        == 60
    )
    # Every neighbourhood has its public details filled in.
    incomplete = Neighbourhood.objects.filter(force=force).filter(
        Q(centre__isnull=True)
        | Q(population__isnull=True)
        | Q(description="")
        | Q(welcome_message="")
        | Q(email="")
        | Q(telephone="")
    )
    assert not incomplete.exists()


def test_boundaries_tile_the_force_area(demo):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT ST_Area(ST_Union(boundary)), SUM(ST_Area(boundary)),
                   ST_Equals(ST_Union(boundary), ST_MakeEnvelope(-1.95, 52.45, -1.37, 52.69, 4326)),
                   bool_and(ST_IsValid(boundary)), bool_and(ST_Contains(boundary, centre))
            FROM teams_neighbourhood WHERE force_id = %s
            """,
            [demo.force.pk],
        )
        union_area, sum_area, equals_area, valid, centres_inside = cursor.fetchone()
        # Pairs of neighbourhoods whose interiors meet (any overlap at all).
        cursor.execute(
            """
            SELECT count(*) FROM teams_neighbourhood a JOIN teams_neighbourhood b
              ON a.id < b.id AND ST_Intersects(a.boundary, b.boundary)
            WHERE a.force_id = %s AND b.force_id = %s
              AND (ST_Relate(a.boundary, b.boundary, 'T********')
                   OR ST_Area(ST_Intersection(a.boundary, b.boundary)) > 0)
            """,
            [demo.force.pk, demo.force.pk],
        )
        (overlapping_pairs,) = cursor.fetchone()
    # The force rectangle is 0.58 degrees wide (-1.95 to -1.37) and 0.24 high (52.45 to
    # 52.69): 0.58 * 0.24 = 0.1392 square degrees.
    assert union_area == pytest.approx(0.1392, rel=1e-9)
    assert sum_area == pytest.approx(0.1392, rel=1e-9)  # no overlaps: parts add up to the whole
    assert equals_area  # no gaps: the union is the rectangle
    assert overlapping_pairs == 0
    assert valid and centres_inside


def test_postings_in_every_role_with_part_time_and_hybrid(demo):
    postings = Posting.objects.filter(team__bcu__force=demo.force)
    roles = set(postings.values_list("role", flat=True))
    assert roles == set(PostingRole.values)
    # One inspector per BCU.
    assert postings.filter(role="inspector").count() == 3
    assert postings.filter(role__in=["constable", "pcso"], fte__lt=1).exists()
    assert postings.filter(role="sergeant", hybrid=True).count() >= 2


def test_exactly_one_team_without_a_sergeant(demo):
    teams = Team.objects.filter(bcu__force=demo.force).annotate(
        sergeants=Sum(
            "postings__fte", filter=Q(postings__role="sergeant") & active_on(AS_OF), default=0
        )
    )
    unsupervised = teams.filter(sergeants=0)
    assert unsupervised.count() == 1
    # It had a sergeant until recently (a vacancy, not a team that never had one).
    assert Posting.objects.filter(team=unsupervised.get(), role="sergeant").exists()


def test_some_teams_over_the_span_limit(demo):
    spans = (
        Team.objects.filter(bcu__force=demo.force)
        .annotate(
            sergeants=Sum("postings__fte", filter=Q(postings__role="sergeant") & active_on(AS_OF)),
            staff=Sum(
                "postings__fte",
                filter=Q(postings__role__in=["constable", "pcso"]) & active_on(AS_OF),
            ),
        )
        .filter(sergeants__gt=0)
    )
    stretched = [t for t in spans if t.staff / t.sergeants > Decimal("12")]
    assert 1 <= len(stretched) < spans.count() / 2


def test_abstraction_mostly_within_the_limit_some_teams_clearly_over(demo):
    start = dt.date(2025, 5, 25)  # six months before the anchor day
    teams = list(Team.objects.filter(bcu__force=demo.force).values_list("pk", flat=True))
    rates = abstraction_rate_many(level="team", ids=teams, start=start, end=AS_OF)
    over = [t for t, r in rates.items() if r["rate"] > 0.20]
    clearly_over = [t for t, r in rates.items() if r["rate"] > 0.25]
    assert len(clearly_over) >= 2
    assert len(over) < len(teams) / 4
    assert all(r["rate"] > 0.02 for r in rates.values())  # nobody is never abstracted


def test_duty_records_cover_six_months_daily(demo):
    records = DutyRecord.objects.filter(team__bcu__force=demo.force)
    span = records.aggregate(first=Min("date"), last=Max("date"))
    assert span == {"first": dt.date(2025, 5, 25), "last": AS_OF}
    # Every day of the window has records: 25 May to 25 November inclusive is
    # 7 (May) + 30 + 31 + 31 + 30 + 31 + 25 (November) = 185 days.
    assert records.order_by().values("date").distinct().count() == 185
    assert 30_000 < records.count() < 200_000
    activities = set(records.values_list("activity", flat=True))
    assert {
        "patrol",
        "engagement",
        "np_related",
        "np_training",
        "rest_day",
        "annual_leave",
        "sickness",
        "response_cover",
        "custody_cover",
        "public_order",
    } <= activities
    assert records.filter(paid_overtime=True).exists()
    # Split shifts: several working records on one day for one member.
    split = (
        records.exclude(activity__in=["rest_day", "annual_leave", "sickness"])
        .values("member", "date")
        .annotate(n=Count("id"))
        .filter(n__gte=2)
    )
    assert split.exists()


def test_meetings_monthly_with_two_lapsed_neighbourhoods(demo):
    last = Neighbourhood.objects.filter(force=demo.force).annotate(
        last=Max(
            "events__start",
            filter=Q(events__kind__in=sorted(PRIORITY_SETTING_KINDS))
            & Q(events__start__date__lte=AS_OF),
        )
    )
    overdue = [n for n in last if (AS_OF - n.last.date()).days > 90]
    assert len(overdue) == 2
    events = Event.objects.filter(force=demo.force)
    # About monthly: 60 neighbourhoods over 400 days is at least 60 * 10 meetings.
    assert events.filter(kind__in=sorted(PRIORITY_SETTING_KINDS)).count() > 600
    kinds = set(events.values_list("kind", flat=True))
    assert {"pact_meeting", "ward_panel", "street_briefing", "surgery"} <= kinds
    upcoming = events.filter(public=True, start__date__gt=AS_OF)
    assert upcoming.filter(kind="surgery").exists()
    assert upcoming.filter(kind__in=sorted(PRIORITY_SETTING_KINDS)).count() == 58


def test_priorities_of_every_age_some_overdue_some_closed(demo):
    open_ = Priority.objects.filter(neighbourhood__force=demo.force, status="open")
    ages = [(AS_OF - d).days for d in open_.values_list("date_set", flat=True)]
    buckets = {
        "0-30": sum(a <= 30 for a in ages),
        "31-90": sum(31 <= a <= 90 for a in ages),
        "91-180": sum(91 <= a <= 180 for a in ages),
        "181+": sum(a >= 181 for a in ages),
    }
    assert all(n > 0 for n in buckets.values()), buckets
    # Overdue for review: no formal review in the last 90 days (and set before that).
    overdue = open_.annotate(
        last_review=Max("reviews__date", filter=Q(reviews__kind="review"))
    ).filter(
        Q(last_review__lt=AS_OF - dt.timedelta(days=90))
        | Q(last_review__isnull=True, date_set__lt=AS_OF - dt.timedelta(days=90))
    )
    assert overdue.exists()
    assert overdue.count() < open_.count()
    reviews = PriorityReview.objects.filter(priority__neighbourhood__force=demo.force)
    assert set(reviews.values_list("kind", flat=True)) == {"review", "update", "feedback"}
    closed = Priority.objects.filter(neighbourhood__force=demo.force, status="closed")
    assert closed.filter(public_signoff=True, outcome="resolved").exists()
    assert set(closed.values_list("outcome", flat=True)) == {
        "resolved",
        "partially_resolved",
        "not_resolved",
        "withdrawn",
    }
    # Where, when and who are filled in, and most priorities came from a meeting.
    assert not Priority.objects.filter(neighbourhood__force=demo.force, where="").exists()
    assert open_.filter(raised_at__isnull=False).count() > open_.count() / 2


def test_plans_in_every_stage_with_actions_and_reviews(demo):
    plans = Plan.objects.filter(neighbourhood__force=demo.force)
    stages = dict(plans.values_list("stage").annotate(n=Count("id")))
    assert set(stages) == {"scan", "analysis", "response", "assessment", "closed"}
    assert plans.exclude(stage="closed").filter(next_review_on__lt=AS_OF).exists()
    assert plans.filter(priority__isnull=True).count() == 12  # four BCU-tasked plans per BCU
    actions = Action.objects.filter(plan__in=plans)
    assert set(actions.values_list("category", flat=True)) == {
        "enforcement",
        "prevention",
        "intelligence",
        "communication",
    }
    assert actions.filter(owner_partner__isnull=False).exists()
    assert actions.filter(done_on__isnull=True, due_on__lt=AS_OF).exists()  # overdue actions
    assert PlanReview.objects.filter(plan__in=plans).exists()
    assert not plans.filter(stage="closed", outcome="").exists()


def test_plans_obey_the_stage_rules_and_cover_every_outcome_and_quality(demo):
    """DESIGN.md section 3: analysis needs the scan, response the triangle, assessment an
    action, closed the assessment, outcome, date, justification and a signed-off priority."""
    plans = Plan.objects.filter(neighbourhood__force=demo.force)
    later = {
        "analysis": ["analysis", "response", "assessment", "closed"],
        "response": ["response", "assessment", "closed"],
        "assessment": ["assessment", "closed"],
    }
    assert not plans.filter(stage__in=later["analysis"], scan="").exists()
    for side in ("victim", "offender", "location"):
        assert not plans.filter(stage__in=later["response"], **{side: ""}).exists()
    assert not plans.filter(stage__in=later["assessment"], actions__isnull=True).exists()
    closed = plans.filter(stage="closed")
    for field in ("assessment", "outcome", "closure_justification"):
        assert not closed.filter(**{field: ""}).exists()
    assert (
        not closed.filter(priority__isnull=False)
        .exclude(priority__status="closed", priority__public_signoff=True)
        .exists()
    )
    assert set(closed.values_list("outcome", flat=True)) == {
        "eliminated",
        "reduced",
        "displaced",
        "no_change",
    }
    scores = set(plans_with_quality(plans, as_of=AS_OF).values_list("quality_score", flat=True))
    assert scores == set(range(9))


def test_contacts_some_late_some_unanswered(demo):
    contacts = PublicContact.objects.filter(neighbourhood__force=demo.force)
    late = contacts.filter(responded_at__gt=F("received_at") + dt.timedelta(hours=72))
    assert late.exists()
    assert contacts.filter(responded_at__isnull=True).exists()
    answered_in_time = contacts.filter(responded_at__lte=F("received_at") + dt.timedelta(hours=72))
    assert answered_in_time.count() > contacts.count() / 2


def test_partners_key_individuals_and_linked_users(demo):
    partners = Partner.objects.filter(force=demo.force)
    assert set(partners.values_list("kind", flat=True)) >= {
        "council",
        "housing",
        "fire",
        "health",
        "education",
        "voluntary",
        "business",
    }
    assert not partners.annotate(n=Count("neighbourhoods")).filter(n=0).exists()
    assert KeyIndividual.objects.filter(neighbourhood__force=demo.force).count() >= 120
    sergeant = User.objects.get(username="sergeant")
    officer = User.objects.get(username="officer")
    assert sergeant.role == Role.SERGEANT and officer.role == Role.OFFICER
    assert sergeant.team_id == officer.team_id
    # The demo sergeant and officer are staff, posted to their team today.
    for user, role in ((sergeant, "sergeant"), (officer, "constable")):
        member = Member.objects.get(user=user)
        assert (
            Posting.objects.filter(member=member, team=user.team, role=role)
            .filter(active_on(AS_OF, prefix=""))
            .exists()
        )
