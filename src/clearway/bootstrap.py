"""Composition root: settings, engine, sessions, clock, the submission and the event handlers
wired together once.

The one place that knows every domain: which ones keep tables (:func:`schema`), in which order
their classes are mapped (:func:`start_mappers`), and which handler reacts to which domain
event (:data:`HANDLERS`).
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from clearway.arrivals.lane_release import lane_release_for
from clearway.config import Settings, get_settings
from clearway.dangerous_goods.services import SubmissionCheck
from clearway.declarations.events import DeclarationChanged, DeclarationMoved
from clearway.declarations.submission import Submission
from clearway.enterprises.events import CreditLevelChanged
from clearway.inspection import orders
from clearway.licensing import writeoff as licence_writeoff
from clearway.notifications import declaration_events
from clearway.persistence.db import Handlers, UnitOfWork, make_engine, read_session, session_factory
from clearway.persistence.mapping import mapper_registry
from clearway.persistence.metadata import metadata
from clearway.postclearance import services as post_clearance
from clearway.reference.cache import SESSION_KEY, ReferenceCache
from clearway.reference.events import ExchangeRateSet
from clearway.risk import labels
from clearway.risk.screening import screener_for
from clearway.shared import bounds
from clearway.shared.clock import Clock, SystemClock
from clearway.shared.controls import ControlConcluded
from clearway.statistics import facts

# Every domain that keeps tables, in the order their tables join the metadata (a domain's
# foreign keys point at domains before it, which keeps the order readable, not required).
DOMAINS_WITH_TABLES = (
    "reference",
    "enterprises",
    "identity",
    "declarations",
    "audit",
    "api",
    "bonded",
    "dangerous_goods",
    "inspection",
    "liaison",
    "brokerage",
    "notifications",
    "ore",
    "arrivals",
    "risk",
    "statistics",
    "supervision",
    "jobs",
    "licensing",
    "simulation",
    "postclearance",
)


def schema() -> MetaData:
    """The whole schema: every domain's tables imported onto the one metadata, returned.

    What Alembic compares migrations with and the tests empty; cheap after the first call.
    """
    for domain in DOMAINS_WITH_TABLES:
        importlib.import_module(f"clearway.{domain}.tables")
    return metadata


_mapping = threading.Lock()
_mapped = False


def start_mappers() -> None:
    """Map every domain's classes onto its tables, once per process; safe to call from every
    entry point (later calls return at once). Done before any session is built: by
    :func:`build` and :func:`sessions_for`, the test fixtures and the benchmarks' databases."""
    global _mapped
    with _mapping:
        if _mapped:
            return
        _mapped = True
        schema()  # every table on the metadata before any relationship is configured
        from clearway.arrivals.mapping import map_arrivals
        from clearway.bonded.mapping import map_bonded
        from clearway.brokerage.mapping import map_brokerage
        from clearway.declarations.mapping import map_declarations
        from clearway.enterprises.mapping import map_enterprises
        from clearway.identity.mapping import map_identity
        from clearway.inspection.mapping import map_inspection
        from clearway.liaison.mapping import map_liaison
        from clearway.licensing.mapping import map_licensing
        from clearway.notifications.mapping import map_notifications
        from clearway.ore.mapping import map_ore
        from clearway.postclearance.mapping import map_postclearance
        from clearway.reference.mapping import map_reference
        from clearway.supervision.mapping import map_supervision

        for map_domain in (
            map_reference,
            map_enterprises,
            map_identity,
            map_declarations,
            map_bonded,
            map_liaison,
            map_brokerage,
            map_notifications,
            map_ore,
            map_arrivals,
            map_inspection,
            map_supervision,
            map_licensing,
            map_postclearance,
        ):
            map_domain(mapper_registry)


def sessions_for(engine: Engine, reference_cache_seconds: float = 0) -> sessionmaker[Session]:
    """Sessions for one engine, the classes mapped first; with a cache lifetime, they share
    reference lookups."""
    start_mappers()
    info = {SESSION_KEY: ReferenceCache(reference_cache_seconds)} if reference_cache_seconds else {}
    return session_factory(engine, info)


# What reacts to which domain event, in the order the unit of work runs them before it
# commits: the trader and broker are told first (outbox and inbox), then red lanes get their
# inspection orders, declarations sent back return their licence write-offs, released blue
# lanes open their post-clearance audits, and the statistics read models are re-derived last,
# from the state everything before them left. Concluded controls become the risk engine's
# outcome labels.
HANDLERS: Handlers = (
    (DeclarationMoved, declaration_events.on_declaration_moved),
    (DeclarationMoved, orders.on_declaration_moved),
    (DeclarationMoved, licence_writeoff.on_declaration_moved),
    (DeclarationMoved, post_clearance.on_declaration_moved),
    (DeclarationChanged, facts.on_declarations_changed),
    (CreditLevelChanged, facts.on_credit_level_changed),
    (ExchangeRateSet, facts.on_exchange_rate_set),
    (ControlConcluded, labels.on_control_concluded),
)


@dataclass
class Platform:
    """Everything a request, a command or a job needs; built at start-up, never at import."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    submission: Submission
    handlers: Handlers = HANDLERS

    def uow(self) -> UnitOfWork:
        """A business transaction: its events reach their handlers before it commits."""
        return UnitOfWork(self.sessions, self.handlers)

    def reader(self) -> UnitOfWork:
        """A transaction that only reads (on SQLite it never takes the writer lock)."""
        return UnitOfWork(self.sessions, read_only=True)

    def read_session(self) -> Session:
        return read_session(self.sessions)


def submission_for(settings: Settings, screening: bool = True) -> Submission:
    """The district's submission: its lithium-battery checks (bad ``CLEARWAY_DG_*`` settings
    refuse here) and, unless turned off, screening with the newest model (loaded on first
    use)."""
    return Submission(
        lithium_batteries=SubmissionCheck.from_settings(settings),
        screener=screener_for(settings) if screening else None,
        release=lane_release_for(settings),
    )


def build(
    settings: Settings | None = None,
    clock: Clock | None = None,
    engine: Engine | None = None,
    submission: Submission | None = None,
) -> Platform:
    """Wire the platform from settings; tests pass their own settings, clock, engine or
    submission (a screener with a fake scorer, or none)."""
    settings = settings or get_settings()
    start_mappers()
    if engine is None:
        _ensure_sqlite_folder(settings.database_url)
        engine = make_engine(
            settings.database_url,
            pre_ping=settings.database_pre_ping,
            pool_recycle=settings.database_pool_recycle_seconds,
            statement_timeout_ms=settings.statement_timeout_ms,
        )
    bounds.configure(
        bounds.DateWindow(settings.business_date_earliest, settings.business_date_days_ahead)
    )
    return Platform(
        settings=settings,
        engine=engine,
        sessions=sessions_for(engine, settings.reference_cache_seconds),
        clock=clock or SystemClock(),
        submission=submission or submission_for(settings),
    )


def _ensure_sqlite_folder(url: str) -> None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        Path(url[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)
