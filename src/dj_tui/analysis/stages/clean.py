"""Separating a report's body from web-page chrome, and reading its metadata.

``clean_report`` reads the text once, line by line, and decides where each
line goes: every non-blank line ends up either in the body or in
``CleanedReport.removed`` with the rule that took it, title and bylines
included, so nothing disappears silently. This module keeps the header's
state (title, subtitle, date, source, authors, the block a line opened) and
recognises titles itself; what a line is, it asks of ``clean_chrome`` (page
chrome), ``clean_fields`` (date and source lines) and ``clean_bylines``
(credits). All patterns are compiled at import.
"""

from __future__ import annotations

import re

from dj_tui.analysis.models import CleanedReport, Metadata
from dj_tui.analysis.stages.clean_bylines import (
    closing_credit,
    credit_line_names,
    dateline_credit,
    header_credit_names,
)
from dj_tui.analysis.stages.clean_chrome import BLOCK_RULES, chrome_rule, continues_block
from dj_tui.analysis.stages.clean_fields import parse_fields
from dj_tui.analysis.stages.clean_lines import LETTER_OR_DIGIT, SENTENCE_END, Line
from dj_tui.analysis.stages.markdown_text import plain_lines
from dj_tui.analysis.stages.sentences import build_sentences

_LINE_BREAK = re.compile(r"\r\n?|\n|[\u2028\u2029]")

# The title: the first short line of the header that reads as a heading, and a
# subtitle beside or below it.
_TITLE_MAX = 64
_CLAUSE_END = re.compile(r"[。；;：:，,、]$")
_SUBTITLE = re.compile(r"^(?:——|—|--|──|－－)\s*(?P<text>\S.*)$")
# The title ends in a non-space character, so the white space before the dash
# is read once, not again from each of its positions (quadratic in a long run).
_SUBTITLE_INLINE = re.compile(r"^(?P<title>.*?\S)\s*(?:——|──|－－)\s*(?P<subtitle>\S.*)$")
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|"
    r"第[一二三四五六七八九十\d]+[章节部分篇])"
)
_SECTION_WORDS = frozenset(
    "前言 引言 导语 编者按 序言 序 摘要 内容提要 提要 按语 结语 结束语 简介 附件".split()
)
_CATEGORY = re.compile(r"^(?:[-*•·]\s*\S{2,8}|(?:栏目|频道|分类|类别)\s*[:：].{0,20})$")


def clean_report(text: str, *, markdown: bool = False) -> CleanedReport:
    """Split ``text`` into metadata, body sentences and removed chrome."""
    cleaner = _Cleaner()
    raw_lines = _LINE_BREAK.split(text)
    if markdown:
        lines = [Line.make(*line) for line in plain_lines(raw_lines, cleaner.removed)]
        cleaner.title_needs_heading = any(line.heading == 1 for line in lines)
    else:
        lines = [Line.make(number, raw) for number, raw in enumerate(raw_lines)]
    for line in lines:
        if line.text:
            cleaner.feed(line)
    return cleaner.finish()


