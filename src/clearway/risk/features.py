"""Canonical declaration-item records and the features the risk model learns from.

The risk model never sees a data set's own column names: adapters (``kcs.py`` and the live
declaration path) map their input onto ``CANONICAL_FIELDS`` and everything here works on that
shape only. Feature engineering is a set of pure functions over pandas frames or one plain
mapping, so the same arithmetic runs for batch training, batch scoring and one live declaration.

Party-history features (how often an importer, broker, seller, commodity, origin, route, office,
declared value or pair of them was seen before and how often it was fraud) are computed only
from records dated strictly before each row. A record without a label (an empty fraud cell: a
declaration nobody inspected) counts as seen — it is part of the party's history — but never as
fraud nor as conform: rates are taken over the labelled records only. A training row therefore
never sees its own label, nor the labels of anything declared on the same day or later; a
scored row sees the whole history and nothing of its own period.

Exact declared value and mass (alone, per HS6 and together) are keys as well: a value repeated
from earlier declarations is the fingerprint of a re-used invoice, and on the KCS benchmark it
is the strongest signal, ahead of the HS6 x origin / route history.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

# fmt: off
CANONICAL_FIELDS: tuple[str, ...] = (
    "declaration_id", "declared_at", "office", "process_type", "import_type", "import_use",
    "payment_type", "transport_mode", "declarant_id", "importer_id", "seller_id", "courier_id",
    "hs6", "departure_country", "origin_country", "tax_rate", "tax_type", "origin_indicator",
    "net_mass", "item_value",
)
# fmt: on
LABEL_FIELDS: tuple[str, ...] = ("fraud", "critical_fraud")
NUMERIC_FIELDS: tuple[str, ...] = ("tax_rate", "net_mass", "item_value")
CODE_FIELDS: tuple[str, ...] = tuple(
    f for f in CANONICAL_FIELDS if f not in NUMERIC_FIELDS and f != "declared_at"
)

# Exact declared numbers as text keys: a repeated value or mass is a fingerprint of a repeated
# invoice, and the tax rate is a code more than a quantity.
_NUMBER_KEYS: dict[str, str] = {
    "value_key": "item_value",
    "mass_key": "net_mass",
    "tax_rate_key": "tax_rate",
}

# Each history group is a tuple of key fields; the model receives the count of earlier records,
# their fraud count, a smoothed fraud rate and a smoothed critical-fraud rate per group.
HISTORY_GROUPS: dict[str, tuple[str, ...]] = {
    "importer": ("importer_id",),
    "declarant": ("declarant_id",),
    "seller": ("seller_id",),
    "courier": ("courier_id",),
    "hs6": ("hs6",),
    "hs4": ("hs4",),
    "origin": ("origin_country",),
    "departure": ("departure_country",),
    "route": ("departure_country", "origin_country"),
    "office": ("office",),
    "process_type": ("process_type",),
    "import_type": ("import_type",),
    "import_use": ("import_use",),
    "payment_type": ("payment_type",),
    "transport_mode": ("transport_mode",),
    "tax_type": ("tax_type",),
    "tax_rate": ("tax_rate_key",),
    "origin_indicator": ("origin_indicator",),
    "value": ("value_key",),
    "mass": ("mass_key",),
    "importer_hs6": ("importer_id", "hs6"),
    "declarant_hs6": ("declarant_id", "hs6"),
    "seller_hs6": ("seller_id", "hs6"),
    "declarant_importer": ("declarant_id", "importer_id"),
    "hs6_origin": ("hs6", "origin_country"),
    "hs6_route": ("hs6", "departure_country", "origin_country"),
    "office_hs6": ("office", "hs6"),
    "hs6_value": ("hs6", "value_key"),
    "hs6_mass": ("hs6", "mass_key"),
    "value_mass": ("value_key", "mass_key"),
}
# Groups for which the model also gets the deviation of the declared unit value and total value
# from the earlier records of the same group (log-space mean and spread).
DEVIATION_GROUPS: tuple[str, ...] = ("hs6", "hs6_origin")

# fmt: off
BASE_FEATURES: tuple[str, ...] = (
    "log_value", "log_mass", "log_unit_value", "tax_rate", "same_country", "has_courier",
    "has_seller",
)
# fmt: on
GROUP_STATS: tuple[str, ...] = ("n", "fraud", "rate", "critical_rate")
DEVIATION_STATS: tuple[str, ...] = ("unit_z", "value_z")

# Sums kept per group key: records seen, records labelled, frauds, critical frauds.
_N, _L, _F, _C = 0, 1, 2, 3
_LABEL_SUMS = 4
# Bumped whenever the features or the stored aggregates change shape: an artefact built with
# another feature version cannot describe a record the way its boosters learned.
FEATURE_VERSION = 2
_SMOOTHING = 1.0  # pseudo-records at the prior; small because the count is also a feature
_KEY_SEP = "\x1f"

# A canonical frame, or one record as a mapping of one-element arrays.
Columns = pd.DataFrame | Mapping[str, NDArray[Any]]


class MissingFields(ValueError):
    """Records lack canonical fields the risk model needs."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(f"records lack canonical fields: {', '.join(missing)}")


