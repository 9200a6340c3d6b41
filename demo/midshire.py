"""The demo force, "Midshire Police": small enough to build in seconds, rich enough to show
every case the dashboards look for.

Everything is drawn from one ``random.Random(seed)`` in a fixed order and dated relative to
one anchor day (``today``), so the same seed and anchor give identical rows, ids and text.
Nothing here iterates over a set or a dict keyed by strings or dates in a way that depends on
hashing, for the same reason.

What the demo contains, by design (the tests in tests/demo/ check each one):
- 3 BCUs, about 30 teams and 60 neighbourhoods whose boundaries tile the force area;
- staff in every posting role; part-time FTE; hybrid sergeants; teams over the 1:12 span;
  exactly one team without a sergeant;
- six months (``months``) of daily duty records, with a few teams clearly over the 20%
  abstraction limit;
- monthly PACT meetings / ward panels, with two neighbourhoods that have had none for over
  90 days; street briefings, surgeries, upcoming public events;
- priorities of every age, some overdue for review, some closed with outcome and sign-off;
- SARA plans in every stage with EPIC actions and reviews, some past their review date;
- public contacts (some answered late, some unanswered), partners, key individuals;
- one login per role (see ``logins.py``).
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from engagement.models import Channel, Event, EventKind, KeyIndividual, PublicContact
from inspections import services as inspection_services
from inspections.grading import looking_fors_rag
from inspections.models import Framework, RecommendationStatus
from inspections.selectors import HMIC_2008, NPIA_SELF_ASSESSMENT, inspection_grades
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from teams.models import (
    BCU,
    Activity,
    DutyRecord,
    Force,
    Member,
    Neighbourhood,
    Partner,
    PartnerKind,
    Posting,
    PostingRole,
    Team,
)

from . import words as w
from .bulk import bulk, copy_rows
from .geometry import Area, centre_of, point_within, tiled_grid
from .holidays import is_bank_holiday
from .logins import UNUSABLE_PASSWORD, demo_password_hash

LONDON = ZoneInfo("Europe/London")
FORCE_SLUG = "midshire"

# The force area: about 40 km x 27 km in the English Midlands, cut into 10 x 6 cells.
AREA = Area(west=-1.95, south=52.45, east=-1.37, north=52.69, cols=10, rows=6)
# Columns of the grid that make up each BCU (west to east).
BCU_COLUMNS = [(0, 4), (4, 7), (7, 10)]
# How the six rows of a column are grouped into teams; mostly pairs of neighbourhoods.
TEAM_ROW_PATTERNS = [(2, 2, 2)] * 6 + [(3, 3), (1, 2, 3), (2, 1, 3), (3, 1, 2), (1, 1, 2, 2)]

HOURS_8 = Decimal("8.00")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` earlier (clamped to the month's length)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)


def not_a_bank_holiday(day: dt.date) -> dt.date:
    """``day``, or the last day before it that is not a bank holiday: no ward panel or
    surgery on Christmas Day (issue 13)."""
    while is_bank_holiday(day):
        day -= dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


@dataclass
class DemoOptions:
    seed: int = 2008
    today: dt.date = field(default_factory=timezone.localdate)
    # Months of daily duty records and public contacts, up to and including ``today``.
    months: int = 6
    # Days of meeting and priority history (priorities must reach the 181+ day bucket).
    history_days: int = 400


@dataclass
class TeamPlan:
    team: Team
    bcu_index: int
    neighbourhoods: list
    abstraction: str = "normal"  # normal, borderline or high
    stretched: bool = False
    no_sergeant: bool = False
    sergeant_users: list = field(default_factory=list)


@dataclass
class StaffPlan:
    member: Member
    postings: list  # [(Posting, TeamPlan)]
    rest_offset: int = 0
    hybrid: bool = False


class MidshireBuilder:
    def __init__(self, options: DemoOptions):
        self.o = options
        self.rng = random.Random(options.seed)
        self.today = options.today
        self.duty_start = months_before(self.today, options.months)
        self.history_start = self.today - dt.timedelta(days=options.history_days)
        self.others_start = self.today - dt.timedelta(days=182)
        # "Now" for the generated world: the anchor day, late afternoon.
        self.anchor_now = at(self.today, 17)
        self.counts: dict[str, int] = {}

    # ------------------------------------------------------------------ helpers
    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def update_for(self, priority, *, lower: bool = False) -> str:
        """Something the team did, fitting the priority's category (any, without one)."""
        updates = w.UPDATES_BY_CATEGORY[priority.category] if priority else w.UPDATES
        update = self.pick(updates)
        return w.lower_first(update) if lower else update

    def weighted(self, pairs):
        values = [v for v, _ in pairs]
        weights = [wt for _, wt in pairs]
        return self.rng.choices(values, weights=weights)[0]

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def person_name(self, used: set) -> tuple[str, str]:
        while True:
            first, last = self.pick(w.FIRST_NAMES), self.pick(w.SURNAMES)
            if (first, last) not in used:
                used.add((first, last))
                return first, last

    # ------------------------------------------------------------------ build
    @transaction.atomic
    def build(self) -> Force:
        self.build_force()
        self.build_geography()
        self.build_staff()
        self.build_partners()
        self.build_users()
        self.build_events()
        self.build_priorities()
        self.build_plans()
        self.build_contacts()
        self.build_key_individuals()
        self.build_duty_records()
        self.build_inspections()
        return self.force

    def build_force(self) -> None:
        self.force = Force.objects.create(
            slug=FORCE_SLUG,
            name="Midshire Police",
            description=(
                "Midshire Police is a fictional force used to demonstrate NPMS. It serves the "
                "county town of Midchester, the market towns of the Eastmere Wolds and the "
                "villages of the Severn vale."
            ),
            url=f"https://www.{w.FORCE_DOMAIN}/",
            telephone="101",
            engagement_methods=[
                {
                    "type": "facebook",
                    "title": "Midshire Police on Facebook",
                    "url": "https://www.facebook.example/midshirepolice",
                },
                {
                    "type": "email",
                    "title": "Email your neighbourhood team",
                    "url": f"mailto:contact@{w.FORCE_DOMAIN}",
                },
            ],
        )
        self.counts["forces"] = 1

    def _neighbourhood_names(self, count_city: int, count_rural: int) -> tuple[list, list]:
        city = list(w.CITY_NEIGHBOURHOODS)
        self.rng.shuffle(city)
        villages = []
        seen = set()
        while len(villages) < count_rural:
            name = (
                self.pick(w.VILLAGE_QUALIFIERS)
                + self.pick(w.VILLAGE_ROOTS)
                + self.pick(w.VILLAGE_SUFFIXES)
            )
            root = name.split(" ")[-1]
            if root in seen:
                continue
            seen.add(root)
            villages.append(name)
        return city[:count_city], villages

    def build_geography(self) -> None:
        rng = self.rng
        cells = tiled_grid(AREA, rng)
        self.bcus = bulk(
            BCU,
            [BCU(force=self.force, code=code, name=name) for code, name, _ in w.BCUS],
        )
        self.meeting_kind = {b.pk: kind for b, (_, _, kind) in zip(self.bcus, w.BCUS, strict=True)}
        city_cols = BCU_COLUMNS[0][1] - BCU_COLUMNS[0][0]
        city_names, village_names = self._neighbourhood_names(
            city_cols * AREA.rows, (AREA.cols - city_cols) * AREA.rows
        )
        city_iter, village_iter = iter(city_names), iter(village_names)

        neighbourhoods = []
        by_cell = {}
        for b_index, (c0, c1) in enumerate(BCU_COLUMNS):
            bcu = self.bcus[b_index]
            number = 0
            for col in range(c0, c1):
                for row in range(AREA.rows):
                    number += 1
                    name = next(city_iter) if b_index == 0 else next(village_iter)
                    boundary = cells[col, row]
                    slug = name.lower().replace("'", "").replace(" ", "")
                    population = rng.randrange(6000, 16000, 10)
                    nb = Neighbourhood(
                        force=self.force,
                        bcu=bcu,
                        code=f"{bcu.code}{number:02d}",
                        name=name,
                        population=population,
                        boundary=boundary,
                        centre=centre_of(boundary),
                        description=(
                            f"{name} is home to about {population:,} people"
                            + (
                                " in terraced streets, flats and the city's shops and bars."
                                if b_index == 0
                                else " in a market town and the farms and hamlets around it."
                            )
                        ),
                        welcome_message=(
                            f"Welcome to the {name} neighbourhood policing team. We patrol, "
                            "listen and work with partners on the issues you tell us matter "
                            "most. Come to a meeting, or get in touch."
                        ),
                        email=f"{slug}.npt@{w.FORCE_DOMAIN}",
                        telephone=f"01632 960{len(neighbourhoods):03d}",
                        url_force=f"https://www.{w.FORCE_DOMAIN}/your-area/{slug}",
                    )
                    neighbourhoods.append(nb)
                    by_cell[col, row] = nb
        self.neighbourhoods = bulk(Neighbourhood, neighbourhoods)
        self.counts["neighbourhoods"] = len(self.neighbourhoods)

        # Teams: each column's rows grouped by a pattern, so a team's patch is contiguous.
        teams, plans = [], []
        for b_index, (c0, c1) in enumerate(BCU_COLUMNS):
            for col in range(c0, c1):
                row = 0
                for size in self.pick(TEAM_ROW_PATTERNS):
                    nbs = [by_cell[col, r] for r in range(row, row + size)]
                    row += size
                    if size == 1:
                        name = f"{nbs[0].name} NPT"
                    elif size == 2:
                        name = f"{nbs[0].name} and {nbs[1].name} NPT"
                    else:
                        name = f"{nbs[0].name} and District NPT"
                    team = Team(bcu=self.bcus[b_index], name=name)
                    teams.append(team)
                    plans.append(TeamPlan(team=team, bcu_index=b_index, neighbourhoods=nbs))
        self.teams = plans
        self.choose_team_profiles()
        for tp in plans:
            tp.team.target_sergeants = Decimal(2 if len(tp.neighbourhoods) >= 3 else 1)
        bulk(Team, teams)
        through = Team.neighbourhoods.through
        bulk(
            through,
            [
                through(team_id=tp.team.pk, neighbourhood_id=nb.pk)
                for tp in plans
                for nb in tp.neighbourhoods
            ],
        )
        self.team_of = {nb.pk: tp for tp in plans for nb in tp.neighbourhoods}
        self.counts["bcus"] = len(self.bcus)
        self.counts["teams"] = len(plans)

    def choose_team_profiles(self) -> None:
        """Pick the teams that show the problems the dashboards must catch."""
        rng = self.rng
        # The first team of the city BCU is the demo sergeant's: a healthy team.
        self.demo_team = self.teams[0]
        first_bcu = [tp for tp in self.teams[1:] if tp.bcu_index == 0]
        others = [[tp for tp in self.teams if tp.bcu_index == i] for i in (1, 2)]
        picks = rng.sample(first_bcu, 5)
        picks_b = [rng.sample(group, 3) for group in others]
        picks[0].no_sergeant = True
        for tp in (picks[1], picks[2], picks_b[0][0], picks_b[1][0]):
            tp.abstraction = "high"
        for tp in (picks[3], picks_b[0][1], picks_b[1][1]):
            tp.stretched = True
        picks[4].abstraction = "borderline"
        picks_b[0][2].abstraction = "borderline"

    # ------------------------------------------------------------------ staff
    def build_staff(self) -> None:
        rng = self.rng
        used_names: set = set()
        members, postings = [], []
        self.staff: list[StaffPlan] = []
        window = (self.today - self.duty_start).days
        number = 4000

        def new_member(rank: str) -> Member:
            nonlocal number
            number += 1
            first, last = self.person_name(used_names)
            email_name = f"{first}.{last}".lower().replace("'", "")
            member = Member(
                force=self.force,
                staff_number=f"MS{number}",
                name=f"{first} {last}",
                rank=rank,
                contact_details={"email": f"{email_name}@{w.FORCE_DOMAIN}"},
            )
            members.append(member)
            return member

        def start_date(joiner_chance: float) -> dt.date:
            if rng.random() < joiner_chance and window > 40:
                return self.duty_start + dt.timedelta(days=rng.randint(10, window - 20))
            return self.today - dt.timedelta(days=rng.randint(240, 3000))

        ranks = {
            PostingRole.INSPECTOR: "Inspector",
            PostingRole.SERGEANT: "Sergeant",
            PostingRole.CONSTABLE: "PC",
            PostingRole.PCSO: "PCSO",
            PostingRole.SPECIAL: "SC",
            PostingRole.VOLUNTEER: "Volunteer",
        }

        def post(tp: TeamPlan, role, *, fte="1.00", start=None, end=None, hybrid=False):
            member = new_member(ranks[role])
            start = start or start_date(
                0.08 if role in (PostingRole.CONSTABLE, PostingRole.PCSO) else 0.0
            )
            if end is None and role in (PostingRole.CONSTABLE, PostingRole.PCSO):
                if rng.random() < 0.05 and window > 40:
                    end = self.today - dt.timedelta(days=rng.randint(5, window - 20))
                    if end < start:
                        end = None
            posting = Posting(
                member=member,
                team=tp.team,
                role=role,
                fte=Decimal(fte),
                start_date=start,
                end_date=end,
                hybrid=hybrid,
            )
            postings.append(posting)
            plan = StaffPlan(member=member, postings=[(posting, tp)], rest_offset=rng.randrange(7))
            plan.hybrid = hybrid
            self.staff.append(plan)
            return plan

        hybrid_left = 4
        for t_index, tp in enumerate(self.teams):
            big = len(tp.neighbourhoods) >= 3
            # An inspector for each BCU, posted to its first team.
            if t_index == 0 or tp.bcu_index != self.teams[t_index - 1].bcu_index:
                post(tp, PostingRole.INSPECTOR)
            sergeants = 2 if big else 1
            constables = rng.randint(3, 5) + (2 if big else 0)
            pcsos = rng.randint(3, 6) + (2 if big else 0)
            if tp.stretched:
                # One sergeant for 14 to 16 constables and PCSOs: span over 1:12.
                sergeants = 1
                constables = rng.randint(6, 8)
                pcsos = 14 - constables + rng.randint(0, 2)
            tp.team.target_constables = Decimal(constables + (1 if rng.random() < 0.3 else 0))
            tp.team.target_pcsos = Decimal(pcsos + (1 if rng.random() < 0.3 else 0))
            team_sergeants = []
            for n in range(sergeants):
                if tp.no_sergeant:
                    # The team's only sergeant retired seven weeks ago; the post is vacant.
                    end = self.today - dt.timedelta(days=47)
                    team_sergeants.append(post(tp, PostingRole.SERGEANT, end=end))
                    continue
                hybrid = (
                    hybrid_left > 0 and tp is not self.demo_team and n == 0 and rng.random() < 0.3
                )
                hybrid_left -= hybrid
                fte = "0.80" if tp.stretched else "1.00"
                team_sergeants.append(post(tp, PostingRole.SERGEANT, fte=fte, hybrid=hybrid))
            tp.sergeant_plans = team_sergeants
            tp.constable_plans = []
            for _ in range(constables):
                fte = self.pick(["0.50", "0.60", "0.80"]) if rng.random() < 0.1 else "1.00"
                tp.constable_plans.append(post(tp, PostingRole.CONSTABLE, fte=fte))
            for _ in range(pcsos):
                fte = self.pick(["0.50", "0.60", "0.80"]) if rng.random() < 0.12 else "1.00"
                post(tp, PostingRole.PCSO, fte=fte)
            for _ in range(rng.randint(0, 3)):
                post(tp, PostingRole.SPECIAL, fte="0.20")
            for _ in range(rng.randint(0, 2)):
                post(tp, PostingRole.VOLUNTEER, fte="0.10")
        if hybrid_left:
            # Make sure the demo has hybrid sergeants whatever the dice said.
            for tp in self.teams[1:]:
                for sp in tp.sergeant_plans:
                    posting = sp.postings[0][0]
                    if hybrid_left and not posting.hybrid and not tp.no_sergeant:
                        posting.hybrid = sp.hybrid = True
                        hybrid_left -= 1

        # Two constables moved team during the window: one posting ends, the next begins.
        if (self.today - self.duty_start).days > 60:
            movers = [tp for tp in self.teams[1:] if not tp.stretched and not tp.no_sergeant]
            for source, target in (rng.sample(movers, 2), rng.sample(movers, 2)):
                if source is target or not source.constable_plans:
                    continue
                sp = source.constable_plans[-1]
                old = sp.postings[0][0]
                if old.end_date is not None or old.start_date >= self.duty_start:
                    continue
                moved = self.day_between(
                    self.duty_start + dt.timedelta(days=20), self.today - dt.timedelta(days=20)
                )
                old.end_date = moved - dt.timedelta(days=1)
                new = Posting(
                    member=sp.member,
                    team=target.team,
                    role=PostingRole.CONSTABLE,
                    fte=old.fte,
                    start_date=moved,
                )
                postings.append(new)
                sp.postings.append((new, target))

        # Every team gets its staffing template now that the numbers are known.
        Team.objects.bulk_update(
            [tp.team for tp in self.teams], ["target_constables", "target_pcsos"]
        )
        bulk(Member, members)
        bulk(Posting, postings)
        self.counts["members"] = len(members)
        self.counts["postings"] = len(postings)

    # ------------------------------------------------------------------ partners
    def build_partners(self) -> None:
        rng = self.rng
        nbs = self.neighbourhoods
        by_bcu = [[nb for nb in nbs if nb.bcu_id == b.pk] for b in self.bcus]
        specs = [
            ("Midchester City Council", PartnerKind.COUNCIL, by_bcu[0]),
            ("Eastmere District Council", PartnerKind.COUNCIL, by_bcu[1]),
            ("Severnside District Council", PartnerKind.COUNCIL, by_bcu[2]),
            ("Midshire Fire and Rescue Service", PartnerKind.FIRE, nbs),
            ("Midshire Homes", PartnerKind.HOUSING, rng.sample(nbs, 20)),
            ("Riverside Housing Association", PartnerKind.HOUSING, rng.sample(by_bcu[0], 8)),
            ("Midshire Integrated Care Board", PartnerKind.HEALTH, rng.sample(nbs, 12)),
            ("Midchester Academies Trust", PartnerKind.EDUCATION, rng.sample(by_bcu[0], 6)),
            ("Wolds Schools Partnership", PartnerKind.EDUCATION, rng.sample(by_bcu[1], 5)),
            ("Neighbourhood Watch Midshire", PartnerKind.VOLUNTARY, rng.sample(nbs, 25)),
            ("Midchester Youth Trust", PartnerKind.VOLUNTARY, rng.sample(by_bcu[0], 6)),
            ("Midchester Business Improvement District", PartnerKind.BUSINESS, by_bcu[0][:3]),
            ("Severn Vale Wildlife Trust", PartnerKind.OTHER, rng.sample(by_bcu[2], 5)),
        ]
        partners = []
        for n, (name, kind, _) in enumerate(specs):
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:20]
            partners.append(
                Partner(
                    force=self.force,
                    name=name,
                    kind=kind,
                    email=f"police.liaison@{slug}.example.org",
                    telephone=f"01632 960{900 + n}",
                )
            )
        self.partners = bulk(Partner, partners)
        through = Partner.neighbourhoods.through
        bulk(
            through,
            [
                through(partner_id=p.pk, neighbourhood_id=nb.pk)
                for p, (_, _, where) in zip(self.partners, specs, strict=True)
                for nb in sorted(where, key=lambda n: n.pk)
            ],
        )
        self.partners_of: dict[int, list[Partner]] = {nb.pk: [] for nb in nbs}
        for p, (_, _, where) in zip(self.partners, specs, strict=True):
            for nb in where:
                self.partners_of[nb.pk].append(p)
        self.counts["partners"] = len(self.partners)

    # ------------------------------------------------------------------ users
    def build_users(self) -> None:
        seed = self.o.seed
        demo = self.demo_team
        sergeant_plan = demo.sergeant_plans[0]
        # The demo officer is a constable who has served in the team all along.
        officer_plan = next(
            sp
            for sp in demo.constable_plans
            if sp.postings[0][0].end_date is None and sp.postings[0][0].start_date < self.duty_start
        )
        council = self.partners[0]

        def first_last(member: Member) -> tuple[str, str]:
            first, _, last = member.name.partition(" ")
            return first, last

        specs = [
            (
                "admin",
                dict(
                    role=Role.FORCE_ADMIN,
                    force=self.force,
                    is_superuser=True,
                    is_staff=True,
                    first_name="Demo",
                    last_name="Administrator",
                ),
            ),
            (
                "force_admin",
                dict(
                    role=Role.FORCE_ADMIN, force=self.force, first_name="Fiona", last_name="Admin"
                ),
            ),
            (
                "force_viewer",
                dict(
                    role=Role.FORCE_VIEWER, force=self.force, first_name="Felix", last_name="Viewer"
                ),
            ),
            (
                "bcu_commander",
                dict(
                    role=Role.BCU_COMMANDER,
                    bcu=self.bcus[0],
                    first_name="Bernadette",
                    last_name="Commander",
                ),
            ),
            ("sergeant", dict(role=Role.SERGEANT, team=demo.team)),
            ("officer", dict(role=Role.OFFICER, team=demo.team)),
            (
                "partner",
                dict(role=Role.PARTNER, partner=council, first_name="Paula", last_name="Partner"),
            ),
            (
                "inspector",
                dict(
                    role=Role.INSPECTOR, force=self.force, first_name="Ian", last_name="Inspector"
                ),
            ),
        ]
        # One hash for all of them (hashing is slow by design), with a salt from the seed.
        password = demo_password_hash("demo", seed)
        linked = {"sergeant": sergeant_plan.member, "officer": officer_plan.member}
        self.users: dict[str, User] = {}
        for username, fields in specs:
            if username in linked:
                fields["first_name"], fields["last_name"] = first_last(linked[username])
            # An existing account of the same name (a hand-made "admin", say) is taken over.
            user = User.objects.filter(username=username).first() or User(username=username)
            for key, value in {
                "force": None,
                "bcu": None,
                "team": None,
                "partner": None,
                "is_superuser": False,
                "is_staff": False,
                **fields,
            }.items():
                setattr(user, key, value)
            user.email = f"{username}@{w.FORCE_DOMAIN}"
            user.password = password
            user.is_active = True
            user.save()
            self.users[username] = user

        # Every other serving sergeant has an account (no password) so that plans and
        # reviews have authors; the demo sergeant and officer are linked to their staff
        # records, as Member.user says.
        others = []
        for tp in self.teams:
            tp.sergeant_users = []
            for sp in tp.sergeant_plans:
                posting = sp.postings[0][0]
                if posting.end_date is not None:
                    continue
                if sp is sergeant_plan:
                    tp.sergeant_users.append(self.users["sergeant"])
                    continue
                first, last = first_last(sp.member)
                user = User(
                    username=sp.member.staff_number.lower(),
                    role=Role.SERGEANT,
                    team=tp.team,
                    first_name=first,
                    last_name=last,
                    email=sp.member.contact_details["email"],
                    password=UNUSABLE_PASSWORD,
                )
                others.append((sp.member, user))
                tp.sergeant_users.append(user)
        bulk(User, [u for _, u in others])
        sergeant_plan.member.user = self.users["sergeant"]
        officer_plan.member.user = self.users["officer"]
        for member, user in others:
            member.user = user
        Member.objects.bulk_update(
            [sergeant_plan.member, officer_plan.member] + [m for m, _ in others], ["user"]
        )
        self.counts["users"] = len(self.users) + len(others)

    def author_for(self, nb: Neighbourhood) -> User | None:
        users = self.team_of[nb.pk].sergeant_users
        return users[0] if users else None

    # ------------------------------------------------------------------ events
    def build_events(self) -> None:
        rng = self.rng
        events = []
        self.meetings: dict[int, list[Event]] = {}
        # Two neighbourhoods whose meetings lapsed: none for more than 90 days.
        self.lapsed = set(nb.pk for nb in rng.sample(self.neighbourhoods[6:], 2))
        for nb in self.neighbourhoods:
            tp = self.team_of[nb.pk]
            kind = self.meeting_kind[nb.bcu_id]
            label = "ward panel" if kind == EventKind.WARD_PANEL else "PACT meeting"
            venue = f"{nb.name} {self.pick(w.VENUES)}"
            street = self.pick(w.STREETS)
            location = point_within(nb.boundary, rng)
            chair = "{} {}".format(*self.person_name(set()))
            last_day = self.today
            if nb.pk in self.lapsed:
                last_day = self.today - dt.timedelta(days=rng.randint(100, 140))
            # Roughly monthly meetings, walking back from the latest one.
            day = last_day - dt.timedelta(days=rng.randint(3, 28))
            days = []
            while day >= self.history_start:
                days.append(not_a_bank_holiday(day))
                day -= dt.timedelta(days=rng.randint(26, 38))
            days.reverse()
            meetings = []
            for d in days:
                attendance = rng.randint(6, 45)
                event = Event(
                    force=self.force,
                    neighbourhood=nb,
                    team=tp.team,
                    kind=kind,
                    title=f"{nb.name} {label}",
                    description=f"The {label} for {nb.name}: tell us what matters in your area.",
                    address=f"{venue}, {street}",
                    location=location,
                    start=at(d, 19),
                    end=at(d, 20, 30),
                    public=True,
                    attendance=attendance,
                    chair=chair,
                    minutes=(
                        f"{attendance} residents attended, with councillors and the "
                        f"neighbourhood team. Priorities were reviewed and agreed."
                    ),
                )
                meetings.append(event)
                events.append(event)
            self.meetings[nb.pk] = meetings
            if nb.pk not in self.lapsed:
                d = not_a_bank_holiday(self.today + dt.timedelta(days=rng.randint(7, 35)))
                events.append(
                    Event(
                        force=self.force,
                        neighbourhood=nb,
                        team=tp.team,
                        kind=kind,
                        title=f"{nb.name} {label}",
                        description=f"The next {label} for {nb.name}. All welcome.",
                        address=f"{venue}, {street}",
                        location=location,
                        start=at(d, 19),
                        end=at(d, 20, 30),
                        public=True,
                        chair=chair,
                    )
                )
            # Other engagement: street briefings, surgeries and the odd community event,
            # over the last six months and the next six weeks.
            others = [
                (EventKind.STREET_BRIEFING, 42, "Street briefing on {street}", 10, 60, True),
                (EventKind.SURGERY, 30, "Police surgery at {venue}", 14, 120, True),
                (
                    EventKind.COMMUNITY_EVENT,
                    120,
                    "Police stall at the {name} summer fair",
                    11,
                    240,
                    True,
                ),
                (EventKind.DOOR_TO_DOOR, 90, "Door-to-door visits on {street}", 13, 180, False),
                (EventKind.ONLINE, 75, "Online Q&A with the {name} team", 18, 60, True),
            ]
            for kind2, every, title, hour, minutes, public in others:
                d = self.others_start + dt.timedelta(days=rng.randint(0, every))
                while d <= self.today + dt.timedelta(days=42):
                    street2 = self.pick(w.STREETS)
                    past = d < self.today
                    start = at(not_a_bank_holiday(d), hour)
                    events.append(
                        Event(
                            force=self.force,
                            neighbourhood=nb,
                            team=tp.team,
                            kind=kind2,
                            title=title.format(street=street2, venue=venue, name=nb.name),
                            description="Come and meet your neighbourhood team.",
                            address=venue
                            if kind2 == EventKind.SURGERY
                            else f"{street2}, {nb.name}",
                            location=point_within(nb.boundary, rng),
                            start=start,
                            end=start + dt.timedelta(minutes=minutes),
                            public=public,
                            attendance=rng.randint(3, 60) if past else None,
                        )
                    )
                    d += dt.timedelta(days=rng.randint(every * 3 // 4, every * 5 // 4))
        bulk(Event, events)
        self.counts["events"] = len(events)

    # ------------------------------------------------------------------ priorities
    def new_priority(self, nb, date_set, raised_at, source, set_by) -> Priority:
        rng = self.rng
        category = self.weighted(
            [
                ("asb", 35),
                ("crime", 20),
                ("drugs", 12),
                ("road_safety", 18),
                ("environmental", 12),
                ("other", 3),
            ]
        )
        title, where, when, who = self.pick(w.PRIORITY_TEMPLATES[category])
        fill = {"place": self.pick(w.PLACES), "street": self.pick(w.STREETS)}
        title = title.format(**fill)
        title = title[0].upper() + title[1:]
        where, when, who = where.format(**fill), when.format(**fill), who.format(**fill)
        where = where[0].upper() + where[1:]
        p = Priority(
            neighbourhood=nb,
            title=title,
            description=f"{title}. Where: {where}. When: {when}. Who: {who}.",
            where=where,
            when=when,
            who=who,
            category=category,
            source=source,
            set_by=set_by,
            raised_at=raised_at,
            date_set=date_set,
            location=point_within(nb.boundary, rng),
            public=rng.random() > 0.05,
        )
        # Some priorities stick for a long time; some are quietly forgotten (no more reviews).
        p._sticky = rng.random() < 0.08
        p._neglect_from = (
            date_set + dt.timedelta(days=rng.randint(15, 60)) if rng.random() < 0.12 else None
        )
        p._reviews = []
        return p

    def add_review(self, p, day, kind, text, public=True, author=None) -> None:
        if day > self.today:
            return
        p._reviews.append(
            PriorityReview(priority=p, date=day, kind=kind, text=text, public=public, author=author)
        )

    def close_priority(self, p, day, label) -> None:
        rng = self.rng
        outcome = self.weighted(
            [("resolved", 55), ("partially_resolved", 25), ("not_resolved", 10), ("withdrawn", 10)]
        )
        p.status = "closed"
        p.closed_on = day
        p.outcome = outcome
        # The forum signs off what it agrees is dealt with.
        p.public_signoff = outcome in ("resolved", "partially_resolved") and rng.random() < 0.9
        author = self.author_for(p.neighbourhood)
        self.add_review(
            p, day, "review", f"Reviewed at the {label}: {w.OUTCOME_TEXT[outcome]}", author=author
        )
        self.add_review(
            p,
            min(day + dt.timedelta(days=rng.randint(1, 7)), self.today),
            "feedback",
            f"You said: {w.lower_first(p.title)}. We did: {self.update_for(p, lower=True)}. "
            f"{w.OUTCOME_TEXT[outcome]}",
            author=author,
        )

    def build_priorities(self) -> None:
        rng = self.rng
        self.priorities: list[Priority] = []
        for nb in self.neighbourhoods:
            open_list: list[Priority] = []
            meetings = self.meetings[nb.pk]
            author = self.author_for(nb)
            kind = self.meeting_kind[nb.bcu_id]
            label = "ward panel" if kind == EventKind.WARD_PANEL else "PACT meeting"
            for index, event in enumerate(meetings):
                day = event.start.date()
                for p in list(open_list):
                    if p._neglect_from and day >= p._neglect_from:
                        continue
                    age = (day - p.date_set).days
                    if age >= 45 and not p._sticky and rng.random() < 0.35:
                        self.close_priority(p, day, label)
                        open_list.remove(p)
                        continue
                    self.add_review(
                        p,
                        day,
                        "review",
                        f"Reviewed at the {label}. {self.update_for(p)}. The panel agreed "
                        "to keep this as a priority.",
                        author=author,
                    )
                    if rng.random() < 0.5:
                        self.add_review(
                            p,
                            day + dt.timedelta(days=rng.randint(2, 10)),
                            "feedback",
                            f"You said: {w.lower_first(p.title)}. "
                            f"We did: {self.update_for(p, lower=True)}.",
                            author=author,
                        )
                if index == 0:
                    new = 2
                else:
                    new = self.weighted([(0, 50), (1, 40), (2, 10)])
                new = min(new, max(0, 4 - len(open_list)))
                for _ in range(new):
                    set_by = self.weighted([("public", 85), ("partner", 10), ("police", 5)])
                    p = self.new_priority(nb, day, event, "meeting", set_by)
                    self.priorities.append(p)
                    open_list.append(p)
            # Progress updates between meetings for the priorities still being worked.
            # A few priorities come from other channels than the meeting.
            if rng.random() < 0.35:
                source = self.pick(
                    ["survey", "kin", "online", "partner", "police", "street_briefing"]
                )
                set_by = {"partner": "partner", "police": "police"}.get(source, "public")
                day = self.day_between(self.history_start, self.today - dt.timedelta(days=3))
                p = self.new_priority(nb, day, None, source, set_by)
                self.priorities.append(p)
        for p in self.priorities:
            end = p.closed_on or self.today
            stop = p._neglect_from or end
            day = p.date_set + dt.timedelta(days=rng.randint(5, 30))
            while day < min(stop, end):
                self.add_review(
                    p,
                    day,
                    "update",
                    f"{self.update_for(p)}.",
                    public=rng.random() > 0.2,
                    author=self.author_for(p.neighbourhood),
                )
                day += dt.timedelta(days=rng.randint(20, 45))
        bulk(Priority, self.priorities)
        reviews = [r for p in self.priorities for r in sorted(p._reviews, key=lambda r: r.date)]
        bulk(PriorityReview, reviews)
        self.counts["priorities"] = len(self.priorities)
        self.counts["priority_reviews"] = len(reviews)

    # ------------------------------------------------------------------ plans
    def build_plans(self) -> None:
        rng = self.rng
        plans, actions, reviews = [], [], []
        for p in self.priorities:
            age = (self.today - p.date_set).days
            if p.status == "closed":
                if p.outcome == "withdrawn" or rng.random() < 0.4:
                    continue
                # A plan closes only once the public signed the priority off (DESIGN.md 3;
                # seeds/004_9fc604fdf3343b13.txt lines 7465-7468): otherwise it waits at
                # assessment.
                stage = "closed" if p.public_signoff else "assessment"
            else:
                if age < 7 or rng.random() < 0.3:
                    continue
                if age <= 21:
                    stage = "scan"
                elif age <= 60:
                    stage = "analysis"
                elif age <= 150:
                    stage = "response"
                else:
                    stage = "assessment"
                if stage != "scan" and rng.random() < 0.2:  # stuck a stage behind
                    stage = ["scan", "analysis", "response", "assessment"][
                        ["analysis", "response", "assessment"].index(stage)
                    ]
            plans.append(self.new_plan(p.neighbourhood, p.title, p, stage, p._neglect_from))
        # BCU-tasked problems have no community priority behind them.
        for bcu in self.bcus:
            nbs = [nb for nb in self.neighbourhoods if nb.bcu_id == bcu.pk]
            for title, stage, outcome in (
                ("County lines drug supply into {name}", "analysis", ""),
                ("Catalytic converter thefts across {name} car parks", "response", ""),
                ("Shed burglaries on the {name} allotments", "closed", "displaced"),
                ("Begging outside the shops in {name}", "closed", "no_change"),
            ):
                nb = self.pick(nbs)
                plan = self.new_plan(nb, title.format(name=nb.name), None, stage, None)
                plan.outcome = outcome or plan.outcome
                plans.append(plan)
        bulk(Plan, plans)
        joined = []
        for plan in plans:
            actions.extend(plan._actions)
            reviews.extend(plan._reviews)
            joined.extend(
                Plan.partners.through(plan_id=plan.pk, partner_id=partner.pk)
                for partner in plan._partners
            )
        bulk(Action, actions)
        bulk(PlanReview, reviews)
        bulk(Plan.partners.through, joined)
        self.counts["plans"] = len(plans)
        self.counts["actions"] = len(actions)
        self.counts["plan_reviews"] = len(reviews)

    def new_plan(self, nb, title, priority, stage, neglect_from) -> Plan:
        rng = self.rng
        order = ["scan", "analysis", "response", "assessment", "closed"]
        reached = order.index(stage)
        date_set = (
            priority.date_set if priority else self.today - dt.timedelta(days=rng.randint(30, 200))
        )
        opened = min(date_set + dt.timedelta(days=rng.randint(0, 10)), self.today)
        if priority and priority.closed_on:
            opened = min(opened, priority.closed_on)
        owner = self.author_for(nb)
        partners = self.partners_of[nb.pk]
        owner_partner = None
        if partners and rng.random() < 0.15:
            owner, owner_partner = None, self.pick(partners)
        # How carefully the plan is written, so the demo covers every quality level (DESIGN.md
        # section 3's eight checks): a careless plan lacks objectives, data sources, the risk
        # and impact assessments, and dates on its actions.
        care = rng.random()
        if stage == "scan" and care < 0.15:
            owner = owner_partner = None
        where = priority.where if priority else nb.name
        plan = Plan(
            priority=priority,
            neighbourhood=nb,
            title=title,
            stage=stage,
            owner=owner,
            owner_partner=owner_partner,
            scan=(priority.description if priority else f"{title}: a BCU tasking problem."),
            opened_on=opened,
        )
        if care >= 0.15:
            plan.objectives = self.pick(w.PLAN_OBJECTIVES)
        plan._partners = []
        if partners and care >= 0.3:
            plan._partners = rng.sample(partners, k=min(len(partners), rng.randint(1, 2)))
        if reached >= 1:
            plan.victim = priority.who if priority else "Local residents and businesses."
            plan.victim = plan.victim or "Residents and visitors to the area."
            plan.offender = "Offenders identified from intelligence reports and CCTV."
            plan.location = f"{where}: poor lighting and several escape routes."
            if care >= 0.3:
                plan.data_sources = self.pick(w.PLAN_DATA_SOURCES)
        if care >= 0.45:
            plan.risk_assessment = self.pick(w.PLAN_RISKS)
            plan.community_impact = self.pick(w.PLAN_IMPACTS)
        if reached >= 2:
            plan.response_summary = "Enforcement, prevention, intelligence and communication "
            plan.response_summary += "actions agreed with partners (see the actions)."
        if reached >= 3:
            plan.assessment = "Incidents in the eight weeks after the response compared with "
            plan.assessment += "the eight weeks before."
        closed_on = None
        if stage == "closed":
            closed_on = priority.closed_on if priority else self.today
            plan.closed_on = closed_on
            plan.outcome = {
                "resolved": "eliminated",
                "partially_resolved": "reduced",
                "not_resolved": "no_change",
            }.get(priority.outcome if priority else "", "reduced")
            plan.closure_justification = (
                "The panel agreed the priority is resolved and signed it off."
                if priority
                else "The BCU tasking meeting agreed the problem no longer needs a plan."
            )
        # Monthly reviews by the sergeant, until the plan closed or was forgotten.
        plan._reviews = []
        end = closed_on or self.today
        stop = neglect_from or end
        day = opened + dt.timedelta(days=rng.randint(21, 35))
        last = opened
        while day <= min(stop, end):
            plan._reviews.append(
                PlanReview(
                    plan=plan,
                    date=day,
                    reviewer=self.author_for(nb),
                    notes=f"Plan reviewed: {self.update_for(priority, lower=True)}.",
                )
            )
            last = day
            day += dt.timedelta(days=rng.randint(25, 35))
        if stage != "closed":
            # Four weeks after the last review; forgotten plans are past it.
            plan.next_review_on = last + dt.timedelta(days=28)
        # EPIC actions once the response is planned (a first intelligence action in analysis).
        plan._actions = []
        n_actions = {0: 0, 1: 1}.get(reached, rng.randint(3, 5))
        categories = ["enforcement", "prevention", "intelligence", "communication"]
        if reached == 1:
            categories = ["intelligence"]
        for n in range(n_actions):
            category = categories[n % len(categories)]
            due = opened + dt.timedelta(days=rng.randint(14, 70))
            dated = care >= 0.25 or n == 0
            done = None
            if stage == "closed":
                done = min(due, closed_on)
            elif due < self.today and rng.random() < 0.7:
                done = max(opened, due - dt.timedelta(days=rng.randint(0, 10)))
            a_owner, a_partner = self.author_for(nb), None
            if category == "prevention" and partners:
                a_owner, a_partner = None, self.pick(partners)
            plan._actions.append(
                Action(
                    plan=plan,
                    category=category,
                    description=self.pick(w.EPIC_ACTIONS[category]),
                    owner=a_owner,
                    owner_partner=a_partner,
                    due_on=due if dated else None,
                    done_on=done,
                )
            )
        return plan

    # ------------------------------------------------------------------ contacts
    def build_contacts(self) -> None:
        rng = self.rng
        contacts = []
        channels = [
            (Channel.EMAIL, 35),
            (Channel.PHONE, 20),
            (Channel.ONLINE_FORM, 25),
            (Channel.SOCIAL, 10),
            (Channel.IN_PERSON, 8),
            (Channel.LETTER, 2),
        ]
        days = (self.today - self.duty_start).days + 1
        for nb in self.neighbourhoods:
            tp = self.team_of[nb.pk]
            for offset in range(days):
                if rng.random() >= 0.2:
                    continue
                day = self.duty_start + dt.timedelta(days=offset)
                received = at(day, rng.randint(8, 21), rng.randint(0, 59))
                if received > self.anchor_now:
                    continue
                r = rng.random()
                if r < 0.62:
                    delay = rng.randint(1, 48)
                elif r < 0.80:
                    delay = rng.randint(49, 71)
                elif r < 0.90:
                    delay = rng.randint(73, 240)  # answered, but late
                else:
                    delay = None  # never answered
                responded = None
                if delay is not None and received + dt.timedelta(hours=delay) <= self.anchor_now:
                    responded = received + dt.timedelta(hours=delay, minutes=rng.randint(0, 59))
                    responded = min(responded, self.anchor_now)
                contacts.append(
                    PublicContact(
                        neighbourhood=nb,
                        team=tp.team,
                        channel=self.weighted(channels),
                        received_at=received,
                        responded_at=responded,
                        summary=self.pick(w.CONTACT_SUMMARIES),
                        response=self.pick(w.CONTACT_RESPONSES) if responded else "",
                    )
                )
        bulk(PublicContact, contacts)
        self.counts["contacts"] = len(contacts)

    def build_key_individuals(self) -> None:
        rng = self.rng
        people = []
        used: set = set()
        for nb in self.neighbourhoods:
            for _ in range(rng.randint(2, 5)):
                first, last = self.person_name(used)
                people.append(
                    KeyIndividual(
                        neighbourhood=nb,
                        team=self.team_of[nb.pk].team,
                        name=f"{first} {last}",
                        community_role=self.pick(w.KIN_ROLES),
                        email=f"{first}.{last}".lower().replace("'", "") + "@example.org",
                        telephone=f"07700 900{rng.randrange(1000):03d}",
                        address=f"{rng.randint(1, 120)} {self.pick(w.STREETS)}, {nb.name}",
                        consent_given_on=self.day_between(
                            self.today - dt.timedelta(days=900), self.today
                        ),
                        active=rng.random() > 0.1,
                    )
                )
        bulk(KeyIndividual, people)
        self.counts["key_individuals"] = len(people)

    # ------------------------------------------------------------------ duty
    def build_inspections(self) -> None:
        """A past NPIA self-assessment of the demo team (120 days ago) and an HMIC-style
        inspection of the force (14 days ago), both opened through the service so their
        evidence is computed from the data above and frozen; graded, with recommendations,
        one of the HMIC ones repeating a self-assessment one. The frameworks are the ones the
        data migration loaded (fetched by code); without them there is nothing to build."""
        frameworks = {
            fw.code: fw
            for fw in Framework.objects.filter(code__in=[NPIA_SELF_ASSESSMENT, HMIC_2008])
        }
        if len(frameworks) < 2:
            return
        rng = _inspection_rng(self.o.seed)
        inspector, commander = self.users["inspector"], self.users["bcu_commander"]
        sergeant = self.users["sergeant"]
        team = self.demo_team.team

        # -- the self-assessment: looking-fors ticked, the template's RAG rule applied.
        sa = inspection_services.inspection_open(
            framework=frameworks[NPIA_SELF_ASSESSMENT],
            scope_type="team",
            team=team,
            title=f"{team.name} self-assessment",
            start_date=self.today - dt.timedelta(days=120),
            lead=commander,
            author=commander,
        )
        for judgement in sa.judgements.select_related("criterion").order_by("criterion__order"):
            codes = [item["code"] for item in judgement.criterion.looking_fors]
            evidence = judgement.computed_evidence
            # A figure that misses its standard costs its looking-fors; otherwise most met.
            share = 0.4 if evidence.get("met") is False else rng.choice([0.6, 0.8, 1.0, 1.0])
            met = sorted(rng.sample(codes, round(len(codes) * share))) if codes else []
            serious = evidence.get("met") is False and rng.random() < 0.5
            grade = looking_fors_rag(met=len(met), total=len(codes), serious_omission=serious)
            inspection_services.judgement_update(
                judgement=judgement,
                grade=grade or "",
                looking_fors_met=met,
                serious_omission=serious,
                evidence=(
                    f"{len(met)} of {len(codes)} looking-fors found in the team's records"
                    " and in conversation with the sergeant."
                ),
                author=commander,
            )
        for item in inspection_grades(inspection=sa)["themes"]:
            inspection_services.theme_assessment_set(
                inspection=sa,
                theme=item["theme"],
                grade=item["grade"] or "",
                comments="Reviewed with the team's sergeant and the ward panel chair.",
                author=commander,
            )
        inspection_services.recommendation_create(
            inspection=sa,
            text="Publish the team's priorities and what was done about them every month.",
            owner=sergeant,
            due_on=sa.start_date + dt.timedelta(days=60),
            status=RecommendationStatus.CLOSED,
            closed_on=sa.start_date + dt.timedelta(days=55),
            author=commander,
        )
        abstraction = inspection_services.recommendation_create(
            inspection=sa,
            text=(
                "Agree with response a cover rota that keeps the team's abstraction within the "
                "force's 20% policy."
            ),
            owner=commander,
            due_on=sa.start_date + dt.timedelta(days=90),
            status=RecommendationStatus.IN_PROGRESS,
            author=commander,
        )
        inspection_services.recommendation_create(
            inspection=sa,
            text="Give every open priority a problem-solving plan with a named owner.",
            owner=sergeant,
            due_on=sa.start_date + dt.timedelta(days=120),
            author=commander,
        )

        # -- the HMIC-style inspection of the force: a criterion with a figure is graded by
        # it; the others meet the standard, and one exceeding criterion in each area is shown.
        hmic = inspection_services.inspection_open(
            framework=frameworks[HMIC_2008],
            scope_type="force",
            force=self.force,
            title="HMIC-style inspection of neighbourhood policing",
            start_date=self.today - dt.timedelta(days=14),
            lead=inspector,
            author=inspector,
        )
        for judgement in hmic.judgements.select_related("criterion").order_by("criterion__order"):
            code, evidence = judgement.criterion.code, judgement.computed_evidence
            exceeding = code.split("-")[1].startswith("E")
            if evidence:
                grade = "failing" if evidence.get("met") is False else "meeting"
            elif exceeding:
                grade = "meeting" if code.endswith("1") else "failing"
            else:
                grade = "meeting"
            inspection_services.judgement_update(
                judgement=judgement,
                grade=grade,
                evidence="Seen in the force's NPMS records, interviews and a reality check.",
                author=inspector,
            )
        inspection_services.recommendation_create(
            inspection=hmic,
            text=(
                "Abstraction is still above policy in several teams: the force should protect "
                "neighbourhood time as the self-assessment recommended."
            ),
            owner=commander,
            due_on=hmic.start_date + dt.timedelta(days=90),
            repeats=abstraction,
            author=inspector,
        )
        inspection_services.recommendation_create(
            inspection=hmic,
            text="Give every neighbourhood team a sergeant, so no team is left unsupervised.",
            owner=self.users["admin"],
            due_on=hmic.start_date + dt.timedelta(days=180),
            author=inspector,
        )
        self.counts["inspections"] = 2
        self.counts["recommendations"] = 5

    def build_duty_records(self) -> None:
        now = timezone.now()
        rows = self.duty_rows(now)
        fields = [
            "member",
            "team",
            "date",
            "hours",
            "activity",
            "paid_overtime",
            "note",
            "created_at",
            "updated_at",
        ]
        self.counts["duty_records"] = copy_rows(DutyRecord, fields, rows)

    def duty_rows(self, now):
        rng = self.rng
        start, end = self.duty_start, self.today
        days = (end - start).days + 1
        # Abstraction odds per working day (whole shift, part shift), by team profile. Rest days
        # and leave count as dedicated time (Force.leave_is_dedicated, the seed's definition),
        # so with sickness (about 4% of working days) a normal team lands near 7-9%, a
        # borderline one near 18% and a "high" one near 28-30%, against the 20% limit of the
        # Policing Pledge (seeds/000 L2679; DESIGN.md 4.1).
        odds = {"normal": (0.07, 0.12), "borderline": (0.25, 0.25), "high": (0.42, 0.28)}
        abstraction_mix = {
            PostingRole.CONSTABLE: [
                (Activity.RESPONSE_COVER, 45),
                (Activity.CUSTODY_COVER, 15),
                (Activity.PUBLIC_ORDER, 15),
                (Activity.INVESTIGATION, 15),
                (Activity.OTHER_TRAINING, 5),
                (Activity.OTHER_DUTY, 5),
            ],
            PostingRole.SERGEANT: [
                (Activity.RESPONSE_COVER, 40),
                (Activity.CUSTODY_COVER, 30),
                (Activity.OTHER_DUTY, 30),
            ],
            PostingRole.PCSO: [
                (Activity.OTHER_DUTY, 45),
                (Activity.PUBLIC_ORDER, 25),
                (Activity.OTHER_TRAINING, 30),
            ],
        }
        dedicated_days = {
            PostingRole.CONSTABLE: [
                ([(Activity.PATROL, "8.00")], 30),
                ([(Activity.PATROL, "5.00"), (Activity.NP_RELATED, "3.00")], 30),
                ([(Activity.PATROL, "4.00"), (Activity.ENGAGEMENT, "4.00")], 25),
                (
                    [
                        (Activity.ENGAGEMENT, "3.00"),
                        (Activity.PATROL, "3.00"),
                        (Activity.NP_RELATED, "2.00"),
                    ],
                    13,
                ),
                ([(Activity.NP_TRAINING, "8.00")], 2),
            ],
            PostingRole.SERGEANT: [
                ([(Activity.NP_RELATED, "4.00"), (Activity.PATROL, "4.00")], 45),
                ([(Activity.NP_RELATED, "8.00")], 30),
                ([(Activity.ENGAGEMENT, "3.00"), (Activity.NP_RELATED, "5.00")], 23),
                ([(Activity.NP_TRAINING, "8.00")], 2),
            ],
            PostingRole.PCSO: [
                ([(Activity.PATROL, "6.00"), (Activity.ENGAGEMENT, "2.00")], 35),
                ([(Activity.ENGAGEMENT, "8.00")], 20),
                ([(Activity.PATROL, "4.00"), (Activity.ENGAGEMENT, "4.00")], 30),
                ([(Activity.PATROL, "8.00")], 13),
                ([(Activity.NP_TRAINING, "8.00")], 2),
            ],
        }
        decimals = {}

        def dec(text):
            value = decimals.get(text)
            if value is None:
                value = decimals[text] = Decimal(text)
            return value

        for sp in self.staff:
            posting0 = sp.postings[0][0]
            role = posting0.role
            if role in (PostingRole.INSPECTOR, PostingRole.VOLUNTEER):
                continue
            # Leave: a few blocks of three to six days; sickness: a few short spells, and
            # now and then a long one.
            off = bytearray(days)  # 0 working pattern, 1 leave, 2 sick
            for _ in range(max(1, round(days / 60))):
                first = rng.randrange(days)
                for k in range(first, min(days, first + rng.randint(3, 6))):
                    off[k] = 1
            spells = self.weighted([(0, 30), (1, 35), (2, 25), (3, 10)])
            for _ in range(spells):
                first = rng.randrange(days)
                length = rng.randint(1, 4) if rng.random() > 0.06 else rng.randint(15, 30)
                for k in range(first, min(days, first + length)):
                    off[k] = 2
            for posting, tp in sp.postings:
                fte = float(posting.fte)
                working_days = max(1, round(5 * fte))
                p_full, p_part = odds[tp.abstraction]
                if role == PostingRole.PCSO:
                    p_full, p_part = p_full * 0.6, p_part * 0.6
                if posting.hybrid:
                    p_full += 0.10
                member_id, team_id = sp.member.pk, tp.team.pk
                first_day = max(start, posting.start_date)
                last_day = min(end, posting.end_date or end)
                for k in range((first_day - start).days, (last_day - start).days + 1):
                    day = start + dt.timedelta(days=k)
                    if role == PostingRole.SPECIAL:
                        # Specials volunteer a shift now and then, mostly at weekends.
                        if rng.random() < (0.2 if day.weekday() >= 4 else 0.05):
                            yield (
                                member_id,
                                team_id,
                                day,
                                dec("5.00"),
                                Activity.PATROL,
                                False,
                                "",
                                now,
                                now,
                            )
                        continue
                    working = (k + sp.rest_offset) % 7 < working_days
                    if not working:
                        yield (
                            member_id,
                            team_id,
                            day,
                            HOURS_8,
                            Activity.REST_DAY,
                            False,
                            "",
                            now,
                            now,
                        )
                        if rng.random() < 0.03:
                            # A rest day worked on paid overtime: never an abstraction.
                            yield (
                                member_id,
                                team_id,
                                day,
                                dec("8.00"),
                                Activity.PUBLIC_ORDER,
                                True,
                                "Rest day worked: Midchester Town home match",
                                now,
                                now,
                            )
                        continue
                    if off[k] == 1:
                        yield (
                            member_id,
                            team_id,
                            day,
                            HOURS_8,
                            Activity.ANNUAL_LEAVE,
                            False,
                            "",
                            now,
                            now,
                        )
                        continue
                    if off[k] == 2:
                        yield (
                            member_id,
                            team_id,
                            day,
                            HOURS_8,
                            Activity.SICKNESS,
                            False,
                            "",
                            now,
                            now,
                        )
                        continue
                    r = rng.random()
                    mix = abstraction_mix[role]
                    if r < p_full:
                        activity = self.weighted(mix)
                        note = (
                            "Cover for the response team"
                            if activity == Activity.RESPONSE_COVER and rng.random() < 0.2
                            else ""
                        )
                        yield (member_id, team_id, day, HOURS_8, activity, False, note, now, now)
                    elif r < p_full + p_part:
                        # A split shift: part abstracted, the rest in the neighbourhood.
                        away = self.pick(["2.00", "3.00", "4.00"])
                        yield (
                            member_id,
                            team_id,
                            day,
                            dec(away),
                            self.weighted(mix),
                            False,
                            "",
                            now,
                            now,
                        )
                        rest = dec("8.00") - dec(away)
                        yield (member_id, team_id, day, rest, Activity.PATROL, False, "", now, now)
                    else:
                        for activity, hours in self.weighted(dedicated_days[role]):
                            yield (
                                member_id,
                                team_id,
                                day,
                                dec(hours),
                                activity,
                                False,
                                "",
                                now,
                                now,
                            )
                    if rng.random() < 0.02:
                        yield (
                            member_id,
                            team_id,
                            day,
                            dec("4.00"),
                            Activity.PATROL,
                            True,
                            "Extended shift on paid overtime: night-time economy",
                            now,
                            now,
                        )


def _inspection_rng(seed: int) -> random.Random:
    # Its own stream, so the inspections change none of the other draws.
    return random.Random(seed * 7919 + 11)


def build_demo(options: DemoOptions) -> tuple[Force, dict[str, int]]:
    """Build the Midshire demo force; return it with the number of rows of each kind."""
    builder = MidshireBuilder(options)
    force = builder.build()
    return force, builder.counts
