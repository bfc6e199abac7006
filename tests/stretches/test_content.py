"""The words people read: our own, and the corrections the catalogue's review asked for.

The catalogue's facts come from the five articles in ../shared/seeds/, but every text a
person sees is written in our own words: no run of eight words may match an article.
"""

import re
import tomllib
from pathlib import Path

import pytest
from django.urls import reverse

from stretches.services import CATALOGUE_FILE
from stretches.timing import describe_dose

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))


def runs(text: str) -> set[tuple[str, ...]]:
    found = words(text)
    return {tuple(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def catalogue_texts() -> list[tuple[str, str]]:
    with CATALOGUE_FILE.open("rb") as file:
        stretches = tomllib.load(file)["stretch"]
    texts = []
    for slug, entry in stretches.items():
        for field in ("name", "summary", "how_often", "breathing", "feel"):
            texts.append((f"{slug}.{field}", entry[field]))
        for field in ("steps", "mistakes", "cautions"):
            texts.extend((f"{slug}.{field}", line) for line in entry[field])
        for field in ("easier", "harder"):
            texts.extend((f"{slug}.{field}", v["text"]) for v in entry.get(field, []))
    return texts


def template_texts() -> list[tuple[str, str]]:
    texts = []
    for path in sorted((ROOT / "templates").rglob("*.html")):
        text = re.sub(r"\{[%{#].*?[%}#]\}", " ", path.read_text(), flags=re.S)
        texts.append((str(path.relative_to(ROOT)), re.sub(r"<[^>]+>", " ", text)))
    return texts


@pytest.fixture(scope="module")
def article_runs() -> set[tuple[str, ...]]:
    articles = sorted(SEEDS.glob("*.txt"))
    if not articles:
        pytest.skip(f"the articles are not beside the project ({SEEDS})")
    found: set[tuple[str, ...]] = set()
    for article in articles:
        found |= runs(article.read_text())
    return found


def test_the_check_finds_a_run_of_eight_words_taken_from_an_article(article_runs):
    borrowed = " ".join(next(iter(article_runs)))

    assert runs(f"We wrote: {borrowed}, and more.") & article_runs


@pytest.mark.parametrize(("where", "text"), catalogue_texts() + template_texts())
def test_no_text_people_see_shares_eight_words_in_a_row_with_an_article(article_runs, where, text):
    assert {" ".join(run) for run in runs(text) & article_runs} == set(), where


def test_arm_circles_and_shoulder_rolls_read_as_ten_each_way():
    with CATALOGUE_FILE.open("rb") as file:
        stretches = tomllib.load(file)["stretch"]
    for slug in ("arm-circles-overhead-clasp", "shoulder-rolls"):
        entry = stretches[slug]
        dose = describe_dose(
            timed=entry["kind"] == "hold",
            hold_seconds=entry["hold_seconds"],
            repetitions=entry["repetitions"],
            sets=entry["sets"],
            each_way=entry.get("each_way", False),
        )
        assert dose == "10 each way", slug


def test_each_way_is_said_only_for_two_sets_of_repetitions():
    assert describe_dose(timed=False, hold_seconds=5, repetitions=8, sets=2, each_way=True) == (
        "8 each way"
    )
    assert describe_dose(timed=False, hold_seconds=5, repetitions=8, sets=3, each_way=True) == (
        "8 times · 3 sets"
    )
    assert describe_dose(timed=True, hold_seconds=20, repetitions=1, sets=2, each_way=True) == (
        "Hold 20 s · 2 times"
    )


def catalogue_entry(slug: str) -> dict:
    with CATALOGUE_FILE.open("rb") as file:
        return tomllib.load(file)["stretch"][slug]


def test_edge_of_bed_knee_tucks_warn_about_balance_not_the_neck():
    cautions = " ".join(catalogue_entry("edge-of-bed-knee-tucks")["cautions"]).lower()

    assert "firm part of the mattress" in cautions
    assert "hands on the bed" in cautions
    assert "one foot down" in cautions
    assert "neck" not in cautions


def test_the_lying_hamstring_stretch_straightens_the_knee_sole_to_the_ceiling():
    steps = " ".join(catalogue_entry("lying-hamstring-stretch")["steps"]).lower()

    assert "straighten the knee" in steps
    assert "sole toward the ceiling" in steps


def test_cat_cow_is_taught_on_all_fours_not_at_a_desk():
    entry = catalogue_entry("cat-cow")

    assert entry["position"] == "all-fours"
    assert entry["at_desk"] is False


def test_the_standing_hip_stretch_mistakes_do_not_contradict_themselves():
    mistakes = catalogue_entry("standing-hip-buttock-stretch")["mistakes"]

    assert not any("straight" in m.lower() and "forcing" in m.lower() for m in mistakes)
    assert any("locks" in m and "soft" in m for m in mistakes)


def test_the_harder_knee_roll_waits_until_the_basic_roll_is_pain_free():
    harder = [v["text"] for v in catalogue_entry("knee-rolls")["harder"]]

    assert "pain-free" in harder[0]


@pytest.mark.django_db
def test_the_safety_page_gives_the_urgent_signs_in_two_groups_with_where_to_go(client):
    content = client.get(reverse("safety")).content.decode()

    emergency = content.index("Call emergency services or go to an emergency department now")
    soon = content.index("See a doctor soon (the same day if you can)")
    first = content.index("Check with a clinician first")
    assert emergency < soon < first
    for sign in ("saddle area", "bladder or bowels", "both legs", "getting worse"):
        assert emergency < content.index(sign) < soon
    for sign in ("fever", "weight loss", "history of cancer", "at night", "after a fall"):
        assert soon < content.index(sign) < first
    for sign in ("osteoporosis", "spine fracture", "had surgery recently", "a pregnancy"):
        assert sign in content[first:]


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["home", "safety"])
def test_home_and_safety_pages_frame_stretching_honestly(client, page):
    content = client.get(reverse(page)).content.decode()

    assert "not a treatment" in content
    assert "walking" in content
    assert "cannot promise relief" in content
