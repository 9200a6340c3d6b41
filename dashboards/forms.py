"""Forms of the dashboard pages."""

from django import forms

from dashboards.selectors import PERIOD_LABELS


class PeriodForm(forms.Form):
    """The period a dashboard shows (one of those the nightly job snapshots)."""

    period = forms.ChoiceField(
        choices=list(PERIOD_LABELS.items()), initial="28d", label="Period", required=False
    )

    def period_key(self) -> str:
        if self.is_valid() and self.cleaned_data.get("period"):
            return self.cleaned_data["period"]
        return "28d"


class MapMetricForm(forms.Form):
    metric = forms.ChoiceField(label="Colour the map by", required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].choices = list(choices.items())
