"""A signed-in portal client over HTTP: cookies kept, CSRF token read from the page."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.e2e.conftest import PASSWORD, LiveApi

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_of(html: str) -> str:
    found = _TOKEN.search(html)
    assert found, "page carries no CSRF token"
    return found.group(1)


class Portal:
    """One browser-like session: follows no redirects, so tests see each answer."""

    def __init__(self, live: LiveApi) -> None:
        self.http = httpx.Client(base_url=live.url, timeout=60, follow_redirects=False)
        self.csrf = ""

    def sign_in(self, username: str, password: str = PASSWORD) -> httpx.Response:
        page = self.http.get("/sign-in")
        answer = self.http.post(
            "/sign-in",
            data={"username": username, "password": password, "csrf_token": token_of(page.text)},
        )
        if answer.status_code == 303:
            self.csrf = token_of(self.http.get("/").text)
        return answer

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.http.get(path, **kw)

    def post(self, path: str, data: dict[str, Any], csrf: str | None = None) -> httpx.Response:
        token = self.csrf if csrf is None else csrf
        return self.http.post(path, data={**data, "csrf_token": token} if token else data)

    def close(self) -> None:
        self.http.close()


def form_of_body(body: dict[str, Any]) -> dict[str, str]:
    """An API declaration body as the portal's form fields (inputs named by field paths)."""
    out: dict[str, str] = {}
    for key, value in body.items():
        if key == "items":
            for n, item in enumerate(value):
                for field, v in item.items():
                    if isinstance(v, dict):
                        out.update({f"items.{n}.{field}.{k}": str(x) for k, x in v.items()})
                    else:
                        out[f"items.{n}.{field}"] = str(v)
        elif value is not None:
            out[key] = str(value)
    return out
