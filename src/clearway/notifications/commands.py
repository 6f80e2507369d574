"""Inputs of notification use cases."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from clearway.shared.bounds import Input

Topic = Annotated[str, StringConstraints(min_length=1, max_length=60)]


class WebhookInput(Input):
    """Where to send an enterprise's events, and which event types it wants (all by default)."""

    url: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    topics: list[Topic] = Field(
        default_factory=lambda: ["*"],
        max_length=20,
        description="Event types or prefixes such as declaration.* (default: everything).",
    )
    enterprise_id: int | None = Field(
        None,
        description="Administrators name the enterprise; enterprises subscribe for themselves.",
    )
