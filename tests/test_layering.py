"""The apps are layered (DESIGN.md section 1): each imports only the apps below it.

``teams`` is the base and imports only ``npms`` plumbing; ``accounts`` and ``audit`` sit on
it; ``engagement`` and then ``priorities`` on those; ``problemsolving`` on them; ``dashboards``
reads them all and ``inspections`` reads the metrics through ``dashboards``; ``policeuk`` and
``publicsite`` read the domain apps; ``demo`` may write every app and nothing imports it.
``npms`` (settings, base model, Scope, API plumbing) imports no app outside ``urls.py`` and
the API router ``api.py``.

The test reads every module's imports with ``ast`` (including imports inside functions, so a
hidden import is caught too) and names each offending file and import.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BASE = {"npms"}
ALLOWED: dict[str, set[str]] = {"npms": set(), "teams": BASE}
ALLOWED["accounts"] = ALLOWED["teams"] | {"teams"}
ALLOWED["audit"] = ALLOWED["accounts"] | {"accounts"}
ALLOWED["engagement"] = ALLOWED["audit"] | {"audit"}
ALLOWED["priorities"] = ALLOWED["engagement"] | {"engagement"}
ALLOWED["problemsolving"] = ALLOWED["priorities"] | {"priorities"}
ALLOWED["dashboards"] = ALLOWED["problemsolving"] | {"problemsolving"}
ALLOWED["inspections"] = ALLOWED["dashboards"] | {"dashboards"}
ALLOWED["policeuk"] = ALLOWED["problemsolving"] | {"problemsolving"}
ALLOWED["publicsite"] = ALLOWED["policeuk"]
APPS = set(ALLOWED) | {"demo"}
ALLOWED["demo"] = APPS - {"demo"}
# Files of npms that wire the apps together and so may import any app but demo.
NPMS_WIRING = {"npms/urls.py", "npms/api.py"}


def _imported_apps(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                found.append((node.lineno, top))
    return found


def _modules():
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # migrations name other apps' models by design
            yield app, path


def violations() -> list[str]:
    problems = []
    for app, path in _modules():
        relative = path.relative_to(ROOT).as_posix()
        for lineno, imported in _imported_apps(path):
            if imported == app:
                continue
            if imported == "demo":
                problems.append(f"{relative}:{lineno} imports demo (development only)")
            elif relative in NPMS_WIRING:
                continue
            elif imported not in ALLOWED[app]:
                problems.append(f"{relative}:{lineno} ({app}) imports {imported}, a higher app")
    return problems


def test_no_app_imports_a_higher_one():
    assert violations() == []


def test_the_check_sees_a_hidden_import(tmp_path, monkeypatch):
    # A function-level import of a higher app in the base app is caught and named.
    fake = tmp_path / "teams"
    fake.mkdir()
    (fake / "views.py").write_text("def f():\n    from priorities.models import Priority\n")
    monkeypatch.setattr("tests.test_layering.ROOT", tmp_path)
    for app in APPS - {"teams"}:
        (tmp_path / app).mkdir(exist_ok=True)
    assert violations() == ["teams/views.py:2 (teams) imports priorities, a higher app"]


def test_every_app_is_ranked():
    # A new top-level package with models.py must be given its place above.
    packages = {p.parent.name for p in ROOT.glob("*/models.py")}
    assert packages <= APPS
