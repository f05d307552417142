"""A deployment check (``manage.py check --deploy``): the public form's rate limits, the staff
log-in throttle and the public page cache live in Django's cache, which must be shared by all
server processes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


@register(Tags.security, deploy=True)
def shared_cache_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    backend = settings.CACHES["default"]["BACKEND"]
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "缓存只在单个进程内有效：多个服务进程时，在线申请和查询的限流、登录失败次数会按进程"
            "分别计数，限制形同放宽；公开页面更新后，其他进程最多在缓存有效期内仍显示旧页面。",
            hint="设置 REDIS_URL（例如 redis://127.0.0.1:6379/0），让所有进程共用一个缓存。",
            id="gongkai.W001",
        )
    ]
