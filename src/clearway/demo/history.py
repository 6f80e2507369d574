"""A deterministic 2019 history, so the release-time dashboards have a "before" to compare with.

Before classified management, pre-arrival lodgement, two-step declaration and direct pickup,
goods waited at the port for their declaration and every step took far longer. The port reports
that the average inspection and release time fell by a factor of nearly 20 (DOMAIN.md §1).

The history replays the demo's own 2024 shipments (same goods, lanes and lifecycle, through the
same loader and services) on 2019 dates, lodged by each trader itself (no broker mandates yet)
and after arrival, on a clock that stretches every wait around the lodgement by 15–23 times.
Its declarations are dated 2019, so the 2024 trade figures (339 million yuan of Ordos lithium
batteries, 197,000 t of Horgos ore) do not move.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from clearway.bootstrap import Platform
from clearway.demo.loader import _run
from clearway.demo.shipments import Shipment, horgos_imports, ordos_exports
from clearway.identity.model import Actor
from clearway.reference import services as reference
from clearway.reference.model import ExchangeRate
from clearway.shared.clock import FixedClock

HISTORY_YEAR = 2019
PER_PORT = 18
STRETCH = (15.0, 23.0)
# The 2019 USD rate (yearly average) for each month of 2019, so 2019 trade also reads in USD.
USD_2019 = Decimal("6.8985")
# Lithium-ion accumulators were one national line before the 2022 split.
BATTERY_LINE_2019 = "8507600000"
# Each trader lodges its own declarations in 2019.
OWN_USER = {"qingyuan": "exporter", "tianshan": "importer"}


class StretchedClock(FixedClock):
    """A clock that dilates time around an anchor: ``set(anchor + d)`` reads ``anchor + k·d``."""

    def __init__(self, anchor: datetime, factor: float) -> None:
        super().__init__(anchor)
        self.anchor, self.factor = anchor, factor

    def set(self, at: datetime) -> None:
        super().set(self.anchor + (at - self.anchor) * self.factor)


def _in_2019(s: Shipment) -> Shipment:
    """The same shipment on the same day of 2019, lodged by the trader after arrival."""
    items = [
        {**item, "tariff_code": BATTERY_LINE_2019}
        if str(item["tariff_code"]).startswith("8507")
        else item
        for item in s.items
    ]
    lodged = s.lodged.replace(year=HISTORY_YEAR)
    if lodged.month == 2 and lodged.day == 29:  # not a leap year
        lodged = lodged.replace(day=28)
    return replace(
        s,
        lodged=lodged,
        items=items,
        declarant=OWN_USER.get(s.trader, s.trader),
        pre_arrival=False,
        documents=[{**d, "issue_date": "2018-10-10"} for d in s.documents],
    )


def history_shipments() -> list[Shipment]:
    """The first shipments of each port's 2024 programme, moved to 2019."""
    return [_in_2019(s) for s in ordos_exports()[:PER_PORT] + horgos_imports()[:PER_PORT]]


def seed_history(platform: Platform, ids: dict[str, int], actors: dict[str, Actor]) -> int:
    """Load the 2019 rate and replay the 2019 shipments; the number of declarations."""
    admin = Actor.system("demo-loader")
    with platform.uow() as uow:
        reference.load_exchange_rates(
            uow,
            [ExchangeRate("USD", date(HISTORY_YEAR, m, 1), USD_2019) for m in range(1, 13)],
            admin,
            datetime(2023, 12, 1, tzinfo=UTC),
        )
    rng = random.Random(2019)
    shipments = history_shipments()
    for s in shipments:
        clock = StretchedClock(s.lodged, rng.uniform(*STRETCH))
        _run(platform, clock, s, ids, actors)
    return len(shipments)
