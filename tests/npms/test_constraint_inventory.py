"""The inventory of every database constraint of NPMS's tables and what writes a row that can
meet it (issue 12 item 5), checked against the database itself, so a new constraint without a
message in ``npms.integrity.CONSTRAINT_MESSAGES`` fails here.

How a form or API request can meet a constraint (``REACH``):

- ``race``: a unique or exclusion constraint that validation looks up before saving; two
  requests at the same moment both pass the look-up and the second INSERT is refused. A test
  drives the real race (two connections, ``tests/races.py``).
- ``missed``: a request whose validation misses a case the constraint covers; a test sends it.
- ``validated``: a check on the row's own values. The services call ``full_clean()``, which
  in Django 5 evaluates every check constraint before saving (its message is put beside the
  field by ``npms.integrity.name_constraint_fields``), or check the rule themselves; a
  race cannot break a rule on one row's own values. The database's refusal is proved by
  direct writes in ``tests/teams/test_constraints.py`` and
  ``tests/inspections/test_model_rules.py``.
- ``m2m``: a many-to-many pair; Django adds pairs with ``ON CONFLICT DO NOTHING``, so a
  duplicate is ignored, never an error.
- ``none``: no form or API endpoint writes it (admin, data migration, import, jobs). The admin's
  own forms validate first; if a race gets past them, ``IntegrityErrorMiddleware`` shows the
  message on a 400 page (tested with the admin's member form).

Whatever the reach, an ``IntegrityError`` from any page or endpoint goes through
``npms.integrity``: never a 500.
"""

from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, models

from npms.integrity import CONSTRAINT_MESSAGES

pytestmark = pytest.mark.django_db

