"""Report text wrapped by the Chinese line-breaking rules of ``cjk_wrap``.

``ReportText`` draws a report's full text line by line (Textual's line API):
the text is wrapped once per width, only the lines on screen are styled, and
the lines counted to scroll to a sentence are the lines drawn.
``ChineseWrapped`` wraps any short styled text (a summary sentence, a figure,
the header) the same way, at whatever width it is drawn.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual.geometry import Size
from textual.selection import Selection
from textual.strip import Strip
from textual.widget import Widget

from dj_tui.ui.cjk_wrap import break_offsets


def wrap_lines(text: Text, width: int) -> list[Text]:
    """``text`` cut into the lines it takes at ``width`` cells, styles kept, hanging spaces dropped."""
    lines = text.divide(break_offsets(text.plain, width))
    for line in lines:
        line.rstrip()
    return list(lines)


class ChineseWrapped:
    """A Rich renderable: styled text wrapped by the Chinese rules at the width it is given."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # Every line already fits: Rich must not wrap them again by its own rules.
        yield Text("\n", no_wrap=True).join(wrap_lines(self.text, options.max_width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((line.cell_len for line in self.text.split()), default=0)
        return Measurement(min(widest, 2), widest)


class ReportText(Widget):
    """Paragraphs separated by a blank line, wrapped at the widget's width, styled as they are drawn."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._paragraphs: list[str] = []
        self._styled: Callable[[int], Text] = lambda p: Text(self._paragraphs[p])
        self._width = 0  # the width the lines below were wrapped at
        self._breaks: list[list[int]] = []  # per paragraph, where its lines start after the first
        self._first_line: list[int] = []  # per paragraph, its first line
        self._lines: list[tuple[int, int]] = []  # per line: its paragraph and its line within it (-1: blank)
        self._drawn: dict[int, list[Text]] = {}  # per paragraph, its styled lines

    def show(self, paragraphs: Sequence[str], styled: Callable[[int], Text]) -> None:
        """New text; ``styled(p)`` gives paragraph ``p`` (``paragraphs[p]``) with its highlights."""
        self._paragraphs = list(paragraphs)
        self._styled = styled
        self._width = 0
        self._breaks, self._first_line, self._lines = [], [], []
        self._drawn.clear()
        self.refresh(layout=True)

    def restyle(self) -> None:
        """The highlights changed (never the words): draw again, with no new layout."""
        self._drawn.clear()
        self.refresh()

    @property
    def plain(self) -> str:
        return "\n\n".join(self._paragraphs)

    # --- lines ------------------------------------------------------------------

    def _wrap(self, width: int) -> None:
        # Width 0: not laid out yet (wrapping a long text a character a line would be slow, and wrong).
        if width <= 0 or width == self._width:
            return
        self._width = width
        self._drawn.clear()
        self._breaks = [break_offsets(paragraph, width) for paragraph in self._paragraphs]
        self._first_line = []
        self._lines = []
        for p, breaks in enumerate(self._breaks):
            if p:
                self._lines.append((p - 1, -1))
            self._first_line.append(len(self._lines))
            self._lines.extend((p, n) for n in range(len(breaks) + 1))

    def line_of(self, paragraph: int, offset: int) -> int:
        """The line (from the text's top) that holds character ``offset`` of ``paragraph``."""
        self._wrap(self.size.width)
        if paragraph >= len(self._first_line):
            return 0  # not laid out yet
        return self._first_line[paragraph] + bisect_right(self._breaks[paragraph], offset)

    def position_at(self, line: int) -> tuple[int, int] | None:
        """The paragraph and offset where ``line`` starts (a blank line: the next paragraph's start)."""
        self._wrap(self.size.width)
        if not 0 <= line < len(self._lines):
            return None
        paragraph, n = self._lines[line]
        if n < 0:
            return paragraph + 1, 0
        return paragraph, self._breaks[paragraph][n - 1] if n else 0

    # --- drawing ----------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self._wrap(width)
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        self._wrap(width)
        base = self.rich_style
        if not 0 <= y < len(self._lines) or self._lines[y][1] < 0:
            return Strip.blank(width, base).apply_offsets(0, y)
        line = self._line_text(y)
        selection = self.text_selection
        span = selection.get_span(y) if selection is not None else None
        if span is not None:
            start, end = span
            line = line.copy()
            selected = self.screen.get_component_rich_style("screen--selection")
            line.stylize(selected, start, len(line) if end < 0 else end)
        segments: Iterable[Segment] = Segment.apply_style(line.render(self.app.console), base)
        # Offsets tell a mouse selection which characters it covers.
        return Strip(segments).crop_extend(0, width, base).apply_offsets(0, y)

    def _line_text(self, y: int) -> Text:
        paragraph, n = self._lines[y]
        drawn = self._drawn.get(paragraph)
        if drawn is None:
            drawn = self._drawn[paragraph] = self._styled(paragraph).divide(self._breaks[paragraph])
            for line in drawn:
                line.rstrip()
        return drawn[n]

    # --- selecting with the mouse -------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text as the report has it: a paragraph's wrapped lines join up again."""
        pieces = []
        for y, (paragraph, n) in enumerate(self._lines):
            span = selection.get_span(y)
            if span is None:
                continue
            if n < 0:
                pieces.append("\n")  # the blank line between paragraphs
                continue
            text, breaks = self._paragraphs[paragraph], self._breaks[paragraph]
            # With its hanging spaces: the words either side of a break stay apart.
            line = text[breaks[n - 1] if n else 0 : breaks[n] if n < len(breaks) else len(text)]
            start, end = span
            pieces.append(line[start:] if end < 0 else line[start:end])
            if n == len(breaks):
                pieces.append("\n")
        return "".join(pieces).rstrip("\n"), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
