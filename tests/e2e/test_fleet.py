"""Three `clearway serve` processes on one PostgreSQL: each job run and each webhook once.

Real subprocesses, a real receiver on loopback that verifies every signature (the servers
unseal the secrets with the key from their environment), and one server killed with SIGKILL
mid-way: what it had claimed is taken over once its lease runs out, and nothing is lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clearway.benchmarks.fleet import run_fleet
from clearway.bootstrap import Platform
from tests.builders import seed_district

EVENTS = 300
CLAIM_BATCH = 10  # CLEARWAY_NOTIFY_CLAIM_BATCH of the fleet's servers


def test_three_servers_deliver_each_event_once_and_run_each_job_once_despite_a_kill(
    committed_platform: Platform, tmp_path: Path
) -> None:
    if committed_platform.engine.dialect.name != "postgresql":
        pytest.skip("several servers need PostgreSQL; SQLite's single writer serialises claims")
    district = seed_district(committed_platform)
    run = run_fleet(
        committed_platform, district.exporter_id, tmp_path, events=EVENTS, processes=3, seconds=45
    )
    logs = "\n".join(p.read_text()[-2000:] for p in sorted(tmp_path.glob("*.log")))
    assert run.killed == 1, logs
    assert (run.accepted, run.delivered, run.losses) == (EVENTS, EVENTS, 0), logs
    assert run.duplicates == 0
    # Only what the killed server had sent but not yet recorded can arrive a second time.
    assert run.resent_after_kill <= CLAIM_BATCH
    assert run.job_runs == run.jobs and run.job_duplicates == 0, logs
