import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

from config.shared import caching
from config.shared.caching import Version, cache_held, cached, count_in_window, fragment_key

ROOT = Path(__file__).resolve().parents[2]
# An import of Django's cache API, in Python; a {% load %} of its template tag.
CACHE_API = re.compile(r"^\s*(from|import)\s+django\.core\.cache\b", re.MULTILINE)
CACHE_TAG = re.compile(r"{%\s*load\s[^%]*\bcache\b")


def _python_files():
    for folder in ("config", "stretches", "routines", "journal", "bench", "tests"):
        yield from (ROOT / folder).rglob("*.py")


def test_only_the_caching_module_reaches_djangos_cache_api():
    reaching = [
        str(path.relative_to(ROOT))
        for path in _python_files()
        if CACHE_API.search(path.read_text())
    ]
    loading = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "templates").rglob("*.html")
        if CACHE_TAG.search(path.read_text())
    ]

    assert reaching == ["config/shared/caching.py"]  # found there: the scan finds what it looks for
    assert loading == []


def test_at_most_six_templates_cache_a_block_each_keyed_by_a_named_fragment():
    blocks = {
        str(path.relative_to(ROOT)): re.findall(r'{%\s*cached\s+"([^"]+)"', path.read_text())
        for path in (ROOT / "templates").rglob("*.html")
    }
    cached_in = {path: names for path, names in blocks.items() if names}

    assert 1 <= len(cached_in) <= 6
    assert {name for names in cached_in.values() for name in names} == set(caching.FRAGMENTS)


def test_cached_computes_once_and_keeps_none_too():
    calls = []

    def compute():
        calls.append(1)
        return None

    assert cached("test:none", compute) is None
    assert cached("test:none", compute) is None
    assert calls == [1]


def test_a_fragment_is_keyed_only_by_the_version_it_names():
    catalogue = Version("catalogue", (21, 1.5))

    assert fragment_key("stretch-page", catalogue, 7) != fragment_key(
        "stretch-page", Version("catalogue", (22, 1.5)), 7
    )
    with pytest.raises(ValueError, match="journal version"):
        fragment_key("dashboard-side", catalogue)
    with pytest.raises(ValueError, match="no cached fragment"):
        fragment_key("anything", catalogue)
    with pytest.raises(ValueError, match="catalogue version"):
        fragment_key("stretch-page", "21-1.5")  # a string is not a version


def test_the_cached_tag_draws_its_block_once_for_each_version():
    template = Template(
        '{% load caching %}{% cached "stretch-page" v 7 %}{{ text }}{% endcached %}'
    )
    first, second = Version("catalogue", (1,)), Version("catalogue", (2,))

    assert template.render(Context({"v": first, "text": "old"})) == "old"
    assert template.render(Context({"v": first, "text": "new"})) == "old"
    assert template.render(Context({"v": second, "text": "new"})) == "new"
    # With no version, drawn every time and not kept.
    held = cache_held()[0]
    assert template.render(Context({"v": None, "text": "fresh"})) == "fresh"
    assert cache_held()[0] == held


def test_the_cached_tag_refuses_a_fragment_it_does_not_know():
    with pytest.raises(TemplateSyntaxError, match="no cached fragment"):
        Template('{% load caching %}{% cached "mine" v %}x{% endcached %}')


def test_the_filters_part_of_a_key_is_the_same_whatever_their_order_and_empty_ones():
    one = caching.filters_part({"area": "hips", "in_bed": True, "kind": ""})
    other = caching.filters_part({"max_minutes": None, "in_bed": True, "area": "hips"})

    assert one == other == "area=hips&in_bed=True"


def test_count_in_window_counts_each_call():
    assert [count_in_window("test:window", seconds=60) for _ in range(3)] == [1, 2, 3]
