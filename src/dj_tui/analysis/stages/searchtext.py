"""What a report is searched by: its normalised, folded text, and the index tokens made from it.

Part of the per-report analysis (and of the engine digest, see
``engine.engine_digest``): the cache stores this text in its full-text
index when it stores the report, so a change here must re-analyse.

Matching is done on normalised text (``textnorm.normalize``: simplified
characters, unified punctuation and digits) with ASCII letters folded to lower
case, so a query typed in simplified characters finds a report written in
traditional ones. Every folding step keeps the length of the text, so an offset
found in folded text is valid in the original.

Keyphrases need no field of their own: they are phrases of the title and body
(in normalised form), so a report is found by any of its keyphrases.
"""

from __future__ import annotations

import operator
import re
from itertools import chain

from dj_tui.analysis.models import DocumentAnalysis
from dj_tui.analysis.stages.textnorm import normalize

_ASCII_UPPER = re.compile("[A-Z]")
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})

# Fields are joined with a character no query contains once stripped, so no
# match ever spans two fields (title and body, two paragraphs).
FIELD_SEPARATOR = "\n"

def fold(norm: str) -> str:
    """Fold already-normalised text for matching (ASCII letters to lower case), same length."""
    # translate() is slow on Chinese text, which rarely has a capital to fold.
    return norm.translate(_ASCII_LOWER) if _ASCII_UPPER.search(norm) else norm


def query_key(query: str) -> str:
    """What a typed query is matched as: normalised, folded, without surrounding white space."""
    return fold(normalize(query.strip()))


def report_fields(analysis: DocumentAnalysis) -> list[str]:
    """The normalised texts a report is found by: title, subtitle and each body paragraph."""
    fields = [normalize(t) for t in (analysis.metadata.title, analysis.metadata.subtitle) if t]
    paragraph: list[str] = []
    current = None
    for sentence in analysis.sentences:
        if sentence.paragraph != current and paragraph:
            fields.append("".join(paragraph))
            paragraph = []
        current = sentence.paragraph
        paragraph.append(sentence.norm)
    if paragraph:
        fields.append("".join(paragraph))
    return fields


def search_text(analysis: DocumentAnalysis) -> str:
    """The folded fields of a report, joined: the text every query is matched against."""
    return FIELD_SEPARATOR.join(fold(field) for field in report_fields(analysis))


def gram_tokens(text: str) -> str:
    """Every distinct character and pair of adjacent characters of ``text``, as index tokens.

    The cache's trigram index answers queries of three characters or more;
    these answer one and two exactly. Tokens are ASCII (``u`` or ``b`` and
    hex digits), so SQLite's plain ASCII tokenizer reads them whatever the
    characters are.
    """
    # The distinct ones first, then only those encoded: a token per
    # character of a 5 MB report would take half a gigabyte.
    singles = map(gram_token, set(text))
    pairs = map(gram_token, set(map(operator.add, text, text[1:])))
    return " ".join(chain(singles, pairs))


def gram_token(key: str) -> str:
    """The index token of one or two characters (a query key, or a gram of a report).

    A letter saying whether one or two code points follow, then eight hex
    digits of each one's UTF-32 encoding.
    """
    return ("u" if len(key) == 1 else "b") + key.encode("utf-32-be").hex()
