"""Messages the workers post to the app; the app's handlers own all UI state."""

from __future__ import annotations

from textual.message import Message

from dj_tui.analysis.collection.cross_region import CrossRegionView
from dj_tui.analysis.models import CollectionResult
from dj_tui.analysis.search import SearchIndex


class AnalysisStarted(Message):
    """Files were found: ``total`` reports will be analysed."""

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total


class AnalysisProgress(Message):
    """``done`` of ``total`` files have been read (analysed or failed)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class CollectionUpdated(Message):
    """A new collection built from every report analysed so far.

    ``index`` is the search index the worker keeps adding to; it holds at least
    the reports of ``collection``.
    """

    def __init__(self, collection: CollectionResult, cross_region: CrossRegionView, index: SearchIndex) -> None:
        super().__init__()
        self.collection = collection
        self.cross_region = cross_region
        self.index = index


class AnalysisFinished(Message):
    """The analysis stopped: every file was read, or the user cancelled it."""

    def __init__(self, done: int, total: int, cancelled: bool) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.cancelled = cancelled


class SearchFinished(Message):
    """The reports matching ``query``."""

    def __init__(self, query: str, matches: frozenset[str]) -> None:
        super().__init__()
        self.query = query
        self.matches = matches
