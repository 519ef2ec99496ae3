"""Audit a hashed lock file for known vulnerabilities with pip-audit, or say plainly why not.

    .venv/bin/python scripts/audit_lock.py requirements/dev.txt
    .venv/bin/python scripts/audit_lock.py --service osv --osv-url URL requirements/dev.txt

pip-audit asks a vulnerability service about every locked release: PyPI's per-release JSON
API (``/pypi/NAME/VERSION/json``, the default) or OSV. It has no offline database (pypa/pip-audit
issue 698). Run without ``--strict``, a release the service does not answer for is only listed
as skipped and the run passes, which would be a silent pass; so the audit always runs
``--strict``, and first asks the service about one release that exists (pip-audit's own). When
the service does not answer, the audit is not run: a ``SKIPPED:`` line says so and why, and
the exit code is 0, unless HVERDAG_REQUIRE_AUDIT=true, where it is 1.

Exit codes: 0 audited clean (or skipped as above), 1 a known vulnerability, or the audit could
not run where it was required.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from importlib.metadata import version
from pathlib import Path

PYPI_RELEASE_JSON = "https://pypi.org/pypi/pip-audit/{version}/json"
OSV_URL = "https://api.osv.dev/v1/query"


def pypi_answers(timeout: float) -> str | None:
    """None if PyPI's per-release JSON API answers with vulnerability data, else why not."""
    url = PYPI_RELEASE_JSON.format(version=version("pip-audit"))
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = json.load(response)
    except urllib.error.HTTPError as exc:
        return f"{url} answered HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return f"{url} is not reachable ({exc})"
    if "vulnerabilities" not in body:
        return f"{url} answered without a 'vulnerabilities' field"
    return None


def osv_answers(url: str, timeout: float) -> str | None:
    """None if the OSV API at ``url`` answers a query, else why not."""
    query = {"package": {"name": "pip-audit", "ecosystem": "PyPI"}, "version": version("pip-audit")}
    request = urllib.request.Request(
        url, data=json.dumps(query).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            json.load(response)
    except urllib.error.HTTPError as exc:
        return f"{url} answered HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return f"{url} is not reachable ({exc})"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lock", type=Path, help="a pip-compile --generate-hashes lock file")
    parser.add_argument("--service", choices=("pypi", "osv"), default="pypi")
    parser.add_argument("--osv-url", default=OSV_URL)
    parser.add_argument("--timeout", type=float, default=15.0)
    args = parser.parse_args(argv)

    if args.service == "pypi":
        why_not = pypi_answers(args.timeout)
        where = "PyPI's per-release JSON API"
    else:
        why_not = osv_answers(args.osv_url, args.timeout)
        where = f"OSV at {args.osv_url}"
    if why_not is not None:
        required = os.environ.get("HVERDAG_REQUIRE_AUDIT") == "true"
        print(
            f"{'FAIL' if required else 'SKIPPED'}: pip-audit of {args.lock} — the vulnerability "
            f"service ({where}) does not answer: {why_not}. The locked packages were NOT "
            "checked for known vulnerabilities"
            + (" (HVERDAG_REQUIRE_AUDIT=true)." if required else "."),
            file=sys.stderr if required else sys.stdout,
            flush=True,
        )
        return 1 if required else 0

    command = [
        str(Path(sys.executable).parent / "pip-audit"),
        "--strict",  # a release the service cannot answer for fails the audit
        "--require-hashes",
        "--disable-pip",  # the lock is complete and hashed: nothing to resolve
        "--progress-spinner=off",
        f"--vulnerability-service={args.service}",
        "--requirement",
        str(args.lock),
    ]
    if args.service == "osv":
        command.append(f"--osv-url={args.osv_url}")
    print(f"pip-audit of {args.lock} against {where}", flush=True)
    return subprocess.run(command, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
