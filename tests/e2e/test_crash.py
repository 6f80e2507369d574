"""Crash tests that count: a real `clearway serve` killed with SIGKILL while clients lodge, and
(PostgreSQL) its database connections ended under them; every retry sends the same
Idempotency-Key. Nothing acknowledged or sent is lost, nothing is stored twice or half, no
claim is left in progress. Kept short for CI; ``bench/crash.py`` runs longer and prints figures.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearway.benchmarks.crash import kill_run, terminate_run
from clearway.bootstrap import Platform
from clearway.identity.model import Role
from tests.builders import PASSWORD, real_user, seed_district

REQUESTS = 24


def _lodging_clerk(platform: Platform) -> tuple[str, str]:
    district = seed_district(platform)
    real_user(platform, "crash-clerk", Role.ENTERPRISE_USER, district.exporter_id)
    return "crash-clerk", PASSWORD


def test_a_server_killed_under_load_loses_and_repeats_nothing_once_retried(
    committed_platform: Platform, tmp_path: Path
) -> None:
    run = kill_run(committed_platform, _lodging_clerk(committed_platform), tmp_path, REQUESTS)
    logs = "\n".join(p.read_text()[-2000:] for p in sorted(tmp_path.glob("*.log")))
    assert run.acknowledged_before_fault < run.sent, logs  # the kill came under load
    assert (run.acknowledged, run.stored) == (run.sent, run.sent), run
    assert (run.lost, run.duplicates, run.half_written, run.stale_claims) == (0, 0, 0, 0), run


def test_connections_ended_under_load_answer_success_or_503_and_retries_succeed(
    committed_platform: Platform, tmp_path: Path
) -> None:
    if committed_platform.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connections to end")
    run = terminate_run(committed_platform, _lodging_clerk(committed_platform), tmp_path, REQUESTS)
    assert set(run.answers) <= {"200", "201", "503"}, run
    assert (run.acknowledged, run.stored) == (REQUESTS, REQUESTS), run
    assert (run.lost, run.duplicates, run.half_written, run.stale_claims) == (0, 0, 0, 0), run
