"""The portal over HTTP: sign-in, CSRF refusal, tenancy 404, inline errors, stale forms."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.builders import battery_item, declaration_body
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal, form_of_body, token_of


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    p = Portal(live)
    yield p
    p.close()


def _lodge(portal: Portal, **overrides: object) -> str:
    answer = portal.post("/declarations/new", form_of_body(declaration_body(**overrides)))
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].split("/")[2].split("?")[0]


def test_signed_out_pages_send_to_sign_in_and_sign_in_needs_the_right_password(
    portal: Portal,
) -> None:
    answer = portal.get("/declarations?status=draft")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/declarations%3Fstatus%3Ddraft"
    home = portal.get("/")
    assert home.status_code == 200 and 'action="/sign-in"' in home.text
    assert 'href="/docs"' in home.text
    refused = portal.sign_in("exporter", "wrong-password")
    assert refused.status_code == 401
    assert "wrong username or password" in refused.text
    assert portal.sign_in("exporter").status_code == 303
    cookie = portal.http.cookies.jar
    session = next(c for c in cookie if c.name == "clearway_session")
    assert session.has_nonstandard_attr("HttpOnly")
    assert portal.get("/declarations").status_code == 200


def test_each_role_sees_its_own_menu(live: LiveApi) -> None:
    expected = {
        "exporter": {"New declaration", "Notifications"},
        "broker": {"New declaration"},
        "risk": {"Lane queue", "Risk rules", "Lane and hit rates"},
        "inspector": {"Inspection worklist", "Account books"},
        "liaison": {"Declarations", "Notifications"},
        "admin": {"Lane queue", "Inspection worklist", "New declaration", "Risk rules"},
    }
    absent = {
        "exporter": {"Lane queue", "Risk rules", "Inspection worklist", "Account books"},
        "broker": {"Lane queue", "Account books"},
        "risk": {"New declaration", "Inspection worklist"},
        "inspector": {"Lane queue", "New declaration"},
        "liaison": {"Lane queue", "New declaration", "Risk rules", "Inspection worklist"},
        "admin": set(),
    }
    for who, labels in expected.items():
        p = Portal(live)
        assert p.sign_in(who).status_code == 303
        menu = p.get("/").text.split('<nav aria-label="Main">')[1].split("</nav>")[0]
        for label in labels:
            assert f">{label}<" in menu, (who, label)
        for label in absent[who]:
            assert f">{label}<" not in menu, (who, label)
        p.close()
    p = Portal(live)
    p.sign_in("exporter")
    assert p.get("/risk/queue").status_code == 403
    p.close()


def test_csrf_missing_or_forged_is_refused_and_changes_nothing(portal: Portal) -> None:
    portal.sign_in("exporter")
    form = form_of_body(declaration_body())
    for token in ("", "forged-" + "x" * 40):
        refused = portal.post("/declarations/new", form, csrf=token)
        assert refused.status_code == 403
        assert "security token" in refused.text
    assert "0 declarations" in portal.get("/declarations").text
    # The token of another session is no better than a forged one.
    other = Portal.__new__(Portal)
    other.http = portal.http.__class__(base_url=str(portal.http.base_url), timeout=60)
    other.csrf = ""
    other.sign_in("exporter")
    assert other.csrf != portal.csrf
    assert portal.post("/declarations/new", form, csrf=other.csrf).status_code == 403
    other.close()
    # htmx requests send the token in a header instead.
    answer = portal.http.post("/declarations/new", data=form, headers={"X-CSRF-Token": portal.csrf})
    assert answer.status_code == 303


def test_inline_errors_name_the_field_then_the_fixed_form_saves_and_submits(
    portal: Portal,
) -> None:
    portal.sign_in("exporter")
    body = declaration_body(items=[battery_item(), battery_item(tariff_code="8507600099")])
    form = form_of_body(body)
    form["items.1.quantity"] = "-3"
    answer = portal.post("/declarations/new", form)
    assert answer.status_code == 422
    page = answer.text
    assert 'href="#f-items-1-tariff_code"' in page and "tariff_unknown" in page
    assert 'id="f-items-1-quantity" name="items.1.quantity" value="-3"' in page
    assert 'aria-invalid="true"' in page
    # The rows come back with what was typed, and nothing was stored.
    assert 'value="储能电池柜 Energy storage cabinet"' in page
    assert "0 declarations" in portal.get("/declarations").text
    form["items.1.tariff_code"] = "8507600030"
    form["items.1.quantity"] = "3"
    form["intent"] = "submit"
    saved = portal.post("/declarations/new", form)
    assert saved.status_code == 303, saved.text
    detail = portal.get(saved.headers["location"]).text
    assert "Declaration submitted." in detail
    assert "submitted" in detail and "E2" in detail


def test_another_tenants_declaration_is_not_found(live: LiveApi, portal: Portal) -> None:
    portal.sign_in("exporter")
    number = _lodge(portal)
    outsider = Portal(live)
    outsider.sign_in("importer")
    for path in (f"/declarations/{number}", f"/declarations/{number}/edit"):
        answer = outsider.get(path)
        assert answer.status_code == 404
        assert "Not found" in answer.text and f"declaration {number} not found" in answer.text
        assert "储能电池柜" not in answer.text  # nothing of the record leaks
    missing = outsider.get("/declarations/0291-2026-E-999999")
    assert missing.status_code == 404
    assert missing.text.replace("999999", "000001") == answer.text.replace(
        number, "0291-2026-E-000001"
    )
    refused = outsider.post(f"/declarations/{number}/actions/submit", {"expected_version": "1"})
    assert refused.status_code == 404
    assert f"/declarations/{number}" not in outsider.get("/declarations").text
    outsider.close()


def test_stale_form_says_so_and_shows_the_current_state(portal: Portal) -> None:
    portal.sign_in("exporter")
    number = _lodge(portal)
    edit = portal.get(f"/declarations/{number}/edit").text
    assert 'name="version" value="1"' in edit
    form = form_of_body(declaration_body(overseas_party="First change"))
    form["version"] = "1"
    assert portal.post(f"/declarations/{number}/edit", form).status_code == 303
    form["overseas_party"] = "Second change from a stale page"
    stale = portal.post(f"/declarations/{number}/edit", form)
    assert stale.status_code == 409
    assert "changed meanwhile" in stale.text and "First change" in stale.text
    assert "Second change" not in stale.text
    submitted = portal.post(f"/declarations/{number}/actions/submit", {"expected_version": "1"})
    assert submitted.status_code == 409
    assert "Nothing was changed" in submitted.text


def test_quotes_html_and_chinese_render_escaped_and_exact(portal: Portal) -> None:
    portal.sign_in("exporter")
    tricky = "锂电池 \"Pack\" <script>alert(1)</script> & 'x'"
    number = _lodge(portal, items=[battery_item(goods_name=tricky)])
    page = portal.get(f"/declarations/{number}").text
    assert "<script>alert(1)</script>" not in page
    assert "锂电池 &#34;Pack&#34; &lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;x&#39;" in page
    assert '<html lang="en">' in page and 'charset="utf-8"' in page


def test_add_item_row_without_scripts_and_with_htmx(portal: Portal) -> None:
    portal.sign_in("broker")
    form = form_of_body(declaration_body(flow="import"))
    redrawn = portal.post("/declarations/new", {**form, "add_item": "1"})
    assert redrawn.status_code == 200
    assert 'name="items.1.tariff_code"' in redrawn.text
    removed = portal.post("/declarations/new", {**form, "remove_item": "0"})
    assert 'name="items.0.tariff_code"' not in removed.text
    row = portal.get("/declarations/item-row", params={"index": 4}, headers={"HX-Request": "true"})
    assert 'name="items.4.goods_name"' in row.text
    assert 'hx-swap-oob="true"' in row.text and '"index": 5' in row.text
    assert token_of(portal.get("/declarations/new").text) == portal.csrf
