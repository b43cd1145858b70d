"""A saved article web page as Markdown: the article's title, its date line and its paragraphs.

``html_markdown`` finds the article in a page full of navigation, sidebars,
footers and lists of other articles, and hands its text to the cleaner as
Markdown: the headline as a `# ` heading, the date/source/author line that
the page prints beside it as an ordinary paragraph (the cleaner reads it),
then every paragraph in reading order. Nothing is fetched: images, links and
scripts are never followed, and ``alt`` text is no body text.

The page is parsed by lxml (libxml2's HTML parser, in C): it repairs tag soup
the way saved pages need (unclosed ``<p>``, stray end tags, Word's ``<o:p>``),
decodes entities, and works in time linear in the page; it caps nesting at
2,048 levels and stops reading a page nested deeper. The tree is then walked
once, without recursion, into paragraphs: block elements end a paragraph,
``<br>`` a line, inline elements neither. The article is the block whose
paragraphs carry the most text that is not link text (the heuristic of
Readability: each paragraph scores its container, less its container's
container), widened to take in the headline printed just above it.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from dj_tui.analysis.stages.ingest import IngestError, decode_bytes
from dj_tui.analysis.stages.markdown_text import markdown_heading, markdown_line
from dj_tui.analysis.stages.textnorm import HAN

# -- charset --------------------------------------------------------------

# Browsers look for the charset in the first 1,024 bytes; saved pages often
# carry a long comment or script before it, so a few KB are searched.
_SNIFF_BYTES = 8192
# `<meta charset="gbk">` and `<meta http-equiv="Content-Type" content="text/html; charset=gbk">`.
_META_CHARSET = re.compile(rb"<meta\b[^<>]{0,1024}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.IGNORECASE)
# The declarations trusted, by their name without `-` and `_`, and the decoders
# they mean. GB2312 and GBK pages use GB18030's extra characters (a superset);
# Big5 is read as Windows writes it, else with Hong Kong's characters. A page
# that declares UTF-16 in ASCII is UTF-8 (as browsers read it). Any other
# declaration (ISO-8859-1, Windows-1252: CMS templates print them on Chinese
# pages) is not believed: the bytes decide.
_DECLARED_DECODERS = {
    **dict.fromkeys(("utf8", "unicode11utf8", "utf16", "utf16le", "utf16be"), ("utf-8",)),
    **dict.fromkeys(("gb2312", "gbk", "xgbk", "gb18030", "cp936", "windows936", "euccn"), ("gb18030",)),
    **dict.fromkeys(("big5", "xxbig5", "cp950", "big5hkscs", "windows950"), ("cp950", "big5hkscs")),
}
# Characters that no page text carries and that lxml refuses.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")

# -- elements -------------------------------------------------------------

# Never text of the article: code, embedded objects, controls, the page's
# navigation, sidebars and footer, and elements the browser does not show.
_SKIPPED_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed applet svg math canvas video audio"
    " map select option optgroup button textarea input datalist head title meta link base nav aside footer"
    " marquee dialog".split()
)
# Elements shown inline: their text runs on in the line around them. Tags
# not named anywhere (Word's `o:p`) are inline too, as browsers show them.
_BLOCK_TAGS = frozenset(
    "html body div p section article main header hgroup h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead"
    " tbody tfoot tr caption blockquote pre address figure figcaption center hr form fieldset legend details"
    " summary".split()
)
# Blocks that are one paragraph: the text they hold scores the block around them.
_PARAGRAPH_TAGS = frozenset("p pre blockquote li dt dd h1 h2 h3 h4 h5 h6 address figcaption caption tr".split())
_HEADING_LEVEL = {f"h{level}": level for level in range(1, 7)}
# Only `display: none`: pages saved before their scripts ran hide the article
# itself with `visibility: hidden` until it is laid out (WeChat's js_content).
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none", re.IGNORECASE)
# Words of a class or id that name furniture: comments, share buttons,
# related and recommended articles, sidebars, menus, breadcrumbs, footers.
# Long words are found anywhere (bdsharebuttonbox), short ones only whole.
_FURNITURE_HINT = re.compile(
    r"comment|share|sharing|related|relate|recommend|sidebar|breadcrumb|crumb|copyright|footer|advert"
    r"|pinglun|fenxiang|xiangguan|tuijian"
    r"|(?<![a-z])(?:nav|navbar|menu|side|foot|ad|ads|hot|tool|tools|login|search|pager|pagination|paging"
    r"|social|banner|widget)(?![a-z])"
)
_ARTICLE_HINT = re.compile(r"article|content|text|txt|detail|body|main|story|entry|post|zhengwen|neirong|正文|内容")
_TITLE_HINT = re.compile(r"title|headline|biaoti|标题")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z])(?=[A-Z])")

# -- text -----------------------------------------------------------------

_WORD_CHAR = re.compile(f"[{HAN}A-Za-z0-9]")
# Characters between which a line break in the source is no space: Chinese
# is written without spaces (Han, CJK and full-width punctuation, quotes).
_CJK = f"{HAN}\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
_BREAK_IN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\u00a0]*\n[ \t\r\n\f\u00a0]*(?=[{_CJK}])")
_WHITE_SPACE = re.compile(r"[ \t\r\n\f\u00a0]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
# A line of the page's metadata: a labelled field (its value may be a link:
# 来源：<a>某某网</a>), or a date.
_METADATA_FIELD = re.compile(
    r"^.{0,24}?(?:发布|发表|更新|时间|日期|来源|出处|作者|编辑|记者|通讯员|供稿|撰稿|撰文|摄影|审核|浏览|点击|阅读)\s*[:：]"
)
_DATE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_METADATA_MAX = 120

# -- choosing the article ---------------------------------------------------

# A paragraph with less text scores nothing: a menu entry, a label, a date.
_MIN_PARAGRAPH = 10
# The article's container holds at least this much text that is not link
# text; found only when furniture is not skipped, a few sentences more.
_MIN_ARTICLE = 30
_MIN_UNHINTED_ARTICLE = 150
# Each paragraph scores its container fully, the next container up by half, the next by a third.
_SCORED_LEVELS = 3
_ARTICLE_BONUS = 1.5
_HINT_BONUS = 1.25
# A paragraph that is mostly link text is a menu, a list of other articles or a button.
_MAX_LINK_SHARE = 0.5
# The headline is printed just above the body: at most this much text (a
# subtitle, a date line, a lead) lies between them.
_MAX_TITLE_GAP = 400
_TITLE_WEIGHT = (4, 150)
# A heading that names no level (`<div class="title">`) ranks as an `<h2>`; a
# line that is no heading but that the page's title repeats (a table cell)
# ranks below every heading.
_HINTED_TITLE_LEVEL = 2
_REPEATED_TITLE_LEVEL = 7
# How many metadata lines just above a container with no headline are kept.
_METADATA_LOOKBACK = 3

# -- the page's own title -----------------------------------------------------

# What separates the headline from the column's and the site's names in
# `<title>`: `--`, `|`, `_`, a spaced dash, a hyphen not inside a word or a
# number (2024-06 and COVID-19 stay whole). `——` is Chinese punctuation.
_TITLE_SEPARATOR = re.compile(r"\s*(?:-{2,}|[|｜_]|\s[–—]\s|(?<![A-Za-z0-9])-|-(?![A-Za-z0-9]))\s*")
_SITE_SEGMENT_MAX = 20
_SENTENCE_PUNCTUATION = re.compile(r"[，。；：！？,;:!?]")
_SITE_WORD = re.compile(
    r"(?:网|网站|门户|新闻|频道|客户端|日报|晚报|在线|官网|政府|大学|学院|中学|小学|学校|委员会|栏目|专栏|专题|动态|要闻|资讯|首页)$"
)


def html_markdown(data: bytes) -> str:
    """The article of a saved web page as Markdown, or ``IngestError`` when it has none.

    The headline is the first line, a `# ` heading, when the page shows it
    (an `<h1>`, or the heading that ``<title>`` repeats) or names it in
    ``og:title`` or ``<title>`` (without the site's and column's names); the
    article's own headings are `## ` headings; every other paragraph is one
    line, or one line per ``<br>``; paragraphs are separated by a blank line.
    """
    body = _parse(_decode_page(data))
    # A class that reads as furniture (`side-layout`) may wrap the whole page:
    # without the hints the article is found by its text alone, and only a
    # long one counts, so that a page of furniture is no article.
    for use_hints, min_article in ((True, _MIN_ARTICLE), (False, _MIN_UNHINTED_ARTICLE)):
        page = _Page(use_hints)
        page.read(body)
        container = page.best_container(min_article)
        if container is not None:
            return _article_markdown(page, container, body)
    raise IngestError("no article text in the page")


# -- decoding and parsing -----------------------------------------------------


def _decode_page(data: bytes) -> str:
    """The page's text: by its byte-order mark, as UTF-8 when it is, else in its declared charset, else detected.

    Valid UTF-8 is UTF-8 whatever the page declares: Chinese in another
    encoding practically never is, while a page re-saved as UTF-8 keeps its
    old `charset=gb2312`, and GB18030 reads UTF-8 bytes without error.
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            declared = _META_CHARSET.search(data[:_SNIFF_BYTES])
            name = declared.group(1).decode("ascii").lower().replace("-", "").replace("_", "") if declared else ""
            for decoder in _DECLARED_DECODERS.get(name, ()):
                try:
                    return _CONTROL.sub("", data.decode(decoder))
                except UnicodeDecodeError:
                    continue  # saved in another encoding than it declares: the bytes decide
    # By the byte-order mark, as UTF-8, or as the bytes read, checked for binary content.
    return _CONTROL.sub("", decode_bytes(data))


