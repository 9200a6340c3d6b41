"""Forms for the priority pages. They check input shape only; the rules (a priority needs
where and when, closing needs an outcome ...) are the services' and their errors are shown
beside the field they name."""

import datetime as dt

from django import forms
from django.contrib.gis import forms as gis_forms
from django.utils import timezone
from leaflet.forms.widgets import LeafletWidget

from engagement.forms import datetime_field
from engagement.models import EventKind

from .models import Category, Outcome, ReviewKind, SetBy, Source

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _today() -> dt.date:
    return timezone.localdate()


class PriorityDetailFields(forms.Form):
    """What, where, when and who: enough detail for a targeted response
    (seeds/004_9fc604fdf3343b13.txt lines 21713-21714)."""

    title = forms.CharField(
        max_length=200, help_text="A short name, e.g. “Speeding on Station Road”."
    )
    where = forms.CharField(
        max_length=300,
        required=False,
        label="Where does it happen?",
        help_text="The street, park or building, e.g. “the shops on Mill Road”.",
    )
    when = forms.CharField(
        max_length=300,
        required=False,
        label="When does it happen?",
        help_text="Days and times, e.g. “Friday and Saturday evenings, 7pm to 11pm”.",
    )
    who = forms.CharField(
        max_length=300,
        required=False,
        label="Who is involved?",
        help_text="Who is affected and who is responsible, if known.",
    )
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What is the problem?",
        help_text="What people told you, in their words.",
    )
    category = forms.ChoiceField(choices=Category.choices)


class PriorityCreateForm(PriorityDetailFields):
    neighbourhood = forms.ModelChoiceField(queryset=None, empty_label=None)
    source = forms.ChoiceField(choices=Source.choices, label="Where was it raised?")
    set_by = forms.ChoiceField(choices=SetBy.choices, label="Who set it?")
    date_set = forms.DateField(widget=DATE_INPUT, initial=_today, label="Date agreed")
    location = gis_forms.PointField(
        srid=4326,
        required=False,
        widget=LeafletWidget(),
        label="Point on the map (optional)",
    )
    public = forms.BooleanField(
        required=False, initial=True, label="Show on the public neighbourhood page"
    )

    field_order = [
        "neighbourhood",
        "title",
        "where",
        "when",
        "who",
        "description",
        "category",
        "source",
        "set_by",
        "date_set",
        "location",
        "public",
    ]

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods


class PriorityEditForm(PriorityDetailFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    public = forms.BooleanField(required=False, label="Show on the public neighbourhood page")


class ReviewForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReviewKind.choices,
        widget=forms.RadioSelect,
        initial=ReviewKind.REVIEW,
        label="What are you recording?",
    )
    date = forms.DateField(widget=DATE_INPUT, initial=_today)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What was agreed, done or said",
        help_text="For feedback: what you told the public (“you said, we did”).",
    )
    public = forms.BooleanField(
        required=False, initial=True, label="Show on the public neighbourhood page"
    )


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    closed_on = forms.DateField(widget=DATE_INPUT, initial=_today, label="Date closed")
    outcome = forms.ChoiceField(choices=Outcome.choices, widget=forms.RadioSelect)
    public_signoff = forms.BooleanField(
        required=False,
        label="The forum (PACT meeting or ward panel) agreed it is dealt with",
        help_text="Needed to close it as resolved, partially resolved or not resolved.",
    )
    withdrawn_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Why it is withdrawn",
        help_text="Needed when the outcome is Withdrawn (closed without the forum's sign-off).",
    )
    feedback = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="What we did (public feedback)",
        help_text="Shown on the public page as the latest news on this priority.",
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


# Log a meeting and the priorities it agreed, in one form (meeting_record).


