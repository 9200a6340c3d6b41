"""Database constraint violations in the users' words (issue 12 item 5; DESIGN.md section 9).

Validation (``full_clean()`` and the services' checks) catches bad input first, but when two
requests race (both pass validation, then the second INSERT breaks a unique or exclusion
constraint) or a check misses a case the database covers, PostgreSQL refuses the write with an
``IntegrityError``. This module turns that refusal into what the user should have seen: a
message naming the field, in words a sergeant understands.

One mechanism, used by:

- the API's exception handler (``npms.exceptions``): a known constraint is a 400 in the one
  error shape naming the field; a refused delete (``ProtectedError``) is a 409 saying what still
  refers to the record; an unknown constraint a 409 "conflicts with existing data", logged;
- the pages (``npms.form_errors.add_service_errors`` takes an ``IntegrityError`` like a
  ``ValidationError``, so the form is shown again with the message beside the field);
- ``IntegrityErrorMiddleware``, the backstop for a page (the admin's included) that does not
  catch it: a 400 / 409 page in the service's layout, never a 500.

Every service is ``@transaction.atomic``, so when the database refuses a write the whole
service call is rolled back: nothing is half-saved.

``CONSTRAINT_MESSAGES`` lists every constraint of the project's tables (a test,
``tests/npms/test_constraint_inventory.py``, compares it with the database and says which form
and API endpoint writes each). The names are those in PostgreSQL: a model's
``Meta.constraints`` name, or Django's generated name for ``unique=True`` fields, positive
integer fields and many-to-many tables (stable: derived from the table and column names).
"""

import logging
import re
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.shortcuts import render

logger = logging.getLogger("npms.integrity")

# SQLSTATE classes of an integrity violation (PostgreSQL appendix A).
UNIQUE_VIOLATION = "23505"
EXCLUSION_VIOLATION = "23P01"
CHECK_VIOLATION = "23514"
FOREIGN_KEY_VIOLATION = "23503"
NOT_NULL_VIOLATION = "23502"

# Said when a unique or exclusion constraint fires: validation looked before saving, so the
# clashing row arrived in between (another person saving at the same moment).
_RACE = " Someone may have saved it at the same moment: reload the page to see it."

