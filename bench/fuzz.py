"""Fuzz benchmark: schemathesis over the OpenAPI document as each role, counting 5xx answers.

Run from the repository root: ``python bench/fuzz.py [--examples 25] [--database-url URL]
[--role admin ...] [--only /declarations]``. Builds a scratch database (SQLite by default;
dropped afterwards), seeds the benchmark district (an exporter) plus a customs broker, creates
one real user per role, serves the real app with uvicorn on 127.0.0.1 and sends every operation
``--examples`` generated requests (valid and deliberately wrong) per role. Prints one JSON
object per role: cases run, 5xx found (target 0), answers by status class and, for each
failing operation, a curl command that reproduces one failure. Generation is derandomized,
so a run repeats itself.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import httpx

from clearway.api.app import create_app
from clearway.benchmarks.fuzz import fuzz_role
from clearway.benchmarks.scratch import bench_settings, scratch_database
from clearway.benchmarks.seed import ADMIN, register_enterprise, seed_district
from clearway.benchmarks.server import served_in_thread
from clearway.bootstrap import Platform, build
from clearway.enterprises.model import EnterpriseRole
from clearway.identity.model import Role
from clearway.identity.services import actor_of, create_user
from clearway.identity.tokens import issue_token

ROLES = ("exporter", "broker", "risk", "inspector", "liaison", "admin")
PASSWORD = "bench-fuzz-pw"


def _tokens(platform: Platform, exporter_id: int) -> dict[str, str]:
    """A real user per role and a bearer token for each."""
    broker = register_enterprise(
        platform,
        "91150600BENCH0002",
        "1506900002",
        "霍尔果斯基准报关有限公司",
        EnterpriseRole.BROKER,
    )
    roles = {
        "exporter": (Role.ENTERPRISE_USER, exporter_id),
        "broker": (Role.BROKER_USER, broker),
        "risk": (Role.RISK_OFFICER, None),
        "inspector": (Role.INSPECTION_OFFICER, None),
        "liaison": (Role.LIAISON_OFFICER, None),
        "admin": (Role.ADMINISTRATOR, None),
    }
    tokens = {}
    for name, (role, enterprise) in roles.items():
        with platform.uow() as uow:
            user = create_user(uow, name, PASSWORD, name, role, enterprise, ADMIN, platform.clock)
            actor = actor_of(user)
        tokens[name] = issue_token(actor, platform.settings.secret_key, 600, datetime.now(UTC))
    return tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25, help="cases per operation and role")
    parser.add_argument("--database-url", default=None, help="SQLite file or PostgreSQL server")
    parser.add_argument("--role", action="append", choices=ROLES, help="repeatable; all if none")
    parser.add_argument("--only", default=None, help="only operations whose path contains this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_dir:
        url = args.database_url or f"sqlite:///{Path(scratch_dir) / 'fuzz.db'}"
        with scratch_database(url) as scratch:
            platform = build(bench_settings(scratch.url), engine=scratch.engine)
            district = seed_district(platform)
            tokens = _tokens(platform, district.exporter_id)
            with served_in_thread(create_app(platform), log_level="critical") as base_url:
                openapi = httpx.get(f"{base_url}/openapi.json", timeout=60).json()
                for role in args.role or ROLES:
                    report = fuzz_role(
                        openapi, base_url, role, tokens[role], args.examples, args.only
                    )
                    figures = {"database": scratch.dialect, "examples": args.examples}
                    print(json.dumps(figures | report.as_dict(), ensure_ascii=False), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
