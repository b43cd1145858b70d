"""Find-as-you-type over a whole collection: an in-memory n-gram index.

A query must answer within a keystroke even over ten thousand reports, so
reports are not scanned. Each report's searchable text (title and body,
normalised) is indexed by the character bigrams it contains; a query looks up
the reports holding every bigram of the query and then checks only those
candidates for the whole query as a substring. One-character queries are
answered from a separate character index.

Characters and bigrams are indexed as integers read straight from the text's
UTF-16 encoding (a bigram is two code units, one 32-bit word), which spares
indexing the creation of a string per bigram: it is most of the cost of
adding a report. A character outside the Basic Multilingual Plane is two code
units; queries are encoded the same way, so the bigrams still only filter, and
the final substring check is on the text itself.

Matching is done on normalised text (``textnorm.normalize``: simplified
characters, unified punctuation and digits) with ASCII letters folded to lower
case, so a query typed in simplified characters finds a report written in
traditional ones. Every folding step keeps the length of the text, so an offset
found in folded text is valid in the original.

Keyphrases need no field of their own: they are phrases of the title and body
(in normalised form), so a report is found by any of its keyphrases.

The analysis thread adds reports while the UI thread searches, so every public
method takes the index's lock.
"""

from __future__ import annotations

import re
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dj_tui.analysis.models import DocumentAnalysis
from dj_tui.analysis.textnorm import normalize

_ASCII_UPPER = re.compile("[A-Z]")
_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})

# Fields are joined with a character no query contains once stripped, so no
# bigram and no match ever spans two fields (title and body, two paragraphs).
_FIELD_SEPARATOR = "\n"

# A posting list starts as an array of report ids (4 bytes each) and becomes a
# bitset (one bit per report) once that is smaller: common bigrams such as 党建
# occur in nearly every report, rare ones in a handful.
_ID_BITS = array("i").itemsize * 8
_BYTE_BITS = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


def fold(norm: str) -> str:
    """Fold already-normalised text for matching (ASCII letters to lower case), same length."""
    # translate() is slow on Chinese text, which rarely has a capital to fold.
    return norm.translate(_ASCII_LOWER) if _ASCII_UPPER.search(norm) else norm


def query_key(query: str) -> str:
    """What a typed query is matched as: normalised, folded, without surrounding white space."""
    return fold(normalize(query.strip()))


def find_all(folded_text: str, key: str) -> list[int]:
    """Start offsets of every non-overlapping occurrence of ``key`` in ``folded_text``."""
    if not key:
        return []
    found = []
    start = folded_text.find(key)
    while start != -1:
        found.append(start)
        start = folded_text.find(key, start + len(key))
    return found


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


def _bigrams(units: bytes) -> set[int]:
    """Every pair of adjacent UTF-16 code units in ``units``, each as one 32-bit integer.

    Read as 32-bit words, the encoding gives the pairs starting at even code
    units; read again from the second code unit, those starting at odd ones.
    """
    whole = len(units) // 4 * 4
    shifted = (len(units) - 2) // 4 * 4
    grams = set(memoryview(units[:whole]).cast("I"))
    if shifted > 0:
        grams.update(memoryview(units[2 : 2 + shifted]).cast("I"))
    return grams


def _exact(key: str) -> bool:
    """Whether the index alone answers ``key``: one or two UTF-16 code units, one n-gram."""
    return len(key.encode("utf-16-le")) <= 4


def _mask_of(ids: Iterable[int]) -> int:
    bits = bytearray()
    for doc in ids:
        byte = doc >> 3
        if byte >= len(bits):
            bits.extend(bytes(byte + 1 - len(bits)))
        bits[byte] |= 1 << (doc & 7)
    return int.from_bytes(bits, "little")


def _ids_of(mask: int) -> list[int]:
    ids = []
    for byte_index, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8, "little")):
        if byte:
            base = byte_index * 8
            ids.extend(base + bit for bit in _BYTE_BITS[byte])
    return ids


