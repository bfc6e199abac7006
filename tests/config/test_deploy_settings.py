"""Production settings that must be chosen, not fallen into: the secret key's length,
HSTS preload, and how many proxies stand in front."""

import pytest

from tests.config.test_settings import start

PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "backstretch.example.org"}
PRINT = "from django.conf import settings as s; print({})"


def setting(expression: str, **env: str) -> str:
    result = start("shell", "--no-imports", "-c", PRINT.format(expression), **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_secret_key_under_50_characters_refuses_to_start_with_debug_off():
    result = start(**PRODUCTION, DJANGO_SECRET_KEY="s" * 49)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is too short (49 characters)" in result.stderr
    assert "s" * 49 not in result.stderr  # the key itself is never printed


def test_a_secret_key_of_50_characters_starts():
    assert start(**PRODUCTION, DJANGO_SECRET_KEY="s" * 50).returncode == 0


def test_hsts_preload_is_off_unless_asked_for():
    key = {"DJANGO_SECRET_KEY": "k" * 60}

    assert setting("(s.SECURE_HSTS_PRELOAD, s.SECURE_HSTS_SECONDS)", **PRODUCTION, **key) == (
        "(False, 31536000)"
    )
    assert setting("s.SECURE_HSTS_PRELOAD", **PRODUCTION, **key, DJANGO_HSTS_PRELOAD="1") == (
        "True"
    )


@pytest.mark.parametrize(
    ("env", "count"),
    [({}, "0"), ({"DJANGO_BEHIND_PROXY": "1"}, "1"), ({"DJANGO_PROXY_COUNT": "2"}, "2")],
)
def test_the_number_of_proxies_is_the_deployments_to_declare(env, count):
    assert setting("s.PROXY_COUNT", DJANGO_DEBUG="1", **env) == count


def test_a_negative_number_of_proxies_fails_at_start_up():
    result = start(DJANGO_DEBUG="1", DJANGO_PROXY_COUNT="-1")

    assert result.returncode != 0
    assert "DJANGO_PROXY_COUNT must be 0 or more" in result.stderr
