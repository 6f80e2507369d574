"""Tariff periods and office codes kept between transactions, so lodging reads no reference rows.

Every declaration checks its office and each item's tariff line; without a cache that is a
query per item per request. Reference tables change rarely and always with future dates, so
the cache keeps what it has read for ``ttl_seconds`` (another process's load is seen within
that time) and forgets everything at once when this process loads reference data.

Entries are detached copies, never objects of a session, so a rolled-back session cannot
expire them under another request. Only what exists is kept: an office or tariff line that is
unknown is asked for again, so a newly loaded one is never refused from memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from clearway.reference.model import TariffLine

SESSION_KEY = "clearway.reference_cache"
PERIODS_KEY = "clearway.tariff_periods"  # one transaction's tariff lookups (SessionReference)


def _copy(line: TariffLine) -> TariffLine:
    return TariffLine(
        code=line.code,
        description=line.description,
        valid_from=line.valid_from,
        valid_to=line.valid_to,
        mfn_rate=line.mfn_rate,
        vat_rate=line.vat_rate,
        export_rebate_rate=line.export_rebate_rate,
        supervision_conditions=line.supervision_conditions,
        unit=line.unit,
    )


@dataclass
class ReferenceCache:
    """Shared by every session of one session factory; safe to read from many threads."""

    ttl_seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _periods: dict[str, tuple[float, list[TariffLine]]] = field(default_factory=dict)
    _offices: dict[str, float] = field(default_factory=dict)

    def tariff_periods(self, code: str, fetch: Callable[[], list[TariffLine]]) -> list[TariffLine]:
        now = self.clock()
        hit = self._periods.get(code)
        if hit is not None and now - hit[0] < self.ttl_seconds:
            return hit[1]
        periods = fetch()
        if periods and self.ttl_seconds > 0:
            self._periods[code] = (now, [_copy(p) for p in periods])
        return periods

    def office_exists(self, code: str, fetch: Callable[[], bool]) -> bool:
        now = self.clock()
        seen = self._offices.get(code)
        if seen is not None and now - seen < self.ttl_seconds:
            return True
        exists = fetch()
        if exists and self.ttl_seconds > 0:
            self._offices[code] = now
        return exists

    def clear(self) -> None:
        self._periods = {}
        self._offices = {}


def cache_of(session: Session) -> ReferenceCache | None:
    """The cache its session factory carries, if it was built with one."""
    found = session.info.get(SESSION_KEY)
    return found if isinstance(found, ReferenceCache) else None


def forget(session: Session) -> None:
    """Drop what this process remembers; called whenever reference data is loaded."""
    session.info.pop(PERIODS_KEY, None)
    cache = cache_of(session)
    if cache is not None:
        cache.clear()
