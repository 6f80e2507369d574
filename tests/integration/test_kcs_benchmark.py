"""The public KCS benchmark, train file -> valid file, when the data sits next to the repo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clearway.cli.risk import app

KCS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "kcs"
TRAIN = KCS / "df_syn_train_eng.csv"
VALID = KCS / "df_syn_valid_eng.csv"


@pytest.mark.slow
def test_train_to_valid_ranks_fraud_well() -> None:
    if not (TRAIN.exists() and VALID.exists()):
        pytest.skip("../shared/data/kcs not present: public KCS files are not shipped")
    args = ["evaluate", "--dataset", "kcs", "--history", str(TRAIN), "--test", str(VALID)]
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["history_rows"] == 37385
    assert report["test_rows"] == 8134
    assert report["precision"]["5"] > 0.5
    assert report["roc_auc"] > 0.7
