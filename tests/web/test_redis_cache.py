"""The Redis cache backend the platform runs with (gongkai.lib.redis_cache, REDIS_URL): one
client per connection pool, and what Django's backend does with it — against the Redis on
127.0.0.1:6379 when one listens (the CI machine has one), its database 15 under a prefix of
this run's own."""

from __future__ import annotations

import socket
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from gongkai.lib.redis_cache import RedisCache

SERVER = "redis://127.0.0.1:6379/15"


def _listening() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def _cache(server: str = SERVER, cls: type = RedisCache) -> RedisCache:
    return cls(server, {"KEY_PREFIX": f"gongkai-test-{uuid.uuid4().hex}"})


def test_it_makes_one_client_per_pool_and_no_connection_until_asked() -> None:
    cache = _cache("redis://127.0.0.1:1/0;redis://127.0.0.1:2/0")  # nothing listens there
    writer = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is writer
    assert cache._cache.get_client() is cache._cache.get_client()  # the one reading server
    assert cache._cache.get_client() is not writer
    assert writer.connection_pool is cache._cache._get_connection_pool(True)
    # Django's own backend makes a new client each time: the reason this one exists.
    django_cache = _cache(cls=DjangoRedisCache)
    assert django_cache._cache.get_client() is not django_cache._cache.get_client()


@pytest.mark.skipif(not _listening(), reason="no Redis on 127.0.0.1:6379")
def test_it_keeps_and_returns_what_django_s_backend_does() -> None:
    ours, theirs = _cache(), _cache(cls=DjangoRedisCache)
    theirs.key_prefix = ours.key_prefix  # the same keys: each reads what the other wrote
    try:
        ours.set("a", {"会话": [1, 2]}, 30)
        assert theirs.get("a") == {"会话": [1, 2]}
        theirs.set("b", "二", 30)
        assert ours.get_many(["a", "b", "c"]) == {"a": {"会话": [1, 2]}, "b": "二"}
        assert ours.add("n", 0) is True and ours.add("n", 5) is False
        assert ours.incr("n", 2) == 2 == theirs.get("n")
        assert ours.get_or_set("g", lambda: "新", 30) == "新" == theirs.get("g")
        ours.delete_many(["a", "b"])
        assert theirs.get("a") is None and ours.get("b", "无") == "无"
    finally:
        ours.delete_many(["a", "b", "n", "g"])
