"""The one env-driven settings module, loaded fresh in a subprocess for each environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gongkai.settings';"
    "from django.conf import settings as s;"
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
    " s.LANGUAGE_CODE, s.TIME_ZONE, s.SECRET_KEY[:7])"
)


def probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "IDENTITY_KEY", "BACKUP_HMAC_KEY"}
    }
    clean.update(GONGKAI_VAR_DIR=str(tmp_path / "var"), **env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, timeout=60
    )


def test_it_runs_with_zero_configuration_on_sqlite(tmp_path: Path) -> None:
    result = probe(tmp_path)
    assert result.returncode == 0, result.stderr
    debug, engine, name, language, zone, _ = result.stdout.split()
    assert debug == "True" and engine == "django.db.backends.sqlite3"
    assert name == str(tmp_path / "var" / "gongkai.sqlite3")
    assert (language, zone) == ("zh-hans", "Asia/Shanghai")


def test_it_selects_postgresql_from_database_url(tmp_path: Path) -> None:
    result = probe(tmp_path, DATABASE_URL="postgres://u:p@db.example:5432/gongkai")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1:3] == ["django.db.backends.postgresql", "gongkai"]


def test_it_refuses_to_start_in_production_without_a_secret(tmp_path: Path) -> None:
    result = probe(tmp_path, DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


PRODUCTION_KEYS = {
    "BACKUP_HMAC_KEY": "backup-signing-key-of-this-server",
    "IDENTITY_KEY": "8p1QXv9nB3m2c7ZrT6yK4wLq0sD5fG8hJ1kA2bC3dE4=",
}


def test_it_uses_the_secret_it_is_given(tmp_path: Path) -> None:
    result = probe(tmp_path, DEBUG="0", SECRET_KEY="prod-secret-value", **PRODUCTION_KEYS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "False" and result.stdout.split()[-1] == "prod-se"


def test_it_refuses_production_without_its_own_identity_and_backup_keys(tmp_path: Path) -> None:
    for name in PRODUCTION_KEYS:
        others = {k: v for k, v in PRODUCTION_KEYS.items() if k != name}
        result = probe(tmp_path, DEBUG="0", SECRET_KEY="prod-secret-value", **others)
        assert result.returncode != 0 and f"{name} 未设置" in result.stderr
    dev_key = probe(tmp_path, SECRET_KEY="x").stdout  # DEBUG on: the dev defaults are fine
    assert dev_key
    code = "from django.conf import settings as s; print(s.IDENTITY_KEY)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings", "DEBUG": "1"}
    env.pop("IDENTITY_KEY", None)
    default = subprocess.run(
        [sys.executable, "-c", "import django; django.setup();" + code],
        env={**env, "GONGKAI_VAR_DIR": str(tmp_path / "var")},
        capture_output=True,
        text=True,
    ).stdout.strip()
    result = probe(
        tmp_path,
        DEBUG="0",
        SECRET_KEY="prod-secret-value",
        BACKUP_HMAC_KEY="b",
        IDENTITY_KEY=default,
    )
    assert result.returncode != 0 and "IDENTITY_KEY 是开发用的默认值" in result.stderr


def test_it_refuses_an_identity_key_that_is_not_a_fernet_key(tmp_path: Path) -> None:
    result = probe(
        tmp_path, DEBUG="0", SECRET_KEY="s", BACKUP_HMAC_KEY="b", IDENTITY_KEY="short-and-wrong"
    )
    assert result.returncode != 0 and "不是有效的 Fernet 密钥" in result.stderr


def test_it_reads_rate_limits_and_refuses_a_malformed_one(tmp_path: Path) -> None:
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'gongkai.settings';"
        "from django.conf import settings as s; print(s.APPLY_RATE_LIMIT, s.CACHES['default'])"
    )
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path / "var")}
    run = lambda **extra: subprocess.run(  # noqa: E731
        [sys.executable, "-c", code], env={**env, **extra}, capture_output=True, text=True
    )
    result = run(APPLY_RATE_LIMIT="100/60", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert "(100, 60)" in result.stdout and "RedisCache" in result.stdout
    result = run(APPLY_RATE_LIMIT="five per hour")
    assert result.returncode != 0 and "APPLY_RATE_LIMIT='five per hour'" in result.stderr


def test_the_migrations_match_the_models_wherever_the_data_lives(tmp_path: Path) -> None:
    # A model field that deconstructs to a path of this machine would make every other
    # installation see a pending migration.
    env = {**os.environ, "GONGKAI_VAR_DIR": str(tmp_path / "elsewhere")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "gongkai", "manage", "makemigrations", "--check", "--dry-run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
