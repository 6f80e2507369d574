"""A refused edit page answers at once and never holds the SQLite writer lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from tests.builders import declaration_body
from tests.e2e.conftest import LiveApi
from tests.e2e.web_support import Portal, form_of_body

# Far below the SQLite lock timeout (60 s) the fault waited for, far above a slow machine.
PROMPT_SECONDS = 15.0


@pytest.fixture()
def portal(live: LiveApi) -> Iterator[Portal]:
    p = Portal(live)
    yield p
    p.close()


def _lodge(portal: Portal) -> str:
    answer = portal.post("/declarations/new", form_of_body(declaration_body()))
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].split("/")[2].split("?")[0]


def test_refused_edit_pages_leave_sign_ins_and_submissions_prompt(
    live: LiveApi, portal: Portal
) -> None:
    portal.sign_in("exporter")
    number = _lodge(portal)
    submitted = portal.post(f"/declarations/{number}/actions/submit", {"expected_version": "1"})
    assert submitted.status_code == 303, submitted.text
    admin = Portal(live)
    admin.sign_in("admin")
    answers: list[int] = []

    def open_refused_pages() -> None:
        answers.append(portal.get(f"/declarations/{number}/edit").status_code)
        answers.append(admin.get(f"/declarations/{number}/edit").status_code)

    started = time.monotonic()
    viewer = threading.Thread(target=open_refused_pages)
    viewer.start()
    late = Portal(live)
    assert late.sign_in("importer").status_code == 303
    second = _lodge(portal)
    again = portal.post(f"/declarations/{second}/actions/submit", {"expected_version": "1"})
    viewer.join(PROMPT_SECONDS)
    assert again.status_code == 303, again.text
    assert not viewer.is_alive()
    assert answers == [409, 409]
    assert time.monotonic() - started < PROMPT_SECONDS
    late.close()
    admin.close()
