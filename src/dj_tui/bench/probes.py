"""The headless probes of ``dj-tui bench``: plain segmentation and the cached load.

Each runs in a fresh interpreter, so that imports, jieba's dictionary and the
cache are paid for as a user pays for them:

    python -m dj_tui.bench.probes lcut|load COLLECTION

and prints its figures as one line of JSON (``lcut`` prints nothing: the
whole process is what is timed). A probe imports what it needs itself, as
late as it can: its imports are part of what it measures, and the dashboard
probes (``dashboard_probes``) pay for Textual, these never do.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence


def heavy_modules() -> list[str]:
    """The heavy analysis libraries this process has imported so far (a cached load needs neither)."""
    return sorted(name for name in ("jieba", "snownlp") if name in sys.modules)


def lcut_files(collection: str) -> None:
    """Plain ``jieba.lcut`` over every file under ``collection``: the floor any analysis built on jieba pays."""
    import logging
    import os

    import jieba

    jieba.setLogLevel(logging.CRITICAL)
    for directory, _, names in os.walk(collection):
        for name in names:
            with open(os.path.join(directory, name), encoding="utf-8") as handle:
                jieba.lcut(handle.read())


def load_cached(collection: str) -> dict[str, object]:
    """Load ``collection`` as ``summarize`` does, with the cache in $DJ_TUI_CACHE_DIR.

    ``seconds`` counts from before the analysis modules are imported.
    """
    started = time.perf_counter()
    from dj_tui.analysis import loader
    from dj_tui.analysis.load_events import CollectionSnapshot
    from dj_tui.analysis.settings import AnalysisSettings

    events = loader.load_collection(
        [collection], AnalysisSettings(), cache_dir=loader.cache_location(None, enabled=True)
    )
    snapshots = [event for event in events if isinstance(event, CollectionSnapshot)]
    loaded = time.perf_counter() - started
    return {"seconds": loaded, "reports": len(snapshots[-1].collection.reports), "heavy": heavy_modules()}


def main(argv: Sequence[str]) -> None:
    probe, collection = argv
    if probe == "lcut":
        lcut_files(collection)
    elif probe == "load":
        print(json.dumps(load_cached(collection)), flush=True)
    else:
        raise SystemExit(f"unknown probe {probe!r}: lcut or load")


if __name__ == "__main__":
    main(sys.argv[1:])
