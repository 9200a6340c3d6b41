"""Forms for public contacts and the key individual network. Shape only: the
services hold the rules and their errors are shown beside the field they name."""

from django import forms
from django.utils import timezone

from .models import Channel

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def datetime_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        widget=DATETIME_INPUT, input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"], **kwargs
    )


def _now_minute():
    return timezone.localtime().replace(second=0, microsecond=0)


class ContactForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(queryset=None, empty_label=None)
    channel = forms.ChoiceField(choices=Channel.choices)
    received_at = datetime_field(label="Received", initial=_now_minute)
    summary = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What they said or asked"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Police note",
        help_text="Never shown to the public or partners.",
    )
    responded_at = datetime_field(label="Answered (if already answered)", required=False)
    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Our reply (if any)"
    )

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods


class RespondForm(forms.Form):
    responded_at = datetime_field(label="Answered", initial=_now_minute)
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="Our reply")


class KeyIndividualForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(queryset=None, empty_label=None)
    name = forms.CharField(max_length=200)
    community_role = forms.CharField(
        max_length=200,
        required=False,
        label="Role in the community",
        help_text="e.g. shopkeeper, school governor, faith leader.",
    )
    telephone = forms.CharField(max_length=50, required=False)
    email = forms.EmailField(required=False)
    address = forms.CharField(max_length=300, required=False)
    consent_given_on = forms.DateField(
        required=False,
        label="Agreed to be contacted on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, neighbourhoods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].queryset = neighbourhoods
