"""The player offline, in Debian's Chromium against gunicorn: what a play-through keeps on the
device at its start, and how soon the next step is on the screen with the network off."""

import statistics
from dataclasses import dataclass

from playwright.sync_api import sync_playwright

STEPS_TIMED = 20
NEXT_STEP_BUDGET_MS = 50
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

# Each press of the main control, to the next step settled and painted (two frames later).
TIMING = """() => {
  window.benchTimes = [];
  const main = '[data-action=done], [data-action=next]';
  document.addEventListener('click', (event) => {
    if (event.target.closest(main)) window.benchPressed = performance.now();
  }, true);
  document.addEventListener('htmx:afterSettle', () => {
    const pressed = window.benchPressed;
    const painted = () => window.benchTimes.push(performance.now() - pressed);
    requestAnimationFrame(() => requestAnimationFrame(painted));
  });
}"""
KEPT = "([name, value]) => name.includes('kept:') && /^[0-9]+$/.test(value)"


@dataclass(frozen=True)
class Kept:
    name: str
    steps: int
    bytes: int


@dataclass(frozen=True)
class Offline:
    kept: list[Kept]
    next_step_median_ms: float
    next_step_max_ms: float
    steps_timed: int


def _start(page, base: str, routine_pk: int) -> int:
    """Start a play-through; the bytes it kept on the device."""
    page.goto(f"{base}/play/{routine_pk}/")
    page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=30_000)
    page.get_by_role("button", name="Start").click()
    page.wait_for_function(f"() => Object.entries(sessionStorage).some({KEPT})", timeout=120_000)
    return int(page.evaluate(f"() => Object.entries(sessionStorage).find({KEPT})[1]"))


def measure(base: str, *, cookie: str, routines: list[tuple[str, int, int]]) -> Offline:
    """`routines`: (name, pk, steps) to start; the last is also played offline."""
    name, value = cookie.split("=", 1)
    kept = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for label, pk, steps in routines:
            context = browser.new_context(**PHONE)
            context.add_cookies([{"name": name, "value": value, "url": base}])
            page = context.new_page()
            kept.append(Kept(label, steps, _start(page, base, pk)))
            if (label, pk, steps) != routines[-1]:
                context.close()
        page.keyboard.press(" ")  # paused: the presses below move on, not the clock
        page.evaluate(TIMING)
        context.set_offline(True)
        for _ in range(STEPS_TIMED):
            count = page.evaluate("() => window.benchTimes.length")
            page.locator("[data-action=done], [data-action=next]").first.click()
            page.wait_for_function(f"() => window.benchTimes.length > {count}", timeout=10_000)
            page.keyboard.press(" ")
        times = page.evaluate("() => window.benchTimes")
        browser.close()
    return Offline(
        kept=kept,
        next_step_median_ms=statistics.median(times),
        next_step_max_ms=max(times),
        steps_timed=len(times),
    )


def routines_to_keep(world) -> list[tuple[str, int, int]]:
    """The longest starter routine, and a routine of the most stretches a routine may have
    (made now, for the person of the benchmark): (name, pk, steps) of each."""
    from django.contrib.auth import get_user_model

    from bench.seed import catalogue_item
    from routines.models import MAX_ITEMS, Routine, RoutineItem
    from routines.selectors import routines_starter
    from stretches.models import Stretch

    longest = max(routines_starter(), key=lambda routine: len(routine.plan()))
    stretches = list(Stretch.objects.order_by("rank"))
    full = Routine.objects.create(
        owner=get_user_model().objects.get(pk=world.user_pk), name="Forty stretches"
    )
    RoutineItem.objects.bulk_create(
        catalogue_item(full, stretches[n % len(stretches)], position)
        for position, n in enumerate(range(MAX_ITEMS), start=1)
    )
    full = Routine.objects.prefetch_related("items__stretch").get(pk=full.pk)
    return [
        (f"longest starter ({longest.name})", longest.pk, len(longest.plan())),
        (f"{MAX_ITEMS} stretches", full.pk, len(full.plan())),
    ]
