"""Forms for the SARA plan pages. Shape only: the stage rules and the review dates are the
services' (``problemsolving.services``) and their errors are shown beside the field they
name. Choice lists come from the owning apps' scope selectors."""

import datetime as dt

from django import forms
from django.db.models import Q
from django.utils import timezone

from priorities.models import Category
from teams.models import Neighbourhood

from .models import ActionCategory, Plan, PlanOutcome, Stage

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> dt.date:
    return timezone.localdate()


def _text(label: str, help_text: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class OwnerChoices:
    """Owner fields: an officer of the force (the users posted to a team covering the
    neighbourhood, or the BCU's) or a partner working there; the current owner is kept."""

    @staticmethod
    def users(nameable, neighbourhood: Neighbourhood, keep=()):
        return (
            nameable.filter(partner__isnull=True)
            .filter(
                Q(team__neighbourhoods=neighbourhood)
                | Q(bcu_id=neighbourhood.bcu_id)
                | Q(pk__in=[k for k in keep if k])
            )
            .distinct()
            .order_by("last_name", "first_name", "username")
        )

    @staticmethod
    def partners(visible, neighbourhood: Neighbourhood, keep=()):
        return (
            visible.filter(Q(neighbourhoods=neighbourhood) | Q(pk__in=[k for k in keep if k]))
            .distinct()
            .order_by("name")
        )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.username


class PlanStartForm(forms.Form):
    """Open a plan: for a priority (its neighbourhood is fixed) or a BCU-tasked problem."""

    title = forms.CharField(max_length=200, help_text="A short name for the problem.")
    neighbourhood = forms.ModelChoiceField(queryset=None, empty_label=None)
    opened_on = forms.DateField(widget=DATE_INPUT, initial=_today, label="Opened on")
    scan = _text("Problem statement (scan)", "What is happening, where, when, to whom.")

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods


class PlanForm(forms.Form):
    """The plan's content: scan, objectives, the problem analysis triangle, data sources,
    partners, risk and impact, response, assessment, closing justification
    (seeds/004_9fc604fdf3343b13.txt lines 7433-7468)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(max_length=200)
    owner = UserChoiceField(queryset=None, required=False, label="Owner (officer)")
    owner_partner = forms.ModelChoiceField(
        queryset=None, required=False, label="Owner (partner organisation)"
    )
    scan = _text("Problem statement (scan)", "What is happening, where, when, to whom.")
    objectives = _text("Objectives", "Specific, measurable, achievable, realistic, timed.", 3)
    victim = _text("Victim", "Who is harmed, and why they are vulnerable.", 3)
    offender = _text("Offender", "Who causes the problem, and why.", 3)
    location = _text("Location", "Where it happens, and what about the place allows it.", 3)
    data_sources = _text(
        "Data sources", "What the analysis used: calls, crimes, partners' data, surveys.", 3
    )
    partners = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partners taking part",
    )
    risk_assessment = _text("Risk assessment", rows=3)
    community_impact = _text("Community-impact assessment", rows=3)
    response_summary = _text("Response", "What is being done, in a few lines.", 3)
    assessment = _text("Assessment of the results", "What changed, with figures.", 3)
    closure_justification = _text(
        "Why the plan can close", "Say who raised the issue and that they are satisfied.", 3
    )

    def __init__(self, *args, users, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["owner_partner"].queryset = partners
        self.fields["partners"].queryset = partners

    @staticmethod
    def initial_for(plan: Plan) -> dict:
        names = [n for n in PlanForm.base_fields if n not in ("version", "partners")]
        initial = {name: getattr(plan, name) for name in names}
        initial["partners"] = list(plan.partners.all())
        initial["version"] = plan.version
        return initial


class StageForm(forms.Form):
    """Move the plan to another stage; closing also takes the outcome and the date."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    stage = forms.ChoiceField(choices=Stage.choices, label="Move the plan to")
    outcome = forms.ChoiceField(
        choices=[("", "Choose when closing")] + PlanOutcome.choices,
        required=False,
        label="Outcome (when closing)",
    )
    closed_on = forms.DateField(widget=DATE_INPUT, required=False, label="Closed on (when closing)")


class ActionForm(forms.Form):
    """An EPIC action with its owner and due date."""

    category = forms.ChoiceField(choices=ActionCategory.choices, label="Type (EPIC)")
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Action")
    owner = UserChoiceField(queryset=None, required=False, label="Action owner (officer)")
    owner_partner = forms.ModelChoiceField(
        queryset=None, required=False, label="or action owner (partner organisation)"
    )
    due_on = forms.DateField(widget=DATE_INPUT, required=False, label="Due by")

    def __init__(self, *args, users, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = users
        self.fields["owner_partner"].queryset = partners

    def clean(self):
        data = super().clean()
        if data.get("owner") and data.get("owner_partner"):
            self.add_error("owner_partner", "Choose an officer or a partner, not both.")
        return data


class ReviewForm(forms.Form):
    date = forms.DateField(widget=DATE_INPUT, initial=_today, label="Date of the review")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Review notes")


class DoneForm(forms.Form):
    done_on = forms.DateField(widget=DATE_INPUT, initial=_today, label="Done on")


class LibraryForm(forms.Form):
    """The library's search box and filters (GET)."""

    q = forms.CharField(required=False, label="Search plans", max_length=200)
    stage = forms.ChoiceField(choices=[("", "Any stage")] + Stage.choices, required=False)
    outcome = forms.ChoiceField(choices=[("", "Any outcome")] + PlanOutcome.choices, required=False)
    category = forms.ChoiceField(
        choices=[("", "Any action type")] + ActionCategory.choices,
        required=False,
        label="Action type (EPIC)",
    )
    problem = forms.ChoiceField(
        choices=[("", "Any category")] + Category.choices,
        required=False,
        label="Problem category (of the priority)",
    )
    neighbourhood = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Any neighbourhood"
    )
    # Where the plans are (a team's neighbourhoods, a BCU's, a force's) and whether they are
    # past review on a day: the dashboards' "Plans past review" cells link here with them.
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any team")
    bcu = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any BCU", label="BCU")
    force = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    review = forms.ChoiceField(
        choices=[("", "Any review status"), ("overdue", "Past its review date")],
        required=False,
        label="Review",
    )
    as_of = forms.DateField(
        required=False,
        widget=DATE_INPUT,
        label="Past review on",
        help_text="The day the review date is judged on (and the plan open on). Blank: today.",
    )

    def __init__(self, *args, neighbourhoods, teams, bcus, forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["team"].queryset = teams
        self.fields["bcu"].queryset = bcus
        self.fields["force"].queryset = forces
