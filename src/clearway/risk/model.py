"""The machine-learning risk scorer: LightGBM over party-history features.

A ``RiskModel`` is a self-contained artefact: the boosters, the history aggregates it needs to
describe a new declaration item, the feature names and metadata saying what it was trained on.
It is built by ``train`` (or loaded from a directory) and passed in to whoever scores; nothing
is trained or loaded at import time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from clearway.risk.features import (
    CANONICAL_FIELDS,
    FEATURE_VERSION,
    GroupTable,
    HistoryAggregates,
    MissingFields,
    build_aggregates,
    feature_names,
    history_features,
    labelled,
    normalise,
    record_features,
    scoring_features,
)

if TYPE_CHECKING:
    import lightgbm as lgb

MODEL_VERSION = "clearway-risk-lgbm-1"
DEFAULT_ROUNDS = 300
DEFAULT_PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_bin": 63,  # coarser histograms: faster boosting, same ranking in time-split checks
    "num_threads": 2,
    "deterministic": True,
    "force_row_wise": True,
    "verbosity": -1,
}
# Below this many rows a batch is scored record by record: building frames costs more than
# the lookups, and live scoring of one declaration must stay in the low milliseconds.
_FAST_PATH_ROWS = 16
# Weights of the boosters' probabilities in the risk score. Critical fraud is rare (about 1 %
# of items) and its own booster ranks it far better than the fraud booster does; at half weight
# it reorders the top of the list without letting non-fraud rows in.
BLEND: dict[str, float] = {"fraud": 1.0, "critical": 0.5}
_METADATA = "metadata.json"
_AGGREGATES = "aggregates.json"

Progress = Callable[[str, float], None]


class EmptyHistory(ValueError):
    """Training was asked to learn from no labelled records."""


class MissingLabels(ValueError):
    """Training history lacks the fraud label, so there is nothing to learn."""


class OneClassHistory(ValueError):
    """Every labelled record has the same label: no ranking can be learned from it."""


class IncompatibleModel(ValueError):
    """A model artefact built with another feature version than this code computes."""

    def __init__(self, path: Path, found: object) -> None:
        super().__init__(
            f"{path}: model built for feature version {found!r}; this Clearway computes "
            f"feature version {FEATURE_VERSION}: retrain it"
        )


@dataclass
class RiskModel:
    """Trained boosters plus the labelled-history aggregates needed to score new records.

    ``boosters`` maps a target ("fraud", optionally "critical") to its booster; the risk score
    is their probabilities blended with ``blend`` weights, so critical frauds rank first among
    the frauds without being a separate list for officers to read.
    """

    boosters: dict[str, lgb.Booster]
    aggregates: HistoryAggregates
    feature_names: list[str]
    blend: dict[str, float] = field(default_factory=lambda: dict(BLEND))
    metadata: dict[str, Any] = field(default_factory=dict)

    def features(self, records: pd.DataFrame) -> NDArray[np.float64]:
        """Feature matrix of canonical records against this model's history."""
        return scoring_features(normalise(records), self.aggregates)

    def _combine(self, matrix: NDArray[np.float64], **kwargs: Any) -> NDArray[np.float64]:
        total = sum(self.blend[t] for t in self.boosters)
        outputs = [
            self.blend[target] / total * np.asarray(booster.predict(matrix, **kwargs), dtype=float)
            for target, booster in self.boosters.items()
        ]
        return np.asarray(np.sum(outputs, axis=0), dtype=float)

    def _matrix(self, records: pd.DataFrame) -> tuple[NDArray[np.float64], dict[str, Any]]:
        missing = [f for f in CANONICAL_FIELDS if f not in records.columns]
        if missing:
            raise MissingFields(missing)
        if len(records) <= _FAST_PATH_ROWS:
            rows = [record_features(r, self.aggregates) for r in _as_dicts(records)]
            return np.vstack(rows), {"num_threads": 1}
        return self.features(records), {}

    def score(self, records: pd.DataFrame) -> NDArray[np.float64]:
        """Risk score in [0, 1] per canonical record, in input order; higher is riskier."""
        if len(records) == 0:
            return np.zeros(0)
        matrix, options = self._matrix(records)
        return self._combine(matrix, **options)

    def score_one(self, record: Mapping[str, object]) -> float:
        """Risk score of one canonical record given as a plain mapping (live path)."""
        return float(self._combine(record_features(record, self.aggregates), num_threads=1)[0])

    def probabilities(self, records: pd.DataFrame) -> dict[str, NDArray[np.float64]]:
        """Per target ("fraud", "critical"), the probability behind the blended score."""
        matrix, options = self._matrix(records)
        return {
            target: np.asarray(booster.predict(matrix, **options), dtype=float)
            for target, booster in self.boosters.items()
        }

    def explain(self, records: pd.DataFrame, top: int = 5) -> list[list[tuple[str, float]]]:
        """Per record, the ``top`` features by absolute contribution (blended log-odds)."""
        if len(records) == 0:
            return []
        matrix, options = self._matrix(records)
        contributions = self._combine(matrix, pred_contrib=True, **options)[:, :-1]  # no bias
        result: list[list[tuple[str, float]]] = []
        for row in contributions:
            order = np.argsort(-np.abs(row), kind="stable")[:top]
            result.append([(self.feature_names[i], float(row[i])) for i in order])
        return result

    def save(self, path: Path) -> None:
        """Write the artefact as a directory: model text files, metadata and aggregates JSON."""
        path.mkdir(parents=True, exist_ok=True)
        files = {target: _booster_file(target) for target in self.boosters}
        for target, booster in self.boosters.items():
            booster.save_model(str(path / files[target]))
        metadata = {
            **self.metadata,
            "feature_names": self.feature_names,
            "model_files": files,
            "blend": self.blend,
        }
        (path / _METADATA).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
        (path / _AGGREGATES).write_text(json.dumps(_aggregates_to_json(self.aggregates)))

    @classmethod
    def load(cls, path: Path) -> RiskModel:
        """Read an artefact written by ``save``."""
        import lightgbm as lgb

        metadata = json.loads((path / _METADATA).read_text())
        if metadata.get("feature_version") != FEATURE_VERSION:
            raise IncompatibleModel(path, metadata.get("feature_version"))
        files: dict[str, str] = metadata.pop("model_files")
        boosters = {t: lgb.Booster(model_file=str(path / name)) for t, name in files.items()}
        aggregates = _aggregates_from_json(json.loads((path / _AGGREGATES).read_text()))
        names = list(metadata.pop("feature_names"))
        blend = {str(t): float(w) for t, w in metadata.pop("blend").items()}
        return cls(boosters, aggregates, names, blend, metadata)


