"""The lines of a PDF's text layer as Markdown paragraphs: furniture dropped, lines re-joined.

``pdf_text`` reads the lines (their text, page, position, font size and
weight); this module decides what they are, from their geometry alone:

- **page furniture**: among the lines at the top and bottom of a page that
  stand apart in its margin, running headers and footers (a line that
  recurs, digits aside, on most pages), page numbers (``3``, ``1/3``,
  ``- 2 -``, ``第 2 页 共 5 页``) and what a browser prints around a page (the
  date and time of printing, the page's ``<title>`` in small type); anywhere,
  an address alone on a line and a line of rules (``=====``);
- **paragraphs**: a line ends its paragraph when the next one is set apart
  (a wider gap than the text's line pitch, a first-line indent, another
  font size, the next page after a sentence's end) or when the line itself
  stops short of the text's full width; else the next line continues it,
  glued to it without a space between Chinese characters and with one
  between Latin words;
- **headings**: the title is the first paragraph on the first page set in the
  largest type, clearly larger than the body's; a short paragraph in larger
  or bold type (the body not bold) is a section heading. Without such a cue
  a line is a paragraph, and the cleaner judges its shape.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from dj_tui.analysis.stages.markdown_text import markdown_heading, markdown_line
from dj_tui.analysis.stages.textnorm import HAN


@dataclass(frozen=True, slots=True)
class PdfLine:
    """One line of a page's text layer, as ``pdf_text`` read it."""

    page: int
    text: str
    x: float  # where the line starts, in points from the left
    y: float  # its baseline, in points from the bottom (higher is further up)
    size: float  # the largest font size on the line, in points as printed
    bold: bool  # every character set in a bold font


# Lines looked at for furniture at each end of a page: a browser prints its
# date and title above the page and its address and page count below it.
_FURNITURE_ZONE = 2
# A line that recurs in the zone of at least this share of the pages.
_RECURRING_SHARE = 0.5
# A line this many of its sizes away from its neighbours stands in the page's margin.
_MARGIN_GAP_IN_SIZES = 2.0
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]?\s*\d{1,4}\s*[-–—－]?"
    r"|(?:page\s*)?\d{1,4}\s*(?:/|of)\s*\d{1,4}"
    r"|第\s*\d{1,4}\s*页(?:\s*[，,/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[，,/、]?\s*第\s*\d{1,4}\s*页)$",
    re.IGNORECASE,
)
# An address alone on a line, with the page count a browser prints beside it.
_ADDRESS_LINE = re.compile(r"^(?:(?:https?|file)://|www\.)\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$", re.IGNORECASE)
# When a browser printed the page: a date with a time of day (2025/12/31 19:58,
# 12/31/25, 7:58 PM, 2025/12/31 下午7:58), then maybe the page's title.
_PRINT_STAMP = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}[,，]?\s*(?:(?:上午|下午|AM|PM)\s*)?"
    r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM))?\s*",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SPACES = re.compile(r"\s+")
# A browser shortens a long title in its header with an ellipsis.
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)$")

