"""Where the cache is, and opening it as a user's run does."""

from __future__ import annotations

import os
from pathlib import Path

from dj_tui.analysis.store.damage import Warn, warn_on_stderr
from dj_tui.analysis.store.database import AnalysisCache

CACHE_DIR_ENV = "DJ_TUI_CACHE_DIR"

def cache_dir(configured: str | None = None) -> Path:
    """Where the cache lives: $DJ_TUI_CACHE_DIR, else ``configured``, else the user cache dir."""
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dj-tui"))


def open_cache(directory: Path | str, *, warn: Warn = warn_on_stderr) -> AnalysisCache | None:
    """Open (creating if needed) the cache in ``directory``; None, with a warning, if it cannot be used."""
    cache = AnalysisCache(Path(directory), warn=warn)
    return cache if cache.available else None
