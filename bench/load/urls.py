"""The pages bench/load.sh requests, from the loaded demo (run by load.sh, not by hand).

    DATABASE_URL=... SECRET_KEY=... .venv/bin/python bench/load/urls.py urls.tsv

Writes one line per page, ``<name>\\t<path>\\t<cookie>``: the portal pages an anonymous visitor
opens and the catalogue pages and the request list a clerk of the 教育局 works in (with a
session cookie made here, so no log-in form and its throttle is involved). The first line is
the baseline: a static file served by whitenoise (no view, no database). load.sh checks that
every page answers 200.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

AGENCY = "JL-JYJ"
CLERK = "jyj_clerk"
SEARCH = "招生入学"


def pages() -> list[tuple[str, str, bool]]:
    """(name, path, as the clerk) for every page measured."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from gongkai.catalogue.models import DocType
    from gongkai.catalogue.selectors import public_documents
    from gongkai.reports.selectors import public_reports

    agency = Agency.objects.filter(short_code=AGENCY).first()
    if agency is None:
        raise SystemExit(f"bench/load/urls.py: 没有机关 {AGENCY}：演示数据未载入")
    documents = public_documents(agency.pk)
    # A 规范性文件 that replaced an earlier one: its page lists what it replaces.
    document = (
        documents.filter(doc_type=DocType.NORMATIVE, replaces__isnull=False)
        .order_by("-published_on", "-id")
        .first()
    ) or documents.order_by("-published_on", "-id").first()
    if document is None:
        raise SystemExit("bench/load/urls.py: 目录中没有已发布的文件")
    reports = public_reports(agency)
    if not reports:
        raise SystemExit(f"bench/load/urls.py: {AGENCY} 没有已公开的年度报告")
    portal = f"/portal/{AGENCY}"
    last_year = timezone.localdate().year - 1
    return [
        ("静态文件（基线）", "/" + staticfiles_storage.url("portal/portal.css").lstrip("/"), False),
        ("门户：机关列表", "/portal/", False),
        ("门户：机关首页", f"{portal}/", False),
        ("门户：目录列表", f"{portal}/documents/", False),
        ("门户：目录第50页", f"{portal}/documents/?page=50", False),
        ("门户：目录检索", f"{portal}/documents/?{urlencode({'q': SEARCH})}", False),
        (
            "门户：目录筛选",
            f"{portal}/documents/?{urlencode({'year': last_year, 'type': 'normative'})}",
            False,
        ),
        ("门户：文件详情", f"{portal}/documents/{document.pk}/", False),
        ("门户：年度报告列表", f"{portal}/reports/", False),
        ("门户：年度报告全文", f"{portal}/reports/{reports[0].year}/", False),
        ("门户：权责清单", f"{portal}/powers/", False),
        ("门户：Atom 订阅", f"{portal}/feed/", False),
        ("工作台：目录列表", "/catalogue/", True),
        ("工作台：目录检索", f"/catalogue/?{urlencode({'q': SEARCH})}", True),
        ("工作台：文件详情", f"/catalogue/{document.pk}/", True),
        ("工作台：申请列表", "/requests/", True),
    ]


def summary() -> str:
    from gongkai.catalogue.models import Document
    from gongkai.reports.models import ReportVersion
    from gongkai.requests.models import Application

    published = ReportVersion.objects.filter(published_at__isnull=False).count()
    return (
        f"目录文件 {Document.objects.count()} 件，依申请公开申请 "
        f"{Application.objects.count()} 件，已公开年度报告 {published} 份"
    )


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: bench/load/urls.py OUT.tsv", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from gongkai.accounts.models import User

    clerk = User.objects.filter(username=CLERK).first()
    if clerk is None:
        raise SystemExit(f"bench/load/urls.py: 没有用户 {CLERK}：演示数据未载入")
    staff = Client()
    staff.force_login(clerk)  # a session row, as a log-in through the form would leave
    cookie = f"{settings.SESSION_COOKIE_NAME}={staff.cookies[settings.SESSION_COOKIE_NAME].value}"
    lines = [f"{name}\t{path}\t{cookie if as_clerk else ''}\n" for name, path, as_clerk in pages()]
    Path(sys.argv[1]).write_text("".join(lines), encoding="utf-8")
    print(summary())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
