"""The portal's valuation: price terms on the form, the customs value and the duty and VAT
of each item on the declaration page."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.builders import declaration_body, ore_item
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal, form_of_body


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    p = Portal(live)
    assert p.sign_in("importer").status_code == 303
    yield p
    p.close()


def _import(**overrides: object) -> dict[str, str]:
    items = [ore_item("100000.00", kg="1000000"), ore_item("300000.00", kg="3000000")]
    body = declaration_body("import", items=items, **{"currency": "USD", **overrides})
    return form_of_body(body)


def test_the_form_offers_the_price_terms(portal: Portal) -> None:
    page = portal.get("/declarations/new").text
    assert 'name="price_terms"' in page and '<option value="DPU"' in page
    assert 'name="freight"' in page and 'name="insurance"' in page


def test_the_page_shows_the_cif_value_and_duty_and_vat_per_item(portal: Portal) -> None:
    answer = portal.post("/declarations/new", _import(price_terms="FOB", freight="8000"))
    assert answer.status_code == 303, answer.text
    page = portal.get(answer.headers["location"].split("?")[0]).text
    assert 'id="customs-value">409,224.00 USD' in page
    assert "3 ‰ of price plus freight" in page
    assert 'id="tax-table"' in page and page.count('data-label="VAT"') == 2


def test_an_import_whose_value_cannot_be_built_is_refused_on_the_form(portal: Portal) -> None:
    refused = portal.post("/declarations/new", _import(price_terms="EXW"))
    assert refused.status_code == 422
    assert 'id="freight-error"' in refused.text or "the freight is needed" in refused.text


def test_the_page_says_why_duty_and_vat_cannot_be_assessed_yet(portal: Portal) -> None:
    # No customs rate for sterling is loaded: the page names the missing rate, not a blank.
    answer = portal.post("/declarations/new", _import(currency="GBP"))
    assert answer.status_code == 303, answer.text
    page = portal.get(answer.headers["location"].split("?")[0]).text
    assert 'id="tax-table"' not in page
    assert 'id="tax-unavailable"' in page and "GBP" in page


def test_the_form_asks_for_a_set_of_measures_and_the_page_shows_them(portal: Portal) -> None:
    # Stacked measures (docs/rules/stacked_measures.md) on the portal, as on the API.
    assert (
        'name="facilitation_measures" value="first_release"' in portal.get("/declarations/new").text
    )
    answer = portal.post(
        "/declarations/new", {**_import(), "facilitation_measures": ["first_release"]}
    )
    assert answer.status_code == 303, answer.text
    page = portal.get(answer.headers["location"].split("?")[0]).text
    assert "Facilitation measures" in page and 'class="measure"' in page
    # The regular importer may not use direct pickup: refused by its index, nothing lodged.
    refused = portal.post(
        "/declarations/new",
        {**_import(), "facilitation_measures": ["first_release", "direct_pickup"]},
    )
    assert refused.status_code == 422
    assert "facilitation_measures.1" in refused.text
    assert "may not use direct pickup" in refused.text
