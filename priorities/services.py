"""Writes for the community priority lifecycle: set, review, feed back, close, reopen.

Atomic, validated with ``full_clean()``; errors are ``ValidationError`` dicts naming the field.
Edits of an existing priority carry the ``version`` the editor read: a stale one raises
``npms.exceptions.StaleEdit`` and saves nothing (optimistic concurrency, DESIGN.md section 9).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from engagement.models import PRIORITY_SETTING_KINDS, Event
from engagement.services import event_create
from npms.dates import refuse_future, refuse_implausible
from npms.exceptions import StaleEdit
from teams.models import Neighbourhood

from .models import Outcome, Priority, PriorityReview, ReviewKind, Status

EDITABLE_FIELDS = {
    "title",
    "description",
    "where",
    "when",
    "who",
    "category",
    "source",
    "set_by",
    "date_set",
    "location",
    "public",
    "raised_at",
}


def _require_detail(priority: Priority) -> None:
    # A priority needs "sufficient detail (time, location, victim, perpetrator) to allow a
    # targeted response" (seeds/004_9fc604fdf3343b13.txt lines 21713-21714): a vague
    # "tackle ASB" with no place or time cannot be targeted.
    errors = {}
    if not (priority.where or "").strip():
        errors["where"] = (
            "Say where the problem happens (a street, park, building or area) so the team "
            "can target it."
        )
    if not (priority.when or "").strip():
        errors["when"] = "Say when it happens (days, times or dates) so patrols can be planned."
    if errors:
        raise ValidationError(errors)


def _lock(priority: Priority, version: int) -> Priority:
    """Re-read the row FOR UPDATE and check the editor's version is still current."""
    current = Priority.objects.select_for_update().get(pk=priority.pk)
    if int(version) != current.version:
        raise StaleEdit("priority", int(version), current.version)
    return current


def _save_new_version(priority: Priority, author=None, reason: str = "") -> None:
    # The row is locked FOR UPDATE by _lock, so a plain increment is safe.
    priority.version += 1
    if author is not None:
        priority._history_user = author
    if reason:
        priority._change_reason = reason
    priority.save()


@transaction.atomic
def priority_create(
    *,
    neighbourhood: Neighbourhood,
    title: str,
    description: str,
    category: str,
    source: str,
    set_by: str,
    date_set: dt.date,
    where: str = "",
    when: str = "",
    who: str = "",
    raised_at: Event | None = None,
    location=None,
    public: bool = True,
    require_detail: bool = True,
    author=None,
) -> Priority:
    """Set a new community priority for a neighbourhood.

    ``require_detail`` (the default) insists on where and when; imports of published
    priorities, which carry only free text, pass False.
    """
    priority = Priority(
        neighbourhood=neighbourhood,
        title=title,
        description=description,
        category=category,
        source=source,
        set_by=set_by,
        date_set=date_set,
        where=where,
        when=when,
        who=who,
        raised_at=raised_at,
        location=location,
        public=public,
    )
    refuse_implausible("date_set", date_set)  # a year like 0001 is a slip (issue 12 item 5)
    refuse_future("date_set", date_set, "A priority cannot be agreed on a date in the future.")
    if require_detail:
        _require_detail(priority)
    if raised_at is not None and raised_at.force_id != neighbourhood.force_id:
        raise ValidationError({"raised_at": "The meeting belongs to another force."})
    priority.full_clean()
    if author is not None:
        priority._history_user = author
    priority.save()
    return priority


