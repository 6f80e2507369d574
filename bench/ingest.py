"""Ingest benchmark: service layer vs raw driver vs batch vs COPY, in one run.

Run from the repository root: ``python bench/ingest.py [--n 20000] [--database-url URL]``.
The URL names a server (PostgreSQL) or a folder (SQLite file URL); the benchmark works in a
scratch database it creates there and drops afterwards. Prints one JSON object on stdout and a
progress bar on stderr. Same figures as ``clearway bench ingest``.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from clearway.benchmarks.ingest import run

LOCAL_POSTGRESQL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Parse the options and run the benchmark; returns the figures it printed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20000, help="declarations per path")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CLEARWAY_BENCH_DATABASE_URL", LOCAL_POSTGRESQL),
        help="server (or SQLite folder) for the scratch database; "
        "default $CLEARWAY_BENCH_DATABASE_URL or the local PostgreSQL",
    )
    parser.add_argument("--batch", type=int, default=500, help="declarations per transaction")
    parser.add_argument("--table", action="store_true", help="print a table instead of JSON")
    args = parser.parse_args(argv)
    if args.n < 10 or args.batch < 1:
        parser.error("--n must be at least 10 and --batch at least 1")
    figures: dict[str, Any] = run(
        n=args.n, database_url=args.database_url, batch=args.batch, as_json=not args.table
    )
    return figures


if __name__ == "__main__":
    main()