def _parse(text: str) -> etree._Element:
    """The page's ``<body>``. Comments and processing instructions are dropped while parsing."""
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, no_network=True
    )
    try:
        # Handed as UTF-8 bytes with the encoding named: lxml refuses text
        # that declares an encoding of its own (`<?xml encoding="gbk"?>`).
        document = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except etree.ParserError:
        raise IngestError("no article text in the page (no HTML content)") from None
    except (etree.LxmlError, ValueError) as exc:
        raise IngestError(f"cannot read the page as HTML ({type(exc).__name__})") from None
    body = document.find("body")
    if body is None:
        raise IngestError("no article text in the page (no HTML body)")
    return body


# -- paragraphs ---------------------------------------------------------------


@dataclass
class _Paragraph:
    lines: list[str]  # an empty line between two lines parts them into two paragraphs
    owner: int  # the element holding its text (an index into _Page.elements)
    position: int  # the walk's event count when it ended: ascending in reading order
    weight: int  # letters and digits, Han characters included
    link_weight: int  # those inside links
    heading: int  # 1-6 for <h1>-<h6>, 0 otherwise

    @property
    def text(self) -> str:
        return _collapse("\n".join(line for line in self.lines if line))

    @property
    def text_weight(self) -> int:
        return self.weight - self.link_weight

    def link_dense(self) -> bool:
        return self.link_weight > self.weight * _MAX_LINK_SHARE


