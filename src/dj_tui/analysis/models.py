"""The data passed between the analysis stages and out to the CLI and the UI.

Every class here is a frozen dataclass, compared by value and pickled
across processes. A fresh analysis holds tuples of built-in values; one read
back from the cache (``store.records.decode_analysis``) holds lazy sequences
in their place (sentences, summary, figures, keyphrase candidates), built
when first read, equal to the tuples they stand for and typed here as
``Sequence``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Sentence:
    """One sentence of a report's body, in document order.

    ``text`` is the verbatim original (traditional characters and ASCII
    punctuation as the author wrote them); ``norm`` is the same span after
    normalisation (simplified characters, full-width punctuation, half-width
    digits) and has exactly the same length, so offsets found in ``norm`` are
    valid in ``text``.
    """

    index: int
    text: str
    norm: str
    paragraph: int
    is_heading: bool = False


@dataclass(frozen=True)
class Metadata:
    """What the report says about itself. An absent field is None, never guessed."""

    title: str | None = None
    subtitle: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    source: str | None = None
    authors: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()  # whole byline lines: also region evidence


@dataclass(frozen=True)
class CleanedReport:
    """A report after web chrome has been removed."""

    metadata: Metadata
    sentences: tuple[Sentence, ...]
    # Lines dropped as boilerplate, each with the rule that dropped it; kept so
    # that nothing is lost silently and tests can check each rule.
    removed: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Region:
    """The place a report speaks for.

    ``level`` is the level it speaks at: "province", "city" or "county" below
    a province; "national" (``NATIONAL``) for a round-up that visits several
    provinces with none ahead, whose province, city and county stay None; None
    when nothing says. A report with no province (a unit that names no home of
    its own, or nothing found) has province None.
    """

    NATIONAL: ClassVar[str] = "national"
    SEVERAL_PLACES: ClassVar[str] = "全国/多地"  # the label and group of a national round-up

    province: str | None = None
    city: str | None = None
    county: str | None = None
    level: str | None = None  # "province" | "city" | "county" | "national" | None
    evidence: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Full name from the top down without repeating a municipality (北京市石景山区); 全国/多地 for a round-up."""
        if self.level == self.NATIONAL and self.province is None:
            return self.SEVERAL_PLACES
        parts: list[str] = []
        for part in (self.province, self.city, self.county):
            if part and part not in parts:
                parts.append(part)
        return "".join(parts)


@dataclass(frozen=True)
class Keyword:
    term: str
    score: float


@dataclass(frozen=True)
class Figure:
    """A number-and-unit fact.

    ``text`` is a verbatim substring of the report covering the number and its
    unit; ``value`` is normalised (19.07万 -> 190700); ``index`` is the sentence index.
    """

    text: str
    value: float
    unit: str
    qualifier: str | None
    subject: str | None
    index: int
    score: float = 0.0
    direction: str | None = None  # "up" (增长, 提升) or "down" (下降, 压减); value stays the magnitude written
    from_value: float | None = None  # 从8610张压减至278张: value 278, from_value 8610
    reasons: tuple[str, ...] = ()  # why the figure ranks where it does, strongest first


@dataclass(frozen=True)
class SummarySentence:
    text: str
    index: int


@dataclass(frozen=True)
class DocumentAnalysis:
    """Everything computed from one report alone.

    This is what the cache stores: it does not depend on the rest of the
    collection. ``term_counts`` holds the keyphrase candidates with their
    frequency; the collection stage ranks them against document frequency.
    ``initiatives`` are the candidates that name a programme the report
    quotes (“三航行动”), with their counts: see ``cross_region``.
    """

    path: str
    content_hash: str
    metadata: Metadata
    sentences: Sequence[Sentence]
    region: Region
    term_counts: Sequence[tuple[str, int]]
    summary: Sequence[SummarySentence]
    figures: Sequence[Figure]
    warnings: tuple[str, ...] = ()
    chars: int = 0
    initiatives: tuple[tuple[str, int], ...] = ()
    format: str = "txt"  # how the file was read: "txt", "md", "docx", "html" or "pdf"


@dataclass(frozen=True)
class ReportResult:
    """A report as the user sees it: its own analysis plus collection-ranked keywords.

    ``figures_shown``: how many of its figures it shows (``figures_per_report``,
    set by the collection stage; 0: all).
    """

    analysis: DocumentAnalysis
    keywords: tuple[Keyword, ...]
    figures_shown: int = 0

    @property
    def path(self) -> str:
        return self.analysis.path

    @property
    def headline_figures(self) -> Sequence[Figure]:
        """The figures the report shows: its best, first."""
        return self.analysis.figures[: self.figures_shown or None]


@dataclass(frozen=True)
class RegionFigure:
    """One of a region's headline figures, with where it comes from."""

    figure: Figure
    report: str  # the path of the report that states it
    place: str | None  # the report's place below the region (its city in a province), when it names one


@dataclass(frozen=True)
class RegionGroup:
    name: str
    level: str
    reports: tuple[str, ...]  # report paths
    keywords: tuple[Keyword, ...]
    figures: tuple[RegionFigure, ...]


@dataclass(frozen=True)
class LoadError:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class CollectionResult:
    reports: tuple[ReportResult, ...]
    regions: tuple[RegionGroup, ...]
    errors: tuple[LoadError, ...] = field(default_factory=tuple)
