"""What a load of a collection yields (``loader.load_collection``), and what may replace its analysis.

Apart from the loader, so that the dashboard can name them before it imports
the analysis (its first frame comes first).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dj_tui.analysis.collection.cross_region import CrossRegionView
    from dj_tui.analysis.models import CollectionResult, DocumentAnalysis, LoadError
    from dj_tui.analysis.search import SearchIndex
    from dj_tui.analysis.settings import AnalysisSettings

# What may replace the analysis of the files (``pipeline.analyze_iter``):
# tests pace the analysis or feed prepared results.
AnalyzeFn = Callable[[Sequence[str], "AnalysisSettings"], Iterable["DocumentAnalysis | LoadError"]]


@dataclass(frozen=True)
class LoadStarted:
    total: int  # report files found


@dataclass(frozen=True)
class LoadProgress:
    done: int  # files read (analysed or failed)
    total: int


@dataclass(frozen=True)
class CollectionSnapshot:
    """Every report read so far; ``index`` is the search index the load keeps adding to."""

    collection: CollectionResult
    cross_region: CrossRegionView
    index: SearchIndex | None


@dataclass(frozen=True)
class LoadFinished:
    done: int
    total: int
    cancelled: bool


LoadEvent = LoadStarted | LoadProgress | CollectionSnapshot | LoadFinished
