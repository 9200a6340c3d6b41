"""factory_boy factories for every model the tests build. Defaults make a valid object."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.utils import timezone

from accounts.models import Role, User
from engagement.models import Event, EventKind, KeyIndividual, PublicContact
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from teams.models import BCU, DutyRecord, Force, Member, Neighbourhood, Partner, Posting, Team


def square(x0: float, y0: float, size: float = 0.01) -> MultiPolygon:
    """A small square boundary with its south-west corner at (lng x0, lat y0)."""
    ring = ((x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0))
    return MultiPolygon(Polygon(ring), srid=4326)


class ForceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Force
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"force-{n}")
    name = factory.Sequence(lambda n: f"Force {n} Constabulary")


class BCUFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BCU

    force = factory.SubFactory(ForceFactory)
    code = factory.Sequence(lambda n: f"B{n}")
    name = factory.Sequence(lambda n: f"BCU {n}")


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    bcu = factory.SubFactory(BCUFactory)
    force = factory.SelfAttribute("bcu.force")
    code = factory.Sequence(lambda n: f"N{n}")
    name = factory.Sequence(lambda n: f"Neighbourhood {n}")
    population = 8000
    boundary = factory.Sequence(lambda n: square(-1.0 + (n % 50) * 0.02, 52.0 + (n // 50) * 0.02))
    centre = factory.LazyAttribute(lambda o: o.boundary.centroid if o.boundary else None)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    bcu = factory.SubFactory(BCUFactory)
    name = factory.Sequence(lambda n: f"Team {n}")

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [NeighbourhoodFactory(bcu=self.bcu)]
        self.neighbourhoods.set(extracted)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    force = factory.SubFactory(ForceFactory)
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Officer {n}")


class PostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Posting

    team = factory.SubFactory(TeamFactory)
    member = factory.SubFactory(MemberFactory, force=factory.SelfAttribute("..team.bcu.force"))
    role = "constable"
    fte = Decimal("1.00")
    start_date = dt.date(2024, 1, 1)


class DutyRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyRecord

    team = factory.SubFactory(TeamFactory)
    member = factory.SubFactory(MemberFactory, force=factory.SelfAttribute("..team.bcu.force"))
    date = dt.date(2025, 3, 3)
    hours = Decimal("8")
    activity = "patrol"


def posted_duty(team, *, date: dt.date, hours="8", activity: str = "patrol") -> DutyRecord:
    """A duty record in ``team`` on ``date`` by a new member posted to it, so the record's
    posting role is the posting's (constable by default)."""
    member = PostingFactory(team=team).member
    return DutyRecordFactory(
        member=member, team=team, date=date, hours=Decimal(hours), activity=activity
    )


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    force = factory.SubFactory(ForceFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = "council"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    role = Role.FORCE_VIEWER
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(self, create, extracted, **kwargs):
        if create:
            self.save()


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    force = factory.SelfAttribute("neighbourhood.force")
    kind = EventKind.PACT_MEETING
    title = factory.Sequence(lambda n: f"PACT meeting {n}")
    address = "Community Centre, High Street"
    start = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=2))
    location = Point(-1.0, 52.0, srid=4326)


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.Sequence(lambda n: f"Youths gathering at the precinct {n}")
    description = "Groups of youths gathering outside the shops on Mill Road, Fridays 7-11pm."
    category = "asb"
    source = "meeting"
    set_by = "public"
    date_set = dt.date(2025, 1, 1)


class PriorityReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriorityReview

    priority = factory.SubFactory(PriorityFactory)
    date = dt.date(2025, 2, 1)
    kind = "review"
    text = "Reviewed with the panel: patrols continue."


class PublicContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicContact

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    channel = "email"
    received_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(hours=5))
    summary = "Resident reports cars speeding on Station Road."


class KeyIndividualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyIndividual

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    name = factory.Sequence(lambda n: f"Key Individual {n}")
    community_role = "Shopkeeper"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    neighbourhood = factory.SubFactory(NeighbourhoodFactory)
    title = factory.Sequence(lambda n: f"Plan {n}")
    opened_on = dt.date(2025, 1, 10)
    scan = "Repeat ASB outside the shops."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    plan = factory.SubFactory(PlanFactory)
    category = "prevention"
    description = "Ask the council to fit better lighting."


class PlanReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanReview

    plan = factory.SubFactory(PlanFactory)
    date = dt.date(2025, 2, 10)
    notes = "Analysis complete; move to response."