# A paragraph's last line may end with these; a line that ends otherwise
# stops mid-sentence.
_SENTENCE_END = re.compile(r"[。！？；：…!?;:][”’」』）)》\"'】]*$|[.][”’\"')]*$")
# Type this much larger than the body's is a heading's (the title's: more).
_HEADING_SCALE = 1.1
_TITLE_SCALE = 1.2
# A heading is short: a paragraph of more lines in larger type is a lede.
_HEADING_MAX_LINES = 2
_HEADING_MAX_CHARS = 64
# Font sizes closer than this share are the same size (rounding, synthetic bold).
_SAME_SIZE = 0.08
# A gap wider than this many line pitches sets paragraphs apart.
_PARAGRAPH_GAP = 1.3
# Lines of the body at most this far apart are consecutive lines of text.
_MAX_PITCH_IN_SIZES = 3.0
# An indent of this many ems opens a paragraph.
_INDENT_EMS = 1.0
# A line is full when it reaches the width most body lines reach, less this
# many ems for the break before a word or a closing mark that did not fit.
_FULL_WIDTH_SLACK_EMS = 2.0
_FULL_WIDTH_SLACK_SHARE = 0.1
# The width most full lines of the body reach (its 80th percentile).
_FULL_WIDTH_QUANTILE = 0.8
# A web page's <title> ends with the site's name after one of these.
_SITE_SEPARATORS = re.compile(rf"\s+[-–—|｜_]\s+|\s*[_|｜]\s*|(?<=[{HAN}])-(?=[{HAN}])")
_SITE_NAME_MAX = 24
_TITLE_MIN = 6
_CLAUSE_MARK = re.compile(r"[，,。；;：:！？!?、“”\"《》（）()]")
# Latin text is what comes before the general punctuation block.
_LATIN_END = "\u2000"
# A heading states no sentence.
_SENTENCE_MARK = re.compile(r"[。！？!?]")


def layout_markdown(lines: list[PdfLine], document_title: str | None) -> str:
    """The Markdown of a PDF's lines in reading order (see the module docstring)."""
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return ""
    edges = _page_edges(lines)
    # The body's type is what most characters are set in, margins aside.
    body_size = _body_size([line for line in lines if not edges.get(id(line))] or lines)
    lines = _drop_furniture(lines, edges, body_size, document_title)
    if not lines:
        return ""
    body = [line for line in lines if _same_size(line.size, body_size)] or lines
    metrics = _Metrics(body_size, _line_pitch(body), _full_width(body), _left_margins(body))
    paragraphs = _paragraphs(lines, metrics)
    return "\n\n".join(_render(paragraphs, metrics, document_title))


def _joined_text(lines: list[PdfLine]) -> str:
    """The text of one paragraph's lines joined as a reader reads them."""
    text = lines[0].text
    for line in lines[1:]:
        text += _joint(text, line.text) + line.text
    return text


# -- furniture --------------------------------------------------------------


