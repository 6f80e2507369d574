"""Followers of the declaration timeline, told inside the transaction that writes each line.

Notifications, the statistics read models and red-lane inspection orders act on every new
line of a declaration's timeline in the same transaction. No service has to remember them,
and a rolled-back change leaves nothing behind. Lines reach the database two ways: the ORM
flushes those that ``Declaration.apply`` appends to a loaded declaration, and the lodgement
writer writes the first lines of new declarations as rows, bypassing the ORM on the district's
busiest write. Both ways tell the same followers, registered here on a session factory, so a
follower never knows which way a line came.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from clearway.declarations.model import DeclarationEvent

# A follower gets the new lines of one flush or one write, ordered by declaration and seq.
Follower = Callable[[Session, Sequence[DeclarationEvent]], None]

# Kept in the factory's ``info``, which every session of the factory shares by reference.
_FOLLOWERS = "clearway.timeline_followers"


def follow(sessions: sessionmaker[Session], follower: Follower) -> None:
    """Tell ``follower`` every new timeline line of this factory's sessions (idempotent)."""
    followers = _registry(sessions)
    if not followers:
        event.listen(sessions, "after_flush", _after_flush)
    if follower not in followers:
        followers.append(follower)


def unfollow(sessions: sessionmaker[Session], follower: Follower) -> None:
    followers = _registry(sessions)
    if follower in followers:
        followers.remove(follower)
        if not followers:
            event.remove(sessions, "after_flush", _after_flush)


def followed(session: Session) -> bool:
    """Whether anyone follows this session's timeline lines (writers skip building them)."""
    return bool(session.info.get(_FOLLOWERS))


def written(session: Session, lines: Sequence[DeclarationEvent]) -> None:
    """Tell the followers of lines written without the ORM, in the writing transaction."""
    followers: list[Follower] = session.info.get(_FOLLOWERS, [])
    if lines and followers:
        ordered = sorted(lines, key=lambda e: (e.declaration_id, e.seq))
        for follower in list(followers):
            follower(session, ordered)


def _registry(sessions: sessionmaker[Session]) -> list[Follower]:
    info: dict[str, Any] = sessions.kw.setdefault("info", {})
    followers: list[Follower] = info.setdefault(_FOLLOWERS, [])
    return followers


def _after_flush(session: Session, _context: Any) -> None:
    # After the flush, not before: only then do new lines carry their declaration id.
    written(session, [o for o in session.new if isinstance(o, DeclarationEvent)])
