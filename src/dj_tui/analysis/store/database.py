"""The persistent analysis cache: each report is analysed once, then read back.

One SQLite database (``analysis.sqlite3``, WAL journal) in the user cache
directory, or in ``$DJ_TUI_CACHE_DIR``, or in the ``[cache] dir`` of
config.toml. A row holds one report's record (``records``) and is found by

* the analysis fingerprint (engine version, a digest of the per-report
  stages' source and resources, and the settings and files that shape a
  report's result: see ``engine.analysis_fingerprint``), and
* a digest of the file's bytes and of whether it is read as Markdown.

A report whose bytes are unchanged is never analysed again; an edited one is;
changing a setting or upgrading dj-tui re-analyses. The path is not part of
the key: a report is analysed once however many copies or names it has.

Reading and hashing every file of a large collection costs more than
everything else a cached start does, so the cache also remembers each file's
signature (device, inode, size, modification and change times, as ``git``'s
index does) with the digest of its bytes. A file whose signature is
unchanged is not read again; one modified within SIGNATURE_MARGIN_NS of the
moment its signature was recorded is, since a second write within the
timestamp's granularity would leave the signature unchanged.

A row that fails its CRC or does not decode is a miss and is replaced. A
database that is corrupt or belongs to another program is renamed aside,
never deleted, with a warning, and a new one is started, whenever the damage
is found (``damage``: on opening, or by any query later), once a run; any
other SQLite trouble (disk full, read-only, locked for too long) turns the
cache off for the run with a warning. The cache never fails a run and never
changes a result.

The database also holds the full-text index the dashboard searches
(``fulltext.CacheSearch``, tables in ``schema``): a report is indexed in the
transaction that stores it, so a search over ten thousand cached reports
needs no index built at start-up.
"""
from __future__ import annotations

import marshal
import sqlite3
import threading
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dj_tui.analysis.stages.searchtext import gram_tokens
from dj_tui.analysis.store.damage import SetAside, Warn, on_database, reason, shows_damage, warn_on_stderr
from dj_tui.analysis.store.records import (
    _ID_SIZE,
    Record,
    _crc,
    _encode_counts,
    _ids_from_bytes,
    _ids_to_bytes,
    _LazyTerms,
    _modified_ns,
    content_hash,
    decode_ranking,
    encode_ranking,
)
from dj_tui.analysis.store.schema import (
    GRAM_TABLE,
    SCHEMA,
    SEARCH_TABLES,
    SHADOW_PREFIXES,
    TABLES,
    TRIGRAM_TABLE,
    create_search_tables,
    index_text,
    meta,
    new_generation,
    set_meta,
    transaction,
)

DB_NAME = "analysis.sqlite3"
# PRAGMA application_id: marks the file as dj-tui's ("djtu").
APPLICATION_ID = 0x646A7475
# PRAGMA user_version: the table layout, and the tokens of the n-gram index:
# bump it when ``searchtext.gram_tokens`` changes (deleting a row's index
# entries regenerates its tokens). A different one is rebuilt.
SCHEMA_VERSION = 4
# Rows not read for this many days are removed (checked once a day).
KEEP_UNUSED_DAYS = 30
# Seconds a writer waits for another dj-tui process holding the database.
BUSY_TIMEOUT = 5.0
# How many keys one lookup query carries (SQLite's variable limit is 32766).
LOOKUP_BATCH = 500
# Collection rankings kept: the collections a user opens (most recently used).
KEEP_RANKINGS = 16
# A file signature vouches for the bytes read only if the file was last
# modified this long before the signature was recorded (coarse file-system
# clocks tick every 2 s).
SIGNATURE_MARGIN_NS = 2_000_000_000




