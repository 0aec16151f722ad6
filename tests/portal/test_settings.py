"""Configuration by environment: the profiles, and a clean ``check --deploy`` in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 20 + "-production-secret-key-for-the-deploy-check-only-0123456789"


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY=SECRET, ALLOWED_HOSTS="www.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="portal.settings.production", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def _settings_dump(**env: str) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'init': s.DATABASES['default'].get('OPTIONS', {}).get('init_command', ''), "
        "'cache': s.CACHES['default']['BACKEND'], 'q': sorted(s.Q_CLUSTER), 'lang': s.LANGUAGE_CODE, "
        "'tz': s.TIME_ZONE}))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    out = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, 'site'); {code}"], cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings.dev", **env},
        capture_output=True, text=True, timeout=60, check=True,
    )
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])


def test_embedded_default_is_sqlite_in_wal_mode_with_orm_broker():
    dump = _settings_dump()
    assert dump["engine"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in dump["init"]
    assert "orm" in dump["q"] and "redis" not in dump["q"]
    assert dump["cache"].endswith("DatabaseCache"), "shared by all processes, never per process"
    assert (dump["lang"], dump["tz"]) == ("zh-hans", "Asia/Shanghai")


def test_scale_out_profile_is_chosen_by_environment():
    dump = _settings_dump(DATABASE_URL="postgres://postgres@127.0.0.1:5432/x", REDIS_URL="redis://127.0.0.1:6379/0")
    assert dump["engine"] == "django.db.backends.postgresql"
    assert "redis" in dump["q"] and "orm" not in dump["q"]
    assert dump["cache"].endswith("RedisCache")
