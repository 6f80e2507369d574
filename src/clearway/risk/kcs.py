"""Adapter from the public KCS synthetic import-declaration files to canonical records.

The Korea Customs Service / IBS benchmark (MIT licence) is the data set the risk engine is
judged on; this module is the only place that knows its column names.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from clearway.risk.features import CANONICAL_FIELDS, LABEL_FIELDS

KCS_COLUMNS: dict[str, str] = {
    "Declaration ID": "declaration_id",
    "Date": "declared_at",
    "Office ID": "office",
    "Process Type": "process_type",
    "Import Type": "import_type",
    "Import Use": "import_use",
    "Payment Type": "payment_type",
    "Mode of Transport": "transport_mode",
    "Declarant ID": "declarant_id",
    "Importer ID": "importer_id",
    "Seller ID": "seller_id",
    "Courier ID": "courier_id",
    "HS6 Code": "hs6",
    "Country of Departure": "departure_country",
    "Country of Origin": "origin_country",
    "Tax Rate": "tax_rate",
    "Tax Type": "tax_type",
    "Country of Origin Indicator": "origin_indicator",
    "Net Mass": "net_mass",
    "Item Price": "item_value",
}
KCS_LABELS: dict[str, str] = {"Fraud": "fraud", "Critical Fraud": "critical_fraud"}
# Identifiers stay text: "0VKY2BR" and "30" are codes, not numbers to be summed or rounded.
_TEXT_COLUMNS = [
    c for c, f in KCS_COLUMNS.items() if f not in ("tax_rate", "net_mass", "item_value")
]

assert tuple(KCS_COLUMNS.values()) == CANONICAL_FIELDS
assert tuple(KCS_LABELS.values()) == LABEL_FIELDS


class DatasetColumnsMissing(ValueError):
    """A data file lacks columns the adapter needs; the message names them on one line."""

    def __init__(self, path: Path | str, missing: list[str]) -> None:
        self.path = Path(path)
        self.missing = missing
        super().__init__(f"{self.path}: missing columns: {', '.join(missing)}")


class DatasetUnreadable(ValueError):
    """A data file is not a readable KCS csv (encoding, quoting, dates); one-line message."""

    def __init__(self, path: Path | str, detail: str) -> None:
        self.path = Path(path)
        super().__init__(f"{self.path}: {detail}")


def read_kcs(path: Path | str, *, labels: bool | None = None) -> pd.DataFrame:
    """Read a KCS csv as canonical records, in file order.

    ``labels=None`` keeps the label columns when present (score input has none), ``True``
    requires them (training history), ``False`` drops them.
    """
    path = Path(path)
    try:
        return _read(path, labels)
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DatasetUnreadable(path, f"not a readable csv ({type(exc).__name__})") from exc


def _read(path: Path, labels: bool | None) -> pd.DataFrame:
    header = pd.read_csv(path, nrows=0).columns
    required = list(KCS_COLUMNS) + (list(KCS_LABELS) if labels else [])
    missing = [c for c in required if c not in header]
    if missing:
        raise DatasetColumnsMissing(path, missing)
    dtypes = {c: str for c in _TEXT_COLUMNS}
    frame = pd.read_csv(path, dtype=dtypes)
    wanted = dict(KCS_COLUMNS)
    if labels is not False:
        wanted.update({c: f for c, f in KCS_LABELS.items() if c in frame.columns})
    out = frame[list(wanted)].rename(columns=wanted)
    dates = pd.to_datetime(out["declared_at"], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        bad = out["declared_at"][dates.isna()].iloc[0]
        raise DatasetUnreadable(path, f"Date {bad!r} is not YYYY-MM-DD")
    out["declared_at"] = dates
    return out.reset_index(drop=True)
