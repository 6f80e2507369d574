"""Lifecycles of the ore records: lab samples and disposal cases, each with its one table.

A sample waits for its lab result and is then conforming or not, once. A disposal case opened
for released ore that failed in the lab stays open until the officer records what was done.
"""

from __future__ import annotations

from enum import StrEnum

from clearway.shared.status_table import StatusTable, already, conflict


class SampleStatus(StrEnum):
    AWAITING_RESULT = "awaiting_result"
    CONFORMING = "conforming"
    NONCONFORMING = "nonconforming"


class SampleCommand(StrEnum):
    RECORD_CONFORMING = "record_conforming"  # the lab result is within every limit
    RECORD_NONCONFORMING = "record_nonconforming"  # at least one limit failed


SAMPLE_TRANSITIONS: StatusTable[SampleStatus, SampleCommand, SampleStatus] = StatusTable(
    "ore sample",
    {
        (SampleStatus.AWAITING_RESULT, SampleCommand.RECORD_CONFORMING): SampleStatus.CONFORMING,
        (
            SampleStatus.AWAITING_RESULT,
            SampleCommand.RECORD_NONCONFORMING,
        ): SampleStatus.NONCONFORMING,
    },
    initial=SampleStatus.AWAITING_RESULT,
    refuse=conflict,
)


class DisposalStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class DisposalCommand(StrEnum):
    CLOSE = "close"  # the return, destruction or rectification is recorded


DISPOSAL_TRANSITIONS: StatusTable[DisposalStatus, DisposalCommand, DisposalStatus] = StatusTable(
    "disposal case",
    {(DisposalStatus.OPEN, DisposalCommand.CLOSE): DisposalStatus.CLOSED},
    initial=DisposalStatus.OPEN,
    refuse=already,
)
