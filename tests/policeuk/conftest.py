"""The public API tests run without its cache and throttle (both live in the shared Redis);
test_cache.py turns the cache on for itself."""

import pytest


@pytest.fixture(autouse=True)
def _no_cache_no_throttle(settings):
    settings.POLICE_UK_CACHE_SECONDS = 0
    rates = dict(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}))
    rates.update({"partner_key": None, "anon": None})
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