def feature_names() -> list[str]:
    """Column order of every feature matrix; stored with the model so artefacts self-describe."""
    names = list(BASE_FEATURES)
    names += [f"{g}_{s}" for g in HISTORY_GROUPS for s in GROUP_STATS]
    names += [f"{g}_{s}" for g in DEVIATION_GROUPS for s in DEVIATION_STATS]
    return names


def code(value: object) -> str:
    """Canonical text of a code or identifier: blanks and NaN become "", 30.0 becomes "30"."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def number_key(value: object) -> str:
    """Exact text of a declared number, so equal values match across files and live input."""
    number = to_float(value)
    return "" if math.isnan(number) else repr(number)


def to_float(value: object) -> float:
    """Float of a declared number; missing or unreadable values become NaN."""
    if value is None or value == "":
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def hs6_code(value: object) -> str:
    """Six-digit HS subheading as text; numeric inputs lose leading zeros, so pad them back."""
    text = code(value)
    return text.zfill(6) if text.isdigit() and len(text) < 6 else text


def normalise(records: pd.DataFrame) -> pd.DataFrame:
    """Coerce canonical records to one dtype per field and add the derived key fields."""
    missing = [f for f in CANONICAL_FIELDS if f not in records.columns]
    if missing:
        raise MissingFields(missing)
    out = pd.DataFrame(index=pd.RangeIndex(len(records)))
    for name in CODE_FIELDS:
        mapper = hs6_code if name == "hs6" else code
        out[name] = [mapper(v) for v in records[name].tolist()]
    out["declared_at"] = pd.to_datetime(records["declared_at"].to_numpy()).normalize()
    for name in NUMERIC_FIELDS:
        out[name] = pd.to_numeric(records[name], errors="coerce").to_numpy(dtype=float)
    out["hs4"] = out["hs6"].str[:4]
    for key, source in _NUMBER_KEYS.items():
        out[key] = [number_key(v) for v in out[source].tolist()]
    for name in LABEL_FIELDS:
        if name in records.columns:
            # An empty cell stays NaN: the record is unlabelled, not conform.
            out[name] = pd.to_numeric(records[name]).to_numpy(dtype=float)
    return out


def normalise_one(record: Mapping[str, object]) -> dict[str, Any]:
    """The single-record twin of ``normalise``: same text keys, no pandas on the hot path."""
    out: dict[str, Any] = {}
    for name in CODE_FIELDS:
        out[name] = hs6_code(record.get(name)) if name == "hs6" else code(record.get(name))
    for name in NUMERIC_FIELDS:
        out[name] = to_float(record.get(name))
    out["hs4"] = out["hs6"][:4]
    for key, source in _NUMBER_KEYS.items():
        out[key] = number_key(out[source])
    return out


def _log1p(values: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.log1p(np.clip(values, 0.0, None))


def _base_matrix(columns: Columns) -> NDArray[np.float64]:
    """Row-only features, in ``BASE_FEATURES`` order: item size, tax rate, presence flags."""
    log_value = _log1p(np.asarray(columns["item_value"], dtype=float))
    log_mass = _log1p(np.asarray(columns["net_mass"], dtype=float))
    tax_rate = np.asarray(columns["tax_rate"], dtype=float)
    departure = np.asarray(columns["departure_country"])
    same_country = departure == np.asarray(columns["origin_country"])
    has_courier = np.asarray(columns["courier_id"]) != ""
    has_seller = np.asarray(columns["seller_id"]) != ""
    flags = (same_country, has_courier, has_seller)
    return np.column_stack([log_value, log_mass, log_value - log_mass, tax_rate, *flags])


def _keys(frame: pd.DataFrame, fields: tuple[str, ...]) -> NDArray[np.object_]:
    joined = frame[fields[0]].astype(str)
    for name in fields[1:]:
        joined = joined + _KEY_SEP + frame[name].astype(str)
    return joined.to_numpy(dtype=object)


def _unit_and_value(columns: Columns) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    # Missing value or mass counts as 0 in log space for the deviation features.
    log_value = np.nan_to_num(_log1p(np.asarray(columns["item_value"], dtype=float)))
    log_mass = np.nan_to_num(_log1p(np.asarray(columns["net_mass"], dtype=float)))
    return log_value - log_mass, log_value


def _moment_columns(lu: NDArray[np.float64], lv: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.column_stack([lu, lu * lu, lv, lv * lv])


@dataclass(frozen=True)
class GroupTable:
    """Totals per key of one history group: an index of keys and a matching sums matrix."""

    keys: pd.Index
    sums: NDArray[np.float64]  # rows: keys; columns: n, fraud, critical (+ 4 moments)

    def lookup(self, keys: NDArray[np.object_]) -> NDArray[np.float64]:
        """Sums for each key; unseen keys get zeros (no history)."""
        position = self.keys.get_indexer(pd.Index(keys, dtype=object))
        out = np.zeros((len(keys), self.sums.shape[1]))
        seen = position >= 0
        out[seen] = self.sums[position[seen]]
        return out

    def lookup_one(self, key: str) -> NDArray[np.float64] | None:
        """Sums for one key, or None when unseen; avoids array allocation per live call."""
        try:
            position = self.keys.get_loc(key)
        except KeyError:
            return None
        if not isinstance(position, int):  # keys are unique by construction; be defensive
            return None
        row: NDArray[np.float64] = self.sums[position]
        return row


@dataclass(frozen=True)
class HistoryAggregates:
    """Everything scoring needs from the labelled history: priors and per-group key totals."""

    prior: float
    critical_prior: float
    tables: dict[str, GroupTable]


def labelled(history: pd.DataFrame) -> NDArray[np.bool_]:
    """Which records carry a fraud label (an uninspected declaration has none)."""
    if "fraud" not in history.columns:
        return np.zeros(len(history), dtype=bool)
    return np.asarray(~np.isnan(history["fraud"].to_numpy(dtype=float)))


def _label_columns(history: pd.DataFrame) -> NDArray[np.float64]:
    known = labelled(history)
    fraud = np.where(known, np.nan_to_num(history["fraud"].to_numpy(dtype=float)), 0.0)
    critical = known & (history["critical_fraud"].to_numpy(dtype=float) == 2)
    columns = [np.ones(len(history)), known.astype(float), fraud, critical.astype(float)]
    return np.column_stack(columns)


def build_aggregates(history: pd.DataFrame) -> HistoryAggregates:
    """Totals over the whole labelled history (normalised frame), used to score new records."""
    labels = _label_columns(history)
    moments = _moment_columns(*_unit_and_value(history))
    tables: dict[str, GroupTable] = {}
    for name, fields in HISTORY_GROUPS.items():
        values = np.hstack([labels, moments]) if name in DEVIATION_GROUPS else labels
        codes, uniques = pd.factorize(_keys(history, fields))
        sums = np.zeros((len(uniques), values.shape[1]))
        np.add.at(sums, codes, values)
        tables[name] = GroupTable(pd.Index(uniques, dtype=object), sums)
    totals = labels.sum(axis=0)
    return HistoryAggregates(
        prior=float(_prior(totals[_F], totals[_L])),
        critical_prior=float(_prior(totals[_C], totals[_L])),
        tables=tables,
    )


def _prior(events: Any, records: Any) -> Any:
    """Laplace-smoothed base rate: defined (0.5) even before the first labelled record."""
    return (events + 1.0) / (records + 2.0)


def _strictly_earlier_sums(
    keys: NDArray[np.object_], day: NDArray[np.int64], values: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Per row, the sums of ``values`` over rows with the same key and an earlier day."""
    codes, _ = pd.factorize(keys)
    order = np.lexsort((day, codes))
    c_sorted, d_sorted = codes[order], day[order]
    index = np.arange(len(order))
    new_code = np.r_[True, c_sorted[1:] != c_sorted[:-1]]
    new_block = new_code | np.r_[True, d_sorted[1:] != d_sorted[:-1]]
    code_start = np.maximum.accumulate(np.where(new_code, index, 0))
    block_start = np.maximum.accumulate(np.where(new_block, index, 0))
    cumulative = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values[order], axis=0)])
    out = np.empty_like(values)
    out[order] = cumulative[block_start] - cumulative[code_start]
    return out