class _Cleaner:
    def __init__(self) -> None:
        self.title: Line | None = None
        self.subtitle: str | None = None
        self.date: str | None = None
        self.source: str | None = None
        self.authors: list[str] = []
        self.bylines: list[str] = []
        self.removed: list[tuple[int, str, str]] = []
        self.body: list[Line] = []
        # The block a heading line opened ("copyright", "related-news",
        # "footer"): following lines of the same kind belong to it.
        self.block: str | None = None
        self.in_header = True
        # In markdown with a `# ` heading, that heading and no other line is the title.
        self.title_needs_heading = False

    # -- driving ------------------------------------------------------------

    def feed(self, line: Line) -> None:
        rule = chrome_rule(line.norm)
        if rule in BLOCK_RULES:
            self.block = rule
        # Inside a block, a date belongs to a related headline or to the site,
        # never to the report: the block is checked before the fields.
        if rule is None and self.block is not None and continues_block(self.block, line.norm):
            rule = self.block
        if rule is None and self._field_line(line):
            return
        if rule is not None:
            self._drop(line, rule)
            return
        self.block = None
        if self._byline_line(line):
            return
        if line.heading == 1 and self.title_needs_heading and self._heading_title(line):
            return
        if self.in_header and self._header_line(line):
            return
        if self.in_header:
            self.in_header = False
            self._split_dateline(line)
        if line.text:
            self.body.append(line)

    def finish(self) -> CleanedReport:
        self._split_trailing_author()
        self.removed.sort(key=lambda entry: entry[0])
        return CleanedReport(
            metadata=Metadata(
                title=self.title.text if self.title else None,
                subtitle=self.subtitle,
                date=self.date,
                source=self.source,
                authors=tuple(dict.fromkeys(self.authors)),
                bylines=tuple(self.bylines),
            ),
            sentences=build_sentences(line.text for line in self.body),
            removed=tuple((text, rule) for _, text, rule in self.removed),
        )

    def _drop(self, line: Line, rule: str) -> None:
        self.removed.append((line.number, line.text, rule))

    def _credit(
        self, line: Line, start: int, end: int, names: list[tuple[int, int]], rule: str = "byline"
    ) -> None:
        """Record ``line.text[start:end]`` as a byline naming the people at the ``names`` spans."""
        byline = line.text[start:end].strip()
        self.bylines.append(byline)
        self.authors.extend(line.text[a:b] for a, b in names)
        self.removed.append((line.number, byline, rule))

    # -- labelled fields ----------------------------------------------------

    def _field_line(self, line: Line) -> bool:
        fields = parse_fields(line.norm, line.text)
        if fields is None:
            return False
        if self.date is None:
            self.date = fields.date
        if self.source is None:
            self.source = fields.source
        self.bylines.extend(fields.author_segments)
        self.authors.extend(fields.authors)
        if fields.date or fields.source:
            rule = "date/source"
        elif fields.author_segments:
            rule = "byline"
        elif fields.editors:
            rule = "editor"
        else:
            rule = "page-info"
        self._drop(line, rule)
        return True

    # -- bylines and header -------------------------------------------------

    def _byline_line(self, line: Line) -> bool:
        """A line that only credits people: `记者 张三`, `（记者 张三 通讯员 李四）`, `（作者系…）`."""
        names = credit_line_names(line.norm)
        if names is None:
            return False
        self._credit(line, 0, len(line.norm), names)
        return True

    def _heading_title(self, line: Line) -> bool:
        """Markdown: the first `# ` heading is the title; repeating it changes nothing."""
        if self.title is None:
            self._set_title(line)
            # Whatever preceded the title stays body, but a subtitle or byline
            # may follow it as in any header.
            self.in_header = True
            return True
        if line.norm == self.title.norm:
            self._drop(line, "title")
            return True
        return False

    def _header_line(self, line: Line) -> bool:
        """Title, subtitle, category and unlabelled bylines above the body."""
        norm = line.norm
        if _CATEGORY.match(norm):
            self._drop(line, "category")
            return True
        if self.title is not None and norm == self.title.norm:
            # Scraped pages often repeat the title (the page's and the article's).
            self._drop(line, "title")
            return True
        subtitle = _SUBTITLE.match(norm)
        if subtitle and self.subtitle is None and _is_title_like(subtitle.group("text")):
            self.subtitle = line.text[subtitle.start("text") :]
            self._drop(line, "subtitle")
            return True
        if self.title is None and self.subtitle is None:
            if not self.title_needs_heading and _is_title_like(norm):
                self._set_title(line)
                return True
            return False
        names = header_credit_names(norm)
        if names is None:
            return False
        self._credit(line, 0, len(norm), names)
        return True

    def _set_title(self, line: Line) -> None:
        self._drop(line, "title")
        inline = _SUBTITLE_INLINE.match(line.norm)
        if inline and self.subtitle is None:
            self.subtitle = line.text[inline.start("subtitle") :]
            line.keep(0, inline.end("title"))
        self.title = line

    def _split_dateline(self, line: Line) -> None:
        """Move `本报咸阳讯（通讯员…）` from the start of the first paragraph to the bylines."""
        found = dateline_credit(line.norm)
        if found is None:
            return
        end, names = found
        self._credit(line, 0, end, names, "dateline")
        line.keep(end, len(line.text))

    def _split_trailing_author(self) -> None:
        """Take the author's name off the end of the body: `…政治保障。 马竞`."""
        if not self.body:
            return
        last = self.body[-1]
        after_sentence = len(self.body) >= 2 and SENTENCE_END.search(self.body[-2].norm) is not None
        credit = closing_credit(last.norm, after_sentence)
        if credit is None:
            return
        self._credit(last, credit.start, credit.end, credit.names, "trailing-author")
        if credit.body_end is None:
            self.body.pop()
        else:
            last.keep(0, credit.body_end)


def _is_title_like(norm: str) -> bool:
    return (
        len(norm) <= _TITLE_MAX
        and "。" not in norm
        and not _CLAUSE_END.search(norm)
        and not _ENUMERATED.match(norm)
        and norm not in _SECTION_WORDS
        and LETTER_OR_DIGIT.search(norm) is not None
    )
