"""Top-n % figures an inspection planner reads, worked out by hand on tiny rankings."""

from __future__ import annotations

import pytest

from clearway.risk.evaluation import (
    critical_share_at,
    precision_recall_at,
    rate_label,
    roc_auc,
    top_k,
)

# Ten declarations; three tie at the top (0.9) and three tie at 0.5.
SCORES = [0.9, 0.5, 0.9, 0.1, 0.5, 0.5, 0.2, 0.0, 0.3, 0.9]
FRAUD = [1, 0, 0, 0, 1, 1, 0, 0, 1, 1]
CRITICAL = [2, 0, 0, 0, 1, 2, 0, 0, 2, 1]


def test_ties_go_to_the_earlier_row() -> None:
    assert top_k(SCORES, 20).tolist() == [0, 2]
    assert top_k(SCORES, 50).tolist() == [0, 2, 9, 1, 4]


def test_k_is_floored() -> None:
    assert len(top_k(SCORES, 15)) == 1  # 10 * 15 / 100 = 1.5
    assert len(top_k(SCORES, 9)) == 0
    assert len(top_k(list(range(99)), 1)) == 0


def test_precision_and_recall_at_each_rate() -> None:
    figures = precision_recall_at(SCORES, FRAUD, rates=(10, 20, 30, 50))
    # top 1: [0] -> 1 fraud; top 2: [0, 2] -> 1; top 3: [0, 2, 9] -> 2; top 5 adds 1, 4 -> 3.
    assert figures["precision"] == {"10": 1.0, "20": 0.5, "30": pytest.approx(2 / 3), "50": 0.6}
    assert figures["recall"] == {"10": 0.2, "20": 0.2, "30": 0.4, "50": 0.6}


def test_precision_is_none_when_no_row_is_selected() -> None:
    figures = precision_recall_at(SCORES, FRAUD, rates=(5,))
    assert figures["precision"] == {"5": None}
    assert figures["recall"] == {"5": 0.0}


def test_recall_is_none_without_any_fraud() -> None:
    assert precision_recall_at(SCORES, [0] * 10, rates=(50,))["recall"] == {"50": None}


def test_critical_share_counts_only_label_two() -> None:
    # Critical rows: 0, 5, 8. Top 3 = [0, 2, 9] holds one; top 5 adds 1, 4: still one.
    share = critical_share_at(SCORES, CRITICAL, rates=(30, 50, 100))
    assert share == {"30": pytest.approx(1 / 3), "50": pytest.approx(1 / 3), "100": 1.0}
    assert critical_share_at(SCORES, [0] * 10, rates=(50,)) == {"50": None}


def test_roc_auc_and_its_degenerate_case() -> None:
    assert roc_auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == pytest.approx(0.75)
    assert roc_auc([0.1, 0.2], [1, 1]) is None


def test_rate_labels_are_compact() -> None:
    assert [rate_label(r) for r in (1, 5.0, 0.5, 10)] == ["1", "5", "0.5", "10"]
