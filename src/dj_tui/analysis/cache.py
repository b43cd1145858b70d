"""The persistent analysis cache: each report is analysed once, then read back.

One SQLite database (``analysis.sqlite3``, WAL journal) in the user cache
directory, or in ``$DJ_TUI_CACHE_DIR``, or in the ``[cache] dir`` of
config.toml. A row holds one report's ``DocumentAnalysis`` and is found by

* the analysis fingerprint (engine version, a digest of the engine's own
  source and resources, and the settings and files that shape a report's
  result: see ``pipeline.analysis_fingerprint``), and
* a digest of the file's bytes and of whether it is read as Markdown.

A report whose bytes are unchanged is never analysed again; an edited one is;
changing a setting or upgrading dj-tui re-analyses. The path is not part of
the key: a report is analysed once however many copies or names it has, and
``DocumentAnalysis.path`` is always the path given this time.

Reading and hashing every file of a large collection costs more than
everything else a cached start does, so the cache also remembers each file's
signature (device, inode, size, modification and change times, as ``git``'s
index does) with the digest of its bytes. A file whose signature is
unchanged is not read again; one modified within SIGNATURE_MARGIN_NS of the
moment its signature was recorded is, since a second write within the
timestamp's granularity would leave the signature unchanged.

Records are encoded with ``marshal`` into tuples of built-in values under a
format number (never pickle, which would run code from a tampered file), and
each row carries a CRC of its bytes. A row that fails the CRC or does not
decode is a miss and is replaced. A database that is corrupt or belongs to
another program is renamed aside, never deleted, with a warning, and a new one
is started, whenever the damage is found (on opening, or by any query later:
a malformed page, a lost table, a value that does not decode), once a run;
any other SQLite trouble (disk full, read-only, locked for too long) turns
the cache off for the run with a warning. The cache never fails a run and
never changes a result.

Reading a collection back must stay fast and small at tens of thousands of
reports: what the collection stage needs (metadata, region, programme
names, the scores of the headline figures) is decoded at once; the sentences
stay compressed, and the summary and figures undecoded, until someone reads
them.
Keyphrase candidates are stored once each in a ``terms`` table, as ids:
reports read back share one string per distinct term, named when first read
(a collection whose ranking is cached never reads them).

The database also holds the full-text index the dashboard searches
(``search.CacheSearch``): two FTS5 tables keyed by the row id, one of
trigrams (queries of three characters or more, exactly) and one of single
characters and pairs (``searchtext.gram_tokens``: one and two). A report is
indexed in the transaction that stores it, so a search over ten thousand
cached reports needs no index built at start-up. Contentless FTS5 tables
forget the text they index, so each row keeps its search text (compressed),
which deleting its index entries requires. Where SQLite lacks FTS5 or its
trigram tokenizer the cache works without these tables, and the dashboard
indexes in memory.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sqlite3
import struct
import sys
import threading
import time
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from itertools import starmap
from pathlib import Path
from typing import Any

from dj_tui.analysis.models import (
    DocumentAnalysis,
    Figure,
    Metadata,
    Region,
    Sentence,
    SummarySentence,
)
from dj_tui.analysis.searchtext import gram_tokens, search_text

CACHE_DIR_ENV = "DJ_TUI_CACHE_DIR"
DB_NAME = "analysis.sqlite3"
# PRAGMA application_id: marks the file as dj-tui's ("djtu").
APPLICATION_ID = 0x646A7475
# PRAGMA user_version: the table layout, and the tokens of the n-gram index:
# bump it when ``searchtext.gram_tokens`` changes (deleting a row's index
# entries regenerates its tokens). A different one is rebuilt.
SCHEMA_VERSION = 4
# The first element of every encoded record.
RECORD_FORMAT = 3
# A record's head starts with the length of its first part (see ``encode_analysis``).
_HEAD_LENGTH = struct.Struct("<I")
# Rows not read for this many days are removed (checked once a day).
KEEP_UNUSED_DAYS = 30
# Seconds a writer waits for another dj-tui process holding the database.
BUSY_TIMEOUT = 5.0
# How many keys one lookup query carries (SQLite's variable limit is 32766).
LOOKUP_BATCH = 500
# Collection rankings kept: the collections a user opens (most recently used).
KEEP_RANKINGS = 16
# The first element of every encoded ranking.
RANKING_FORMAT = 1
# A file signature vouches for the bytes read only if the file was last
# modified this long before the signature was recorded (coarse file-system
# clocks tick every 2 s).
SIGNATURE_MARGIN_NS = 2_000_000_000
_SIGNATURE = struct.Struct("<QQqqq")

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

# Small columns first: scans of ``used`` then never touch the blobs' pages.
# AUTOINCREMENT on entries: the full-text index is keyed by row id, and an id,
# once given, never names another report.
_SCHEMA = (
    """CREATE TABLE entries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL,
        key BLOB NOT NULL,
        content_hash TEXT NOT NULL,
        used INTEGER NOT NULL,
        crc INTEGER NOT NULL,
        head BLOB NOT NULL,
        terms BLOB NOT NULL,
        body BLOB NOT NULL,
        search BLOB NOT NULL
    )""",
    "CREATE UNIQUE INDEX entries_key ON entries (fingerprint, key)",
    "CREATE INDEX entries_used ON entries (used)",
    # AUTOINCREMENT: an id, once given, never names another term.
    "CREATE TABLE terms (id INTEGER PRIMARY KEY AUTOINCREMENT, term TEXT NOT NULL UNIQUE)",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE files (path TEXT PRIMARY KEY, signature BLOB NOT NULL, key BLOB NOT NULL,"
    " recorded INTEGER NOT NULL, used INTEGER NOT NULL)",
    # The collection stage's keyphrase ranking of a whole collection, by a
    # digest of what it depends on (see ``pipeline.build_collection``).
    "CREATE TABLE rankings (name BLOB PRIMARY KEY, used INTEGER NOT NULL, crc INTEGER NOT NULL, data BLOB NOT NULL)",
)
_TABLES = tuple(statement.split()[2] for statement in _SCHEMA if statement.startswith("CREATE TABLE"))
TRIGRAM_TABLE = "search_trigrams"
GRAM_TABLE = "search_grams"
# FTS5 keeps its index in shadow tables named after the table; dropping the
# table drops them.
_SHADOW_PREFIXES = (f"{TRIGRAM_TABLE}_", f"{GRAM_TABLE}_")
# The full-text tables with their shadow tables (those of a contentless table
# without column sizes): a shadow table lost shows only as "SQL logic error".
_SEARCH_TABLES = tuple(
    f"{table}{suffix}" for table in (TRIGRAM_TABLE, GRAM_TABLE) for suffix in ("", "_data", "_idx", "_config")
)
# Contentless (content=''): the text is in ``entries.search``, not stored twice.
# case_sensitive 1: the text and queries are folded already (searchtext.fold),
# and only ASCII letters are.
_SEARCH_SCHEMA = (
    f"CREATE VIRTUAL TABLE {TRIGRAM_TABLE} USING fts5("
    "text, tokenize = 'trigram case_sensitive 1', content = '', columnsize = 0)",
    f"CREATE VIRTUAL TABLE {GRAM_TABLE} USING fts5("
    "grams, tokenize = 'ascii', content = '', columnsize = 0, detail = 'none')",
)

Warn = Callable[[str], None]


def warn_on_stderr(message: str) -> None:
    sys.stderr.write(f"dj-tui: warning: {message}\n")


def cache_dir(configured: str | None = None) -> Path:
    """Where the cache lives: $DJ_TUI_CACHE_DIR, else ``configured``, else the user cache dir."""
    from_env = os.environ.get(CACHE_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("dj-tui"))


def file_signature(info: os.stat_result) -> bytes:
    """What identifies a file's bytes without reading them (see ``AnalysisCache.known_files``)."""
    return _SIGNATURE.pack(info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _modified_ns(signature: bytes) -> int:
    return _SIGNATURE.unpack(signature)[3]


def record_key(data: bytes, markdown: bool) -> bytes:
    """The digest a report's row is found by: its bytes and how they are read."""
    digest = hashlib.sha256(b"md\0" if markdown else b"txt\0")
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

    The scores of the headline figures (the first ``figures_per_report``)
    come at once: a region's best figures are chosen by score among all its
    reports' headline figures (see ``figure_scores``), and only those are
    built.
    """

    __slots__ = ("_details", "headline_scores")

    def __init__(self, headline_scores: tuple[float, ...], details: _Details, length: int) -> None:
        super().__init__(length)
        self.headline_scores = headline_scores
        self._details = details

    def _build(self) -> tuple[Figure, ...]:
        return tuple(starmap(Figure, self._details.rows()[1]))


def figure_scores(figures: Sequence[Figure], limit: int | None) -> Sequence[float]:
    """The scores of ``figures[:limit]``, read without building a cached report's figures."""
    wanted = len(figures) if limit is None else min(limit, len(figures))
    if isinstance(figures, _LazyFigures) and len(figures.headline_scores) >= wanted:
        return figures.headline_scores[:wanted]
    return [figure.score for figure in figures[:wanted]]


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


def encode_analysis(analysis: DocumentAnalysis, headline_figures: int) -> Record:
    """The record of ``analysis``; ``headline_figures``: how many figures the collection stage reads (0: all).

    The head is what opening a collection reads of every report, encoded
    first and preceded by its length; then come the details (the summary and
    the figures), decoded apart when a report is opened or exported, or its
    figure is among its region's best (the head has the headline figures'
    scores).
    """
    terms, counts = split_term_counts(analysis.term_counts)
    figure_rows = tuple(_values(f, _FIGURE_FIELDS) for f in analysis.figures)
    headline = len(figure_rows) if headline_figures <= 0 else headline_figures
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
            tuple(figure.score for figure in analysis.figures[:headline]),
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
            headline_scores,
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
            figures=_LazyFigures(headline_scores, details, figure_count),
            warnings=warnings,
            chars=chars,
            initiatives=initiatives,
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


# --- the database ----------------------------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    size: int  # bytes on disk, journal included
    entries: int
    current_entries: int  # rows the current engine and settings can use
    terms: int  # distinct keyphrase candidates stored
    set_aside: tuple[Path, ...]  # unusable databases renamed out of the way


class _SetAside(Exception):
    """The database is corrupt or not ours: rename it and start afresh."""


# What reading a damaged database raises besides SQLite's errors: a value that
# is not what was written (a path not asked for, a blob that does not decode,
# a column of another type).
_DAMAGED_VALUES = (LookupError, ValueError, TypeError, EOFError, struct.error, zlib.error)
# SQLite's words for a schema that lost a table or a column, and Python's for
# a text column that is not UTF-8: dj-tui wrote neither.
_DAMAGE_MESSAGES = ("no such table", "no such column", "Could not decode to UTF-8")


def _shows_damage(exc: BaseException) -> bool:
    """Whether ``exc``, met using the database, means the file is damaged (rather than busy, full or read-only)."""
    if isinstance(exc, UnicodeEncodeError):
        return False  # a str given to SQLite that is not UTF-8: the caller's, not the file's
    if isinstance(exc, (_SetAside, *_DAMAGED_VALUES)):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    message = str(exc)
    return any(words in message for words in _DAMAGE_MESSAGES)


def _on_database(otherwise: Callable[[], Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run an ``AnalysisCache`` method on the open connection, given as its first argument, under the lock.

    The method returns ``otherwise()`` when there is no connection or it
    fails: this is where every error met using the database is handled
    (``AnalysisCache._failed``), so that no caller ever sees one.
    """

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: AnalysisCache, *args: Any) -> Any:
            with self._lock:
                connection = self._connection
                if connection is None:
                    return otherwise()
                try:
                    return method(self, connection, *args)
                except (sqlite3.Error, _SetAside, *_DAMAGED_VALUES) as exc:
                    self._failed(exc)
                    return otherwise()

        return run

    return decorate


class AnalysisCache:
    """A handle on the cache database; safe to share between threads of one process.

    Keyphrase candidates are stored once, in a ``terms`` table, and rows
    refer to them by id: a row is a fifth of the size, and 10,000 reports
    read back share one string per distinct term. Ids are never reused
    (AUTOINCREMENT); whenever terms are deleted (``clear``, pruning) the
    ``generation`` in ``meta`` changes, and every process holding ids in
    memory drops them.

    Every method turns SQLite trouble into a warning (once) and a miss, so a
    caller never needs to handle cache errors. Damage found at any point sets
    the file aside and starts a new one, once a run (``replacements``).
    """

    def __init__(self, directory: Path, *, warn: Warn = warn_on_stderr) -> None:
        self.directory = Path(directory)
        self.path = self.directory / DB_NAME
        self._warn = warn
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._searchable = False  # whether the database has its full-text tables
        self._disabled = False
        # Databases set aside by this handle: 0, or 1 (see ``_replace``).
        self.replacements = 0
        self._today = int(time.time() // 86400)
        self._forget_terms()
        with self._lock:
            self._connect()

    # -- opening ---------------------------------------------------------------

    def _connect(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            self._connection = self._open_checked()
        except _SetAside as damage:
            self._replace(damage)
        except (OSError, sqlite3.Error) as exc:
            self._disable(f"cannot use the cache at {self.path} ({_reason(exc)}); analysing without it")

    def _open_checked(self) -> sqlite3.Connection:
        """A connection to the database, ready for use; _SetAside when it is damaged or not ours."""
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            self._prepare(connection)
        except BaseException as exc:
            connection.close()
            if _shows_damage(exc) and not isinstance(exc, _SetAside):
                raise _SetAside(_reason(exc)) from exc
            raise
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if application_id != APPLICATION_ID and (application_id != 0 or tables):
            raise _SetAside("it is not a dj-tui cache")
        connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode a crash can lose the last commits but never corrupts the file.
        connection.execute("PRAGMA synchronous = NORMAL")
        if application_id == APPLICATION_ID and version == SCHEMA_VERSION:
            # A table lost is found here rather than by the first query to
            # need it, which a cached run may never make. The full-text tables
            # are all there or all absent (made by an SQLite without FTS5).
            self._searchable = any(table in tables for table in _SEARCH_TABLES)
            expected = (*_TABLES, *_SEARCH_TABLES) if self._searchable else _TABLES
            missing = [table for table in expected if table not in tables]
            if missing:
                raise _SetAside(f"table {', '.join(missing)} missing")
            self._prune(connection)
            return
        # A new file, or one written by another version of dj-tui: (re)build it.
        with _transaction(connection):
            for table in tables:
                if table != "sqlite_sequence" and not table.startswith(_SHADOW_PREFIXES):
                    connection.execute(f'DROP TABLE IF EXISTS "{table}"')
            for statement in _SCHEMA:
                connection.execute(statement)
            self._searchable = _create_search_tables(connection)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _prune(self, connection: sqlite3.Connection) -> None:
        """Once a day: drop rows unused for KEEP_UNUSED_DAYS, then the terms no row uses."""
        if _meta(connection, "pruned") == str(self._today):
            return
        with _transaction(connection):
            unused_rows = connection.execute(
                "SELECT id, search FROM entries WHERE used < ?", (self._today - KEEP_UNUSED_DAYS,)
            ).fetchall()
            self._delete_rows(connection, unused_rows)
            connection.execute("DELETE FROM rankings WHERE used < ?", (self._today - KEEP_UNUSED_DAYS,))
            connection.execute("DELETE FROM files WHERE used < ?", (self._today - KEEP_UNUSED_DAYS,))
            if unused_rows:
                used: set[int] = set()
                for (blob,) in connection.execute("SELECT terms FROM entries"):
                    used.update(_ids_from_bytes(marshal.loads(blob)[0]))
                unused = [
                    (term_id,) for (term_id,) in connection.execute("SELECT id FROM terms") if term_id not in used
                ]
                connection.executemany("DELETE FROM terms WHERE id = ?", unused)
                _new_generation(connection)
            _set_meta(connection, "pruned", str(self._today))

    def _replace(self, damage: Exception) -> None:
        """Set the damaged database aside and start a new one.

        Once a run: damage in the new one too means a fault of this run's
        own, which must not set aside one database after another.
        """
        if self.replacements:
            self._disable(f"the new cache at {self.path} is unusable too ({_reason(damage)}); going on without it")
            return
        try:
            self._set_aside(_reason(damage))
            self._connection = self._open_checked()
        except (OSError, sqlite3.Error, _SetAside) as exc:
            self._disable(f"cannot use the cache at {self.path} ({_reason(exc)}); analysing without it")

    def _set_aside(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{DB_NAME}.broken-{stamp}")
        counter = 1
        while target.exists():
            counter += 1
            target = self.path.with_name(f"{DB_NAME}.broken-{stamp}-{counter}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(f"{self.path}{suffix}")
            if source.exists():
                source.rename(f"{target}{suffix}")
        self.replacements += 1
        self._forget_terms()
        self._warn(f"the cache {self.path} is unusable ({reason}); moved it to {target.name} and started a new one")

    def _disable(self, message: str) -> None:
        self._close_connection()
        if not self._disabled:
            self._disabled = True
            self._warn(message)

    def _failed(self, exc: Exception) -> None:
        """Handle an error met while using an open database (see ``_on_database``)."""
        self._close_connection()
        self._forget_terms()  # ids learnt in a transaction rolled back are void
        if _shows_damage(exc):
            self._replace(exc)
        else:
            self._disable(f"the cache at {self.path} failed ({_reason(exc)}); going on without it")

    def report_damage(self, exc: Exception, replacements: int) -> None:
        """Set the database aside if ``exc``, met by another connection reading it, shows it damaged.

        ``replacements``: this handle's count when the reader opened the
        database (see ``search.CacheSearch``); a database set aside since is
        not this one.
        """
        if _shows_damage(exc):
            with self._lock:
                if self._connection is not None and self.replacements == replacements:
                    self._failed(exc)

    @property
    def available(self) -> bool:
        return self._connection is not None

    @property
    def searchable(self) -> bool:
        """Whether the database holds the full-text index (SQLite with FTS5 and its trigram tokenizer)."""
        return self._connection is not None and self._searchable

    def _delete_rows(self, connection: sqlite3.Connection, rows: Sequence[tuple[int, bytes]]) -> None:
        """Delete entries, given as (id, search), with their full-text index entries."""
        for row_id, search in rows:
            if self._searchable:
                try:
                    text = zlib.decompress(search).decode("utf-8")
                except (zlib.error, UnicodeDecodeError):
                    # A contentless index can only forget a text it is given
                    # exactly: these entries stay, under an id no row will
                    # have again, so no search returns them.
                    pass
                else:
                    _index_text(connection, row_id, text, gram_tokens(text), delete=True)
            connection.execute("DELETE FROM entries WHERE id = ?", (row_id,))

    # -- the terms table -----------------------------------------------------------

    def _forget_terms(self) -> None:
        # Index: term id. Ids start at 1; a gap (deleted terms) holds None.
        self._vocabulary: list[str | None] = [None]
        self._holes = False
        self._term_ids: dict[str, int] = {}
        self._generation: str | None = None

    def _check_generation(self, connection: sqlite3.Connection) -> None:
        generation = _meta(connection, "generation")
        if generation != self._generation:
            self._forget_terms()
            self._generation = generation

    def _terms_of(self, connection: sqlite3.Connection, id_bytes: bytes, highest_id: int) -> Sequence[str] | None:
        """The terms of a row's ids (the highest of them stored with them); None when one is missing.

        The ids are checked against the vocabulary by the highest, stored in
        the row (which its CRC covers), rather than each one: that would take
        a tenth of opening ten thousand reports.
        """
        vocabulary = self._vocabulary
        if highest_id >= len(vocabulary):
            # Terms added since the vocabulary was read (by this or another process).
            for term_id, term in connection.execute(
                "SELECT id, term FROM terms WHERE id >= ? ORDER BY id", (len(vocabulary),)
            ):
                if term_id > len(vocabulary):
                    vocabulary.extend([None] * (term_id - len(vocabulary)))
                    self._holes = True
                vocabulary.append(term)
            if highest_id >= len(vocabulary):
                return None
        if self._holes:
            # Terms no row used were pruned: a damaged row could name one.
            terms = tuple(map(vocabulary.__getitem__, _ids_from_bytes(id_bytes)))
            return None if None in terms else terms  # type: ignore[return-value]
        return _LazyTerms(id_bytes, vocabulary)

    def _ids_of(self, connection: sqlite3.Connection, terms: Sequence[str]) -> list[int]:
        """Ids for ``terms``, adding the new ones (inside the caller's transaction)."""
        known = self._term_ids
        missing = [term for term in set(terms) if term not in known]
        if missing:
            connection.executemany("INSERT OR IGNORE INTO terms (term) VALUES (?)", [(term,) for term in missing])
            for start in range(0, len(missing), LOOKUP_BATCH):
                chunk = missing[start : start + LOOKUP_BATCH]
                marks = ",".join("?" * len(chunk))
                for term_id, term in connection.execute(f"SELECT id, term FROM terms WHERE term IN ({marks})", chunk):
                    known[term] = term_id
        return [known[term] for term in terms]

    # -- reading and writing -----------------------------------------------------
    # Each public method runs under ``_on_database``: called as
    # ``cache.lookup(fingerprint, keys)``, it is given the connection first.

    @_on_database(otherwise=dict)
    def lookup(self, connection: sqlite3.Connection, fingerprint: str, keys: Sequence[bytes]) -> dict[bytes, Record]:
        """The records stored for ``keys``; missing and damaged ones are left out."""
        found: dict[bytes, Record] = {}
        self._check_generation(connection)
        stale: list[tuple[int, int]] = []
        damaged: list[int] = []
        for start in range(0, len(keys), LOOKUP_BATCH):
            chunk = keys[start : start + LOOKUP_BATCH]
            marks = ",".join("?" * len(chunk))
            rows = connection.execute(
                "SELECT id, key, used, crc, head, terms, body FROM entries"
                f" WHERE fingerprint = ? AND key IN ({marks})",
                (fingerprint, *chunk),
            ).fetchall()
            for row_id, key, used, crc, head, term_blob, body in rows:
                record = self._record(connection, crc, head, term_blob, body)
                if record is None:
                    damaged.append(row_id)
                    continue
                found[key] = record
                if used < self._today:
                    stale.append((self._today, row_id))
        if stale or damaged:
            with _transaction(connection):
                connection.executemany("UPDATE entries SET used = ? WHERE id = ?", stale)
                self._delete_rows(
                    connection,
                    [
                        row
                        for row_id in damaged
                        for row in connection.execute("SELECT id, search FROM entries WHERE id = ?", (row_id,))
                    ],
                )
        return found

    def _record(
        self, connection: sqlite3.Connection, crc: int, head: bytes, term_blob: bytes, body: bytes
    ) -> Record | None:
        if _crc(head, term_blob, body) != crc:
            return None
        try:
            id_bytes, counts, highest_id = marshal.loads(term_blob)
            if not isinstance(id_bytes, bytes) or len(id_bytes) % _ID_SIZE:
                return None
            highest_id = int(highest_id)
        except (TypeError, ValueError, EOFError):
            return None
        terms = self._terms_of(connection, id_bytes, highest_id)
        if terms is None or len(counts) != len(terms):
            return None
        return Record(head, terms, counts, body)

    @_on_database(otherwise=lambda: None)
    def store(self, connection: sqlite3.Connection, fingerprint: str, key: bytes, record: Record) -> None:
        """Keep one report's record; committed at once, so a killed run keeps what it finished."""
        with _transaction(connection):
            self._check_generation(connection)
            ids = self._ids_of(connection, record.terms)
            term_blob = marshal.dumps((_ids_to_bytes(ids), _encode_counts(record.counts), max(ids, default=0)))
            # A row for the same key (damaged, or stored meanwhile by
            # another process) is replaced, its index entries with it.
            self._delete_rows(
                connection,
                connection.execute(
                    "SELECT id, search FROM entries WHERE fingerprint = ? AND key = ?", (fingerprint, key)
                ).fetchall(),
            )
            row_id = connection.execute(
                "INSERT INTO entries (fingerprint, key, content_hash, used, crc, head, terms, body, search)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    fingerprint,
                    key,
                    _content_hash(record.head),
                    self._today,
                    _crc(record.head, term_blob, record.body),
                    record.head,
                    term_blob,
                    record.body,
                    zlib.compress(record.search.encode("utf-8"), 1),
                ),
            ).lastrowid
            if self._searchable:
                _index_text(connection, row_id, record.search, record.grams)

    @_on_database(otherwise=dict)
    def known_files(self, connection: sqlite3.Connection, signatures: dict[bytes, bytes]) -> dict[bytes, bytes]:
        """Record keys of the files (absolute path as bytes -> ``file_signature``) unchanged since they were hashed."""
        known: dict[bytes, bytes] = {}
        paths = list(signatures)
        stale: list[tuple[int, bytes]] = []
        for start in range(0, len(paths), LOOKUP_BATCH):
            chunk = paths[start : start + LOOKUP_BATCH]
            marks = ",".join("?" * len(chunk))
            for path, signature, key, recorded, used in connection.execute(
                f"SELECT path, signature, key, recorded, used FROM files WHERE path IN ({marks})", chunk
            ):
                # The path comes from the index: one damaged there is not
                # among those asked for (KeyError: the file is set aside).
                if signature == signatures[path] and _modified_ns(signature) < recorded - SIGNATURE_MARGIN_NS:
                    known[path] = key
                    if used < self._today:
                        stale.append((self._today, path))
        if stale:
            with _transaction(connection):
                connection.executemany("UPDATE files SET used = ? WHERE path = ?", stale)
        return known

    @_on_database(otherwise=lambda: None)
    def remember_files(self, connection: sqlite3.Connection, files: Sequence[tuple[bytes, bytes, bytes]]) -> None:
        """Record (absolute path as bytes, ``file_signature``, record key) of files just hashed."""
        if not files:
            return
        recorded = time.time_ns()
        with _transaction(connection):
            connection.executemany(
                "INSERT OR REPLACE INTO files (path, signature, key, recorded, used) VALUES (?, ?, ?, ?, ?)",
                [(path, signature, key, recorded, self._today) for path, signature, key in files],
            )

    @_on_database(otherwise=lambda: None)
    def ranking(
        self, connection: sqlite3.Connection, name: bytes
    ) -> dict[bytes, tuple[tuple[str, float], ...]] | None:
        """A collection ranking stored under ``name`` (report key -> its (term, score) list), or None."""
        row = connection.execute("SELECT used, crc, data FROM rankings WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        used, crc, data = row
        ranking = _decode_ranking(data) if zlib.crc32(data) == crc else None
        with _transaction(connection):
            if ranking is None:
                connection.execute("DELETE FROM rankings WHERE name = ?", (name,))
            elif used < self._today:
                connection.execute("UPDATE rankings SET used = ? WHERE name = ?", (self._today, name))
        return ranking

    @_on_database(otherwise=lambda: None)
    def store_ranking(
        self, connection: sqlite3.Connection, name: bytes, ranking: dict[bytes, tuple[tuple[str, float], ...]]
    ) -> None:
        """Keep a collection ranking, and only the KEEP_RANKINGS most recently used."""
        data = marshal.dumps((RANKING_FORMAT, list(ranking), list(ranking.values())))
        with _transaction(connection):
            connection.execute(
                "INSERT OR REPLACE INTO rankings (name, used, crc, data) VALUES (?, ?, ?, ?)",
                (name, self._today, zlib.crc32(data), data),
            )
            connection.execute(
                "DELETE FROM rankings WHERE name NOT IN"
                " (SELECT name FROM rankings ORDER BY used DESC, rowid DESC LIMIT ?)",
                (KEEP_RANKINGS,),
            )

    def info(self, fingerprint: str) -> CacheInfo:
        entries, current, terms = self._checked_counts(fingerprint)
        set_aside = [p for p in self.directory.glob(f"{DB_NAME}.broken-*") if not p.name.endswith(("-wal", "-shm"))]
        return CacheInfo(
            path=self.path,
            size=sum(_size(Path(f"{self.path}{suffix}")) for suffix in ("", "-wal", "-shm")),
            entries=entries,
            current_entries=current,
            terms=terms,
            set_aside=tuple(sorted(set_aside)),
        )

    @_on_database(otherwise=lambda: (0, 0, 0))
    def _checked_counts(self, connection: sqlite3.Connection, fingerprint: str) -> tuple[int, int, int]:
        """(entries, entries for ``fingerprint``, terms), once the whole file has been checked.

        Counting reads few pages; a user asking about the cache wants to know
        whether it is sound, and a command run by hand can afford a full read.
        """
        (verdict,) = connection.execute("PRAGMA integrity_check(1)").fetchone()
        if verdict != "ok":
            raise _SetAside(verdict.splitlines()[-1])  # the problem, after "*** in database main ***"
        return (
            connection.execute("SELECT count(*) FROM entries").fetchone()[0],
            connection.execute("SELECT count(*) FROM entries WHERE fingerprint = ?", (fingerprint,)).fetchone()[0],
            connection.execute("SELECT count(*) FROM terms").fetchone()[0],
        )

    @_on_database(otherwise=int)
    def clear(self, connection: sqlite3.Connection) -> int:
        """Remove every record and shrink the file; return how many there were."""
        with _transaction(connection):
            removed = connection.execute("DELETE FROM entries").rowcount
            connection.execute("DELETE FROM terms")
            connection.execute("DELETE FROM rankings")
            connection.execute("DELETE FROM files")
            if self._searchable:
                for table in (TRIGRAM_TABLE, GRAM_TABLE):
                    connection.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
            _new_generation(connection)
        self._forget_terms()
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def close(self) -> None:
        with self._lock:
            self._close_connection()

    def _close_connection(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except sqlite3.Error:
                # Closing a connection to a damaged file can fail; it is dropped either way.
                pass
            self._connection = None

    def __enter__(self) -> AnalysisCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _decode_ranking(data: bytes) -> dict[bytes, tuple[tuple[str, float], ...]] | None:
    try:
        format_number, keys, lists = marshal.loads(data)
        if format_number != RANKING_FORMAT or len(keys) != len(lists):
            return None
        return dict(zip(keys, lists))
    except (TypeError, ValueError, EOFError):
        return None


def _create_search_tables(connection: sqlite3.Connection) -> bool:
    """Create the full-text tables; False when this SQLite cannot (no FTS5 or no trigram tokenizer)."""
    try:
        for statement in _SEARCH_SCHEMA:
            connection.execute(statement)
    except sqlite3.OperationalError:
        for table in (TRIGRAM_TABLE, GRAM_TABLE):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        return False
    return True


def _index_text(connection: sqlite3.Connection, row_id: int, text: str, grams: str, *, delete: bool = False) -> None:
    """Add a row's text to both full-text tables, or with ``delete`` remove it (it must be the same text)."""
    for table, column, value in ((TRIGRAM_TABLE, "text", text), (GRAM_TABLE, "grams", grams)):
        if delete:
            statement = f"INSERT INTO {table} ({table}, rowid, {column}) VALUES ('delete', ?, ?)"
        else:
            statement = f"INSERT INTO {table} (rowid, {column}) VALUES (?, ?)"
        connection.execute(statement, (row_id, value))


def _content_hash(head: bytes) -> str:
    """The content hash a record's head holds (see ``encode_analysis``), or "" when it does not decode."""
    try:
        return str(marshal.loads(memoryview(head)[_HEAD_LENGTH.size :])[1])
    except (TypeError, ValueError, EOFError, IndexError):
        return ""


def _meta(connection: sqlite3.Connection, name: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return None if row is None else row[0]


def _set_meta(connection: sqlite3.Connection, name: str, value: str) -> None:
    connection.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))


def _new_generation(connection: sqlite3.Connection) -> None:
    _set_meta(connection, "generation", os.urandom(8).hex())


class _transaction:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def __enter__(self) -> None:
        self._connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self._connection.execute("COMMIT")
        elif self._connection.in_transaction:
            # SQLite has rolled back already after some errors (corruption, a
            # full disk); a ROLLBACK then would fail and hide the error.
            self._connection.execute("ROLLBACK")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, _DAMAGED_VALUES):
        return f"a stored value is damaged: {type(exc).__name__}"
    return str(exc) or type(exc).__name__


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def open_cache(directory: Path | str, *, warn: Warn = warn_on_stderr) -> AnalysisCache | None:
    """Open (creating if needed) the cache in ``directory``; None, with a warning, if it cannot be used."""
    cache = AnalysisCache(Path(directory), warn=warn)
    return cache if cache.available else None


def open_default_cache(
    configured_dir: str | None = None, *, enabled: bool = True, warn: Warn = warn_on_stderr
) -> AnalysisCache | None:
    """The cache a user gets: None when turned off (``[cache] enabled = false``, --no-cache) or unusable.

    ``configured_dir`` is ``[cache] dir``; $DJ_TUI_CACHE_DIR wins over it
    (``cache_dir``).
    """
    if not enabled:
        return None
    return open_cache(cache_dir(configured_dir), warn=warn)
