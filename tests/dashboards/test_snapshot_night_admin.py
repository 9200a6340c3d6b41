"""The admin's page of a snapshot night lists its pieces (issue 14 item 3), a large force's
groups of BCUs each labelled with its BCUs and team count as planned."""

from django.urls import reverse

from dashboards import services


def test_the_nights_page_names_each_pieces_bcus(world, personas, client):
    night = services.snapshot_night_create(split_teams=2)
    client.force_login(personas["superuser"])

    response = client.get(reverse("admin:dashboards_snapshotnight_change", args=[night.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for label in (
        "Otherforce Police",
        "Testshire Police / North (2 teams)",
        "Testshire Police / South (1 team)",
        "Testshire Police (force row)",
    ):
        assert label in page
    assert page.count("BCUs of a large force") == 2
