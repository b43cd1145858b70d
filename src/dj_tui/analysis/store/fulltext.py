"""The cache's full-text index, read: which stored reports contain a query.

Queries of three characters or more go to the trigram table, shorter ones
to the table of single characters and pairs (``searchtext.gram_tokens``);
both are contentless FTS5 tables kept by ``database.AnalysisCache`` (named
in ``schema``) and keyed by the row id of each report.
"""

from __future__ import annotations

import sqlite3

from dj_tui.analysis.stages.searchtext import gram_token
from dj_tui.analysis.store.database import AnalysisCache
from dj_tui.analysis.store.schema import GRAM_TABLE, TRIGRAM_TABLE


class CacheSearch:
    """Queries of the cache's full-text index (see ``cache``), on a read-only connection of its own.

    Results are row ids of cache entries; ``holds`` and ``matching`` turn
    them into content hashes, which is how the collection knows its reports.
    Rows stored later (by this run's analysis or by another process) are
    learnt on demand. When the cache is cleared or pruned meanwhile (its
    ``generation`` changes), or set aside as damaged (here or by the cache),
    the index no longer answers for the reports it held: ``matching`` gives
    None and the caller indexes them itself.
    """

    def __init__(self, connection: sqlite3.Connection, fingerprint: str, cache: AnalysisCache) -> None:
        self._connection = connection
        self._fingerprint = fingerprint
        self._cache = cache
        self._replacements = cache.replacements  # which database of the cache this reads
        self._generation = self._read_generation()
        self._hash_of: dict[int, str] = {}  # row id -> content hash, rows of this fingerprint
        self._hashes: set[str] = set()
        self._last_id = 0
        # The row ids of this fingerprint lie between these: usually a run of
        # consecutive ids, as a collection is stored in one go, while the cache
        # may also hold the rows of earlier settings and engine versions.
        self._lowest_id = 0
        self._highest_id = 0

    @classmethod
    def open(cls, cache: AnalysisCache | None, fingerprint: str) -> CacheSearch | None:
        """The index of ``cache`` for analyses made with ``fingerprint``; None where it has none."""
        if cache is None or not cache.searchable:
            return None
        replacements = cache.replacements
        try:
            connection = sqlite3.connect(
                f"{cache.path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            return cls(connection, fingerprint, cache)
        except sqlite3.Error as exc:
            cache.report_damage(exc, replacements)
            return None

    def _read_generation(self) -> str | None:
        row = self._connection.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
        return None if row is None else row[0]

    def holds(self, content_hash: str) -> bool:
        """Whether the index has a report with this content (stored under this fingerprint)."""
        if content_hash not in self._hashes:
            try:
                (newest,) = self._connection.execute("SELECT max(id) FROM entries").fetchone()
                if newest is not None and newest > self._last_id:
                    rows = self._connection.execute(
                        "SELECT id, content_hash FROM entries WHERE fingerprint = ? AND id > ?",
                        (self._fingerprint, self._last_id),
                    ).fetchall()
                    self._last_id = newest
                    self._hash_of.update(rows)
                    self._hashes.update(content for _, content in rows)
                    if rows:
                        learnt = [row_id for row_id, _ in rows]
                        self._lowest_id = min(learnt) if not self._lowest_id else min(self._lowest_id, *learnt)
                        self._highest_id = max(self._highest_id, *learnt)
            except sqlite3.Error as exc:
                self._cache.report_damage(exc, self._replacements)
                return False
        return content_hash in self._hashes

    def matching(self, key: str) -> set[str] | None:
        """Content hashes of the reports containing ``key`` (a ``query_key``); None if the index is gone."""
        if len(key) >= 3:
            # A phrase of trigrams: every trigram of the key, in order.
            table, query = TRIGRAM_TABLE, '"' + key.replace('"', '""') + '"'
        else:
            table, query = GRAM_TABLE, gram_token(key)
        try:
            if self._cache.replacements != self._replacements or self._read_generation() != self._generation:
                return None
            # One row, not one per match: stepping through ten thousand rows
            # from Python costs more than the search, and each step gives up
            # the GIL and waits to get it back from the UI thread.
            (found,) = self._connection.execute(
                f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ? AND rowid BETWEEN ? AND ?",
                (query, self._lowest_id, self._highest_id),
            ).fetchone()
        except sqlite3.Error as exc:
            self._cache.report_damage(exc, self._replacements)
            return None
        if not found:
            return set()
        # Set operations and map, not a comprehension: this runs over every
        # match, and for a common character that is every report.
        rows = self._hash_of.keys() & set(map(int, found.split(",")))
        return set(map(self._hash_of.__getitem__, rows))

    def close(self) -> None:
        self._connection.close()
