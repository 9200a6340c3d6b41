"""DutyRecord.posting_role: the member's posting role on the record's date, kept by PostgreSQL
triggers.

Why triggers: duty records are written by the services, the admin, the importer, the demo, Met
and national generators (bulk_create and COPY) and raw SQL, and postings change under records
already saved (a posting created late, ended early, re-roled or deleted). A trigger is the one
place that sees every one of those writes, so the column is exact whichever path wrote it.

The rule (DESIGN.md section 3, Posting: active on D when start_date <= D and (end_date is null
or end_date >= D), ``teams.models.posting_active_on_q``; section 4.1: the figures "split by the
posting role of the member on that date"), as ``dashboards.metrics.abstraction`` resolved it at
query time before this column: the member's posting in the record's own team active on the
record's date; else the member's posting active that day in any team, the largest FTE first,
then the lowest id; else null. It lives once, in ``teams_posting_role_on``.

The triggers:
- duty records, BEFORE INSERT, per row, only when no role is given (the ORM, the services, the
  admin, a COPY that leaves the column out): the role is looked up (about 20 us a row).
- duty records, AFTER INSERT, per statement, with the inserted rows as a transition table: a
  role given by the writer (the generators' COPY, which know each member's posting) is checked
  with one hash anti-join against the postings (a fraction of a microsecond a row) and only a
  wrong one is rewritten. So a bulk load that supplies the roles pays almost nothing, and a
  wrong role never survives. (A per-row lookup of every one of the 11 million records of the
  national build would add minutes to a build that must stay under ten.)
- duty records, BEFORE UPDATE OF member, team, date or posting_role, per row: recomputed, so
  a value written to the column by hand is replaced by the rule's.
- postings, AFTER INSERT / DELETE, and AFTER UPDATE when member, team, role, FTE or dates
  change, per row: the member's records over the old and the new date range whose role is no
  longer the rule's are recomputed.
TRUNCATE fires none of them (a truncated posting table leaves roles behind: tests only).
"""

from django.db import migrations, models

ROLE_ON = """
CREATE FUNCTION teams_posting_role_on(p_member bigint, p_team bigint, p_day date)
RETURNS varchar LANGUAGE plpgsql STABLE AS $$
BEGIN
    -- DESIGN.md sections 3 and 4.1: the posting in the record's own team active that day (at
    -- most one: posting_no_overlap_per_member_team), else the largest FTE, then the lowest id.
    RETURN (
        SELECT p.role FROM teams_posting p
        WHERE p.member_id = p_member
          AND p.start_date <= p_day AND (p.end_date IS NULL OR p.end_date >= p_day)
        ORDER BY p.team_id = p_team DESC, p.fte DESC, p.id
        LIMIT 1
    );
END $$;

CREATE FUNCTION teams_dutyrecord_role_set() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.posting_role := teams_posting_role_on(NEW.member_id, NEW.team_id, NEW.date);
    RETURN NEW;
END $$;

CREATE FUNCTION teams_dutyrecord_role_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    wrong bigint[];
BEGIN
    -- A record whose own-team posting that day has the role it carries is right (the own
    -- team comes first); only the others are looked up one by one. MATERIALIZED keeps the
    -- planner from running the lookup before the anti-join.
    WITH suspect AS MATERIALIZED (
        SELECT n.id, n.member_id, n.team_id, n.date, n.posting_role
        FROM inserted n
        WHERE NOT EXISTS (
            SELECT 1 FROM teams_posting p
            WHERE p.member_id = n.member_id AND p.team_id = n.team_id
              AND p.role = n.posting_role
              AND p.start_date <= n.date AND (p.end_date IS NULL OR p.end_date >= n.date)
        )
    )
    SELECT array_agg(s.id) INTO wrong FROM suspect s
    WHERE s.posting_role IS DISTINCT FROM teams_posting_role_on(s.member_id, s.team_id, s.date);
    IF wrong IS NOT NULL THEN
        -- teams_dutyrecord_role_update recomputes them.
        UPDATE teams_dutyrecord SET posting_role = NULL WHERE id = ANY(wrong);
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION teams_posting_roles_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE teams_dutyrecord d SET posting_role = NULL
        WHERE d.member_id = OLD.member_id
          AND d.date >= OLD.start_date AND (OLD.end_date IS NULL OR d.date <= OLD.end_date)
          AND d.posting_role IS DISTINCT FROM teams_posting_role_on(d.member_id, d.team_id, d.date);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE teams_dutyrecord d SET posting_role = NULL
        WHERE d.member_id = NEW.member_id
          AND d.date >= NEW.start_date AND (NEW.end_date IS NULL OR d.date <= NEW.end_date)
          AND d.posting_role IS DISTINCT FROM teams_posting_role_on(d.member_id, d.team_id, d.date);
    END IF;
    RETURN NULL;
END $$;
"""

