"""How well a risk ranking would have used a limited inspection capacity.

Officers can inspect only the top n % of declarations, so the figures that matter are the
precision and recall of the top k = floor(N * n / 100) rows by score. Ties are broken by input
order (stable), so the same scores always select the same rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    import pandas as pd

    from clearway.risk.model import RiskModel

DEFAULT_RATES: tuple[float, ...] = (1, 2, 5, 10)


def rate_label(rate: float) -> str:
    """JSON key of a rate: 5 -> "5", 0.5 -> "0.5"."""
    return f"{rate:g}"


def top_k(scores: ArrayLike, rate: float) -> NDArray[np.intp]:
    """Row positions of the top ``rate`` % by score; ties go to the earlier row."""
    values = np.asarray(scores, dtype=float)
    k = int(np.floor(len(values) * rate / 100))
    order = np.lexsort((np.arange(len(values)), -values))  # last key is the primary key
    return order[:k]


def precision_recall_at(
    scores: ArrayLike, labels: ArrayLike, rates: Sequence[float] = DEFAULT_RATES
) -> dict[str, dict[str, float | None]]:
    """Precision and recall of the top n % for each rate.

    Precision is None when k is 0 (too few rows for that rate); recall is None when there is no
    fraud at all.
    """
    truth = np.asarray(labels).astype(bool)
    total = int(truth.sum())
    precision: dict[str, float | None] = {}
    recall: dict[str, float | None] = {}
    for rate in rates:
        chosen = top_k(scores, rate)
        caught = int(truth[chosen].sum())
        precision[rate_label(rate)] = caught / len(chosen) if len(chosen) else None
        recall[rate_label(rate)] = caught / total if total else None
    return {"precision": precision, "recall": recall}


def critical_share_at(
    scores: ArrayLike, critical: ArrayLike, rates: Sequence[float] = DEFAULT_RATES
) -> dict[str, float | None]:
    """Share of critical frauds (label 2) that fall in the top n %; None without any."""
    is_critical = np.asarray(critical) == 2
    total = int(is_critical.sum())
    return {
        rate_label(rate): int(is_critical[top_k(scores, rate)].sum()) / total if total else None
        for rate in rates
    }


def roc_auc(scores: ArrayLike, labels: ArrayLike) -> float | None:
    """Area under the ROC curve; None when the labels hold a single class."""
    from sklearn.metrics import roc_auc_score  # slow to import; only evaluation needs it

    truth = np.asarray(labels).astype(int)
    if len(np.unique(truth)) < 2:
        return None
    return float(roc_auc_score(truth, np.asarray(scores, dtype=float)))


def evaluate(
    model: RiskModel, test: pd.DataFrame, rates: Sequence[float] = DEFAULT_RATES
) -> dict[str, Any]:
    """Score canonical records and report the ranking figures over the labelled ones (JSON-ready).

    A test row without a label was never inspected: it cannot count as a hit nor as a miss.
    """
    known = ~np.isnan(np.asarray(test["fraud"], dtype=float))
    test = test[known]
    scores = model.score(test)
    labels = test["fraud"].to_numpy()
    critical = test["critical_fraud"].to_numpy() if "critical_fraud" in test else labels * 0
    fraud_rate = float(labels.mean()) if len(labels) else None
    result: dict[str, Any] = {"test_rows": len(test), "fraud_rate": fraud_rate}
    result.update(precision_recall_at(scores, labels, rates))
    result["critical_share"] = critical_share_at(scores, critical, rates)
    result["roc_auc"] = roc_auc(scores, labels)
    return result
