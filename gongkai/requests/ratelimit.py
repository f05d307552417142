"""A fixed-window counter per client address in Django's cache: enough to stop a script from
flooding the public form or guessing query codes. The limits are settings (APPLY_RATE_LIMIT,
STATUS_RATE_LIMIT); with several server processes the cache must be shared (REDIS_URL)."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is whatever the client says unless a proxy sets it.
    return str(request.META.get("REMOTE_ADDR", "unknown"))


def hit(request: HttpRequest, bucket: str, rate: tuple[int, int]) -> bool:
    """Count one request; True when the client has gone over ``rate`` = (limit, window in
    seconds)."""
    limit, window_seconds = rate
    key = f"gongkai:rate:{bucket}:{client_address(request)}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return False
    return count > limit
