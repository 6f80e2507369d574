"""Domain events: what an aggregate records when something happens to it.

An aggregate records events as it changes (``Declaration.apply`` records each move of its
lifecycle); the unit of work collects them before it commits and hands each to the handlers
the composition root registered for its type (``bootstrap.HANDLERS``), in the same
transaction. No I/O here: an event is a plain value that names what happened.
"""

from __future__ import annotations

from typing import Any


class DomainEvent:
    """Base of every domain event; subclasses are frozen dataclasses named in the past tense."""


_PENDING = "_pending_events"


class EventSource:
    """Mixin of aggregates that record events.

    The list lives in the instance's ``__dict__`` and is created on first use: objects loaded
    from the database are built without calling ``__init__``.
    """

    def record_event(self, event: DomainEvent) -> None:
        """Keep an event for the unit of work to dispatch before the commit."""
        pending: list[DomainEvent] = self.__dict__.setdefault(_PENDING, [])
        pending.append(event)

    def collect_events(self) -> list[DomainEvent]:
        """The events recorded since the last collection, in the order they happened."""
        collected: list[DomainEvent] = self.__dict__.pop(_PENDING, [])
        return collected


def pending_in(objects: Any) -> list[DomainEvent]:
    """Collect the events of every event source among ``objects``, in their order."""
    found: list[DomainEvent] = []
    for obj in objects:
        if isinstance(obj, EventSource):
            found.extend(obj.collect_events())
    return found
