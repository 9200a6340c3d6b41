"""Every font and image the GOV.UK stylesheet asks for is served (issue 13: the fonts were
404s at /assets/fonts/*.woff2)."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders


def test_every_asset_of_the_govuk_stylesheet_is_served(client):
    css = open(finders.find("govuk/govuk-frontend.min.css")).read()
    urls = sorted(set(re.findall(r"url\((/assets/[^)]+)\)", css)))
    assert any(u.endswith(".woff2") for u in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_the_assets_come_from_the_installed_package():
    assert (settings.WHITENOISE_ROOT / "assets" / "fonts").is_dir()
