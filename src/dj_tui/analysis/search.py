"""Find-as-you-type over a whole collection, within a keystroke at ten thousand reports.

Reports are never scanned whole. Two indexes answer a query, each for the
reports it holds:

* the cache's full-text index (``CacheSearch``), for every report the
  persistent cache holds: SQLite FTS5 tables filled when the report was
  stored, so they cost nothing at start-up and stay on disk;
* an in-memory n-gram index (``_MemoryIndex``) for the others: reports
  analysed with the cache off, or with an SQLite that lacks FTS5.

Both match the query as a substring of the report's search text
(``searchtext``: normalised and folded title, subtitle and paragraphs), so a
query in simplified characters finds a traditional report, and no match spans
two fields.

The in-memory index holds, for each character and each bigram, the reports
containing it; a query looks up the reports holding every bigram of the query
and then checks only those candidates for the whole query. Characters and
bigrams are indexed as integers read straight from the text's UTF-16
encoding (a bigram is two code units, one 32-bit word), which spares indexing
the creation of a string per bigram: it is most of the cost of adding a
report. A character outside the Basic Multilingual Plane is two code units;
queries are encoded the same way, so the bigrams still only filter, and the
final substring check is on the text itself.

The analysis thread adds reports while the UI thread searches, so every public
method of ``SearchIndex`` takes the index's lock.
"""

from __future__ import annotations

import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain

from dj_tui.analysis.models import DocumentAnalysis
from dj_tui.analysis.stages.searchtext import FIELD_SEPARATOR, fold, query_key, report_fields
from dj_tui.analysis.stages.textnorm import normalize
from dj_tui.analysis.store.fulltext import CacheSearch
from dj_tui.printable import visible

# A posting list starts as an array of report ids (4 bytes each) and becomes a
# bitset (one bit per report) once that is smaller: common bigrams such as 党建
# occur in nearly every report, rare ones in a handful.
_ID_BITS = array("i").itemsize * 8
_BYTE_BITS = tuple(tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256))


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


# Characters of context kept on each side of a hit: more than a line of the
# widest terminal shows, so the dashboard only ever cuts a snippet shorter.
SNIPPET_REACH = 120
# A snippet is one line: the breaks inside a paragraph are spaces there.
_ONE_LINE = str.maketrans("\r\n", "  ")


@dataclass(frozen=True)
class Snippet:
    """The text around a report's first match of a query, on one line, control characters made visible."""

    before: str
    match: str  # the original characters that matched
    after: str
    more_before: bool  # the text goes on before ``before``
    more_after: bool  # and after ``after``


def match_snippet(analysis: DocumentAnalysis, key: str, reach: int = SNIPPET_REACH) -> Snippet | None:
    """Where ``analysis`` first holds the folded query ``key``, with up to ``reach`` characters either side.

    The first match in the report's text comes first: it is where the report
    opens when chosen from the search results. Only a report whose text does
    not hold ``key`` is shown by its match in the title or subtitle. None when
    neither holds it.
    """
    if not key:
        return None
    metadata = analysis.metadata
    headings = [t for t in (metadata.title, metadata.subtitle) if t]
    for original, norm in chain(_paragraphs(analysis), ((t, normalize(t)) for t in headings)):
        start = fold(norm).find(key)
        if start >= 0:
            end = start + len(key)
            first, last = max(start - reach, 0), min(end + reach, len(original))

            def shown(part: str) -> str:
                return visible(part.translate(_ONE_LINE))

            # A paragraph's indent (　　) and trailing space are not text to show.
            before, after = shown(original[first:start]), shown(original[end:last])
            return Snippet(
                before=before if first else before.lstrip(),
                match=shown(original[start:end]),
                after=after if last < len(original) else after.rstrip(),
                more_before=first > 0,
                more_after=last < len(original),
            )
    return None


def _paragraphs(analysis: DocumentAnalysis) -> Iterator[tuple[str, str]]:
    """Each paragraph of the report's text: its original and normalised text (of the same length)."""
    sentences = analysis.sentences
    start = 0
    for i in range(1, len(sentences) + 1):
        if i == len(sentences) or sentences[i].paragraph != sentences[start].paragraph:
            group = sentences[start:i]
            yield "".join(s.text for s in group), "".join(s.norm for s in group)
            start = i


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