def _assemble(
    base: NDArray[np.float64],
    group_sums: list[NDArray[np.float64]],
    lu: NDArray[np.float64],
    lv: NDArray[np.float64],
    prior: float | NDArray[np.float64],
    critical_prior: float | NDArray[np.float64],
) -> NDArray[np.float64]:
    """Turn per-group sums into the feature matrix; the one place feature arithmetic lives."""
    blocks = [base]
    deviation: list[NDArray[np.float64]] = []
    for name, sums in zip(HISTORY_GROUPS, group_sums, strict=True):
        n, known, fraud, critical = sums[:, _N], sums[:, _L], sums[:, _F], sums[:, _C]
        rate = (fraud + prior * _SMOOTHING) / (known + _SMOOTHING)
        critical_rate = (critical + critical_prior * _SMOOTHING) / (known + _SMOOTHING)
        blocks.append(np.column_stack([n, fraud, rate, critical_rate]))
        if name in DEVIATION_GROUPS:
            deviation.append(_deviation(n, sums[:, _LABEL_SUMS:], lu, lv))
    return np.hstack(blocks + deviation)


def _deviation(
    n: NDArray[np.float64],
    moments: NDArray[np.float64],
    lu: NDArray[np.float64],
    lv: NDArray[np.float64],
) -> NDArray[np.float64]:
    """z-scores of this row's log unit value and log value against earlier records' spread."""
    safe_n = np.maximum(n, 1.0)
    out = np.full((len(n), 2), np.nan)
    for column, (own, s1, s2) in enumerate(
        ((lu, moments[:, 0], moments[:, 1]), (lv, moments[:, 2], moments[:, 3]))
    ):
        mean = s1 / safe_n
        var = np.maximum(s2 / safe_n - mean * mean, 0.0)
        z = (own - mean) / np.sqrt(var + 0.25)  # floor keeps single-price groups finite
        out[:, column] = np.where(n >= 2, z, np.nan)
    return out


