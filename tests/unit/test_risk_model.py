"""The ML risk scorer on a 600-item sample of the public KCS declarations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clearway.risk.features import (
    CANONICAL_FIELDS,
    MissingFields,
    feature_names,
    history_features,
    normalise,
)
from clearway.risk.kcs import DatasetColumnsMissing, read_kcs
from clearway.risk.model import EmptyHistory, MissingLabels, RiskModel, train

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLE = FIXTURES / "kcs_sample.csv"
UNLABELLED = FIXTURES / "kcs_sample_unlabelled.csv"


@pytest.fixture(scope="module")
def declarations() -> pd.DataFrame:
    return read_kcs(SAMPLE)


@pytest.fixture(scope="module")
def model(declarations: pd.DataFrame) -> RiskModel:
    return train(declarations, seed=7)


def test_read_kcs_gives_canonical_records(declarations: pd.DataFrame) -> None:
    assert list(declarations.columns) == [*CANONICAL_FIELDS, "fraud", "critical_fraud"]
    assert len(declarations) == 600
    assert declarations["declared_at"].dt.year.unique().tolist() == [2020]
    assert all(len(code) == 6 for code in normalise(declarations)["hs6"])


def test_unlabelled_file_reads_without_labels() -> None:
    records = read_kcs(UNLABELLED)
    assert list(records.columns) == list(CANONICAL_FIELDS)


def test_missing_columns_are_named_on_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.csv"
    pd.read_csv(SAMPLE).drop(columns=["Importer ID", "Item Price"]).to_csv(broken, index=False)
    with pytest.raises(DatasetColumnsMissing) as caught:
        read_kcs(broken)
    assert caught.value.missing == ["Importer ID", "Item Price"]
    message = str(caught.value)
    assert "Importer ID, Item Price" in message and "\n" not in message
    with pytest.raises(DatasetColumnsMissing, match="Fraud, Critical Fraud"):
        read_kcs(UNLABELLED, labels=True)


def test_trained_model_scores_every_record(model: RiskModel) -> None:
    scores = model.score(read_kcs(UNLABELLED))
    assert scores.shape == (600,)
    assert ((scores >= 0) & (scores <= 1)).all()
    assert model.metadata["window"] == {"from": "2020-01-02", "to": "2020-12-31"}
    assert model.metadata["rows"] == 600
    assert model.feature_names == feature_names()


def test_training_is_deterministic_for_a_seed(declarations: pd.DataFrame, model: RiskModel) -> None:
    again = train(declarations, seed=7)
    np.testing.assert_array_equal(again.score(declarations), model.score(declarations))


def test_single_record_path_matches_batch(declarations: pd.DataFrame, model: RiskModel) -> None:
    batch = model.score(declarations)
    singles = [model.score_one(r) for r in declarations.head(40).to_dict("records")]
    small_batch = model.score(declarations.head(5))  # goes through the fast path
    np.testing.assert_array_equal(batch[:40], singles)
    np.testing.assert_array_equal(batch[:5], small_batch)


def test_features_never_see_labels_of_the_same_day_or_later(declarations: pd.DataFrame) -> None:
    frame = normalise(declarations)
    per_day = frame["declared_at"].value_counts().sort_index()
    busy_days = per_day[per_day >= 3].index  # same-day rows share office, route, type keys
    day = busy_days[len(busy_days) // 2]
    flipped = frame.copy()
    later = flipped["declared_at"] >= day
    flipped.loc[later, "fraud"] = 1 - flipped.loc[later, "fraud"]
    flipped.loc[later, "critical_fraud"] = np.where(flipped.loc[later, "fraud"] == 1, 2, 0)
    up_to_day = (frame["declared_at"] <= day).to_numpy()
    before = history_features(frame)[up_to_day]
    after = history_features(flipped)[up_to_day]
    np.testing.assert_array_equal(before, after)
    # Sanity: the flip is visible to rows dated after the day.
    later_rows = ~up_to_day
    assert not np.array_equal(
        history_features(frame)[later_rows], history_features(flipped)[later_rows]
    )


def test_empty_history_is_refused(declarations: pd.DataFrame) -> None:
    with pytest.raises(EmptyHistory):
        train(declarations.iloc[:0])
    with pytest.raises(MissingLabels):
        train(declarations.drop(columns=["fraud", "critical_fraud"]))


def test_scoring_records_without_a_field_is_refused(model: RiskModel) -> None:
    with pytest.raises(MissingFields, match="hs6"):
        model.score(read_kcs(UNLABELLED).drop(columns=["hs6"]))


def test_save_and_load_give_identical_scores(
    tmp_path: Path, declarations: pd.DataFrame, model: RiskModel
) -> None:
    target = tmp_path / "risk-model"
    model.save(target)
    written = {p.name for p in target.iterdir()}
    assert written == {"model.txt", "model-critical.txt", "metadata.json", "aggregates.json"}
    loaded = RiskModel.load(target)
    np.testing.assert_array_equal(loaded.score(declarations), model.score(declarations))
    assert loaded.metadata["window"] == model.metadata["window"]
    assert loaded.feature_names == model.feature_names


def test_score_blends_fraud_and_critical_fraud_probabilities(
    declarations: pd.DataFrame, model: RiskModel
) -> None:
    parts = model.probabilities(declarations)
    assert set(parts) == {"fraud", "critical"}
    expected = (parts["fraud"] * 1.0 + parts["critical"] * 0.5) / 1.5
    np.testing.assert_allclose(model.score(declarations), expected, rtol=1e-12)


def test_history_without_critical_fraud_trains_the_fraud_booster_only(
    declarations: pd.DataFrame,
) -> None:
    plain = declarations.assign(critical_fraud=declarations["fraud"])
    assert set(train(plain, seed=7).boosters) == {"fraud"}


def test_explain_lists_the_strongest_contributions(
    declarations: pd.DataFrame, model: RiskModel
) -> None:
    explanations = model.explain(declarations.head(3), top=4)
    assert len(explanations) == 3
    for row in explanations:
        assert len(row) == 4
        assert all(name in model.feature_names for name, _ in row)
        sizes = [abs(value) for _, value in row]
        assert sizes == sorted(sizes, reverse=True)