@dataclass
class _Page:
    """The paragraphs of a page's body, and for each element where its text starts and ends.

    Elements are numbered in the order the walk enters them. An element's
    paragraphs are those whose position lies after its start event and no
    later than its end event: positions ascend, so they are found by bisection.
    """

    use_hints: bool  # skip what class, id and `display: none` mark as furniture
    elements: list[etree._Element] = field(default_factory=list)
    index_of: dict[etree._Element, int] = field(default_factory=dict)
    start_event: list[int] = field(default_factory=list)
    end_event: list[int] = field(default_factory=list)
    # (all, in links): the weight read before an element while it is open, its own once it is closed.
    weights: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[_Paragraph] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)
    events: int = 0
    total_weight: int = 0
    total_link_weight: int = 0
    owners: list[int] = field(default_factory=list)
    lines: list[list[str]] = field(default_factory=lambda: [[]])
    weight: int = 0
    link_weight: int = 0
    links_open: int = 0
    articles_open: int = 0  # <article> and <main> elements

    def read(self, body: etree._Element) -> None:
        walker = etree.iterwalk(body, events=("start", "end"))
        skipped = None
        for event, element in walker:
            if event == "start":
                if not isinstance(element.tag, str) or self._skips(element):
                    # Its end event still comes, with its tail: the text after it.
                    walker.skip_subtree()
                    skipped = element
                else:
                    self._enter(element)
            else:
                if element is skipped:
                    skipped = None
                else:
                    self._leave(element)
                self._add_text(element.tail)
        self._end_paragraph()

    def _skips(self, element: etree._Element) -> bool:
        tag = element.tag
        if tag in _SKIPPED_TAGS or (tag == "header" and not self.articles_open):
            # A header inside an <article> or <main> holds its headline and date line.
            return True
        if "hidden" in element.attrib or element.get("aria-hidden") == "true":
            return True
        return self.use_hints and (
            _HIDDEN_STYLE.search(element.get("style", "")) is not None
            or _FURNITURE_HINT.search(_hint_words(element)) is not None
        )

    def _enter(self, element: etree._Element) -> None:
        tag = element.tag
        if tag in _BLOCK_TAGS:
            self._end_paragraph()
        elif tag == "br":
            self.lines.append([])
        elif tag in ("td", "th") and self.lines[-1]:
            # The cells of a row are read on one line, apart.
            self.lines[-1].append(" ")
        index = len(self.elements)
        self.elements.append(element)
        self.index_of[element] = index
        self.start_event.append(self.events)
        self.end_event.append(self.events)
        self.events += 1
        self.weights.append((self.total_weight, self.total_link_weight))
        if tag in _BLOCK_TAGS:
            self.owners.append(index)
        elif tag == "a":
            self.links_open += 1
        if tag in ("article", "main"):
            self.articles_open += 1
        self._add_text(element.text)

    def _leave(self, element: etree._Element) -> None:
        tag = element.tag
        index = self.index_of[element]
        if tag in _BLOCK_TAGS:
            self._end_paragraph()
            self.owners.pop()
        elif tag == "a":
            self.links_open -= 1
        if tag in ("article", "main"):
            self.articles_open -= 1
        self.end_event[index] = self.events
        self.events += 1
        weight, link_weight = self.weights[index]
        self.weights[index] = (self.total_weight - weight, self.total_link_weight - link_weight)

    def _add_text(self, text: str | None) -> None:
        if not text:
            return
        self.lines[-1].append(text)
        weight = len(_WORD_CHAR.findall(text))
        self.weight += weight
        self.total_weight += weight
        if self.links_open:
            self.link_weight += weight
            self.total_link_weight += weight

    def _end_paragraph(self) -> None:
        lines: list[str] = []
        for pieces in self.lines:
            line = _collapse("".join(pieces))
            # An empty line (`<br><br>`) parts paragraphs; several part them once.
            if line or (lines and lines[-1]):
                lines.append(line)
        if lines and not lines[-1]:
            lines.pop()
        if lines and self.owners:
            owner = self.owners[-1]
            heading = _HEADING_LEVEL.get(self.elements[owner].tag, 0)
            self.paragraphs.append(_Paragraph(lines, owner, self.events, self.weight, self.link_weight, heading))
            self.positions.append(self.events)
        self.lines = [[]]
        self.weight = self.link_weight = 0

    # -- where things are ---------------------------------------------------

    def paragraph_range(self, index: int) -> tuple[int, int]:
        """The paragraphs inside element ``index``: ``range(*paragraph_range(index))``."""
        return (
            bisect.bisect_right(self.positions, self.start_event[index]),
            bisect.bisect_right(self.positions, self.end_event[index]),
        )

    def parent(self, index: int) -> int | None:
        return self.index_of.get(self.elements[index].getparent())

    def common_ancestor(self, first: int, second: int) -> int:
        ancestors = set()
        walked: int | None = first
        while walked is not None:
            ancestors.add(walked)
            walked = self.parent(walked)
        walked = second
        while walked is not None and walked not in ancestors:
            walked = self.parent(walked)
        return walked if walked is not None else 0

    # -- the article ---------------------------------------------------------

    def best_container(self, min_article: int) -> int | None:
        """The element holding the article's paragraphs, or None when none holds ``min_article`` letters."""
        scores: dict[int, float] = {}
        for paragraph in self.paragraphs:
            if paragraph.heading or paragraph.text_weight < _MIN_PARAGRAPH:
                continue
            value = paragraph.text_weight * (1 - paragraph.link_weight / paragraph.weight)
            scored: int | None = paragraph.owner
            if self.elements[paragraph.owner].tag in _PARAGRAPH_TAGS:
                scored = self.parent(paragraph.owner)
            for level in range(_SCORED_LEVELS):
                if scored is None:
                    break
                scores[scored] = scores.get(scored, 0.0) + value / (level + 1)
                scored = self.parent(scored)
        best, best_score = None, 0.0
        for index, score in scores.items():
            weight, link_weight = self.weights[index]
            score *= (1 - link_weight / weight) * self._container_bonus(index)
            if score > best_score:
                best, best_score = index, score
        if best is None:
            return None
        weight, link_weight = self.weights[best]
        return best if weight - link_weight >= min_article else None

    def _container_bonus(self, index: int) -> float:
        element = self.elements[index]
        if element.tag == "article" or element.get("itemprop") == "articleBody":
            return _ARTICLE_BONUS
        return _HINT_BONUS if _ARTICLE_HINT.search(_hint_words(element)) else 1.0

    def first_body_paragraph(self, container: int) -> int:
        """The first paragraph of ``container`` that scored: where the body begins."""
        start, end = self.paragraph_range(container)
        for number in range(start, end):
            paragraph = self.paragraphs[number]
            if not paragraph.heading and paragraph.text_weight >= _MIN_PARAGRAPH:
                return number
        return start

    def headline(self, container: int, page_titles: list[str]) -> int | None:
        """The paragraph that is the article's headline, printed at most a little above its body.

        A heading that the page's ``<title>`` or ``og:title`` repeats comes
        first (longest repeat first), then by level (`<h1>` first; a line
        that is no heading counts only when the title repeats it), then one
        inside the container, then the nearest to the body.
        """
        body_start = self.first_body_paragraph(container)
        container_start = self.start_event[container]
        best, best_rank = None, None
        gap = 0
        for number in range(body_start - 1, -1, -1):
            paragraph = self.paragraphs[number]
            level = paragraph.heading or (
                _HINTED_TITLE_LEVEL if _TITLE_HINT.search(_hint_words(self.elements[paragraph.owner])) else 0
            )
            if _TITLE_WEIGHT[0] <= paragraph.weight <= _TITLE_WEIGHT[1]:
                match = _title_match(paragraph.text, page_titles)
                level = level or (_REPEATED_TITLE_LEVEL if match > 0 else 0)
                rank = (match, -level, paragraph.position > container_start, number)
                if level and match >= 0 and (best_rank is None or rank > best_rank):
                    best, best_rank = number, rank
            gap += paragraph.weight
            if gap > _MAX_TITLE_GAP:
                break
        return best


