"""A line as the cleaning rules read it, and the tests and edits they all share.

The rules of ``clean``, ``clean_chrome``, ``clean_fields`` and
``clean_bylines`` read a line's normalised twin (``Line``) and cut what they
keep from the original at the same offsets. The edits here keep every offset
valid: ``trim`` only moves offsets, ``blank`` puts spaces where a match was.
``Line.plain`` reads the few Markdown marks a plain-text report may still
carry at the start of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dj_tui.analysis.stages.textnorm import normalize

# A letter or digit of any script: a line without one is a separator.
LETTER_OR_DIGIT = re.compile(r"[^\W_]")
# Markdown marks at the start of a line of a report read as plain text (a page
# saved as .txt from Markdown): a heading's `#`s, a quote's `>`, a line in bold.
_STRAY_HEADING = re.compile(r"^(#{1,6})\s+(?=\S)")
_STRAY_QUOTE = re.compile(r"^(?:>\s*)+(?=\S)")
_STRAY_BOLD = re.compile(r"^(\*\*|__)(?=\S)(?P<inner>.*\S)\1$")
# A line ends like a sentence: final punctuation, then any closing quotes.
SENTENCE_END = re.compile(r"(?:[。！？；!?;]|…|\.{3})[”’」』）)》\"']*$")


@dataclass
class Line:
    """One non-blank line: the original text and its normalised twin.

    The rules read ``norm`` (simplified characters, unified punctuation and
    digits, so 來源 and 来源 look alike); everything kept is cut from ``text``
    at the same offsets, because both have the same length.
    """

    number: int  # position in the input, to keep ``removed`` in document order
    text: str
    norm: str
    heading: int = 0  # markdown heading level, 0 for plain lines

    @classmethod
    def make(cls, number: int, raw: str, heading: int = 0) -> Line:
        text = raw.strip()
        return cls(number, text, normalize(text), heading)

    @classmethod
    def plain(cls, number: int, raw: str) -> Line:
        """A line of a plain-text report, without the Markdown marks it may still carry."""
        line = cls.make(number, raw)
        heading = _STRAY_HEADING.match(line.norm)
        if heading:
            line.heading = len(heading.group(1))
            line.keep(heading.end(), len(line.norm))
        else:
            quote = _STRAY_QUOTE.match(line.norm)
            if quote:
                line.keep(quote.end(), len(line.norm))
        bold = _STRAY_BOLD.match(line.norm)
        if bold:
            line.keep(*bold.span("inner"))
        return line

    def keep(self, start: int, end: int) -> None:
        """Keep only ``[start:end]``, without surrounding white space."""
        start, end = trim(self.norm, start, end)
        self.text, self.norm = self.text[start:end], self.norm[start:end]


def trim(norm: str, start: int, end: int, extra: str = "") -> tuple[int, int]:
    """``start`` and ``end`` moved inwards past white space and the characters of ``extra``."""
    while start < end and (norm[start].isspace() or norm[start] in extra):
        start += 1
    while end > start and (norm[end - 1].isspace() or norm[end - 1] in extra):
        end -= 1
    return start, end


def blank(match: re.Match[str]) -> str:
    """Replace a match by spaces, keeping every later offset valid."""
    return " " * len(match.group())
