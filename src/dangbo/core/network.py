"""The real client address of a request, for login throttling and the audit log.

Behind a reverse proxy every request comes from the proxy's address, so keying the login lockout on
REMOTE_ADDR would let anyone lock any officer out for everyone. The proxy appends the address it received the
request from to X-Forwarded-For; that header is believed only when the request comes from a proxy listed in
`DANGBO_TRUSTED_PROXIES`. Anything a client writes into the header itself sits to the left of what the proxy
appended, so the list is read from the right and the first address that is not a trusted proxy is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    remote: str | None = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(settings.DANGBO_TRUSTED_PROXIES))
    if remote is None or not _is_trusted(remote, networks):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if _is_trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return remote  # not an address where the proxy writes one: the proxy is misconfigured
    return remote


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the request came straight from one of `DANGBO_TRUSTED_PROXIES` (whose headers may be believed)."""
    remote = request.META.get("REMOTE_ADDR") or ""
    return _is_trusted(remote, _networks(tuple(settings.DANGBO_TRUSTED_PROXIES)))