ADMIN = "admin"
# constraint: (reach, pages that write the row, API endpoints that write it, proving test)
INVENTORY: dict[str, tuple[str, str, str, str]] = {
    # -- teams ---------------------------------------------------------------------------------
    "teams_force_slug_key": ("none", ADMIN, "", "import_police_uk updates by slug"),
    "force_abstraction_limit_fraction": ("none", ADMIN, "", ""),
    "force_figure_green_shares_fractions": ("none", ADMIN, "", "validated by the form first"),
    "force_span_limit_positive": ("none", ADMIN, "", ""),
    "force_span_amber_within_limit": ("none", ADMIN, "", ""),
    "force_policy_periods_positive": ("none", ADMIN, "", ""),
    "force_plan_review_days_positive": ("none", ADMIN, "", ""),
    "teams_force_plan_review_days_check": ("none", ADMIN, "", ""),
    "teams_force_priority_review_days_check": ("none", ADMIN, "", ""),
    "teams_force_contact_response_hours_check": ("none", ADMIN, "", ""),
    "teams_force_meeting_interval_days_check": ("none", ADMIN, "", ""),
    "bcu_code_unique_per_force": ("none", ADMIN, "", "tests/teams/test_constraints.py"),
    "neighbourhood_code_unique_per_force": ("none", ADMIN, "", "tests/teams/test_constraints.py"),
    "teams_neighbourhood_population_check": ("none", ADMIN, "", ""),
    "team_name_unique_per_bcu": ("none", ADMIN, "", ""),
    "team_targets_not_negative": ("none", ADMIN, "", ""),
    "teams_team_neighbourhood_team_id_neighbourhood_id_e3ec2979_uniq": ("m2m", ADMIN, "", ""),
    "member_staff_number_unique_per_force": (
        "none",
        ADMIN,
        "",
        "tests/npms/test_integrity_errors.py",
    ),
    "teams_member_user_id_key": ("none", ADMIN, "", ""),
    "posting_no_overlap_per_member_team": (
        "missed",
        ADMIN,
        "POST /api/v1/postings/, POST /api/v1/postings/{id}/end/",
        "tests/teams/test_posting_overlap_refused.py",
    ),
    "posting_fte_in_range": ("validated", ADMIN, "POST /api/v1/postings/", ""),
    "posting_end_not_before_start": (
        "validated",
        ADMIN,
        "POST /api/v1/postings/, POST /api/v1/postings/{id}/end/",
        "",
    ),
    "duty_hours_in_range": (
        "validated",
        "/teams/{id}/duty/{member}/{day}/, /teams/{id}/duty/fill-week/, copy-week/, fill-day/",
        "POST, PATCH /api/v1/duty-records/",
        "tests/teams/test_constraints.py",
    ),
    "duty_activity_known": (
        "validated",
        "/teams/{id}/duty/{member}/{day}/, /teams/{id}/duty/fill-week/, copy-week/, fill-day/",
        "POST, PATCH /api/v1/duty-records/",
        "tests/teams/test_constraints.py",
    ),
    "partner_name_unique_per_force": ("none", ADMIN, "", ""),
    "teams_partner_neighbourh_partner_id_neighbourhood_ad67bf2c_uniq": ("m2m", ADMIN, "", ""),
    # -- accounts ------------------------------------------------------------------------------
    "accounts_user_username_key": (
        "none",
        ADMIN,
        "(POST /api/v1/api-keys/ makes the partner's API user by get_or_create, which "
        "re-reads the row when it meets this)",
        "",
    ),
    "user_force_role_has_force": ("none", ADMIN, "", ""),
    "user_bcu_commander_has_bcu": ("none", ADMIN, "", ""),
    "user_team_role_has_team": ("none", ADMIN, "", ""),
    "user_partner_role_has_partner": ("none", ADMIN, "", ""),
    "accounts_user_groups_user_id_group_id_59c0b32f_uniq": ("m2m", ADMIN, "", ""),
    "accounts_user_user_permi_user_id_permission_id_2ab516c2_uniq": ("m2m", ADMIN, "", ""),
    "accounts_apikey_prefix_key": (
        "race",
        "/accounts/api-keys/",
        "POST /api/v1/api-keys/",
        "tests/accounts/test_api_key_race.py",
    ),
    "accounts_apikey_hashed_key_key": (
        "race",
        "/accounts/api-keys/",
        "POST /api/v1/api-keys/",
        "tests/accounts/test_api_key_race.py (same path as the prefix)",
    ),
    # -- audit ---------------------------------------------------------------------------------
    "audit_accesslog_count_check": ("none", "", "", "written by audit.services only"),
    # -- engagement ----------------------------------------------------------------------------
    "event_end_not_before_start": (
        "validated",
        "/priorities/teams/{id}/meetings/new/",
        "POST, PATCH /api/v1/events/",
        "",
    ),
    "event_attendance_not_negative": (
        "validated",
        "/priorities/teams/{id}/meetings/new/",
        "POST, PATCH /api/v1/events/",
        "",
    ),
    "engagement_event_attendance_check": (
        "validated",
        "/priorities/teams/{id}/meetings/new/",
        "POST, PATCH /api/v1/events/",
        "",
    ),
    "contact_response_not_before_receipt": (
        "validated",
        "/engagement/teams/{id}/contacts/new/, /engagement/contacts/{id}/respond/",
        "POST /api/v1/contacts/, POST /api/v1/contacts/{id}/respond/",
        "",
    ),
    # -- priorities ----------------------------------------------------------------------------
    "priority_closed_has_date_and_outcome": (
        "validated",
        "/priorities/{id}/close/, /priorities/{id}/reopen/",
        "POST /api/v1/priorities/{id}/close/, /reopen/",
        "tests/teams/test_constraints.py",
    ),
    "priority_closed_not_before_set": (
        "validated",
        "/priorities/{id}/close/",
        "POST /api/v1/priorities/{id}/close/, PATCH /api/v1/priorities/{id}/ (date_set)",
        "tests/priorities/test_check_constraint_named.py",
    ),
    "priority_outcome_known": (
        "validated",
        "/priorities/{id}/close/",
        "POST /api/v1/priorities/{id}/close/",
        "",
    ),
    "priorities_priority_version_check": ("none", "", "", "the version only goes up"),
    "priorities_historicalpriority_version_check": ("none", "", "", "history rows"),
    # -- problemsolving ------------------------------------------------------------------------
    "plan_closed_has_date_and_outcome": (
        "validated",
        "/plans/{id}/stage/",
        "POST /api/v1/plans/{id}/advance/",
        "tests/teams/test_constraints.py",
    ),
    "plan_closed_not_before_opened": (
        "validated",
        "/plans/{id}/stage/",
        "POST /api/v1/plans/{id}/advance/",
        "",
    ),
    "problemsolving_plan_version_check": ("none", "", "", "the version only goes up"),
    "problemsolving_historicalplan_version_check": ("none", "", "", "history rows"),
    "problemsolving_plan_partners_plan_id_partner_id_80f6a6ac_uniq": (
        "m2m",
        "/plans/start/, /plans/{id}/edit/",
        "POST, PATCH /api/v1/plans/",
        "",
    ),
    # -- inspections ---------------------------------------------------------------------------
    "inspections_framework_code_key": ("none", ADMIN, "", "data migration 0003"),
    "framework_grades_are_known": ("none", ADMIN, "", "tests/inspections/test_model_rules.py"),
    "criterion_code_unique_per_framework": ("none", ADMIN, "", "data migration 0003"),
    "inspections_criterion_order_check": ("none", ADMIN, "", ""),
    "criterion_metric_is_known": ("none", ADMIN, "", "tests/inspections/test_model_rules.py"),
    "criterion_threshold_with_metric": (
        "none",
        ADMIN,
        "",
        "tests/inspections/test_model_rules.py",
    ),
    "inspection_scope_matches_type": (
        "validated",
        "/inspections/ (open one)",
        "POST /api/v1/inspections/",
        "",
    ),
    "inspection_end_not_before_start": ("none", ADMIN, "", ""),
    # Made only by opening an inspection, for that new inspection: nothing else can race it.
    "judgement_once_per_criterion": (
        "none",
        "/inspections/ (open one)",
        "POST /api/v1/inspections/",
        "",
    ),
    "theme_assessment_once_per_theme": (
        "race",
        "/inspections/{id}/themes/",
        "",
        "tests/inspections/test_theme_assessment_race.py",
    ),
    "recommendation_does_not_repeat_itself": (
        "validated",
        "/inspections/{id}/recommendations/",
        "POST, PATCH /api/v1/inspections/{id}/recommendations/",
        "",
    ),
    # -- dashboards: the jobs write these, no form or API -------------------------------------
    "snapshot_unique_per_metric_scope_period": ("none", "", "", "snapshot jobs (upsert)"),
    "snapshot_period_valid": ("none", "", "", "snapshot jobs"),
    "trend_snapshot_unique_per_scope_end": ("none", "", "", "snapshot jobs (delete, then COPY)"),
    "dashboards_trendsnapshot_scope_id_check": ("none", "", "", "snapshot jobs"),
    "dashboards_trendsnapshot_weeks_check": ("none", "", "", "snapshot jobs"),
    "dashboards_metricsnapshot_scope_id_check": ("none", "", "", "snapshot jobs"),
    "recompute_progress_le_total": ("none", "", "", "recompute job"),
    "dashboards_recomputejob_scope_id_check": ("none", "", "", "recompute job"),
    "dashboards_recomputejob_progress_check": ("none", "", "", "recompute job"),
    "dashboards_recomputejob_total_check": ("none", "", "", "recompute job"),
    "reminder_once_per_team_day": ("none", "", "", "dashboards/reminders.py catches it"),
    "dashboards_reminderrun_items_check": ("none", "", "", "reminders job"),
    "dashboards_snapshotnight_pieces_check": ("none", "", "", "nightly snapshot job"),
    "dashboards_snapshotnight_pieces_done_check": ("none", "", "", "nightly snapshot job"),
    "dashboards_snapshotnight_pieces_failed_check": ("none", "", "", "nightly snapshot job"),
    "dashboards_snapshotnight_rows_check": ("none", "", "", "nightly snapshot job"),
    "snapshot_night_counts_within_pieces": ("none", "", "", "nightly snapshot job"),
    "dashboards_snapshotpiece_rows_check": ("none", "", "", "nightly snapshot job"),
    "dashboards_snapshotpiece_attempts_check": ("none", "", "", "nightly snapshot job"),
    "snapshot_piece_kind_known": ("none", "", "", "nightly snapshot job"),
    "snapshot_piece_once_per_night": ("none", "", "", "nightly snapshot job"),
    "snapshot_piece_bcu_once_per_night": ("none", "", "", "nightly snapshot job"),
}

