"""Scorers turn a declaration's canonical records into one risk score and its top features.

Selectivity only needs a number, the features that drove it and the model version, so the
scorer is an interface with a null implementation (no model yet: every score is 0 and the
top-up falls back to a fair draw) and a model implementation that picks up the newest trained
artefact in the model directory — loaded lazily on first use and swapped when a newer one
appears, without restarting anything. A broken or missing model never blocks a submission: the
declaration is screened with the null score and the version says so.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

log = logging.getLogger("clearway.risk")

Records = Sequence[Mapping[str, object]]
ScoreResult = tuple[float, list[tuple[str, float]], str]
NULL_VERSION = "none"
_METADATA = "metadata.json"


class Scorer(Protocol):
    def score(self, declaration_records: Records) -> ScoreResult:
        """(score, top features with contributions, model version) of one declaration."""
        ...


class NullScorer:
    """No model: a score of 0 for every declaration."""

    def score(self, declaration_records: Records) -> ScoreResult:
        return 0.0, [], NULL_VERSION


class ModelScorer:
    """The newest artefact under ``model_dir``; the declaration's score is its riskiest item's."""

    def __init__(
        self,
        model_dir: Path,
        check_seconds: float = 5.0,
        top: int = 5,
        monotonic: Callable[[], float] = time.monotonic,
        loader: Callable[[Path], Any] | None = None,
    ) -> None:
        self._dir = Path(model_dir)
        self._loader = loader
        self._check_seconds = check_seconds
        self._top = top
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._model: Any = None
        self._loaded: tuple[str, float] | None = None  # (artefact path, mtime)
        self._version = NULL_VERSION
        self._checked_at: float | None = None

    def newest_artefact(self) -> Path | None:
        """The most recently written artefact directory (one holding metadata.json)."""
        if not self._dir.is_dir():
            return None
        found = [p for p in self._dir.iterdir() if (p / _METADATA).is_file()]
        if not found:
            return None
        return max(found, key=lambda p: ((p / _METADATA).stat().st_mtime, p.name))

    def _current(self) -> tuple[Any, str]:
        with self._lock:
            now = self._monotonic()
            if self._checked_at is not None and now - self._checked_at < self._check_seconds:
                return self._model, self._version
            self._checked_at = now
            try:
                self._refresh()
            except Exception:  # a bad artefact must not stop clearance
                log.exception("risk model could not be loaded; keeping the previous one")
            return self._model, self._version

    def _refresh(self) -> None:
        path = self.newest_artefact()
        if path is None:
            self._model, self._version, self._loaded = None, NULL_VERSION, None
            return
        key = (str(path), (path / _METADATA).stat().st_mtime)
        if key == self._loaded:
            return
        load = self._loader
        if load is None:
            try:
                load = importlib.import_module("clearway.risk.model").RiskModel.load
            except ImportError:
                log.warning("clearway.risk.model is not available; screening without a model")
                return
        model = load(path)
        version = str(model.metadata.get("version", "model"))
        self._model, self._version, self._loaded = model, f"{version}@{path.name}", key
        log.info("risk model %s loaded from %s", self._version, path)

    def score(self, declaration_records: Records) -> ScoreResult:
        model, version = self._current()
        if model is None or not declaration_records:
            return 0.0, [], NULL_VERSION
        try:
            import pandas as pd

            frame = pd.DataFrame(list(declaration_records))
            scores = [float(s) for s in model.score(frame)]
            riskiest = max(range(len(scores)), key=lambda i: scores[i])
            features = model.explain(frame.iloc[[riskiest]], top=self._top)[0]
        except Exception:  # scoring trouble degrades to the null score, never to a refusal
            log.exception("risk model %s failed to score; using the null score", version)
            return 0.0, [], f"{NULL_VERSION} ({version} failed)"
        return scores[riskiest], [(str(n), float(v)) for n, v in features], version
