"""The certificates check: present and valid on the shipping date for the transport mode. Pure.

Every lithium-battery export needs its UN 38.3 test summary. Batteries not shown to be excepted
under SP188 travel in UN-spec packaging, so they also need China's two packaging certificates:
the packaging performance inspection result sheet (from the packaging maker, valid until the
date it states) and the usage appraisal result sheet (from the battery maker), valid for a number
of months from issue that depends on the transport mode — 3 by air, 12 otherwise — and never
beyond the performance sheet. A certificate is valid from its issue date through its last valid
day, both included; N months from 15 August is through 15 November (month ends clamp: 31 May +
3 months is through 31 August, 30 November + 3 months through 28 February).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from clearway.dangerous_goods.checks import is_excepted
from clearway.dangerous_goods.model import Certificate, Check, Consignment, Document, Finding
from clearway.dangerous_goods.policy import Policy


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def required_certificates(c: Consignment) -> list[Certificate]:
    """Which certificates the consignment's lithium lines call for."""
    lines = c.lithium_lines
    if not lines:
        return []
    needed = [Certificate.UN38_3_SUMMARY]
    if any(line.is_battery and is_excepted(line) is not True for line in lines):
        needed += [Certificate.PACKAGING_PERFORMANCE_SHEET, Certificate.USAGE_APPRAISAL_SHEET]
    return needed


@dataclass(frozen=True)
class _Window:
    """A document's validity: from its issue date through ``end`` (None: no end)."""

    document: Document
    end: date | None
    rule: str  # what ends it, when that is what fails
    why: str

    def covers(self, day: date) -> bool:
        return self.document.issue_date <= day and (self.end is None or day <= self.end)


def check_documents(c: Consignment, policy: Policy) -> list[Finding]:
    """Each certificate present, and one of each valid on the shipping date."""
    found: list[Finding] = []
    needed = required_certificates(c)
    ship = c.shipping_date
    performance_end: date | None = None
    for certificate in needed:
        codes = policy.document_types[certificate]
        candidates = [d for d in c.documents if d.doc_type in codes]
        if not candidates:
            found.append(
                Finding(
                    Check.DOCUMENTS,
                    "dg.document_missing",
                    "documents",
                    f"no {certificate.label} is attached (doc_type {' or '.join(sorted(codes))})",
                )
            )
            continue
        if certificate is Certificate.PACKAGING_PERFORMANCE_SHEET:
            found += _undated(candidates, certificate)
            candidates = [d for d in candidates if d.valid_until is not None]
            performance_end = _performance_end(candidates, ship)
        if certificate is Certificate.USAGE_APPRAISAL_SHEET:
            windows = [_appraisal(d, c, policy, performance_end) for d in candidates]
        else:
            windows = [
                _Window(d, d.valid_until, "dg.document_expired", "is valid through")
                for d in candidates
            ]
        if windows:  # undated performance sheets were reported above
            found += _invalid(windows, certificate, ship)
    return found


def _undated(documents: Sequence[Document], certificate: Certificate) -> list[Finding]:
    return [
        Finding(
            Check.DOCUMENTS,
            "dg.document_validity",
            f"{d.path}.valid_until",
            f"{certificate.label} {d.number} must state the last day it is valid",
        )
        for d in documents
        if d.valid_until is None
    ]


def _performance_end(sheets: Sequence[Document], ship: date) -> date | None:
    """The end of the performance sheet the appraisal relies on: the latest-ending one issued
    by the shipping date (a valid one when there is one)."""
    ends = [d.valid_until for d in sheets if d.issue_date <= ship and d.valid_until is not None]
    return max(ends) if ends else None


def _appraisal(
    d: Document, c: Consignment, policy: Policy, performance_end: date | None
) -> _Window:
    """A usage appraisal sheet's window: months by mode, its own end, the performance sheet's."""
    months = policy.months_valid(c.transport_mode)
    mode = c.transport_mode.value
    bounds = [
        _Window(
            d,
            add_months(d.issue_date, months),
            "dg.appraisal_validity",
            f"issued {d.issue_date.isoformat()}, is valid {months} months by {mode}, that is "
            "through",
        )
    ]
    if d.valid_until is not None:
        bounds.append(_Window(d, d.valid_until, "dg.document_expired", "is valid through"))
    if performance_end is not None:
        bounds.append(
            _Window(
                d,
                performance_end,
                "dg.appraisal_beyond_performance",
                "is valid no longer than the packaging performance sheet, that is through",
            )
        )
    return min(bounds, key=lambda w: w.end or date.max)


def _invalid(windows: Sequence[_Window], certificate: Certificate, ship: date) -> list[Finding]:
    """No finding when one window covers the shipping date; else why the closest one fails."""
    if any(w.covers(ship) for w in windows):
        return []
    issued = [w for w in windows if w.document.issue_date <= ship]
    if not issued:
        first = min(windows, key=lambda w: w.document.issue_date)
        d = first.document
        return [
            Finding(
                Check.DOCUMENTS,
                "dg.document_not_yet_valid",
                f"{d.path}.issue_date",
                f"{certificate.label} {d.number} is issued {d.issue_date.isoformat()}, after "
                f"the shipping date {ship.isoformat()}: it does not cover these goods",
            )
        ]
    last = max(issued, key=lambda w: w.end or date.max)
    d = last.document
    field = "valid_until" if last.rule != "dg.appraisal_validity" else "issue_date"
    end = last.end.isoformat() if last.end else "?"
    return [
        Finding(
            Check.DOCUMENTS,
            last.rule,
            f"{d.path}.{field}",
            f"{certificate.label} {d.number} {last.why} {end}, before the shipping date "
            f"{ship.isoformat()}",
        )
    ]
