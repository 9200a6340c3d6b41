"""Reads for inspections: who may see them (DESIGN.md section 5)."""

from django.db.models import Q, QuerySet

from npms.scope import Scope

from .models import Inspection


def inspections_visible(scope: Scope) -> QuerySet[Inspection]:
    """Force-wide roles: the force's inspections; a BCU commander those of the BCU and its
    teams; a sergeant or officer those of the team; partners and the public none."""
    if scope.superuser:
        return Inspection.objects.all()
    if scope.force_wide:
        return Inspection.objects.filter(force_id=scope.force_id)
    if scope.is_bcu_commander:
        return Inspection.objects.filter(Q(bcu_id=scope.bcu_id) | Q(team__bcu_id=scope.bcu_id))
    if scope.in_team:
        return Inspection.objects.filter(team_id=scope.team_id)
    return Inspection.objects.none()
