"""Provisional ore pricing in the portal: the importer states the provisional price on its
draft, and after the lab and the quotational period declares the final price; the page shows
provisional against final, the difference per item and the notice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from tests.conftest import rewired
from tests.e2e.conftest import LiveApi
from tests.e2e.test_ore_http import API, body, file_guarantee, onsite
from tests.e2e.web_support import Portal

TERMS = {
    "pricing_basis": "Platts IODEX 62% Fe CFR North China",
    "quotational_period_start": "2026-11-01",
    "quotational_period_end": "2026-11-30",
    "provisional_unit_price": "780.00",
    "fe_basis_pct": "62",
    "moisture_basis_pct": "8",
}


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    wired = rewired(live.platform, auto_accept=False)
    live.platform.settings, live.platform.submission = wired.settings, wired.submission
    p = Portal(live)
    assert p.sign_in("importer").status_code == 303
    yield p
    p.close()


def released(live: LiveApi, number: str) -> None:
    """Lodged, routed green, released first on the on-site result, tax secured."""
    file_guarantee(live, "importer")
    with live.client("importer") as own, live.client("risk") as risk:
        assert own.post(f"{API}/declarations/{number}/actions/submit").status_code == 200
        assert risk.post(f"{API}/declarations/{number}/actions/accept").status_code == 200
        routed = risk.post(
            f"{API}/declarations/{number}/actions/assign_lane",
            json={"lane": "green", "reason": "routed for the test"},
        )
        assert routed.status_code == 200, routed.text
    with live.client("inspector") as inspector:
        done = inspector.post(f"{API}/ore/declarations/{number}/onsite-inspections", json=onsite())
        assert done.json()["declaration"]["status"] == "released", done.text
        lab = {"sample_id": "HG-26-0001", "fe_pct": "63.1", "moisture_pct": "8.6"}
        assert inspector.post(f"{API}/ore/lab-results", json=lab).status_code == 201


def test_provisional_then_final_price_on_the_declaration_page(
    portal: Portal, live: LiveApi
) -> None:
    with live.client("importer") as own:
        created = own.post(f"{API}/declarations", json=body("first_release"))
        assert created.status_code == 201, created.text
        number = created.json()["number"]
    page = portal.get(f"/declarations/{number}").text
    assert 'id="provisional-price-form"' in page
    bad = portal.post(
        f"/declarations/{number}/ore/provisional-price",
        TERMS | {"quotational_period_end": "2026-10-01"},
    )
    assert bad.status_code == 422 and "(period)" in bad.text
    with live.client("importer") as own:
        assert own.get(f"{API}/ore/declarations/{number}/provisional-price").status_code == 404
    stated = portal.post(f"/declarations/{number}/ore/provisional-price", TERMS)
    assert stated.status_code == 303, stated.text
    page = portal.get(f"/declarations/{number}").text
    assert 'id="final-due">2026-12-30' in page and "Platts IODEX" in page

    released(live, number)
    early = portal.post(
        f"/declarations/{number}/ore/final-price",
        {"lines.0.line_no": "1", "lines.0.price": "4400000"},
    )
    assert early.status_code == 422 and "ore.quotational_period_open" in early.text
    live.platform.clock.advance(timedelta(days=11))  # type: ignore[attr-defined]
    negative = portal.post(
        f"/declarations/{number}/ore/final-price",
        {"lines.0.line_no": "1", "lines.0.price": "-4400000"},
    )
    assert negative.status_code == 422 and 'aria-invalid="true"' in negative.text
    done = portal.post(
        f"/declarations/{number}/ore/final-price",
        {"lines.0.line_no": "1", "lines.0.price": "4400000", "final_unit_price": "801.50"},
    )
    assert done.status_code == 303, done.text
    page = portal.get(f"/declarations/{number}").text
    assert 'id="price-notice"' in page and f"{number}-FP" in page
    assert "supplementary tax" in page and "13,000.00 CNY" in page
    assert 'id="price-notice-lines"' in page and "572000.00" in page
    assert 'id="final-price-form"' not in page
