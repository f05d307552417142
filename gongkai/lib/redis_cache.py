"""Django's Redis cache backend with one ``redis.Redis`` client per connection pool, made once.

Django's own backend (django.core.cache.backends.redis) builds a new ``redis.Redis`` for each
cache call; redis-py 8 fills some 170 response callbacks into each new client, and a staff page
asks the cache four times (session, per-user lookups, content generation, rate limits): that was
a fifth of a cached staff page's CPU. A client holds no connection of its own — it takes one
from the pool for each command — and is safe to share between threads; the pools are Django's
as before (one per server, the first for writes). Settings: ``BACKEND`` =
``"gongkai.lib.redis_cache.RedisCache"`` (gongkai.settings with REDIS_URL).
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
