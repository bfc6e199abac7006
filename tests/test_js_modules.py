"""The small ES modules in static/js, unit-tested with node --test (tests/js/), and what
they expect of the templates and of the service worker."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from config.pages import pwa

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "static" / "js"
TEMPLATES = ROOT / "templates"


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is needed to run tests/js")
def test_the_javascript_modules_pass_their_node_tests():
    result = subprocess.run(
        ["node", "--experimental-detect-module", "--test", "tests/js/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "# fail 0" in result.stdout
    assert re.search(r"# pass [1-9]", result.stdout)


def kebab(name: str) -> str:
    """`stepKind` -> `data-step-kind`, as the DOM maps dataset names."""
    return "data-" + re.sub(r"[A-Z]", lambda match: "-" + match.group().lower(), name)


def data_attributes_read(code: str) -> set[str]:
    """The data-* attributes a module reads: `dataset.fooBar` and `[data-foo-bar` selectors,
    less those it only writes (`dataset.fooBar = ...`)."""
    read = {kebab(name) for name in re.findall(r"dataset\.(\w+)\b(?!\s*=[^=])", code)}
    written = {kebab(name) for name in re.findall(r"dataset\.(\w+)\s*=[^=]", code)}
    selected = set(re.findall(r"\[(data-[a-z-]+)", code))
    return (read - written) | selected


def test_every_data_attribute_the_player_reads_is_in_its_contract_and_its_templates():
    code = (JS / "player.js").read_text()
    contract = code.split("\nimport ", 1)[0]
    templates = "".join(
        (TEMPLATES / "journal" / name).read_text()
        for name in ("_player_step.html", "player_after.html")
    )

    read = data_attributes_read(code)

    assert {"data-step-kind", "data-step-key", "data-clock", "data-finish-form"} <= read
    assert sorted(name for name in read if name not in contract) == []
    in_templates = set(re.findall(r"\s(data-[a-z-]+)(?=[=\s>])", templates))
    assert sorted(read - in_templates) == []


def test_every_module_the_pages_import_is_in_the_offline_shell():
    imported = set()
    for name in ("app.js", "player.js"):
        imported.add(f"js/{name}")
        for module in re.findall(
            r'^import .* from "\./([\w-]+\.js)";$', (JS / name).read_text(), re.M
        ):
            imported.add(f"js/{module}")

    assert {"js/clock.js", "js/queue.js"} <= imported
    assert imported <= set(pwa.SHELL)
