"""A district's six years of declarations for the statistics benchmark, written with COPY.

2019–2024, imports by rail at Horgos and exports at Ordos, three items each, every
declaration with the timeline its lifecycle leaves (manifest and arrival for imports, lodgement,
acceptance, lane, document check or inspection, duty, payment, release, exit, closure), on
traders of every credit level whose level changes over time. Release times shrink year after
year (about twenty times from 2019 to 2024), as the ports report.

Rows are built from the ingest benchmark's plan (``RowPlan``: every column the services write)
and patched per declaration, then sent with the same COPY helper; ids are given explicitly and
the sequences moved past them afterwards.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import psycopg

from clearway.benchmarks._raw import _copy
from clearway.benchmarks._rows import EVENT_COLUMNS, HEADER_COLUMNS, ITEM_COLUMNS, RowPlan
from clearway.benchmarks.seed import HORGOS, ORDOS, declaration_inputs
from clearway.declarations.status import Command, Milestone, Status
from clearway.identity.model import Actor, Role

FIRST_DAY, LAST_DAY = date(2019, 1, 1), date(2024, 12, 31)
ENTERPRISES = 300
LEVELS = ("advanced_certified", "certified", "regular", "regular", "dishonest")
MODES_BY_YEAR = {  # facilitation modes in use, weighted, as the measures spread
    2019: ("standard",) * 9 + ("appointment",),
    2020: ("standard",) * 6 + ("two_step", "appointment", "centralized", "first_release"),
    **{
        y: ("standard", "standard", "two_step", "two_step", "centralized", "first_release",
            "first_release", "direct_pickup", "direct_pickup", "appointment")
        for y in range(2021, 2025)
    },
}  # fmt: skip
SLOWER_IN = {2019: 20.0, 2020: 12.0, 2021: 6.0, 2022: 3.0, 2023: 1.6, 2024: 1.0}
IMPORT_LINES = ("2601111000", "2601112000", "2601119000", "2601120000", "7208510000")
EXPORT_LINES = ("8507600010", "8507600020", "8507600030", "8507600090", "8504403000")
IMPORT_ORIGINS = ("KZ", "KZ", "KZ", "RU", "MN", "UZ", "BR", "AU")
EXPORT_DESTINATIONS = ("DE", "NL", "HU", "KR", "AU", "AE", "KZ", "UZ", "PL", "US", "JP")
TRANSPORT = {"import": ("rail", "rail", "rail", "road"), "export": ("rail", "road", "air", "sea")}
SYSTEM = Actor(user_id=None, username="bench", role=Role.INSPECTION_OFFICER)


@dataclass(frozen=True)
class Generated:
    declarations: int
    items: int
    events: int


def enterprise_rows(at: datetime) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Traders (ids from 1001) and their credit histories: some change level in 2022."""
    enterprises: list[tuple[Any, ...]] = []
    records: list[tuple[Any, ...]] = []
    for n in range(ENTERPRISES):
        eid = 1001 + n
        enterprises.append((eid, f"91BENCH{eid:011d}", f"99{eid:08d}", f"Bench trader {eid}",
                            f"Bench trader {eid}", "trader", "", at))  # fmt: skip
        level = LEVELS[n % len(LEVELS)]
        if n % 4 == 0:  # re-assessed on 1 July 2022
            earlier = LEVELS[(n + 2) % len(LEVELS)]
            records.append((eid, earlier, date(2018, 1, 1), date(2022, 7, 1), "", "", at, "bench"))
            records.append((eid, level, date(2022, 7, 1), None, "", "", at, "bench"))
        else:
            records.append((eid, level, date(2018, 1, 1), None, "", "", at, "bench"))
    return enterprises, records


@dataclass(frozen=True)
class Profile:
    """What a trader ships, where, how: enterprises repeat themselves, and statistics know it."""

    lines: tuple[str, ...]
    countries: tuple[str, ...]
    transport: str
    mode_pick: float  # which of the year's facilitation modes the trader uses


def profile(trader: int, flow: str) -> Profile:
    rng = random.Random(trader * 2 + (flow == "import"))
    lines = IMPORT_LINES if flow == "import" else EXPORT_LINES
    countries = IMPORT_ORIGINS if flow == "import" else EXPORT_DESTINATIONS
    return Profile(
        tuple(rng.sample(lines, 2)),
        tuple(rng.sample(countries, 2)),
        rng.choice(TRANSPORT[flow]),
        rng.random(),
    )


