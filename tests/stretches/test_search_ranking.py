"""Search as people type it, over the real catalogue. The same cases run on SQLite (a
weighted match) and on PostgreSQL (full-text search and SearchRank): both must agree."""

import pytest

from stretches import vocabulary
from stretches.selectors import StretchFilters, stretch_search
from stretches.services import catalogue_load, catalogue_read
from tests.factories import StretchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def data():
    return catalogue_read()


@pytest.fixture
def catalogue(data):
    catalogue_load(data)
    return data["stretch"]


def found(q: str, **filters) -> list[str]:
    return [stretch.slug for stretch in stretch_search(StretchFilters(q=q, **filters))]


def slugs_where(catalogue, test) -> set[str]:
    return {slug for slug, entry in catalogue.items() if test(entry)}


def test_sciatica_finds_the_buttock_and_hamstring_stretches(catalogue):
    buttocks_or_hamstrings = slugs_where(
        catalogue, lambda entry: {"hips", "hamstrings"} & set(entry["body_areas"])
    )

    assert set(found("sciatica")) == buttocks_or_hamstrings
    assert {"lying-figure-four", "lying-hamstring-stretch", "standing-hip-buttock-stretch"} <= set(
        found("Sciatica")
    )


def test_knee_lists_the_stretches_named_for_the_knee_first(catalogue):
    named = slugs_where(catalogue, lambda entry: "knee" in entry["name"].lower())
    results = found("knee")

    assert len(named) == 5
    assert set(results[: len(named)]) == named
    assert "butterfly-forward-bend" in results[len(named) :]


def test_knees_finds_what_knee_finds_first(catalogue):
    assert found("knees")[:5] == found("knee")[:5]


def test_bed_finds_every_stretch_that_can_be_done_in_bed(catalogue):
    in_bed = slugs_where(catalogue, lambda entry: entry["in_bed"])
    results = found("bed")

    assert len(in_bed) == 14
    assert set(results) == in_bed
    assert results[0] == "edge-of-bed-knee-tucks"  # the one with bed in its name


@pytest.mark.parametrize(
    ("q", "test"),
    [
        ("office", lambda entry: entry["at_desk"]),
        ("desk", lambda entry: entry["at_desk"]),
        ("morning", lambda entry: entry["in_bed"]),
        ("neck", lambda entry: "neck" in entry["body_areas"]),
        ("shoulders", lambda entry: "shoulders" in entry["body_areas"]),
        ("hamstrings", lambda entry: "hamstrings" in entry["body_areas"]),
        ("glutes", lambda entry: "hips" in entry["body_areas"]),
        ("piriformis", lambda entry: "hips" in entry["body_areas"]),
        ("hips", lambda entry: "hips" in entry["body_areas"]),
        ("standing", lambda entry: entry["position"] == "standing"),
        ("wall", lambda entry: entry["equipment"] == "wall"),
        ("floor", lambda entry: entry["equipment"] == "mat"),
        ("stiff", lambda entry: entry["kind"] != "hold"),
        ("chair", lambda entry: entry["position"] == "seated-chair"),
    ],
)
def test_words_people_use_find_what_they_mean(catalogue, q, test):
    assert slugs_where(catalogue, test) <= set(found(q))


def test_every_word_of_the_map_finds_something(catalogue):
    for word in vocabulary.SEARCH_WORDS:
        assert found(word), word


def test_every_word_must_match(catalogue):
    neck_in_bed = found("neck bed")

    assert set(neck_in_bed) == set(found("neck")) & set(found("bed"))
    assert "head-turns" in neck_in_bed


def test_common_words_are_left_out(catalogue):
    assert found("knees to chest") == found("knees chest")
    assert found("knees to chest")[:2] == ["knees-to-chest", "single-knee-to-chest"]


def test_a_word_the_catalogue_does_not_know_finds_nothing(catalogue):
    assert found("sciatca") == []


@pytest.mark.parametrize("q", ["knee & | ! :* ( ) ' \\", "knee:*", "'knee'", "knee <-> chest"])
def test_query_syntax_is_read_as_plain_words(catalogue, q):
    assert "knees-to-chest" in found(q)


def test_search_combines_with_filters(catalogue):
    assert set(found("sciatica", in_bed=True)) == set(found("sciatica")) & set(found("bed"))


def test_names_rank_above_summaries_and_summaries_above_steps():
    # Listed in the catalogue in the opposite order, so that only the match can sort them.
    StretchFactory(rank=1, name="Quiet stretch", steps=["Breathe like a heron.", "Rest."])
    StretchFactory(rank=2, name="Calm stretch", summary="Stand still like a heron.")
    StretchFactory(rank=3, name="Heron stretch")
    StretchFactory(rank=4, name="Other stretch")

    assert [s.name for s in stretch_search(StretchFilters(q="heron"))] == [
        "Heron stretch",
        "Calm stretch",
        "Quiet stretch",
    ]


def test_a_name_match_ranks_above_matches_all_over_the_rest():
    StretchFactory(
        rank=1,
        name="Quiet stretch",
        summary="Heron heron heron.",
        steps=["A heron.", "Another heron.", "Heron again."],
    )
    StretchFactory(rank=2, name="Heron stretch")

    assert stretch_search(StretchFilters(q="heron"))[0].name == "Heron stretch"


def test_a_meaning_ranks_between_a_summary_and_steps():
    """Neck: a stretch that works the neck comes before one that only mentions it in a step."""
    StretchFactory(rank=1, name="Arm swing", areas=["shoulders"], steps=["Keep your neck long."])
    StretchFactory(rank=2, name="Head tilt", areas=["neck"])
    StretchFactory(rank=3, name="Shrug", areas=["shoulders"], summary="Eases the neck.")

    assert [s.name for s in stretch_search(StretchFilters(q="neck"))] == [
        "Shrug",
        "Head tilt",
        "Arm swing",
    ]


def test_equal_matches_keep_catalogue_order():
    StretchFactory(rank=2, name="Second", areas=["hips"])
    StretchFactory(rank=1, name="First", areas=["hips"])

    assert [s.name for s in stretch_search(StretchFilters(q="buttocks"))] == ["First", "Second"]


def test_sciatica_lists_the_stretches_for_the_buttock_and_hamstring_first(catalogue):
    def mentions(entry) -> bool:
        text = " ".join([entry["name"], entry["summary"], *entry["steps"]]).lower()
        return "buttock" in text or "hamstring" in text

    closer = slugs_where(catalogue, mentions)
    results = found("sciatica")

    assert {
        "lying-figure-four",
        "standing-hip-buttock-stretch",
        "lying-hamstring-stretch",
    } <= closer
    assert set(results[: len(closer)]) == closer
    assert results[0] == "standing-hip-buttock-stretch"  # both words in its name and summary
