"""scripts/audit_lock.py fails on a known vulnerability and never passes silently.

The real services are not reachable from every machine, so these tests run pip-audit, with
the flags `make test` uses, against a stand-in OSV API on the loopback address.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "audit_lock.py"
FAKE_HASH = "--hash=sha256:" + "0" * 64

VULN = {
    "id": "PYSEC-0000-TEST",
    "summary": "A stand-in vulnerability",
    "details": "Only the test's OSV server knows it.",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "4.2.1"}]}],
        }
    ],
}


class FakeOsv(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        package, release = query["package"]["name"].lower(), query.get("version")
        body = {"vulns": [VULN]} if (package, release) == ("django", "4.2.0") else {}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def osv_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    server.shutdown()
    server.server_close()


def audit(lock: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, str(lock)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def lock_file(tmp_path: Path, *pins: str) -> Path:
    path = tmp_path / "lock.txt"
    path.write_text("".join(f"{pin} \\\n    {FAKE_HASH}\n" for pin in pins))
    return path


def test_a_known_vulnerability_fails_the_audit(tmp_path: Path, osv_url: str) -> None:
    lock = lock_file(tmp_path, "django==4.2.0", "polib==1.2.0")
    result = audit(lock, "--service", "osv", "--osv-url", osv_url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "PYSEC-0000-TEST" in result.stdout


def test_a_clean_lock_passes_the_audit(tmp_path: Path, osv_url: str) -> None:
    lock = lock_file(tmp_path, "django==4.2.1", "polib==1.2.0")
    result = audit(lock, "--service", "osv", "--osv-url", osv_url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No known vulnerabilities found" in result.stdout + result.stderr


def test_an_unreachable_service_is_a_visible_skip_or_a_failure_when_required(
    tmp_path: Path,
) -> None:
    lock = lock_file(tmp_path, "django==4.2.0")
    # Port 9 (discard) on the loopback address: nothing answers there.
    dead = ("--service", "osv", "--osv-url", "http://127.0.0.1:9/v1/query", "--timeout", "2")
    skipped = audit(lock, *dead)
    assert skipped.returncode == 0
    assert skipped.stdout.startswith("SKIPPED: pip-audit of")
    assert "NOT checked for known vulnerabilities" in skipped.stdout
    required = subprocess.run(
        [sys.executable, str(SCRIPT), *dead, str(lock)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"HVERDAG_REQUIRE_AUDIT": "true", "PATH": "/usr/bin:/bin"},
    )
    assert required.returncode == 1
    assert required.stderr.startswith("FAIL: pip-audit of")
