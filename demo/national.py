"""A national deployment for load tests: the 43 territorial forces of England and Wales
(DESIGN.md section 10, issue 14 item 5), each built with the Met generator (demo/met.py) at
its own size, in a database of its own (``seed_demo --scale national``).

The national totals come from the 2008 HMIC thematic report: 43 forces (seeds/000 L12, L74;
named in Appendix 1, L2618-L2661), "around 3,600 Neighbourhood Policing teams" made of
"approximately 16,000 police community support officers and 13,000 police constables and
sergeants" (seeds/000 L65-L67; domain-notes/seed_000.md section 8). The Met's share is known
(32 BCUs, 630 teams, 2,011 officers and 4,562 PCSOs: seeds/002 L146-L153, as in demo/met.py).

The other 42 forces' sizes are ESTIMATES: the remaining 2,970 teams are shared in proportion
to each force's police officer strength, rounded, as in the Home Office "Police workforce,
England and Wales" statistics of the early 2020s (approximate full-time-equivalent officers,
recalled, not copied from a table: good to a few hundred, which is all a load test needs).
Their BCU counts are estimated from the team counts (about 25 teams a BCU). Their teams
take what is left of the national staff after the Met: 13,000 - 2,011 officers and
16,000 - 4,562 PCSOs over 2,970 teams, so a sergeant, 2.7 constables and 3.85 PCSOs on
average (a sergeant, 2 or 3 constables, 3 or 4 PCSOs here). With inspectors, about 29,000
staff, and a year of one duty record a day each is about 10.6 million rows.

Geography is not real: each force's wards are grid squares in its own cell of a grid laid
over England and Wales, so no two forces overlap.

Speed: the forces' structure and engagement go in force by force (bulk_create and COPY);
then the duty records of every force are COPYed in ONE stream, day by day (all forces' day 1,
then day 2...), the order a live national system writes them in, so no CLUSTER is needed;
the duty table's secondary indexes and foreign keys are dropped for the load and rebuilt once
at the end; ANALYZE last.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from teams.models import DutyRecord, Force

from .met import MetBuilder, MetOptions, duty_activity_tables, duty_indexes_suspended

# (data.police.uk force id, name, estimated police officers (FTE), teams or None, BCUs or
# None). None: derived (teams in proportion to officers, BCUs from teams). The Met's teams and
# BCUs are the seed's (seeds/002 L146-L153); every other figure is an estimate (see above).
FORCES: list[tuple[str, str, int, int | None, int | None]] = [
    ("metropolitan", "Metropolitan Police Service", 34000, 630, 32),
    ("greater-manchester", "Greater Manchester Police", 7900, None, None),
    ("west-midlands", "West Midlands Police", 7300, None, None),
    ("west-yorkshire", "West Yorkshire Police", 6000, None, None),
    ("thames-valley", "Thames Valley Police", 5000, None, None),
    ("kent", "Kent Police", 4100, None, None),
    ("merseyside", "Merseyside Police", 4000, None, None),
    ("essex", "Essex Police", 3800, None, None),
    ("hampshire", "Hampshire and Isle of Wight Constabulary", 3700, None, None),
    ("northumbria", "Northumbria Police", 3700, None, None),
    ("devon-and-cornwall", "Devon and Cornwall Police", 3600, None, None),
    ("south-wales", "South Wales Police", 3500, None, None),
    ("lancashire", "Lancashire Constabulary", 3400, None, None),
    ("avon-and-somerset", "Avon and Somerset Constabulary", 3200, None, None),
    ("sussex", "Sussex Police", 3200, None, None),
    ("south-yorkshire", "South Yorkshire Police", 3000, None, None),
    ("west-mercia", "West Mercia Police", 2500, None, None),
    ("nottinghamshire", "Nottinghamshire Police", 2400, None, None),
    ("hertfordshire", "Hertfordshire Constabulary", 2300, None, None),
    ("leicestershire", "Leicestershire Police", 2300, None, None),
    ("cheshire", "Cheshire Constabulary", 2300, None, None),
    ("surrey", "Surrey Police", 2200, None, None),
    ("humberside", "Humberside Police", 2100, None, None),
    ("derbyshire", "Derbyshire Constabulary", 2000, None, None),
    ("staffordshire", "Staffordshire Police", 1900, None, None),
    ("norfolk", "Norfolk Constabulary", 1900, None, None),
    ("cambridgeshire", "Cambridgeshire Constabulary", 1700, None, None),
    ("north-yorkshire", "North Yorkshire Police", 1600, None, None),
    ("north-wales", "North Wales Police", 1600, None, None),
    ("northamptonshire", "Northamptonshire Police", 1500, None, None),
    ("cleveland", "Cleveland Police", 1500, None, None),
    ("gwent", "Gwent Police", 1500, None, None),
    ("bedfordshire", "Bedfordshire Police", 1400, None, None),
    ("suffolk", "Suffolk Constabulary", 1400, None, None),
    ("dorset", "Dorset Police", 1400, None, None),
    ("durham", "Durham Constabulary", 1300, None, None),
    ("cumbria", "Cumbria Constabulary", 1300, None, None),
    ("gloucestershire", "Gloucestershire Constabulary", 1300, None, None),
    ("dyfed-powys", "Dyfed-Powys Police", 1300, None, None),
    ("lincolnshire", "Lincolnshire Police", 1200, None, None),
    ("wiltshire", "Wiltshire Police", 1100, None, None),
    ("warwickshire", "Warwickshire Police", 1100, None, None),
    ("city-of-london", "City of London Police", 1000, None, None),
]
NATIONAL_TEAMS = 3600  # seeds/000 L65-L67
TEAMS_PER_BCU = 25  # estimate, for the forces whose BCUs are not given
# Outside the Met (seeds/000 L65-L67 less seeds/002 L146-L153, over 2,970 teams): 2.7
# constables and 3.85 PCSOs a team on average.
REGIONAL_CONSTABLES = (2, 3, 0.7)
REGIONAL_PCSOS = (3, 4, 0.85)
# England and Wales, roughly (west, south, east, north), cut into a grid of force cells.
COUNTRY_BOUNDS = (-5.7, 50.0, 1.8, 55.8)


@dataclass(frozen=True)
class ForceSize:
    slug: str
    name: str
    bcus: int
    teams: int


def force_sizes(*, forces: int = len(FORCES), fraction: float = 1.0) -> list[ForceSize]:
    """The first ``forces`` forces of FORCES (largest first) at ``fraction`` of their size.

    At full size the Met keeps its 630 teams and 32 BCUs, and the other 42 share the rest of
    the 3,600 teams in proportion to their officers (largest remainders, so the total is
    exactly 3,600), with a BCU per 25 teams (at least 2). A fraction scales both (rounded; at
    least one BCU, and at least one team per BCU)."""
    given = sum(teams for _, _, _, teams, _ in FORCES if teams is not None)
    shared = [(slug, officers) for slug, _, officers, teams, _ in FORCES if teams is None]
    left = NATIONAL_TEAMS - given
    total_officers = sum(officers for _, officers in shared)
    exact = {slug: left * officers / total_officers for slug, officers in shared}
    teams = {slug: math.floor(value) for slug, value in exact.items()}
    short = left - sum(teams.values())
    for slug in sorted(exact, key=lambda s: (teams[s] - exact[s], s))[:short]:
        teams[slug] += 1
    sizes = []
    for slug, name, _, given_teams, given_bcus in FORCES[:forces]:
        n_teams = given_teams if given_teams is not None else teams[slug]
        n_bcus = given_bcus if given_bcus is not None else max(2, round(n_teams / TEAMS_PER_BCU))
        bcus = max(1, round(n_bcus * fraction))
        sizes.append(
            ForceSize(
                slug=slug,
                name=name,
                bcus=bcus,
                teams=max(bcus, round(n_teams * fraction)),
            )
        )
    return sizes


@dataclass
class NationalOptions:
    seed: int = 2008
    today: dt.date = field(default_factory=timezone.localdate)
    forces: int = len(FORCES)
    fraction: float = 1.0
    days: int = 365


def _cell_bounds(index: int, count: int) -> tuple[float, float, float, float]:
    """The ``index``-th cell of a near-square grid of ``count`` cells over COUNTRY_BOUNDS."""
    west, south, east, north = COUNTRY_BOUNDS
    cols = math.ceil(math.sqrt(count))
    rows = math.ceil(count / cols)
    width, height = (east - west) / cols, (north - south) / rows
    col, row = index % cols, index // cols
    return (
        west + col * width,
        south + row * height,
        west + (col + 1) * width,
        south + (row + 1) * height,
    )


class NationalBuilder:
    """Builds the forces of ``force_sizes`` and a year of their duty records. ``counts`` holds
    the rows of each kind, summed over the forces; ``forces`` the Force objects, largest
    first."""

    def __init__(self, options: NationalOptions, log=None):
        self.o = options
        self.log = log or (lambda message: None)
        self.counts: dict[str, int] = {}
        self.forces: list[Force] = []
        self.started = time.monotonic()

    def progress(self, what: str) -> None:
        self.log(f"  {time.monotonic() - self.started:6.1f} s  {what}")

    @transaction.atomic
    def build(self) -> list[Force]:
        o = self.o
        sizes = force_sizes(forces=o.forces, fraction=o.fraction)
        staff: list[tuple] = []
        rows_before = 0
        for n, size in enumerate(sizes):
            started = time.monotonic()
            is_met = size.slug == "metropolitan"
            builder = MetBuilder(
                MetOptions(
                    seed=o.seed + n,
                    today=o.today,
                    bcus=size.bcus,
                    teams=size.teams,
                    days=o.days,
                    slug=size.slug,
                    name=f"{size.name} (scale test)",
                    description=f"A generated force the size of {size.name}, for load tests.",
                    staff_prefix=f"F{n + 1:02d}-",
                    admin_username=None,
                    bounds=_cell_bounds(n, len(sizes)),
                    **(
                        {}
                        if is_met
                        else {"constables": REGIONAL_CONSTABLES, "pcsos": REGIONAL_PCSOS}
                    ),
                )
            )
            staff.extend(builder.build_records())
            self.forces.append(builder.force)
            for name, count in builder.counts.items():
                self.counts[name] = self.counts.get(name, 0) + count
            rows = sum(self.counts.values()) - rows_before
            rows_before += rows
            seconds = time.monotonic() - started
            self.progress(
                f"force {n + 1} of {len(sizes)}: {size.name}: {size.bcus} BCUs, "
                f"{size.teams} teams, {builder.counts['members']:,} staff; {rows:,} rows in "
                f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s)"
            )
        with duty_indexes_suspended(log=self.progress):
            self.counts["duty_records"] = self.copy_duty_by_day(staff)
        self.progress("duty record indexes and foreign keys rebuilt")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.progress("ANALYZE done")
        return self.forces

    def copy_duty_by_day(self, staff: list[tuple]) -> int:
        """COPY one duty record per member per day for every force, day by day (the order a
        live system writes them), drawing each day's activity as the Met generator does."""
        rng = random.Random(self.o.seed)
        random_ = rng.random
        days = self.o.days
        start = self.o.today - dt.timedelta(days=days - 1)
        now = timezone.now().isoformat()
        dedicated, abstractions = duty_activity_tables()
        # Per member: the row's head, days worked a week, where the week starts, and the
        # chance of an abstraction (halved for PCSOs), as in MetBuilder.copy_duty, and the
        # row's tail with the member's posting role (given so that the database's check of it
        # is one hash join instead of a lookup per row: teams migration 0011).
        people = [
            (
                f"{member.pk}\t{team.pk}",
                5 if fte == 1 else 3,
                rng.randrange(7),
                abstraction / 2 if role == "pcso" else abstraction,
                f"\tf\t\t{now}\t{now}\t{role}\n",
            )
            for member, team, role, fte, abstraction in staff
        ]
        columns = (
            "member_id, team_id, date, hours, activity, paid_overtime, note, created_at,"
            " updated_at, posting_role"
        )
        sql = f"COPY {DutyRecord._meta.db_table} ({columns}) FROM STDIN"
        count = 0
        started = time.monotonic()
        buffer = io.StringIO()
        with connection.cursor() as cursor:
            with cursor.cursor.copy(sql) as copy:
                for k in range(days):
                    day = (start + dt.timedelta(days=k)).isoformat()
                    tail = f"\t{day}\t8.00\t"
                    write = buffer.write
                    for head, working, offset, p_abs, stamp in people:
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
                        write(f"{head}{tail}{activity}{stamp}")
                        if buffer.tell() > 4_000_000:
                            copy.write(buffer.getvalue())
                            buffer = io.StringIO()
                            write = buffer.write
                    count += len(people)
                    if (k + 1) % 30 == 0 or k + 1 == days:
                        seconds = time.monotonic() - started
                        self.progress(
                            f"duty day {k + 1} of {days}: {count:,} records "
                            f"({count / seconds:,.0f} rows/s)"
                        )
                copy.write(buffer.getvalue())
        return count


def build_national(options: NationalOptions, log=None) -> tuple[list[Force], dict[str, int]]:
    """Build the national deployment; return its forces (largest first) and the number of rows
    of each kind."""
    builder = NationalBuilder(options, log=log)
    forces = builder.build()
    return forces, builder.counts


NATIONAL_SLUGS = frozenset(slug for slug, *_ in FORCES)
