"""The background dispatcher `clearway serve` may run: drains the outbox every few seconds.

A daemon thread, so a stuck receiver never delays an API answer and stopping the server stops
it. Each pass is a fresh pair of short transactions; an error is logged and the next pass
tries again, which is safe because every step is idempotent.
"""

from __future__ import annotations

import logging
import threading

from clearway.bootstrap import Platform
from clearway.notifications.dispatcher import drain_all
from clearway.notifications.transport import HttpTransport

log = logging.getLogger("clearway.notifications")


class BackgroundDispatcher:
    """Drains the outbox (and relays to the bus when one is configured) until stopped."""

    def __init__(self, platform: Platform, interval_seconds: float, limit: int = 500) -> None:
        self.platform = platform
        self.interval = interval_seconds
        self.limit = limit
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="clearway-outbox", daemon=True)

    def start(self) -> BackgroundDispatcher:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        from clearway.notifications.bus import BusUnavailable, publisher_for, relay

        settings = self.platform.settings
        transport = HttpTransport.from_settings(settings)
        try:
            publisher = publisher_for(self.platform)
        except BusUnavailable as exc:
            log.warning("message bus relay off: %s", exc)
            publisher = None
        try:
            while not self._stop.is_set():
                try:
                    drain_all(self.platform, self.limit, transport)
                    if publisher is not None:
                        relay(self.platform, publisher, settings.nats_subject_prefix, self.limit)
                except Exception:
                    log.exception("outbox pass failed; retrying in %.1f s", self.interval)
                self._stop.wait(self.interval)
        finally:
            transport.close()


def start_background(platform: Platform) -> BackgroundDispatcher | None:
    """Start the loop when ``notify_background_seconds`` is positive; None when it is off."""
    interval = platform.settings.notify_background_seconds
    if interval <= 0:
        return None
    return BackgroundDispatcher(platform, interval, platform.settings.notify_claim_batch).start()
