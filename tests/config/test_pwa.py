"""Installable and offline: the manifest, the service worker and the offline page."""

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from config.pages import pwa

pytestmark = pytest.mark.django_db


def test_the_manifest_makes_the_app_installable(client):
    response = client.get(reverse("manifest"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["short_name"], manifest["display"]) == (
        "Backstretch",
        "Backstretch",
        "standalone",
    )
    assert manifest["start_url"].startswith("/")
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/")), icon["src"]
    assert {shortcut["name"] for shortcut in manifest["shortcuts"]} == {
        "Play my routine",
        "Log pain",
    }
    assert re.fullmatch(r"#[0-9a-f]{6}", manifest["theme_color"])


def test_every_page_links_the_manifest_and_a_touch_icon(client):
    page = client.get(reverse("home")).content.decode()

    assert f'<link rel="manifest" href="{reverse("manifest")}">' in page
    assert 'rel="apple-touch-icon"' in page


def test_the_service_worker_is_served_from_the_root_with_its_version_and_shell(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    code = response.content.decode()
    settings = json.loads(re.search(r"const SETTINGS = (\{.*\});", code).group(1))
    assert settings["version"] == pwa.worker_source()[1]
    assert "/static/css/app.css" in settings["shell"]
    assert reverse("offline") in settings["shell"]
    assert code.startswith('import { flush } from "/static/js/queue.js";')
    assert "<script" not in code


def test_a_change_to_any_file_of_the_shell_makes_a_new_version(monkeypatch, tmp_path):
    pwa.worker_source.cache_clear()
    before = pwa.worker_source()[1]
    changed = tmp_path / "app.css"
    changed.write_text("body { color: red; }")
    real_find = finders.find
    monkeypatch.setattr(
        finders,
        "find",
        lambda name, *args, **kwargs: str(changed) if name == "css/app.css" else real_find(name),
    )
    pwa.worker_source.cache_clear()

    try:
        assert pwa.worker_source()[1] != before
    finally:
        monkeypatch.undo()
        pwa.worker_source.cache_clear()
    assert pwa.worker_source()[1] == before


def test_the_offline_page_is_our_own_and_kind(client):
    response = client.get(reverse("offline"))

    assert response.status_code == 200
    assert b"You are offline" in response.content
    assert b"saved on this phone" in response.content
    assert b"sharp pain, numbness or tingling" in response.content


@pytest.mark.parametrize(
    ("cookie", "theme"), [(None, "#0f5e5a"), ("light", "#0f5e5a"), ("dark", "#141c1f")]
)
def test_the_manifest_takes_the_colours_of_the_theme_this_device_chose(client, cookie, theme):
    if cookie:
        client.cookies["theme"] = cookie

    manifest = json.loads(client.get(reverse("manifest")).content)

    assert manifest["theme_color"] == theme
    assert manifest["background_color"] == ("#0d1315" if cookie == "dark" else "#fbfaf7")
