"""Lifecycles of the ore records: lab samples, disposal cases and provisional prices, each
with its one table.

A sample waits for its lab result and is then conforming or not, once. A disposal case opened
for released ore that failed in the lab stays open until the officer records what was done. A
provisional price becomes final once, when the importer declares the final price.
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


class PricingStatus(StrEnum):
    PROVISIONAL = "provisional"  # taxed on the provisional price, final price awaited
    FINAL = "final"  # final price declared, supplementary tax or refund assessed


class PricingCommand(StrEnum):
    DECLARE_FINAL = "declare_final"  # the importer declares the final price, once


PRICING_TRANSITIONS: StatusTable[PricingStatus, PricingCommand, PricingStatus] = StatusTable(
    "provisional price",
    {(PricingStatus.PROVISIONAL, PricingCommand.DECLARE_FINAL): PricingStatus.FINAL},
    initial=PricingStatus.PROVISIONAL,
    refuse=already,
)
