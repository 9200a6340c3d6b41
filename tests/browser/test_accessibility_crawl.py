"""Accessibility as a test, not a hope (issue 13, DESIGN.md section 7: WCAG 2.2 AA).

On the demo force (one month of duty time), every demo role signs in and visits its home page,
every page of its header navigation, and every page linked from those (one level deep, within
the site; sign-out, exports, the admin and the API are skipped). Each page is checked by axe-core
at 1280x800 and again at 390x844, and the test fails on any serious or critical violation; the
sergeant's pages must also fit a 390 px phone without horizontal scrolling of the page (a wide
table scrolls inside its own container instead).

Pages that differ only by an id (``/priorities/12/`` and ``/priorities/31/``) are the same
template: one of each shape is checked per role, which keeps the run to a few minutes.

One test, on purpose: pytest-django empties the database after each test that uses the live
server, so the demo is built once and every role is checked against it in turn; the report
lists every failure of every role at once. ``NPMS_A11Y_ROLES=sergeant,partner`` narrows a run
to some roles while fixing a page (``-s`` prints the time of each page).
"""

import io
import os
import re
import time
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.test import override_settings

from demo.logins import DEMO_PASSWORD
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = [
    "sergeant",
    "officer",
    "force_admin",
    "force_viewer",
    "bcu_commander",
    "inspector",
    "partner",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# Links not followed: signing out, files (exports, prints of a whole report are pages and are
# kept), the Django admin, the API and its browsable pages, the public site's own tests.
SKIP = re.compile(
    r"^/(accounts/logout|admin|api)/|\.(csv|geojson|json|pdf|xlsx)$|/export|[?&]format="
)

# Problems tolerated for now, each with the issue that owns the fix: (page shape, axe rule id
# or "overflow") -> why. Never a blanket skip: any other page or rule fails the test.
ALLOWED: dict[tuple[str, str], str] = {}


def shape(url: str) -> str:
    """``/priorities/12/?week=2025-03-03`` -> ``/priorities/N/?week``: one page per template."""
    parts = urlsplit(url)
    keys = sorted({k for k, _v in parse_qsl(parts.query)})
    path = re.sub(r"^/n/[^/]+/[^/]+/", "/n/FORCE/CODE/", parts.path)  # public pages
    path = re.sub(r"/\d+(?=/|$)", "/N", path)
    path = re.sub(r"/\d{4}-\d{2}-\d{2}(?=/|$)", "/DATE", path)
    return path + (f"?{'&'.join(keys)}" if keys else "")


def site_links(page, base: str) -> list[str]:
    """Same-site links of the page's header navigation and main content, as paths."""
    hrefs = page.eval_on_selector_all(
        "header nav a[href], main a[href]", "els => els.map(e => e.href)"
    )
    out = []
    for href in hrefs:
        if not href.startswith(base):
            continue
        path = href[len(base) :].split("#", 1)[0] or "/"
        if not SKIP.search(path):
            out.append(path)
    return out


def axe_script() -> str:
    """axe-core as bundled by axe-playwright-python (PyPI; no download)."""
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


def axe_problems(page) -> list[str]:
    """Serious and critical axe violations of the page as it is now. axe is already in the page
    (an init script of the context), so a second run at another width costs one run only."""
    violations = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v.get("impact") in ("serious", "critical")
    ]


OVERFLOW_JS = """() => {
  const wider = document.documentElement.scrollWidth - window.innerWidth;
  if (wider <= 0) return null;
  // The outermost elements that stick out, to say what to fix.
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && box.width > 0) {
      const parent = el.parentElement && el.parentElement.getBoundingClientRect();
      if (!parent || parent.right <= window.innerWidth + 1) {
        const cls = typeof el.className === "string" && el.className.trim()
          ? "." + el.className.trim().split(/\\s+/).join(".") : "";
        out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + cls);
      }
    }
  }
  return [wider, out.slice(0, 4)];
}"""


