"""Finding report files and turning their bytes into text.

Everything here reads and never writes. Problems with one input become a
message for that input (``IngestError`` or ``LoadError``) so that one bad file
never stops a whole collection from loading.
"""

from __future__ import annotations

import codecs
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import BinaryIO

from dj_tui.analysis.models import LoadError

_MB = 1024 * 1024

# Control characters that have no place in prose (tab, line feed, vertical
# tab, form feed and carriage return do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A text file may carry a stray control character pasted from a web page; a
# decoded binary is full of them.
_MAX_CONTROL_SHARE = 0.01
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029]")
# The encodings a Chinese report comes in when it is not UTF-8, as Python's
# codecs name them: GB18030 (a superset of GBK and GB2312), Big5 and its
# Windows and Hong Kong supersets, and UTF-16 without a byte-order mark.
_CHINESE_ENCODINGS = ("gb18030", "big5", "cp950", "big5hkscs", "utf-16-le", "utf-16-be")
# Big5 text is decoded as Windows writes it (cp950: 图① where Hong Kong's
# HKSCS has kana), else with HKSCS's characters at codes cp950 leaves empty.
_BIG5_DECODERS = ("cp950", "big5hkscs")


# Names a directory walk passes over: hidden files, and the lock files Word
# leaves beside a document it has open (~$报告.docx), which are no reports.
_NOT_REPORTS = (".", "~$")


class IngestError(Exception):
    """Why a report could not be read: one line, without the path."""


def decode_bytes(data: bytes) -> str:
    """Decode a report's bytes and unify line ends to ``\\n``.

    A byte-order mark decides the encoding outright (UTF-8, UTF-16 LE/BE).
    Without one the text is read as UTF-8 if it is valid UTF-8: Chinese in any
    other encoding practically never is, while UTF-8 text is often valid
    GB18030 too. Otherwise a detector (chardet) restricted to the encodings of
    Chinese text names the likeliest: Big5 and GB18030 accept most of each
    other's byte pairs, so only the characters they give tell them apart.
    Every guess is checked by a strict decode of all the bytes: a wrong one
    fails loudly instead of producing mojibake.
    """
    if data.startswith(codecs.BOM_UTF8):
        text = _decode_strict(data[len(codecs.BOM_UTF8) :], "utf-8", offset=len(codecs.BOM_UTF8))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # A UTF-32 LE mark starts like UTF-16 LE's; its NUL-padded code units
        # then fail the binary check below.
        text = _decode_strict(data, "utf-16", offset=0)
    elif b"\x00" in data:
        # Of the text encodings only UTF-16 has NUL bytes (the high byte of
        # every ASCII character, line ends included), and it decodes them away.
        text = _decode_detected(data)
        if text is None or "\x00" in text:
            raise IngestError("binary file (NUL bytes)")
    else:
        text = _decode_utf8_or_detected(data)
    if _looks_binary(text):
        raise IngestError("binary file (control characters)")
    return _NEWLINES.sub("\n", text)


def _decode_strict(data: bytes, encoding: str, offset: int) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            f"cannot decode as {encoding.upper()} despite its byte-order mark "
            f"(invalid byte 0x{data[exc.start]:02x} at offset {exc.start + offset})"
        ) from None


