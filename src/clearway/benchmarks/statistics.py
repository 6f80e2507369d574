"""Statistics benchmark: every dashboard query over a district of N declarations, on PostgreSQL.

A scratch database gets N declarations of three items with their full timelines (COPY, see
``statistics_data.py``), the read models are derived from them with the same SQL the session
listener runs (``facts.rebuild``), and then each dashboard query (trade by month, HS chapter,
country, enterprise, credit level and facilitation mode; release-time summary, breakdowns,
comparison, curve and outliers) runs with varying realistic filters, a few warm-up calls, then
timed repetitions. The filters: an office and its flow, and a year for the monthly trade views
(read from ``trade_monthly``), a quarter for the item-level ones (HS chapter, partner country:
read from ``trade_monthly_items``), the top enterprises and the release-time study (a TRS looks
at weeks, a quarter at most; the comparison sets the same quarter of 2019 against 2024); an
enterprise user's year for the tenancy path. Prints p50/p95 per query against the 200 ms
target, and the generation times.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from clearway.benchmarks import statistics_data as data
from clearway.benchmarks.scratch import bench_settings, describe, is_postgresql, scratch_database
from clearway.benchmarks.seed import HORGOS, ORDOS, seed_district
from clearway.bootstrap import build
from clearway.declarations.model import Flow
from clearway.identity.model import Actor, Role
from clearway.statistics import commands, facts, release_analysis, release_time, trade, trs
from clearway.statistics.commands import ReleaseDimension, ReleaseQuery, TradeSort
from clearway.statistics.tables import release_facts, trade_facts

TARGET_P95_MS = 200.0
WARMUP = 3
CUSTOMS = Actor(user_id=None, username="bench-analyst", role=Role.RISK_OFFICER)
YEARS = range(data.FIRST_DAY.year, data.LAST_DAY.year + 1)
Query = Callable[[Session, random.Random], Any]


def _year(rng: random.Random) -> tuple[date, date]:
    y = rng.choice(YEARS)
    return date(y, 1, 1), date(y, 12, 31)


def _quarter(rng: random.Random) -> tuple[date, date]:
    y, q = rng.choice(YEARS), rng.randint(1, 4)
    end = date(y, 12, 31) if q == 4 else date(y, 3 * q + 1, 1) - timedelta(days=1)
    return date(y, 3 * q - 2, 1), end


def _office_flow(rng: random.Random) -> dict[str, Any]:
    flow = rng.choice((Flow.IMPORT, Flow.EXPORT))
    return {"flow": flow, "office_code": HORGOS if flow is Flow.IMPORT else ORDOS}


def _trade(group_by: str, period: Callable[[random.Random], tuple[date, date]], **kw: Any) -> Query:
    def run(session: Session, rng: random.Random) -> Any:
        start, end = period(rng)
        scope = commands.scope(date_from=start, date_to=end, **_office_flow(rng))
        return trade.trade(session, CUSTOMS, commands.trade_query(scope, group_by, **kw))

    return run


def _release(
    call: Callable[[Session, ReleaseQuery], Any], period: Callable[..., tuple[date, date]]
) -> Query:
    def run(session: Session, rng: random.Random) -> Any:
        start, end = period(rng)
        scope = commands.scope(date_from=start, date_to=end, **_office_flow(rng))
        return call(session, ReleaseQuery(scope))

    return run


def _enterprise_view(session: Session, rng: random.Random) -> Any:
    trader = 1001 + rng.randrange(20)
    actor = Actor(user_id=None, username="trader", role=Role.ENTERPRISE_USER, enterprise_id=trader)
    start, end = _year(rng)
    query = commands.trade_query(commands.scope(date_from=start, date_to=end), "month")
    return trade.trade(session, actor, query)


def _compare(session: Session, q: ReleaseQuery) -> Any:
    """The same quarter before the measures (2019) and after (2024)."""
    start, end = q.scope.date_from, q.scope.date_to
    assert start is not None and end is not None
    before = (start.replace(year=2019), end.replace(year=2019))
    after = (start.replace(year=2024), end.replace(year=2024))
    return release_analysis.compare(session, CUSTOMS, q, before, after)


def _breakdown(dimension: ReleaseDimension) -> Callable[[Session, ReleaseQuery], Any]:
    return lambda s, q: release_time.breakdown(s, CUSTOMS, q, dimension)


QUERIES: dict[str, Query] = {
    "trade_by_month": _trade("month", _year),
    "trade_by_hs_chapter": _trade("hs_chapter", _quarter),
    "trade_by_country": _trade("partner_country", _quarter),
    "trade_by_enterprise_top20": _trade("enterprise", _quarter, sort=TradeSort.VALUE, limit=20),
    "trade_by_credit_level": _trade("credit_level", _year),
    "trade_by_facilitation_mode": _trade("facilitation_mode", _year),
    "trade_enterprise_user_by_month": _enterprise_view,
    # A Time Release Study looks at a study period of weeks, a quarter at most.
    "release_summary": _release(lambda s, q: release_time.summary(s, CUSTOMS, q), _quarter),
    **{
        f"release_breakdown_{d.value}": _release(_breakdown(d), _quarter)
        for d in ReleaseDimension
        if d not in (ReleaseDimension.OFFICE, ReleaseDimension.FLOW)
    },
    "release_compare_2019_2024": _release(_compare, _quarter),
    "release_curve": _release(lambda s, q: release_analysis.curve(s, CUSTOMS, q), _quarter),
    "release_outliers": _release(lambda s, q: release_analysis.outliers(s, CUSTOMS, q), _quarter),
}


def _seed_traders(engine: Any) -> None:
    enterprises, records = data.enterprise_rows(datetime(2018, 1, 1, tzinfo=UTC))
    with engine.begin() as conn:
        raw = conn.connection.driver_connection
        with raw.cursor() as cur:
            cur.executemany(
                "INSERT INTO enterprises (id, uscc, customs_code, name, name_en, roles, address,"
                " created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                enterprises,
            )
            cur.executemany(
                "INSERT INTO credit_records (enterprise_id, level, effective_from, effective_to,"
                " decree, reason, recorded_at, recorded_by)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                records,
            )
            # The 2019 USD rate (yearly average), so every year reads in USD.
            cur.execute(
                "INSERT INTO exchange_rates (currency, valid_from, cny_per_unit)"
                " VALUES ('USD', '2019-01-01', 6.8985)"
            )


def _time(session_factory: Any, query: Query, repetitions: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    laps = []
    for n in range(WARMUP + repetitions):
        with session_factory() as session:
            tick = time.perf_counter()
            query(session, rng)
            elapsed = (time.perf_counter() - tick) * 1000.0
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


def run(n: int, database_url: str, batch: int = 20_000, repetitions: int = 25) -> dict[str, Any]:
    """Generate, derive, time; return the figures (the caller prints them)."""
    if not is_postgresql(database_url):
        raise SystemExit("the statistics benchmark measures PostgreSQL: give a postgresql URL")
    load_at_start = round(os.getloadavg()[0], 2)
    with scratch_database(database_url) as scratch:
        platform = build(bench_settings(scratch.url), engine=scratch.engine)
        seed_district(platform)
        _seed_traders(scratch.engine)
        tick = time.perf_counter()
        with psycopg.connect(scratch.driver_target) as conn:
            counts = data.write(conn, n, batch, lambda _: None)
        generated_s = time.perf_counter() - tick
        tick = time.perf_counter()
        with scratch.engine.begin() as conn:
            facts.rebuild(conn)
        derived_s = time.perf_counter() - tick
        tick = time.perf_counter()
        with scratch.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
        vacuum_s = time.perf_counter() - tick
        with platform.sessions() as session:
            rows = {
                t.name: session.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (release_facts, trade_facts)
            }
        timings = {
            name: _time(platform.sessions, query, repetitions, seed)
            for seed, (name, query) in enumerate(QUERIES.items())
        }
        database = describe(scratch)
    return {
        "benchmark": "statistics",
        "database": database,
        "host": {"cpus": os.cpu_count(), "load_average_1m_at_start": load_at_start},
        "n": n,
        "generated": {
            "declarations": counts.declarations,
            "items": counts.items,
            "events": counts.events,
            "copy_seconds": round(generated_s, 1),
            "read_models_seconds": round(derived_s, 1),
            "vacuum_analyze_seconds": round(vacuum_s, 1),
            "read_model_rows": rows,
        },
        "target_p95_ms": TARGET_P95_MS,
        "queries": timings,
        "all_meet_target": all(t["meets_target"] for t in timings.values()),
    }