class _PostingTable:
    """For each n-gram, the ids of the reports containing it.

    Sparse lists are id arrays, dense ones bitsets; a list moves from the first
    kind to the second when the bitset becomes the smaller of the two.
    """

    def __init__(self) -> None:
        self.sparse: dict[int, array] = {}
        self.dense: dict[int, bytearray] = {}

    def add(self, doc: int, grams: Iterable[int]) -> None:
        # The hot loop of indexing: a few thousand n-grams per report, so the
        # common cases are written out inline.
        byte, bit = doc >> 3, 1 << (doc & 7)
        sparse, dense = self.sparse, self.dense
        for gram in grams:
            bits = dense.get(gram)
            if bits is not None:
                if byte >= len(bits):
                    # Geometric growth: adding n reports costs O(n) in total.
                    bits.extend(bytes(max(byte + 1 - len(bits), len(bits))))
                bits[byte] |= bit
                continue
            ids = sparse.get(gram)
            if ids is None:
                sparse[gram] = array("i", (doc,))
                continue
            ids.append(doc)
            if len(ids) * _ID_BITS > doc + 1:
                dense[gram] = bytearray(_mask_of(ids).to_bytes(byte + 1, "little"))
                del sparse[gram]

    def mask(self, gram: int) -> int | None:
        """The reports containing ``gram`` as a bitmask, or None when there are none."""
        bits = self.dense.get(gram)
        if bits is not None:
            return int.from_bytes(bits, "little")
        ids = self.sparse.get(gram)
        return None if ids is None else _mask_of(ids)

    def rarity(self, gram: int) -> int:
        """Sort key putting the grams with the fewest reports first (dense lists last)."""
        ids = self.sparse.get(gram)
        return len(ids) if ids is not None else 1 << 62


@dataclass(frozen=True)
class _Matches:
    key: str
    count: int  # reports in the index when the query ran
    first: dict[int, int]  # report id -> offset of its first match
    mask: int  # the same reports as a bitmask


class SearchIndex:
    """Reports by the bigrams and characters of their normalised text."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: list[str] = []
        self._texts: list[str] = []
        self._bigrams = _PostingTable()
        self._chars = _PostingTable()
        # Typing extends a query one character at a time, and the longer
        # query's matches are among the shorter one's.
        self._last: _Matches | None = None

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)

    def add(self, key: str, fields: Sequence[str]) -> None:
        """Index one report under ``key`` (its path); ``fields`` are normalised texts."""
        folded = [fold(f) for f in fields]
        grams: set[int] = set()
        chars: set[int] = set()
        for field in folded:
            units = field.encode("utf-16-le")
            chars.update(memoryview(units).cast("H"))
            grams.update(_bigrams(units))
        text = _FIELD_SEPARATOR.join(folded)
        with self._lock:
            doc = len(self._keys)
            self._keys.append(key)
            self._texts.append(text)
            self._bigrams.add(doc, grams)
            self._chars.add(doc, chars)

    def add_report(self, analysis: DocumentAnalysis) -> None:
        self.add(analysis.path, report_fields(analysis))

    def search(self, query: str) -> frozenset[str]:
        """Keys of the reports containing ``query`` (normalised like the reports)."""
        key = query_key(query)
        with self._lock:
            if not key:
                return frozenset(self._keys)
            previous = self._previous_matches(key)
            mask = self._candidates(key)
            if previous is not None:
                mask &= previous.mask
            if _exact(key):
                first = dict.fromkeys(_ids_of(mask), 0)
            else:
                first = self._verify(key, mask, previous)
                mask = _mask_of(first)
            self._last = _Matches(key, len(self._keys), first, mask)
            return frozenset(self._keys[doc] for doc in first)

    def _verify(self, key: str, mask: int, previous: _Matches | None) -> dict[int, int]:
        """The candidates that really contain ``key``, each with the offset of its first match.

        When ``key`` extends the previous query, its first match cannot start
        before the previous query's first match minus the characters added in
        front, so the scan resumes there instead of at the start of the report.
        """
        texts = self._texts
        found: dict[int, int] = {}
        if previous is None:
            for doc in _ids_of(mask):
                offset = texts[doc].find(key)
                if offset >= 0:
                    found[doc] = offset
            return found
        shift = key.index(previous.key)
        starts = previous.first
        for doc in _ids_of(mask):
            offset = texts[doc].find(key, max(0, starts.get(doc, shift) - shift))
            if offset >= 0:
                found[doc] = offset
        return found

    def _previous_matches(self, key: str) -> _Matches | None:
        """The previous query's matches when ``key`` contains it (with reports added since)."""
        last = self._last
        if last is None or last.key not in key:
            return None
        added = range(last.count, len(self._keys))
        if not added:
            return last
        # Reports added since the previous query have not been ruled out.
        return _Matches(
            last.key,
            len(self._keys),
            {**last.first, **dict.fromkeys(added, 0)},
            last.mask | ((1 << len(self._keys)) - 1) & ~((1 << last.count) - 1),
        )

    def _candidates(self, key: str) -> int:
        """Bitmask of reports holding every bigram of ``key`` (exact when ``_exact(key)``)."""
        units = key.encode("utf-16-le")
        if len(units) == 2:
            return self._chars.mask(memoryview(units).cast("H")[0]) or 0
        mask = -1  # all bits set: no report ruled out yet
        grams = sorted(_bigrams(units), key=self._bigrams.rarity)
        for gram in grams:
            mask &= self._bigrams.mask(gram) or 0
            if not mask:
                break
        return mask
