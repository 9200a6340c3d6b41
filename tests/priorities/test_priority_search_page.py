"""/priorities/: the priorities the caller may see, filtered by scope, status and
``review=overdue`` on a day (the list the dashboards' "Priorities past review" opens)."""

import datetime as dt

from tests import factories as f

D = dt.date(2025, 6, 30)


def test_filters_and_scope(client_for, world):
    # Past review on D (set more than 90 days before, never reviewed): A1's and B1's.
    a1 = f.PriorityFactory(neighbourhood=world.a1, date_set=D - dt.timedelta(days=91))
    f.PriorityFactory(neighbourhood=world.a1, date_set=D - dt.timedelta(days=90))  # due on D
    b1 = f.PriorityFactory(neighbourhood=world.b1, date_set=D - dt.timedelta(days=120))
    params = {"review": "overdue", "as_of": D.isoformat()}
    page = client_for("bcu_commander").get("/priorities/", params).context["page"]
    assert {p.pk for p in page.object_list} == {a1.pk, b1.pk}
    page = client_for("bcu_commander").get("/priorities/", {**params, "team": world.bravo.pk})
    assert [p.pk for p in page.context["page"].object_list] == [b1.pk]
    # A sergeant sees the own team's neighbourhoods only; another team is not a choice.
    response = client_for("sergeant").get("/priorities/", params)
    assert [p.pk for p in response.context["page"].object_list] == [a1.pk]
    response = client_for("sergeant").get("/priorities/", {**params, "team": world.bravo.pk})
    assert response.context["page"].paginator.count == 0
    assert "team" in response.context["form"].errors
    # Without filters: the open priorities (three).
    assert client_for("force_viewer").get("/priorities/").context["page"].paginator.count == 3


def test_query_count_is_fixed(client_for, world, django_assert_num_queries):
    client = client_for("bcu_commander")
    params = {"bcu": world.north.pk, "review": "overdue", "as_of": D.isoformat()}
    for _ in range(3):
        f.PriorityFactory(neighbourhood=world.a1, date_set=D - dt.timedelta(days=100))
    # Session and user (2), the commander's force through the BCU (1, for the force choices),
    # the BCU choice checked (1), the count (1), the page (1), and the neighbourhood, team and
    # BCU choices rendered (3); the force is a hidden field, its choices never listed.
    with django_assert_num_queries(9):
        response = client.get("/priorities/", params)
    assert response.context["page"].paginator.count == 3
    for _ in range(10):
        f.PriorityFactory(neighbourhood=world.b1, date_set=D - dt.timedelta(days=100))
    with django_assert_num_queries(9):
        response = client.get("/priorities/", params)
    assert response.context["page"].paginator.count == 13
