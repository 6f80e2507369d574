"""Phase 2 in a real browser: an enterprise books an inspection slot, the inspection officer
records the inspection and releases, decides appointment requests, and the statistics and
release-time charts render with the demo's headline figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from clearway.declarations.model import Lane
from clearway.inspection import appointments
from clearway.inspection.commands import AppointmentInput
from clearway.inspection.model import GoodsCategory
from tests.browser.conftest import LivePortal, sign_in
from tests.browser.figures import seed_headline_trade
from tests.inspection_support import ORDOS_SITE, lodge, open_slot, seed_inspection


@pytest.fixture(scope="module")
def district_work(portal_server: LivePortal) -> LivePortal:
    """Inspection sites with calendars, and the demo's headline trade released."""
    seed_inspection(portal_server.platform, portal_server.district)
    seed_headline_trade(portal_server.platform, portal_server.district)
    return portal_server


def _nav(page: Any, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()


def test_book_a_slot_record_the_inspection_and_see_release(
    page: Any, district_work: LivePortal
) -> None:
    portal = district_work
    slot = open_slot(portal.platform, ORDOS_SITE, 30, capacity=2)
    number = lodge(portal.platform, portal.district.exporter, Lane.YELLOW).number
    sign_in(page, portal, "exporter")
    page.goto(f"{portal.url}/declarations/{number}")
    page.get_by_label("Inspection slot", exact=True).select_option(str(slot.id))
    page.get_by_role("button", name="Book slot").click()
    expect(page.locator("#notice, .notice.ok").first).to_contain_text("Inspection slot booked.")
    expect(page.locator("#booking")).to_contain_text(ORDOS_SITE)
    portal.shot(page, "inspection-booked")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, portal, "inspector")
    _nav(page, "Inspection schedule")
    day = slot.starts_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    page.get_by_label("Day", exact=True).fill(day.isoformat())
    page.get_by_label("Site", exact=True).select_option(ORDOS_SITE)
    page.get_by_role("button", name="Show").click()
    portal.shot(page, "inspection-schedule")
    page.get_by_role("link", name=number).click()
    page.get_by_label("Check", exact=True).select_option("physical_inspection")
    page.get_by_role("button", name="Begin check").click()
    expect(page.locator("#records")).to_contain_text("physical inspection")
    page.get_by_label("Result", exact=True).select_option("conform")
    page.get_by_label("Findings", exact=True).fill("封识完好 seals intact, goods as declared")
    page.get_by_label("File name 1").fill("seal-photo.jpg")
    page.get_by_label("Media type 1").fill("image/jpeg")
    page.get_by_label("Size (bytes) 1").fill("20480")
    page.get_by_label("SHA-256 1").fill("b" * 64)
    page.get_by_role("button", name="Record result").click()
    expect(page.locator("#records")).to_contain_text("seal-photo.jpg")
    portal.shot(page, "inspection-recorded")
    page.locator("section[aria-labelledby=actions-h]").get_by_role("button", name="Release").click()
    released = page.locator("ol.milestones li.reached", has_text="E8")
    expect(released).to_contain_text("Release")
    expect(page.locator("ol.milestones li.reached", has_text="E6 end")).to_be_visible()
    portal.shot(page, "inspection-released-timeline")


def test_a_full_slot_is_refused_beside_the_slot_choice(
    page: Any, district_work: LivePortal
) -> None:
    portal = district_work
    full = open_slot(portal.platform, ORDOS_SITE, 54, capacity=1)
    first = lodge(portal.platform, portal.district.exporter, Lane.YELLOW).number
    second = lodge(portal.platform, portal.district.exporter, Lane.YELLOW).number
    sign_in(page, portal, "exporter")
    for number in (first, second):
        page.goto(f"{portal.url}/declarations/{number}")
        page.get_by_label("Inspection slot", exact=True).select_option(str(full.id))
        page.get_by_role("button", name="Book slot").click()
    expect(page.locator("#book-slot-error")).to_contain_text("slot.full")
    expect(page.get_by_label("Inspection slot", exact=True)).to_have_attribute(
        "aria-invalid", "true"
    )
    portal.shot(page, "inspection-slot-full")


