"""The cache database's tables, and the SQL every store module shares to use them.

The one owner of the schema: ``database`` creates and checks the tables
from here, and ``fulltext`` reads the full-text ones by these names.
"""

from __future__ import annotations

import os
import sqlite3

# Small columns first: scans of ``used`` then never touch the blobs' pages.
# AUTOINCREMENT on entries: the full-text index is keyed by row id, and an id,
# once given, never names another report.
SCHEMA = (
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
    # digest of what it depends on (see ``collection.build``).
    "CREATE TABLE rankings (name BLOB PRIMARY KEY, used INTEGER NOT NULL, crc INTEGER NOT NULL, data BLOB NOT NULL)",
)
TABLES = tuple(statement.split()[2] for statement in SCHEMA if statement.startswith("CREATE TABLE"))
TRIGRAM_TABLE = "search_trigrams"
GRAM_TABLE = "search_grams"
# FTS5 keeps its index in shadow tables named after the table; dropping the
# table drops them.
SHADOW_PREFIXES = (f"{TRIGRAM_TABLE}_", f"{GRAM_TABLE}_")
# The full-text tables with their shadow tables (those of a contentless table
# without column sizes): a shadow table lost shows only as "SQL logic error".
SEARCH_TABLES = tuple(
    f"{table}{suffix}" for table in (TRIGRAM_TABLE, GRAM_TABLE) for suffix in ("", "_data", "_idx", "_config")
)
# Contentless (content=''): the text is in ``entries.search``, not stored twice.
# case_sensitive 1: the text and queries are folded already (searchtext.fold),
# and only ASCII letters are.
SEARCH_SCHEMA = (
    f"CREATE VIRTUAL TABLE {TRIGRAM_TABLE} USING fts5("
    "text, tokenize = 'trigram case_sensitive 1', content = '', columnsize = 0)",
    f"CREATE VIRTUAL TABLE {GRAM_TABLE} USING fts5("
    "grams, tokenize = 'ascii', content = '', columnsize = 0, detail = 'none')",
)


def create_search_tables(connection: sqlite3.Connection) -> bool:
    """Create the full-text tables; False when this SQLite cannot (no FTS5 or no trigram tokenizer)."""
    try:
        for statement in SEARCH_SCHEMA:
            connection.execute(statement)
    except sqlite3.OperationalError:
        for table in (TRIGRAM_TABLE, GRAM_TABLE):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        return False
    return True


def index_text(connection: sqlite3.Connection, row_id: int, text: str, grams: str, *, delete: bool = False) -> None:
    """Add a row's text to both full-text tables, or with ``delete`` remove it (it must be the same text)."""
    for table, column, value in ((TRIGRAM_TABLE, "text", text), (GRAM_TABLE, "grams", grams)):
        if delete:
            statement = f"INSERT INTO {table} ({table}, rowid, {column}) VALUES ('delete', ?, ?)"
        else:
            statement = f"INSERT INTO {table} (rowid, {column}) VALUES (?, ?)"
        connection.execute(statement, (row_id, value))


def meta(connection: sqlite3.Connection, name: str) -> str | None:
    row = connection.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
    return None if row is None else row[0]


def set_meta(connection: sqlite3.Connection, name: str, value: str) -> None:
    connection.execute("INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", (name, value))


def new_generation(connection: sqlite3.Connection) -> None:
    set_meta(connection, "generation", os.urandom(8).hex())


class transaction:
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