def load(path: Path) -> RiskModel:
    """Read a saved risk model directory."""
    return RiskModel.load(path)


def _aggregates_to_json(aggregates: HistoryAggregates) -> dict[str, Any]:
    """Plain JSON (no pickle), so an artefact can be inspected and loaded without running code."""
    tables = {
        name: {"keys": [str(k) for k in t.keys], "sums": [c.tolist() for c in t.sums.T]}
        for name, t in aggregates.tables.items()
    }
    return {
        "prior": aggregates.prior,
        "critical_prior": aggregates.critical_prior,
        "tables": tables,
    }


def _aggregates_from_json(data: Mapping[str, Any]) -> HistoryAggregates:
    tables = {
        name: GroupTable(
            keys=pd.Index(t["keys"], dtype=object),
            sums=np.array(t["sums"], dtype=float).T,  # stored column-wise
        )
        for name, t in data["tables"].items()
    }
    return HistoryAggregates(float(data["prior"]), float(data["critical_prior"]), tables)


def _booster_file(target: str) -> str:
    return "model.txt" if target == "fraud" else f"model-{target}.txt"


def _as_dicts(records: pd.DataFrame) -> list[dict[str, object]]:
    # Row-wise object arrays: DataFrame.to_dict costs about a millisecond even for one row.
    columns = [str(c) for c in records.columns]
    return [dict(zip(columns, row, strict=True)) for row in records.to_numpy(dtype=object)]


