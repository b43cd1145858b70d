"""A report's analysis as a cache record: encoded once, decoded lazily.

Records are encoded with ``marshal`` into tuples of built-in values under a
format number (never pickle, which would run code from a tampered file), and
each row carries a CRC of its bytes. What the collection stage needs
(metadata, region, programme names, the figures' scores) is
decoded at once; the sentences stay compressed, and the summary and figures
undecoded, until someone reads them. Keyphrase candidates are term ids
(``database.AnalysisCache`` names them), read when first needed.

Also the keys the database finds a report by: the digest of its bytes, and
the signature of its file.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import struct
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import starmap
from typing import Any

from dj_tui.analysis.models import (
    DocumentAnalysis,
    Figure,
    Metadata,
    Region,
    Sentence,
    SummarySentence,
)
from dj_tui.analysis.stages.searchtext import gram_tokens, search_text

# The first element of every encoded record.
RECORD_FORMAT = 5
# A record's head starts with the length of its first part (see ``encode_analysis``).
_HEAD_LENGTH = struct.Struct("<I")
_SIGNATURE = struct.Struct("<QQqqq")
# The first element of every encoded ranking.
RANKING_FORMAT = 1


def file_signature(info: os.stat_result) -> bytes:
    """What identifies a file's bytes without reading them (see ``AnalysisCache.known_files``)."""
    return _SIGNATURE.pack(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _modified_ns(signature: bytes) -> int:
    return _SIGNATURE.unpack(signature)[3]


def record_key(data: bytes, format_name: str) -> bytes:
    """The digest a report's row is found by: its bytes and the format they are read in."""
    digest = hashlib.sha256(format_name.encode() + b"\0")
    digest.update(data)
    return digest.digest()


# --- the record encoding -------------------------------------------------------


class _LazyTuple(Sequence):
    """A tuple built on first use: compares, hashes and pickles as the tuple it stands for."""

    __slots__ = ("_items", "_length")

    def __init__(self, length: int) -> None:
        self._items: tuple | None = None
        self._length = length

    def _build(self) -> tuple:
        raise NotImplementedError

    def _tuple(self) -> tuple:
        if self._items is None:
            self._items = self._build()
        return self._items

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, index):
        return self._tuple()[index]

    def __iter__(self) -> Iterator:
        return iter(self._tuple())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _LazyTuple):
            other = other._tuple()
        return self._tuple() == other if isinstance(other, tuple) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._tuple())

    def __add__(self, other: object) -> tuple:
        if isinstance(other, _LazyTuple):
            other = other._tuple()
        return self._tuple() + other if isinstance(other, tuple) else NotImplemented

    def __radd__(self, other: object) -> tuple:
        return other + self._tuple() if isinstance(other, tuple) else NotImplemented

    def __repr__(self) -> str:
        return repr(self._tuple())

    def __reduce__(self):
        return (tuple, (self._tuple(),))


class LazySentences(_LazyTuple):
    """``DocumentAnalysis.sentences`` of a cached report, decompressed when first read.

    Most of a report's bytes are its sentences, which a collection view never
    reads: 10,000 reports load without building a million Sentence objects.
    """

    __slots__ = ("_body",)

    def __init__(self, body: bytes, length: int) -> None:
        super().__init__(length)
        self._body = body

    def _build(self) -> tuple[Sentence, ...]:
        rows = marshal.loads(zlib.decompress(self._body))
        self._body = b""
        return tuple(starmap(Sentence, rows))


class _Details:
    """A record's details (summary and figure rows), decoded once for both when one is first read."""

    __slots__ = ("_data", "_rows")

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._rows: tuple[tuple, tuple] | None = None

    def rows(self) -> tuple[tuple, tuple]:
        if self._rows is None:
            summary_rows, figure_rows = marshal.loads(self._data)
            self._rows = (summary_rows, figure_rows)
            self._data = b""
        return self._rows


class _LazySummary(_LazyTuple):
    """``DocumentAnalysis.summary`` of a cached report, built when first read."""

    __slots__ = ("_details",)

    def __init__(self, details: _Details, length: int) -> None:
        super().__init__(length)
        self._details = details

    def _build(self) -> tuple[SummarySentence, ...]:
        return tuple(starmap(SummarySentence, self._details.rows()[0]))


