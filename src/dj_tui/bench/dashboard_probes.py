"""The dashboard probes of ``dj-tui bench``, and the keystrokes they type.

Each probe opens the dashboard headless in a fresh interpreter, on a
collection whose cache is filled, as a user opens it:

    python -m dj_tui.bench.dashboard_probes open COLLECTION
    python -m dj_tui.bench.dashboard_probes search COLLECTION PACE

and prints its figures as one line of JSON as soon as they are measured,
before the dashboard closes: closing right after a tab opened may fail (a
region pane still building as the app shuts down), which ends the process
with exit code 1 but costs no figure. Keys are posted as the terminal would
send them (``press``): ``Pilot.press`` also waits for the app to be idle,
which is not what a user waits for. ``benchmarks/search_latency.py`` types
with the same ``press``, ``keystrokes`` and ``lists_show``.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence

from textual import events
from textual.app import App

from dj_tui.bench.probes import heavy_modules
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app

# How often the probes look whether the app has got where they wait for it.
_POLL = 0.002
# Finer while a keystroke is timed: the wait is the figure.
_KEYSTROKE_POLL = 0.0002
# How many reports the search probe takes its phrases from (a keyphrase and a
# sentence opening of each).
_SEARCHED_REPORTS = 8

Figures = dict[str, object]
# Given the figures as soon as they are measured, before the dashboard closes.
Emit = Callable[[Figures], None]


def press(app: App, key: str) -> None:
    """Send a key as the terminal driver does (Pilot.press would also wait on every widget)."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


def keystrokes(phrase: str) -> list[tuple[str, str]]:
    """``phrase`` typed key by key and then erased key by key: each key and the search text after it."""
    typed = [(key, phrase[:n]) for n, key in enumerate(phrase, 1)]
    erased = [("backspace", phrase[:n]) for n in range(len(phrase) - 1, -1, -1)]
    return typed + erased


async def lists_show(app: DashboardApp, text: str) -> None:
    """Return once the search box holds ``text`` and the tab labels and the visible list show its matches."""
    while not (app.search_text == text and app.shown_query == text):
        await asyncio.sleep(_KEYSTROKE_POLL)


async def typed(app: DashboardApp, phrase: str, pace: float) -> AsyncIterator[tuple[float, float]]:
    """Type ``phrase`` key by key, ``pace`` seconds apart: for each key, when it was pressed
    (``time.perf_counter``) and the seconds until the lists showed what it typed."""
    for key, text in keystrokes(phrase):
        await asyncio.sleep(pace)
        pressed = time.perf_counter()
        press(app, key)
        await lists_show(app, text)
        yield pressed, time.perf_counter() - pressed


async def _opened(app: DashboardApp, emit: Emit) -> None:
    # The first frame; then the moment the whole collection is shown (the
    # analysis finished, every region's tab there); then a key: "2" opens
    # the first region's tab. Times are wall-clock times, so that the bench
    # can count them from just before it started this process.
    async with app.run_test(size=(120, 40)):
        mounted = time.time()
        heavy = heavy_modules()
        while app.running:
            await asyncio.sleep(_POLL)
        shown = time.time()
        first_region = app.region_panes()[0].id if app.region_panes() else None
        app.post_message(events.Key("2", "2"))
        while first_region is not None and app.tabs.active != first_region:
            await asyncio.sleep(_POLL)
        answered = time.time()
        emit({"mounted_at": mounted, "shown_at": shown, "answered_at": answered, "heavy": heavy})


def open_dashboard(collection: str, emit: Emit) -> None:
    """When the dashboard on ``collection`` painted its first frame, showed the collection and opened a tab."""
    asyncio.run(_opened(create_app([collection], Config(path=None)), emit))


async def _searched(app: DashboardApp, pace: float, emit: Emit) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        while app.running:
            await asyncio.sleep(_POLL)
        app.animation_level = "none"
        rng = random.Random(7)
        reports = sorted(app.reports.values(), key=lambda report: report.path)
        phrases = []
        for report in rng.sample(reports, min(_SEARCHED_REPORTS, len(reports))):
            phrases += [keyword.term for keyword in report.keywords[:1]]
            phrases.append(rng.choice(report.analysis.sentences).norm[:6])
        await pilot.press("2", "slash")
        latencies = []
        for phrase in phrases:
            latencies += [latency async for _, latency in typed(app, phrase, pace)]
        latencies.sort()
        emit(
            {
                "keystrokes": len(latencies),
                "p50": statistics.median(latencies),
                "p95": latencies[int(0.95 * (len(latencies) - 1))],
            }
        )


def type_searches(collection: str, pace: float, emit: Emit) -> None:
    """Search keystroke latency in the dashboard on ``collection``, one key every ``pace`` seconds.

    On a region's tab, "/" and then phrases (a keyphrase and a sentence
    opening of a few reports) typed key by key and erased again; each
    keystroke is timed from the key until the search box holds the new text
    and the tab labels and the visible list show its matches. Searches are
    answered by the cache's full-text index, as the dashboard's are.
    """
    asyncio.run(_searched(create_app([collection], Config(path=None)), pace, emit))


def _print_json(figures: Figures) -> None:
    print(json.dumps(figures), flush=True)


def main(argv: Sequence[str]) -> None:
    probe, collection, *options = argv
    if probe == "open":
        open_dashboard(collection, _print_json)
    elif probe == "search":
        type_searches(collection, float(options[0]), _print_json)
    else:
        raise SystemExit(f"unknown probe {probe!r}: open or search")


if __name__ == "__main__":
    main(sys.argv[1:])