def train(
    history: pd.DataFrame,
    *,
    seed: int = 42,
    progress: Progress | None = None,
    rounds: int = DEFAULT_ROUNDS,
    params: Mapping[str, Any] | None = None,
    blend: Mapping[str, float] | None = None,
) -> RiskModel:
    """Learn a risk model from canonical records, learning from the labelled ones only.

    Each history row is described only by rows dated strictly before it, the same way a future
    declaration is described by the whole history, so the model learns from what scoring sees.
    Rows with no fraud label (never inspected) feed the party history and are never a label.
    An optional ``weight`` column weighs labelled rows (inverse propensity of their selection).
    A second booster learns critical fraud (label 2) when the history has any.
    """
    import lightgbm as lgb  # here, not at import: the CLI and API load this module eagerly

    if len(history) == 0:
        raise EmptyHistory("history has no records to learn from")
    if "fraud" not in history.columns:
        raise MissingLabels("history has no fraud label column")
    history = history.copy()
    if "critical_fraud" not in history.columns:
        history["critical_fraud"] = history["fraud"]
    frame = normalise(history)
    if "weight" in history.columns:
        frame["weight"] = pd.to_numeric(history["weight"]).to_numpy(dtype=float)
    frame = frame.sort_values("declared_at", kind="stable").reset_index(drop=True)
    known = labelled(frame)
    _refuse_unlearnable(frame, known)
    report = progress or (lambda stage, done: None)
    report("features", 0.0)
    matrix = history_features(frame)[known]
    aggregates = build_aggregates(frame)
    names = feature_names()
    report("features", 1.0)
    learned = frame[known]
    targets = {
        "fraud": learned["fraud"].to_numpy(dtype=float),
        "critical": (learned["critical_fraud"].to_numpy(dtype=float) == 2).astype(float),
    }
    sample_weight = learned["weight"].to_numpy(dtype=float) if "weight" in learned else None
    wanted = blend or BLEND
    weights = {t: w for t, w in wanted.items() if t in targets and w > 0 and targets[t].any()}
    weights.setdefault("fraud", BLEND["fraud"])
    full_params = {**DEFAULT_PARAMS, **(params or {}), "seed": seed}
    boosters: dict[str, lgb.Booster] = {}
    for index, target in enumerate(sorted(weights, key=list(BLEND).index)):

        def tick(env: Any, index: int = index, stage: str = f"{target} model") -> None:
            report(stage, (index + (env.iteration + 1) / env.end_iteration) / len(weights))

        dataset = lgb.Dataset(
            matrix, targets[target], weight=sample_weight, feature_name=names, free_raw_data=True
        )
        boosters[target] = lgb.train(full_params, dataset, rounds, callbacks=[tick])
    days = frame["declared_at"]
    metadata: dict[str, Any] = {
        "version": MODEL_VERSION,
        "feature_version": FEATURE_VERSION,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "window": {"from": days.min().date().isoformat(), "to": days.max().date().isoformat()},
        "rows": len(frame),
        "labelled_rows": int(known.sum()),
        "weighted": sample_weight is not None,
        "fraud_rate": _rounded(float(targets["fraud"].mean())),
        "features": len(names),
        "params": {**full_params, "rounds": rounds},
        "metrics": {},
    }
    return RiskModel(boosters, aggregates, names, weights, metadata)


def _refuse_unlearnable(frame: pd.DataFrame, known: NDArray[np.bool_]) -> None:
    """No labelled row, or one class only: refuse before any work, with the counts."""
    if not known.any():
        raise EmptyHistory(f"history has {len(frame)} records and none is labelled")
    classes = np.unique(frame["fraud"].to_numpy(dtype=float)[known])
    if len(classes) < 2:
        raise OneClassHistory(
            f"all {int(known.sum())} labelled records have fraud = {int(classes[0])}; "
            "a model needs both conform and nonconform outcomes"
        )


def _rounded(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)
