"""Crash runs that count: a real ``clearway serve`` killed with SIGKILL under lodging clients,
and (PostgreSQL) its database connections ended under them with ``pg_terminate_backend``.

Run from the repository root: ``python bench/crash.py --database-url URL [--requests 120]``
(a PostgreSQL or SQLite URL; a scratch database is made for each run and dropped afterwards).
Prints one JSON object per fault: requests sent, acknowledged, acknowledged before the fault,
retried, replayed, declarations stored, lost (target 0), duplicates (target 0), half-written
(target 0) and idempotency claims left in progress (target 0). Every retry sends the same
Idempotency-Key and body, as a client following the API's contract would.
"""

from __future__ import annotations

import argparse
import json
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from clearway.benchmarks.crash import CrashRun, kill_run, terminate_run
from clearway.benchmarks.scratch import bench_settings, is_postgresql, scratch_database
from clearway.benchmarks.seed import ADMIN, seed_district
from clearway.bootstrap import Platform, build
from clearway.identity.model import Role
from clearway.identity.services import create_user
from clearway.shared.clock import SystemClock

Run = Callable[[Platform, tuple[str, str], Path, int], CrashRun]


def _one(url: str, run: Run, requests: int) -> dict[str, object]:
    with scratch_database(url) as scratch, tempfile.TemporaryDirectory() as logs:
        platform = build(bench_settings(scratch.url), SystemClock(), scratch.engine)
        district = seed_district(platform)
        username, password = "crash-clerk", secrets.token_urlsafe(16)
        with platform.uow() as uow:
            create_user(
                uow,
                username,
                password,
                "Crash Clerk",
                Role.ENTERPRISE_USER,
                district.exporter_id,
                ADMIN,
                platform.clock,
            )
            uow.commit()
        return run(platform, (username, password), Path(logs), requests).as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=120)
    args = parser.parse_args()
    figures: dict[str, object] = {"kill_9": _one(args.database_url, kill_run, args.requests)}
    if is_postgresql(args.database_url):
        figures["pg_terminate_backend"] = _one(args.database_url, terminate_run, args.requests)
    figures["targets"] = {"lost": 0, "duplicates": 0, "half_written": 0, "stale_claims": 0}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
