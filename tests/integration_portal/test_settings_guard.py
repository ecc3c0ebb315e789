"""Settings come from the environment and fail loudly, in one line, when wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40 + "-7f3a9c",
    "ALLOWED_HOSTS": "integration.example.se",
    "DATABASE_URL": f"sqlite:///{ROOT / 'unused.sqlite3'}",
    # The open data catalogue's publisher (dataportal.se): without it the deploy check warns.
    "OPEN_DATA_ORG_NUMBER": "202100-0000",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "SECURE_COOKIES",
        }
    }
    clean.update(env)
    clean["DJANGO_SETTINGS_MODULE"] = "integration_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("value", ["maybe", "ja", "2"])
def test_bad_debug_value_is_a_one_line_error_naming_the_variable(value):
    result = run_manage("check", DEBUG=value, SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
    assert value in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_database_url_is_a_one_line_error():
    result = run_manage("check", DEBUG="true", DATABASE_URL="nosuchdb://what")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_number_is_a_one_line_error():
    result = run_manage("check", DEBUG="true", SECURE_HSTS_SECONDS="a year")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr


def test_deploy_check_passes_with_production_values():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_debug_mode_runs_without_secret_key():
    result = run_manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_env_bool_accepts_the_documented_spellings(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from integration_portal.env import env_bool, env_list

    for raw, expected in [("true", True), ("1", True), ("Yes", True), ("off", False), ("0", False)]:
        monkeypatch.setenv("SOME_FLAG", raw)
        assert env_bool("SOME_FLAG", not expected) is expected
    monkeypatch.setenv("SOME_FLAG", "sure")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG", False)
    monkeypatch.setenv("HOSTS", " a.example , b.example,, ")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]


def test_bad_feedback_phone_is_a_one_line_error():
    result = run_manage("check", DEBUG="true", PORTAL_FEEDBACK_PHONE="ring oss")
    assert result.returncode != 0
    assert "PORTAL_FEEDBACK_PHONE" in result.stderr
    assert "Traceback" not in result.stderr


def test_feedback_phone_is_read_as_typed_and_stored_as_e164(monkeypatch):
    from integration_portal.env import env_phone

    assert env_phone("FEEDBACK_PHONE", "010-223 10 00") == "+46102231000"
    monkeypatch.setenv("FEEDBACK_PHONE", "08-123 456 78")
    assert env_phone("FEEDBACK_PHONE", "010-223 10 00") == "+46812345678"


def test_portal_base_url_is_read_from_the_environment_and_reminders_from_cron_use_it(tmp_path):
    """Regression: PORTAL_BASE_URL was never read, so reminder e-mails had relative links.

    As cron runs it: its own process, settings from the environment, e-mail printed."""
    import datetime

    from django.utils import timezone

    env = {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cron.sqlite3'}",
        "EMAIL_URL": "console:",
        "PORTAL_BASE_URL": "https://integration.example.se/",
    }
    for command in (("migrate", "--no-input"), ("seed_demo",)):
        result = run_manage(*command, **env)
        assert result.returncode == 0, result.stderr
    # A few days before the deadline of the last month that has ended (default settings):
    # Södertälje's report of that month is back with the municipality in the demo data.
    last_ended = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    day = last_ended + datetime.timedelta(days=15 - 2)
    result = run_manage("send_reminders", "--date", day.isoformat(), **env)
    assert result.returncode == 0, result.stderr
    assert "sara.nystrom@sodertalje.example" in result.stdout
    assert "https://integration.example.se/rapporter/fyll-i/0181/" in result.stdout
    assert "\n/rapporter/fyll-i/" not in result.stdout


@pytest.mark.parametrize("value", ["integration.example.se", "ftp://x.example", "https://"])
def test_a_portal_base_url_that_is_not_an_absolute_address_is_a_one_line_error(value):
    result = run_manage("check", DEBUG="true", PORTAL_BASE_URL=value)
    assert result.returncode != 0
    assert "PORTAL_BASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_deploy_check_warns_without_the_open_data_organisation_number():
    production = {k: v for k, v in PRODUCTION.items() if k != "OPEN_DATA_ORG_NUMBER"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode != 0
    assert "overview.W001" in result.stdout + result.stderr


def test_bad_organisation_number_is_a_one_line_error():
    result = run_manage("check", DEBUG="true", OPEN_DATA_ORG_NUMBER="12-34")
    assert result.returncode != 0
    assert "OPEN_DATA_ORG_NUMBER" in result.stderr


def test_production_templates_are_compiled_once_by_the_cached_loader():
    """The miss path (bench/README.md) relies on templates parsed once per process."""
    result = run_manage(
        "shell",
        "-c",
        "from django.template import engines; "
        "print([type(l).__module__ for l in engines['django'].engine.template_loaders])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['django.template.loaders.cached']"
