"""Inputs of liaison use cases."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from clearway.liaison.model import Duty, RequestCategory
from clearway.shared.bounds import Input

Text = Annotated[str, StringConstraints(max_length=4000)]


class AssignmentInput(Input):
    enterprise_id: int
    officer_id: int = Field(description="User id of a liaison officer.")
    duty: Duty = Duty.LIAISON_OFFICER
    reason: Annotated[str, StringConstraints(max_length=500)] = ""


class RequestInput(Input):
    """A question, an urgent clearance request or a complaint."""

    category: RequestCategory
    subject: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    body: Annotated[str, StringConstraints(min_length=1, max_length=4000)]
    declaration: Annotated[str, StringConstraints(max_length=24)] | None = Field(
        None, description="Number or id of a declaration the request is about."
    )


class RequestActionInput(Input):
    body: Text = ""
    assignee_id: int | None = Field(None, description="Officer's user id (assign).")
    expected_version: int | None = None