def _hint_words(element: etree._Element) -> str:
    """An element's class and id as lower-case words (`sideMenu` reads `side menu`)."""
    value = f"{element.get('class', '')} {element.get('id', '')}"
    return _CAMEL_BOUNDARY.sub(" ", value).lower() if value.strip() else ""


def _collapse(text: str) -> str:
    """White space as a browser shows it; a line break between two Chinese characters is none."""
    text = _INVISIBLE.sub("", text)
    return _WHITE_SPACE.sub(" ", _BREAK_IN_CJK.sub("", text)).strip()


def _normalized(text: str) -> str:
    return _WHITE_SPACE.sub("", text)


def _title_match(heading: str, page_titles: list[str]) -> int:
    """How much of a heading the page's title repeats: its length; 0 for none; -1 for its site or column.

    The heading must be part of the title and share its headline (its first
    or longest segment): the site's name in a logo `<h1>` is no match, and a
    heading that is one of the other segments (`<h1>工作动态</h1>` under
    `标题 - 工作动态 - 某某网`) names the column, not the article.
    """
    heading = _normalized(heading)
    best = 0
    for page_title in page_titles:
        title = _normalized(page_title)
        segments = [_normalized(segment) for segment in _TITLE_SEPARATOR.split(page_title)]
        segments = [segment for segment in segments if segment]
        if not segments:
            continue
        headline_parts = {segments[0], max(segments, key=len)}
        if heading in segments and heading not in headline_parts:
            return -1
        shares_headline = any(part in heading or heading in part for part in headline_parts)
        if shares_headline and (heading in title or title in heading):
            best = max(best, min(len(heading), len(title)))
    return best


