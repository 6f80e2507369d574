"""A Clearway declaration as the risk model's canonical records: one record per item.

The model learns from canonical records only (``clearway.risk.features.CANONICAL_FIELDS``), so
live declarations and public benchmark data go through the same features. This adapter says
how the declaration's header and items fill those fields; fields Clearway does not collect are
empty text, which the model treats as "unknown" like a blank in the data it learned from.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from clearway.declarations.model import Declaration


def feature_records(
    declaration: Declaration,
    cny_per_unit: Decimal | None,
    mfn_rates: Mapping[str, Decimal | None],
) -> list[dict[str, object]]:
    """Canonical records of every item; values in CNY, the MFN rate (percent) of each line.

    ``cny_per_unit`` is the exchange rate on the declaration date (None when unknown: the
    declared amount is then used as it stands); ``mfn_rates`` maps tariff codes to the MFN rate
    in force on that date.
    """
    rate = cny_per_unit if cny_per_unit is not None else Decimal(1)
    declarant = (
        declaration.broker_id if declaration.broker_id is not None else declaration.trader_id
    )
    records: list[dict[str, object]] = []
    for item in declaration.items:
        mfn = mfn_rates.get(item.tariff_code)
        records.append(
            {
                "declaration_id": declaration.number,
                "declared_at": declaration.declaration_date,
                "office": declaration.office_code,
                "process_type": declaration.flow.value,
                "import_type": declaration.supervision_mode,
                "import_use": "",
                "payment_type": "",
                "transport_mode": declaration.transport_mode.value,
                "declarant_id": str(declarant),
                "importer_id": str(declaration.trader_id),
                "seller_id": declaration.overseas_party,
                "courier_id": "",
                "hs6": item.hs6,
                "departure_country": declaration.trade_country,
                "origin_country": item.origin_country,
                "tax_rate": float(mfn) if mfn is not None else 0.0,
                "tax_type": "",
                "origin_indicator": "",
                "net_mass": float(item.net_weight),
                "item_value": float(item.value * rate),
            }
        )
    return records
