"""Report dates: dates known to the year, month or day, the period a set of reports covers, and the date filter.

A report's date is ISO, as far as it is known: ``2024``, ``2024-07`` or
``2024-07-09`` (the analysis finds whole dates; an override may give only the
year or month). Such a date stands for a span of days (``2024-07``: the 1st to
the 31st of July). The filter keeps a report whose span meets the filter's
(``since = "2024-07"`` keeps a report of ``2024``, which may be from July).

An undated report cannot be placed in time: under an active filter it is
left out of every view and counted (``FilteredCollection.undated``), so the
dashboard and ``summarize`` can say how many were set aside.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dj_tui.analysis.collection.build import group_regions, region_key
from dj_tui.analysis.collection.cross_region import CrossRegionView, cross_region_view
from dj_tui.analysis.models import CollectionResult, ReportResult
from dj_tui.analysis.settings import AnalysisSettings

_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


@lru_cache(maxsize=4096)  # a filter reads its bounds for every report, and many reports share a date
def date_span(written: str) -> tuple[date, date]:
    """The first and last day ``2024``, ``2024-07`` or ``2024-07-09`` stands for; ValueError for anything else."""
    match = _PARTIAL_DATE.fullmatch(written)
    if match is None:
        raise ValueError(f'must be a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD", got {written!r}')
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, day), date(year, month, day)
    except (ValueError, calendar.IllegalMonthError) as exc:
        raise ValueError(f"must be a real date, got {written!r} ({exc})") from None


def date_problem(value: object) -> str | None:
    """Why ``value`` is not a date ``date_span`` reads (for the config's errors), or None."""
    if not isinstance(value, str):
        return f'must be a date written "YYYY", "YYYY-MM" or "YYYY-MM-DD", got {value!r}'
    try:
        date_span(value)
    except ValueError as exc:
        return str(exc)
    return None


def _span_or_none(written: str | None) -> tuple[date, date] | None:
    """The span of a report's date; None when it has none or one the filter cannot read (treated as undated)."""
    if not written:
        return None
    try:
        return date_span(written)
    except ValueError:
        return None


def newest_first_key(written: str | None) -> tuple[int, int, int]:
    """A sort key putting the latest date first (by its last day, then its first), undated last."""
    span = _span_or_none(written)
    if span is None:
        return (1, 0, 0)
    return (0, -span[1].toordinal(), -span[0].toordinal())


@dataclass(frozen=True)
class Period:
    """The dates a set of reports covers: its earliest and latest as written, how many have none."""

    first: str | None
    last: str | None
    reports: int
    undated: int

    @property
    def text(self) -> str | None:
        """``2021-03 至 2023-05-02``; one date when they agree; None when no report has one."""
        if self.first is None or self.last is None:
            return None
        return self.first if self.first == self.last else f"{self.first} 至 {self.last}"


def report_period(reports: Iterable[ReportResult]) -> Period:
    """The period ``reports`` cover, from the earliest start to the latest end of their dates."""
    count = 0
    spans: list[tuple[date, date, str]] = []
    for report in reports:
        count += 1
        written = report.analysis.metadata.date
        span = _span_or_none(written)
        if span is not None and written is not None:
            spans.append((*span, written))
    if not spans:
        return Period(None, None, count, count)
    first = min(spans, key=lambda s: (s[0], s[1]))[2]
    last = max(spans, key=lambda s: (s[1], s[0]))[2]
    return Period(first, last, count, count - len(spans))


@dataclass(frozen=True)
class DateFilter:
    """Keep reports dated within ``since`` … ``until`` (each ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, or None)."""

    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        for written in (self.since, self.until):
            if written is not None:
                date_span(written)
        if self.since is not None and self.until is not None and date_span(self.since)[0] > date_span(self.until)[1]:
            raise ValueError(f"since {self.since} is after until {self.until}")

    @property
    def active(self) -> bool:
        return self.since is not None or self.until is not None

    def keeps(self, span: tuple[date, date]) -> bool:
        """Whether a report of these days falls within the filter (an overlap is enough)."""
        if self.since is not None and span[1] < date_span(self.since)[0]:
            return False
        return self.until is None or span[0] <= date_span(self.until)[1]


@dataclass(frozen=True)
class FilteredCollection:
    """A collection narrowed by a date filter, and what it set aside."""

    collection: CollectionResult
    cross_region: CrossRegionView
    undated: int = 0  # reports left out because they have no date
    outside: int = 0  # dated reports left out because their date is outside the filter
    undated_by_region: dict[str, int] = field(default_factory=dict)


def filter_collection(
    collection: CollectionResult,
    cross_region: CrossRegionView,
    date_filter: DateFilter,
    settings: AnalysisSettings,
) -> FilteredCollection:
    """The reports within ``date_filter``, their regions rebuilt by the collection stage.

    Without an active filter the collection is returned as it is (no work).
    Keyphrases stay those ranked over the whole collection: a filter
    narrows what is shown, it does not re-rank what each report says.
    """
    if not date_filter.active:
        return FilteredCollection(collection, cross_region)
    kept: list[ReportResult] = []
    undated: Counter[str] = Counter()
    outside = 0
    for report in collection.reports:
        span = _span_or_none(report.analysis.metadata.date)
        if span is None:
            undated[region_key(report.analysis.region, settings.group_by)[0]] += 1
        elif date_filter.keeps(span):
            kept.append(report)
        else:
            outside += 1
    narrowed = CollectionResult(
        reports=tuple(kept), regions=group_regions(kept, settings), errors=collection.errors
    )
    return FilteredCollection(
        narrowed, cross_region_view(narrowed), sum(undated.values()), outside, dict(undated)
    )

