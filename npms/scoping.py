"""Who may see what: the scopes of DESIGN.md section 5, as querysets of ids.

Every page, API view and selector that lists or fetches data for a user narrows it with these
functions, so the rule lives once. Out-of-scope single objects are answered with 404 by the
callers (so ids do not leak) and out-of-scope lists are simply empty.
"""

from django.db.models import QuerySet

from accounts.models import Role
from teams.models import BCU, Force, Neighbourhood, Partner, Team


def _is_all(user) -> bool:
    return bool(user.is_superuser)


def visible_forces(user) -> QuerySet[Force]:
    if _is_all(user):
        return Force.objects.all()
    if not user.is_authenticated:
        return Force.objects.none()
    force_id = user.scope_force_id
    return Force.objects.filter(pk=force_id) if force_id else Force.objects.none()


def visible_bcus(user) -> QuerySet[BCU]:
    if _is_all(user):
        return BCU.objects.all()
    if not user.is_authenticated:
        return BCU.objects.none()
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR):
        return BCU.objects.filter(force_id=user.force_id)
    if user.role == Role.BCU_COMMANDER:
        return BCU.objects.filter(pk=user.bcu_id)
    if user.role in (Role.SERGEANT, Role.OFFICER) and user.team_id:
        return BCU.objects.filter(teams=user.team_id)
    return BCU.objects.none()


def visible_teams(user) -> QuerySet[Team]:
    if _is_all(user):
        return Team.objects.all()
    if not user.is_authenticated:
        return Team.objects.none()
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR):
        return Team.objects.filter(bcu__force_id=user.force_id)
    if user.role == Role.BCU_COMMANDER:
        return Team.objects.filter(bcu_id=user.bcu_id)
    if user.role in (Role.SERGEANT, Role.OFFICER):
        return Team.objects.filter(pk=user.team_id)
    return Team.objects.none()


def visible_neighbourhoods(user) -> QuerySet[Neighbourhood]:
    """Neighbourhoods the user works in; for a partner, its Partner.neighbourhoods."""
    if _is_all(user):
        return Neighbourhood.objects.all()
    if not user.is_authenticated:
        return Neighbourhood.objects.none()
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR):
        return Neighbourhood.objects.filter(force_id=user.force_id)
    if user.role == Role.BCU_COMMANDER:
        return Neighbourhood.objects.filter(bcu_id=user.bcu_id)
    if user.role in (Role.SERGEANT, Role.OFFICER):
        return Neighbourhood.objects.filter(teams=user.team_id)
    if user.role == Role.PARTNER:
        return Neighbourhood.objects.filter(partners=user.partner_id)
    return Neighbourhood.objects.none()


def visible_partners(user) -> QuerySet[Partner]:
    if _is_all(user):
        return Partner.objects.all()
    if not user.is_authenticated:
        return Partner.objects.none()
    if user.role == Role.PARTNER:
        return Partner.objects.filter(pk=user.partner_id)
    force_id = user.scope_force_id
    return Partner.objects.filter(force_id=force_id) if force_id else Partner.objects.none()


def is_police(user) -> bool:
    """Police staff may see restricted data (KIN, notes, duty records); partners never."""
    return bool(user.is_authenticated and (user.is_superuser or user.role != Role.PARTNER))


def _team_force_id(team) -> int:
    return team.bcu.force_id


def can_manage_team(user, team) -> bool:
    """Writes for the team's priorities, meetings, duty records and contacts: the team's
    sergeant, a force admin of its force, or a superuser (DESIGN.md section 5)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role == Role.SERGEANT:
        return user.team_id == team.pk
    return user.role == Role.FORCE_ADMIN and user.force_id == _team_force_id(team)


def can_record_for_team(user, team) -> bool:
    """Events and contacts (and their own duty): also the team's officers (DESIGN.md 5)."""
    if can_manage_team(user, team):
        return True
    return bool(user.is_authenticated and user.role == Role.OFFICER and user.team_id == team.pk)


def can_see_key_individuals(user, team) -> bool:
    """The KIN list is personal data for the team's own eyes (issue 4, item 6)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.role in (Role.SERGEANT, Role.OFFICER) and user.team_id == team.pk


def can_manage_neighbourhood(user, neighbourhood) -> bool:
    """Writes for a neighbourhood's priorities: a sergeant of a team covering it, a force
    admin of its force, or a superuser (DESIGN.md section 5)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if user.role == Role.SERGEANT:
        return neighbourhood.teams.filter(pk=user.team_id).exists()
    return user.role == Role.FORCE_ADMIN and user.force_id == neighbourhood.force_id


