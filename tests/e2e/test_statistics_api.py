"""Statistics over HTTP: declarations cleared through the API, figures per caller, downloads,
and every bad parameter answered 422 naming it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from clearway.shared.clock import FixedClock
from tests.builders import declaration_body
from tests.e2e.conftest import LiveApi

BASE = "/api/v1/statistics"


def _clear(
    live: LiveApi, who: str, body: dict[str, Any], hours: list[tuple[str, str, float]]
) -> str:
    """Lodge as `who`, then give each (actor, command) after the hours given."""
    clock = live.platform.clock
    assert isinstance(clock, FixedClock)
    with live.client(who) as c:
        created = c.post("/api/v1/declarations", json=body)
        assert created.status_code == 201, created.text
        number = str(created.json()["number"])
    for actor, command, wait in hours:
        clock.advance(timedelta(hours=wait))
        payload = {"lane": "red", "reason": "selected"} if command == "assign_lane" else {}
        with live.client(actor) as c:
            done = c.post(f"/api/v1/declarations/{number}/actions/{command}", json=payload)
            assert done.status_code == 200, done.text
    return number


# The exporter's declaration through a red lane to release, 5 hours after lodgement.
RELEASE = [
    ("exporter", "submit", 0),
    ("risk", "accept", 0.5),
    ("risk", "assign_lane", 0.5),
    ("inspector", "begin_inspection", 1),
    ("inspector", "assess_duty", 2),
    ("inspector", "release", 1),
]


@pytest.fixture()
def cleared(live: LiveApi) -> dict[str, str]:
    day = live.platform.clock.now().date().isoformat()
    export = _clear(
        live,
        "exporter",
        declaration_body("export", declaration_date=day),
        RELEASE,
    )
    body = declaration_body("import", declaration_date=day, trader_id=live.district.importer_id)
    lodged = _clear(live, "broker", body, [("broker", "submit", 0)])
    return {"export": export, "import": lodged}


def _get(live: LiveApi, who: str, path: str, **params: Any) -> httpx.Response:
    with live.client(who) as c:
        return c.get(BASE + path, params=params)


def test_trade_figures_follow_the_callers_tenancy(live: LiveApi, cleared: dict[str, str]) -> None:
    customs = _get(live, "risk", "/trade", group_by="month,flow", hs="8507")
    assert customs.status_code == 200, customs.text
    body = customs.json()
    assert body["counted_statuses"] == ["released", "exited", "closed"]
    assert [r["keys"]["flow"] for r in body["rows"]] == ["export"]  # the import is not released
    assert body["total"]["value_cny"] == "420000.00" and body["total"]["declarations"] == 1
    assert body["total"]["net_weight_t"] == "5.800"
    assert _get(live, "exporter", "/trade").json()["total"]["declarations"] == 1
    for outsider in ("importer", "broker", "other_broker"):
        assert _get(live, outsider, "/trade").json()["total"]["declarations"] == 0, outsider
    assert _get(live, "risk", "/trade").status_code == 200
    with httpx.Client(base_url=live.url) as anonymous:
        assert anonymous.get(BASE + "/trade").status_code == 401


def test_release_time_views(live: LiveApi, cleared: dict[str, str]) -> None:
    summary = _get(live, "inspector", "/release-time", by="lane,arrival").json()
    assert (summary["lodged"], summary["released"], summary["started_at_lodgement"]) == (2, 1, 1)
    assert summary["release_time"] == {
        "count": 1, "mean_hours": 5.0, "median_hours": 5.0, "p90_hours": 5.0
    }  # fmt: skip
    assert [b["dimension"] for b in summary["breakdowns"]] == ["lane", "arrival"]
    assert summary["breakdowns"][0]["rows"][0]["key"] == "red"
    curve = _get(live, "risk", "/release-time/curve", hours="1,5,24").json()
    assert [p["share"] for p in curve["points"]] == [0.0, 1.0, 1.0]
    outliers = _get(live, "risk", "/release-time/outliers").json()
    assert outliers["count"] == 0 and "Q3 + 3" in outliers["rule"]
    day = live.platform.clock.now().date().isoformat()
    compared = _get(
        live, "risk", "/release-time/compare",
        before_from="2019-01-01", before_to="2019-12-31", after_from=day, after_to=day,
    ).json()  # fmt: skip
    assert compared["before"]["released"] == 0 and compared["after"]["released"] == 1
    assert compared["mean_times_faster"] is None
    times = _get(live, "exporter", f"/release-time/declarations/{cleared['export']}").json()
    assert times["segments"]["inspection"] == 2.0 and times["release_hours"] == 5.0
    assert times["arrival"] == "no_arrival_recorded"
    hidden = _get(live, "importer", f"/release-time/declarations/{cleared['export']}")
    assert hidden.status_code == 404


def test_downloads_as_csv_and_xlsx(live: LiveApi, cleared: dict[str, str]) -> None:
    as_csv = _get(live, "risk", "/trade", group_by="hs_line", format="csv")
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert 'filename="trade.csv"' in as_csv.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0][:3] == ["hs_line", "hs_line_name", "declarations"]
    assert rows[1][0] == "8507600030" and rows[-1][0] == "total"
    as_xlsx = _get(live, "risk", "/release-time", by="lane", format="xlsx")
    book = load_workbook(io.BytesIO(as_xlsx.content))
    assert book.sheetnames == ["declarations", "segments", "by lane"]


@pytest.mark.parametrize(
    ("path", "params", "field", "rule"),
    [
        ("/trade", {"group_by": "weekly"}, "group_by", "unknown_dimension"),
        ("/trade", {"hs": "85x"}, "hs", "hs_prefix"),
        ("/trade", {"from": "2024-03-01", "to": "2024-02-01"}, "to", "period"),
        ("/trade", {"from": "2024-13-01"}, "from", "date_from"),
        ("/trade", {"flow": "sideways"}, "flow", "enum"),
        ("/trade", {"format": "pdf"}, "format", "enum"),
        ("/release-time", {"by": "colour"}, "by", "unknown_dimension"),
        ("/release-time/compare", {"before_from": "2019-01-01"}, "after_to", "required"),
        ("/release-time/curve", {"hours": "0"}, "hours", "range"),
        ("/release-time/outliers", {"limit": "0"}, "limit", "greater_than_equal"),
    ],
)
def test_bad_parameters_answer_422_naming_them(
    live: LiveApi, path: str, params: dict[str, str], field: str, rule: str
) -> None:
    answer = _get(live, "risk", path, **params)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    errors = {(e["path"], e["rule"]) for e in answer.json()["errors"]}
    # Query parameters FastAPI checks carry a "query." prefix; the domain's checks name the field.
    assert any(p.split(".")[-1] == field and r.startswith(rule) for p, r in errors), errors
