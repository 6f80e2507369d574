"""Where a webhook host really points: resolved through DNS and judged by ``rules``.

Subscriptions are checked when they are made and every connection again when it is opened
(a name may be re-pointed at an internal address afterwards), and the transport connects to
the very address that was checked, so a second lookup cannot swap it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from clearway.config import Settings
from clearway.notifications.rules import IpAddress, address_refusal


def resolve(host: str, port: int) -> list[IpAddress]:
    """Every address the host resolves to (a literal address is itself); [] when none."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return list(
        dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found)
    )


@dataclass(frozen=True)
class AddressGuard:
    """Refuses internal addresses outside development, except for the hosts named in settings."""

    enforced: bool
    allowed_hosts: frozenset[str]

    @classmethod
    def from_settings(cls, settings: Settings) -> AddressGuard:
        allowed = frozenset(h.strip().lower() for h in settings.webhook_allowed_hosts)
        return cls(settings.env != "development", allowed)

    def trusts(self, host: str) -> bool:
        return not self.enforced or host.lower() in self.allowed_hosts

    def refusal(self, host: str, addresses: list[IpAddress]) -> str | None:
        """Why these addresses of the host may not be reached, or None when they may."""
        if self.trusts(host):
            return None
        return address_refusal(addresses)


def url_refusal(guard: AddressGuard, url: str) -> str | None:
    """Why a webhook URL's host may not be reached now; a name that does not resolve yet is
    left to the check made when each delivery connects."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if guard.trusts(host):
        return None
    return guard.refusal(host, resolve(host, parts.port or _PORTS.get(parts.scheme, 443)))


_PORTS = {"http": 80, "https": 443}
