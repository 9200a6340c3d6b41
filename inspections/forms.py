"""Forms for the inspection pages. They check input shape only; the rules (a grade of the
framework, looking-fors of the criterion, a repeat of an earlier inspection's
recommendation) are the services' and their errors are shown beside the field they name."""

from django import forms

from inspections.models import Framework, RecommendationStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectionOpenForm(forms.Form):
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.order_by("name"), to_field_name="code", empty_label=None
    )
    scope = forms.ChoiceField(
        label="Force, BCU or team to inspect",
        help_text="Evidence is computed for it from the data NPMS holds.",
    )
    title = forms.CharField(max_length=200)
    start_date = forms.DateField(
        widget=DATE_INPUT,
        help_text="Figures are taken for the 90 days ending on this day and then kept as they are.",
    )

    def __init__(self, *args, scopes: dict, **kwargs):
        """``scopes``: {"force": queryset, "bcu": ..., "team": ...} the caller may open."""
        super().__init__(*args, **kwargs)
        groups = []
        for level, label in (("force", "Force"), ("bcu", "BCU"), ("team", "Team")):
            options = [(f"{level}:{obj.pk}", obj.name) for obj in scopes[level].order_by("name")]
            if options:
                groups.append((label, options))
        self.fields["scope"].choices = groups

    def cleaned_scope(self) -> dict:
        """{"scope_type": level, level: id} from the chosen option."""
        level, _, pk = self.cleaned_data["scope"].partition(":")
        return {"scope_type": level, "id": int(pk)}


class JudgementForm(forms.Form):
    grade = forms.ChoiceField(required=False)
    evidence = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Evidence",
        help_text="What you saw, read or were told that supports the grade.",
    )
    looking_fors_met = forms.TypedMultipleChoiceField(
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        label="Looking-fors met",
    )
    serious_omission = forms.BooleanField(
        required=False, label="Something serious is missing (no green)"
    )

    def __init__(self, *args, criterion, grades: list[str], grade_labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "Not graded")] + [
            (g, grade_labels.get(g, g)) for g in grades
        ]
        if criterion.looking_fors:
            self.fields["looking_fors_met"].choices = [
                (item["code"], item["text"]) for item in criterion.looking_fors
            ]
        else:
            del self.fields["looking_fors_met"]
            del self.fields["serious_omission"]


class ThemeAssessmentForm(forms.Form):
    theme = forms.CharField(widget=forms.HiddenInput)
    grade = forms.ChoiceField(required=False, label="Overall grade for the theme")
    comments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Any other comments, including effective practice found.",
    )

    def __init__(self, *args, grades: list[str], grade_labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "Not graded")] + [
            (g, grade_labels.get(g, g)) for g in grades
        ]


class RecommendationForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Recommendation")
    owner = forms.ModelChoiceField(queryset=None, required=False, label="Owner")
    due_on = forms.DateField(required=False, widget=DATE_INPUT, label="Due by")
    repeats = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Repeats an earlier recommendation",
        help_text="If an earlier inspection made this recommendation already.",
    )

    def __init__(self, *args, owners, repeatable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["repeats"].queryset = repeatable
        self.fields["repeats"].label_from_instance = lambda r: (
            f"{r.inspection.title} ({r.inspection.start_date:%b %Y}): {r.text[:80]}"
        )


class RecommendationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=RecommendationStatus.choices)
    closed_on = forms.DateField(
        required=False, widget=DATE_INPUT, label="Closed on", help_text="Needed to close it."
    )


class CompareForm(forms.Form):
    other = forms.ModelChoiceField(queryset=None, empty_label=None, label="Compare with")

    def __init__(self, *args, inspections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = inspections
        self.fields["other"].label_from_instance = lambda i: (
            f"{i.title} ({i.framework.name}, {i.start_date:%-d %b %Y})"
        )
