"""Several servers on one PostgreSQL: the three-process job/outbox run, with and without kill -9.

Run from the repository root: ``python bench/fleet.py --database-url postgresql+psycopg://…
[--events 300] [--processes 3]``. A scratch database is created on that server for each run and
dropped afterwards (the database the URL names is never written to). Each run starts real
``clearway serve`` processes sharing the database, commits ``--events`` webhook deliveries to a
receiver on loopback and counts, as one JSON object: events accepted, losses (target 0),
duplicates (target 0), deliveries re-sent after the kill (what the killed server had sent but
not recorded, at most one claim batch), and scheduled job runs against jobs (duplicates 0).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from clearway.benchmarks.fleet import run_fleet
from clearway.benchmarks.scratch import bench_settings, is_postgresql, scratch_database
from clearway.benchmarks.seed import seed_district
from clearway.bootstrap import build
from clearway.shared.clock import SystemClock


def _one(url: str, events: int, processes: int, kill: bool) -> dict[str, object]:
    with scratch_database(url) as scratch, tempfile.TemporaryDirectory() as logs:
        platform = build(bench_settings(scratch.url), SystemClock(), scratch.engine)
        district = seed_district(platform)
        run = run_fleet(
            platform,
            district.exporter_id,
            Path(logs),
            events=events,
            processes=processes,
            kill=kill,
        )
        return run.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True, help="a PostgreSQL server to use")
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--processes", type=int, default=3)
    args = parser.parse_args()
    if not is_postgresql(args.database_url):
        parser.error("several servers share a PostgreSQL database; SQLite allows one writer")
    print(
        json.dumps(
            {
                "three_process": _one(args.database_url, args.events, args.processes, False),
                "kill_9": _one(args.database_url, args.events, args.processes, True),
                "targets": {"losses": 0, "duplicates": 0, "job_duplicates": 0},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
