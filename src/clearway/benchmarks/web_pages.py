"""Portal page benchmark: server time of the main pages over the statistics benchmark's district.

A scratch PostgreSQL database gets N generated declarations (three items each, full timelines:
the statistics benchmark's generator and traders), the read models derived and the tables
analysed; then one inspection site with a day of slots and four users (a trader's user, a risk
officer, an inspection officer, an administrator). The portal app runs in process behind
Starlette's test client, signed in through the sign-in form like a browser; each page is
requested a few times to warm up, then timed ``repetitions`` times (the detail page on a
different declaration each time). The release-time page reads no figures itself; each of its
panels (summary, the default breakdowns, comparison, curve, outliers) is a fragment htmx loads
after it, timed here as a page of its own. Prints p50/p95 per page against the 300 ms target.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from clearway.api.app import create_app
from clearway.benchmarks import statistics_data as data
from clearway.benchmarks.scratch import bench_settings, describe, is_postgresql, scratch_database
from clearway.benchmarks.seed import ADMIN, seed_district
from clearway.benchmarks.statistics import _seed_traders as seed_traders
from clearway.bootstrap import Platform, build
from clearway.declarations.tables import declarations
from clearway.identity.model import Role
from clearway.identity.services import create_user
from clearway.inspection import slots
from clearway.inspection.commands import SiteInput, SlotInput
from clearway.inspection.model import SiteKind
from clearway.shared.clock import FixedClock
from clearway.statistics import facts, trs

TARGET_P95_MS = 300.0
WARMUP = 3
PASSWORD = "bench-portal-password"
SITE = "BENCH-RY"
# The business day the portal is asked about: the last generated quarter.
TODAY = datetime(2024, 12, 20, 2, 0, tzinfo=UTC)
USERS = (
    ("trader", Role.ENTERPRISE_USER),
    ("risk", Role.RISK_OFFICER),
    ("inspector", Role.INSPECTION_OFFICER),
    ("admin", Role.ADMINISTRATOR),
)
Page = Callable[[random.Random], str]


def _users(platform: Platform, trader_id: int) -> None:
    for username, role in USERS:
        with platform.uow() as uow:
            enterprise = trader_id if role is Role.ENTERPRISE_USER else None
            create_user(uow, username, PASSWORD, username, role, enterprise, ADMIN, platform.clock)


def _site_day(platform: Platform) -> None:
    """One rail yard with a day of hourly slots, for the inspection schedule."""
    with platform.uow() as uow:
        slots.add_site(
            uow,
            SiteInput(code=SITE, office_code="7909", name="Bench yard", kind=SiteKind.RAIL_YARD),
            ADMIN,
            platform.clock,
        )
    for hour in range(8):
        start = TODAY + timedelta(hours=hour + 1)
        with platform.uow() as uow:
            slots.open_slot(
                uow,
                SITE,
                SlotInput(starts_at=start, ends_at=start + timedelta(hours=1), capacity=4),
                ADMIN,
                platform.clock,
            )


def signed_in(client: TestClient, username: str) -> TestClient:
    page = client.get("/sign-in")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "the sign-in page carries no CSRF token"
    answer = client.post(
        "/sign-in",
        data={"username": username, "password": PASSWORD, "csrf_token": found.group(1)},
        follow_redirects=False,
    )
    if answer.status_code != 303:
        raise RuntimeError(f"{username} could not sign in: {answer.status_code}")
    return client


RELEASE = "/statistics/release-time"
RELEASE_PANELS = {
    "summary": "summary",
    "by_lane": "by/lane",
    "by_arrival": "by/arrival",
    "curve": "curve",
    "outliers": "outliers",
}
# The comparison the ports quote: the same quarter before the measures and after.
_COMPARED = "before_from=2019-10-01&before_to=2019-12-31&after_from=2024-10-01&after_to=2024-12-31"


def _panel(path: str) -> Page:
    return lambda rng: path


def pages(numbers: list[str]) -> dict[str, tuple[str, Page]]:
    """Page name → (who asks, the path to ask for)."""
    quarter = "from=2024-10-01&to=2024-12-31"
    return {
        "home": ("trader", lambda rng: "/"),
        "my_declarations": ("trader", lambda rng: "/declarations"),
        "declarations_customs": ("risk", lambda rng: "/declarations"),
        "declaration_detail": ("risk", lambda rng: f"/declarations/{rng.choice(numbers)}"),
        "lane_queue": ("risk", lambda rng: "/risk/queue"),
        "statistics_dashboard": ("risk", lambda rng: "/statistics/trade"),
        "statistics_filtered": (
            "risk",
            lambda rng: f"/statistics/trade?period=month&flow=import&office=7909&{quarter}",
        ),
        "release_time": ("risk", lambda rng: f"{RELEASE}?{quarter}"),
        # Its panels, which htmx loads as soon as the page is shown (the default breakdowns),
        # each asked for by its link: the panel in the layout, a little more than htmx gets.
        **{
            f"release_time_{name}": ("risk", _panel(f"{RELEASE}/{path}?{quarter}"))
            for name, path in RELEASE_PANELS.items()
        },
        "release_time_comparison": (
            "risk",
            _panel(f"{RELEASE}/comparison?{quarter}&{_COMPARED}"),
        ),
        "inspection_schedule": ("inspector", lambda rng: "/inspection/schedule"),
    }


def _time(client: TestClient, page: Page, repetitions: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    laps = []
    for n in range(WARMUP + repetitions):
        path = page(rng)
        tick = time.perf_counter()
        answer = client.get(path)
        elapsed = (time.perf_counter() - tick) * 1000.0
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
        if n >= WARMUP:
            laps.append(elapsed)
    ordered = sorted(laps)
    p95 = trs.quantile(ordered, 0.95)
    return {
        "repetitions": repetitions,
        "p50_ms": round(trs.quantile(ordered, 0.5), 1),
        "p95_ms": round(p95, 1),
        "max_ms": round(ordered[-1], 1),
        "meets_target": p95 < TARGET_P95_MS,
    }


def run(n: int, database_url: str, batch: int = 20_000, repetitions: int = 30) -> dict[str, Any]:
    """Generate the district, sign in, time every page; return the figures."""
    if not is_postgresql(database_url):
        raise SystemExit("the page benchmark measures PostgreSQL: give a postgresql URL")
    load_at_start = round(os.getloadavg()[0], 2)
    with scratch_database(database_url) as scratch:
        platform = build(bench_settings(scratch.url), FixedClock(TODAY), engine=scratch.engine)
        seed_district(platform)
        seed_traders(scratch.engine)
        tick = time.perf_counter()
        with psycopg.connect(scratch.driver_target) as conn:
            counts = data.write(conn, n, batch, lambda _: None)
        with scratch.engine.begin() as conn:
            facts.rebuild(conn)
        with scratch.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        prepared_s = time.perf_counter() - tick
        with platform.sessions() as session:
            d = declarations.c
            trader_id, numbers = None, []
            for trader, number in session.execute(
                select(d.trader_id, d.number).order_by(d.id.desc()).limit(200)
            ):
                trader_id = trader_id or trader
                numbers.append(number)
        _users(platform, int(trader_id or 1001))
        _site_day(platform)
        clients = {who: signed_in(TestClient(create_app(platform)), who) for who, _ in USERS}
        timings = {
            name: _time(clients[who], page, repetitions, seed)
            for seed, (name, (who, page)) in enumerate(pages(numbers).items())
        }
        for client in clients.values():
            client.close()
        database = describe(scratch)
    return {
        "benchmark": "web_pages",
        "database": database,
        "host": {"cpus": os.cpu_count(), "load_average_1m_at_start": load_at_start},
        "n": n,
        "generated": {
            "declarations": counts.declarations,
            "items": counts.items,
            "events": counts.events,
            "prepare_seconds": round(prepared_s, 1),
        },
        "target_p95_ms": TARGET_P95_MS,
        "pages": timings,
        "all_meet_target": all(t["meets_target"] for t in timings.values()),
    }