def _page_edges(lines: list[PdfLine]) -> dict[int, bool]:
    """The lines at the top and bottom of each page (by id), each with whether it stands apart from the text.

    A header or footer stands in the page's margin, further from the nearest
    line than lines of text or paragraphs are from each other.
    """
    by_page: dict[int, list[PdfLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    edges: dict[int, bool] = {}
    for page_lines in by_page.values():
        ordered = sorted(page_lines, key=lambda line: -line.y)
        last = len(ordered) - 1
        for position in {*range(min(_FURNITURE_ZONE, last + 1)), *range(max(0, last + 1 - _FURNITURE_ZONE), last + 1)}:
            line = ordered[position]
            neighbours = [ordered[near] for near in (position - 1, position + 1) if 0 <= near <= last]
            edges[id(line)] = all(abs(line.y - near.y) > _MARGIN_GAP_IN_SIZES * line.size for near in neighbours)
    return edges


def _drop_furniture(
    lines: list[PdfLine], edges: dict[int, bool], body_size: float, document_title: str | None
) -> list[PdfLine]:
    pages_of: dict[str, set[int]] = {}
    for line in lines:
        if edges.get(id(line)):
            pages_of.setdefault(_furniture_key(line.text), set()).add(line.page)
    page_count = len({line.page for line in lines})
    needed = max(2, _RECURRING_SHARE * page_count)
    repeated = {key for key, pages in pages_of.items() if len(pages) >= needed}
    title_key = _title_key(document_title) if document_title else None
    kept = []
    for line in lines:
        text = line.text.strip()
        if _ADDRESS_LINE.match(text) or not _LETTER_OR_DIGIT.search(text):
            continue
        if edges.get(id(line)) and (
            _furniture_key(text) in repeated or _PAGE_NUMBER.match(text) or _is_print_header(line, body_size, title_key)
        ):
            continue
        kept.append(line)
    return kept


def _furniture_key(text: str) -> str:
    return _SPACES.sub("", _DIGITS.sub("0", text))


def _title_key(title: str) -> str:
    return _SPACES.sub("", title)


def _is_print_header(line: PdfLine, body_size: float, title_key: str | None) -> bool:
    """A browser's header in a page's margin: the time of printing and/or the page's title.

    A time alone counts only in type smaller than the body's (a report's own
    date line may stand apart under its headline); the title alone on the
    first page only so too (there, in the body's type or larger, it is the
    article's heading).
    """
    text = line.text.strip()
    small = line.size < body_size * (1 - _SAME_SIZE)
    stamp = _PRINT_STAMP.match(text)
    rest = text[stamp.end() :] if stamp else text
    if stamp and not rest:
        return small
    if title_key is None or (not stamp and not small and line.page == 0):
        return False
    rest_key = _title_key(rest)
    shortened = _ELLIPSIS.search(rest_key)
    if shortened:
        prefix = rest_key[: shortened.start()]
        return len(prefix) >= _TITLE_MIN and title_key.startswith(prefix)
    return rest_key == title_key


# -- measures of the body ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Metrics:
    body_size: float
    pitch: float | None  # the distance between two lines of a paragraph
    full_width: float  # in ems
    margins: dict[int, float]  # page -> the left edge of its body text


def _body_size(lines: list[PdfLine]) -> float:
    """The font size most characters are set in."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0]


def _same_size(size: float, other: float) -> bool:
    return abs(size - other) <= _SAME_SIZE * max(size, other)


def _line_pitch(body: list[PdfLine]) -> float | None:
    distances = [
        above.y - below.y
        for above, below in zip(body, body[1:], strict=False)
        if above.page == below.page and 0 < above.y - below.y <= _MAX_PITCH_IN_SIZES * above.size
    ]
    return statistics.median(distances) if distances else None


def _full_width(body: list[PdfLine]) -> float:
    widths = sorted(_em_width(line.text) for line in body)
    return widths[min(len(widths) - 1, int(_FULL_WIDTH_QUANTILE * len(widths)))]


def _left_margins(body: list[PdfLine]) -> dict[int, float]:
    """Each page's commonest left edge of body lines: the margin that continuation lines start at."""
    starts: dict[int, Counter[float]] = {}
    for line in body:
        starts.setdefault(line.page, Counter())[round(line.x)] += 1
    return {page: counter.most_common(1)[0][0] for page, counter in starts.items()}


def _em_width(text: str) -> float:
    """The width of ``text`` in ems: a Chinese character or mark is one, anything else half.

    Marks of ambiguous width (“ ” — …) are set full width in Chinese type.
    """
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.5 for char in text.strip())


# -- paragraphs ------------------------------------------------------------


def _paragraphs(lines: list[PdfLine], metrics: _Metrics) -> list[list[PdfLine]]:
    paragraphs = [[lines[0]]]
    for line in lines[1:]:
        previous = paragraphs[-1][-1]
        if _starts_paragraph(previous, line, metrics):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


def _starts_paragraph(previous: PdfLine, line: PdfLine, metrics: _Metrics) -> bool:
    if not _same_size(previous.size, line.size) or previous.bold != line.bold:
        return True
    if _is_short(previous, metrics):
        return True
    margin = metrics.margins.get(line.page)
    if margin is not None and line.x - margin >= _INDENT_EMS * line.size and line.x > previous.x + line.size / 2:
        return True
    if line.page != previous.page:
        # Between pages there is no gap to measure: a line that ended a sentence ended its paragraph.
        return _SENTENCE_END.search(previous.text.rstrip()) is not None
    gap = previous.y - line.y
    if gap <= 0:
        return True  # the text went back up the page: another column or box
    # Larger type is set on a proportionally wider pitch.
    return metrics.pitch is not None and gap > _PARAGRAPH_GAP * metrics.pitch * line.size / metrics.body_size


def _is_short(line: PdfLine, metrics: _Metrics) -> bool:
    """Whether the line stops short of the body's full width, measured in points (a title's type is larger)."""
    full = metrics.full_width * metrics.body_size
    slack = max(_FULL_WIDTH_SLACK_EMS * line.size, _FULL_WIDTH_SLACK_SHARE * full)
    return _em_width(line.text) * line.size < full - slack


def _joint(before: str, after: str) -> str:
    """What goes between two lines of one paragraph: a space between Latin words, else nothing.

    Latin text is what comes before the general punctuation block (U+2000):
    Chinese characters, full-width forms and the curly quotes and dashes of
    Chinese text all come after it.
    """
    last, first = before.rstrip()[-1:], after.lstrip()[:1]
    if not last or not first or last == "-":
        return ""
    return " " if last < _LATIN_END and first < _LATIN_END else ""


# -- headings and output ----------------------------------------------------------


def _render(paragraphs: list[list[PdfLine]], metrics: _Metrics, document_title: str | None) -> list[str]:
    title_index = _title_index(paragraphs, metrics)
    body_bold = _body_is_bold(paragraphs, metrics)
    out = []
    for index, paragraph in enumerate(paragraphs):
        text = _SPACES.sub(" ", _joined_text([_stripped(line) for line in paragraph])).strip()
        if index == title_index:
            out.append(markdown_heading(_without_site_name(text, document_title), 1))
        elif _is_heading(paragraph, text, metrics, body_bold):
            out.append(markdown_heading(text, 2))
        else:
            out.append(markdown_line(text))
    return out


def _stripped(line: PdfLine) -> PdfLine:
    return PdfLine(line.page, line.text.strip(), line.x, line.y, line.size, line.bold)


def _title_index(paragraphs: list[list[PdfLine]], metrics: _Metrics) -> int | None:
    """The paragraph set in the first page's largest type, clearly larger than the body's, above the body text.

    The body starts with its first paragraph of several lines in the body's
    type: a larger line below it is a pull quote or a section heading.
    """
    first_page = [index for index, paragraph in enumerate(paragraphs) if paragraph[0].page == paragraphs[0][0].page]
    largest = max(paragraphs[index][0].size for index in first_page)
    if largest < _TITLE_SCALE * metrics.body_size:
        return None
    for index in first_page:
        paragraph = paragraphs[index]
        if _same_size(paragraph[0].size, largest):
            return index if len(paragraph) <= _HEADING_MAX_LINES + 1 else None
        if len(paragraph) > 1 and _same_size(paragraph[0].size, metrics.body_size):
            return None
    return None


def _body_is_bold(paragraphs: list[list[PdfLine]], metrics: _Metrics) -> bool:
    weights = Counter(
        line.bold for paragraph in paragraphs for line in paragraph if _same_size(line.size, metrics.body_size)
    )
    return weights[True] > weights[False]


def _is_heading(paragraph: list[PdfLine], text: str, metrics: _Metrics, body_bold: bool) -> bool:
    if len(paragraph) > _HEADING_MAX_LINES or len(text) > _HEADING_MAX_CHARS or _SENTENCE_MARK.search(text):
        return False
    size = paragraph[0].size
    if size >= _HEADING_SCALE * metrics.body_size:
        return True
    return _same_size(size, metrics.body_size) and all(line.bold for line in paragraph) and not body_bold


def _without_site_name(title: str, document_title: str | None) -> str:
    """A web page's <title> printed as the heading, without the site's name after it (文章标题_某某网).

    Only when the heading is the document's own title (the browser's
    <title>), the part after the last separator is short and reads as a
    name, and what remains is a headline.
    """
    if not document_title or _title_key(title) != _title_key(document_title):
        return title
    separators = list(_SITE_SEPARATORS.finditer(title))
    if not separators:
        return title
    last = separators[-1]
    head, site = title[: last.start()].strip(), title[last.end() :].strip()
    if len(head) < _TITLE_MIN or not 2 <= len(site) <= _SITE_NAME_MAX or _CLAUSE_MARK.search(site):
        return title
    return head
