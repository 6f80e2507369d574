"""Engine construction for SQLite and PostgreSQL, and the unit of work services run in."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from clearway.shared.errors import Conflict
from clearway.shared.events import DomainEvent, pending_in

# SQLite has no DECIMAL type; Numeric columns round-trip through their declared scale.
warnings.filterwarnings("ignore", message=".*does \\*not\\* support Decimal objects natively")


SQLITE_LOCK_SECONDS = 60
# Execution option of a transaction that only reads: on SQLite it begins deferred, unlocked.
READ_ONLY = "clearway_read_only"


def make_engine(
    url: str,
    *,
    echo: bool = False,
    pool_size: int = 10,
    pre_ping: bool = False,
    pool_recycle: int = 1800,
    statement_timeout_ms: int = 0,
) -> Engine:
    """An engine tuned for the dialect: WAL and immediate write locks on SQLite.

    PostgreSQL connections are not pinged before each use by default: the ping is a round trip
    on every transaction, a tenth of lodging a declaration. A connection lost to a restart fails
    its one request (answered 503); SQLAlchemy then renews the whole pool.

    ``statement_timeout_ms`` bounds every PostgreSQL statement (0: no bound). It is sent as a
    connection option, so it costs no round trip; a statement past it is cancelled and the
    request answered 503 (:mod:`clearway.api.problems`).
    """
    if url.startswith("sqlite"):
        # Pooled like PostgreSQL's: a connection opened per request under load cost its PRAGMAs.
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 60},
            pool_size=pool_size,
            max_overflow=pool_size * 2,
        )
        _tune_sqlite(engine)
        return engine
    options = {"options": f"-c statement_timeout={statement_timeout_ms}"}
    return create_engine(
        url,
        echo=echo,
        connect_args=options if statement_timeout_ms else {},
        pool_size=pool_size,
        max_overflow=pool_size * 2,
        pool_pre_ping=pre_ping,
        pool_recycle=pool_recycle or -1,
    )


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below own transactions instead of pysqlite's guesswork.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    # One writer at a time, as SQLite allows, but queued on a lock of this process instead of
    # SQLite's busy handler, which sleeps in steps of up to 100 ms and made the tail latency.
    # Other processes (the CLI beside `clearway serve`) still meet SQLite's own lock.
    writer = threading.Lock()
    held = "clearway.sqlite_writer"

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY):
            # A reader sees one snapshot (WAL) and never waits for, or blocks, a writer.
            connection.exec_driver_sql("BEGIN")
            return
        # Take the write lock up front: two deferred writers would otherwise deadlock and one
        # fail at once instead of waiting its turn.
        if not writer.acquire(timeout=SQLITE_LOCK_SECONDS):
            raise sa_exc.OperationalError("BEGIN IMMEDIATE", None, TimeoutError("writer busy"))
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            writer.release()
            raise
        connection.info[held] = True

    def _end(connection: Any, finish: str) -> None:
        if connection.info.pop(held, False):
            try:  # finish now, so the next writer starts only once this one has
                getattr(connection.connection.dbapi_connection, finish)()
            finally:
                writer.release()

    event.listen(engine, "commit", lambda connection: _end(connection, "commit"))
    event.listen(engine, "rollback", lambda connection: _end(connection, "rollback"))


def session_factory(engine: Engine, info: Mapping[str, Any] | None = None) -> sessionmaker[Session]:
    """Sessions for one engine, each starting with ``info`` (what its sessions share).

    The classes must be mapped first (:func:`clearway.bootstrap.start_mappers`);
    :func:`clearway.bootstrap.sessions_for` maps and adds the reference cache.
    """
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True, info=dict(info or {}))


def read_session(sessions: sessionmaker[Session]) -> Session:
    """A session for reading only: on SQLite its transaction never takes the writer lock."""
    return sessions(execution_options={READ_ONLY: True})


# A handler gets every event of its type that one round of dispatch collected, in order.
Handler = Callable[[Session, Sequence[Any]], None]
# Which handler reacts to which event type, in the order they run (``bootstrap.HANDLERS``).
Handlers = Sequence[tuple[type[DomainEvent], Handler]]

# A write that rides in the transaction of every unit of work committed in this context, after
# the handlers, given the events the transaction dispatched: the API's Idempotency-Key "work
# committed" mark, so that mark and work stand or fall together.
CommitMark = Callable[[Session, Sequence[DomainEvent]], None]
_commit_marks: ContextVar[tuple[CommitMark, ...]] = ContextVar("commit_marks", default=())


@contextmanager
def marking_commits(mark: CommitMark) -> Iterator[None]:
    """Run ``mark`` inside each commit of a unit of work in this context (threads the context
    is copied to included) until the block ends."""
    token = _commit_marks.set((*_commit_marks.get(), mark))
    try:
        yield
    finally:
        _commit_marks.reset(token)


# Handlers may change aggregates, whose new events are dispatched in a further round; a chain
# this long is a loop, not business.
MAX_DISPATCH_ROUNDS = 10


class UnitOfWork:
    """One business transaction: commits only when told to, rolls back otherwise.

    Before it commits, it flushes, collects the events of every aggregate the session holds
    (and those a use case recorded on it directly) and hands each to its handlers, in the same
    transaction: a handler that fails rolls the whole change back. A read-only unit of work
    never commits (on SQLite it reads without taking the writer lock).
    """

    def __init__(
        self, sessions: sessionmaker[Session], handlers: Handlers = (), read_only: bool = False
    ) -> None:
        self._sessions = sessions
        self._handlers = handlers
        self._recorded: list[DomainEvent] = []
        self.read_only = read_only
        self.committed = False  # True once a commit went through: the change stands
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = read_session(self._sessions) if self.read_only else self._sessions()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._recorded.clear()
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def record(self, *events: DomainEvent) -> None:
        """Events of aggregates written outside the session (the bulk lodgement's rows), or of
        changes that are no aggregate's (exchange rates loaded), dispatched at the commit."""
        self._recorded.extend(events)

    def commit(self) -> None:
        """Dispatch the transaction's events, then commit; a lost optimistic-lock race becomes
        a Conflict the caller can show."""
        if self.read_only:
            raise RuntimeError("a read-only unit of work does not commit")
        try:
            dispatched = self._dispatch()
            for mark in _commit_marks.get():
                mark(self.session, dispatched)
            self.session.commit()
            self.committed = True
        except StaleDataError as exc:
            self.session.rollback()
            raise _stale() from exc
        except sa_exc.IntegrityError as exc:
            self.session.rollback()
            raise _collision(exc) from exc

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError as exc:
            raise _stale() from exc
        except sa_exc.IntegrityError as exc:
            raise _collision(exc) from exc

    def _dispatch(self) -> list[DomainEvent]:
        """Hand the transaction's events to their handlers, round by round; all of them."""
        dispatched: list[DomainEvent] = []
        for _ in range(MAX_DISPATCH_ROUNDS):
            self.session.flush()  # handlers read the rows (and ids) of what happened
            events = self._recorded + pending_in(self.session.identity_map.values())
            self._recorded = []
            if not events:
                return dispatched
            dispatched.extend(events)
            for event_type, handler in self._handlers:
                of_type = [e for e in events if isinstance(e, event_type)]
                if of_type:
                    handler(self.session, of_type)
        raise RuntimeError(f"events still caused events after {MAX_DISPATCH_ROUNDS} rounds")


def _stale() -> Conflict:
    return Conflict(
        "the record was changed by someone else meanwhile; reload and retry",
        reason="stale_version",
    )


def _collision(exc: sa_exc.IntegrityError) -> Conflict:
    return Conflict(
        f"the change collides with an existing record: {_constraint(exc)}", reason="integrity"
    )


def _constraint(exc: sa_exc.IntegrityError) -> str:
    text = str(exc.orig).splitlines()[0] if exc.orig is not None else "constraint"
    return text[:200]
