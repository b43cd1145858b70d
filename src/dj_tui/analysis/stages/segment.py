"""The one place that talks to jieba.

jieba is imported lazily (its dictionary takes ~0.6 s to load) and its logger
is silenced before it loads: anything it printed would corrupt the dashboard.
User dictionaries are process-global in jieba, so they are loaded once per
process, keyed by their paths.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

# jieba's time per character grows with the length of a run it cannot split
# (its HMM copies the best path so far at every character): one 5 MB line
# without punctuation took minutes. Text is handed over in pieces of at most
# this many characters, where its cost per character is still close to that
# of a short sentence.
MAX_PIECE_CHARS = 512
# jieba cuts its input into runs of these characters (its re_han_default) and
# segments each run alone; every other character is a token of its own, but
# for \r\n, which stays whole. A piece ending before such a character
# therefore segments exactly as within the whole text.
_OUTSIDE_RUN = re.compile(r"[^\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]")

_loaded_user_dicts: set[Path] = set()
_jieba = None


def _get_jieba():
    global _jieba
    if _jieba is None:
        import jieba

        jieba.setLogLevel(logging.CRITICAL)
        logging.getLogger("jieba").propagate = False
        jieba.initialize()
        _jieba = jieba
    return _jieba


def is_dictionary_word(word: str) -> bool:
    """Whether jieba's dictionary (with the user dictionaries) has ``word``; its prefixes have frequency 0."""
    return bool(_get_jieba().get_FREQ(word))


def load_user_dicts(paths: Iterable[Path]) -> None:
    """Add user dictionaries (jieba's ``word [freq] [tag]`` format) once each."""
    jieba = _get_jieba()
    for path in paths:
        resolved = Path(path).resolve()
        if resolved not in _loaded_user_dicts:
            jieba.load_userdict(str(resolved))
            _loaded_user_dicts.add(resolved)


def cut(text: str) -> list[str]:
    """Segment ``text`` into words; the words concatenate back to ``text``.

    The words are interned: a report says the same words again and again, and
    as separate strings they took a third of a long report's memory.
    """
    jieba = _get_jieba()
    if len(text) <= MAX_PIECE_CHARS:
        return list(map(sys.intern, jieba.lcut(text, HMM=True)))
    words: list[str] = []
    for piece in _pieces(text):
        words.extend(map(sys.intern, jieba.lcut(piece, HMM=True)))
    return words


def _pieces(text: str) -> Iterator[str]:
    """``text`` in consecutive pieces of at most MAX_PIECE_CHARS characters.

    Each piece ends before the last character of its stretch that jieba
    segments on its own, so pieces change nothing; only a run with no such
    character (5 MB of ``a``) is cut blindly, and its words there may differ.
    """
    start = 0
    while len(text) - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        cut_at = limit
        for match in _OUTSIDE_RUN.finditer(text, start + 1, limit + 1):
            if not (text[match.start()] == "\n" and text[match.start() - 1] == "\r"):
                cut_at = match.start()
        yield text[start:cut_at]
        start = cut_at
    yield text[start:]


def dictionary_entries() -> Iterator[tuple[str, str]]:
    """``(word, part-of-speech tag)`` for every entry of jieba's main dictionary.

    Reading the tags of a few word classes once is far cheaper than tagging
    every sentence with jieba.posseg (~6x slower than ``cut``).
    """
    with _get_jieba().get_dict_file() as handle:
        for raw in handle:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                yield parts[0], parts[2]
