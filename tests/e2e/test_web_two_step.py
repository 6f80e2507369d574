"""Completing a two-step summary from the portal: refused inline before pickup, then lodged
under the summary's number, settling the reserved tax and closing the declaration."""

from __future__ import annotations

from clearway.declarations.queries import get_visible
from tests.builders import ADMIN, ore_item
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal, form_of_body
from tests.supervision_support import accept, file_guarantee, lodge, summary_input

V1 = "/api/v1"


def _form(value: str = "800000.00") -> dict[str, str]:
    return {
        **form_of_body({"items": [ore_item(value=value, kg="1000000")]}),
        "total_value": value,
        "net_weight": "1000000",
        "gross_weight": "1000000",
        "packages": "1",
    }


def test_the_importer_completes_its_summary_on_the_portal(live: LiveApi) -> None:
    platform, district = live.platform, live.district
    guarantee = file_guarantee(platform, district.importer_id)
    number = lodge(platform, district.importer, summary_input(guarantee)).number
    accept(platform, number)
    importer = Portal(live)
    assert importer.sign_in("importer").status_code == 303
    detail = importer.get(f"/declarations/{number}").text
    assert 'id="two-step"' in detail and f"/declarations/{number}/complete" in detail
    drawn = importer.get(f"/declarations/{number}/complete")
    assert drawn.status_code == 200 and 'name="items.0.tariff_code"' in drawn.text
    early = importer.post(f"/declarations/{number}/complete", _form())
    assert early.status_code == 422 and "two_step.not_picked_up" in early.text
    bad = importer.post(f"/declarations/{number}/complete", {**_form(), "total_value": "lots"})
    assert bad.status_code == 422
    assert 'id="f-total_value-error">Input should be a valid decimal' in bad.text
    with live.client("importer") as api:
        picked = api.post(f"{V1}/two-step/summaries/{number}/pickup", json={"reason": "gate"})
        assert picked.status_code == 200, picked.text
    done = importer.post(f"/declarations/{number}/complete", _form())
    assert done.status_code == 303, done.text
    with platform.sessions() as db:
        assert get_visible(db, ADMIN, number).status.value == "closed"
    assert "Complete declaration lodged" in importer.get(done.headers["location"]).text
    again = importer.post(f"/declarations/{number}/complete", _form())
    assert again.status_code == 422 and "two_step.closed" in again.text
    importer.close()