# -- the page's title ---------------------------------------------------------


def _page_names(body: etree._Element) -> tuple[list[str], list[str]]:
    """The page's titles (``og:title``, then ``<title>``) and the site's names its meta tags give."""
    document = body.getroottree()
    titles: list[str] = []
    site_names = []
    for meta in document.iter("meta"):
        kind = (meta.get("property") or meta.get("name") or "").lower()
        content = _collapse(meta.get("content", ""))
        if kind == "og:title" and content and not titles:
            titles.append(content)
        elif kind in ("og:site_name", "application-name") and content:
            site_names.append(_normalized(content))
    title = document.find(".//title")
    if title is not None and (text := _collapse(title.text_content())):
        titles.append(text)
    return titles, site_names


def _without_site_suffix(page_title: str, page_text: str, site_names: list[str]) -> str:
    """``page_title`` without the trailing names of its site and column (`--学校新闻-某某中学`, `_澎湃新闻`).

    A trailing segment goes when it is short, no sentence, and reads as a
    name: the page prints it elsewhere (its menu, its footer), a meta tag
    names the site so, it ends like a site's or a column's name, or it is in
    Latin letters. The first segment always stays.
    """
    pieces = _TITLE_SEPARATOR.split(page_title)
    separators = [match.group() for match in _TITLE_SEPARATOR.finditer(page_title)]
    while len(pieces) > 1:
        segment = pieces[-1].strip()
        norm = _normalized(segment)
        names_site = (
            not segment
            or norm in page_text
            or norm in site_names
            or _SITE_WORD.search(norm) is not None
            or segment.isascii()
        )
        if len(norm) > _SITE_SEGMENT_MAX or _SENTENCE_PUNCTUATION.search(norm) or not names_site:
            break
        pieces.pop()
        separators.pop()
    kept = "".join(piece + separator for piece, separator in zip(pieces, [*separators, ""], strict=True))
    return kept.strip()


