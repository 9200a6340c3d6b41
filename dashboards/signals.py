"""Which writes change which teams' figures (issue 13): every save or delete of a model the
metrics read marks the teams whose figures it can change, through
``teams.services.team_figures_touch``; ``dashboard_table`` then recomputes those teams (and
their BCU and force) live instead of showing the morning's snapshot.

Signals, not calls from each service, and why: the figures are read from duty records,
postings, members, teams and their neighbourhoods, the force's policy, events, contacts,
priorities and their reviews, plans, actions and plan reviews, and these are written not only
by the services (pages and API) but also by the admin (forms, inlines, the neighbourhood
picker, "delete selected"), the data.police.uk importer, cascades and the shell. A receiver
per model covers every one of those paths, including the ones written later, and a cascade
delete; an explicit call would have to be repeated in each and is forgotten by the next. The
receivers live here, beside the metric formulas that read the models, so the list of what
feeds the figures is in one place (add a model here when a metric starts reading it). They
hold no rule of their own: each says which scope a row belongs to and calls the service,
which gathers the touches of a transaction and writes them in one UPDATE after the commit (a
week filled for a team is one statement). ``QuerySet.update``, ``bulk_create`` and raw SQL
send no signals: code that writes that way calls ``team_figures_touch`` itself.

A row that moves (a duty record given to another team, a priority moved to another
neighbourhood) changes both the old and the new scope: the values a row was loaded with are
remembered (``post_init``) and both are marked.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models.signals import m2m_changed, post_init, post_save, pre_delete

from dashboards.metrics.common import POLICY_FIELDS
from engagement.models import Event, PublicContact
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from teams.models import DutyRecord, Force, Member, Neighbourhood, Posting, Team
from teams.services import team_figures_touch

Touch = dict[str, list[int]]
_LOADED = "_figures_scope_loaded"


def _cached_or_query(instance, relation: str, pk, model, field: str):
    """``field`` of the related row ``pk``: from the instance's cache when it holds that row
    (the usual case in a service), else one query."""
    if pk is None:
        return None
    cached = instance._state.fields_cache.get(relation)
    if cached is not None and cached.pk == pk:
        return getattr(cached, field)
    return model.objects.filter(pk=pk).values_list(field, flat=True).first()


def _event(instance, team_id, neighbourhood_id) -> Touch:
    # A meeting held for one neighbourhood changes every team covering it; one held by a team
    # for all its neighbourhoods (no neighbourhood set) changes every team covering any of
    # them (the meeting-cadence rule, dashboards.metrics.engagement._last_meeting).
    if neighbourhood_id is not None:
        return {"neighbourhood_ids": [neighbourhood_id]}
    return {"neighbourhoods_of_team_ids": [team_id]}


def _priority_review(instance, priority_id) -> Touch:
    hood = _cached_or_query(instance, "priority", priority_id, Priority, "neighbourhood_id")
    return {"neighbourhood_ids": [hood]}


def _plan_child(instance, plan_id) -> Touch:
    return {
        "neighbourhood_ids": [_cached_or_query(instance, "plan", plan_id, Plan, "neighbourhood_id")]
    }


# model: (the attributes that place a row, {touch keyword: ...} for those values). The values
# are passed in the order of the attributes.
SCOPES: dict[type, tuple[tuple[str, ...], Callable[..., Touch]]] = {
    DutyRecord: (("team_id",), lambda i, team_id: {"team_ids": [team_id]}),
    Posting: (("team_id",), lambda i, team_id: {"team_ids": [team_id]}),
    # A team's staffing template and name; its BCU (a team moved marks the BCU it left too).
    Team: (("id", "bcu_id"), lambda i, pk, bcu_id: {"team_ids": [pk], "bcu_ids": [bcu_id]}),
    # A member's public contact details make them a named officer (DESIGN.md 4.4).
    Member: (("id",), lambda i, pk: {"member_ids": [pk]}),
    Neighbourhood: (
        ("id", "bcu_id"),
        lambda i, pk, bcu_id: {"neighbourhood_ids": [pk], "bcu_ids": [bcu_id]},
    ),
    Event: (("team_id", "neighbourhood_id"), _event),
    PublicContact: (("neighbourhood_id",), lambda i, hood: {"neighbourhood_ids": [hood]}),
    Priority: (("neighbourhood_id",), lambda i, hood: {"neighbourhood_ids": [hood]}),
    PriorityReview: (("priority_id",), _priority_review),
    Plan: (("neighbourhood_id",), lambda i, hood: {"neighbourhood_ids": [hood]}),
    Action: (("plan_id",), _plan_child),
    PlanReview: (("plan_id",), _plan_child),
}


def _values(instance, attrs: tuple[str, ...]) -> tuple:
    """The row's values as loaded; a deferred field (``.only()``) is None, never fetched."""
    return tuple(instance.__dict__.get(a) for a in attrs)