# constraint name -> (field the error names, or None for the whole form; the message).
CONSTRAINT_MESSAGES: dict[str, tuple[str | None, str]] = {
    # -- teams ---------------------------------------------------------------------------------
    "teams_force_slug_key": ("slug", "Another force already has this data.police.uk id."),
    "force_abstraction_limit_fraction": (
        "abstraction_limit",
        "The abstraction limit is a fraction from 0 to 1 (0.20 means 20%).",
    ),
    "force_figure_green_shares_fractions": (
        None,
        "Each green share (neighbourhoods with 3-5 priorities, priorities with a plan, plans "
        "assessed) is a fraction from 0 to 1 (0.80 means 80%).",
    ),
    "force_span_limit_positive": (
        "supervision_span_limit",
        "The supervision span limit must be at least 1.",
    ),
    "force_span_amber_within_limit": (
        "supervision_span_amber",
        "The amber span must be at least 1 and no more than the span limit.",
    ),
    "force_policy_periods_positive": (
        None,
        "The priority review period, the contact response time and the meeting interval must "
        "each be at least 1.",
    ),
    "force_plan_review_days_positive": (
        "plan_review_days",
        "Plans are reviewed at least every 1 day.",
    ),
    "teams_force_plan_review_days_check": (
        "plan_review_days",
        "The plan review period cannot be negative.",
    ),
    "teams_force_priority_review_days_check": (
        "priority_review_days",
        "The priority review period cannot be negative.",
    ),
    "teams_force_contact_response_hours_check": (
        "contact_response_hours",
        "The contact response time cannot be negative.",
    ),
    "teams_force_meeting_interval_days_check": (
        "meeting_interval_days",
        "The meeting interval cannot be negative.",
    ),
    "bcu_code_unique_per_force": ("code", "Another BCU of this force already has this code."),
    "neighbourhood_code_unique_per_force": (
        "code",
        "Another neighbourhood of this force already has this code.",
    ),
    "teams_neighbourhood_population_check": ("population", "The population cannot be negative."),
    "team_name_unique_per_bcu": ("name", "Another team of this BCU already has this name."),
    "team_targets_not_negative": (None, "Staffing targets cannot be negative."),
    "teams_team_neighbourhood_team_id_neighbourhood_id_e3ec2979_uniq": (
        "neighbourhoods",
        "This neighbourhood is already one of the team's." + _RACE,
    ),
    "member_staff_number_unique_per_force": (
        "staff_number",
        "Another member of staff of this force already has this staff number." + _RACE,
    ),
    "teams_member_user_id_key": (
        "user",
        "This sign-in is already linked to another member of staff.",
    ),
    # posting_create names start_date itself; what reaches here is a change of dates (ending a
    # posting later than it ended, into the next posting in the team) or a race.
    "posting_no_overlap_per_member_team": (
        "end_date",
        "This person has another posting in this team during these dates; one person's "
        "postings in a team cannot overlap." + _RACE,
    ),
    "posting_fte_in_range": ("fte", "FTE must be more than 0 and at most 1."),
    "posting_end_not_before_start": ("end_date", "A posting cannot end before it starts."),
    "duty_hours_in_range": ("hours", "Hours must be more than 0 and at most 24."),
    "duty_activity_known": ("activity", "Choose an activity from the list."),
    "partner_name_unique_per_force": (
        "name",
        "Another partner of this force already has this name." + _RACE,
    ),
    "teams_partner_neighbourh_partner_id_neighbourhood_ad67bf2c_uniq": (
        "neighbourhoods",
        "This neighbourhood is already one of the partner's." + _RACE,
    ),
    # -- accounts ------------------------------------------------------------------------------
    "accounts_user_username_key": ("username", "This username is taken." + _RACE),
    "user_force_role_has_force": ("force", "This role needs a force."),
    "user_bcu_commander_has_bcu": ("bcu", "A BCU commander needs a BCU."),
    "user_team_role_has_team": ("team", "A sergeant or officer needs a team."),
    "user_partner_role_has_partner": ("partner", "A partner's user needs a partner."),
    "accounts_user_groups_user_id_group_id_59c0b32f_uniq": (
        "groups",
        "The user is already in this group.",
    ),
    "accounts_user_user_permi_user_id_permission_id_2ab516c2_uniq": (
        "user_permissions",
        "The user already has this permission.",
    ),
    # A new key's identifier is random; two equal ones can only be made at the same moment.
    "accounts_apikey_prefix_key": (
        None,
        "Another key was made with the same identifier at the same moment. Nothing was saved: "
        "make the key again.",
    ),
    "accounts_apikey_hashed_key_key": (
        None,
        "Another key was made with the same secret at the same moment. Nothing was saved: "
        "make the key again.",
    ),
    # -- audit ---------------------------------------------------------------------------------
    "audit_accesslog_count_check": ("count", "A count of rows cannot be negative."),
    # -- engagement ----------------------------------------------------------------------------
    "event_end_not_before_start": ("end", "The end cannot be before the start."),
    "event_attendance_not_negative": ("attendance", "Attendance cannot be negative."),
    "engagement_event_attendance_check": ("attendance", "Attendance cannot be negative."),
    "contact_response_not_before_receipt": (
        "responded_at",
        "The reply cannot be before the message was received.",
    ),
    # -- priorities ----------------------------------------------------------------------------
    "priority_closed_has_date_and_outcome": (
        "status",
        "A closed priority has a closing date and an outcome; an open one has neither.",
    ),
    # Closing checks its date itself (closed_on); what reaches the constraint is an edit of
    # the date set of a closed priority to after its closing date.
    "priority_closed_not_before_set": (
        "date_set",
        "The date set cannot be after the date the priority was closed.",
    ),
    "priority_outcome_known": ("outcome", "Choose an outcome from the list."),
    "priorities_priority_version_check": ("version", "The version cannot be negative."),
    "priorities_historicalpriority_version_check": ("version", "The version cannot be negative."),
    # -- problemsolving ------------------------------------------------------------------------
    "plan_closed_has_date_and_outcome": (
        "stage",
        "A closed plan has a closing date and an outcome; a plan still open has no closing date.",
    ),
    "plan_closed_not_before_opened": (
        "closed_on",
        "A plan cannot be closed before the date it was opened.",
    ),
    "problemsolving_plan_version_check": ("version", "The version cannot be negative."),
    "problemsolving_historicalplan_version_check": ("version", "The version cannot be negative."),
    "problemsolving_plan_partners_plan_id_partner_id_80f6a6ac_uniq": (
        "partners",
        "This partner already takes part in the plan." + _RACE,
    ),
    # -- inspections ---------------------------------------------------------------------------
    "inspections_framework_code_key": ("code", "Another framework already has this code."),
    "framework_grades_are_known": ("grades", "A framework's grades come from the known list."),
    "criterion_code_unique_per_framework": (
        "code",
        "Another criterion of this framework already has this code.",
    ),
    "inspections_criterion_order_check": ("order", "The position cannot be negative."),
    "criterion_metric_is_known": ("metric", "Choose a figure from the list."),
    "criterion_threshold_with_metric": (
        "threshold",
        "A criterion with a figure needs a threshold, and one without a figure has none.",
    ),
    "inspection_scope_matches_type": (
        "scope_type",
        "The scope must match its type: a force inspection names no BCU or team, a BCU "
        "inspection a BCU, a team inspection a team.",
    ),
    "inspection_end_not_before_start": ("end_date", "The end date cannot be before the start."),
    "judgement_once_per_criterion": (
        "criterion",
        "This criterion already has a judgement in this inspection." + _RACE,
    ),
    # Named by its grade: the theme is a hidden field of the form.
    "theme_assessment_once_per_theme": (
        "grade",
        "Someone else saved an overall grade for this theme at the same moment. Nothing of "
        "yours was saved: reload the page to see theirs, then change it if you need to.",
    ),
    "recommendation_does_not_repeat_itself": (
        "repeats",
        "A recommendation cannot repeat itself.",
    ),
    # -- dashboards (written by the jobs only, never by a form or the API) ---------------------
    "snapshot_unique_per_metric_scope_period": (
        None,
        "This figure was already stored for this scope and period.",
    ),
    "trend_snapshot_unique_per_scope_end": (
        None,
        "This trend was already stored for this scope and day.",
    ),
    "dashboards_trendsnapshot_scope_id_check": ("scope_id", "The scope id cannot be negative."),
    "dashboards_trendsnapshot_weeks_check": ("weeks", "The number of weeks cannot be negative."),
    "snapshot_period_valid": ("end", "The end cannot be before the start."),
    "dashboards_metricsnapshot_scope_id_check": ("scope_id", "The scope id cannot be negative."),
    "recompute_progress_le_total": ("progress", "Progress cannot pass the total."),
    "dashboards_recomputejob_scope_id_check": ("scope_id", "The scope id cannot be negative."),
    "dashboards_recomputejob_progress_check": ("progress", "Progress cannot be negative."),
    "dashboards_recomputejob_total_check": ("total", "The total cannot be negative."),
    "reminder_once_per_team_day": (None, "This team's reminders were already sent today."),
    "dashboards_reminderrun_items_check": ("items", "A count cannot be negative."),
    "dashboards_snapshotnight_pieces_check": ("pieces", "A count cannot be negative."),
    "dashboards_snapshotnight_pieces_done_check": ("pieces_done", "A count cannot be negative."),
    "dashboards_snapshotnight_pieces_failed_check": (
        "pieces_failed",
        "A count cannot be negative.",
    ),
    "dashboards_snapshotnight_rows_check": ("rows", "A count cannot be negative."),
    "snapshot_night_counts_within_pieces": ("pieces_done", "More pieces done than the night has."),
    "dashboards_snapshotpiece_rows_check": ("rows", "A count cannot be negative."),
    "dashboards_snapshotpiece_attempts_check": ("attempts", "A count cannot be negative."),
    "snapshot_piece_kind_known": ("kind", "A piece is a whole force, BCUs or a force row."),
    "snapshot_piece_once_per_night": (None, "This piece of the night's snapshot already exists."),
    "snapshot_piece_bcu_once_per_night": ("bcu", "This BCU is already in a piece of the night."),
}