def horizontal_overflow(page) -> str | None:
    """How many pixels wider than the window the page is and what sticks out (None: fits)."""
    found = page.evaluate(OVERFLOW_JS)
    return None if found is None else f"{found[0]} px, {found[1]}"


def open_page(page, path: str) -> int | None:
    response = page.goto(path, wait_until="load")
    # htmx fragments (the abstraction panel) load just after the page: wait until none is in
    # flight (cheaper than "networkidle", which always waits half a second more).
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, [hx-trigger=\"load\"]:empty')",
        timeout=5_000,
    )
    return response.status if response else None


def check_role(browser, base: str, role: str) -> tuple[list[str], int]:
    """Every failure for ``role`` (one line each) and the number of pages checked."""
    context = browser.new_context(base_url=base, viewport=DESKTOP)
    context.set_default_timeout(15_000)
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    context.add_init_script(script=axe_script())
    page = context.new_page()
    failures: list[str] = []
    try:
        sign_in(page, role, DEMO_PASSWORD)
        page.goto("/")
        # Level 0: home and the header navigation; level 1: what they link to.
        nav = page.eval_on_selector_all(
            "header nav a[href]", "els => els.map(e => e.getAttribute('href'))"
        )
        level0 = list(dict.fromkeys(["/", *(h for h in nav if h.startswith("/"))]))
        seen_shapes: set[str] = set()
        queue = [p for p in level0 if not SKIP.search(p)]
        followed = set(queue)
        checked = 0
        for depth in (0, 1):
            next_queue = []
            for path in queue:
                key = shape(path)
                if key in seen_shapes:
                    continue
                seen_shapes.add(key)
                page.set_viewport_size(DESKTOP)
                began = time.monotonic()
                status = open_page(page, path)
                if status is None or status >= 400:
                    failures.append(f"{role} {path}: HTTP {status}")
                    continue
                if depth == 0:
                    for link in site_links(page, base):
                        if link not in followed:
                            followed.add(link)
                            next_queue.append(link)
                for problem in axe_problems(page):
                    failures.append(f"{role} 1280 {path} [{key}]: {problem}")
                page.set_viewport_size(PHONE)
                page.wait_for_timeout(50)
                for problem in axe_problems(page):
                    failures.append(f"{role} 390 {path} [{key}]: {problem}")
                if role == "sergeant":
                    wider = horizontal_overflow(page)
                    if wider:
                        failures.append(
                            f"{role} 390 {path} [{key}]: overflow: the page is wider than "
                            f"the phone by {wider}"
                        )
                checked += 1
                print(f"  {role} {path} {time.monotonic() - began:.1f} s")  # shown with -s
            queue = next_queue
    finally:
        context.close()
    return failures, checked


def allowed(line: str) -> bool:
    match = re.match(r"\S+ (?:1280|390) \S+ \[(?P<shape>[^\]]+)\]: (?P<rule>[\w-]+)", line)
    return bool(match) and (match["shape"], match["rule"]) in ALLOWED


def test_every_page_of_every_role_is_accessible(browser, live_server):
    began = time.monotonic()
    # The live server's settings override hides SETTINGS_MODULE, which seed_demo reads to
    # refuse production: name the test settings again.
    with override_settings(SETTINGS_MODULE="npms.settings.test"):
        call_command("seed_demo", "--months", "1", stdout=io.StringIO())
    seeded = time.monotonic()
    failures, pages = [], {}
    for role in os.environ.get("NPMS_A11Y_ROLES", ",".join(ROLES)).split(","):
        role_failures, pages[role] = check_role(browser, live_server.url, role)
        failures.extend(role_failures)
    took = time.monotonic() - seeded
    print(f"seeded in {seeded - began:.0f} s; checked {pages} pages in {took:.0f} s")
    assert all(pages.values()), pages
    unexpected = [line for line in failures if not allowed(line)]
    assert not unexpected, f"{len(unexpected)} problems:\n" + "\n".join(unexpected)
