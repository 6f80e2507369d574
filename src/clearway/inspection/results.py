"""Inspection records: what an officer checked, when, what was found, and the evidence kept.

A record is opened when a document check or a physical inspection begins and closed with its
result; the declaration's lifecycle moves in the same transaction (see :mod:`.records`).
Attachments are metadata only (name, media type, size, SHA-256): the files live elsewhere and
the digest proves which file was meant.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from clearway.declarations.status import Status
from clearway.inspection.status import RECORD_TRANSITIONS, RecordCommand, RecordStatus


class RecordKind(StrEnum):
    DOCUMENT_CHECK = "document_check"
    PHYSICAL_INSPECTION = "physical_inspection"

    @property
    def stage(self) -> Status:
        """The declaration status this kind of check is carried out in."""
        return Status.DOCUMENT_CHECK if self is RecordKind.DOCUMENT_CHECK else Status.INSPECTION


class Result(StrEnum):
    CONFORM = "conform"
    NONCONFORM = "nonconform"


class Attachment:
    """Metadata of a file kept as evidence (photo, weighbridge ticket, scan)."""

    id: int
    record_id: int
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    added_at: datetime
    added_by: str

    def __init__(
        self,
        file_name: str,
        media_type: str,
        size_bytes: int,
        sha256: str,
        added_at: datetime,
        added_by: str,
    ) -> None:
        self.file_name = file_name
        self.media_type = media_type
        self.size_bytes = size_bytes
        self.sha256 = sha256
        self.added_at = added_at
        self.added_by = added_by


class InspectionRecord:
    """A document check or a physical inspection of one declaration by one officer."""

    id: int
    declaration_id: int
    order_id: int | None
    kind: RecordKind
    status: RecordStatus
    officer_id: int | None
    officer: str
    started_at: datetime
    ended_at: datetime | None
    result: Result | None
    findings: str
    version: int
    attachments: list[Attachment]

    def __init__(
        self,
        declaration_id: int,
        kind: RecordKind,
        order_id: int | None,
        officer_id: int | None,
        officer: str,
        at: datetime,
    ) -> None:
        self.declaration_id = declaration_id
        self.kind = kind
        self.order_id = order_id
        self.officer_id = officer_id
        self.officer = officer
        self.started_at = at
        self.status = RECORD_TRANSITIONS.initial
        self.ended_at = None
        self.result = None
        self.findings = ""
        self.attachments = []

    def close(self, result: Result, findings: str, at: datetime) -> None:
        self.status = RECORD_TRANSITIONS.move(
            self.status, RecordCommand.CLOSE, subject=f"inspection record {self.id}"
        )
        self.result = result
        self.findings = findings
        self.ended_at = at
