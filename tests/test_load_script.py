"""scripts/load.py (make load) only loads a loopback server, within bounds."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "load.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=60
    )


def test_it_refuses_anything_but_a_loopback_address():
    result = _run("--base", "http://192.0.2.10:8000")
    assert result.returncode == 2
    assert "--base must be a loopback address" in result.stderr


def test_it_refuses_an_unbounded_run():
    for args in (["--clients", "1000"], ["--seconds", "3600"], ["--max-requests", "0"]):
        result = _run("--base", "http://127.0.0.1:9", *args)
        assert result.returncode == 2, args
        assert "bounds:" in result.stderr