def _lane(level: str, roll: float) -> str:
    red = {"advanced_certified": 0.01, "certified": 0.03, "regular": 0.08}.get(level, 0.8)
    yellow = red + {"advanced_certified": 0.02, "certified": 0.05, "regular": 0.12}.get(level, 0.1)
    return "red" if roll < red else "yellow" if roll < yellow else "green"


Step = tuple[Command, Status, Status, Milestone | None, float]


def _steps(
    flow: str, lane: str, pre_arrival: bool, slower: float, rng: random.Random
) -> list[Step]:
    """The lifecycle of one declaration, with hours after lodgement for each step."""
    S, C, M = Status, Command, Milestone

    def wait(mean: float) -> float:
        return rng.expovariate(1 / (mean * slower))

    steps: list[Step] = []
    if flow == "import":
        steps.append((C.RECORD_MANIFEST, S.DRAFT, S.DRAFT, M.E0, -30.0))
        arrival = 2.0 + wait(0.5) if pre_arrival else -wait(1.0)
        if not pre_arrival:
            steps.append((C.RECORD_ARRIVAL, S.DRAFT, S.DRAFT, M.E1, arrival))
    t = 0.0
    steps.append((C.SUBMIT, S.DRAFT, S.SUBMITTED, M.E2, t))
    if flow == "import" and pre_arrival:
        t = arrival
        steps.append((C.RECORD_ARRIVAL, S.SUBMITTED, S.SUBMITTED, M.E1, t))
    t += wait(0.2)
    steps.append((C.ACCEPT, S.SUBMITTED, S.ACCEPTED, M.E3, t))
    t += wait(0.05)
    steps.append((C.ASSIGN_LANE, S.ACCEPTED, S.RISK_ASSESSED, M.E4, t))
    at = S.RISK_ASSESSED
    if lane == "yellow":
        t += wait(1.0)
        steps.append((C.BEGIN_DOCUMENT_CHECK, at, S.DOCUMENT_CHECK, M.E5, t))
        at = S.DOCUMENT_CHECK
    if lane == "red":
        t += wait(2.5)
        steps.append((C.BEGIN_INSPECTION, at, S.INSPECTION, M.E6, t))
        t += wait(6.0)
        steps.append((C.ASSESS_DUTY, S.INSPECTION, S.DUTY_ASSESSED, M.E6_END, t))
    else:
        t += wait(2.0 if lane == "yellow" else 0.1)
        steps.append((C.ASSESS_DUTY, at, S.DUTY_ASSESSED, None, t))
    if flow == "import":
        t += wait(1.5)
        steps.append((C.PAY, S.DUTY_ASSESSED, S.PAID, M.E7, t))
    t += wait(0.2)
    steps.append((C.RELEASE, S.PAID if flow == "import" else S.DUTY_ASSESSED, S.RELEASED, M.E8, t))
    steps.append((C.EXIT, S.RELEASED, S.EXITED, M.E9, t + 14.0))
    steps.append((C.CLOSE, S.EXITED, S.CLOSED, M.E10, t + 62.0))
    return steps


