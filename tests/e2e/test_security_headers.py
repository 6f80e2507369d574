"""Security headers on every answer; /docs served from the package, with no external host."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from tests.builders import declaration_body
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    p = Portal(live)
    yield p
    p.close()


def _guarded(answer: httpx.Response) -> None:
    csp = answer.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'", "no inline script, no foreign script"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"


def test_api_answers_and_refusals_carry_the_headers_and_are_never_stored(live: LiveApi) -> None:
    with live.client("exporter") as c:
        answers = [
            c.get("/api/v1/declarations"),  # personal data
            c.post("/api/v1/declarations", json=declaration_body()),  # a write
            c.get("/api/v1/declarations/999999"),  # 404 from a handler
            c.post(
                "/api/v1/declarations",
                content=b"x" * 10_000_000,
                headers={"content-type": "application/json"},
            ),  # 413 before any route
        ]
    with live.client() as anonymous:
        answers.append(anonymous.get("/api/v1/declarations"))  # 401
    assert [a.status_code for a in answers] == [200, 201, 404, 413, 401]
    for answer in answers:
        _guarded(answer)
        assert answer.headers["cache-control"] == "no-store", answer.request.url


def test_signed_in_pages_carry_the_headers_never_cache_and_use_no_inline_script(
    portal: Portal,
) -> None:
    assert portal.sign_in("exporter").status_code == 303
    for path in ("/", "/declarations", "/declarations/new", "/notifications"):
        page = portal.get(path)
        assert page.status_code == 200, path
        _guarded(page)
        assert page.headers["cache-control"] == "no-store", path
        # What the policy would block in a browser: inline scripts and handlers.
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page.text)), path
        assert not re.search(r"\son[a-z]+=", page.text), path


def test_vendored_static_assets_may_be_cached_but_are_still_guarded(live: LiveApi) -> None:
    with live.client() as c:
        css = c.get("/static/clearway.css")
    assert css.status_code == 200
    _guarded(css)
    assert "no-store" not in css.headers.get("cache-control", "")


def test_docs_work_offline_every_asset_from_this_site(live: LiveApi) -> None:
    with live.client() as c:
        page = c.get("/docs")
        assert page.status_code == 200
        _guarded(page)
        refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert refs, "the page loads Swagger UI"
        assert not [r for r in refs if "//" in r or not r.startswith("/static/")]
        assert not re.search(r"<script>(?!</script>)", page.text), "no inline script"
        for ref in refs:
            asset = c.get(ref)
            assert asset.status_code == 200 and len(asset.content) > 100, ref
        init = c.get("/static/swagger-init.js").text
        assert '"/openapi.json"' in init and "validatorUrl: null" in init
        assert c.get("/openapi.json").status_code == 200
