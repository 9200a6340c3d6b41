"""Every caller against every /api/v1/ endpoint and method, with the expected status.

Callers: every persona of tests/conftest.py, a partner's API key, a revoked key, an expired
key and an anonymous caller. Rules (DESIGN.md section 5): reading needs to be signed in; an
object outside the caller's scope is 404 and a list is narrowed; writing needs a writer role
(npms.permissions.WRITERS) and a target in scope (a create naming an out-of-scope object is a
400 naming that field, as if it did not exist).
"""

import datetime as dt

import pytest

CALLERS = [
    "force_admin",
    "force_viewer",
    "bcu_commander",
    "sergeant",
    "officer",
    "other_sergeant",
    "partner",
    "key",
    "inspector",
    "outsider_admin",
    "superuser",
    "revoked_key",
    "expired_key",
    "anonymous",
]
UNAUTHENTICATED = {"revoked_key": 401, "expired_key": 401, "anonymous": 401}
PARTNERS = ("partner", "key")
# Who can see team Alpha's neighbourhood A1 and the team itself (world in tests/conftest.py).
ALPHA_SCOPE = (
    "force_admin",
    "force_viewer",
    "bcu_commander",
    "sergeant",
    "officer",
    "inspector",
    "superuser",
)


def expect(default: int, **by_caller: int) -> dict:
    table = {caller: default for caller in CALLERS}
    table.update(UNAUTHENTICATED)
    table.update(by_caller)
    return table


def only(ok: int, callers, otherwise: int, **more) -> dict:
    table = expect(otherwise, **{c: ok for c in callers})
    table.update(more)
    return table


# Reads of objects in Alpha / A1: police in scope 200; Bravo's sergeant and Otherforce 404.
ALPHA_READ = only(200, ALPHA_SCOPE, 404)
A1_PUBLIC_READ = only(200, (*ALPHA_SCOPE, *PARTNERS), 404)
# Plans are a force-wide library for every police role (DESIGN.md section 5): Bravo's
# sergeant reads Alpha's plans too, and may not change them (403).
PLAN_READ = only(200, (*ALPHA_SCOPE, "other_sergeant", *PARTNERS), 404)
POLICE_PLAN_READ = only(200, (*ALPHA_SCOPE, "other_sergeant"), 404)

NOW = "2025-03-04T10:00:00Z"


