#!/usr/bin/env python3
"""A bounded loopback load of a few NPMS pages, reporting req/s and p50/p95/p99 per page.

    scripts/load.py --base http://127.0.0.1:8123 [--clients 20] [--seconds 30] [--key KEY]

Run by ``make load`` (scripts/load.sh), which starts gunicorn with production settings on a
free loopback port against the dev database with the demo force, makes a partner API key and
stops everything afterwards. Scenarios run one after the other, each with ``--clients``
concurrent clients (threads, http.client, a new connection per request as gunicorn's sync
workers close each one) for ``--seconds`` seconds or ``--max-requests`` requests, whichever
comes first; it only ever talks to a loopback address and stops by itself.

Scenarios (issue 15; targets from its "Deliver" list):
  sergeant  the demo sergeant's home (/) and the team's priorities list  >= 50 req/s, p95 < 600 ms
  bcu       the demo BCU commander's BCU dashboard                       >= 50 req/s, p95 < 600 ms
  public    the public data.police.uk API (cached answers)               >= 500 req/s
  partner   a partner key's /api/v1/priorities/ list                     (no target)
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field

PASSWORD = "midshire-demo-2008"  # every demo login's (README "Demo logins")
TARGETS = {"sergeant": (50, 600), "bcu": (50, 600), "public": (500, None)}


@dataclass
class Page:
    name: str
    path: str
    headers: dict = field(default_factory=dict)
    times: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)


class Client:
    """One HTTP/1.1 request per connection to the loopback server, with a cookie jar."""

    def __init__(self, base: str):
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), data
        finally:
            conn.close()

    def sign_in(self, username: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            sys.exit(f"load: cannot read the sign-in form (HTTP {status})")
        body = urllib.parse.urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        status, _, _ = self.request("POST", "/accounts/login/", body, headers)
        if status != 302:
            sys.exit(f"load: signing in as {username} failed (HTTP {status}); seeded demo force?")


class ServerCPU:
    """CPU seconds used by the gunicorn workers and the PostgreSQL sessions of the database,
    read from /proc: what a request costs whatever else the machine is doing. Sessions that
    end during a scenario (CONN_MAX_AGE=0) take their CPU time with them, so that case reads
    low for PostgreSQL."""

    def __init__(self, gunicorn_pid: int | None, db: str | None):
        self.gunicorn_pid, self.db = gunicorn_pid, db
        self.tick = os.sysconf("SC_CLK_TCK")

    def _pids(self) -> dict[str, list[int]]:
        found = {"gunicorn": [], "postgres": []}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmdline = f.read().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if self.gunicorn_pid and ppid == self.gunicorn_pid:
                found["gunicorn"].append(int(entry))
            elif self.db and cmdline.startswith(f"postgres: postgres {self.db} "):
                found["postgres"].append(int(entry))
        return found

    def _seconds(self, pid: int) -> float:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / self.tick  # utime + stime

    def sample(self) -> dict[str, dict[int, float]]:
        return {
            kind: {pid: self._seconds(pid) for pid in pids} for kind, pids in self._pids().items()
        }

    @staticmethod
    def used(before: dict, after: dict) -> dict[str, float]:
        return {
            kind: sum(t - before[kind].get(pid, 0.0) for pid, t in after[kind].items())
            for kind in after
        }


def scenarios(base: str, key: str | None) -> dict[str, tuple[Client | None, list[Page]]]:
    """The pages of each scenario, found from the demo logins' own pages."""
    out = {}
    sergeant = Client(base)
    sergeant.sign_in("sergeant")
    _, _, home = sergeant.request("GET", "/")
    team = re.search(rb"/priorities/teams/(\d+)/", home)
    if team is None:
        sys.exit("load: the sergeant's home has no link to the team's priorities")
    out["sergeant"] = (
        sergeant,
        [
            Page("sergeant home /", "/"),
            Page("priorities list", f"/priorities/teams/{team.group(1).decode()}/"),
        ],
    )
    commander = Client(base)
    commander.sign_in("bcu_commander")
    status, headers, _ = commander.request("GET", "/")
    location = headers.get("Location", "")
    if status != 302 or "/dashboards/bcu/" not in location:
        sys.exit(f"load: the BCU commander's home did not lead to a BCU dashboard ({status})")
    out["bcu"] = (commander, [Page("BCU dashboard", urllib.parse.urlsplit(location).path)])
    anonymous = Client(base)
    _, _, hoods = anonymous.request("GET", "/api/police-uk/midshire/neighbourhoods")
    code = re.search(rb'"id":\s*"([^"]+)"', hoods)
    if code is None:
        sys.exit("load: the public API lists no Midshire neighbourhood")
    hood = code.group(1).decode()
    out["public"] = (
        None,
        [
            Page("police-uk forces", "/api/police-uk/forces"),
            Page("police-uk neighbourhood", f"/api/police-uk/midshire/{hood}"),
            Page("police-uk priorities", f"/api/police-uk/midshire/{hood}/priorities"),
        ],
    )
    if key:
        page = Page("partner key /api/v1/priorities/", "/api/v1/priorities/")
        page.headers = {"Authorization": f"Api-Key {key}"}
        out["partner"] = (None, [page])
    return out


