"""Test databases: SQLite always, PostgreSQL when CLEARWAY_TEST_DATABASE_URL is set.

Every backend is migrated through the real Alembic migrations once per session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from clearway.arrivals.lane_release import lane_release_for
from clearway.bootstrap import Platform, build, schema, start_mappers
from clearway.config import Settings
from clearway.dangerous_goods.model import Check
from clearway.dangerous_goods.services import SubmissionCheck
from clearway.declarations.submission import Submission
from clearway.enterprises.model import CreditLevel
from clearway.persistence.db import make_engine
from clearway.persistence.migrate import upgrade
from clearway.risk.scoring import NullScorer, Scorer
from clearway.risk.screening import Screener
from clearway.shared.clock import FixedClock
from tests.builders import NOW

BACKENDS = ["sqlite", "postgresql"]


def _postgres_url() -> str | None:
    return os.environ.get("CLEARWAY_TEST_DATABASE_URL") or None


@pytest.fixture(scope="session", params=BACKENDS)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A migrated, empty database per backend for the whole test session."""
    start_mappers()
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("db") / "clearway.db"
        eng = make_engine(f"sqlite:///{path}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL tests skipped: set CLEARWAY_TEST_DATABASE_URL to run them")
    name = f"clearway_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = make_engine(
        make_url(base).set(database=name).render_as_string(hide_password=False), pool_size=40
    )
    try:
        upgrade(eng)
        yield eng
    finally:
        eng.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


# The tests' district: no model artefacts (every score 0), and officers accept and route
# submitted declarations themselves, as the tests spell out; screening still runs and is
# stored at every submission. The lithium-battery checks are off, so the plain battery lines
# of the builders submit; the dangerous-goods tests turn them back on (``DG_CHECKS_DEFAULT``).
CHECKS_OFF = {check.value: "off" for check in Check}
TEST_SETTINGS: dict[str, object] = {
    "auto_accept": False,
    "auto_release_green": False,
    "auto_release_blue": False,
    "dg_checks": CHECKS_OFF,
    "model_dir": Path(__file__).parent / "fixtures" / "no-models",
    "reference_cache_seconds": 0,
    # The shared test district's officers predate offices and work at both ports; the office
    # tenancy tests (tests/e2e/test_offices.py) turn this back to the default.
    "unassigned_officers_district_wide": True,
}
# A Fernet key of the tests' own (a development default is refused outside development).
TEST_ENCRYPTION_KEY = "Y2xlYXJ3YXktdGVzdHMtZW5jcnlwdGlvbi1rZXktMzI="
DG_CHECKS_DEFAULT = Settings.model_fields["dg_checks"].get_default(call_default_factory=True)


def settings_for(engine: Engine, **overrides: object) -> Settings:
    return Settings(
        env="test",
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key="test-secret-" + "x" * 32,
        secret_encryption_key=TEST_ENCRYPTION_KEY,
        **(TEST_SETTINGS | overrides),
    )  # type: ignore[arg-type]


def platform_for(engine: Engine, **overrides: object) -> Platform:
    """The platform as production builds it (``bootstrap.build``), on the test's settings."""
    return build(settings_for(engine, **overrides), clock=FixedClock(NOW), engine=engine)


# No random picks and no top-up: the lane is exactly what rules and lane floors ask for.
QUIET = {
    "risk_random_quota": {"*": {}},
    "risk_lane_rates": {level.value: {} for level in CreditLevel}
    | {"dishonest": {"red": 0.8}, "seriously_dishonest": {"red": 0.8}},
}


def rewired(platform: Platform, scorer: Scorer | None = None, **settings: object) -> Platform:
    """The platform on changed settings with the submission they give, screening with
    ``scorer`` (every score 0 by default) and, unless told otherwise, accepting and routing
    at once as a district's default settings do."""
    config = settings_for(platform.engine, **({"auto_accept": True} | settings))
    screener = Screener(config, scorer or NullScorer())
    release = lane_release_for(config)
    submission = Submission(SubmissionCheck.from_settings(config), screener, release)
    return replace(platform, settings=config, submission=submission)


@pytest.fixture()
def platform(engine: Engine) -> Iterator[Platform]:
    """A platform whose every commit lands in a savepoint; the test's work is rolled back."""
    connection = engine.connect()
    outer = connection.begin()
    built = platform_for(engine)
    built.sessions.configure(bind=connection, join_transaction_mode="create_savepoint")
    yield built
    outer.rollback()
    connection.close()


@pytest.fixture()
def committed_platform(engine: Engine) -> Iterator[Platform]:
    """A platform that really commits (for concurrency and HTTP tests); emptied afterwards."""
    yield platform_for(engine)
    with engine.begin() as conn:
        for table in reversed(schema().sorted_tables):
            conn.execute(table.delete())


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared benchmark data beside the repository, or a clean skip when absent."""
    path = Path(__file__).resolve().parents[1].parent / "shared" / "data"
    if not path.is_dir():
        pytest.skip("../shared/data not present: benchmark data tests skipped")
    return path
