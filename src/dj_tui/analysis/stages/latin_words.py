"""Latin letters in a Chinese report: words of the report, or machine text.

A Chinese report writes Latin letters as acronyms (AI, IP) or inside its own
terms (石网E通, 消费新IP, 政务App). Saved web pages also carry machine text:
URLs and file names (mmbiz.qpic.cn/…/640?wx_fmt=jpeg, CNRCDP/2025/0701/…),
hex digests and pinyin slugs (lcxw, thepaper, news.xjtu). The rules here
tell the two apart by shape alone, so they hold for sites never seen:

* a run of ASCII letters, digits and URL punctuation that holds a path, query
  or domain separator (``/ \\ _ = & % # @ ~``, or ``.`` before a letter) is
  machine text, and every word overlapping it is;
* a word whose letters start in lower case (mmbiz, imgIndex, iPhone, in) is
  code, a URL part or pinyin, never a term of the report's own;
* an all-capital run of at most ``MAX_ACRONYM_LETTERS`` letters (AI, E, IP)
  and a capitalised word (App, WiFi) are the report's words, but only an
  acronym of at least two letters stands as a term alone: a capitalised word
  needs Chinese beside it to be a topic rather than a scrap of English.
"""

from __future__ import annotations

import re

from dj_tui.analysis.stages.textnorm import HAN

MAX_ACRONYM_LETTERS = 5

_LATIN = re.compile(r"[A-Za-z]")
# Characters of URLs, paths and file names, as normalisation leaves them
# (it turns ? ! ; ( ) and most , : into full-width forms, which end a run).
_MACHINE_RUN = re.compile(r"[A-Za-z0-9./\\_=&%#@~+\-]+")
_MACHINE_MARK = re.compile(r"[/\\_=&%#@~]|\.[A-Za-z]")
_LETTER_RUN = re.compile(r"[A-Za-z]+")
_OWN_LETTERS = re.compile(rf"[A-Z]{{1,{MAX_ACRONYM_LETTERS}}}|[A-Z][a-z]+(?:[A-Z][a-z]*)*")
_ACRONYM = re.compile(rf"[A-Z]{{2,{MAX_ACRONYM_LETTERS}}}")
_HAN_CHAR = re.compile(f"[{HAN}]")


def machine_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each run of machine text in ``text``: URLs, paths, file names."""
    if _LATIN.search(text) is None:
        return []  # the common case: a sentence without Latin letters has none
    return [match.span() for match in _MACHINE_RUN.finditer(text) if _MACHINE_MARK.search(match.group())]


def is_own_latin(word: str) -> bool:
    """Whether every Latin run of ``word`` is written as the report's own word: AI, E通, App, not mmbiz."""
    return all(_OWN_LETTERS.fullmatch(run) for run in _LETTER_RUN.findall(word))


def stands_alone(term: str) -> bool:
    """Whether ``term`` may be a keyphrase by its Latin letters: it has Chinese, or it is an acronym."""
    return _HAN_CHAR.search(term) is not None or _ACRONYM.fullmatch(term) is not None
