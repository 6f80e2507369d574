"""Imperative mapping of the post-clearance audit task, so the domain imports no ORM.

Called once from :func:`clearway.bootstrap.start_mappers`.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import registry

from clearway.persistence.enums import coerce_enums_on_load
from clearway.postclearance.model import AuditTask
from clearway.postclearance.rules import Finding, FindingKind
from clearway.postclearance.status import AuditStatus
from clearway.postclearance.tables import post_clearance_audits


def map_postclearance(reg: registry) -> None:
    """Map the audit task onto its table, optimistically locked like every queue."""
    reg.map_imperatively(
        AuditTask, post_clearance_audits, version_id_col=post_clearance_audits.c.version
    )
    coerce_enums_on_load(_ENUM_ATTRS)


_ENUM_ATTRS: dict[type, dict[str, type[StrEnum]]] = {
    AuditTask: {"status": AuditStatus, "finding": Finding, "kind": FindingKind},
}
