"""Composition root: settings, engine, sessions, clock and hooks wired together once.

The one place that knows every domain: which ones keep tables (:func:`schema`) and in which
order their classes are mapped (:func:`start_mappers`).
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from clearway.config import Settings, get_settings
from clearway.declarations.services import SubmitHook
from clearway.persistence.db import UnitOfWork, make_engine, session_factory
from clearway.persistence.mapping import mapper_registry
from clearway.persistence.metadata import metadata
from clearway.reference.cache import SESSION_KEY, ReferenceCache
from clearway.shared.clock import Clock, SystemClock

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
        from clearway.notifications.mapping import map_notifications
        from clearway.ore.mapping import map_ore
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
        ):
            map_domain(mapper_registry)


def sessions_for(engine: Engine, reference_cache_seconds: float = 0) -> sessionmaker[Session]:
    """Sessions for one engine, the classes mapped first; with a cache lifetime, they share
    reference lookups."""
    start_mappers()
    info = {SESSION_KEY: ReferenceCache(reference_cache_seconds)} if reference_cache_seconds else {}
    return session_factory(engine, info)


@dataclass
class Platform:
    """Everything a request, a command or a job needs; built at start-up, never at import."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    clock: Clock
    on_submit: SubmitHook | None = field(default=None)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.sessions)


def build(
    settings: Settings | None = None, clock: Clock | None = None, engine: Engine | None = None
) -> Platform:
    """Wire the platform from settings; tests pass their own settings, clock or engine."""
    settings = settings or get_settings()
    start_mappers()
    if engine is None:
        _ensure_sqlite_folder(settings.database_url)
        engine = make_engine(
            settings.database_url,
            pre_ping=settings.database_pre_ping,
            pool_recycle=settings.database_pool_recycle_seconds,
        )
    from clearway.dangerous_goods.services import SubmissionCheck
    from clearway.risk.screening import submit_hook_for  # cheap: the model loads on first use

    dangerous_goods = SubmissionCheck.from_settings(settings)  # bad DG settings stop start-up
    sessions = sessions_for(engine, settings.reference_cache_seconds)
    follow_lifecycle(sessions)
    return Platform(
        settings=settings,
        engine=engine,
        sessions=sessions,
        clock=clock or SystemClock(),
        # Lithium-battery checks first (hard findings refuse), then screening, whose lane
        # respects the floors the soft findings ask for; one transaction for both.
        on_submit=dangerous_goods.before(
            submit_hook_for(settings, floor_sources=(dangerous_goods.lane_floors,))
        ),
    )


def follow_lifecycle(sessions: sessionmaker[Session]) -> None:
    """What follows every declaration's timeline inside its own transaction, in one place:
    notifications queued, statistics read models kept, red-lane inspection orders booked."""
    from clearway.inspection.orders import install as follow_inspection_orders
    from clearway.notifications.declaration_events import install as notify_on_timeline
    from clearway.statistics.facts import install as keep_statistics

    notify_on_timeline(sessions)
    keep_statistics(sessions)
    follow_inspection_orders(sessions)


def _ensure_sqlite_folder(url: str) -> None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        Path(url[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)
