"""Opening an inspection: a judgement per criterion and each metric's evidence computed for
the 90 days ending on the start date, then frozen (DESIGN.md section 3)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from inspections import services
from inspections.metrics import METRIC_RULES
from inspections.models import Judgement
from tests import factories as f

START = dt.date(2025, 6, 1)
# The 90 days ending on 1 June 2025 start on 4 March 2025.
PERIOD_START = "2025-03-04"


@pytest.fixture
def alpha_duty(world):
    """PC in Alpha: 24 h patrol and 8 h response cover in the period (rate 8 / 32 = 0.25);
    8 h response cover on 3 March, the day before the period, is left out."""
    member = f.PostingFactory(
        team=world.alpha, role="constable", start_date=dt.date(2024, 1, 1)
    ).member
    for day, hours, activity in [
        (dt.date(2025, 3, 3), 8, "response_cover"),
        (dt.date(2025, 3, 4), 8, "patrol"),
        (dt.date(2025, 5, 20), 8, "patrol"),
        (dt.date(2025, 6, 1), 8, "patrol"),
        (dt.date(2025, 4, 10), 8, "response_cover"),
    ]:
        f.DutyRecordFactory(
            member=member, team=world.alpha, date=day, hours=Decimal(hours), activity=activity
        )
    return member


def test_abstraction_evidence_on_a_hand_made_data_set(world, frameworks, personas, alpha_duty):
    inspection = services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha self-assessment",
        start_date=START,
        author=personas["inspector"],
    )
    assert inspection.force == world.force
    assert inspection.lead == personas["inspector"]
    assert inspection.judgements.count() == 39
    judgement = inspection.judgements.get(criterion__code="ACC-Q6")
    evidence = judgement.computed_evidence
    assert {k: evidence[k] for k in ("metric", "value", "threshold", "met", "start", "end")} == {
        "metric": "abstraction_rate",
        "value": 0.25,
        "threshold": 0.2,
        "met": False,
        "start": PERIOD_START,
        "end": "2025-06-01",
    }
    assert evidence["figures"]["working_hours"] == 32.0
    assert evidence["figures"]["abstracted_hours"] == 8.0
    # A question without a metric has no evidence to freeze.
    assert inspection.judgements.get(criterion__code="ACC-Q1").computed_evidence == {}
    assert not inspection.judgements.exclude(grade="").exists()


def test_each_criterion_is_judged_against_its_own_threshold(world, frameworks, alpha_duty):
    # The Guarantee's "more than half their time in the community": 0.25 <= 0.50 is met.
    inspection = services.inspection_open(
        framework=frameworks["np-guarantee-2025"],
        scope_type="team",
        team=world.alpha,
        title="Guarantee",
        start_date=START,
    )
    evidence = inspection.judgements.get(criterion__code="NPG-7").computed_evidence
    assert (evidence["value"], evidence["threshold"], evidence["met"]) == (0.25, 0.5, True)


def test_point_figures_are_taken_on_the_start_date(world, frameworks):
    # On 1 June: 1 sergeant, 13 constables: span 13 > 12, not met. A constable posted on
    # 2 June is not counted.
    f.PostingFactory(team=world.alpha, role="sergeant", start_date=dt.date(2025, 1, 1))
    for _ in range(13):
        f.PostingFactory(team=world.bravo, role="constable", start_date=dt.date(2025, 1, 1))
    f.PostingFactory(team=world.bravo, role="constable", start_date=dt.date(2025, 6, 2))
    f.PostingFactory(
        team=world.bravo,
        role="sergeant",
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 5, 31),
    )
    inspection = services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="bcu",
        bcu=world.north,
        title="North",
        start_date=START,
    )
    evidence = inspection.judgements.get(criterion__code="NP-M1").computed_evidence
    assert {k: evidence[k] for k in ("metric", "value", "threshold", "met", "as_of")} == {
        "metric": "supervision_span",
        "value": 13.0,
        "threshold": 12.0,
        "met": False,
        "as_of": "2025-06-01",
    }
    assert "start" not in evidence


def test_a_team_with_staff_and_no_sergeant_does_not_meet_supervision(world, frameworks):
    f.PostingFactory(team=world.alpha, role="pcso", start_date=dt.date(2025, 1, 1))
    inspection = services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="team",
        team=world.alpha,
        title="Alpha",
        start_date=START,
    )
    evidence = inspection.judgements.get(criterion__code="NP-M1").computed_evidence
    assert (evidence["value"], evidence["met"]) == (None, False)


def test_every_metric_criterion_gets_evidence_for_a_force(world, frameworks):
    seen = set()
    for code in frameworks:
        inspection = services.inspection_open(
            framework=frameworks[code],
            scope_type="force",
            force=world.force,
            title=f"Force {code}",
            start_date=START,
        )
        with_metric = inspection.judgements.exclude(criterion__metric="")
        for judgement in with_metric.select_related("criterion"):
            evidence = judgement.computed_evidence
            assert evidence["metric"] == judgement.criterion.metric
            assert evidence["threshold"] == float(judgement.criterion.threshold)
            assert ("as_of" in evidence) != ("start" in evidence and "end" in evidence)
            seen.add(evidence["metric"])
        if code == "npia-self-assessment":
            # No neighbourhood has had a meeting: 0 of 4 on cadence, not met.
            cadence = with_metric.get(criterion__code="ACC-Q7").computed_evidence
            assert (cadence["value"], cadence["met"]) == (0.0, False)
            # No priority open: nothing to judge.
            planned = with_metric.filter(criterion__metric="priorities_with_plan").first()
            assert (planned.computed_evidence["value"], planned.computed_evidence["met"]) == (
                None,
                None,
            )
    assert seen == set(METRIC_RULES)


def test_evidence_is_frozen(world, frameworks, alpha_duty, personas):
    inspection = services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha",
        start_date=START,
    )
    judgement = inspection.judgements.get(criterion__code="ACC-Q6")
    before = judgement.computed_evidence
    # Data changes after opening: 40 more hours of response cover in the period, and the
    # force's limit loosened; grading the question does not recompute it either.
    f.DutyRecordFactory(
        member=alpha_duty,
        team=world.alpha,
        date=dt.date(2025, 5, 1),
        hours=Decimal(8),
        activity="response_cover",
    )
    world.force.abstraction_limit = Decimal("0.50")
    world.force.save()
    services.judgement_update(judgement=judgement, grade="red", evidence="Abstraction high.")
    judgement = Judgement.objects.get(pk=judgement.pk)
    assert judgement.computed_evidence == before
    assert judgement.computed_evidence["value"] == 0.25
    assert judgement.grade == "red"


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"scope_type": "team"}, "team"),
        ({"scope_type": "bcu", "team": "alpha"}, "bcu"),
        ({"scope_type": "region", "team": "alpha"}, "scope_type"),
        ({"scope_type": "team", "team": "alpha", "title": ""}, "title"),
    ],
)
def test_bad_scope_is_refused_naming_the_field(world, frameworks, kwargs, field):
    if kwargs.get("team") == "alpha":
        kwargs["team"] = world.alpha
    kwargs.setdefault("title", "Alpha")
    with pytest.raises(ValidationError) as caught:
        services.inspection_open(framework=frameworks["hmic-2008"], start_date=START, **kwargs)
    assert field in caught.value.message_dict
    assert not frameworks["hmic-2008"].inspections.exists()


def test_opening_is_kept_in_history(world, frameworks, personas):
    inspection = services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="team",
        team=world.alpha,
        title="Alpha",
        start_date=START,
        author=personas["inspector"],
    )
    created = Judgement.history.filter(inspection_id=inspection.pk, history_type="+")
    assert created.count() == 14
    assert set(created.values_list("history_user", flat=True)) == {personas["inspector"].pk}
    assert inspection.history.get().history_user == personas["inspector"]
