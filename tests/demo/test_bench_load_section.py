"""The Load section of bench/RESULTS.md (issue 15: the load run in make bench): make
bench-load writes its report between two markers below the title, a new run replaces only that
section, and make bench keeps it when it rewrites the file, which still ends with the ratio."""

import importlib.util
import sys
from pathlib import Path

from demo.bench_load import END, START, load_section, load_section_keep, load_section_replace

BENCH = "# `make bench` results\n\n| table |\n\nsnapshot-job/sql-floor ratio: 9.87\n"


def _section(report: str) -> str:
    return f"{START}\n## Load\n\n```text\n{report}\n```\n{END}\n"


def test_the_first_run_goes_below_the_title_and_the_ratio_stays_last():
    text = load_section_replace(BENCH, _section("sergeant: 51.0 req/s"))
    lines = text.rstrip("\n").splitlines()
    assert lines[0] == "# `make bench` results"
    assert lines[2] == START
    assert "sergeant: 51.0 req/s" in text
    assert lines[-1] == "snapshot-job/sql-floor ratio: 9.87"
    assert "| table |" in text


def test_a_new_run_replaces_only_the_section():
    first = load_section_replace(BENCH, _section("sergeant: 51.0 req/s"))
    second = load_section_replace(first, _section("sergeant: 62.5 req/s"))
    assert "51.0" not in second and "62.5" in second
    assert second.count(START) == 1 and second.count(END) == 1
    assert second == first.replace("51.0", "62.5")


def test_make_bench_keeps_the_last_load_run():
    with_load = load_section_replace(BENCH, _section("public: 700 req/s"))
    rewritten = BENCH.replace("9.87", "8.76")  # what a new make bench run writes
    kept = load_section_keep(with_load, rewritten)
    assert load_section(kept) == _section("public: 700 req/s")
    assert kept.rstrip("\n").splitlines()[-1] == "snapshot-job/sql-floor ratio: 8.76"
    assert load_section_keep(None, rewritten) == rewritten  # no earlier file
    assert load_section_keep(BENCH, rewritten) == rewritten  # no earlier load run


def test_load_py_writes_its_report_into_the_file(tmp_path, monkeypatch):
    script = Path(__file__).resolve().parents[2] / "scripts" / "load.py"
    spec = importlib.util.spec_from_file_location("load_script", script)
    load = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "load_script", load)  # for its dataclasses
    spec.loader.exec_module(load)
    results = tmp_path / "RESULTS.md"
    results.write_text(BENCH)
    load.say("\nsergeant: 1000 requests in 20.0 s = 50.0 req/s")
    load.write_results(
        str(results), started="2026-11-30T06:00:00+0000", setup="gunicorn 3", load_before=["1.0"]
    )
    text = results.read_text()
    assert "sergeant: 1000 requests in 20.0 s = 50.0 req/s" in text
    assert "- gunicorn 3" in text and "- Date: 2026-11-30T06:00:00+0000" in text
    assert text.rstrip("\n").splitlines()[-1] == "snapshot-job/sql-floor ratio: 9.87"
