"""Portal page benchmark on PostgreSQL: server time of the main pages over N declarations.

Run from the repository root: ``python bench/web_pages.py [--n N] [--database-url URL]``
(default N = 1,000,000 declarations with 3,000,000 items, the statistics benchmark's data).
The URL names a PostgreSQL server (default: ``CLEARWAY_BENCH_DATABASE_URL`` or the local
server); a scratch database is created there and dropped at the end. Prints one JSON object:
p50/p95 per page (home, declaration lists, detail, lane queue, statistics dashboard,
release-time page and each of its panels, inspection schedule) against the 300 ms target.
"""

from __future__ import annotations

import argparse
import json
import os

from clearway.benchmarks.web_pages import run

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default=os.environ.get("CLEARWAY_BENCH_DATABASE_URL", DEFAULT_URL)
    )
    parser.add_argument("--n", type=int, default=1_000_000, help="Declarations to generate.")
    parser.add_argument("--batch", type=int, default=20_000, help="Declarations per COPY.")
    parser.add_argument("--repetitions", type=int, default=30, help="Timed requests per page.")
    args = parser.parse_args(argv)
    return run(args.n, args.database_url, args.batch, args.repetitions)


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, default=str))
