"""Composition root: settings, engine, sessions, clock and hooks wired together once."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from clearway.config import Settings, get_settings
from clearway.declarations.services import SubmitHook
from clearway.persistence.db import UnitOfWork, make_engine, session_factory
from clearway.persistence.metadata import metadata
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
    sessions = session_factory(engine, settings.reference_cache_seconds)
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
