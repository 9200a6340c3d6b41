"""Forms for the duty-time week grid. Shape only; ``teams.services.duty_day_replace`` holds
the rules (hours in range, at most 24 a day) and its errors are shown beside the field."""

from decimal import Decimal

from django import forms

from .models import Activity

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
    note = forms.CharField(max_length=500, required=False, label="Note (police only)")

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
