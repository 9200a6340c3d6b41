from django.db import models


class TimeStampedModel(models.Model):
    """Every NPMS record says when it was made and last changed (DESIGN.md section 3)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