def run(
    base: str,
    client: Client | None,
    pages: list[Page],
    clients: int,
    seconds: float,
    max_requests: int,
) -> float:
    """Hit ``pages`` in turn from ``clients`` threads; returns the elapsed seconds."""
    lock = threading.Lock()
    sent = [0]
    stop_at = time.monotonic() + seconds

    def worker(offset: int) -> None:
        me = Client(base)
        if client is not None:
            me.cookies = dict(client.cookies)
        i = offset
        while time.monotonic() < stop_at:
            with lock:
                if sent[0] >= max_requests:
                    return
                sent[0] += 1
            page = pages[i % len(pages)]
            i += 1
            started = time.perf_counter()
            try:
                status, _, _ = me.request("GET", page.path, headers=page.headers)
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                page.times.append(elapsed)
                page.statuses[status] = page.statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return time.monotonic() - started


REPORT: list[str] = []  # what was printed, for --results


def say(text: str) -> None:
    """Print a line of the report (and keep it for ``--results``)."""
    print(text)
    REPORT.extend(text.split("\n"))


def percentile(values: list[float], pct: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(pct) - 1]


def report(name: str, pages: list[Page], elapsed: float, cpu: dict | None = None) -> bool:
    everything = [t for p in pages for t in p.times]
    total = len(everything)
    say(f"\n{name}: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} req/s")
    if cpu and total:
        per = {kind: 1000 * seconds / total for kind, seconds in cpu.items()}
        server = per["gunicorn"] + per["postgres"]
        say(
            f"  CPU per request: server {server:.1f} ms (gunicorn {per['gunicorn']:.1f}, "
            f"PostgreSQL {per['postgres']:.1f}), this load runner {per['load runner']:.1f} ms; "
            f"two otherwise idle cores serve at most {2000 / server:.0f} req/s"
        )
    say(f"  {'page':<34} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  statuses")
    for page in pages + ([Page("all", "", times=everything)] if len(pages) > 1 else []):
        if not page.times:
            continue
        ms = [1000 * t for t in page.times]
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(page.statuses.items(), key=str))
        say(
            f"  {page.name:<34} {len(ms) / elapsed:>7.1f} {percentile(ms, 50):>7.0f} "
            f"{percentile(ms, 95):>7.0f} {percentile(ms, 99):>7.0f}  {statuses}"
        )
    if name not in TARGETS or not total:
        return True
    rate, p95 = TARGETS[name]
    got_p95 = percentile([1000 * t for t in everything], 95)
    ok = total / elapsed >= rate and (p95 is None or got_p95 < p95)
    wanted = f">= {rate} req/s" + (f", p95 < {p95} ms" if p95 else "")
    say(f"  target {wanted}: {'PASS' if ok else 'MISS'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="http://127.0.0.1:PORT (loopback only)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=50_000, help="per scenario")
    parser.add_argument("--key", help="a partner's API key, for the partner scenario")
    parser.add_argument("--only", nargs="*", help="scenario names to run")
    parser.add_argument("--gunicorn-pid", type=int, help="to read its workers' CPU time")
    parser.add_argument("--db", help="database name, to read its PostgreSQL sessions' CPU time")
    parser.add_argument(
        "--results",
        help="a Markdown file (bench/RESULTS.md) whose marked Load section gets this report",
    )
    parser.add_argument("--setup", default="", help="how the server runs, for --results")
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        parser.error("--base must be a loopback address")
    if not (1 <= args.clients <= 100 and 0 < args.seconds <= 300 and args.max_requests > 0):
        parser.error("bounds: 1-100 clients, at most 300 seconds")
    found = scenarios(args.base, args.key)
    meter = ServerCPU(args.gunicorn_pid, args.db)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    say(
        f"{args.clients} clients, {args.seconds:g} s per scenario, against {args.base}; "
        f"load average before: {' '.join(load)}"
    )
    results = []
    for name, (client, pages) in found.items():
        if args.only and name not in args.only:
            continue
        # A short warm-up (gunicorn workers' first requests, the public API's cache).
        run(args.base, client, [Page(p.name, p.path, p.headers) for p in pages], 3, 2, 200)
        before, own = meter.sample(), os.times()
        elapsed = run(args.base, client, pages, args.clients, args.seconds, args.max_requests)
        cpu = ServerCPU.used(before, meter.sample()) if args.gunicorn_pid else None
        if cpu is not None:
            now = os.times()
            cpu["load runner"] = now.user + now.system - own.user - own.system
        results.append(report(name, pages, elapsed, cpu))
    if args.results:
        write_results(args.results, started=started, setup=args.setup, load_before=load)
    return 0 if all(results) else 1


def write_results(path: str, *, started: str, setup: str, load_before: list[str]) -> None:
    """Put this run's report into the Load section of ``path`` (demo.bench_load), leaving the
    rest of the file (make bench's figures) as it is."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from demo.bench_load import load_section_markdown, load_section_replace

    with open("/proc/loadavg") as f:
        load_after = f.read().split()[:3]
    section = load_section_markdown(
        started=started,
        setup=setup or "the server under test",
        load_before=" / ".join(load_before),
        load_after=" / ".join(load_after),
        report="\n".join(REPORT),
    )
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        text = "# `make bench` results (DESIGN.md section 10, issue 14)\n"
    with open(path, "w") as f:
        f.write(load_section_replace(text, section))
    print(f"\nWritten to the Load section of {path}.")


if __name__ == "__main__":
    sys.exit(main())
