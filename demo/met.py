"""A Metropolitan-Police-sized force for load tests and ``make bench`` (DESIGN.md section 10).

The Met in 2008: 32 borough OCUs, 630 Safer Neighbourhoods teams, 2,011 officers and 4,562
PCSOs dedicated to neighbourhood policing (seeds/002_cd4240c890b46cf9.txt L146-L153, noted in
domain-notes/seed_002_003.md line 37). So a team here is one sergeant, two or three
constables and seven or eight PCSOs: 630 + about 1,380 + about 4,560 = about 6,600 staff, and a
year of one duty record a day each is about 2.4 million rows.

The duty records go in with PostgreSQL COPY, written as text in large chunks; everything else
is small enough for bulk_create. Boundaries are plain grid squares.
"""

import datetime as dt
import io
import math
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from engagement.models import Channel, Event, EventKind, PublicContact
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanOutcome, Stage
from teams.models import BCU, Activity, DutyRecord, Force, Member, Neighbourhood, Posting, Team

from . import words as w
from .bulk import bulk, copy_objects
from .geometry import Area, tiled_grid
from .logins import demo_password_hash
from .midshire import at

FORCE_SLUG = "metropolis"
MET_BCUS = 32
MET_TEAMS = 630
# Engagement per team over a year, so that 630 teams reach the volumes issue 14 gives for a
# Met-size force: about 20,000 priorities, 60,000 events, 30,000 contacts and 5,000 plans.
PRIORITIES_PER_TEAM = (27, 37)  # 32 on average: 20,160 for 630 teams
EVENTS_PER_TEAM = (85, 105)  # 95: 59,850
CONTACTS_PER_TEAM = (40, 56)  # 48: 30,240
PLANS_PER_TEAM = 8  # 5,040
STAGE_ORDER = list(Stage.values)
# How far the plans of open priorities have got.
STAGE_NAMES = ["scan", "analysis", "response", "assessment", "closed"]
STAGE_WEIGHTS = [15, 20, 35, 15, 15]
# Greater London, roughly.
AREA_BOUNDS = (-0.51, 51.29, 0.33, 51.69)


@dataclass
class MetOptions:
    seed: int = 2008
    today: dt.date = field(default_factory=timezone.localdate)
    bcus: int = MET_BCUS
    # Teams in all; by default the Met's 630 scaled to the number of BCUs.
    teams: int | None = None
    days: int = 365
    # Who the force is: the national generator (demo/national.py) builds each of the 43 forces
    # with this generator under its own name and data.police.uk id.
    slug: str = FORCE_SLUG
    name: str = "Metropolis Police Service (scale test)"
    description: str = "A generated force the size of the Metropolitan Police, for load tests."
    staff_prefix: str = "MP"
    admin_username: str | None = "met_admin"
    bounds: tuple[float, float, float, float] = AREA_BOUNDS
    # A team: a sergeant, constables (low, high, chance of high) and PCSOs likewise. The Met's
    # teams are PCSO-heavy (2,011 officers and 4,562 PCSOs over 630 teams, seeds/002 L146-L153).
    constables: tuple[int, int, float] = (2, 3, 0.19)
    pcsos: tuple[int, int, float] = (7, 8, 0.24)

    @property
    def team_count(self) -> int:
        if self.teams is not None:
            return self.teams
        return max(self.bcus, round(MET_TEAMS * self.bcus / MET_BCUS))