def _decode_utf8_or_detected(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        text = _decode_detected(data)
        if text is not None:
            return text
        try:
            # The detector's guesses all failed on bytes past the window it
            # read; GB18030 stays the fallback it is for short text.
            return data.decode("gb18030")
        except UnicodeDecodeError as gb_error:
            # The decoder that got further is the likelier intended encoding,
            # so its complaint is the useful one.
            error = max(utf8_error, gb_error, key=lambda e: e.start)
            raise IngestError(
                "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 "
                f"(invalid byte 0x{data[error.start]:02x} at offset {error.start})"
            ) from None


def _decode_detected(data: bytes) -> str | None:
    """The text in the likeliest Chinese encoding that decodes all of ``data``, or None."""
    # Imported here: a collection in UTF-8 never needs the detector.
    import chardet

    # When nothing fits, the detector answers GB18030, the encoding of most
    # Chinese text that is not UTF-8, and the strict decode below judges it.
    guesses = chardet.detect_all(
        data, include_encodings=_CHINESE_ENCODINGS, no_match_encoding="gb18030", compat_names=False
    )
    for guess in guesses:
        encoding = guess["encoding"]
        if encoding is None:
            continue
        for decoder in _BIG5_DECODERS if encoding in ("big5", *_BIG5_DECODERS) else (encoding,):
            try:
                return data.decode(decoder)
            except UnicodeDecodeError:
                # The detector reads a window of the file; the rest may disagree.
                continue
    return None


def _looks_binary(text: str) -> bool:
    if "\x00" in text:
        return True
    return len(_CONTROL.findall(text)) > len(text) * _MAX_CONTROL_SHARE


def stat_report(path: str | Path, max_bytes: int) -> os.stat_result:
    """What ``stat`` says of a report file, or ``IngestError`` if it is none to read.

    This and ``read_report_bytes`` are where the size limit (``max_file_mb``)
    applies: a file is refused on its ``stat`` before any byte is read,
    whatever its size.
    """
    try:
        info = os.stat(path)
    except OSError as exc:
        raise IngestError(_os_reason(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError("is a directory")
    if not stat.S_ISREG(info.st_mode):
        # Reading a FIFO or a device could block forever or never end.
        raise IngestError("not a regular file")
    if info.st_size > max_bytes:
        raise IngestError(_too_large(info.st_size, max_bytes))
    if info.st_size == 0:
        raise IngestError("empty file")
    return info


def read_report_bytes(path: str | Path, info: os.stat_result, max_bytes: int) -> bytes:
    """The bytes of the report file ``stat_report`` gave ``info`` for, or ``IngestError``."""
    try:
        with open(path, "rb") as handle:
            data = read_limited(handle, info.st_size, max_bytes)
    except OSError as exc:
        raise IngestError(_os_reason(exc)) from None
    if len(data) > max_bytes:
        raise IngestError(_too_large(len(data), max_bytes))
    if not data:
        raise IngestError("empty file")
    return data


def report_text(data: bytes) -> str:
    """The text of a report's bytes (``decode_bytes``), or ``IngestError`` when it has none."""
    text = decode_bytes(data)
    if not text.strip():
        raise IngestError("empty file (only white space)")
    return text


def read_report(path: str | Path, max_bytes: int) -> str:
    """The decoded text of one report file, or ``IngestError`` with a one-line reason."""
    return report_text(read_report_bytes(path, stat_report(path, max_bytes), max_bytes))


def read_limited(handle: BinaryIO, size: int, max_bytes: int) -> bytes:
    """The file's bytes, at most ``max_bytes`` + 1 (one more than allowed tells a file that grew too big).

    ``size`` is what stat said: a read of that much (plus one) sets aside no
    buffer of ``max_file_mb`` for a small file; a file that grew since is
    read on to the limit.
    """
    data = handle.read(min(size, max_bytes) + 1)
    if len(data) > size:
        data += handle.read(max_bytes + 1 - len(data))
    return data


def _too_large(size: int, max_bytes: int) -> str:
    return f"file is {size / _MB:.1f} MB, over the {max_bytes / _MB:g} MB limit (max_file_mb)"


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, NotADirectoryError):
        return "no such file or directory (a parent is not a directory)"
    return (exc.strerror or type(exc).__name__).lower()


def discover(paths: Sequence[str], patterns: Sequence[str]) -> tuple[list[str], list[LoadError]]:
    """Expand files and directories into report paths.

    A file is taken whatever its name; a directory is searched recursively for
    names matching ``patterns`` (case-insensitively, so ``REPORT.TXT`` counts),
    skipping hidden files and directories and Word's lock files (~$x.docx). Returned paths start with the path
    as the user typed it, are sorted, and name each file once even when it is
    reached twice (``d`` and ``d/x.txt``, or a relative and an absolute path).
    """
    matcher = _compile_patterns(patterns)
    found: dict[str, str] = {}  # real path -> path shown to the user
    through_links: set[str] = set()  # real paths shown by the path of a link met in a walk
    errors: list[LoadError] = []

    def add_walked(shown: str, real_directory: str | None) -> None:
        # Resolving each file's whole path costs a system call per component:
        # a walked file that is no link is its directory's real path plus its
        # name (the walk passes no directory for a link).
        if real_directory is None:
            real = os.path.realpath(shown)
            if real not in found:
                found[real] = shown
                through_links.add(real)
            return
        real = os.path.join(real_directory, os.path.basename(shown))
        # A file met through a link and in its own directory is shown by the latter.
        if real not in found or real in through_links:
            found[real] = shown
            through_links.discard(real)

    for given in paths:
        # Only trailing slashes go: the rest stays as typed, so `./d/` lists
        # `./d/x.txt` and the user recognises every path shown.
        root = given.rstrip("/") or given
        if not os.path.lexists(root):
            errors.append(LoadError(given, "no such file or directory"))
        elif os.path.isdir(root):
            matched, walk_errors = _walk(root, matcher, add_walked)
            errors.extend(walk_errors)
            if not matched and not walk_errors:
                errors.append(LoadError(given, f"no reports ({', '.join(patterns)}) in directory"))
        else:
            # Broken links and special files are passed on: reading them gives
            # the precise reason.
            found.setdefault(os.path.realpath(root), root)
    return sorted(found.values()), errors


def _compile_patterns(patterns: Sequence[str]) -> re.Pattern[str]:
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(fnmatch.translate(p) for p in patterns), re.IGNORECASE)


def _walk(
    root: str, matcher: re.Pattern[str], add: Callable[[str, str | None], None]
) -> tuple[int, list[LoadError]]:
    """Pass every matching file under ``root`` to ``add``; return how many, and the errors met.

    Top down, in name order. A file comes with its directory's real path, or
    None when it is a symbolic link. ``os.scandir`` tells links and
    directories apart from the directory listing itself, without a system
    call per file.
    """
    matched = 0
    errors: list[LoadError] = []
    pending = [root]
    while pending:
        directory = pending.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted((e for e in listing if not e.name.startswith(_NOT_REPORTS)), key=lambda e: e.name)
        except OSError as exc:
            errors.append(LoadError(exc.filename or directory, _os_reason(exc)))
            continue
        real_directory = os.path.realpath(directory)
        subdirectories = []
        for entry in entries:
            try:
                is_directory = entry.is_dir()
            except OSError:
                is_directory = False
            if is_directory:
                # Symlinked directories are not followed: a link back up the tree would loop.
                if not entry.is_symlink():
                    subdirectories.append(entry.path)
            elif matcher.match(entry.name):
                add(entry.path, None if entry.is_symlink() else real_directory)
                matched += 1
        pending.extend(reversed(subdirectories))
    return matched, errors
