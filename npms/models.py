from django.core.exceptions import ValidationError
from django.db import models


class TimeStampedModel(models.Model):
    """Every NPMS record says when it was made and last changed (DESIGN.md section 3)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        # PostgreSQL text cannot hold NUL bytes; refuse them as a field error (400) rather
        # than letting the database fail the whole request (500).
        errors = {}
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str) and "\x00" in value:
                    errors[field.name] = ["Null characters are not allowed."]
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
