"""The post-clearance audit page over HTTP: the office's queue, take, a refused finding shown
on the page with nothing written, then the close."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from clearway.declarations.status import Command
from clearway.identity.model import Role
from tests.builders import HORGOS, ORDOS
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal
from tests.integration.test_lane_release import blue_for, releasing
from tests.liaison_support import act, lodge


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    p = Portal(live)
    yield p
    p.close()


def test_an_ordos_officer_takes_and_closes_an_audit_on_the_page(
    live: LiveApi, portal: Portal
) -> None:
    platform = releasing(live.platform)
    blue_for(platform, "8507")
    number = lodge(platform, live.district.exporter).number
    act(platform, number, Command.SUBMIT, live.district.exporter)
    live.sign_up("pca-ordos", Role.INSPECTION_OFFICER, None, ORDOS)
    live.sign_up("pca-horgos", Role.INSPECTION_OFFICER, None, HORGOS)

    horgos = Portal(live)
    assert horgos.sign_in("pca-horgos").status_code == 303
    other = horgos.get("/post-clearance")
    assert other.status_code == 200 and number not in other.text  # another office's work
    horgos.close()
    assert portal.sign_in("pca-ordos").status_code == 303
    page = portal.get("/post-clearance?status=open")
    assert page.status_code == 200 and number in page.text and "稽查任务" in page.text
    task = page.text.split('id="audit-')[1].split('"')[0]
    assert portal.post(f"/post-clearance/{task}/take", {}).status_code == 303
    refused = portal.post(f"/post-clearance/{task}/close", {"finding": "nonconform"})
    assert refused.status_code == 422
    assert "kind:" in refused.text and "revenue_raised:" in refused.text
    assert "taken" in portal.get("/post-clearance?status=taken").text
    forged = portal.post(f"/post-clearance/{task}/close", {"finding": "conform"}, csrf="x")
    assert forged.status_code == 403
    done = portal.post(
        f"/post-clearance/{task}/close",
        {"finding": "nonconform", "kind": "valuation", "revenue_raised": "1200.00"},
    )
    assert done.status_code == 303
    closed = portal.get("/post-clearance?status=closed").text
    assert "nonconform (valuation), 1200.00 CNY" in closed
