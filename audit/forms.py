from django import forms

from .models import AccessAction

# The kinds of restricted data the application logs (DESIGN.md section 3, "audit").
OBJECT_TYPES = [
    ("", "Any"),
    ("engagement.keyindividual", "Key individuals"),
    ("engagement.publiccontact", "Public contacts"),
    ("teams.dutyrecord", "Duty records"),
    ("audit.accesslog", "The access log (exports)"),
    ("priorities.priority", "Priorities (retention)"),
    ("problemsolving.plan", "Plans (retention)"),
]


class AccessLogSearchForm(forms.Form):
    username = forms.CharField(required=False, max_length=150, label="User name")
    object_type = forms.ChoiceField(required=False, choices=OBJECT_TYPES, label="What was shown")
    object_id = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, label="Record id"
    )
    action = forms.ChoiceField(
        required=False, choices=[("", "Any"), *AccessAction.choices], label="Action"
    )
    date_from = forms.DateField(
        required=False,
        label="From",
        help_text="For example, 2026-03-31 or 31/3/2026.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    date_to = forms.DateField(required=False, label="To", input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be on or after the start date.")
        return cleaned