# Foreign keys that refuse the delete of the record they point to (on_delete=PROTECT): no page
# or API endpoint deletes these records (the admin's delete page lists what refers to them
# and refuses); a ProtectedError anywhere else is a 409 counting what still refers to it
# (tests/npms/test_integrity_errors.py).
PROTECTED = {
    "accounts.User.force",
    "accounts.User.bcu",
    "accounts.User.team",
    "accounts.User.partner",
    "teams.Neighbourhood.bcu",
    "teams.Team.bcu",
    "priorities.Priority.neighbourhood",
    "problemsolving.Plan.neighbourhood",
    "inspections.Inspection.framework",
    "inspections.Judgement.criterion",
}

APPS = (
    "accounts",
    "audit",
    "teams",
    "engagement",
    "priorities",
    "problemsolving",
    "inspections",
    "dashboards",
)
ROOT = Path(__file__).resolve().parents[2]
REACHES = {"race", "missed", "validated", "m2m", "none"}


def _database_constraints() -> dict[str, str]:
    """{constraint name: table} for every unique, check and exclusion constraint on the
    tables of NPMS's apps, as PostgreSQL has them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, conrelid::regclass::text FROM pg_constraint "
            "WHERE contype IN ('u', 'c', 'x') AND connamespace = 'public'::regnamespace"
        )
        rows = cursor.fetchall()
    return {name: table for name, table in rows if table.split("_")[0] in APPS}


def test_the_inventory_lists_every_constraint_in_the_database():
    in_database = _database_constraints()
    assert set(in_database) - set(INVENTORY) == set(), "constraints missing from the inventory"
    assert set(INVENTORY) - set(in_database) == set(), "inventory rows with no constraint"


def test_every_constraint_has_a_message_naming_a_real_field():
    models_by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    for name, table in _database_constraints().items():
        assert name in CONSTRAINT_MESSAGES, f"{name} has no message in npms.integrity"
        field, message = CONSTRAINT_MESSAGES[name]
        assert message.endswith("."), name
        model = models_by_table[table]
        if field is not None and not model._meta.auto_created:  # m2m tables: the owner's field
            assert field in {f.name for f in model._meta.get_fields()}, (name, field)


def test_every_reachable_constraint_is_proved_by_an_existing_test():
    for name, (reach, _pages, _api, proof) in INVENTORY.items():
        assert reach in REACHES, name
        if reach in ("race", "missed"):
            path = proof.split(" ")[0]
            assert path.startswith("tests/") and (ROOT / path).exists(), (
                f"{name}: no test drives it ({proof!r})"
            )


def test_the_protected_foreign_keys_are_all_listed():
    protected = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey)
        and field.remote_field.on_delete is models.PROTECT
        and not model._meta.label.split(".")[1].startswith("Historical")
    }
    assert protected == PROTECTED
