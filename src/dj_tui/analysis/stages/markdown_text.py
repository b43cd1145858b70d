"""Plain lines from a markdown report: markup gone, heading levels kept.

Part of the cleaner (``clean``), which reads the lines this returns as it
reads the lines of a plain-text report. ``looks_like_markdown`` tells a
report saved as ``.txt`` that is written in Markdown (newspaper pages with
their `#` headings and `> ` bylines, web pages saved with their image links)
from plain text. Every rule runs in time linear in the
length of a line: markup that is opened and never closed (``[``, ``**``,
``<!--``) is not looked for again after the first time it is found unclosed,
since every later opening of the same kind is unclosed too.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^\s{0,3}(?:`{3,}|~{3,})")
_HEADING_MARKS = re.compile(r"^\s{0,3}(?P<marks>#{1,6})(?!#)\s*")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_BULLET = re.compile(r"^\s*[-*+]\s+(?=\S)")
_REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
_FRONT_FIELD = re.compile(r"^\s*(?P<key>[\w-]+)\s*:\s*(?P<value>.*)$")
_ESCAPABLE = "\\`*_{}[]()#+-.!|>~<"
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_MARKUP_CHARACTER = re.compile(r"[\\`*_{}\[\]()#+\-.!|>~<]")
# An autolink's address runs to the first `>` or white space; an address that
# stops elsewhere is matched too, and left as it is (see _unwrap_autolink).
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)(>)?")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
# A code span opens at the first of a run of backticks: from a later one of the
# same run it would fail just as it did from the first.
_CODE = re.compile(r"(?<!`)`+([^`]+)`+")
_STRONG_MARK = re.compile(r"(?=(\*\*|__|~~))")
_EMPHASIS = re.compile(r"(?<!\*)\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?!\*)")
_UNDERSCORE = re.compile(r"(?<![^\W_])_(?=[^\s_])([^_]+?)(?<=[^\s_])_(?![^\W_])")
_PARKING = 0xE000
_PARKED = re.compile(f"[{chr(_PARKING)}-{chr(_PARKING + len(_ESCAPABLE) - 1)}]")
_FRONT_MATTER_LABELS = {"date": "日期", "author": "作者", "source": "来源"}

# Lines that Markdown writes and plain prose does not: an ATX heading (its
# marks, white space, text: `#1号楼` and `#话题#` are no headings), a quote, a
# code fence, a line in bold, a line opening with an HTML tag (prose has no
# `<` before a Latin letter at the start of a line).
_MARKUP_LINE = re.compile(
    r"^ {0,3}(?:#{1,6}[ \t]+\S|>[ \t]?\S|`{3,}|~{3,}|\*\*[^*\n]+\*\*[ \t]*$"
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>)",
    re.MULTILINE,
)
# An image or a link with its address: `![](https://…)`, `[原文](/a/b.html)`.
# An address holds no bracket, so the look ahead from one `](` stops before
# the next: the search is linear whatever follows.
_LINK_WITH_ADDRESS = re.compile(
    r"\]\((?:https?://|ftp://|mailto:|www\.|/|\./|\.\./)[^()\[\]\s]*(?:[ \t]+\"[^\"\n\[\]]*\")?\)"
)
_MARKUP_LINES_NEEDED = 2

# (line number, text, heading level: 0 for a plain line)
PlainLine = tuple[int, str, int]


def markdown_line(text: str) -> str:
    """``text`` (one line) as a line of Markdown that ``plain_lines`` reads back as exactly ``text``.

    The readers of Word, PDF and HTML files hand the cleaner Markdown: their
    headings become `#` lines, and every character of their text that
    Markdown could take for markup is escaped.
    """
    return _MARKUP_CHARACTER.sub(r"\\\g<0>", text)


def markdown_heading(text: str, level: int) -> str:
    """``text`` as a Markdown heading of ``level`` (1 for the title)."""
    return f"{'#' * level} {markdown_line(text)}"


def looks_like_markdown(text: str) -> bool:
    """Whether ``text`` is written in Markdown, whatever its file is called.

    It is when two lines carry Markdown syntax, or one carries an image or a
    link with its address: a `#` or a `>` inside prose, or a single line that
    starts with one, is not enough. Rules (`===`, `---`) decide nothing: the
    cleaner drops them as separators either way.
    """
    if _LINK_WITH_ADDRESS.search(text):
        return True
    found = 0
    for _ in _MARKUP_LINE.finditer(text):
        found += 1
        if found >= _MARKUP_LINES_NEEDED:
            return True
    return False


def plain_lines(raw_lines: list[str], removed: list[tuple[int, str, str]]) -> list[PlainLine]:
    """The lines of a markdown report as text, numbered; lines that hold only markup go to ``removed``."""
    lines: list[PlainLine] = []
    start = _front_matter(raw_lines, lines, removed)
    fence: str | None = None
    in_comment = False
    for number in range(start, len(raw_lines)):
        raw = line = raw_lines[number]
        if in_comment:
            end = line.find("-->")
            if end < 0:
                _drop_markup(number, raw, removed)
                continue
            line, in_comment = line[end + 3 :], False
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
                _drop_markup(number, raw, removed)
            else:
                lines.append((number, line, 0))
            continue
        line = _remove_comments(line)
        opened = line.find("<!--")
        if opened >= 0:
            line, in_comment = line[:opened], True
        if _FENCE.match(line):
            fence = line.strip()[:3]
            _drop_markup(number, raw, removed)
            continue
        if _REFERENCE.match(line):
            _drop_markup(number, raw, removed)
            continue
        heading = _HEADING_MARKS.match(line)
        level = 0
        if heading:
            level, line = len(heading.group("marks")), _heading_text(line[heading.end() :])
        else:
            line = _BULLET.sub("", _QUOTE.sub("", line), count=1)
        line = _inline(line).strip()
        if line:
            lines.append((number, line, level))
        else:
            _drop_markup(number, raw, removed)
    return lines


def _drop_markup(number: int, raw: str, removed: list[tuple[int, str, str]]) -> None:
    if raw.strip():
        removed.append((number, raw.strip(), "markdown"))


def _front_matter(raw_lines: list[str], lines: list[PlainLine], removed: list[tuple[int, str, str]]) -> int:
    """Consume a leading `---` YAML block; its title, date, author and source become header lines."""
    if not raw_lines or raw_lines[0].strip() != "---":
        return 0
    for end in range(1, len(raw_lines)):
        if raw_lines[end].strip() == "---":
            break
        if raw_lines[end].strip() and not _FRONT_FIELD.match(raw_lines[end]):
            return 0
    else:
        return 0
    for number in range(end + 1):
        raw = raw_lines[number]
        match = _FRONT_FIELD.match(raw)
        key = match.group("key").lower() if match else ""
        value = match.group("value").strip().strip("\"'") if match else ""
        if key == "title" and value:
            lines.append((number, value, 1))
        elif key in _FRONT_MATTER_LABELS and value:
            lines.append((number, f"{_FRONT_MATTER_LABELS[key]}：{value}", 0))
        else:
            _drop_markup(number, raw, removed)
    return end + 1


def _remove_comments(line: str) -> str:
    """Remove every `<!-- … -->` closed on the line; one left open stays for the caller."""
    pieces = []
    done = 0
    while (start := line.find("<!--", done)) >= 0 and (end := line.find("-->", start + 4)) >= 0:
        pieces.append(line[done:start])
        done = end + 3
    pieces.append(line[done:])
    return "".join(pieces)


def _heading_text(rest: str) -> str:
    """A heading's text, after its opening marks: without a closing run of `#` and white space."""
    text = rest.rstrip()
    unclosed = text.rstrip("#")
    # Closing marks follow white space (## 标题 ##); marks glued to the text are text (C#).
    if unclosed != text and unclosed[-1:].isspace():
        return unclosed.rstrip()
    return text


