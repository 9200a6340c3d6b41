"""Playwright driving Debian's chromium against pytest-django's live server.

Never ``playwright install``: the browser is /usr/bin/chromium from apt (DESIGN.md 2). Every
request that is not to the live server (map tiles) is aborted, so tests need no network.
"""

import os
from pathlib import Path

import pytest

# The sync Playwright API runs an event loop in this thread; Django's ORM, used by the test
# itself for set-up and checks, refuses to run there unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make test installs it with apt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """``new_page()`` opens a fresh browser context (its own cookies) on the live server."""
    contexts = []

    def _open():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)

        def only_live_server(route):
            if route.request.url.startswith(live_server.url):
                route.continue_()
            else:
                route.abort()

        context.route("**/*", only_live_server)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


def sign_in(page, username: str, password: str = "correct-horse-battery") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def assert_accessible(page) -> None:
    """axe-core (PyPI axe-playwright-python, bundled script, no download): fail on serious or
    critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in bad
    )
