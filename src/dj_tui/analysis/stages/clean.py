"""Separating a report's body from web-page chrome, and reading its metadata.

``clean_report`` reads the text once, line by line, and decides where each
line goes: every non-blank line ends up either in the body or in
``CleanedReport.removed`` with the rule that took it, title and bylines
included, so nothing disappears silently. This module keeps the header's
state (title, kicker, subtitle, date, source, authors, the block a line
opened, the captions seen) and recognises titles itself: the headline, with
the kicker printed above it (某单位——) and the subtitle below it (——…) kept
apart, never page furniture, and none at all when the header has no
headline. What a line is, it asks of ``clean_chrome`` (page chrome),
``clean_fields`` (date and source lines) and ``clean_bylines`` (credits).
All patterns are compiled at import.
"""

from __future__ import annotations

import re

from dj_tui.analysis.models import CleanedReport, Metadata
from dj_tui.analysis.stages.clean_bylines import (
    Credit,
    Span,
    closing_credit,
    credit_line_names,
    dateline_credit,
    header_credit_names,
    name_text,
)
from dj_tui.analysis.stages.clean_chrome import (
    BLOCK_RULES,
    caption_texts,
    chrome_rule,
    continues_block,
    is_site_name,
)
from dj_tui.analysis.stages.clean_fields import parse_fields
from dj_tui.analysis.stages.clean_lines import LETTER_OR_DIGIT, SENTENCE_END, Line
from dj_tui.analysis.stages.markdown_text import plain_lines
from dj_tui.analysis.stages.sentences import build_sentences

_LINE_BREAK = re.compile(r"\r\n?|\n|[\u2028\u2029]")

# The title: the first short line of the header that reads as a heading, and a
# subtitle beside or below it.
_TITLE_MAX = 64
# Fewer letters make a place or a label (北京, 要闻), not a headline.
_TITLE_MIN = 4
_CLAUSE_END = re.compile(r"[。；;：:，,、]$")
_SUBTITLE = re.compile(r"^(?:——|—|--|──|－－)\s*(?P<text>\S.*)$")
# The title ends in a non-space character, so the white space before the dash
# is read once, not again from each of its positions (quadratic in a long run).
_SUBTITLE_INLINE = re.compile(r"^(?P<title>.*?\S)\s*(?:——|──|－－)\s*(?P<subtitle>\S.*)$")
# A kicker (引题) above the headline ends with the dash that leads into it.
_KICKER = re.compile(r"^(?P<text>.*?\S)\s*(?:——|—|──|－－|--)$")
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
        lines = [Line.plain(number, raw) for number, raw in enumerate(raw_lines)]
    for line in lines:
        if line.text:
            cleaner.feed(line)
    return cleaner.finish()


class _Cleaner:
    def __init__(self) -> None:
        self.title: Line | None = None
        self.kicker: str | None = None
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
        # A line shaped like a site's name, above the title: it is one only if
        # a headline follows it.
        self.site_name: Line | None = None
        # Captions seen with their photo credit: a newspaper page prints each
        # caption again without it.
        self.captions: set[str] = set()

    # -- driving ------------------------------------------------------------

    def feed(self, line: Line) -> None:
        rule = chrome_rule(line.norm)
        if rule is None and line.norm in self.captions:
            rule = "caption"
        if rule == "caption":
            self.captions.update(caption_texts(line.norm) or ())
        if rule in BLOCK_RULES:
            self.block = rule
        # Inside a block, a date belongs to a related headline or to the site,
        # never to the report: the block is checked before the fields. A block
        # that opens above the headline (a hotline in the masthead) ends there.
        awaits_title = self.in_header and self.title is None
        if rule is None and self.block is not None and not awaits_title and continues_block(self.block, line.norm):
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
            self._settle_site_name()
            self._split_dateline(line)
        if line.text:
            self.body.append(line)

    def finish(self) -> CleanedReport:
        self._settle_site_name()
        self._split_trailing_author()
        self.removed.sort(key=lambda entry: entry[0])
        return CleanedReport(
            metadata=Metadata(
                title=self.title.text if self.title else None,
                subtitle="——".join(part for part in (self.kicker, self.subtitle) if part) or None,
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

    def _credit(self, line: Line, start: int, end: int, names: list[Span], rule: str = "byline") -> None:
        """Record ``line.text[start:end]`` as a byline naming the people at the ``names`` spans."""
        byline = line.text[start:end].strip()
        self.bylines.append(byline)
        self.authors.extend(name_text(line.text, span) for span in names)
        self.removed.append((line.number, byline, rule))

    def _credit_source(self, line: Line, credit: Credit) -> None:
        """The outlet a credit names (新华社记者, 某某网新疆讯) is the source, unless a 来源 came first."""
        if credit.source and self.source is None:
            self.source = line.text[credit.source[0] : credit.source[1]]

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
        credit = credit_line_names(line.norm)
        if credit is None:
            return False
        self._credit(line, 0, len(line.norm), credit.names)
        self._credit_source(line, credit)
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
        if self.title is None and self.site_name is None and is_site_name(norm):
            # 某某新闻网 is the site's name if a headline follows, else the headline.
            self.site_name = line
            return True
        kicker = _KICKER.match(norm) if len(norm) <= _TITLE_MAX + 2 else None
        if kicker and self.title is None and self.kicker is None and _is_title_like(kicker.group("text")):
            self.kicker = line.text[: kicker.end("text")]
            self._drop(line, "kicker")
            return True
        subtitle = _SUBTITLE.match(norm)
        if subtitle and self.subtitle is None and _is_title_like(subtitle.group("text")):
            self.subtitle = line.text[subtitle.start("text") :]
            self._drop(line, "subtitle")
            return True
        if self.title is None and self.subtitle is None:
            if not self.title_needs_heading and _is_title_like(norm) and _is_headline_length(norm):
                self._set_title(line)
                return True
            return False
        names = header_credit_names(norm)
        if names is None:
            return False
        self._credit(line, 0, len(norm), names)
        return True

    def _settle_site_name(self) -> None:
        """A line shaped like a site's name with no headline after it was the headline."""
        if self.site_name is not None and self.title is None:
            self._set_title(self.site_name)

    def _set_title(self, line: Line) -> None:
        if self.site_name is not None and self.site_name is not line:
            self._drop(self.site_name, "site-name")
        self.site_name = None
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
        end, credit = found
        self._credit(line, 0, end, credit.names, "dateline")
        self._credit_source(line, credit)
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


def _is_headline_length(norm: str) -> bool:
    return len(LETTER_OR_DIGIT.findall(norm)) >= _TITLE_MIN


def _is_title_like(norm: str) -> bool:
    return (
        len(norm) <= _TITLE_MAX
        and "。" not in norm
        and not _CLAUSE_END.search(norm)
        and not _ENUMERATED.match(norm)
        and norm not in _SECTION_WORDS
        and LETTER_OR_DIGIT.search(norm) is not None
    )
