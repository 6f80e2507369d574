"""People's paths through the portal in a real browser: every role, lodging, routing, release."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from clearway.declarations.model import Lane
from clearway.declarations.status import Command
from tests.browser.conftest import LivePortal, sign_in
from tests.builders import RISK

STATS = ["Trade statistics", "Release times", "Notifications"]
CUSTOMS_STATS = ["Trade statistics", "Release times", "What-if simulator", "Notifications"]
DECLARANT = ["Home", "Declarations", "New declaration", "Inspections and appointments"]
MENUS = {
    "exporter": [*DECLARANT, "Licences", *STATS],
    "importer": [*DECLARANT, "Licences", *STATS],
    "broker": [*DECLARANT, *STATS],
    "risk": [
        "Home",
        "Declarations",
        "Lane queue",
        "Risk rules",
        "Lane and hit rates",
        "Post-clearance audits",
        *CUSTOMS_STATS,
    ],
    "inspector": [
        "Home",
        "Declarations",
        "Inspection worklist",
        "Inspection schedule",
        "Appointment requests",
        "Post-clearance audits",
        "Account books",
        "Licences",
        *CUSTOMS_STATS,
    ],
    "liaison": ["Home", "Declarations", *CUSTOMS_STATS],
    "admin": [
        "Home",
        "Declarations",
        "New declaration",
        "Lane queue",
        "Risk rules",
        "Lane and hit rates",
        "Inspection worklist",
        "Inspection schedule",
        "Appointment requests",
        "Post-clearance audits",
        "Account books",
        "Licences",
        *CUSTOMS_STATS,
        "Users",
    ],
}


def _nav(page: Any, label: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=label).click()


def _menu(page: Any) -> list[str]:
    links = page.locator("nav[aria-label=Main] a")
    return [re.sub(r"\s+\d+$", "", t.strip()) for t in links.all_inner_texts()]


def test_every_role_signs_in_and_sees_its_menu(page: Any, portal_server: LivePortal) -> None:
    for username, menu in MENUS.items():
        sign_in(page, portal_server, username)
        assert _menu(page) == menu, username
        expect(page.locator(".who")).to_contain_text(f"{username.title()} 测试")
        portal_server.shot(page, f"home-{username}")
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_lodge_hit_an_error_fix_it_submit_and_see_the_lane(
    page: Any, portal_server: LivePortal
) -> None:
    sign_in(page, portal_server, "exporter")
    _nav(page, "New declaration")
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('#declaration-form input:not([type=hidden]),'
            + '#declaration-form select, #declaration-form textarea')]
            .filter(e => !e.closest('.default-submit') && !e.labels.length).map(e => e.name)"""
    )
    assert unlabelled == [], unlabelled
    page.locator("#f-office_code").fill("0291")
    page.locator("#f-port_code").fill("0291")
    page.locator("#f-transport_mode").select_option("rail")
    page.locator("#f-transport_means").fill("X8001")
    page.locator("#f-trade_country").fill("DE")
    page.locator("#f-total_value").fill("420000.00")
    page.locator("#f-gross_weight").fill("6200")
    page.locator("#f-net_weight").fill("5800")
    page.locator("#f-overseas_party").fill("Nordvolt Energy GmbH")
    page.locator("#f-items-0-tariff_code").fill("8507600099")  # no such tariff line
    page.locator("#f-items-0-goods_name").fill("储能电池柜 Energy storage cabinet")
    page.locator("#f-items-0-quantity").fill("2")
    page.locator("#f-items-0-unit").fill("pcs")
    page.locator("#f-items-0-net_weight").fill("5800")
    page.locator("#f-items-0-gross_weight").fill("6200")
    page.locator("#f-items-0-value").fill("420000.00")
    page.locator("#f-items-0-origin_country").fill("CN")
    page.locator("#f-items-0-destination_country").fill("DE")
    # Rows come and go with htmx; the new row's first input takes the focus.
    page.get_by_role("button", name="Add item").click()
    expect(page.locator("#item-1")).to_be_visible()
    expect(page.locator("#f-items-1-tariff_code")).to_be_focused()
    page.locator("#item-1").get_by_role("button", name="Remove this item").click()
    expect(page.locator("#item-1")).to_have_count(0)
    page.get_by_role("button", name="Save and submit").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("items.0.tariff_code")
    expect(page.locator("#f-items-0-tariff_code-error")).to_contain_text("does not exist")
    expect(page.locator("#f-items-0-tariff_code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-items-0-goods_name")).to_have_value("储能电池柜 Energy storage cabinet")
    portal_server.shot(page, "declaration-inline-error")

    summary.get_by_role("link", name="items.0.tariff_code").click()
    expect(page.locator("#f-items-0-tariff_code")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("8507600030")
    page.get_by_role("button", name="Save and submit").click()

    expect(page.locator("#notice")).to_have_text("Declaration submitted.")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Declaration 0291-")
    lane = page.locator("#lane .lane").first
    expect(lane).to_have_text(re.compile("^(green|yellow|red|blue)$"))
    expect(page.locator("ol.milestones li.reached")).to_contain_text(["E2", "E3", "E4"])
    portal_server.shot(page, "declaration-submitted-lane")


def test_risk_officer_reroutes_from_the_queue(page: Any, portal_server: LivePortal) -> None:
    number = portal_server.lodged("exporter")
    sign_in(page, portal_server, "risk")
    _nav(page, "Lane queue")
    row = page.locator(f"#q-{number}")
    expect(row).to_be_visible()
    row.get_by_text("Re-route").first.click()
    row.get_by_label("Lane").select_option("red")
    row.get_by_label("Reason").fill("对电池包装存疑 packaging doubt: UN38.3 summary mismatch")
    row.get_by_role("button", name="Re-route").click()
    expect(page.locator("#notice")).to_have_text("Done: re-route.")
    expect(page.locator(f"#q-{number} .lane")).to_have_text("red")
    page.goto(f"{portal_server.url}/declarations/{number}")
    expect(page.locator("#lane")).to_contain_text("packaging doubt")
    expect(page.locator("#reasons")).to_be_visible()
    portal_server.shot(page, "risk-rerouted")


def test_inspection_officer_records_the_outcome_and_release_is_on_the_timeline(
    page: Any, portal_server: LivePortal
) -> None:
    number = portal_server.lodged("exporter")
    portal_server.act(number, Command.REROUTE, RISK, lane=Lane.RED, reason="physical check")
    sign_in(page, portal_server, "inspector")
    _nav(page, "Inspection worklist")
    page.locator(f"#w-{number}").get_by_role("button", name="Begin inspection").click()
    expect(page.locator("#notice")).to_have_text("Done: begin inspection.")
    row = page.locator(f"#w-{number}")
    assess = row.locator("details.action", has=page.locator("summary", has_text="Assess duty"))
    assess.locator("summary").click()
    assess.get_by_label("Reason").fill(
        "开箱查验 inspected: 2 cabinets, labels and packaging conform"
    )
    assess.get_by_role("button", name="Assess duty").click()
    page.locator(f"#w-{number}").get_by_role("button", name="Release").click()
    expect(page.locator("#notice")).to_have_text("Done: release.")
    page.goto(f"{portal_server.url}/declarations/{number}")
    released = page.locator("ol.milestones li.reached", has_text="E8")
    expect(released).to_contain_text("Release")
    expect(page.locator("#timeline li.release")).to_contain_text("released")
    expect(page.locator("#timeline")).to_contain_text("开箱查验 inspected: 2 cabinets")
    portal_server.shot(page, "released-timeline")


def test_rule_editor_errors_inline_and_backtest_shows_progress(
    page: Any, portal_server: LivePortal
) -> None:
    sign_in(page, portal_server, "risk")
    page.goto(portal_server.url + "/risk/rules/new")
    page.get_by_label("Rule code").fill("BATTERY-VALUE")
    page.get_by_label("Description").fill("High-value battery exports get a document check")
    page.get_by_label("Criteria").fill(
        "all:\n  - {field: item.tariff_code, op: prefix, value: '8507'}\n"
        "  - {field: item.colour, op: eq, value: red}\n"
    )
    page.get_by_label("Lane").select_option("yellow")
    page.get_by_role("button", name="Save draft rule").click()
    expect(page.locator("#f-criteria-error")).to_contain_text("criteria.all.1.field")
    page.get_by_label("Criteria").fill("{field: item.tariff_code, op: prefix, value: '8507'}")
    page.get_by_role("button", name="Run backtest").click()
    expect(page.locator("#backtest-summary")).to_contain_text("Declarations in the period")
    portal_server.shot(page, "rule-backtest")
    page.get_by_role("button", name="Save draft rule").click()
    expect(page.locator("#notice")).to_contain_text("Rule created as a draft")
    page.get_by_role("button", name="Activate this version").click()
    expect(page.locator("#notice")).to_contain_text("Activated")


def test_tablet_width_and_keyboard_only_sign_in(browser: Any, portal_server: LivePortal) -> None:
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    tab = context.new_page()
    tab.goto(portal_server.url + "/")
    expect(tab.locator("#username")).to_be_focused()  # the form takes the focus
    tab.keyboard.type("broker")
    tab.keyboard.press("Tab")
    tab.keyboard.type("clearway-test-pw")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("nav[aria-label=Main]")
    tab.goto(portal_server.url + "/declarations")
    expect(tab.locator("#declarations")).to_be_visible()
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, f"page scrolls sideways at tablet width ({width}px)"
    portal_server.shot(tab, "tablet-declarations")
    context.close()
