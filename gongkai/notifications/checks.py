"""A deployment check (``manage.py check --deploy``): the links in the applicant's e-mails are
built on ``PUBLIC_BASE_URL``, which must name the public site, not this machine's loopback."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}


@register(Tags.security, deploy=True)
def public_base_url_check(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    if urlsplit(settings.PUBLIC_BASE_URL).hostname not in LOOPBACK:
        return []
    return [
        Warning(
            "PUBLIC_BASE_URL 指向本机：通知邮件中的查询链接，申请人无法打开。",
            hint="设置 PUBLIC_BASE_URL 为门户网站的地址，例如 https://gongkai.example.gov.cn",
            id="gongkai.W002",
        )
    ]
