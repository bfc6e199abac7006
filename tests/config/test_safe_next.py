import pytest
from django.test import RequestFactory

from config.shared.typing import safe_next


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/journal/pain/", "/journal/pain/"),
        ("/stretches/?in_bed=on", "/stretches/?in_bed=on"),
        ("0", "/home/"),  # a bare word: redirect() would look for a view of that name (a 500)
        ("home", "/home/"),
        ("//evil.example/", "/home/"),
        ("https://evil.example/", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("", "/home/"),
    ],
)
def test_next_is_a_path_on_this_site_or_the_default(target, expected):
    request = RequestFactory().post("/", {"next": target})

    assert safe_next(request, default="/home/") == expected