UNKNOWN_CONFLICT = (
    "This could not be saved: it conflicts with data already saved (perhaps by someone at the "
    "same moment). Nothing was saved; reload the page and try again."
)

_KEY_COLUMNS = re.compile(r"Key \((?P<columns>[^)]*)\)")


@dataclass(frozen=True)
class Violation:
    """What the database refused, said for the user.

    ``field`` is the form / API field to name (None: the whole form); ``status`` 400 for a
    known constraint, 409 for one this module does not know (still a clear answer, never a
    500); ``constraint`` the PostgreSQL name (for the log)."""

    constraint: str
    field: str | None
    message: str
    status: int

    def as_validation_error(self) -> ValidationError:
        """The violation as a service's ``ValidationError`` (a dict naming the field)."""
        return ValidationError({self.field or NON_FIELD_ERRORS: [self.message]})


# Django's message when ``full_clean()`` finds a CheckConstraint broken (form-wide, naming
# the constraint, not the field): django/db/models/constraints.py, BaseConstraint.
_DJANGO_CONSTRAINT_MESSAGE = re.compile(r"^Constraint “(?P<name>[^”]+)” is violated\.$")


def name_constraint_fields(error: ValidationError) -> ValidationError:
    """``error`` with each of Django's form-wide "Constraint “name” is violated." messages
    (what ``full_clean()`` says when a check constraint would be broken) replaced by the
    constraint's message from ``CONSTRAINT_MESSAGES``, under the field it names. Other
    messages are kept as they are; an error without such a message is returned unchanged."""
    items = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    named: dict[str, list[str]] = {}
    changed = False
    for key, messages in items.items():
        for message in messages:
            match = _DJANGO_CONSTRAINT_MESSAGE.match(message)
            if match and match["name"] in CONSTRAINT_MESSAGES:
                field, text = CONSTRAINT_MESSAGES[match["name"]]
                named.setdefault(field or key, []).append(text)
                changed = True
            else:
                named.setdefault(key, []).append(message)
    return ValidationError(named) if changed else error