def test_statistics_and_release_time_charts_render_with_the_demo_figures(
    page: Any, district_work: LivePortal
) -> None:
    portal = district_work
    sign_in(page, portal, "risk")
    _nav(page, "Trade statistics")
    page.get_by_label("Period", exact=True).select_option("month")
    page.get_by_label("Flow", exact=True).select_option("export")
    page.get_by_label("Declared from").fill("2024-01-01")
    page.get_by_label("Declared to").fill("2024-02-29")
    page.get_by_label("Customs office").fill("0291")
    page.get_by_label("HS code").fill("8507")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#total-cny")).to_contain_text("339,000,000.00")
    expect(page.locator("#total-usd")).to_contain_text("46.97 million USD")
    expect(page.locator("figure.chart-box svg.chart rect.c-bar")).to_have_count(2)
    expect(page.locator("#trade-table tbody tr")).to_have_count(2)
    portal.shot(page, "statistics-ordos-lithium")

    page.goto(
        f"{portal.url}/statistics/trade?period=quarter&flow=import&from=2024-01-01"
        "&to=2024-03-31&office=7909&hs=2601"
    )
    expect(page.locator("#total-weight")).to_have_text("197,000 t")
    expect(page.locator("#total-cny")).to_contain_text("170,000,000.00")
    expect(page.locator("svg.chart")).to_be_visible()
    portal.shot(page, "statistics-horgos-ore")

    _nav(page, "Release times")
    page.get_by_label("Declared from").fill("2024-01-01")
    page.get_by_label("Declared to").fill("2024-12-31")
    page.get_by_role("button", name="Show").click()
    # Each panel is a fragment htmx loads after the page: wait until none is still loading.
    expect(page.locator("section.panel")).to_have_count(5)  # summary, 2 breakdowns, curve, …
    expect(page.locator("section.panel[aria-busy]")).to_have_count(0)
    expect(page.locator("svg.chart")).to_have_count(2)
    expect(page.locator("svg.chart polyline.c-line")).to_have_count(1)
    expect(page.locator("#curve-table tbody tr").first).to_be_visible()
    expect(page.locator("#by-lane tbody tr").first).to_be_visible()
    assert page.locator("#release-totals").inner_text().count("Released") == 1
    portal.shot(page, "release-time")
    page.set_viewport_size({"width": 820, "height": 1100})
    expect(page.locator("svg.chart").first).to_be_visible()
    portal.shot(page, "release-time-tablet")


def test_release_time_uses_the_declared_period(page: Any, district_work: LivePortal) -> None:
    """No period: the last 90 days of the business clock, shown in the inputs."""
    portal = district_work
    sign_in(page, portal, "admin")
    page.goto(f"{portal.url}/statistics/release-time")
    today = portal.platform.clock.now().date()
    expect(page.get_by_label("Declared to")).to_have_value(today.isoformat())
    start = today - timedelta(days=90)
    expect(page.get_by_label("Declared from")).to_have_value(start.isoformat())


def test_inspector_declines_then_confirms_appointment_requests(
    page: Any, district_work: LivePortal
) -> None:
    portal = district_work
    platform = portal.platform
    asked = []
    for hours, shipment in ((11, "truck 蒙K00001"), (12, "truck 蒙K00002")):  # after 18:00
        start = platform.clock.now() + timedelta(hours=hours)
        data = AppointmentInput(
            office_code="0291", tariff_codes=["8507600030"], shipment=shipment,
            goods_category=GoodsCategory.DANGEROUS_GOODS, starts_at=start,
            ends_at=start + timedelta(minutes=50),
        )  # fmt: skip
        with platform.uow() as uow:
            exporter = portal.district.exporter
            asked.append(
                appointments.request(uow, data, exporter, platform.clock, platform.settings)
            )
    sign_in(page, portal, "inspector")
    _nav(page, "Appointment requests")
    first = page.locator(f"#appointment-{asked[0].id}")
    expect(first).to_contain_text("truck 蒙K00001")
    first.get_by_role("button", name="Decline").click()
    first = page.locator(f"#appointment-{asked[0].id}")
    expect(first.get_by_label("Reason (required to decline)")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(first).to_contain_text("say why the appointment is declined")
    portal.shot(page, "appointment-decline-refused")
    first.get_by_label("Reason (required to decline)").fill("no officer on duty that night")
    first.get_by_role("button", name="Decline").click()
    expect(page.locator("#notice")).to_have_text("Appointment declined.")
    page.locator(f"#appointment-{asked[1].id}").get_by_role("button", name="Confirm").click()
    expect(page.locator("#notice")).to_have_text("Appointment confirmed.")
    expect(page.locator("section.card")).to_have_count(0)
    page.get_by_label("Status", exact=True).select_option("confirmed")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(f"#appointment-{asked[1].id}")).to_contain_text("truck 蒙K00002")
    portal.shot(page, "appointment-confirmed")