def _current(instance, attrs: tuple[str, ...]) -> tuple:
    """The row's values now; a deferred one is read (one query, only for such a row)."""
    return tuple(getattr(instance, a) for a in attrs)


def _remember(sender, instance, **_kwargs) -> None:
    attrs = SCOPES[sender][0] if sender in SCOPES else POLICY_FIELDS
    setattr(instance, _LOADED, _values(instance, attrs))


def _touch_rows(sender, instance, *, deleting: bool) -> None:
    attrs, scope = SCOPES[sender]
    now = _current(instance, attrs)
    loaded = getattr(instance, _LOADED, None)
    touches = [scope(instance, *now)]
    if loaded is not None and loaded != now and any(v is not None for v in loaded):
        touches.append(scope(instance, *loaded))  # the row moved: the old place changed too
    if deleting and sender is Neighbourhood:
        # Its links to teams are deleted with it, so find the teams now, not after the commit.
        touches.append({"team_ids": list(instance.teams.values_list("pk", flat=True))})
    merged: Touch = {}
    for touch in touches:
        for key, ids in touch.items():
            merged.setdefault(key, []).extend(ids)
    team_figures_touch(**merged)
    setattr(instance, _LOADED, now)


def _saved(sender, instance, raw=False, **_kwargs) -> None:
    if not raw:  # fixtures being loaded (loaddata) are not a change to the figures
        _touch_rows(sender, instance, deleting=False)


def _deleting(sender, instance, **_kwargs) -> None:
    _touch_rows(sender, instance, deleting=True)


def _force_saved(sender, instance, created=False, raw=False, **_kwargs) -> None:
    """A change to a force's policy settings re-rates and re-reads every figure of the force
    (DESIGN.md 3, Force): mark all its teams. Other edits of the force (its name, its web
    address) change no figure."""
    now = _values(instance, POLICY_FIELDS)
    loaded = getattr(instance, _LOADED, None)
    if not raw and not created and loaded != now:
        team_figures_touch(force_ids=[instance.pk])
    setattr(instance, _LOADED, now)


def _team_neighbourhoods_changed(sender, instance, action, reverse, pk_set, **_kwargs) -> None:
    """A team starts or stops covering neighbourhoods: that team's figures change, and so do
    those of the other teams covering them (a team's own meetings count for all it covers)."""
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    if action == "pre_clear":
        other = instance.teams if reverse else instance.neighbourhoods
        pk_set = set(other.values_list("pk", flat=True))
    if reverse:  # neighbourhood.teams.add(...): instance is the neighbourhood
        team_figures_touch(team_ids=pk_set or (), neighbourhood_ids=[instance.pk])
    else:
        team_figures_touch(team_ids=[instance.pk], neighbourhood_ids=pk_set or ())


def connect() -> None:
    """Called once from ``DashboardsConfig.ready``."""
    for model in SCOPES:
        uid = f"figures-changed-{model._meta.label_lower}"
        post_init.connect(_remember, sender=model, dispatch_uid=uid + "-init")
        post_save.connect(_saved, sender=model, dispatch_uid=uid + "-save")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=uid + "-delete")
    post_init.connect(_remember, sender=Force, dispatch_uid="figures-changed-force-init")
    post_save.connect(_force_saved, sender=Force, dispatch_uid="figures-changed-force-save")
    m2m_changed.connect(
        _team_neighbourhoods_changed,
        sender=Team.neighbourhoods.through,
        dispatch_uid="figures-changed-team-neighbourhoods",
    )
