"""``import_police_uk``: load files in the data.police.uk format (DESIGN.md section 6; the
directory layout is in ``policeuk.formats``).

A missing file is skipped. The import is idempotent: a rerun finds every record by its natural
key (force slug; force + neighbourhood code; force + staff number; neighbourhood + title +
start for events; neighbourhood + issue + issue-date for priorities) and changes nothing that
is already the same. What cannot be used is left out and reported with the reason.
"""

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.gis.geos import GEOSException, MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement import services as engagement_services
from engagement.models import Event, EventKind
from policeuk import formats as fmt
from priorities import services as priority_services
from priorities.models import Priority, PriorityReview
from teams import services as team_services
from teams.models import BCU, Force, Member, Neighbourhood, Posting, PostingRole, Team

IMPORT_BCU_CODE = "POLICE-UK"
IMPORT_BCU_NAME = "Imported from data.police.uk (not yet assigned)"


@dataclass
class ImportReport:
    """What an import did: counts per kind and outcome, and every skipped item with why."""

    counts: Counter = field(default_factory=Counter)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[(kind, outcome)] += 1

    def skip(self, where: str, reason: str) -> None:
        self.skipped.append((where, reason))

    def summary(self) -> list[str]:
        lines = []
        kinds = sorted({kind for kind, _ in self.counts})
        for kind in kinds:
            parts = [
                f"{self.counts[(kind, outcome)]} {outcome}"
                for outcome in ("created", "updated", "unchanged")
                if self.counts[(kind, outcome)]
            ]
            lines.append(f"{kind}: {', '.join(parts)}")
        lines.append(f"skipped: {len(self.skipped)}")
        lines.extend(f"  {where}: {reason}" for where, reason in self.skipped)
        return lines


def _read(root: Path, relative: str, report: ImportReport, expect=list):
    """The JSON in ``root/relative``; None when the file is missing (skipped silently) or
    unusable (reported under its relative path)."""
    path = root / relative
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        report.skip(relative, f"not valid JSON ({error})")
        return None
    if not isinstance(data, expect):
        report.skip(relative, f"expected a JSON {expect.__name__}")
        return None
    return data