def visible_metric_scopes(user, level: str) -> QuerySet:
    """Scopes of ``level`` (member, neighbourhood, team, bcu, force) whose metrics and
    dashboards ``user`` may read. Dashboards are police-only and follow the reading scope of
    section 5, except that team roles (sergeant, officer) see their own team's figures only
    (not their BCU's or force's); partners see none."""
    from teams.models import Member

    models = {"member": Member, "neighbourhood": Neighbourhood, "team": Team, "bcu": BCU}
    if level == "force":
        model = Force
    else:
        model = models[level]
    if _is_all(user):
        return model.objects.all()
    if not is_police(user):
        return model.objects.none()
    if user.role in (Role.SERGEANT, Role.OFFICER):
        if level in ("bcu", "force"):
            return model.objects.none()
        if level == "member":
            return Member.objects.filter(postings__team=user.team_id).distinct()
        return visible_neighbourhoods(user) if level == "neighbourhood" else visible_teams(user)
    if level == "member":
        if user.role == Role.BCU_COMMANDER:
            return Member.objects.filter(postings__team__bcu_id=user.bcu_id).distinct()
        return Member.objects.filter(force_id=user.scope_force_id)
    if level == "force" and user.role == Role.BCU_COMMANDER:
        return Force.objects.none()
    return {
        "neighbourhood": visible_neighbourhoods,
        "team": visible_teams,
        "bcu": visible_bcus,
        "force": visible_forces,
    }[level](user)


# ---------------------------------------------------------------------------------------------
# Scopes of the partner API's resources (issue 5). Imports are local: the apps sit above npms.


def visible_members(user) -> QuerySet:
    """Members of staff: the force's for force-wide roles; those with a posting in a visible
    team otherwise; none for partners (DESIGN.md section 5)."""
    from teams.models import Member, Posting

    if not is_police(user):
        return Member.objects.none()
    if _is_all(user):
        return Member.objects.all()
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR):
        return Member.objects.filter(force_id=user.force_id)
    posted = Posting.objects.filter(team__in=visible_teams(user)).values("member_id")
    return Member.objects.filter(pk__in=posted)


def visible_events(user) -> QuerySet:
    """Events: force-wide roles the force's; others those of their neighbourhoods or teams;
    partners only public events in their neighbourhoods."""
    from django.db.models import Q

    from engagement.models import Event

    if _is_all(user):
        return Event.objects.all()
    if not user.is_authenticated:
        return Event.objects.none()
    if not is_police(user):
        return Event.objects.filter(public=True, neighbourhood__in=visible_neighbourhoods(user))
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR):
        return Event.objects.filter(force_id=user.force_id)
    return Event.objects.filter(
        Q(neighbourhood__in=visible_neighbourhoods(user)) | Q(team__in=visible_teams(user))
    )


def visible_priorities(user) -> QuerySet:
    """Priorities in the user's neighbourhoods; for partners only the public ones."""
    from priorities.models import Priority

    if _is_all(user):
        return Priority.objects.all()
    qs = Priority.objects.filter(neighbourhood__in=visible_neighbourhoods(user))
    return qs if is_police(user) else qs.filter(public=True)


def visible_plans(user) -> QuerySet:
    """Plans in the user's neighbourhoods; a partner's only those it owns or has actions on."""
    from django.db.models import Exists, OuterRef, Q

    from problemsolving.models import Action, Plan

    if _is_all(user):
        return Plan.objects.all()
    if not user.is_authenticated:
        return Plan.objects.none()
    qs = Plan.objects.filter(neighbourhood__in=visible_neighbourhoods(user))
    if not is_police(user):
        acts_on = Action.objects.filter(plan=OuterRef("pk"), owner_partner_id=user.partner_id)
        qs = qs.filter(Q(owner_partner_id=user.partner_id) | Exists(acts_on))
    return qs


def visible_inspections(user) -> QuerySet:
    """Force-wide roles: the force's inspections; a BCU commander those of the BCU and its
    teams; a sergeant or officer those of the team; partners none."""
    from django.db.models import Q

    from inspections.models import Inspection

    if _is_all(user):
        return Inspection.objects.all()
    if not user.is_authenticated:
        return Inspection.objects.none()
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR):
        return Inspection.objects.filter(force_id=user.force_id)
    if user.role == Role.BCU_COMMANDER:
        return Inspection.objects.filter(Q(bcu_id=user.bcu_id) | Q(team__bcu_id=user.bcu_id))
    if user.role in (Role.SERGEANT, Role.OFFICER):
        return Inspection.objects.filter(team_id=user.team_id)
    return Inspection.objects.none()