# --- the database ----------------------------------------------------------------


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    size: int  # bytes on disk, journal included
    entries: int
    current_entries: int  # rows the current engine and settings can use
    terms: int  # distinct keyphrase candidates stored
    set_aside: tuple[Path, ...]  # unusable databases renamed out of the way


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
        except SetAside as damage:
            self._replace(damage)
        except (OSError, sqlite3.Error) as exc:
            self._disable(f"cannot use the cache at {self.path} ({reason(exc)}); analysing without it")

    def _open_checked(self) -> sqlite3.Connection:
        """A connection to the database, ready for use; SetAside when it is damaged or not ours."""
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
        try:
            self._prepare(connection)
        except BaseException as exc:
            connection.close()
            if shows_damage(exc) and not isinstance(exc, SetAside):
                raise SetAside(reason(exc)) from exc
            raise
        return connection

    def _prepare(self, connection: sqlite3.Connection) -> None:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        if application_id != APPLICATION_ID and (application_id != 0 or tables):
            raise SetAside("it is not a dj-tui cache")
        connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode a crash can lose the last commits but never corrupts the file.
        connection.execute("PRAGMA synchronous = NORMAL")
        if application_id == APPLICATION_ID and version == SCHEMA_VERSION:
            # A table lost is found here rather than by the first query to
            # need it, which a cached run may never make. The full-text tables
            # are all there or all absent (made by an SQLite without FTS5).
            self._searchable = any(table in tables for table in SEARCH_TABLES)
            expected = (*TABLES, *SEARCH_TABLES) if self._searchable else TABLES
            missing = [table for table in expected if table not in tables]
            if missing:
                raise SetAside(f"table {', '.join(missing)} missing")
            self._prune(connection)
            return
        # A new file, or one written by another version of dj-tui: (re)build it.
        with transaction(connection):
            for table in tables:
                if table != "sqlite_sequence" and not table.startswith(SHADOW_PREFIXES):
                    connection.execute(f'DROP TABLE IF EXISTS "{table}"')
            for statement in SCHEMA:
                connection.execute(statement)
            self._searchable = create_search_tables(connection)
            connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _prune(self, connection: sqlite3.Connection) -> None:
        """Once a day: drop rows unused for KEEP_UNUSED_DAYS, then the terms no row uses."""
        if meta(connection, "pruned") == str(self._today):
            return
        with transaction(connection):
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
                new_generation(connection)
            set_meta(connection, "pruned", str(self._today))

    def _replace(self, damage: Exception) -> None:
        """Set the damaged database aside and start a new one.

        Once a run: damage in the new one too means a fault of this run's
        own, which must not set aside one database after another.
        """
        if self.replacements:
            self._disable(f"the new cache at {self.path} is unusable too ({reason(damage)}); going on without it")
            return
        try:
            self._set_aside(reason(damage))
            self._connection = self._open_checked()
        except (OSError, sqlite3.Error, SetAside) as exc:
            self._disable(f"cannot use the cache at {self.path} ({reason(exc)}); analysing without it")

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
        if shows_damage(exc):
            self._replace(exc)
        else:
            self._disable(f"the cache at {self.path} failed ({reason(exc)}); going on without it")

    def report_damage(self, exc: Exception, replacements: int) -> None:
        """Set the database aside if ``exc``, met by another connection reading it, shows it damaged.

        ``replacements``: this handle's count when the reader opened the
        database (see ``fulltext.CacheSearch``); a database set aside since is
        not this one.
        """
        if shows_damage(exc):
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
                    index_text(connection, row_id, text, gram_tokens(text), delete=True)
            connection.execute("DELETE FROM entries WHERE id = ?", (row_id,))

    # -- the terms table -----------------------------------------------------------

    def _forget_terms(self) -> None:
        # Index: term id. Ids start at 1; a gap (deleted terms) holds None.
        self._vocabulary: list[str | None] = [None]
        self._holes = False
        self._term_ids: dict[str, int] = {}
        self._generation: str | None = None

    def _check_generation(self, connection: sqlite3.Connection) -> None:
        generation = meta(connection, "generation")
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

    @on_database(otherwise=dict)
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
            with transaction(connection):
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

    @on_database(otherwise=lambda: None)
    def store(self, connection: sqlite3.Connection, fingerprint: str, key: bytes, record: Record) -> None:
        """Keep one report's record; committed at once, so a killed run keeps what it finished."""
        with transaction(connection):
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
                    content_hash(record.head),
                    self._today,
                    _crc(record.head, term_blob, record.body),
                    record.head,
                    term_blob,
                    record.body,
                    zlib.compress(record.search.encode("utf-8"), 1),
                ),
            ).lastrowid
            if self._searchable:
                index_text(connection, row_id, record.search, record.grams)

    @on_database(otherwise=dict)
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
            with transaction(connection):
                connection.executemany("UPDATE files SET used = ? WHERE path = ?", stale)
        return known

    @on_database(otherwise=lambda: None)
    def remember_files(self, connection: sqlite3.Connection, files: Sequence[tuple[bytes, bytes, bytes]]) -> None:
        """Record (absolute path as bytes, ``file_signature``, record key) of files just hashed."""
        if not files:
            return
        recorded = time.time_ns()
        with transaction(connection):
            connection.executemany(
                "INSERT OR REPLACE INTO files (path, signature, key, recorded, used) VALUES (?, ?, ?, ?, ?)",
                [(path, signature, key, recorded, self._today) for path, signature, key in files],
            )

    @on_database(otherwise=lambda: None)
    def ranking(
        self, connection: sqlite3.Connection, name: bytes
    ) -> dict[bytes, tuple[tuple[str, float], ...]] | None:
        """A collection ranking stored under ``name`` (report key -> its (term, score) list), or None."""
        row = connection.execute("SELECT used, crc, data FROM rankings WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        used, crc, data = row
        ranking = decode_ranking(data) if zlib.crc32(data) == crc else None
        with transaction(connection):
            if ranking is None:
                connection.execute("DELETE FROM rankings WHERE name = ?", (name,))
            elif used < self._today:
                connection.execute("UPDATE rankings SET used = ? WHERE name = ?", (self._today, name))
        return ranking

    @on_database(otherwise=lambda: None)
    def store_ranking(
        self, connection: sqlite3.Connection, name: bytes, ranking: dict[bytes, tuple[tuple[str, float], ...]]
    ) -> None:
        """Keep a collection ranking, and only the KEEP_RANKINGS most recently used."""
        data = encode_ranking(ranking)
        with transaction(connection):
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

    @on_database(otherwise=lambda: (0, 0, 0))
    def _checked_counts(self, connection: sqlite3.Connection, fingerprint: str) -> tuple[int, int, int]:
        """(entries, entries for ``fingerprint``, terms), once the whole file has been checked.

        Counting reads few pages; a user asking about the cache wants to know
        whether it is sound, and a command run by hand can afford a full read.
        """
        (verdict,) = connection.execute("PRAGMA integrity_check(1)").fetchone()
        if verdict != "ok":
            raise SetAside(verdict.splitlines()[-1])  # the problem, after "*** in database main ***"
        return (
            connection.execute("SELECT count(*) FROM entries").fetchone()[0],
            connection.execute("SELECT count(*) FROM entries WHERE fingerprint = ?", (fingerprint,)).fetchone()[0],
            connection.execute("SELECT count(*) FROM terms").fetchone()[0],
        )

    @on_database(otherwise=int)
    def clear(self, connection: sqlite3.Connection) -> int:
        """Remove every record and shrink the file; return how many there were."""
        with transaction(connection):
            removed = connection.execute("DELETE FROM entries").rowcount
            connection.execute("DELETE FROM terms")
            connection.execute("DELETE FROM rankings")
            connection.execute("DELETE FROM files")
            if self._searchable:
                for table in (TRIGRAM_TABLE, GRAM_TABLE):
                    connection.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
            new_generation(connection)
        self._forget_terms()
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return removed

    def close(self) -> None:
        """Close the database, its write-ahead log checkpointed into it and truncated.

        SQLite does that by itself only when the last connection closes, and
        the dashboard's search reads on a connection of its own that outlives
        this one: without the checkpoint, a quit left megabytes of log behind.
        """
        with self._lock:
            if self._connection is not None:
                try:
                    self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error:
                    pass  # the log stays, and the next open replays it: nothing is lost
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


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