class MeetingForm(forms.Form):
    """The meeting itself: what, when, where, who came, what was said."""

    kind = forms.ChoiceField(choices=EventKind.choices, initial=EventKind.PACT_MEETING)
    neighbourhood = forms.ModelChoiceField(queryset=None, empty_label=None)
    title = forms.CharField(max_length=200, help_text="e.g. “Abbey PACT meeting, March”.")
    start = datetime_field(label="Started")
    end = datetime_field(label="Finished", required=False)
    address = forms.CharField(
        max_length=300, required=False, label="Where", help_text="The venue and its address."
    )
    location = gis_forms.PointField(
        srid=4326,
        required=False,
        widget=LeafletWidget(),
        label="Point on the map (optional)",
        help_text="Click the marker tool, then the venue on the map.",
    )
    public = forms.BooleanField(
        required=False, initial=True, label="A public meeting (listed on the public page)"
    )
    attendance = forms.IntegerField(
        min_value=0, required=False, label="How many people came", widget=forms.NumberInput
    )
    chair = forms.CharField(max_length=200, required=False, label="Who chaired it")
    minutes = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["attendance"].widget.attrs.update({"inputmode": "numeric"})
        self.fields["attendance"].widget.attrs["class"] = "govuk-input--width-5"


class NewPriorityForm(forms.Form):
    """One priority agreed at the meeting. A blank row is ignored; a row begun must say what,
    where and when (seeds/004_9fc604fdf3343b13.txt lines 21713-21714, as ``priority_create``
    insists), so those fields are required and labelled without "(optional)"."""

    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the priority a short name."}
    )
    where = forms.CharField(
        max_length=300,
        label="Where does it happen?",
        error_messages={"required": "Say where it happens."},
    )
    when = forms.CharField(
        max_length=300,
        label="When does it happen?",
        error_messages={"required": "Say when it happens."},
    )
    who = forms.CharField(max_length=300, required=False, label="Who is involved?")
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What is the problem?",
        error_messages={"required": "Say what the problem is."},
    )
    category = forms.ChoiceField(
        choices=[("", "Choose a category"), *Category.choices],
        error_messages={"required": "Choose a category."},
    )
    set_by = forms.ChoiceField(choices=SetBy.choices, initial=SetBy.PUBLIC, label="Who set it?")
    public = forms.BooleanField(required=False, initial=True, label="Show on the public page")

    @property
    def error_prefix(self) -> str:
        """How the error summary names this row: "New priority 2 (Speeding on Station Road)"."""
        title = (self.data.get(self.add_prefix("title")) or "").strip()
        number = f"New priority {int(self.prefix.rsplit('-', 1)[-1]) + 1}"
        return f"{number} ({title})" if title else number


NewPriorityFormSet = forms.formset_factory(NewPriorityForm, extra=2, max_num=10)


class ExistingPriorityForm(forms.Form):
    """What the meeting said about a priority already open. Unticked: not reviewed, and the
    rest of the row is ignored (the page shows the text box only for ticked rows)."""

    reviewed = forms.BooleanField(required=False, label="Reviewed at this meeting")
    kind = forms.ChoiceField(
        choices=ReviewKind.choices,
        initial=ReviewKind.REVIEW,
        required=False,
        label="Recorded as",
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="What was said",
    )
    public = forms.BooleanField(required=False, initial=True, label="Show on the public page")

    def __init__(self, *args, priority, **kwargs):
        super().__init__(*args, **kwargs)
        self.priority = priority

    @property
    def error_prefix(self) -> str:
        return f"Priority “{self.priority.title}”"

    def clean(self):
        data = super().clean()
        if data.get("reviewed") and not data.get("text", "").strip():
            self.add_error("text", "Say what the meeting said about this priority.")
        return data


class PriorityListForm(forms.Form):
    """The filters of the priorities list ``/priorities/`` (GET): where (neighbourhood, team,
    BCU, force: choices the caller may see), status, and ``review=overdue`` with the day it is
    judged on (``as_of``, blank for today). The dashboards' "Priorities past review" cells
    link here with the row's scope, ``review=overdue`` and the day of the figure."""

    REVIEW_CHOICES = [("", "Any review status"), ("overdue", "Past its review date")]
    STATUS_CHOICES = [("open", "Open"), ("closed", "Closed"), ("all", "Open or closed")]

    neighbourhood = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Any neighbourhood"
    )
    team = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any team")
    bcu = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any BCU", label="BCU")
    force = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    review = forms.ChoiceField(choices=REVIEW_CHOICES, required=False, label="Review")
    as_of = forms.DateField(
        required=False,
        widget=DATE_INPUT,
        label="Past review on",
        help_text="The day the review is judged on (and the priority open on). Blank: today.",
    )

    def __init__(self, *args, neighbourhoods, teams, bcus, forces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
        self.fields["team"].queryset = teams
        self.fields["bcu"].queryset = bcus
        self.fields["force"].queryset = forces