def declarations(n: int, seed: int = 1) -> Iterator[tuple[tuple[Any, ...], list[Any], list[Any]]]:
    """(header, items, events) of declaration ids 1..n, dated in order over six years."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days + 1
    plan = RowPlan(declaration_inputs(FIRST_DAY), 0, SYSTEM, FIRST_DAY)
    base = plan.header(0, 1, datetime(2019, 1, 1, tzinfo=UTC), submitted=True)
    items = [plan.items(v, 0) for v in range(len(plan.inputs))]
    hx = {c: k for k, c in enumerate(HEADER_COLUMNS)}
    ix = {c: k for k, c in enumerate(ITEM_COLUMNS)}
    sequences: dict[tuple[str, int, str], int] = {}
    profiles: dict[tuple[int, str], Profile] = {}
    for i in range(1, n + 1):
        day = FIRST_DAY + timedelta(days=(i - 1) * span // n)
        flow = "import" if rng.random() < 0.5 else "export"
        office = HORGOS if flow == "import" else ORDOS
        trader = 1001 + int(rng.paretovariate(1.2) * 7) % ENTERPRISES
        level = LEVELS[(trader - 1001) % len(LEVELS)]
        lane = _lane(level, rng.random())
        pre = flow == "import" and day.year >= 2021 and rng.random() < 0.6
        shipper = profiles.setdefault((trader, flow), profile(trader, flow))
        modes = MODES_BY_YEAR[day.year]
        lodged = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59),
                          tzinfo=UTC)  # fmt: skip
        steps = _steps(flow, lane, pre, SLOWER_IN[day.year], rng)
        key = (office, day.year, flow[0].upper())
        sequences[key] = sequences.get(key, 0) + 1
        header = [base[c] for c in HEADER_COLUMNS]
        lines = []
        total = Decimal(0)
        for line_no, template in enumerate(items[i % len(items)], start=1):
            row = [template[c] for c in ITEM_COLUMNS]
            code = rng.choice(shipper.lines)
            value = Decimal(rng.randint(20_000, 2_000_000)).quantize(Decimal("0.01"))
            total += value
            row[ix["declaration_id"]], row[ix["line_no"]] = i, line_no
            row[ix["tariff_code"]], row[ix["value"]] = code, value
            row[ix["statistical_value"]] = value  # no price terms: the declared value
            row[ix["unit"]] = "kg" if flow == "import" else "pcs"
            partner = rng.choice(shipper.countries)
            row[ix["origin_country"]] = partner if flow == "import" else "CN"
            row[ix["destination_country"]] = "CN" if flow == "import" else partner
            lines.append(tuple(row))
        at = {m: lodged + timedelta(hours=h) for _, _, _, m, h in steps if m is not None}
        patch: tuple[tuple[str, Any], ...] = (
            ("number", f"{office}-{day.year}-{flow[0].upper()}-{sequences[key]:06d}"),
            ("flow", flow), ("status", Status.CLOSED.value), ("lane", lane),
            ("trader_id", trader), ("office_code", office), ("port_code", office),
            ("transport_mode", shipper.transport),
            ("trade_country", lines[0][ix["origin_country" if flow == "import" else
                                          "destination_country"]]),
            ("facilitation_measures", f",{modes[int(shipper.mode_pick * len(modes))]},"),
            ("total_value", total), ("declaration_date", day), ("lodged_at", at[Milestone.E2]),
            ("arrived_at", at.get(Milestone.E1)), ("released_at", at[Milestone.E8]),
            ("created_at", lodged - timedelta(hours=1)), ("updated_at", at[Milestone.E10]),
            ("version", len(steps) + 1), ("duty_amount", Decimal("0.00")),
        )  # fmt: skip
        for column, value in patch:
            if column in hx:
                header[hx[column]] = value
        events = [
            (i, seq, lodged + timedelta(hours=h), SYSTEM.username, SYSTEM.role.value, c.value,
             f.value, to.value, lane if c is Command.ASSIGN_LANE else None,
             "bench" if c is Command.ASSIGN_LANE else "", m.value if m else None)
            for seq, (c, f, to, m, h) in enumerate(steps, start=1)
        ]  # fmt: skip
        yield (i, *header), lines, events


def write(
    conn: psycopg.Connection[Any], n: int, batch: int, advance: Callable[[int], None]
) -> Generated:
    """COPY n declarations (and their items and timelines), a batch per transaction."""
    counts = Generated(0, 0, 0)
    headers: list[Any] = []
    items: list[Any] = []
    events: list[Any] = []

    def flush() -> None:
        with conn.cursor() as cur:
            _copy(cur, "declarations", ("id", *HEADER_COLUMNS), headers)
            _copy(cur, "declaration_items", ITEM_COLUMNS, items)
            _copy(cur, "declaration_events", EVENT_COLUMNS, events)
        conn.commit()
        advance(len(headers))

    for header, lines, timeline in declarations(n):
        headers.append(header)
        items.extend(lines)
        events.extend(timeline)
        counts = Generated(counts.declarations + 1, counts.items + len(lines),
                           counts.events + len(timeline))  # fmt: skip
        if len(headers) >= batch:
            flush()
            headers, items, events = [], [], []
    if headers:
        flush()
    with conn.cursor() as cur:  # ids were given: move the sequence past them
        cur.execute(
            "SELECT setval(pg_get_serial_sequence('declarations', 'id'), "
            "(SELECT coalesce(max(id), 1) FROM declarations))"
        )
    conn.commit()
    return counts
