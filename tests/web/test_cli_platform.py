"""``gongkai deadline``, ``gongkai demo`` and ``gongkai manage``."""

from __future__ import annotations

import json

import pytest

from gongkai.accounts.models import User
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.cli import main
from gongkai.demo import DEMO_PASSWORD


def test_it_prints_the_due_date_and_the_calendar(capsys) -> None:
    assert main(["deadline", "2026-09-28", "--calendar", "chinesecalendar"]) == 0
    out = capsys.readouterr().out
    assert "截止日期：2026年10月30日（星期五）" in out
    assert "chinesecalendar 1.11.0，覆盖 2004–2026 年" in out
    assert "临时" not in out


def test_it_says_when_a_due_date_is_provisional(capsys) -> None:
    assert main(["deadline", "2026-12-10", "--calendar", "chinesecalendar"]) == 0
    out = capsys.readouterr().out
    assert "截止日期：2027年1月7日（星期四）（临时）" in out
    assert "2027 年尚无节假日安排数据" in out


def test_it_excludes_repeated_pauses_and_speaks_json(capsys) -> None:
    argv = ["deadline", "2026-05-11", "--days", "20", "--json", "--calendar", "chinesecalendar"]
    argv += ["--pause", "2026-05-18", "2026-05-22", "--pause", "2026-05-25", "2026-05-25"]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "received": "2026-05-11",
        "days": 20,
        "pauses": [["2026-05-18", "2026-05-22"], ["2026-05-25", "2026-05-25"]],
        "paused_days": 6,
        "due": "2026-06-16",
        "provisional": False,
        "uncovered_years": [],
        "calendar": "chinesecalendar 1.11.0",
        "calendar_years": "2004–2026",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "2026-9-28"], "日期格式错误：'2026-9-28'"),
        (["deadline", "2026-02-30"], "日期格式错误"),
        (["deadline", "2026-09-28", "--days", "-1"], "期限天数不能为负数"),
        (["deadline", "2026-09-28", "--pause", "2026-10-09", "2026-10-01"], "早于开始日"),
    ],
)
def test_it_rejects_bad_input_in_one_line(capsys, argv, message) -> None:
    assert main([*argv, "--calendar", "chinesecalendar"]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_it_uses_the_platform_calendar_when_asked(db, capsys) -> None:
    assert main(["deadline", "2026-09-28", "--calendar", "platform"]) == 0
    out = capsys.readouterr().out
    assert "日历：平台工作日历" in out and "2026年10月30日" in out


def test_it_loads_the_demo_city_and_prints_the_logins(db, settings, capsys) -> None:
    settings.DEBUG = True
    assert main(["demo", "--no-serve"]) == 0
    out = capsys.readouterr().out
    codes = set(Agency.objects.values_list("short_code", flat=True))
    assert codes == {"JL", "JL-JYJ", "JL-ZRJ", "JL-DAJ"}
    archives = Agency.objects.get(short_code="JL-DAJ")
    assert archives.has_reading_room and archives.parent.short_code == "JL"
    roles = set(User.objects.exclude(role="").values_list("role", flat=True))
    assert roles == set(User.Role.values)
    for username in ("platform", "jyj_clerk", "jyj_reviewer", "jyj_admin", "gkb_supervisor"):
        assert username in out
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
    assert Event.objects.filter(action="agency.create").count() == 4


def test_it_leaves_an_existing_demo_alone_and_rebuilds_it_on_reset(
    transactional_db, settings, capsys
) -> None:
    # transactional: --reset flushes, and PostgreSQL cannot TRUNCATE inside the test's transaction.
    settings.DEBUG = True
    main(["demo", "--no-serve"])
    User.objects.filter(username="jyj_clerk").update(first_name="改过")
    assert main(["demo", "--no-serve"]) == 0
    assert "演示数据已存在" in capsys.readouterr().out
    assert User.objects.get(username="jyj_clerk").first_name == "改过"
    assert main(["demo", "--no-serve", "--reset"]) == 0
    assert User.objects.get(username="jyj_clerk").first_name == "王晓燕"
    assert Agency.objects.count() == 4
    # The calendar is seeded again after the flush.
    assert main(["deadline", "2026-09-28", "--calendar", "platform"]) == 0
    assert "2026年10月30日" in capsys.readouterr().out


def test_it_refuses_to_load_the_demo_in_production(db, settings, capsys) -> None:
    settings.DEBUG = False
    assert main(["demo", "--no-serve"]) == 2
    assert "DEBUG=1" in capsys.readouterr().err
    assert not Agency.objects.exists()


def test_it_passes_management_commands_through(db, capsys) -> None:
    assert main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out