class _LazyFigures(_LazyTuple):
    """``DocumentAnalysis.figures`` of a cached report, built when first read.

    The figures' scores come at once: a region's best figures are chosen by
    score among all its reports' headline figures (see ``figure_scores``),
    and only those are built.
    """

    __slots__ = ("_details", "scores")

    def __init__(self, scores: tuple[float, ...], details: _Details, length: int) -> None:
        super().__init__(length)
        self.scores = scores
        self._details = details

    def _build(self) -> tuple[Figure, ...]:
        return tuple(starmap(Figure, self._details.rows()[1]))


def figure_scores(figures: Sequence[Figure], limit: int | None) -> Sequence[float]:
    """The scores of ``figures[:limit]``, read without building a cached report's figures."""
    if isinstance(figures, _LazyFigures):
        return figures.scores[:limit]
    return [figure.score for figure in figures[:limit]]


class _LazyTerms(_LazyTuple):
    """A cached report's keyphrase candidates: term ids, named from the cache's vocabulary when first read.

    A collection whose ranking the cache holds never reads them: naming
    three million ids was a tenth of opening ten thousand reports. The
    vocabulary only ever grows (ids are never reused), so the ids, checked
    against it when the record was read, stay valid.
    """

    __slots__ = ("_id_bytes", "_vocabulary")

    def __init__(self, id_bytes: bytes, vocabulary: list[str | None]) -> None:
        super().__init__(len(id_bytes) // _ID_SIZE)
        self._id_bytes = id_bytes
        self._vocabulary = vocabulary

    def _build(self) -> tuple[str, ...]:
        terms = tuple(map(self._vocabulary.__getitem__, _ids_from_bytes(self._id_bytes)))
        self._id_bytes = b""
        return terms


class TermCounts(_LazyTuple):
    """``DocumentAnalysis.term_counts`` as parallel ``terms`` and ``counts`` tuples.

    A collection of 10,000 reports has millions of (term, count) pairs; as two
    tuples of shared strings and small ints they take a fraction of the
    memory, and the collection stage reads the columns without building pairs.
    """

    __slots__ = ("terms", "counts")

    def __init__(self, terms: Sequence[str], counts: Sequence[int]) -> None:
        super().__init__(len(terms))
        self.terms = terms
        self.counts = counts

    def _build(self) -> tuple[tuple[str, int], ...]:
        return tuple(zip(self.terms, self.counts))


def split_term_counts(term_counts: Sequence[tuple[str, int]]) -> tuple[Sequence[str], Sequence[int]]:
    """``term_counts`` as (terms, counts) columns."""
    if isinstance(term_counts, TermCounts):
        return term_counts.terms, term_counts.counts
    return tuple(term for term, _ in term_counts), tuple(count for _, count in term_counts)


def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


_SENTENCE_FIELDS = _field_names(Sentence)
_METADATA_FIELDS = _field_names(Metadata)
_REGION_FIELDS = _field_names(Region)
_FIGURE_FIELDS = _field_names(Figure)
_SUMMARY_FIELDS = _field_names(SummarySentence)


def _values(obj: Any, names: tuple[str, ...]) -> tuple:
    return tuple(getattr(obj, name) for name in names)


@dataclass(frozen=True)
class Record:
    """One report's analysis in transit: from a pool worker, to and from the database.

    ``head`` (marshal) holds everything but the keyphrase candidates and the
    sentences; ``terms``/``counts`` are the candidates; ``body`` the
    compressed sentences, decoded only when read. A fresh record also
    carries what the full-text index needs (``searchtext``): its search text
    and that text's n-gram tokens, made by the pool worker that analysed it.
    A record read back leaves them empty.
    """

    head: bytes
    terms: Sequence[str]
    counts: Sequence[int]  # read back: bytes when every count is below 256
    body: bytes
    search: str = ""
    grams: str = ""


def encode_analysis(analysis: DocumentAnalysis) -> Record:
    """The record of ``analysis``, with what the full-text index needs of it.

    The head is what opening a collection reads of every report, encoded
    first and preceded by its length; then come the details (the summary and
    the figures), decoded apart when a report is opened or exported, or its
    figure is among its region's best (the head has the figures' scores).
    """
    terms, counts = split_term_counts(analysis.term_counts)
    figure_rows = tuple(_values(f, _FIGURE_FIELDS) for f in analysis.figures)
    head = marshal.dumps(
        (
            RECORD_FORMAT,
            analysis.content_hash,
            _values(analysis.metadata, _METADATA_FIELDS),
            _values(analysis.region, _REGION_FIELDS),
            tuple(analysis.warnings),
            analysis.chars,
            len(analysis.sentences),
            analysis.initiatives,
            len(analysis.summary),
            len(figure_rows),
            tuple(figure.score for figure in analysis.figures),
            analysis.format,
        )
    )
    details = marshal.dumps((tuple(_values(s, _SUMMARY_FIELDS) for s in analysis.summary), figure_rows))
    body = tuple(_values(s, _SENTENCE_FIELDS) for s in analysis.sentences)
    text = search_text(analysis)
    return Record(
        _HEAD_LENGTH.pack(len(head)) + head + details,
        tuple(terms),
        tuple(counts),
        zlib.compress(marshal.dumps(body), 6),
        text,
        gram_tokens(text),
    )


def decode_analysis(record: Record, path: str) -> DocumentAnalysis:
    """The analysis a record holds, for the report at ``path``; ValueError if it is not one."""
    try:
        (head_length,) = _HEAD_LENGTH.unpack_from(record.head)
        # marshal.loads ignores the bytes after the value: the details.
        head = marshal.loads(memoryview(record.head)[_HEAD_LENGTH.size :])
        if head[0] != RECORD_FORMAT:
            raise ValueError(f"record format {head[0]!r}, expected {RECORD_FORMAT}")
        (
            _,
            content_hash,
            metadata,
            region,
            warnings,
            chars,
            length,
            initiatives,
            summary_length,
            figure_count,
            scores,
            format_name,
        ) = head
        if len(record.terms) != len(record.counts):
            raise ValueError("terms and counts differ in length")
        details = _Details(record.head[_HEAD_LENGTH.size + head_length :])
        return DocumentAnalysis(
            path=path,
            content_hash=content_hash,
            metadata=Metadata(*metadata),
            sentences=LazySentences(record.body, length),
            region=Region(*region),
            term_counts=TermCounts(record.terms, record.counts),
            summary=_LazySummary(details, summary_length),
            figures=_LazyFigures(scores, details, figure_count),
            warnings=warnings,
            chars=chars,
            initiatives=initiatives,
            format=format_name,
        )
    except (TypeError, ValueError, EOFError, IndexError, struct.error) as exc:
        raise ValueError(f"not a dj-tui record: {exc}") from exc


# Term ids are stored as little-endian 32-bit unsigned integers.
_ID_SIZE = 4
_ID_TYPE = next(code for code in "IL" if array(code).itemsize == _ID_SIZE)


def _ids_to_bytes(ids: Sequence[int]) -> bytes:
    packed = array(_ID_TYPE, ids)
    if sys.byteorder == "big":
        packed.byteswap()
    return packed.tobytes()


def _ids_from_bytes(data: bytes) -> array:
    ids = array(_ID_TYPE)
    ids.frombytes(data)
    if sys.byteorder == "big":
        ids.byteswap()
    return ids


def _encode_counts(counts: Sequence[int]) -> bytes | tuple[int, ...]:
    return bytes(counts) if all(0 <= count < 256 for count in counts) else tuple(counts)


def _crc(*parts: bytes) -> int:
    crc = 0
    for part in parts:
        crc = zlib.crc32(part, crc)
    return crc


def encode_ranking(ranking: dict[bytes, tuple[tuple[str, float], ...]]) -> bytes:
    """A collection's keyphrase ranking (see ``collection.build``), as stored."""
    return marshal.dumps((RANKING_FORMAT, list(ranking), list(ranking.values())))


def decode_ranking(data: bytes) -> dict[bytes, tuple[tuple[str, float], ...]] | None:
    try:
        format_number, keys, lists = marshal.loads(data)
        if format_number != RANKING_FORMAT or len(keys) != len(lists):
            return None
        return dict(zip(keys, lists))
    except (TypeError, ValueError, EOFError):
        return None


def content_hash(head: bytes) -> str:
    """The content hash a record's head holds (see ``encode_analysis``), or "" when it does not decode."""
    try:
        return str(marshal.loads(memoryview(head)[_HEAD_LENGTH.size :])[1])
    except (TypeError, ValueError, EOFError, IndexError):
        return ""
