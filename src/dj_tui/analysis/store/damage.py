"""What tells a damaged cache database from a busy, full or read-only one, and how trouble is told."""

from __future__ import annotations

import functools
import sqlite3
import struct
import sys
import zlib
from collections.abc import Callable
from typing import Any

from dj_tui.printable import visible

Warn = Callable[[str], None]


def warn_on_stderr(message: str) -> None:
    sys.stderr.write(f"dj-tui: warning: {visible(message)}\n")


_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26


class SetAside(Exception):
    """The database is corrupt or not ours: rename it and start afresh."""


# What reading a damaged database raises besides SQLite's errors: a value that
# is not what was written (a path not asked for, a blob that does not decode,
# a column of another type).
DAMAGED_VALUES = (LookupError, ValueError, TypeError, EOFError, struct.error, zlib.error)
# SQLite's words for a schema that lost a table or a column, and Python's for
# a text column that is not UTF-8: dj-tui wrote neither.
_DAMAGE_MESSAGES = ("no such table", "no such column", "Could not decode to UTF-8")


def shows_damage(exc: BaseException) -> bool:
    """Whether ``exc``, met using the database, means the file is damaged (rather than busy, full or read-only)."""
    if isinstance(exc, UnicodeEncodeError):
        return False  # a str given to SQLite that is not UTF-8: the caller's, not the file's
    if isinstance(exc, (SetAside, *DAMAGED_VALUES)):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return True
    message = str(exc)
    return any(words in message for words in _DAMAGE_MESSAGES)



def reason(exc: BaseException) -> str:
    if isinstance(exc, DAMAGED_VALUES):
        return f"a stored value is damaged: {type(exc).__name__}"
    return str(exc) or type(exc).__name__


def on_database(otherwise: Callable[[], Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Run an ``AnalysisCache`` method on the open connection, given as its first argument, under the lock.

    The method returns ``otherwise()`` when there is no connection or it
    fails: this is where every error met using the database is handled
    (``AnalysisCache._failed``), so that no caller ever sees one.
    """

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def run(self: Any, *args: Any) -> Any:
            with self._lock:
                connection = self._connection
                if connection is None:
                    return otherwise()
                try:
                    return method(self, connection, *args)
                except (sqlite3.Error, SetAside, *DAMAGED_VALUES) as exc:
                    self._failed(exc)
                    return otherwise()

        return run

    return decorate