def history_features(history: pd.DataFrame) -> NDArray[np.float64]:
    """Matrix of every row, each described by strictly earlier rows only (their labels if any)."""
    labels = _label_columns(history)
    lu, lv = _unit_and_value(history)
    moments = _moment_columns(lu, lv)
    day = history["declared_at"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    sums = []
    for name, fields in HISTORY_GROUPS.items():
        values = np.hstack([labels, moments]) if name in DEVIATION_GROUPS else labels
        sums.append(_strictly_earlier_sums(_keys(history, fields), day, values))
    # The base rates are themselves history: only labels of earlier days, like everything else.
    overall = _strictly_earlier_sums(np.zeros(len(history), dtype=object), day, labels)
    prior = _prior(overall[:, _F], overall[:, _L])
    critical_prior = _prior(overall[:, _C], overall[:, _L])
    return _assemble(_base_matrix(history), sums, lu, lv, prior, critical_prior)


def scoring_features(records: pd.DataFrame, aggregates: HistoryAggregates) -> NDArray[np.float64]:
    """Scoring matrix for normalised records against the whole labelled history."""
    lu, lv = _unit_and_value(records)
    sums = [
        aggregates.tables[name].lookup(_keys(records, fields))
        for name, fields in HISTORY_GROUPS.items()
    ]
    base = _base_matrix(records)
    return _assemble(base, sums, lu, lv, aggregates.prior, aggregates.critical_prior)


def record_features(
    record: Mapping[str, object], aggregates: HistoryAggregates
) -> NDArray[np.float64]:
    """Feature row (shape 1 x F) of one live declaration item, without building a DataFrame."""
    row = normalise_one(record)
    sums: list[NDArray[np.float64]] = []
    for name, fields in HISTORY_GROUPS.items():
        table = aggregates.tables[name]
        found = table.lookup_one(_KEY_SEP.join(row[f] for f in fields))
        sums.append((np.zeros(table.sums.shape[1]) if found is None else found)[None, :])
    # One-element arrays run the very same arithmetic as the batch path.
    columns = {name: np.array([value]) for name, value in row.items()}
    lu, lv = _unit_and_value(columns)
    base = _base_matrix(columns)
    return _assemble(base, sums, lu, lv, aggregates.prior, aggregates.critical_prior)
