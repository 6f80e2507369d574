"""The hash chain that makes the audit trail and the declaration timelines tamper-evident.

Every row of a stream (one audited record's audit lines, one declaration's timeline) stores the
hash of the previous row of its stream (``chain_prev``) and the hash of its own content joined
to that previous hash (``chain_hash``). An edit of a stored row changes its content hash; a row
removed from the middle of a stream leaves the next row pointing at a hash that is no longer
there. This module is the one place that computes the hashes: the audit trail's writer, the
declaration timeline's mapping, the migration that chained the rows written before, and the
verification all call it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

# The hash a stream's first row links to.
GENESIS = "0" * 64

# The columns whose values a row's hash covers, per chained table (ids and the chain itself
# excluded: ids are the database's, not the record's).
AUDIT_FIELDS = ("at", "actor", "actor_role", "action", "entity", "entity_id", "detail")
TIMELINE_FIELDS = (
    "declaration_id",
    "seq",
    "at",
    "actor",
    "actor_role",
    "command",
    "from_status",
    "to_status",
    "lane",
    "reason",
    "milestone",
)


def link(prev: str, fields: tuple[str, ...], row: Mapping[Any, Any]) -> str:
    """The hash of a row: SHA-256 over the previous row's hash and the row's canonical JSON."""
    content = json.dumps(
        {name: _canonical(row[name]) for name in fields},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(f"{prev}\n{content}".encode()).hexdigest()


def audit_stream(entity: str, entity_id: object) -> str:
    """The stream of an audit line: every line about one record is chained together."""
    return f"{entity}:{entity_id}"


def _canonical(value: Any) -> Any:
    # Times hash as UTC with microseconds, as both databases give them back.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    return getattr(value, "value", value)  # enums as their stored strings
