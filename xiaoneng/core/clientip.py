"""Who is on the other end: the client's address behind the reverse proxies we trust.

``X-Forwarded-For`` is believed only when the peer (``REMOTE_ADDR``) is one of
``XIAONENG["TRUSTED_PROXIES"]`` (addresses or networks, e.g. ``127.0.0.1`` for an nginx on the
same machine, ``10.0.0.0/24`` for a load balancer subnet).  The list is then read from the
right, skipping our own proxies; the first address that is not one of them is the client.
Everything to its left was written by the client and may be forged.  A peer that is not a
trusted proxy is the client itself, whatever header it sends.  Rate limits and login
throttling key on this address."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip())


def _address(text: str):
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 1.2.3.4:5678
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def trusted(address, networks) -> bool:
    return address is not None and any(address in n for n in networks)


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")  # "" when unknown (a request made in code)
    networks = _networks(tuple(settings.XIAONENG.get("TRUSTED_PROXIES", ())))
    if not networks or not trusted(_address(peer), networks):
        return peer
    hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return peer  # a garbled header: count the proxy, not a made-up client
        if not trusted(address, networks):
            return str(address)
    return peer
