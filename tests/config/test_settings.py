import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start(*command: str, **env: str) -> subprocess.CompletedProcess:
    """Run `manage.py check` (or another command) in a fresh process with exactly these
    settings."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *(command or ["check"])],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_debug_off_without_a_secret_key_refuses_to_start():
    result = start(DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "perhaps"}, "DJANGO_DEBUG must be"),
        ({"DJANGO_DEBUG": "1", "DATABASE_URL": "nonsense://x"}, "DATABASE_URL"),
        ({"DJANGO_DEBUG": "1", "DJANGO_CSRF_TRUSTED_ORIGINS": "example.org"}, "need a scheme"),
        ({"DJANGO_DEBUG": "1", "DJANGO_HSTS_SECONDS": "a year"}, "DJANGO_HSTS_SECONDS"),
    ],
)
def test_bad_values_fail_at_start_up_with_a_clear_message(env, message):
    result = start(**env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_pass_the_deploy_check():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "x" * 60 + "a-long-random-production-key",
            "DJANGO_ALLOWED_HOSTS": "backstretch.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr


def test_commands_run_on_a_fresh_checkout_with_nothing_set():
    """manage.py defaults to debug on (a developer's machine); the web server does not."""
    result = start("makemigrations", "--check", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize("command", ["check", "makemigrations", "migrate"])
def test_every_command_says_which_setting_is_missing(command):
    result = start(command, DJANGO_DEBUG="0")

    assert result.returncode != 0
    assert "Backstretch cannot start: DJANGO_SECRET_KEY is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_web_server_keeps_debug_off_unless_told(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off" in result.stderr


def test_debug_on_starts_with_the_embedded_database():
    assert start(DJANGO_DEBUG="1").returncode == 0


@pytest.mark.parametrize(
    "database",
    ["", "sqlite:////tmp/backstretch-settings-test.sqlite3", "postgres://u@127.0.0.1:5432/x"],
)
def test_connections_are_kept_open_between_requests(database):
    """Opening a connection costs more than most pages' queries: each one is kept for ten
    minutes, and checked before it is used again."""
    result = start(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        DJANGO_DEBUG="1",
        DATABASE_URL=database,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["600", "True"]
