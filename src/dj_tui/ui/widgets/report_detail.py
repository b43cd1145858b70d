"""One report in full: metadata and region, summary, keyphrases, figures, and the cleaned text.

Everything shown comes from the report, so it is built as Rich ``Text`` (never
markup) from ``cells.visible`` text: a report containing ``[bold]`` or an
escape sequence is displayed as those characters.

The full text is one ``ReportText``, wrapped by the Chinese line-breaking
rules and styled only where it is drawn, so a long report opens quickly and a
summary sentence, a figure or a search match is scrolled to by the line the
wrapping put it on. Offsets are found in the normalised, folded text of a
paragraph and applied to its original text: both have the same length.

The report scrolls whatever has focus inside it (its page keys come before
its lists' own), ``{`` and ``}`` go from section to section, and moving past
the end of a list goes on to what follows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import ReportResult, Sentence, SummarySentence
from dj_tui.analysis.search import find_all
from dj_tui.analysis.stages.searchtext import fold
from dj_tui.keymap import REPORT
from dj_tui.printable import visible
from dj_tui.strings import level_name, text
from dj_tui.ui.keys import bindings_for, localize_bindings
from dj_tui.ui.widgets.report_list import ReportList
from dj_tui.ui.widgets.report_text import ChineseWrapped, ReportText


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


@dataclass(frozen=True)
class _Span:
    paragraph: int
    start: int
    end: int


class ReportDetail(VerticalScroll, can_focus=True):
    """The open report. Enter on a summary sentence or a figure scrolls the text to it."""

    BINDINGS = bindings_for(REPORT)

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
        localize_bindings(self)
        self.report: ReportResult | None = None
        self._paragraphs: list[_Paragraph] = []
        self._figure_spans: dict[int, _Span] = {}  # figure number -> where it is
        self._key = ""
        self._matches: list[_Span] = []
        self._current: int | None = None  # index into _matches
        self._target: _Span | None = None  # the sentence or figure last jumped to
        self._show_reasons = False  # each figure's reasons for its rank, under it
        # The section last jumped to, and the scroll it left (see ``_section_here``).
        self._section: tuple[int, float] | None = None
        # The paragraph and offset of the text line at the top of the view (None: above the text).
        self._reading_at: tuple[int, int] | None = None
        self._unplaced: _Span | None = None  # a span to scroll to once the text is laid out

    def compose(self) -> ComposeResult:
        yield Static(id="detail-header")
        yield Label(text("detail.summary"), id="section-summary", classes="section detail-brief")
        yield ReportList(id="detail-summary", classes="detail-brief")
        yield Static(id="detail-keywords", classes="detail-brief")
        yield Label(text("detail.figures"), id="section-figures", classes="section detail-brief")
        yield ReportList(id="detail-figures", classes="detail-brief")
        yield Label(text("detail.text"), id="section-text", classes="section")
        yield ReportText(id="detail-text")

    # --- state from the outside ----------------------------------------------

    async def show_report(self, report: ReportResult, key: str) -> None:
        """Display ``report`` with the matches of the folded query ``key`` highlighted."""
        self.report = report
        self._unplaced = None
        analysis = report.analysis
        self._paragraphs = _paragraphs(analysis.sentences)
        self._figure_spans = {}
        for number, figure in enumerate(analysis.figures):
            found = analysis.sentences[figure.index].text.find(figure.text)
            span = self._sentence_span(figure.index)
            if span is not None and found >= 0:
                start = span.start + found
                self._figure_spans[number] = _Span(span.paragraph, start, start + len(figure.text))
        self._target = None
        self._section = None
        self._reading_at = None
        self.query_one("#detail-header", Static).update(ChineseWrapped(self._header()))
        self.query_one("#detail-keywords", Static).update(ChineseWrapped(self._keywords()))
        figures = self.query_one("#detail-figures", OptionList)
        figures.clear_options()
        figures.add_options(
            Option(self._figure_prompt(i), id=str(i)) for i in range(len(analysis.figures))
        )
        figures.highlighted = 0 if analysis.figures else None
        self._set_key(key)
        summary = self.query_one("#detail-summary", OptionList)
        summary.clear_options()
        summary.add_options(Option(self._summary_prompt(s), id=str(s.index)) for s in analysis.summary)
        summary.highlighted = 0 if analysis.summary else None
        self.query_one(ReportText).show([p.text for p in self._paragraphs], self._paragraph_text)
        self.scroll_home(animate=False)
        if self._current is not None:
            # Opened from a search: show where the query is.
            self.call_after_refresh(self._scroll_to_span, self._matches[self._current])

    def set_query(self, key: str) -> None:
        """Highlight the matches of a new folded query and go to the first one."""
        if key == self._key:
            return
        self._set_key(key)
        self.query_one(ReportText).restyle()
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
        self.query_one(ReportText).restyle()
        self._scroll_to_span(self._matches[self._current])
        return True

    def toggle_text_only(self) -> None:
        """Show the full text alone, or everything again; the line at the top of the view stays there."""
        place = self._reading_at
        self.toggle_class("-text-only")
        if isinstance(self.screen.focused, ReportList):
            self.focus(scroll_visible=False)  # the lists are hidden with the rest
        self._section = None
        self.call_after_refresh(self._scroll_to_place, place)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.report is not None:
            text = self.query_one(ReportText)
            self._reading_at = text.position_at(round(new_value) - text.virtual_region.y)

    def on_resize(self) -> None:
        span, self._unplaced = self._unplaced, None
        if span is not None:
            self.call_after_refresh(self._scroll_to_span, span)
        # The text is wrapped anew at the new width: the line read stays at the top.
        elif self._reading_at is not None:
            self.call_after_refresh(self._scroll_to_place, self._reading_at)

    def _scroll_to_place(self, place: tuple[int, int] | None) -> None:
        if place is None:
            # The view began above the text (the header, the summary …).
            self.scroll_home(animate=False, immediate=True)
            return
        text = self.query_one(ReportText)
        self.scroll_to(y=text.virtual_region.y + text.line_of(*place), animate=False, immediate=True)

    # --- sections -------------------------------------------------------------

    def _sections(self) -> list[tuple[Widget, Widget]]:
        """Each section shown, top to bottom: its heading, and what takes focus there."""
        summary = self.query_one("#detail-summary", ReportList)
        figures = self.query_one("#detail-figures", ReportList)
        sections: list[tuple[Widget, Widget]] = [
            (self.query_one("#section-summary"), summary if summary.option_count else self),
            (self.query_one("#detail-keywords"), self),
            (self.query_one("#section-figures"), figures if figures.option_count else self),
            (self.query_one("#section-text"), self),
        ]
        return [(heading, target) for heading, target in sections if heading.display]

    def _section_here(self, sections: list[tuple[Widget, Widget]]) -> int:
        """The section at the top of the view (-1: the header).

        The one last jumped to while the view has not moved since (near the
        end a heading cannot reach the top), else the last heading at or above
        the top of the view.
        """
        if self._section is not None and self._section[1] == self.scroll_y and self._section[0] < len(sections):
            return self._section[0]
        tops = [heading.virtual_region.y for heading, _ in sections]
        return max((i for i, top in enumerate(tops) if top <= self.scroll_y), default=-1)

    def action_next_section(self) -> None:
        sections = self._sections()
        self._go_to_section(sections, self._section_here(sections) + 1)

    def action_previous_section(self) -> None:
        sections = self._sections()
        here = self._section_here(sections)
        if here >= 0 and sections[here][0].virtual_region.y < self.scroll_y:
            self._go_to_section(sections, here)  # inside a section: first to its heading
        else:
            self._go_to_section(sections, here - 1)

    def _go_to_section(self, sections: list[tuple[Widget, Widget]], index: int) -> None:
        if index >= len(sections):
            return
        if index < 0:
            self.scroll_home(animate=False, immediate=True)
            self._section = None
            return
        heading, target = sections[index]
        self.scroll_to(y=heading.virtual_region.y, animate=False, immediate=True)
        target.focus(scroll_visible=False)
        self._section = (index, self.scroll_y)

    # --- events -------------------------------------------------------------

    def on_report_list_left(self, event: ReportList.Left) -> None:
        """Past the summary's end the figures follow, past theirs the text; up from the top, the header."""
        event.stop()
        summary = self.query_one("#detail-summary", ReportList)
        figures = self.query_one("#detail-figures", ReportList)
        if event.step > 0 and event.report_list is summary and figures.option_count:
            self._enter_list(figures, 0)
        elif event.step < 0 and event.report_list is figures and summary.option_count:
            self._enter_list(summary, summary.option_count - 1)
        elif event.step > 0:
            self.focus(scroll_visible=False)
            self.scroll_down(animate=False, immediate=True)
        else:
            self.scroll_up(animate=False, immediate=True)

    def _enter_list(self, report_list: ReportList, option: int) -> None:
        report_list.highlighted = option
        report_list.focus(scroll_visible=False)
        # Once it has focus, the list brings its highlighted option into view.
        self.call_after_refresh(report_list.scroll_to_highlight)

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
        self.query_one(ReportText).restyle()
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

    def _summary_prompt(self, chosen: SummarySentence) -> ChineseWrapped:
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
        return ChineseWrapped(text)

    def _figure_prompt(self, i: int) -> ChineseWrapped:
        assert self.report is not None
        figure = self.report.analysis.figures[i]
        text = Text(visible(figure.text), self._style("figure"))
        if figure.subject:
            text.append(" · " + visible(figure.subject))
        if self._show_reasons and figure.reasons:
            text.append("\n  ↳ " + "; ".join(figure.reasons), self._style("dim"))
        return ChineseWrapped(text)

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

    def _scroll_to_span(self, span: _Span) -> None:
        """Scroll so that the line holding ``span`` is near the top of the view."""
        text = self.query_one(ReportText)
        if not text.size.width:
            # Opened in a tab just shown (from the search results): where the
            # span is depends on how the text wraps, known once laid out.
            self._unplaced = span
            return
        line = text.line_of(span.paragraph, span.start)
        self.scroll_to(y=max(text.virtual_region.y + line - 1, 0), animate=False)