# (id, method, path, body, expected); path and body are functions of (data, world, keys).
CASES = [
    # ---- reads: lists (narrowed, never refused to a signed-in caller) ----
    *[
        (f"list-{name}", "get", lambda d, w, k, n=name: f"/api/v1/{n}/", None, expect(200))
        for name in [
            "forces",
            "bcus",
            "neighbourhoods",
            "teams",
            "members",
            "postings",
            "duty-records",
            "partners",
            "events",
            "contacts",
            "priorities",
            "plans",
            "inspections",
        ]
    ],
    (
        "list-api-keys",
        "get",
        lambda d, w, k: "/api/v1/api-keys/",
        None,
        only(200, ("force_admin", "outsider_admin", "superuser"), 403),
    ),
    # ---- reads: single objects ----
    (
        "get-force",
        "get",
        lambda d, w, k: f"/api/v1/forces/{w.force.pk}/",
        None,
        expect(200, outsider_admin=404),
    ),
    (
        "get-bcu",
        "get",
        lambda d, w, k: f"/api/v1/bcus/{w.north.pk}/",
        None,
        only(200, (*ALPHA_SCOPE, "other_sergeant"), 404),
    ),
    (
        "get-neighbourhood",
        "get",
        lambda d, w, k: f"/api/v1/neighbourhoods/{w.a1.pk}/",
        None,
        A1_PUBLIC_READ,
    ),
    ("get-team", "get", lambda d, w, k: f"/api/v1/teams/{w.alpha.pk}/", None, ALPHA_READ),
    ("get-member", "get", lambda d, w, k: f"/api/v1/members/{d['member'].pk}/", None, ALPHA_READ),
    (
        "get-posting",
        "get",
        lambda d, w, k: f"/api/v1/postings/{d['posting'].pk}/",
        None,
        ALPHA_READ,
    ),
    (
        "get-duty-record",
        "get",
        lambda d, w, k: f"/api/v1/duty-records/{d['duty'].pk}/",
        None,
        ALPHA_READ,
    ),
    (
        "get-partner",
        "get",
        lambda d, w, k: f"/api/v1/partners/{w.council.pk}/",
        None,
        expect(200, outsider_admin=404),
    ),
    ("get-event", "get", lambda d, w, k: f"/api/v1/events/{d['event'].pk}/", None, A1_PUBLIC_READ),
    (
        "get-contact",
        "get",
        lambda d, w, k: f"/api/v1/contacts/{d['contact'].pk}/",
        None,
        ALPHA_READ,
    ),
    (
        "get-priority",
        "get",
        lambda d, w, k: f"/api/v1/priorities/{d['priority'].pk}/",
        None,
        A1_PUBLIC_READ,
    ),
    (
        "get-private-priority",
        "get",
        lambda d, w, k: f"/api/v1/priorities/{d['private'].pk}/",
        None,
        ALPHA_READ,
    ),
    (
        "list-priority-reviews",
        "get",
        lambda d, w, k: f"/api/v1/priorities/{d['priority'].pk}/reviews/",
        None,
        A1_PUBLIC_READ,
    ),
    ("get-plan", "get", lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/", None, PLAN_READ),
    (
        "get-police-plan",
        "get",
        lambda d, w, k: f"/api/v1/plans/{d['police_plan'].pk}/",
        None,
        POLICE_PLAN_READ,
    ),
    (
        "list-plan-actions",
        "get",
        lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/actions/",
        None,
        PLAN_READ,
    ),
    (
        "list-plan-reviews",
        "get",
        lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/reviews/",
        None,
        PLAN_READ,
    ),
    (
        "get-inspection",
        "get",
        lambda d, w, k: f"/api/v1/inspections/{d['inspection'].pk}/",
        None,
        only(200, ALPHA_SCOPE, 404),
    ),
    (
        "get-api-key",
        "get",
        lambda d, w, k: f"/api/v1/api-keys/{k['objects']['active'].pk}/",
        None,
        only(200, ("force_admin", "superuser"), 403, outsider_admin=404),
    ),
    # ---- the metrics (dashboards/api.py): a scope outside the caller's reach is 404 ----
    (
        "metric-abstraction-team",
        "get",
        lambda d, w, k: (
            f"/api/v1/metrics/abstraction/?team={w.alpha.pk}&start=2025-03-01&end=2025-03-31"
        ),
        None,
        ALPHA_READ,
    ),
    (
        "metric-supervision-bcu",
        "get",
        lambda d, w, k: f"/api/v1/metrics/supervision/?bcu={w.north.pk}&as_of=2025-03-01",
        None,
        only(200, ("force_admin", "force_viewer", "bcu_commander", "inspector", "superuser"), 404),
    ),
    (
        "metric-priority-ageing-force",
        "get",
        lambda d, w, k: f"/api/v1/metrics/priority-ageing/?force={w.force.pk}&as_of=2025-03-01",
        None,
        only(200, ("force_admin", "force_viewer", "inspector", "superuser"), 404),
    ),
    (
        "post-metric",
        "post",
        lambda d, w, k: "/api/v1/metrics/abstraction/",
        {},
        expect(405),
    ),
    # ---- read-only resources refuse writes ----
    *[
        (f"post-{name}", "post", lambda d, w, k, n=name: f"/api/v1/{n}/", {}, expect(405))
        for name in ["forces", "bcus", "neighbourhoods", "teams", "members", "partners"]
    ],
    (
        "delete-inspection",
        "delete",
        lambda d, w, k: f"/api/v1/inspections/{d['inspection'].pk}/",
        None,
        expect(405),
    ),
    # ---- postings: force admins ----
    (
        "create-posting",
        "post",
        lambda d, w, k: "/api/v1/postings/",
        lambda d, w, k: {
            "member": d["member"].pk,
            "team": w.charlie.pk,
            "role": "constable",
            "start_date": "2025-01-01",
        },
        only(201, ("force_admin", "superuser"), 403, outsider_admin=400),
    ),
    (
        "end-posting",
        "post",
        lambda d, w, k: f"/api/v1/postings/{d['posting'].pk}/end/",
        lambda d, w, k: {"end_date": "2025-06-30"},
        only(200, ("force_admin", "superuser"), 403, outsider_admin=404),
    ),
    # ---- duty records: admin, sergeant, officer (own) ----
    (
        "create-duty-record",
        "post",
        lambda d, w, k: "/api/v1/duty-records/",
        lambda d, w, k: {
            "member": d["member"].pk,
            "team": w.alpha.pk,
            "date": "2025-03-05",
            "hours": "7.5",
            "activity": "patrol",
        },
        only(
            201,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=400,
            outsider_admin=400,
        ),
    ),
    (
        "patch-duty-record",
        "patch",
        lambda d, w, k: f"/api/v1/duty-records/{d['duty'].pk}/",
        lambda d, w, k: {"hours": "6"},
        only(
            200,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    (
        "delete-duty-record",
        "delete",
        lambda d, w, k: f"/api/v1/duty-records/{d['duty'].pk}/",
        None,
        only(
            204,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    # ---- events and contacts: admin, sergeant, officer ----
    (
        "create-event",
        "post",
        lambda d, w, k: "/api/v1/events/",
        lambda d, w, k: {
            "neighbourhood": w.a1.pk,
            "kind": "pact_meeting",
            "title": "Abbey PACT",
            "start": "2025-04-01T19:00:00Z",
        },
        only(
            201,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=400,
            outsider_admin=400,
        ),
    ),
    (
        "patch-event",
        "patch",
        lambda d, w, k: f"/api/v1/events/{d['event'].pk}/",
        lambda d, w, k: {"title": "Abbey PACT (moved)"},
        only(
            200,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    (
        "create-contact",
        "post",
        lambda d, w, k: "/api/v1/contacts/",
        lambda d, w, k: {
            "neighbourhood": w.a1.pk,
            "channel": "email",
            "received_at": NOW,
            "summary": "Speeding on Station Road.",
        },
        only(
            201,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=400,
            outsider_admin=400,
        ),
    ),
    (
        "respond-contact",
        "post",
        lambda d, w, k: f"/api/v1/contacts/{d['contact'].pk}/respond/",
        lambda d, w, k: {
            # After the contact arrived (5 hours ago) and not in the future.
            "responded_at": (d["contact"].received_at + dt.timedelta(hours=1)).isoformat(),
            "response": "Patrols booked.",
        },
        only(
            200,
            ("force_admin", "sergeant", "officer", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    # ---- priorities: admin and sergeant ----
    pytest.param(
        "create-priority",
        "post",
        lambda d, w, k: "/api/v1/priorities/",
        lambda d, w, k: {
            "neighbourhood": w.a1.pk,
            "title": "Speeding on Station Road",
            "description": "Cars speeding on Station Road, weekday mornings.",
            "where": "Station Road",
            "when": "Weekdays 7-9am",
            "category": "road_safety",
            "source": "meeting",
            "set_by": "public",
            "date_set": "2025-03-01",
        },
        only(
            201,
            ("force_admin", "sergeant", "superuser"),
            403,
            other_sergeant=400,
            outsider_admin=400,
        ),
    ),
    pytest.param(
        "patch-priority",
        "patch",
        lambda d, w, k: f"/api/v1/priorities/{d['priority'].pk}/",
        lambda d, w, k: {"version": 1, "title": "Youths at the precinct"},
        only(
            200,
            ("force_admin", "sergeant", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    pytest.param(
        "close-priority",
        "post",
        lambda d, w, k: f"/api/v1/priorities/{d['priority'].pk}/close/",
        lambda d, w, k: {
            "version": 1,
            "closed_on": "2025-03-01",
            "outcome": "resolved",
            "public_signoff": True,
        },
        only(
            200,
            ("force_admin", "sergeant", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    pytest.param(
        "add-priority-review",
        "post",
        lambda d, w, k: f"/api/v1/priorities/{d['priority'].pk}/reviews/",
        lambda d, w, k: {"kind": "update", "text": "Patrols continue.", "date": "2025-03-01"},
        only(
            201,
            ("force_admin", "sergeant", "superuser"),
            403,
            other_sergeant=404,
            outsider_admin=404,
        ),
    ),
    # ---- plans: admin and sergeant; actions also officers and partners; reviews partners ----
    pytest.param(
        "create-plan",
        "post",
        lambda d, w, k: "/api/v1/plans/",
        lambda d, w, k: {
            "neighbourhood": w.a1.pk,
            "title": "Precinct ASB",
            "opened_on": "2025-03-01",
        },
        only(
            201,
            ("force_admin", "sergeant", "superuser"),
            403,
            other_sergeant=400,
            outsider_admin=400,
        ),
    ),
    pytest.param(
        "patch-plan",
        "patch",
        lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/",
        lambda d, w, k: {"version": 1, "scan": "Repeat ASB, Fridays."},
        only(
            200,
            ("force_admin", "sergeant", "superuser"),
            403,
            other_sergeant=403,
            outsider_admin=404,
        ),
    ),
    pytest.param(
        "add-plan-action",
        "post",
        lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/actions/",
        lambda d, w, k: {"category": "prevention", "description": "Fit better lighting."},
        only(
            201,
            ("force_admin", "sergeant", "officer", "superuser", *PARTNERS),
            403,
            other_sergeant=403,
            outsider_admin=404,
        ),
    ),
    pytest.param(
        "complete-plan-action",
        "post",
        lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/actions/{d['action'].pk}/complete/",
        lambda d, w, k: {"done_on": "2025-03-01"},
        only(
            200,
            ("force_admin", "sergeant", "officer", "superuser", *PARTNERS),
            403,
            other_sergeant=403,
            outsider_admin=404,
        ),
    ),
    pytest.param(
        "add-plan-review",
        "post",
        lambda d, w, k: f"/api/v1/plans/{d['plan'].pk}/reviews/",
        lambda d, w, k: {"date": "2025-03-01", "notes": "Lighting fitted; watch Fridays."},
        only(
            201,
            ("force_admin", "sergeant", "superuser", *PARTNERS),
            403,
            other_sergeant=403,
            outsider_admin=404,
        ),
    ),
    # ---- API keys: force admins ----
    (
        "create-api-key",
        "post",
        lambda d, w, k: "/api/v1/api-keys/",
        lambda d, w, k: {"partner": w.council.pk, "name": "Housing system"},
        only(201, ("force_admin", "superuser"), 403, outsider_admin=400),
    ),
    (
        "revoke-api-key",
        "post",
        lambda d, w, k: f"/api/v1/api-keys/{k['objects']['expired'].pk}/revoke/",
        None,
        only(200, ("force_admin", "superuser"), 403, outsider_admin=404),
    ),
]


def _flatten():
    for case in CASES:
        if hasattr(case, "marks"):  # a pytest.param
            name, method, path, body, table = case.values
            marks = case.marks
        else:
            name, method, path, body, table = case
            marks = ()
        for caller in CALLERS:
            yield pytest.param(
                caller, method, path, body, table[caller], id=f"{name}-{caller}", marks=marks
            )


@pytest.mark.parametrize("who, method, path, body, status", list(_flatten()))
def test_permission(caller, data, world, keys, who, method, path, body, status):
    client, headers = caller(who)
    url = path(data, world, keys)
    payload = body(data, world, keys) if callable(body) else body
    call = getattr(client, method)
    if payload is None:
        response = call(url, **headers)
    else:
        response = call(url, payload, content_type="application/json", **headers)
    assert response.status_code == status, response.content[:300]
    if status >= 400:
        error = response.json()["error"]
        assert error["status"] == status and error["message"]
