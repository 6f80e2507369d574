"""Statistics pages over HTTP: the demo's headline figures, downloads, refusals naming the
filter and rule, tenancy, and the release-time study with its charts and outlier links."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from tests.browser.figures import seed_headline_trade
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal

ORDOS = "/statistics/trade?flow=export&from=2024-01-01&to=2024-02-29&office=0291&hs=8507"
HORGOS = "/statistics/trade?period=quarter&flow=import&from=2024-01-01&to=2024-03-31&hs=2601"


@pytest.fixture()
def seeded(live: LiveApi) -> LiveApi:
    seed_headline_trade(live.platform, live.district)
    return live


def _portal(live: LiveApi, who: str) -> Portal:
    p = Portal(live)
    assert p.sign_in(who).status_code == 303
    return p


@pytest.fixture()
def risk(seeded: LiveApi) -> Iterator[Portal]:
    p = _portal(seeded, "risk")
    yield p
    p.close()


def test_the_dashboard_shows_the_headline_figures_with_a_chart_and_its_table(
    risk: Portal,
) -> None:
    page = risk.get(ORDOS + "&period=month")
    assert page.status_code == 200
    assert 'id="total-cny">339,000,000.00' in page.text
    assert "(46.97 million USD)" in page.text
    assert '<svg class="chart"' in page.text and 'aria-describedby="trade-table"' in page.text
    assert page.text.count('<td data-label="month">') == 2  # January and February
    ore = risk.get(HORGOS).text
    assert 'id="total-weight">197,000 t' in ore and "170,000,000.00" in ore
    assert "2024-Q1" in ore


def test_downloads_carry_the_same_figures(risk: Portal) -> None:
    as_csv = risk.get(ORDOS + "&period=month&format=csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[-1][0] == "total" and "339000000.00" in rows[-1]
    as_xlsx = risk.get(HORGOS + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None and sheet.cell(1, 1).value == "quarter"


def test_a_bad_filter_is_refused_beside_its_input_and_no_figures_are_shown(risk: Portal) -> None:
    refused = risk.get("/statistics/trade?hs=8&from=2024-03-01&to=2024-01-01&office=29")
    assert refused.status_code == 422
    assert "hs_prefix" in refused.text and "(period)" in refused.text
    assert "office_code" in refused.text
    assert 'id="f-hs" name="hs" value="8" aria-invalid="true"' in refused.text
    assert 'id="trade-totals"' not in refused.text
    bad_date = risk.get("/statistics/release-time?from=yesterday")
    assert bad_date.status_code == 422 and "is not a date" in bad_date.text


def test_enterprises_see_only_their_own_trade(seeded: LiveApi) -> None:
    importer = _portal(seeded, "importer")
    mine = importer.get("/statistics/trade?from=2024-01-01&to=2024-12-31").text
    assert "170,000,000.00" in mine and "339,000,000.00" not in mine
    other = _portal(seeded, "other_broker")
    assert "No trade in this scope" in other.get("/statistics/trade").text
    importer.close()
    other.close()


def _panels(page: str) -> dict[str, str]:
    """The page's panels: placeholder id → the fragment htmx loads into it."""
    found = re.findall(r'<section id="([\w-]+)" class="panel" hx-get="([^"]+)"', page)
    return {name: html.unescape(url) for name, url in found}


def test_release_time_page_loads_each_panel_as_a_fragment(risk: Portal) -> None:
    page = risk.get(
        "/statistics/release-time?from=2024-01-01&to=2024-12-31&by=lane&by=credit_level"
        "&before_from=2019-01-01&before_to=2019-12-31&after_from=2024-01-01&after_to=2024-12-31"
    )
    assert page.status_code == 200, page.text
    assert '<svg class="chart"' not in page.text  # the page reads no figures itself
    panels = _panels(page.text)
    assert list(panels) == [
        "summary-panel", "by-lane-panel", "by-credit_level-panel", "compare-panel",
        "curve-panel", "outliers-panel",
    ]  # fmt: skip
    assert all(
        "from=2024-01-01" in url and "before_to=2019-12-31" in url for url in panels.values()
    )
    shown = {}
    for name, url in panels.items():
        answer = risk.get(url, headers={"HX-Request": "true"})
        assert answer.status_code == 200, (name, answer.text)
        assert f'<section id="{name}"' in answer.text and "<html" not in answer.text, name
        shown[name] = answer.text
    expected = {
        "summary-panel": ('<svg class="chart"', 'id="segments-table"', 'id="release-totals"'),
        "by-lane-panel": ('id="by-lane"',),
        "by-credit_level-panel": ('id="by-credit_level"',),
        "compare-panel": ('id="times-faster"', "not comparable"),
        "curve-panel": ('<svg class="chart"', 'id="curve-table"'),
        "outliers-panel": ("Q3 + 3 × IQR",),
    }
    for name, marks in expected.items():
        assert all(mark in shown[name] for mark in marks), name
    # Opened by its link (no htmx), a panel is a page of its own.
    alone = risk.get(panels["curve-panel"])
    assert alone.status_code == 200 and "<html" in alone.text and 'id="curve-table"' in alone.text
    download = risk.get("/statistics/release-time?from=2024-01-01&to=2024-12-31&format=csv")
    assert download.headers["content-type"].startswith("text/csv")
    assert "# segments" in download.text and "# curve" in download.text
    incomplete = risk.get("/statistics/release-time?before_from=2019-01-01")
    assert incomplete.status_code == 422 and "before_to" in incomplete.text
    assert 'class="panel"' not in incomplete.text  # no panel for a scope that was refused
    assert risk.get("/statistics/release-time/comparison?from=2024-01-01").status_code == 404
    assert risk.get("/statistics/release-time/by/weather").status_code == 404
    bad = risk.get("/statistics/release-time/curve?from=yesterday", headers={"HX-Request": "1"})
    assert bad.status_code == 422 and "is not a date" in bad.text


def test_charts_scale_to_round_axes_and_escape_their_labels() -> None:
    from clearway.web.charts import Point, bar_chart, line_chart, nice_ceiling, short

    assert [nice_ceiling(v) for v in (0, 0.3, 7, 180.7e6, 339e6)] == [1, 0.5, 10, 200e6, 500e6]
    assert short(339_000_000) == "339M" and short(0.5) == "0.5"
    svg = bar_chart([Point("<b>鄂尔多斯</b>", 3.0), Point("x", None)], "A & B", "t", "tbl")
    assert "&lt;b&gt;鄂尔多斯" in svg and "<b>" not in svg and 'aria-describedby="tbl"' in svg
    assert svg.count('class="c-bar"') == 2
    curve = line_chart([Point("1 h", 10.0), Point("2 h", None), Point("4 h", 90.0)], "c", top=100)
    assert curve.count('class="c-dot"') == 2 and "polyline" in curve


def test_list_counts_are_capped_so_a_page_never_counts_a_million_rows() -> None:
    from clearway.web.queries import COUNT_CAP
    from clearway.web.templating import count

    assert count(COUNT_CAP) == "1,000" and count(COUNT_CAP + 1) == "more than 1,000"


def test_zone_movements_have_their_own_section_beside_trade(risk: Portal) -> None:
    page = risk.get("/statistics/trade?by=trade_mode&period=")
    assert page.status_code == 200
    assert 'id="zone-h">Zone movements' in page.text and 'id="zone-totals"' in page.text
    assert '<td data-label="trade mode">0110 <span class="muted" lang="zh">一般贸易' in page.text
    bad = risk.get("/statistics/trade?trade_mode=51")
    assert bad.status_code == 422 and "a trade (supervision) mode is 4 digits" in bad.text