# Set-based: the own-team postings in one join, then the few records without one.
BACKFILL = """
UPDATE teams_dutyrecord d SET posting_role = p.role
FROM teams_posting p
WHERE p.member_id = d.member_id AND p.team_id = d.team_id
  AND p.start_date <= d.date AND (p.end_date IS NULL OR p.end_date >= d.date);
UPDATE teams_dutyrecord d
SET posting_role = teams_posting_role_on(d.member_id, d.team_id, d.date)
WHERE d.posting_role IS NULL
  AND teams_posting_role_on(d.member_id, d.team_id, d.date) IS NOT NULL;
"""

TRIGGERS = """
CREATE TRIGGER teams_dutyrecord_role_insert
BEFORE INSERT ON teams_dutyrecord
FOR EACH ROW WHEN (NEW.posting_role IS NULL)
EXECUTE FUNCTION teams_dutyrecord_role_set();

CREATE TRIGGER teams_dutyrecord_role_inserted
AFTER INSERT ON teams_dutyrecord
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION teams_dutyrecord_role_check();

CREATE TRIGGER teams_dutyrecord_role_update
BEFORE UPDATE OF member_id, team_id, date, posting_role ON teams_dutyrecord
FOR EACH ROW EXECUTE FUNCTION teams_dutyrecord_role_set();

CREATE TRIGGER teams_posting_roles_insert_delete
AFTER INSERT OR DELETE ON teams_posting
FOR EACH ROW EXECUTE FUNCTION teams_posting_roles_refresh();

CREATE TRIGGER teams_posting_roles_update
AFTER UPDATE ON teams_posting
FOR EACH ROW WHEN (
    OLD.member_id IS DISTINCT FROM NEW.member_id
    OR OLD.team_id IS DISTINCT FROM NEW.team_id
    OR OLD.role IS DISTINCT FROM NEW.role
    OR OLD.fte IS DISTINCT FROM NEW.fte
    OR OLD.start_date IS DISTINCT FROM NEW.start_date
    OR OLD.end_date IS DISTINCT FROM NEW.end_date
)
EXECUTE FUNCTION teams_posting_roles_refresh();
"""

DROP_TRIGGERS = """
DROP TRIGGER teams_posting_roles_update ON teams_posting;
DROP TRIGGER teams_posting_roles_insert_delete ON teams_posting;
DROP TRIGGER teams_dutyrecord_role_update ON teams_dutyrecord;
DROP TRIGGER teams_dutyrecord_role_inserted ON teams_dutyrecord;
DROP TRIGGER teams_dutyrecord_role_insert ON teams_dutyrecord;
"""

DROP_FUNCTIONS = """
DROP FUNCTION teams_posting_roles_refresh();
DROP FUNCTION teams_dutyrecord_role_check();
DROP FUNCTION teams_dutyrecord_role_set();
DROP FUNCTION teams_posting_role_on(bigint, bigint, date);
"""


class Migration(migrations.Migration):
    dependencies = [
        ("teams", "0010_bcu_force_figures_changed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="dutyrecord",
            name="posting_role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("inspector", "Inspector"),
                    ("sergeant", "Sergeant"),
                    ("constable", "Constable"),
                    ("pcso", "PCSO"),
                    ("special", "Special constable"),
                    ("volunteer", "Volunteer"),
                ],
                db_default=None,
                editable=False,
                help_text="The member's posting role on the record's date (kept by the database).",
                max_length=16,
                null=True,
            ),
        ),
        migrations.RunSQL(ROLE_ON, DROP_FUNCTIONS),
        # Before the triggers exist, so the backfill does not fire them.
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
        # The covering index of a team's period carries the role too (an index-only scan for
        # the abstraction figures, which group by it).
        migrations.RemoveIndex(model_name="dutyrecord", name="teams_duty_team_date_cover"),
        migrations.AddIndex(
            model_name="dutyrecord",
            index=models.Index(
                fields=["team", "date"],
                include=("member", "activity", "hours", "paid_overtime", "posting_role"),
                name="teams_duty_team_date_cover",
            ),
        ),
    ]
