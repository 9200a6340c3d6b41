"""Forms for the duty-time week grid. Shape only; ``teams.services.duty_day_replace`` holds
the rules (hours in range, at most 24 a day) and its errors are shown beside the field."""

import datetime as dt
from decimal import Decimal

from django import forms

from .models import Activity
from .services import WEEK_PATTERNS, WEEKDAYS

# The quick buttons of the week grid: a neighbourhood officer's ordinary day.
QUICK_ENTRIES = {
    "normal": ("Normal shift (8 h patrol)", [{"activity": Activity.PATROL, "hours": "8"}]),
    "rest": ("Rest day", [{"activity": Activity.REST_DAY, "hours": "8"}]),
}


class DutyEntryForm(forms.Form):
    """One part of a day: an activity and its hours. A blank row is ignored."""

    activity = forms.ChoiceField(
        choices=[("", "Choose an activity"), *Activity.choices], required=False
    )
    hours = forms.DecimalField(
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )
    paid_overtime = forms.BooleanField(required=False, label="Paid overtime")
    note = forms.CharField(max_length=500, required=False, label="Note (optional, police only)")

    def clean(self):
        data = super().clean()
        activity, hours = data.get("activity"), data.get("hours")
        if activity and hours is None and "hours" not in self.errors:
            self.add_error("hours", "Enter the hours spent on this activity.")
        if hours is not None and not activity:
            self.add_error("activity", "Choose what these hours were spent on.")
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("activity") and data.get("hours") is None


DutyEntryFormSet = forms.formset_factory(DutyEntryForm, extra=0, max_num=8)


# ---------------------------------------------------------------------------------------------
# Bulk entry under the week grid (issue 13). Shape only: teams.services does the writing.

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CUSTOM = "custom"


class WeekPatternForm(forms.Form):
    """One member's week from a named pattern or from the hours and activity of each day."""

    member = forms.TypedChoiceField(label="Whose week", coerce=int)
    pattern = forms.ChoiceField(label="Pattern")

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {m.pk: m for m in members}
        self.fields["member"].choices = [(m.pk, m.name) for m in members]
        self.fields["pattern"].choices = [
            *((key, label) for key, (label, _days) in WEEK_PATTERNS.items()),
            (CUSTOM, "Custom: the hours and activity given for each day below"),
        ]
        for key, name in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True):
            self.fields[f"{key}_activity"] = forms.ChoiceField(
                label=f"{name}: activity",
                choices=[("", "Nothing (leave the day alone)"), *Activity.choices],
                required=False,
            )
            self.fields[f"{key}_hours"] = forms.DecimalField(
                label=f"{name}: hours",
                max_digits=4,
                decimal_places=2,
                min_value=Decimal("0.25"),
                max_value=Decimal("24"),
                required=False,
                widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
            )

    def day_fields(self):
        """(day name, activity field, hours field) for the template, Monday first."""
        return [
            (name, self[f"{key}_activity"], self[f"{key}_hours"])
            for key, name in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True)
        ]

    def clean(self):
        data = super().clean()
        if data.get("member") is not None:
            data["member"] = self.members[data["member"]]
        pattern = data.get("pattern")
        if pattern and pattern != CUSTOM:
            data["days"] = WEEK_PATTERNS[pattern][1]
            return data
        days = []
        for key, name in zip(WEEKDAYS, WEEKDAY_NAMES, strict=True):
            activity, hours = data.get(f"{key}_activity"), data.get(f"{key}_hours")
            if activity and hours is None and f"{key}_hours" not in self.errors:
                self.add_error(f"{key}_hours", f"Enter the hours for {name}.")
            if hours is not None and not activity:
                self.add_error(f"{key}_activity", f"Choose what {name}'s hours were spent on.")
            days.append([{"activity": activity, "hours": hours}] if activity and hours else [])
        if pattern == CUSTOM and not any(days) and not self.errors:
            self.add_error("pattern", "Give the hours and activity of at least one day.")
        data["days"] = days
        return data


class CopyWeekForm(forms.Form):
    """Copy last week for one member or (for the team's sergeant) everyone."""

    who = forms.ChoiceField(label="Whose week")

    def __init__(self, *args, members, whole_team: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = {str(m.pk): m for m in members}
        choices = [(pk, m.name) for pk, m in self.members.items()]
        if whole_team:
            choices.insert(0, ("team", "Everyone in the team"))
        self.fields["who"].choices = choices

    def chosen(self) -> list:
        who = self.cleaned_data["who"]
        return list(self.members.values()) if who == "team" else [self.members[who]]


class TeamDayForm(forms.Form):
    """The same activity and hours for every member posted to the team on one day."""

    date = forms.TypedChoiceField(label="Day", coerce=dt.date.fromisoformat)
    activity = forms.ChoiceField(
        label="Activity", choices=[("", "Choose an activity"), *Activity.choices]
    )
    hours = forms.DecimalField(
        label="Hours each",
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("24"),
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
    )

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), f"{d:%A} {d.day} {d:%B}") for d in days]