def _save_changes(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; save (after full_clean) only when something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save()
    return True


def _clean_field(model_class, name: str, value, where: str, report: ImportReport):
    """``value`` if the model field accepts it, else "" and a report line."""
    if not value:
        return ""
    try:
        model_class._meta.get_field(name).clean(value, None)
    except ValidationError as error:
        report.skip(where, f"{name} {value!r} left out: {'; '.join(error.messages)}")
        return ""
    return value


def staff_number_for(name: str, rank: str) -> str:
    """A stable staff number for a person from data.police.uk (which gives none): a hash of
    their name and rank, so a rerun finds the same Member."""
    digest = hashlib.sha256(f"{name.strip().lower()}|{rank.strip().lower()}".encode()).hexdigest()
    return f"PUK-{digest[:10].upper()}"


def role_from_rank(rank: str) -> str:
    """Posting role from a free-text rank ("PC", "PCSO", "Sgt", "Inspector", ...)."""
    text = rank.lower()
    words = set(text.replace(".", " ").replace("/", " ").split())
    if "pcso" in words or "community support" in text:
        return PostingRole.PCSO
    if "special" in text:
        return PostingRole.SPECIAL
    if "volunteer" in text:
        return PostingRole.VOLUNTEER
    if "sergeant" in text or words & {"sgt", "ps"}:
        return PostingRole.SERGEANT
    if (
        "inspector" in text
        or words & {"insp", "ci", "supt", "superintendent", "chief", "commander"}
        or "chief officer" in text
    ):
        return PostingRole.INSPECTOR
    return PostingRole.CONSTABLE


def event_kind_from_type(value) -> str:
    """Our event kind for the format's free-text ``type``."""
    text = (value or "").strip().lower()
    if text in EventKind.values:
        return text
    for word, kind in (
        ("pact", EventKind.PACT_MEETING),
        ("panel", EventKind.WARD_PANEL),
        ("briefing", EventKind.STREET_BRIEFING),
        ("surgery", EventKind.SURGERY),
        ("door", EventKind.DOOR_TO_DOOR),
        ("online", EventKind.ONLINE),
        ("meeting", EventKind.PACT_MEETING),
        ("event", EventKind.COMMUNITY_EVENT),
    ):
        if word in text:
            return kind
    return EventKind.OTHER


class PoliceUkImporter:
    """Reads DIR (layout in ``policeuk.formats``) into the database. ``progress(message)`` is
    told about each force and every ``progress_every`` neighbourhoods."""

    def __init__(
        self,
        root: Path,
        *,
        progress: Callable[[str], None] | None = None,
        progress_every: int = 25,
        today: dt.date | None = None,
    ):
        self.root = Path(root)
        self.report = ImportReport()
        self.progress = progress or (lambda message: None)
        self.progress_every = progress_every
        self.today = today or timezone.localdate()

    # -- forces --------------------------------------------------------------------------

    def run(self) -> ImportReport:
        forces = _read(self.root, "forces.json", self.report) or []
        slugs = []
        for index, item in enumerate(forces):
            where = f"forces.json[{index}]"
            if not isinstance(item, dict) or not item.get("id"):
                self.report.skip(where, "no force id")
                continue
            if not fmt.safe_name(str(item["id"])):
                self.report.skip(where, f"force id {item['id']!r} cannot be a file name")
                continue
            slugs.append(str(item["id"]))
            self._force(str(item["id"]), fmt.plain_text(item.get("name")), where)
        forces_dir = self.root / "forces"
        if forces_dir.is_dir():
            for path in sorted(forces_dir.glob("*.json")):
                if path.stem not in slugs:
                    slugs.append(path.stem)
        for slug in slugs:
            force = Force.objects.filter(slug=slug).first()
            detail = _read(self.root, f"forces/{slug}.json", self.report, expect=dict)
            if detail is not None:
                force = self._force_detail(slug, force, detail)
            if force is None:
                continue
            self._neighbourhoods(force)
        return self.report

    def _force(self, slug: str, name: str, where: str) -> Force | None:
        force = Force.objects.filter(slug=slug).first()
        try:
            if force is None:
                force = Force(slug=slug, name=name or slug)
                force.full_clean()
                force.save()
                self.report.count("forces", "created")
            elif name and _save_changes(force, {"name": name}):
                self.report.count("forces", "updated")
            else:
                self.report.count("forces", "unchanged")
        except ValidationError as error:
            self.report.skip(where, f"force {slug!r}: {'; '.join(error.messages)}")
            return None
        return force

    def _force_detail(self, slug: str, force: Force | None, data: dict) -> Force | None:
        where = f"forces/{slug}.json"
        if force is None:
            force = self._force(slug, fmt.plain_text(data.get("name")), where)
            if force is None:
                return None
        methods = []
        for method in data.get("engagement_methods") or []:
            if isinstance(method, dict):
                methods.append(
                    {
                        "url": str(method.get("url") or ""),
                        "description": fmt.plain_text(method.get("description")),
                        "title": fmt.plain_text(method.get("title")),
                    }
                )
        values = {
            "description": fmt.plain_text(data.get("description")),
            "url": _clean_field(Force, "url", data.get("url"), where, self.report),
            "telephone": fmt.plain_text(data.get("telephone"))[:50],
            "engagement_methods": methods,
        }
        if data.get("name"):
            values["name"] = fmt.plain_text(data["name"])
        if _save_changes(force, values):
            self.report.count("force details", "updated")
        else:
            self.report.count("force details", "unchanged")
        return force

    # -- neighbourhoods ------------------------------------------------------------------

    def _neighbourhoods(self, force: Force) -> None:
        items = _read(self.root, f"{force.slug}/neighbourhoods.json", self.report) or []
        codes = []
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not item.get("id"):
                self.report.skip(f"{force.slug}/neighbourhoods.json[{index}]", "no id")
                continue
            if not fmt.safe_name(str(item["id"])):
                self.report.skip(
                    f"{force.slug}/neighbourhoods.json[{index}]",
                    f"code {item['id']!r} cannot be a file name",
                )
                continue
            codes.append((str(item["id"]), fmt.plain_text(item.get("name"))))
        listed = {code for code, _ in codes}
        force_dir = self.root / force.slug
        if force_dir.is_dir():
            for path in sorted(force_dir.glob("*.json")):
                if path.stem != "neighbourhoods" and path.stem not in listed:
                    codes.append((path.stem, ""))
        total = len(codes)
        self.progress(f"{force.slug}: {total} neighbourhoods")
        for number, (code, name) in enumerate(codes, start=1):
            with transaction.atomic():
                self._neighbourhood(force, code, name)
            if number % self.progress_every == 0 or number == total:
                self.progress(f"{force.slug}: {number}/{total} neighbourhoods")

    def _neighbourhood(self, force: Force, code: str, name: str) -> None:
        where = f"{force.slug}/{code}"
        detail = _read(self.root, f"{where}.json", self.report, expect=dict)
        if detail is not None:
            if detail.get("id") not in (None, code):
                self.report.skip(f"{where}.json", f"id {detail.get('id')!r} differs; used {code!r}")
            name = fmt.plain_text(detail.get("name")) or name
        neighbourhood = Neighbourhood.objects.filter(force=force, code=code).first()
        if neighbourhood is None:
            if not name:
                self.report.skip(where, "no name")
                return
            neighbourhood = Neighbourhood(force=force, code=code, name=name[:200])
            try:
                neighbourhood.full_clean()
            except ValidationError as error:
                self.report.skip(where, "; ".join(error.messages))
                return
            neighbourhood.save()
            self.report.count("neighbourhoods", "created")
            changed = True
        else:
            changed = False
        values = {"name": name[:200]} if name else {}
        if detail is not None:
            values.update(self._neighbourhood_values(detail, where))
        boundary = self._boundary(where)
        if boundary is not None:
            values["boundary"] = boundary
        if values and _save_changes(neighbourhood, values):
            if not changed:
                self.report.count("neighbourhoods", "updated")
        elif not changed:
            self.report.count("neighbourhoods", "unchanged")
        self._people(neighbourhood, where)
        self._events(neighbourhood, where)
        self._priorities(neighbourhood, where)

    def _neighbourhood_values(self, data: dict, where: str) -> dict:
        report = self.report
        values = {
            "description": fmt.plain_text(data.get("description")),
            "welcome_message": fmt.plain_text(data.get("welcome_message")),
            "url_force": _clean_field(
                Neighbourhood, "url_force", data.get("url_force"), where, report
            ),
        }
        try:
            values["population"] = fmt.population_in(data.get("population"))
        except fmt.BadValue as error:
            values["population"] = None
            report.skip(where, f"{error}: stored as unknown")
        contact = (
            data.get("contact_details") if isinstance(data.get("contact_details"), dict) else {}
        )
        values["email"] = _clean_field(
            Neighbourhood, "email", str(contact.get("email") or "").strip(), where, report
        )
        values["telephone"] = str(contact.get("telephone") or "").strip()[:50]
        others = sorted(k for k, v in contact.items() if v and k not in ("email", "telephone"))
        if others:
            report.skip(where, f"contact details not stored (no field yet): {', '.join(others)}")
        centre = data.get("centre")
        values["centre"] = None
        if isinstance(centre, dict):
            try:
                pair = fmt.coordinate_pair_in(centre.get("latitude"), centre.get("longitude"))
            except fmt.BadValue as error:
                report.skip(where, f"centre {error}: left out")
                pair = None
            if pair is not None:
                values["centre"] = Point(pair[1], pair[0], srid=4326)
        values["links"] = [
            {
                "url": str(link.get("url") or ""),
                "description": fmt.plain_text(link.get("description")),
                "title": fmt.plain_text(link.get("title")),
            }
            for link in data.get("links") or []
            if isinstance(link, dict)
        ]
        locations = []
        for index, location in enumerate(data.get("locations") or []):
            if not isinstance(location, dict):
                continue
            try:
                pair = fmt.coordinate_pair_in(location.get("latitude"), location.get("longitude"))
            except fmt.BadValue as error:
                report.skip(f"{where} locations[{index}]", f"{error}: left out")
                pair = None
            locations.append(
                {
                    "name": fmt.plain_text(location.get("name")),
                    "type": fmt.plain_text(location.get("type")),
                    "description": fmt.plain_text(location.get("description")),
                    "address": fmt.plain_text(location.get("address")),
                    "postcode": fmt.plain_text(location.get("postcode")),
                    "latitude": fmt.coordinate_text_in(pair[0]) if pair else None,
                    "longitude": fmt.coordinate_text_in(pair[1]) if pair else None,
                }
            )
        values["locations"] = locations
        return values

    def _boundary(self, where: str) -> MultiPolygon | None:
        points = _read(self.root, f"{where}/boundary.json", self.report)
        if not points:
            return None  # no file, or an empty list: no boundary published
        ring = []
        for index, point in enumerate(points):
            if not isinstance(point, dict):
                self.report.skip(f"{where}/boundary.json[{index}]", "not a point: left out")
                continue
            try:
                pair = fmt.coordinate_pair_in(point.get("latitude"), point.get("longitude"))
            except fmt.BadValue as error:
                self.report.skip(f"{where}/boundary.json[{index}]", f"{error}: left out")
                continue
            if pair is not None:
                ring.append((pair[1], pair[0]))
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])  # the format does not always close the ring
        if len(ring) < 4:
            self.report.skip(f"{where}/boundary.json", "fewer than 3 usable points: not stored")
            return None
        try:
            boundary = MultiPolygon(Polygon(ring), srid=4326)
        except (GEOSException, ValueError, TypeError) as error:
            self.report.skip(f"{where}/boundary.json", f"not a polygon ({error}): not stored")
            return None
        if not boundary.valid:
            self.report.skip(
                f"{where}/boundary.json", f"not a valid polygon ({boundary.valid_reason})"
            )
            return None
        return boundary

    # -- people --------------------------------------------------------------------------

    def _import_team(self, neighbourhood: Neighbourhood) -> Team:
        """The team the neighbourhood's people are posted to: one covering it, or a new one
        (in a holding BCU for imports that a force admin then assigns)."""
        team = neighbourhood.teams.order_by("id").first()
        if team is not None:
            return team
        bcu = neighbourhood.bcu
        if bcu is None:
            bcu, _ = BCU.objects.get_or_create(
                force=neighbourhood.force,
                code=IMPORT_BCU_CODE,
                defaults={"name": IMPORT_BCU_NAME},
            )
            neighbourhood.bcu = bcu
            neighbourhood.save(update_fields=["bcu", "updated_at"])
        team, created = Team.objects.get_or_create(bcu=bcu, name=f"{neighbourhood.name} NPT"[:200])
        team.neighbourhoods.add(neighbourhood)
        if created:
            self.report.count("teams", "created")
        return team

    def _people(self, neighbourhood: Neighbourhood, where: str) -> None:
        people = _read(self.root, f"{where}/people.json", self.report)
        if not people:
            return
        team = self._import_team(neighbourhood)
        for index, person in enumerate(people):
            at = f"{where}/people.json[{index}]"
            if not isinstance(person, dict) or not fmt.plain_text(person.get("name")):
                self.report.skip(at, "no name")
                continue
            name = fmt.plain_text(person["name"])[:200]
            rank = fmt.plain_text(person.get("rank"))[:100]
            contact = person.get("contact_details")
            values = {
                "name": name,
                "rank": rank,
                "bio": fmt.plain_text(person.get("bio")),
                "contact_details": {str(k): str(v) for k, v in (contact or {}).items() if v}
                if isinstance(contact, dict)
                else {},
            }
            staff_number = staff_number_for(name, rank)
            member = Member.objects.filter(
                force=neighbourhood.force, staff_number=staff_number
            ).first()
            if member is None:
                member = Member(force=neighbourhood.force, staff_number=staff_number, **values)
                member.full_clean()
                member.save()
                self.report.count("people", "created")
            elif _save_changes(member, values):
                self.report.count("people", "updated")
            else:
                self.report.count("people", "unchanged")
            if Posting.objects.filter(member=member, team=team).active_on(self.today).exists():
                continue
            try:
                team_services.posting_create(
                    member=member, team=team, role=role_from_rank(rank), start_date=self.today
                )
                self.report.count("postings", "created")
            except ValidationError as error:
                self.report.skip(at, f"posting not made: {'; '.join(error.messages)}")

    # -- events --------------------------------------------------------------------------

    def _events(self, neighbourhood: Neighbourhood, where: str) -> None:
        events = _read(self.root, f"{where}/events.json", self.report)
        for index, item in enumerate(events or []):
            at = f"{where}/events.json[{index}]"
            if not isinstance(item, dict):
                self.report.skip(at, "not an object")
                continue
            title = fmt.plain_text(item.get("title"))[:200]
            try:
                start = fmt.datetime_in(item.get("start_date"))
                end = fmt.datetime_in(item.get("end_date"))
            except fmt.BadValue as error:
                self.report.skip(at, str(error))
                continue
            if not title or start is None:
                self.report.skip(at, "no title or no start_date")
                continue
            if end is not None and end < start:
                self.report.skip(at, "end_date before start_date: end left out")
                end = None
            values = {
                "kind": event_kind_from_type(item.get("type")),
                "end": end,
                "description": fmt.plain_text(item.get("description")),
                "address": fmt.plain_text(item.get("address"))[:300],
            }
            event = Event.objects.filter(
                neighbourhood=neighbourhood, title=title, start=start
            ).first()
            try:
                if event is None:
                    engagement_services.event_create(
                        force=neighbourhood.force,
                        neighbourhood=neighbourhood,
                        title=title,
                        start=start,
                        public=True,
                        **values,
                    )
                    self.report.count("events", "created")
                elif any(getattr(event, k) != v for k, v in values.items()):
                    engagement_services.event_update(event=event, **values)
                    self.report.count("events", "updated")
                else:
                    self.report.count("events", "unchanged")
            except ValidationError as error:
                self.report.skip(at, "; ".join(error.messages))

    # -- priorities ----------------------------------------------------------------------

    def _priorities(self, neighbourhood: Neighbourhood, where: str) -> None:
        items = _read(self.root, f"{where}/priorities.json", self.report)
        for index, item in enumerate(items or []):
            at = f"{where}/priorities.json[{index}]"
            if not isinstance(item, dict):
                self.report.skip(at, "not an object")
                continue
            issue = fmt.plain_text(item.get("issue"))
            try:
                date_set = fmt.date_in(item.get("issue-date"))
                action_date = fmt.date_in(item.get("action-date"))
            except fmt.BadValue as error:
                self.report.skip(at, str(error))
                continue
            if not issue or date_set is None:
                self.report.skip(at, "no issue or no issue-date")
                continue
            action = fmt.plain_text(item.get("action"))
            if action and action_date is None:
                self.report.skip(at, "action without action-date: action left out")
                action = ""
            try:
                with transaction.atomic():
                    self._priority(neighbourhood, issue, date_set, action, action_date)
            except ValidationError as error:
                self.report.skip(at, "; ".join(error.messages))

    def _priority(self, neighbourhood, issue, date_set, action, action_date) -> None:
        priority = Priority.objects.filter(
            neighbourhood=neighbourhood, date_set=date_set, description=issue
        ).first()
        if priority is None:
            # data.police.uk priorities are the community's, set at public meetings; they
            # carry no category, so "other" until a sergeant sets one.
            priority = priority_services.priority_create(
                neighbourhood=neighbourhood,
                title=fmt.title_from(issue),
                description=issue,
                category="other",
                source="meeting",
                set_by="public",
                date_set=date_set,
                public=True,
                require_detail=False,
            )
            self.report.count("priorities", "created")
        else:
            self.report.count("priorities", "unchanged")
        if not action:
            return
        known = PriorityReview.objects.filter(
            priority=priority, text=action, date=action_date
        ).exists()
        if not known:
            priority_services.priority_review_add(
                priority=priority, kind="feedback", text=action, date=action_date, public=True
            )
            self.report.count("priority actions", "created")
        # "A priority is open when action/action-date is null" (anchors.md A1.2): one with an
        # action was dealt with, so it is closed on the action's date.
        if priority.status == "open" and action_date >= date_set:
            priority.refresh_from_db()
            priority_services.priority_close(
                priority=priority,
                version=priority.version,
                closed_on=action_date,
                outcome="resolved",
                public_signoff=False,
            )