class _MemoryIndex:
    """Reports by the bigrams and characters of their search text; not thread-safe (SearchIndex locks)."""

    def __init__(self) -> None:
        self._keys: list[str] = []
        self._texts: list[str] = []
        self._bigrams = _PostingTable()
        self._chars = _PostingTable()
        # Typing extends a query one character at a time, and the longer
        # query's matches are among the shorter one's.
        self._last: _Matches | None = None

    def add(self, key: str, fields: Sequence[str]) -> None:
        """Index one report under ``key`` (its path); ``fields`` are normalised texts."""
        folded = [fold(f) for f in fields]
        grams: set[int] = set()
        chars: set[int] = set()
        for field in folded:
            units = field.encode("utf-16-le")
            chars.update(memoryview(units).cast("H"))
            grams.update(_bigrams(units))
        doc = len(self._keys)
        self._keys.append(key)
        self._texts.append(FIELD_SEPARATOR.join(folded))
        self._bigrams.add(doc, grams)
        self._chars.add(doc, chars)

    def search(self, key: str) -> list[str]:
        """Keys of the reports containing ``key`` (a ``query_key``, not empty)."""
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
        return [self._keys[doc] for doc in first]

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


class SearchIndex:
    """The reports of a collection by their search text; ``search`` gives those containing a query.

    Reports the cache's full-text index holds (when one is given) are
    answered by it; the rest by an in-memory index.
    """

    def __init__(self, stored: CacheSearch | None = None) -> None:
        self._lock = threading.Lock()
        self._keys: list[str] = []
        self._memory = _MemoryIndex()
        self._stored = stored
        # Content hash -> the reports with that content, answered by ``stored``;
        # the path of the first of them, and the hashes that several share.
        self._held: dict[str, list[DocumentAnalysis]] = {}
        self._held_path: dict[str, str] = {}
        self._shared: set[str] = set()

    def __len__(self) -> int:
        with self._lock:
            return len(self._keys)

    def add(self, key: str, fields: Sequence[str]) -> None:
        """Index one report under ``key`` (its path) in memory; ``fields`` are normalised texts."""
        with self._lock:
            self._keys.append(key)
            self._memory.add(key, fields)

    def add_report(self, analysis: DocumentAnalysis) -> None:
        with self._lock:
            if self._stored is not None and self._stored.holds(analysis.content_hash):
                self._keys.append(analysis.path)
                reports = self._held.setdefault(analysis.content_hash, [])
                reports.append(analysis)
                if len(reports) == 1:
                    self._held_path[analysis.content_hash] = analysis.path
                else:
                    self._shared.add(analysis.content_hash)
                return
        self.add(analysis.path, report_fields(analysis))

    def search(self, query: str) -> frozenset[str]:
        """Keys of the reports containing ``query`` (normalised like the reports)."""
        key = query_key(query)
        with self._lock:
            if not key:
                return frozenset(self._keys)
            found = set(self._memory.search(key))
            if self._held and self._stored is not None:
                hashes = self._stored.matching(key)
                if hashes is None:
                    self._index_held_in_memory()
                    return frozenset(self._memory.search(key))
                contents = hashes & self._held.keys()
                found.update(map(self._held_path.__getitem__, contents))
                for content in self._shared & contents:
                    found.update(analysis.path for analysis in self._held[content])
            return frozenset(found)

    def _index_held_in_memory(self) -> None:
        """The cache's index is gone (cleared meanwhile): index its reports here instead."""
        assert self._stored is not None
        for reports in self._held.values():
            for analysis in reports:
                self._memory.add(analysis.path, report_fields(analysis))
        self._held.clear()
        self._held_path.clear()
        self._shared.clear()
        self._stored.close()
        self._stored = None

    def close(self) -> None:
        """Close the connection to the cache's index; a later search indexes its reports in memory."""
        with self._lock:
            if self._stored is not None:
                self._stored.close()