def _diag(error: IntegrityError):
    cause = error.__cause__
    return getattr(cause, "diag", None), getattr(cause, "sqlstate", None)


def violation_of(error: IntegrityError) -> Violation:
    """Read which constraint ``error`` broke (from PostgreSQL's diagnostics) and say it for the
    user. A constraint not in ``CONSTRAINT_MESSAGES`` gives a 409 with ``UNKNOWN_CONFLICT``
    and is logged as a warning, so it can be added; a missing value (NOT NULL) names its
    column; a vanished related record (foreign key) names the field that points to it."""
    diag, sqlstate = _diag(error)
    name = (getattr(diag, "constraint_name", None) or "") if diag else ""
    if name in CONSTRAINT_MESSAGES:
        field, message = CONSTRAINT_MESSAGES[name]
        return Violation(constraint=name, field=field, message=message, status=400)
    table = getattr(diag, "table_name", None) if diag else None
    if sqlstate == NOT_NULL_VIOLATION and diag is not None and diag.column_name:
        field = _field_of(diag.column_name)
        return Violation(
            constraint=f"{table}.{diag.column_name} not null",
            field=field,
            message="This field is required.",
            status=400,
        )
    if sqlstate == FOREIGN_KEY_VIOLATION and diag is not None:
        match = _KEY_COLUMNS.search(diag.message_detail or "")
        columns = [c.strip() for c in match["columns"].split(",")] if match else []
        if len(columns) == 1:
            return Violation(
                constraint=name,
                field=_field_of(columns[0]),
                message="The record chosen here no longer exists (someone may have just "
                "deleted it). Nothing was saved: reload the page and choose again.",
                status=400,
            )
    logger.warning(
        "Unlisted database constraint %r on table %r refused a write (SQLSTATE %s): %s",
        name,
        table,
        sqlstate,
        error,
    )
    return Violation(constraint=name, field=None, message=UNKNOWN_CONFLICT, status=409)


def _field_of(column: str) -> str:
    return column[:-3] if column.endswith("_id") else column


def protected_message(error: ProtectedError | RestrictedError) -> str:
    """Why a delete was refused, counting what still refers to the record by kind: "This
    cannot be deleted: 1 plan and 2 priorities still refer to it. ..."."""
    counts = Counter()
    names = {}
    for obj in (
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    ):
        meta = obj._meta
        counts[meta.label] += 1
        names[meta.label] = (str(meta.verbose_name), str(meta.verbose_name_plural))
    parts = [
        f"{n} {names[label][0] if n == 1 else names[label][1]}"
        for label, n in sorted(counts.items())
    ]
    listed = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    verb = "refers" if sum(counts.values()) == 1 else "refer"
    return (
        f"This cannot be deleted: {listed or 'other records'} still {verb} to it. "
        "Remove or move them first; nothing was deleted."
    )


class IntegrityErrorMiddleware:
    """The pages' backstop: a constraint violation or refused delete that a page did not turn
    into a form error becomes a 400 / 409 page saying what was wrong, never a 500. (The API's
    errors never get here: DRF answers them through ``npms.exceptions``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # ProtectedError and RestrictedError are IntegrityErrors: test them first.
        if isinstance(exception, ProtectedError | RestrictedError):
            message, status = protected_message(exception), 409
        elif isinstance(exception, IntegrityError):
            violation = violation_of(exception)
            message, status = violation.message, violation.status
        else:
            return None
        return render(request, "409.html", {"message": message}, status=status)