@contextmanager
def duty_indexes_suspended(log=None):
    """Drop the duty-record table's secondary indexes and foreign keys for a bulk load, then
    rebuild them.

    Building an index once over millions of rows is several times faster than updating it
    row by row, and adding a foreign key checks every row in one join where a kept one queues
    a deferred check per copied row (two per duty record). Only plain indexes go (not the
    primary key or constraint indexes), and it all happens inside the seed's transaction, so
    a failure rolls the indexes and constraints back too. The table is locked for the
    duration: this is for seeding, not for a live database.
    """
    log = log or (lambda message: None)
    table = DutyRecord._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Run the foreign-key checks already pending in this transaction (deferred to commit
        # by Django) while the indexes they need are still there: deleting a previous build
        # queues one check per deleted member and team. (PostgreSQL also refuses to alter a
        # table with checks pending.)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            """
            SELECT indexname, indexdef FROM pg_indexes
            WHERE schemaname = current_schema() AND tablename = %s
              AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)
            ORDER BY indexname
            """,
            [table, table],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
            [table],
        )
        foreign_keys = cursor.fetchall()
        for name, _ in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        # Sorting for an index build: more memory than the default for this transaction only.
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name, definition in indexes:
            started = time.monotonic()
            cursor.execute(definition)
            log(f"index {name} built in {time.monotonic() - started:.1f} s")
        for name, definition in foreign_keys:
            started = time.monotonic()
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
            log(f"foreign key {name} checked in {time.monotonic() - started:.1f} s")


def duty_activity_tables() -> tuple[list[str], list[str]]:
    """The activities a working day is drawn from: ten dedicated (half patrol, three in ten
    engagement, two in ten other neighbourhood work) and six abstractions (response cover
    twice as likely as the rest)."""
    dedicated = (
        [Activity.PATROL.value] * 5
        + [Activity.ENGAGEMENT.value] * 3
        + [Activity.NP_RELATED.value] * 2
    )
    abstractions = [
        Activity.RESPONSE_COVER.value,
        Activity.RESPONSE_COVER.value,
        Activity.CUSTODY_COVER.value,
        Activity.PUBLIC_ORDER.value,
        Activity.INVESTIGATION.value,
        Activity.OTHER_DUTY.value,
    ]
    return dedicated, abstractions


class MetBuilder:
    def __init__(self, options: MetOptions, log=None):
        self.o = options
        self.log = log or (lambda message: None)
        self.started = time.monotonic()
        self.rng = random.Random(options.seed)
        self.today = options.today
        self.start = self.today - dt.timedelta(days=options.days - 1)
        self.counts: dict[str, int] = {}

    @transaction.atomic
    def build(self) -> Force:
        staff = self.build_records()
        with duty_indexes_suspended():
            self.counts["duty_records"] = self.copy_duty(staff)
            self.progress(f"{self.counts['duty_records']:,} duty records copied")
        self.progress("duty record indexes rebuilt")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DutyRecord._meta.db_table}")
        return self.force

    def build_records(self) -> list[tuple]:
        """Everything but the duty records: the force, its BCUs, neighbourhoods, teams, staff
        and postings, a year of engagement, and the admin login. Returns the staff who log
        duty as (member, team, role, fte, abstraction) tuples, for copy_duty (or the national
        generator's day-by-day copy)."""
        rng = self.rng
        o = self.o
        self.force = Force.objects.create(
            slug=o.slug,
            name=o.name,
            description=o.description,
            telephone="101",
        )
        # BCUs named like boroughs; codes B01..B32.
        names, seen = [], set()
        while len(names) < o.bcus:
            name = rng.choice(w.VILLAGE_ROOTS) + rng.choice(w.VILLAGE_SUFFIXES)
            if name not in seen:
                seen.add(name)
                names.append(name)
        bcus = bulk(
            BCU,
            [
                BCU(force=self.force, code=f"B{n + 1:02d}", name=f"{name} borough")
                for n, name in enumerate(names)
            ],
        )

        # One neighbourhood (ward) per team, on a grid; BCUs take consecutive cells.
        n_teams = o.team_count
        west, south, east, north = o.bounds
        cols = max(1, math.ceil(math.sqrt(n_teams * (east - west) / (north - south) / 1.6)))
        rows = math.ceil(n_teams / cols)
        cells = tiled_grid(Area(west, south, east, north, cols, rows), None)
        order = [(c, r) for c in range(cols) for r in range(rows)][:n_teams]
        per_bcu = [n_teams // o.bcus + (1 if b < n_teams % o.bcus else 0) for b in range(o.bcus)]
        neighbourhoods, owner = [], []
        index = 0
        for b, count in enumerate(per_bcu):
            for n in range(count):
                boundary = cells[order[index]]
                index += 1
                neighbourhoods.append(
                    Neighbourhood(
                        force=self.force,
                        bcu=bcus[b],
                        code=f"{bcus[b].code}W{n + 1:02d}",
                        name=f"{names[b]} ward {n + 1}",
                        population=rng.randrange(8000, 16000, 10),
                        boundary=boundary,
                        centre=boundary.centroid,
                    )
                )
                owner.append(b)
        neighbourhoods = bulk(Neighbourhood, neighbourhoods)
        teams = bulk(
            Team,
            [
                Team(
                    bcu=bcus[b],
                    name=f"{nb.name} SNT",
                    target_sergeants=Decimal(1),
                    target_constables=Decimal(3),
                    target_pcsos=Decimal(o.pcsos[1]),
                )
                for nb, b in zip(neighbourhoods, owner, strict=True)
            ],
        )
        through = Team.neighbourhoods.through
        bulk(
            through,
            [
                through(team_id=t.pk, neighbourhood_id=nb.pk)
                for t, nb in zip(teams, neighbourhoods, strict=True)
            ],
        )

        # Staff: an inspector per BCU; per team a sergeant, 2-3 PCs and 7-8 PCSOs.
        members, postings, staff = [], [], []
        number = 100000
        first_bcu_team = {}
        for t, b in zip(teams, owner, strict=True):
            low, high, chance = o.constables
            roles = ["sergeant"] + ["constable"] * (high if rng.random() < chance else low)
            low, high, chance = o.pcsos
            roles += ["pcso"] * (high if rng.random() < chance else low)
            if b not in first_bcu_team:
                first_bcu_team[b] = t
                roles = ["inspector"] + roles
            # How much of this team's time is abstracted varies widely between teams.
            abstraction = rng.choice([0.03, 0.06, 0.08, 0.10, 0.12, 0.15, 0.22, 0.30])
            for role in roles:
                number += 1
                member = Member(
                    force=self.force,
                    staff_number=f"{o.staff_prefix}{number}",
                    name=f"{rng.choice(w.FIRST_NAMES)} {rng.choice(w.SURNAMES)}",
                    rank={
                        "inspector": "Inspector",
                        "sergeant": "Sergeant",
                        "constable": "PC",
                        "pcso": "PCSO",
                    }[role],
                    # A public contact method: a named officer is one the public can reach
                    # (DESIGN.md 4.4, named-officer coverage).
                    contact_details={"email": f"{o.staff_prefix.lower()}{number}@{o.slug}.example"},
                )
                members.append(member)
                fte = Decimal("1.00") if rng.random() > 0.08 else Decimal("0.60")
                postings.append(
                    Posting(
                        member=member,
                        team=t,
                        role=role,
                        fte=fte,
                        start_date=self.today - dt.timedelta(days=rng.randint(400, 4000)),
                    )
                )
                if role != "inspector":
                    staff.append((member, t, role, fte, abstraction))
        bulk(Member, members)
        bulk(Posting, postings)

        self.progress(f"structure and {len(members):,} staff")
        self.build_engagement(neighbourhoods, teams)
        self.progress("meetings, priorities, plans and contacts")
        username = o.admin_username
        if username and not User.objects.filter(username=username).exists():
            User.objects.create(
                username=username,
                role=Role.FORCE_ADMIN,
                force=self.force,
                password=demo_password_hash(username, o.seed),
            )
        self.counts.update(
            bcus=len(bcus),
            teams=len(teams),
            neighbourhoods=len(neighbourhoods),
            members=len(members),
            postings=len(postings),
        )
        return staff

    def progress(self, what: str) -> None:
        self.log(f"  {time.monotonic() - self.started:6.1f} s  {what}")

    def build_engagement(self, neighbourhoods, teams) -> None:
        """A year of engagement per team at the volumes of a Met-size force (issue 14: about
        20,000 priorities with reviews, 60,000 events, 30,000 contacts and 5,000 plans over
        630 teams): so many per team, so the totals scale with --met-bcus / --met-teams.
        Plans obey the SARA stage rules (problemsolving: a stage needs what the stages
        before it produced). Inserted with COPY."""
        rng = self.rng
        year_start = self.today - dt.timedelta(days=364)
        events, priorities, reviews, plans, actions, contacts = [], [], [], [], [], []
        other_kinds = [kind for kind in EventKind.values if kind != EventKind.WARD_PANEL]
        for nb, team in zip(neighbourhoods, teams, strict=True):
            events.extend(self._events(nb, team, year_start, other_kinds))
            team_priorities = []
            for _ in range(rng.randint(*PRIORITIES_PER_TEAM)):
                p = self._priority(nb)
                priorities.append(p)
                team_priorities.append(p)
                review_day = p.date_set + dt.timedelta(days=rng.randint(20, 120))
                while review_day <= (p.closed_on or self.today):
                    reviews.append(
                        PriorityReview(
                            priority=p,
                            date=review_day,
                            kind="review",
                            text=rng.choice(w.UPDATES) + ".",
                        )
                    )
                    review_day += dt.timedelta(days=rng.randint(25, 120))
            for p in rng.sample(team_priorities, min(len(team_priorities), PLANS_PER_TEAM)):
                plan, plan_actions = self._plan(p, nb)
                plans.append(plan)
                actions.extend(plan_actions)
            for _ in range(rng.randint(*CONTACTS_PER_TEAM)):
                received = at(
                    year_start + dt.timedelta(days=rng.randrange(365)), rng.randint(8, 21)
                )
                responded = received + dt.timedelta(hours=rng.randint(1, 120))
                contacts.append(
                    PublicContact(
                        neighbourhood=nb,
                        team=team,
                        channel=rng.choice(Channel.values),
                        received_at=received,
                        responded_at=responded if rng.random() < 0.9 else None,
                        summary=rng.choice(w.CONTACT_SUMMARIES),
                    )
                )
        copy_objects(Event, events)
        copy_objects(Priority, priorities)
        copy_objects(PriorityReview, reviews)
        copy_objects(Plan, plans)
        copy_objects(Action, actions)
        copy_objects(PublicContact, contacts)
        self.counts.update(
            events=len(events),
            priorities=len(priorities),
            priority_reviews=len(reviews),
            plans=len(plans),
            actions=len(actions),
            contacts=len(contacts),
        )

    def _events(self, nb, team, year_start, other_kinds) -> list:
        """A ward panel about monthly, one next month, and other engagement (street briefings,
        surgeries...) through the year."""
        rng = self.rng
        events = []

        def event(kind, title, day, hour, attendance):
            return Event(
                force=self.force,
                neighbourhood=nb,
                team=team,
                kind=kind,
                title=title,
                start=at(day, hour),
                end=at(day, hour) + dt.timedelta(minutes=90),
                attendance=attendance,
            )

        panel = f"{nb.name} ward panel"
        day = self.today - dt.timedelta(days=rng.randint(0, 40))
        while day >= year_start:
            events.append(event(EventKind.WARD_PANEL, panel, day, 19, rng.randint(5, 40)))
            day -= dt.timedelta(days=rng.randint(26, 38))
        nxt = self.today + dt.timedelta(days=rng.randint(5, 30))
        events.append(event(EventKind.WARD_PANEL, panel, nxt, 19, None))
        for _ in range(max(0, rng.randint(*EVENTS_PER_TEAM) - len(events))):
            kind = rng.choice(other_kinds)
            day = year_start + dt.timedelta(days=rng.randrange(365))
            label = EventKind(kind).label
            events.append(
                event(kind, f"{label}: {nb.name}", day, rng.randint(9, 19), rng.randint(2, 60))
            )
        return events

    def _priority(self, nb) -> Priority:
        rng = self.rng
        category = rng.choice(list(w.PRIORITY_TEMPLATES))
        title, where, when, who = rng.choice(w.PRIORITY_TEMPLATES[category])
        fill = {"place": rng.choice(w.PLACES), "street": rng.choice(w.STREETS)}
        title = title.format(**fill)
        title = title[0].upper() + title[1:]
        date_set = self.today - dt.timedelta(days=rng.randint(0, 400))
        p = Priority(
            neighbourhood=nb,
            title=title,
            description=title,
            where=where.format(**fill),
            when=when,
            who=who.format(**fill),
            category=category,
            source="meeting",
            set_by="public",
            date_set=date_set,
        )
        age = (self.today - date_set).days
        if age > 60 and rng.random() < 0.4:
            p.status, p.outcome = "closed", rng.choice(["resolved", "partially_resolved"])
            p.closed_on = date_set + dt.timedelta(days=rng.randint(30, age))
            p.public_signoff = True
        return p

    def _plan(self, p: Priority, nb) -> tuple[Plan, list[Action]]:
        """A plan for ``p`` at a stage drawn with STAGE_WEIGHTS, carrying what each stage before
        it produced: the scan (analysis on), the problem analysis triangle (response on), at
        least one action (assessment on), and the assessment, outcome and closing date
        (closed). A plan of a closed priority is closed."""
        rng = self.rng
        stage = "closed" if p.status == "closed" else rng.choices(STAGE_NAMES, STAGE_WEIGHTS)[0]
        opened_on = min(self.today, p.date_set + dt.timedelta(days=rng.randint(0, 14)))
        reached = STAGE_ORDER.index(stage)
        plan = Plan(
            priority=p,
            neighbourhood=nb,
            title=p.title,
            stage=stage,
            scan=p.title,
            opened_on=opened_on,
        )
        if reached >= STAGE_ORDER.index("response"):
            plan.victim = f"Residents and users of {p.where}."
            plan.offender = p.who or "Not yet identified."
            plan.location = p.where
            plan.response_summary = "Enforcement and prevention agreed with partners."
        actions = []
        if reached >= STAGE_ORDER.index("response"):
            for category in rng.sample(sorted(w.EPIC_ACTIONS), 2):
                actions.append(
                    Action(
                        plan=plan,
                        category=category,
                        description=rng.choice(w.EPIC_ACTIONS[category]),
                        due_on=opened_on + dt.timedelta(days=30),
                    )
                )
        if stage == "closed":
            plan.assessment = "Reviewed with the ward panel: " + rng.choice(w.UPDATES) + "."
            plan.outcome = rng.choice(PlanOutcome.values)
            last = p.closed_on or self.today
            plan.closed_on = max(opened_on, last)
        else:
            if stage == "assessment":
                plan.assessment = "Assessment under way."
            plan.next_review_on = opened_on + dt.timedelta(days=rng.randint(20, 120))
        return plan, actions

    def copy_duty(self, staff) -> int:
        """COPY one duty record per member per day, as tab-separated text in 4 MB chunks."""
        rng = self.rng
        random_ = rng.random
        days = self.o.days
        dates = [(self.start + dt.timedelta(days=k)).isoformat() for k in range(days)]
        now = timezone.now().isoformat()
        tail = f"\t{now}\t{now}\n"
        columns = [
            "member_id",
            "team_id",
            "date",
            "hours",
            "activity",
            "paid_overtime",
            "note",
            "created_at",
            "updated_at",
            # The member's posting role, given so that the database's check of it is one hash
            # join instead of a lookup per row (teams migration 0011: a wrong one is corrected).
            "posting_role",
        ]
        table = DutyRecord._meta.db_table
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        dedicated, abstractions = duty_activity_tables()
        count = 0
        buffer = io.StringIO()
        with connection.cursor() as cursor:
            with cursor.cursor.copy(sql) as copy:
                for member, team, role, fte, abstraction in staff:
                    head = f"{member.pk}\t{team.pk}\t"
                    role_tail = f"{tail[:-1]}\t{role}\n"
                    working = 5 if fte == 1 else 3
                    offset = rng.randrange(7)
                    p_abs = abstraction / 2 if role == "pcso" else abstraction
                    write = buffer.write
                    for k in range(days):
                        r = random_()
                        if (k + offset) % 7 >= working:
                            activity = "rest_day"
                        elif r < 0.05:
                            activity = "annual_leave"
                        elif r < 0.085:
                            activity = "sickness"
                        elif r < 0.085 + p_abs:
                            activity = abstractions[int(r * 1000) % 6]
                        else:
                            activity = dedicated[int(r * 1000) % 10]
                        write(f"{head}{dates[k]}\t8.00\t{activity}\tf\t{role_tail}")
                    count += days
                    if buffer.tell() > 4_000_000:
                        copy.write(buffer.getvalue())
                        buffer = io.StringIO()
                copy.write(buffer.getvalue())
        return count


def build_met(options: MetOptions, log=None) -> tuple[Force, dict[str, int]]:
    """Build the Met-sized force; return it with the number of rows of each kind."""
    builder = MetBuilder(options, log=log)
    force = builder.build()
    return force, builder.counts
