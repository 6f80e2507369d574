"""Scorers and the canonical records a declaration becomes for the model."""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from clearway.declarations.model import Declaration, DeclarationItem, Flow, TransportMode
from clearway.risk.declaration_features import feature_records
from clearway.risk.features import CANONICAL_FIELDS
from clearway.risk.scoring import ModelScorer, NullScorer


class FakeModel:
    def __init__(self, version: str, fail: bool = False) -> None:
        self.metadata = {"version": version}
        self.fail = fail

    def score(self, df: pd.DataFrame) -> Any:
        if self.fail:
            raise ValueError("broken booster")
        return np.asarray(df["item_value"], dtype=float) / 1e6

    def explain(self, df: pd.DataFrame, top: int = 5) -> list[list[tuple[str, float]]]:
        return [[("item_value", float(v) / 1e6)] for v in df["item_value"]]


def artefact(folder: Path, name: str, version: str, mtime: float) -> Path:
    path = folder / name
    path.mkdir()
    (path / "metadata.json").write_text(json.dumps({"version": version}))
    os.utime(path / "metadata.json", (mtime, mtime))
    return path


RECORDS = [{"item_value": 200_000.0}, {"item_value": 700_000.0}]


def test_null_scorer() -> None:
    assert NullScorer().score(RECORDS) == (0.0, [], "none")


def test_model_scorer_takes_the_newest_artefact_and_swaps_without_restart(
    tmp_path: Path,
) -> None:
    loaded: list[str] = []

    def load(path: Path) -> FakeModel:
        loaded.append(path.name)
        return FakeModel(json.loads((path / "metadata.json").read_text())["version"])

    scorer = ModelScorer(tmp_path / "models", check_seconds=0, loader=load)
    assert scorer.score(RECORDS) == (0.0, [], "none")
    (tmp_path / "models").mkdir()
    artefact(tmp_path / "models", "2026-11-01", "lgbm-1", 1_000)
    score, features, version = scorer.score(RECORDS)
    assert (score, features, version) == (0.7, [("item_value", 0.7)], "lgbm-1@2026-11-01")
    scorer.score(RECORDS)
    assert loaded == ["2026-11-01"]  # not reloaded while unchanged
    artefact(tmp_path / "models", "2026-11-15", "lgbm-2", 2_000)
    assert scorer.score(RECORDS)[2] == "lgbm-2@2026-11-15"
    assert loaded == ["2026-11-01", "2026-11-15"]


def test_a_failing_model_degrades_to_the_null_score(tmp_path: Path) -> None:
    artefact(tmp_path, "m", "lgbm-1", 1_000)
    scorer = ModelScorer(tmp_path, loader=lambda _path: FakeModel("lgbm-1", fail=True))
    assert scorer.score(RECORDS) == (0.0, [], "none (lgbm-1@m failed)")

    def unloadable(_path: Path) -> FakeModel:
        raise OSError("truncated file")

    assert ModelScorer(tmp_path, loader=unloadable).score(RECORDS) == (0.0, [], "none")


def test_a_declaration_becomes_one_canonical_record_per_item() -> None:
    declaration = Declaration(
        number="7909-2026-I-000001",
        flow=Flow.IMPORT,
        trader_id=2,
        broker_id=3,
        office_code="7909",
        port_code="7909",
        transport_mode=TransportMode.RAIL,
        supervision_mode="0110",
        trade_country="KZ",
        currency="USD",
        overseas_party="Sokolov Mining",
        declaration_date=date(2026, 11, 20),
        created_at=datetime(2026, 11, 20, tzinfo=UTC),
    )
    declaration.items = [
        DeclarationItem(
            line_no=1,
            tariff_code="2601111000",
            net_weight=Decimal("5000000"),
            value=Decimal("600000"),
            origin_country="KZ",
        )
    ]
    records = feature_records(declaration, Decimal("7.1"), {"2601111000": Decimal("0")})
    assert list(records[0]) == list(CANONICAL_FIELDS)
    assert records[0] | {} == {
        "declaration_id": "7909-2026-I-000001",
        "declared_at": date(2026, 11, 20),
        "office": "7909",
        "process_type": "import",
        "import_type": "0110",
        "import_use": "",
        "payment_type": "",
        "transport_mode": "rail",
        "declarant_id": "3",
        "importer_id": "2",
        "seller_id": "Sokolov Mining",
        "courier_id": "",
        "hs6": "260111",
        "departure_country": "KZ",
        "origin_country": "KZ",
        "tax_rate": 0.0,
        "tax_type": "",
        "origin_indicator": "",
        "net_mass": 5_000_000.0,
        "item_value": 4_260_000.0,
    }
