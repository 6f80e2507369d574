"""The Content-Security-Policy in a real browser: the portal and /docs work under it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.conftest import LivePortal, sign_in


def _violations(page: Any) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda m: found.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return found


def test_portal_pages_and_htmx_run_with_no_policy_violation(
    page: Any, portal_server: LivePortal
) -> None:
    violations = _violations(page)
    sign_in(page, portal_server, "exporter")
    for path in ("/declarations", "/declarations/new", "/statistics"):
        page.goto(portal_server.url + path)
        expect(page.locator("main")).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object"
    assert violations == []


def test_docs_render_the_operations_offline_under_the_policy(
    page: Any, portal_server: LivePortal
) -> None:
    violations = _violations(page)
    foreign: list[str] = []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(portal_server.url)
            else (foreign.append(route.request.url), route.abort())
        ),
    )
    page.goto(portal_server.url + "/docs")
    expect(page.locator(".opblock").first).to_be_visible(timeout=20_000)
    expect(page.locator(".info .title")).to_contain_text("Clearway")
    assert foreign == [] and violations == []