@transaction.atomic
def priority_update(*, priority: Priority, version: int, author=None, **fields) -> Priority:
    """Change a priority's details; ``version`` is the one the editor read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    current = _lock(priority, version)
    for name, value in fields.items():
        setattr(current, name, value)
    if {"where", "when"} & set(fields):
        _require_detail(current)
    if "date_set" in fields:
        refuse_implausible("date_set", current.date_set)
        refuse_future(
            "date_set", current.date_set, "A priority cannot be agreed on a date in the future."
        )
    current.full_clean()
    _save_new_version(current, author)
    return current


@transaction.atomic
def priority_review_add(
    *,
    priority: Priority,
    kind: str,
    text: str,
    date: dt.date,
    public: bool = True,
    author=None,
    event: Event | None = None,
) -> PriorityReview:
    """Add a formal review, a progress update or feedback given to the public; ``event`` is
    the meeting it was made at, if any."""
    if date < priority.date_set:
        raise ValidationError({"date": "A review cannot be dated before the priority was set."})
    refuse_implausible("date", date)
    refuse_future("date", date, "A review, update or feedback cannot be dated in the future.")
    review = PriorityReview(
        priority=priority,
        kind=kind,
        text=text,
        date=date,
        public=public,
        author=author,
        event=event,
    )
    review.full_clean()
    review.save()
    return review


@transaction.atomic
def priority_close(
    *,
    priority: Priority,
    version: int,
    closed_on: dt.date,
    outcome: str,
    public_signoff: bool,
    feedback: str = "",
    withdrawn_reason: str = "",
    author=None,
    closed_elsewhere: bool = False,
) -> Priority:
    """Close a priority with its outcome and whether the forum signed it off.

    A priority closes only "when those who have raised the issue are satisfied with the
    outcome" (seeds/004_9fc604fdf3343b13.txt lines 7465-7468; the priority-setting forum
    decides, lines 23198-23209): with ``public_signoff``, or else as ``withdrawn`` with a
    ``withdrawn_reason`` (the forum dropped it, it was merged into another ...). Refused naming
    ``public_signoff`` or ``withdrawn_reason``. ``closed_elsewhere`` is for importers only: the
    priority was already closed in the force's published record (data.police.uk gives an action
    date, not who agreed it), so the decision was not taken here and is recorded as it stands.

    ``feedback``, when given, is recorded as public feedback ("you said, we did") on the
    closing day, so the public page shows what was done.
    """
    current = _lock(priority, version)
    if current.status == Status.CLOSED:
        raise ValidationError({"status": "This priority is already closed."})
    if not outcome:
        raise ValidationError({"outcome": "Choose the outcome."})
    withdrawn_reason = (withdrawn_reason or "").strip()
    if outcome == Outcome.WITHDRAWN:
        if not withdrawn_reason:
            raise ValidationError(
                {
                    "withdrawn_reason": "Say why the priority is withdrawn without the "
                    "forum's sign-off."
                }
            )
    elif not public_signoff and not closed_elsewhere:
        raise ValidationError(
            {
                "public_signoff": "A priority closes only when the forum (PACT meeting or ward "
                "panel) agrees it is dealt with; otherwise withdraw it and say why."
            }
        )
    if closed_on < current.date_set:
        raise ValidationError({"closed_on": "A priority cannot close before it was set."})
    refuse_future("closed_on", closed_on, "A priority cannot be closed on a date in the future.")
    current.status = Status.CLOSED
    current.closed_on = closed_on
    current.outcome = outcome
    current.public_signoff = bool(public_signoff)
    current.withdrawn_reason = withdrawn_reason if outcome == Outcome.WITHDRAWN else ""
    current.full_clean()
    _save_new_version(current, author, reason="closed")
    if feedback.strip():
        priority_review_add(
            priority=current,
            kind=ReviewKind.FEEDBACK,
            text=feedback,
            date=closed_on,
            public=True,
            author=author,
        )
    return current


@transaction.atomic
def priority_reopen(*, priority: Priority, version: int, author=None) -> Priority:
    """Reopen a closed priority (the community says the problem is back)."""
    current = _lock(priority, version)
    if current.status != Status.CLOSED:
        raise ValidationError({"status": "This priority is not closed."})
    current.status = Status.OPEN
    current.closed_on = None
    current.outcome = ""
    current.public_signoff = False
    current.withdrawn_reason = ""
    current.full_clean()
    _save_new_version(current, author, reason="reopened")
    return current


def _gather(errors: dict[str, list[str]], prefix: str, call):
    """Run ``call`` in a savepoint; on ValidationError add its messages to ``errors`` under
    ``prefix + field`` and return None. The caller raises ``errors`` at the end, so every
    problem of a form is reported at once (issue 13: "errors come in two rounds")."""
    try:
        with transaction.atomic():
            return call()
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(f"{prefix}{key}", []).extend(messages)
        return None


@transaction.atomic
def meeting_record(
    *,
    event_fields: dict,
    new_priorities: list[dict] = (),
    reviews: list[dict] = (),
    author=None,
) -> tuple[Event, list[Priority]]:
    """Record a meeting, the priorities it set and the existing ones it reviewed, at once.

    ``event_fields`` are ``engagement.services.event_create``'s arguments; each of
    ``new_priorities`` is ``priority_create``'s (neighbourhood defaults to the meeting's,
    ``date_set`` to its day, ``source`` to meeting and ``set_by`` to public); each of
    ``reviews`` has ``priority``, ``kind``, ``text`` and optional ``public``, and is dated the
    meeting's day and linked to it (``PriorityReview.event``). Every part is checked, and all
    the errors are raised together, naming the item, e.g. ``new_priorities[1].where``;
    nothing is saved unless all is valid.
    """
    errors: dict[str, list[str]] = {}
    event = _gather(errors, "", lambda: event_create(**event_fields))
    start = event.start if event is not None else event_fields.get("start")
    if (new_priorities or reviews) and isinstance(start, dt.datetime):
        _gather(
            errors,
            "",
            lambda: refuse_future(
                "start",
                start,
                "A meeting that set or reviewed priorities has already happened: its start "
                "cannot be in the future.",
            ),
        )
    if new_priorities and event_fields.get("kind") not in PRIORITY_SETTING_KINDS:
        errors.setdefault("kind", []).append(
            "Only PACT meetings and ward panels set priorities; record them there."
        )
    if not isinstance(start, dt.datetime):
        # No valid start: the meeting's own error says so; its day cannot date the rest.
        raise ValidationError(errors or {"start": "Enter when the meeting started."})
    meeting_day = timezone.localtime(start).date() if timezone.is_aware(start) else start.date()
    neighbourhood = event_fields.get("neighbourhood")
    created = []
    for index, fields in enumerate(new_priorities):
        data = {
            "neighbourhood": neighbourhood,
            "date_set": meeting_day,
            "source": "meeting",
            "set_by": "public",
            **fields,
            "raised_at": event,
        }
        if data["neighbourhood"] is None:
            errors.setdefault(f"new_priorities[{index}].neighbourhood", []).append(
                "Choose the neighbourhood."
            )
            continue
        priority = _gather(
            errors,
            f"new_priorities[{index}].",
            lambda data=data: priority_create(author=author, **data),
        )
        if priority is not None:
            created.append(priority)
    for index, review in enumerate(reviews):
        _gather(
            errors,
            f"reviews[{index}].",
            lambda review=review: priority_review_add(
                priority=review["priority"],
                kind=review.get("kind") or ReviewKind.REVIEW,
                text=review.get("text", ""),
                date=meeting_day,
                public=review.get("public", True),
                author=author,
                event=event,
            ),
        )
    if "start" in errors:
        # The priorities and reviews are dated the meeting's day: a refused start already
        # says what is wrong with their dates.
        errors = {
            key: messages
            for key, messages in errors.items()
            if not key.endswith((".date_set", ".date"))
        }
    if errors:
        raise ValidationError(errors)
    return event, created