def _inline(text: str) -> str:
    # Escaped characters are parked in the private use area so that no rule
    # below mistakes them for markup, then restored.
    text = _ESCAPE.sub(lambda m: chr(_PARKING + _ESCAPABLE.index(m.group(1))), text)
    text = _unwrap_brackets(text, "![", min_label=0, keep_label=False)  # images
    text = _unwrap_brackets(text, "[", min_label=1, keep_label=True)  # links
    text = _AUTOLINK.sub(_unwrap_autolink, text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _unwrap_strong(text)
    text = _unwrap_strong(text)  # a second pass for nested pairs such as **~~x~~**
    text = _EMPHASIS.sub(r"\1", text)
    text = _UNDERSCORE.sub(r"\1", text)
    return _PARKED.sub(lambda m: _ESCAPABLE[ord(m.group()) - _PARKING], text)


def _unwrap_autolink(match: re.Match[str]) -> str:
    return match.group(1) if match.group(2) else match.group()


def _unwrap_brackets(text: str, opener: str, *, min_label: int, keep_label: bool) -> str:
    """Replace each `[label](destination)` or `[label][reference]` by its label, or by nothing.

    The opener is `[` for a link, `![` for an image; a label holds no `]`,
    a destination no `)`. An opener whose label or destination is not
    closed is left as it is, and so is every opener before that label's `]`.
    """
    last_closer = {"(": text.rfind(")"), "[": text.rfind("]")}
    closers = {"(": ")", "[": "]"}
    pieces = []
    done = search_from = 0
    while (start := text.find(opener, search_from)) >= 0:
        label_start = start + len(opener)
        label_end = text.find("]", label_start)
        if label_end < 0:
            break  # no later opener has a closed label either
        after = label_end + 1
        kind = text[after : after + 1]
        # A destination is looked for only where its closer occurs later in the text at all.
        if label_end - label_start >= min_label and kind in closers and last_closer[kind] > after:
            end = text.find(closers[kind], after + 1) + 1
            pieces += [text[done:start], text[label_start:label_end] if keep_label else ""]
            done = search_from = end
        else:
            search_from = label_end
    pieces.append(text[done:])
    return "".join(pieces)


def _unwrap_strong(text: str) -> str:
    """Replace each `**x**`, `__x__` or `~~x~~` by `x`.

    The text inside starts and ends with a non-space character and ends at
    the first closing mark that allows; a mark with no such closing mark
    after it is left as it is.
    """
    last_closing: dict[str, int] = {}  # where each kind of mark can last close
    for mark in _STRONG_MARK.finditer(text):
        if mark.start() > 0 and not text[mark.start() - 1].isspace():
            last_closing[mark.group(1)] = mark.start()
    pieces = []
    done = 0
    for mark in _STRONG_MARK.finditer(text):
        start, kind = mark.start(), mark.group(1)
        inner = start + len(kind)
        if start < done or inner >= len(text) or text[inner].isspace() or last_closing.get(kind, -1) <= inner:
            continue
        closing = text.find(kind, inner + 1)
        while text[closing - 1].isspace():
            closing = text.find(kind, closing + 1)
        pieces += [text[done:start], text[inner:closing]]
        done = closing + len(kind)
    pieces.append(text[done:])
    return "".join(pieces)
