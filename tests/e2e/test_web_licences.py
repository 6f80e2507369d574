"""The licence page over HTTP: the document desk records a licence with the CSRF-guarded
form, a bad one redraws the form naming the field, the holder sees it, and a declaration
lodged and submitted on the portal that names it has its quantity written off."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.builders import declaration_body, ore_item
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal, form_of_body
from tests.licensing_support import licence_body, require_licence


@pytest.fixture()
def desk(live: LiveApi) -> Iterator[Portal]:
    require_licence(live.platform)
    p = Portal(live)
    assert p.sign_in("inspector").status_code == 303
    yield p
    p.close()


def _form(live: LiveApi, **overrides: object) -> dict[str, str]:
    body = licence_body(live.district.importer_id, **overrides)
    return {k: ",".join(v) if isinstance(v, list) else str(v) for k, v in body.items()}


def test_the_desk_records_and_the_holder_draws_down(live: LiveApi, desk: Portal) -> None:
    page = desk.get("/licences")
    assert page.status_code == 200 and 'id="record-licence"' in page.text
    done = desk.post("/licences", _form(live))
    assert done.status_code == 303, done.text
    assert "26-AIL-000123" in desk.get(done.headers["location"]).text
    importer = Portal(live)
    assert importer.sign_in("importer").status_code == 303
    mine = importer.get("/licences").text
    assert 'id="licence-26-AIL-000123"' in mine and 'id="record-licence"' not in mine
    form = form_of_body(
        declaration_body("import", [ore_item(kg="3000000", licence_number="26-AIL-000123")])
    )
    form["intent"] = "submit"
    lodged = importer.post("/declarations/new", form)
    assert lodged.status_code == 303, lodged.text
    assert re.search(r"/declarations/", lodged.headers["location"])
    row = importer.get("/licences").text
    assert "2,000,000" in row and "line 1: 3,000,000" in row
    importer.close()


def test_a_bad_licence_redraws_the_form_naming_the_field(live: LiveApi, desk: Portal) -> None:
    refused = desk.post("/licences", _form(live, valid_to="2026-09-01"))
    assert refused.status_code == 422
    assert "valid_to: is before valid_from (period)" in refused.text
    assert 'id="licence-' not in refused.text


def test_a_trader_cannot_record_and_a_broker_has_no_page(live: LiveApi) -> None:
    importer = Portal(live)
    assert importer.sign_in("importer").status_code == 303
    assert importer.post("/licences", _form(live)).status_code == 403
    broker = Portal(live)
    assert broker.sign_in("broker").status_code == 303
    assert broker.get("/licences").status_code == 403
    importer.close()
    broker.close()
