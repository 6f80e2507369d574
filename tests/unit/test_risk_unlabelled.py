"""A declaration nobody inspected has no label: it is party history, never conform or fraud."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clearway.risk.features import feature_names, history_features, normalise
from clearway.risk.kcs import read_kcs
from clearway.risk.model import (
    EmptyHistory,
    IncompatibleModel,
    OneClassHistory,
    RiskModel,
    train,
)

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "kcs_sample.csv"


@pytest.fixture(scope="module")
def declarations() -> pd.DataFrame:
    return read_kcs(SAMPLE)


def _without_labels(frame: pd.DataFrame, rows: slice | list[int]) -> pd.DataFrame:
    out = frame.copy()
    out["fraud"] = out["fraud"].astype(float)
    out["critical_fraud"] = out["critical_fraud"].astype(float)
    out.loc[out.index[rows], ["fraud", "critical_fraud"]] = np.nan
    return out


def _column(name: str) -> int:
    return feature_names().index(name)


def test_empty_fraud_cell_reads_as_unlabelled(tmp_path: Path) -> None:
    raw = pd.read_csv(SAMPLE, dtype=str)
    raw.loc[:9, ["Fraud", "Critical Fraud"]] = ""
    path = tmp_path / "partly.csv"
    raw.to_csv(path, index=False)
    records = normalise(read_kcs(path, labels=True))
    assert records["fraud"].isna().sum() == 10
    assert records["fraud"].notna().sum() == 590


def test_unlabelled_rows_count_as_seen_but_never_as_fraud_or_conform(
    declarations: pd.DataFrame,
) -> None:
    """Dropping a row's label keeps the 'seen' counts and leaves every rate as if it were gone."""
    frame = normalise(declarations).sort_values("declared_at", kind="stable")
    frame = frame.reset_index(drop=True)
    first_day = frame["declared_at"] == frame["declared_at"].min()
    hidden = list(np.flatnonzero(first_day.to_numpy()))
    full = history_features(frame)
    partial = history_features(_without_labels(frame, hidden))
    dropped = history_features(frame.drop(index=hidden).reset_index(drop=True))
    later = ~first_day.to_numpy()
    seen = _column("importer_n")
    np.testing.assert_array_equal(partial[:, seen], full[:, seen])
    rate, fraud = _column("hs6_rate"), _column("hs6_fraud")
    np.testing.assert_allclose(partial[later][:, rate], dropped[:, rate])
    np.testing.assert_array_equal(partial[later][:, fraud], dropped[:, fraud])


def test_training_learns_from_labelled_rows_only(declarations: pd.DataFrame) -> None:
    partial = _without_labels(declarations, slice(0, 200))
    model = train(partial, seed=7)
    assert model.metadata["rows"] == 600
    assert model.metadata["labelled_rows"] == 400
    assert model.aggregates.tables["importer"].sums[:, 0].sum() == 600  # all seen
    assert model.aggregates.tables["importer"].sums[:, 1].sum() == 400  # labelled


def test_no_labelled_row_is_refused(declarations: pd.DataFrame) -> None:
    with pytest.raises(EmptyHistory, match="none is labelled"):
        train(_without_labels(declarations, slice(None)))


def test_labels_of_one_class_are_refused(declarations: pd.DataFrame) -> None:
    conform = declarations[declarations["fraud"] == 0]
    with pytest.raises(OneClassHistory, match="fraud = 0"):
        train(conform)


def test_weights_change_what_is_learned(declarations: pd.DataFrame) -> None:
    plain = train(declarations, seed=7, rounds=20)
    weighted = declarations.assign(weight=np.where(declarations.index % 2 == 0, 10.0, 1.0))
    model = train(weighted, seed=7, rounds=20)
    assert model.metadata["weighted"] is True
    assert not np.array_equal(plain.score(declarations), model.score(declarations))


def test_artefact_of_another_feature_version_is_refused(
    declarations: pd.DataFrame, tmp_path: Path
) -> None:
    train(declarations, seed=7, rounds=5).save(tmp_path)
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    metadata["feature_version"] = 1
    (tmp_path / "metadata.json").write_text(json.dumps(metadata))
    with pytest.raises(IncompatibleModel, match="retrain"):
        RiskModel.load(tmp_path)


def test_a_random_pick_weighs_the_inverse_of_its_draw_chance_up_to_the_cap() -> None:
    from clearway.config import Settings
    from clearway.risk.platform_history import draw_weight, label_of
    from clearway.risk.screening import selectivity_config

    settings = Settings(risk_random_quota={"*": {"red": 0.05, "yellow": 0.05}})
    config = selectivity_config(settings)
    assert draw_weight(config, "1901", "import", "regular", cap=20.0) == pytest.approx(10.0)
    assert draw_weight(config, "1901", "import", "regular", cap=4.0) == 4.0
    assert label_of([False, True], [None, "1200.00"], 1.0).critical_fraud == 2
    assert label_of([False, False], [None], 1.0).fraud == 0
