"""A fixed-window counter per client address in Django's cache: enough to stop a script from
flooding the public form, guessing query codes or keeping the report readers busy. The limits
are settings (APPLY_RATE_LIMIT, STATUS_RATE_LIMIT, PARSE_RATE_LIMIT); with several server
processes the cache must be shared (REDIS_URL).

The client's address is REMOTE_ADDR, unless that is one of the ``TRUSTED_PROXIES`` (addresses or
networks): then the proxy's ``X-Forwarded-For`` is read from the right, and the first address that
is not itself a trusted proxy is the client. A client's own ``X-Forwarded-For`` is never believed:
the proxy appends to it, so only the entries it added are read.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str) -> bool:
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    address = str(request.META.get("REMOTE_ADDR", "unknown"))
    if not _trusted(address):
        return address
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address  # a malformed entry: the proxy's own address is all we know
    return address


def _key(request: HttpRequest, bucket: str) -> str:
    return f"gongkai:rate:{bucket}:{client_address(request)}"


def blocked(request: HttpRequest, bucket: str, rate: tuple[int, int]) -> bool:
    """True when the client has used up ``rate`` = (limit, window in seconds), without
    counting this request (check first, count once the work is accepted)."""
    return int(cache.get(_key(request, bucket), 0)) >= rate[0]


def hit(request: HttpRequest, bucket: str, rate: tuple[int, int]) -> bool:
    """Count one request; True when the client has gone over ``rate`` = (limit, window in
    seconds)."""
    limit, window_seconds = rate
    key = _key(request, bucket)
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return False
    return count > limit


def refused(request: HttpRequest, bucket: str, rate: tuple[int, int], form: Any) -> bool:
    """Whether to answer 429 to a form post: the client has used up ``rate``, or this
    complete form takes it past. A form returned for a typo is not counted."""
    if blocked(request, bucket, rate):
        return True
    return bool(form.is_valid()) and hit(request, bucket, rate)
