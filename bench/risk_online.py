"""Online targeting benchmark: the risk engine learning week by week from its own inspections.

Run from the repository root: ``python bench/risk_online.py [--labelled 0.3] [--rounds 300]``.
On the public KCS files in ``../shared/data/kcs``: the 2020 history keeps its fraud label on
a random 30 % of rows only (the rest were never inspected: party history, no label); then
week by week over the three months of 2021 the model is trained on what is known, scores the
week, "inspects" the top 5 % plus a 1 % random draw of the rest, and only those labels join
the history before the next week. The same protocol with every label known is the ceiling.
Prints one JSON object: the mean weekly precision of the top 5 % under both, their ratio
(target ≥ 0.9) and the training time per week. A week's labels are never used before that
week has been scored.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from clearway.risk.evaluation import top_k
from clearway.risk.kcs import read_kcs
from clearway.risk.model import DEFAULT_ROUNDS, train

ROOT = Path(__file__).resolve().parents[1]
KCS = ROOT.parent / "shared" / "data" / "kcs"
TARGET_RATIO = 0.9
LABELS = ["fraud", "critical_fraud"]


def weeks_of(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """The frame cut into calendar weeks (Monday to Sunday), in order."""
    period = frame["declared_at"].dt.to_period("W-SUN")
    return [frame[period == p] for p in sorted(period.unique())]


def hide_labels(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """The frame with the labels of rows outside ``keep`` removed (never inspected)."""
    out = frame.copy()
    for name in LABELS:
        out[name] = out[name].astype(float).where(keep)
    return out


def run(
    history: pd.DataFrame,
    online: list[pd.DataFrame],
    *,
    inspect_rate: float,
    random_rate: float,
    partial: bool,
    random_weight: float,
    rounds: int,
    seed: int,
) -> dict[str, object]:
    """One protocol over the online weeks; ``partial`` adds only the inspected rows' labels."""
    rng = np.random.default_rng(seed)
    known = history
    precisions: list[float] = []
    seconds: list[float] = []
    for week in online:
        started = time.perf_counter()
        model = train(known, seed=seed, rounds=rounds)
        seconds.append(time.perf_counter() - started)
        scores = model.score(week.drop(columns=LABELS))
        chosen = top_k(scores, inspect_rate)
        truth = week["fraud"].to_numpy(dtype=float)
        if len(chosen):
            precisions.append(float(truth[chosen].mean()))
        rest = np.setdiff1d(np.arange(len(week)), chosen)
        draw = int(np.floor(len(week) * random_rate / 100))
        drawn = rng.choice(rest, size=min(draw, len(rest)), replace=False)
        inspected = np.zeros(len(week), dtype=bool)
        inspected[chosen] = True
        inspected[drawn] = True
        added = hide_labels(week, inspected) if partial else week.copy()
        # Random picks stand for the uninspected rest: weigh them by their inverse propensity.
        weight = np.ones(len(week))
        weight[drawn] = random_weight
        known = pd.concat([known, added.assign(weight=weight)], ignore_index=True)
    return {
        "weeks": len(precisions),
        "mean_weekly_precision_top": round(float(np.mean(precisions)), 4),
        "weekly_precision_top": [round(p, 4) for p in precisions],
        "train_seconds_per_week": round(float(np.mean(seconds)), 3),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    """Both protocols on the KCS files; the figures printed as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--labelled", type=float, default=0.3, help="history share with labels")
    parser.add_argument("--inspect", type=float, default=5.0, help="top n %% inspected")
    parser.add_argument("--random", type=float, default=1.0, help="random draw, %% of the week")
    parser.add_argument(
        "--random-weight",
        type=float,
        default=None,
        help="weight of random picks (default: inverse propensity, capped at 10)",
    )
    parser.add_argument("--rounds", type=int, default=DEFAULT_ROUNDS)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    train_file, online_file = KCS / "df_syn_train_eng.csv", KCS / "df_syn_valid_eng.csv"
    if not (train_file.exists() and online_file.exists()):
        return {"skipped": f"KCS files not found in {KCS}"}
    past = read_kcs(train_file, labels=True)
    online = weeks_of(read_kcs(online_file, labels=True))
    keep = np.random.default_rng(args.seed).random(len(past)) < args.labelled
    # A random pick is drawn with probability random / (100 - inspect) among the rest.
    propensity = args.random / (100.0 - args.inspect)
    weight = args.random_weight if args.random_weight is not None else min(1 / propensity, 10.0)
    common = {
        "inspect_rate": args.inspect,
        "random_rate": args.random,
        "rounds": args.rounds,
        "seed": args.seed,
    }
    partial = run(
        hide_labels(past, keep).assign(weight=1.0),
        online,
        partial=True,
        random_weight=weight,
        **common,
    )
    full = run(past.assign(weight=1.0), online, partial=False, random_weight=1.0, **common)
    ratio = partial["mean_weekly_precision_top"] / full["mean_weekly_precision_top"]  # type: ignore[operator]
    return {
        "source": "kcs",
        "history_rows": len(past),
        "history_labelled_rows": int(keep.sum()),
        "online_rows": int(sum(len(w) for w in online)),
        "inspect_top_pct": args.inspect,
        "random_draw_pct": args.random,
        "random_pick_weight": round(weight, 3),
        "rounds": args.rounds,
        "partial_labels": partial,
        "all_labels": full,
        "ratio": round(float(ratio), 4),
        "target_ratio": TARGET_RATIO,
        "meets_target": bool(ratio >= TARGET_RATIO),
    }


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
    sys.stdout.write("\n")
