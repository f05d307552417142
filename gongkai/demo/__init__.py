"""The demo platform behind ``make run`` / ``gongkai demo``: a city with its 政务公开办 and three
departments (one of them the 市档案局, with a reading room), one user per role, and the audit
events that creating them leaves. Everything goes through the service functions, exactly as a
real set-up would, so the demo also exercises them.

Later workflows add their records here (``load_demo`` is the one entry point).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import User
from gongkai.accounts.services import user_create
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create, agency_guide_update, agency_update
from gongkai.demo.appeals import load_appeals_demo
from gongkai.demo.catalogue import load_catalogue_demo
from gongkai.demo.readingroom import load_reading_room_demo
from gongkai.demo.reports import load_reports_demo
from gongkai.demo.requests import PER_AGENCY, load_requests_demo

# Meets the password rule (gongkai.accounts.passwords: 10+ characters, three kinds). Demo users
# are not made to change it (they are not given an initial password by an administrator); those
# whose role must have a second factor enrol an authenticator at their first log-in.
DEMO_PASSWORD = "Gongkai-demo-2026"
CITY_CODE = "JL"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str
    agency: str


def demo_loaded() -> bool:
    return Agency.objects.filter(short_code=CITY_CODE).exists()


@transaction.atomic
def load_demo(scale: int = 1) -> list[DemoLogin]:
    """Create the demo city; returns the logins to print. Call on an empty platform.

    ``scale`` multiplies the catalogue and the year of requests (``bench/load.sh`` loads
    ``scale=40``: some 27,000 documents and 4,800 requests); the agencies, users, reports and
    the reading-room register stay as they are."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    operator = User.objects.create_superuser(
        username="platform", password=DEMO_PASSWORD, first_name="平台管理员", email=""
    )
    office = agency_create(
        actor=operator,
        name="江临市人民政府办公室",
        short_code=CITY_CODE,
        kind=Agency.Kind.OFFICE,
        disclosure_unit="江临市政务公开办公室",
        address="江临市人民大道1号",
        postcode="310100",
        phone="0571-87000001",
        email="gongkai@jianglin.gov.cn",
        office_hours="工作日 9:00—12:00，13:30—17:00",
        reason="演示数据：建立市政务公开办",
    )
    education = _department(operator, office, "江临市教育局", "JL-JYJ", "办公室", "0571-87000210")
    planning = _department(
        operator, office, "江临市自然资源和规划局", "JL-ZRJ", "办公室", "0571-87000330"
    )
    archives = _department(
        operator, office, "江临市档案局", "JL-DAJ", "利用服务处", "0571-87000450"
    )
    agency_update(
        actor=operator,
        agency=archives,
        reading_room="江临市档案馆一楼政府信息查阅中心（江临市文渊路18号），工作日 9:00—17:00",
        reason="设立政府信息查阅场所（条例第二十五条）",
    )
    agency_guide_update(
        actor=operator,
        agency=education,
        request_office="办公室（江临市民中心二楼政务公开窗口）",
        office_hours="工作日 9:00—12:00，13:30—17:00",
        fax="0571-87000211",
        email="jyj@jianglin.gov.cn",
        guide_procedure="当面申请请携带身份证明原件，到政务公开窗口填写申请表。\n"
        "信函申请请在信封左下角注明“政府信息公开申请”字样。\n"
        "申请涉及学校招生、学籍的，请尽量写明学校名称和年份，便于检索。",
        reason="演示数据：政府信息公开指南（条例第十二条）",
    )
    people = [
        ("jyj_clerk", "王晓燕", education, User.Role.CLERK),
        ("jyj_reviewer", "李建国", education, User.Role.REVIEWER),
        ("jyj_admin", "陈静", education, User.Role.ADMIN),
        ("daj_clerk", "赵敏", archives, User.Role.CLERK),
        ("gkb_supervisor", "周正", office, User.Role.SUPERVISOR),
        # 三权分立: the platform's system, security and audit administrators (no agency).
        ("sys_admin", "系统管理员", None, User.Role.SYSADMIN),
        ("sec_admin", "安全管理员", None, User.Role.SECADMIN),
        ("audit_admin", "安全审计员", None, User.Role.AUDITOR),
    ]
    logins = [DemoLogin("platform", DEMO_PASSWORD, "平台管理员", "（全部机关）")]
    for username, name, agency, role in people:
        user_create(
            actor=operator,
            username=username,
            password=DEMO_PASSWORD,
            agency=agency,
            role=role,
            full_name=name,
            reason="演示数据",
        )
        where = agency.name if agency is not None else "（平台）"
        logins.append(DemoLogin(username, DEMO_PASSWORD, str(User.Role(role).label), where))
    departments = [education, planning, archives]
    load_catalogue_demo(operator, departments, scale=scale)
    load_appeals_demo(operator, departments[0])
    load_reading_room_demo(operator, departments)
    # Requests from 1 January of the year before last, so the reports the platform builds (last
    # year's and the year before's) count real cases; PER_AGENCY is a year's worth.
    today = timezone.localdate()
    since = date(today.year - 2, 1, 1)
    years = (today - since).days / 365
    load_requests_demo(
        operator,
        departments,
        today=today,
        since=since,
        per_agency={k: round(n * scale * years) for k, n in PER_AGENCY.items()},
    )
    load_reports_demo(operator, departments)
    return logins


def demo_logins() -> list[DemoLogin]:
    """The logins of an already-loaded demo (their passwords are the demo password unless
    someone changed them)."""
    logins = [DemoLogin("platform", DEMO_PASSWORD, "平台管理员", "（全部机关）")]
    for user in User.objects.exclude(role="").select_related("agency"):
        where = user.agency.name if user.agency else "（平台）"
        logins.append(DemoLogin(user.username, DEMO_PASSWORD, user.role_label, where))
    return logins


def _department(
    operator: User, office: Agency, name: str, code: str, unit: str, phone: str
) -> Agency:
    return agency_create(
        actor=operator,
        name=name,
        short_code=code,
        kind=Agency.Kind.DEPARTMENT,
        parent=office,
        disclosure_unit=unit,
        address="江临市人民大道1号",
        postcode="310100",
        phone=phone,
        reason="演示数据",
    )
