"""One report in full: metadata and region, summary, keyphrases, figures, and the cleaned text.

Everything shown comes from the report, so it is built as Rich ``Text`` (never
markup) from ``cells.visible`` text: a report containing ``[bold]`` or an
escape sequence is displayed as those characters.

The full text is shown in chunks of consecutive paragraphs, one widget each:
few enough widgets that a long report opens and re-highlights quickly, and
small enough that a summary sentence, a figure or a search match can be
scrolled to by counting the lines before it in its chunk. Offsets are found
in the normalised, folded text of a paragraph and applied to its original
text: both have the same length.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import get_character_cell_size
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import ReportResult, Sentence, SummarySentence
from dj_tui.analysis.search import find_all
from dj_tui.analysis.stages.searchtext import fold
from dj_tui.printable import visible
from dj_tui.strings import level_name, text

# A long report is shown in a few dozen widgets, not one per paragraph.
CHUNK_CHARS = 2000
PARAGRAPH_GAP = "\n\n"


@dataclass(frozen=True)
class _Paragraph:
    text: str  # original, made visible
    folded: str  # normalised and folded, same length
    starts: dict[int, int]  # sentence index -> offset in the paragraph
    is_heading: bool


def _paragraphs(sentences: tuple[Sentence, ...]) -> list[_Paragraph]:
    grouped: list[list[Sentence]] = []
    for sentence in sentences:
        if grouped and grouped[-1][0].paragraph == sentence.paragraph:
            grouped[-1].append(sentence)
        else:
            grouped.append([sentence])
    paragraphs = []
    for group in grouped:
        starts = {}
        offset = 0
        for sentence in group:
            starts[sentence.index] = offset
            offset += len(sentence.text)
        paragraphs.append(
            _Paragraph(
                text=visible("".join(s.text for s in group)),
                folded=fold("".join(s.norm for s in group)),
                starts=starts,
                is_heading=all(s.is_heading for s in group),
            )
        )
    return paragraphs


def _chunks(paragraphs: list[_Paragraph]) -> list[range]:
    """Consecutive paragraphs grouped until a group holds ``CHUNK_CHARS`` characters."""
    chunks = []
    start = size = 0
    for p, para in enumerate(paragraphs):
        size += len(para.text)
        if size >= CHUNK_CHARS:
            chunks.append(range(start, p + 1))
            start, size = p + 1, 0
    if start < len(paragraphs):
        chunks.append(range(start, len(paragraphs)))
    return chunks


def _wrapped_lines(text: str, width: int) -> int:
    """How many lines ``text`` takes when wrapped at ``width`` cells (greedy, by character).

    Chinese prose has no spaces to break at, so this is how it wraps; a run of
    Latin words may wrap a little earlier, which only shifts a scroll by a line.
    """
    lines, used = 1, 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width:
            lines += 1
            used = 0
        used += size
    return lines


@dataclass(frozen=True)
class _Span:
    paragraph: int
    start: int
    end: int


class ReportDetail(VerticalScroll, can_focus=True):
    """The open report. Enter on a summary sentence or a figure scrolls the text to it."""

    COMPONENT_CLASSES = {
        "report-detail--title",
        "report-detail--keyword",
        "report-detail--figure",
        "report-detail--match",
        "report-detail--current-match",
        "report-detail--target",
        "report-detail--heading",
        "report-detail--dim",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.report: ReportResult | None = None
        self._paragraphs: list[_Paragraph] = []
        self._chunks: list[range] = []
        self._figure_spans: dict[int, _Span] = {}  # figure number -> where it is
        self._key = ""
        self._matches: list[_Span] = []
        self._current: int | None = None  # index into _matches
        self._target: _Span | None = None  # the sentence or figure last jumped to
        self._show_reasons = False  # each figure's reasons for its rank, under it
        self._unplaced: _Span | None = None  # a span to scroll to once the text is laid out

    def compose(self) -> ComposeResult:
        yield Static(id="detail-header")
        yield Label(text("detail.summary"), classes="section detail-brief")
        yield OptionList(id="detail-summary", classes="detail-brief")
        yield Static(id="detail-keywords", classes="detail-brief")
        yield Label(text("detail.figures"), classes="section detail-brief")
        yield OptionList(id="detail-figures", classes="detail-brief")
        yield Label(text("detail.text"), classes="section")
        yield Vertical(id="detail-text")

    # --- state from the outside ----------------------------------------------

    async def show_report(self, report: ReportResult, key: str) -> None:
        """Display ``report`` with the matches of the folded query ``key`` highlighted."""
        self.report = report
        self._unplaced = None
        analysis = report.analysis
        self._paragraphs = _paragraphs(analysis.sentences)
        self._chunks = _chunks(self._paragraphs)
        self._figure_spans = {}
        for number, figure in enumerate(analysis.figures):
            found = analysis.sentences[figure.index].text.find(figure.text)
            span = self._sentence_span(figure.index)
            if span is not None and found >= 0:
                start = span.start + found
                self._figure_spans[number] = _Span(span.paragraph, start, start + len(figure.text))
        self._target = None
        self.query_one("#detail-header", Static).update(self._header())
        self.query_one("#detail-keywords", Static).update(self._keywords())
        figures = self.query_one("#detail-figures", OptionList)
        figures.clear_options()
        figures.add_options(
            Option(self._figure_prompt(i), id=str(i)) for i in range(len(analysis.figures))
        )
        figures.highlighted = 0 if analysis.figures else None
        text = self.query_one("#detail-text", Vertical)
        await text.remove_children()
        self._set_key(key)
        summary = self.query_one("#detail-summary", OptionList)
        summary.clear_options()
        summary.add_options(Option(self._summary_prompt(s), id=str(s.index)) for s in analysis.summary)
        summary.highlighted = 0 if analysis.summary else None
        await text.mount_all(Static(self._chunk_text(c), classes="report-text") for c in range(len(self._chunks)))
        self.scroll_home(animate=False)
        if self._current is not None:
            # Opened from a search: show where the query is.
            self.call_after_refresh(self._scroll_to_span, self._matches[self._current])

    def set_query(self, key: str) -> None:
        """Highlight the matches of a new folded query and go to the first one."""
        if key == self._key:
            return
        self._set_key(key)
        self._render_text()
        summary = self.query_one("#detail-summary", OptionList)
        for i, sentence in enumerate(self.report.analysis.summary if self.report else ()):
            summary.replace_option_prompt_at_index(i, self._summary_prompt(sentence))
        if self._current is not None:
            self.call_after_refresh(self._scroll_to_span, self._matches[self._current])

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int | None:
        return self._current

    def jump_to_match(self, step: int) -> bool:
        """Go to the next (step 1) or previous (-1) match, wrapping around; False when none."""
        if not self._matches:
            return False
        if self._current is None:
            self._current = 0 if step > 0 else len(self._matches) - 1
        else:
            self._current = (self._current + step) % len(self._matches)
        self._render_text()
        self._scroll_to_span(self._matches[self._current])
        return True

    # --- events -------------------------------------------------------------

    def on_resize(self) -> None:
        span, self._unplaced = self._unplaced, None
        if span is not None:
            self.call_after_refresh(self._scroll_to_span, span)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.report is None or event.option.id is None:
            return
        if event.option_list.id == "detail-summary":
            target = self._sentence_span(int(event.option.id))
        else:
            target = self._figure_spans.get(int(event.option.id))
        if target is None:
            return
        self._target = target
        self._render_text()
        self._scroll_to_span(self._target)
        self.focus()

    # --- rendering ------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"report-detail--{name}")

    def _header(self) -> Text:
        assert self.report is not None
        analysis = self.report.analysis
        metadata = analysis.metadata
        header = Text()
        header.append(visible(heading_title(analysis)), self._style("title"))
        if metadata.title and metadata.subtitle:
            header.append("\n——" + visible(metadata.subtitle), self._style("dim"))
        facts = [metadata.date, metadata.source, "、".join(metadata.authors) or None, analysis.format, analysis.path]
        header.append("\n" + " · ".join(visible(f) for f in facts if f), self._style("dim"))
        region = analysis.region
        header.append("\n" + text("detail.region"))
        header.append(visible(region.label) if region.label else text("detail.unknown_region"))
        if region.level:
            header.append(f"（{level_name(region.level)}）")
        if region.evidence:
            evidence = " · ".join(visible(e) for e in region.evidence)
            header.append("  " + text("detail.evidence") + evidence, self._style("dim"))
        # Warnings as the analysis words them (English, as summarize prints them).
        for warning in analysis.warnings:
            header.append("\n⚠ " + visible(warning), self._style("dim"))
        return header

    def _keywords(self) -> Text:
        assert self.report is not None
        line = Text(text("detail.keywords"))
        for i, keyword in enumerate(self.report.keywords):
            if i:
                line.append(" · ")
            line.append(visible(keyword.term), self._style("keyword"))
        if not self.report.keywords:
            line.append("—")
        return line

    def _summary_prompt(self, chosen: SummarySentence) -> Text:
        """A summary sentence, whole (it may join several pieces split at ；), with the query's matches marked."""
        assert self.report is not None
        sentences = self.report.analysis.sentences
        norm = ""
        for sentence in sentences[chosen.index :]:
            if len(norm) >= len(chosen.text):
                break
            norm += sentence.norm
        text = Text(visible(chosen.text))
        if len(norm) == len(chosen.text):
            for start in find_all(fold(norm), self._key):
                text.stylize(self._style("match"), start, start + len(self._key))
        return text

    def _figure_prompt(self, i: int) -> Text:
        assert self.report is not None
        figure = self.report.analysis.figures[i]
        text = Text(visible(figure.text), self._style("figure"))
        if figure.subject:
            text.append(" · " + visible(figure.subject))
        if self._show_reasons and figure.reasons:
            text.append("\n  ↳ " + "; ".join(figure.reasons), self._style("dim"))
        return text

    def toggle_reasons(self) -> None:
        """Show or hide, under each figure, why it ranks where it does."""
        if self.report is None:
            return
        self._show_reasons = not self._show_reasons
        figures = self.query_one("#detail-figures", OptionList)
        highlighted = figures.highlighted
        figures.clear_options()
        figures.add_options(Option(self._figure_prompt(i), id=str(i)) for i in range(len(self.report.analysis.figures)))
        figures.highlighted = highlighted

    def _sentence_span(self, index: int) -> _Span | None:
        """Where sentence ``index`` is in the full text."""
        assert self.report is not None
        for p, para in enumerate(self._paragraphs):
            if index in para.starts:
                start = para.starts[index]
                return _Span(p, start, start + len(self.report.analysis.sentences[index].text))
        return None

    def _set_key(self, key: str) -> None:
        self._key = key
        self._matches = [
            _Span(p, start, start + len(key))
            for p, para in enumerate(self._paragraphs)
            for start in find_all(para.folded, key)
        ]
        self._current = 0 if self._matches else None

    def _paragraph_text(self, p: int) -> Text:
        assert self.report is not None
        para = self._paragraphs[p]
        text = Text(para.text)
        if para.is_heading:
            text.stylize(self._style("heading"))
        for keyword in self.report.keywords:
            term = fold(keyword.term)
            for start in find_all(para.folded, term):
                text.stylize(self._style("keyword"), start, start + len(term))
        for span in self._figure_spans.values():
            if span.paragraph == p:
                text.stylize(self._style("figure"), span.start, span.end)
        if self._target is not None and self._target.paragraph == p:
            text.stylize(self._style("target"), self._target.start, self._target.end)
        for i, span in enumerate(self._matches):
            if span.paragraph == p:
                name = "current-match" if i == self._current else "match"
                text.stylize(self._style(name), span.start, span.end)
        return text

    def _chunk_text(self, c: int) -> Text:
        text = Text()
        for p in self._chunks[c]:
            if p != self._chunks[c].start:
                text.append(PARAGRAPH_GAP)
            text.append_text(self._paragraph_text(p))
        return text

    def _render_text(self) -> None:
        for c, widget in enumerate(self.query_one("#detail-text", Vertical).children):
            if isinstance(widget, Static):
                # Highlights never change how the text wraps: no layout needed.
                widget.update(self._chunk_text(c), layout=False)

    def _scroll_to_span(self, span: _Span) -> None:
        """Scroll so that the line holding ``span`` is near the top of the view."""
        widgets = self.query_one("#detail-text", Vertical).children
        c = next((c for c, chunk in enumerate(self._chunks) if span.paragraph in chunk), None)
        if c is None or c >= len(widgets):
            return
        widget = widgets[c]
        if not widget.content_region.width:
            # Opened in a tab just shown (from the search results): where
            # the span is depends on how the text wraps, known once laid out.
            self._unplaced = span
            return
        width = widget.content_region.width
        line = 0
        for p in range(self._chunks[c].start, span.paragraph):
            line += _wrapped_lines(self._paragraphs[p].text, width) + PARAGRAPH_GAP.count("\n") - 1
        line += _wrapped_lines(self._paragraphs[span.paragraph].text[: span.start + 1], width) - 1
        top = self.scroll_y + widget.region.y - self.content_region.y + line
        self.scroll_to(y=max(top - 1, 0), animate=False)
