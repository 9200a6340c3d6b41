"""The "Load" section of ``bench/RESULTS.md`` (issue 15: "a bounded loopback load of a few
pages, reporting req/s and p50/p95/p99" in ``make bench``).

``make bench-load`` runs ``scripts/load.sh`` (gunicorn with production settings on a free
loopback port, the dev database's demo force, 20 clients for 20 s per scenario) with
``--results bench/RESULTS.md``; ``scripts/load.py`` then writes its report into this section.
The section sits between two markers just below the file's title, so the rest of the file is
``make bench``'s and the file still ends with its ratio line; ``make bench`` keeps the section
when it rewrites the file (``load_section_keep``), and a new load run replaces only it.

Plain Python with no Django import: ``scripts/load.py`` runs outside Django.
"""

from __future__ import annotations

import re

START = "<!-- load:start (written by make bench-load: scripts/load.py --results) -->"
END = "<!-- load:end -->"
_SECTION = re.compile(re.escape(START) + r".*?" + re.escape(END) + r"\n?", re.DOTALL)


def load_section(text: str) -> str | None:
    """The marked Load section of a results file's ``text`` (markers included), or None."""
    found = _SECTION.search(text)
    return found.group(0).rstrip("\n") + "\n" if found else None


def load_section_replace(text: str, section: str) -> str:
    """``text`` with its Load section replaced by ``section`` (which carries the markers), or
    with ``section`` put below the title (the first line) when it has none yet. Nothing else
    in ``text`` changes."""
    section = section.rstrip("\n") + "\n"
    if _SECTION.search(text):
        return _SECTION.sub(lambda _: section, text, count=1)
    if not text.strip():
        return section
    title, _, rest = text.partition("\n")
    rest = rest.lstrip("\n")
    return f"{title}\n\n{section}\n{rest}" if rest else f"{title}\n\n{section}"


def load_section_keep(previous: str | None, new: str) -> str:
    """``make bench``'s new results ``new`` with the Load section of the ``previous`` file
    carried over (when there was one): a bench run does not erase the last load run."""
    section = load_section(previous or "")
    return load_section_replace(new, section) if section else new


def load_section_markdown(
    *, started: str, setup: str, load_before: str, load_after: str, report: str
) -> str:
    """The section: when and how the load ran, and ``report`` (load.py's printed report)."""
    return "\n".join(
        [
            START,
            "## Load (`make bench-load`)",
            "",
            f"- Date: {started}",
            f"- {setup}",
            f"- Load average (1 / 5 / 15 min): {load_before} before, {load_after} after",
            "- Targets (issue 15): sergeant pages and the BCU dashboard at least 50 req/s with "
            'p95 under 600 ms; the public police.uk API at least 500 req/s. "CPU per request" '
            "is the gunicorn workers' and PostgreSQL's CPU time over the requests served: what "
            "a request costs whatever else the machine is doing.",
            "",
            "```text",
            report.strip("\n"),
            "```",
            END,
            "",
        ]
    )
