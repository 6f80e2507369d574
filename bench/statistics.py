"""Statistics benchmark on PostgreSQL: dashboard queries over N declarations (default 1,000,000).

Run from the repository root: ``python bench/statistics.py [--n N] [--database-url URL]``. The
URL names a PostgreSQL server (default: ``CLEARWAY_BENCH_DATABASE_URL`` or the local server); a
scratch database ``clearway_bench_<random>`` is created there, migrated, filled with COPY, and
dropped at the end. Prints one JSON object: generation and read-model times, and p50/p95 per
dashboard query against the 200 ms target. Same as ``clearway bench statistics``.
"""

from __future__ import annotations

import argparse
import json
import os

from clearway.benchmarks.statistics import run

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
    parser.add_argument("--repetitions", type=int, default=25, help="Timed runs per query.")
    args = parser.parse_args(argv)
    return run(args.n, args.database_url, args.batch, args.repetitions)


if __name__ == "__main__":
    print(json.dumps(main(), indent=2, default=str))