# -- the Markdown -------------------------------------------------------------


def _article_markdown(page: _Page, container: int, body: etree._Element) -> str:
    page_titles, site_names = _page_names(body)
    headline = page.headline(container, page_titles)
    blocks: list[str] = []
    title = ""
    if headline is not None:
        title = page.paragraphs[headline].text
        root = page.common_ancestor(page.paragraphs[headline].owner, container)
        start, end = page.paragraph_range(root)
    else:
        start, end = page.paragraph_range(container)
        # The date line printed just above the article.
        first = start
        while start > 0 and first - start < _METADATA_LOOKBACK and _is_metadata(page.paragraphs[start - 1]):
            start -= 1
        if page_titles:
            page_text = _normalized("".join(body.itertext()))
            title = _without_site_suffix(page_titles[0], page_text, site_names)
    if title:
        blocks.append(markdown_heading(title, 1))
    title_norm = _normalized(title)
    for number in range(start, end):
        paragraph = page.paragraphs[number]
        if number == headline:
            continue
        if headline is not None and number < headline and not _is_metadata(paragraph):
            # Above the headline: breadcrumbs, the column's name.
            continue
        if paragraph.weight == 0 or (paragraph.link_dense() and not _is_metadata_field(paragraph)):
            continue
        if _normalized(paragraph.text) == title_norm:
            continue  # the headline printed again as a subtitle
        if paragraph.heading:
            blocks.append(markdown_heading(paragraph.text, 2))
        else:
            blocks.append("\n".join(markdown_line(line) for line in paragraph.lines))
    return "\n\n".join(blocks) + "\n"


def _is_metadata(paragraph: _Paragraph) -> bool:
    """A short line with a labelled field or a date: the page's date/source/author line."""
    return _is_metadata_field(paragraph) or (
        paragraph.weight <= _METADATA_MAX and not paragraph.link_dense() and _DATE.search(paragraph.text) is not None
    )


def _is_metadata_field(paragraph: _Paragraph) -> bool:
    return paragraph.weight <= _METADATA_MAX and _METADATA_FIELD.search(paragraph.text) is not None
