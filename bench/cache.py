"""What the cache holds after real use, to size it (settings.CACHES): the entries and bytes
the catalogue fills, shared by everyone, and those one person's morning adds."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from bench.seed import World, signed_in_client
from config.shared.caching import cache_clear, cache_held
from journal.insights import PERIODS
from routines.models import Routine
from stretches.models import Stretch


@dataclass(frozen=True)
class Footprint:
    name: str
    entries: int
    size: int  # bytes, as the cache keeps them (pickled)


def _filled(name: str, visit) -> Footprint:
    cache_clear()
    visit()
    return Footprint(name, *cache_held())


def measure(world: World) -> list[Footprint]:
    client = signed_in_client(world)
    catalogue = reverse("stretches:stretch-list")
    slugs = list(Stretch.objects.values_list("slug", flat=True))

    def browse():
        for query in ["", "?page=2", "?q=knee", "?area=lower-back&position=lying-back"]:
            client.get(catalogue + query)
        for slug in slugs:
            client.get(reverse("stretches:stretch-detail", args=[slug]))

    routine = Routine.objects.get(pk=world.routine_pk)
    steps = len(routine.plan())

    def morning():
        client.get(reverse("routines:routine-edit", args=[routine.pk]))
        for index in range(steps):
            url = reverse("journal:player-step", args=[routine.pk, world.play_key, index])
            client.get(url, headers={"HX-Request": "true"})
        for period in PERIODS:
            client.get(reverse("journal:dashboard"), {"period": period})

    return [
        _filled(f"the catalogue: 4 lists and all {len(slugs)} stretches", browse),
        _filled(
            f"one person's morning: the composer, a {steps}-step play-through, the dashboard "
            f"in all {len(PERIODS)} periods",
            morning,
        ),
    ]


def max_entries() -> int:
    return settings.CACHES["default"].get("OPTIONS", {}).get("MAX_ENTRIES", 300)
