"""Verification of the hash chains: walk every stream and name the first broken link.

The CLI (``clearway audit verify``) and the API (``GET /api/v1/audit/verification``) both ask
:func:`verify`; a broken link means a stored row was edited, removed or written around the
platform, and the report names the table, the stream and the row so an auditor can look.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from clearway.audit.chain import AUDIT_FIELDS, GENESIS, TIMELINE_FIELDS, audit_stream, link
from clearway.audit.tables import audit_events
from clearway.declarations.tables import declaration_events
from clearway.identity.model import Actor, Role
from clearway.shared.errors import PermissionDenied


@dataclass(frozen=True)
class BrokenLink:
    """The first row whose chain does not hold, and why."""

    table: str
    stream: str
    row_id: int
    problem: str


@dataclass(frozen=True)
class Verification:
    """How many rows of each chained table were checked, and the first broken link if any."""

    checked: dict[str, int]
    broken: BrokenLink | None

    @property
    def intact(self) -> bool:
        return self.broken is None


def verification_for(session: Session, actor: Actor) -> Verification:
    """The verification an administrator asks for: the chains say nothing to anyone else."""
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied("only administrators verify the audit trail")
    return verify(session)


def verify(session: Session) -> Verification:
    """Check the audit trail, then the declaration timelines, stopping at the first break."""
    checked: dict[str, int] = {}
    streams = (
        (audit_events, AUDIT_FIELDS, ("entity", "entity_id", "id"), _audit_stream),
        (declaration_events, TIMELINE_FIELDS, ("declaration_id", "seq"), _timeline_stream),
    )
    for table, fields, order, stream_of in streams:
        rows = session.execute(
            select(table).order_by(*(table.c[c] for c in order)).execution_options(yield_per=2000)
        ).mappings()
        count, broken = _walk(table, fields, rows, stream_of)
        checked[table.name] = count
        if broken is not None:
            return Verification(checked, broken)
    return Verification(checked, None)


def _walk(
    table: Table,
    fields: tuple[str, ...],
    rows: Iterable[Mapping[Any, Any]],
    stream_of: Callable[[Mapping[Any, Any]], str],
) -> tuple[int, BrokenLink | None]:
    count, last_stream, prev = 0, None, GENESIS
    for row in rows:
        count += 1
        stream = stream_of(row)
        if stream != last_stream:
            last_stream, prev = stream, GENESIS
        problem = _problem(row, prev, fields)
        if problem:
            return count, BrokenLink(table.name, stream, int(row["id"]), problem)
        prev = row["chain_hash"]
    return count, None


def _problem(row: Mapping[Any, Any], prev: str, fields: tuple[str, ...]) -> str:
    if row["chain_hash"] is None or row["chain_prev"] is None:
        return "the row carries no hash: it was written around the platform or its hash erased"
    if row["chain_prev"] != prev:
        return (
            "the row does not follow the row before it: a row of the stream was removed, "
            "inserted or re-linked"
        )
    if row["chain_hash"] != link(prev, fields, row):
        return "the row's content does not match its hash: it was edited after it was written"
    return ""


def _audit_stream(row: Mapping[Any, Any]) -> str:
    return audit_stream(row["entity"], row["entity_id"])


def _timeline_stream(row: Mapping[Any, Any]) -> str:
    return f"declaration:{row['declaration_id']}"
