"""Load a collection as ``summarize`` does: the last snapshot of the one loader."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike

from dj_tui.analysis.load_events import CollectionSnapshot
from dj_tui.analysis.loader import cache_location, load_collection
from dj_tui.analysis.models import CollectionResult
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.store.database import AnalysisCache

# ``cache=`` of ``load``: the user's cache ($DJ_TUI_CACHE_DIR, a test's own).
USER_CACHE = object()


def load(
    paths: Sequence[str | PathLike],
    settings: AnalysisSettings | None = None,
    overrides: Sequence[Override] = (),
    *,
    cache: AnalysisCache | None | object = USER_CACHE,
    jobs: int | None = None,
) -> CollectionResult:
    """The collection of ``paths``; ``cache``: the user's, none, or the directory of an open one."""
    if cache is USER_CACHE:
        cache_dir = cache_location(None, enabled=True)
    else:
        cache_dir = cache.directory if isinstance(cache, AnalysisCache) else None
    events = load_collection(
        [str(path) for path in paths], settings or AnalysisSettings(), overrides, cache_dir=cache_dir, jobs=jobs
    )
    return [event for event in events if isinstance(event, CollectionSnapshot)][-1].collection
