"""Composition root: settings, engine, sessions, clock, the submission and the event handlers
wired together once — the one place that knows which domain reacts to which domain event."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from clearway.config import Settings, get_settings
from clearway.dangerous_goods.services import SubmissionCheck
from clearway.declarations.events import DeclarationChanged, DeclarationMoved
from clearway.declarations.submission import Submission
from clearway.enterprises.events import CreditLevelChanged
from clearway.inspection import orders
from clearway.notifications import declaration_events
from clearway.persistence.db import Handlers, UnitOfWork, make_engine, read_session, session_factory
from clearway.reference.events import ExchangeRateSet
from clearway.risk.screening import screener_for
from clearway.shared.clock import Clock, SystemClock
from clearway.statistics import facts

# What reacts to which domain event, in the order the unit of work runs them before it
# commits: the trader and broker are told first (outbox and inbox), then red lanes get their
# inspection orders, and the statistics read models are re-derived last, from the state
# everything before them left.
HANDLERS: Handlers = (
    (DeclarationMoved, declaration_events.on_declaration_moved),
    (DeclarationMoved, orders.on_declaration_moved),
    (DeclarationChanged, facts.on_declarations_changed),
    (CreditLevelChanged, facts.on_credit_level_changed),
    (ExchangeRateSet, facts.on_exchange_rate_set),
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
    if engine is None:
        _ensure_sqlite_folder(settings.database_url)
        engine = make_engine(
            settings.database_url,
            pre_ping=settings.database_pre_ping,
            pool_recycle=settings.database_pool_recycle_seconds,
        )
    return Platform(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine, settings.reference_cache_seconds),
        clock=clock or SystemClock(),
        submission=submission or submission_for(settings),
    )


def _ensure_sqlite_folder(url: str) -> None:
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url:
        Path(url[len(prefix) :]).parent.mkdir(parents=True, exist_ok=True)
