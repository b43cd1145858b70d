"""Briefing files: what to write (a collection, one region or one report, as
a Word 简报, Markdown or CSV), what to call it, where not to write it, and
how to write it so that no reader ever sees half a file.

``summarize --output`` and the dashboard's export (``e``) both go through
here, so the dashboard's file of the whole collection is the file
``summarize`` writes for the same reports.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from dj_tui.analysis import briefing_csv, briefing_docx, export
from dj_tui.analysis.collection.build import place_below
from dj_tui.analysis.models import CollectionResult, RegionFigure, RegionGroup

if TYPE_CHECKING:
    from dj_tui.analysis.collection.cross_region import CrossRegionView

DOCX = "docx"
MARKDOWN = "markdown"
CSV = "csv"
# Each format's file name suffix, and the word a file's name starts with.
SUFFIXES = {DOCX: ".docx", MARKDOWN: ".md", CSV: ".csv"}
_NAME_WORDS = {DOCX: "党建简报", MARKDOWN: "党建简报", CSV: "党建数据"}
WHOLE_COLLECTION = "全部地区"

# What no file name may hold on Linux, macOS or Windows (or a USB stick's
# FAT), plus whitespace runs and the surrogates of undecodable file names.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s\ud800-\udfff]+')
# Characters of a name taken from a report: long titles are cut, as 255 bytes is the usual limit.
_NAME_PART = 40


def region_part(result: CollectionResult, name: str) -> CollectionResult:
    """The collection cut down to the region ``name``: its group and its reports, no errors."""
    group = next(group for group in result.regions if group.name == name)
    paths = set(group.reports)
    return CollectionResult(reports=tuple(r for r in result.reports if r.path in paths), regions=(group,))


def report_part(result: CollectionResult, path: str) -> CollectionResult:
    """The collection cut down to one report, under its region, whose figures are its own headline figures."""
    report = next(report for report in result.reports if report.path == path)
    region = next(group for group in result.regions if path in group.reports)
    place = place_below(report.analysis.region, region.level)
    group = RegionGroup(
        name=region.name,
        level=region.level,
        reports=(path,),
        keywords=report.keywords,
        figures=tuple(RegionFigure(figure, path, place) for figure in report.headline_figures),
    )
    return CollectionResult(reports=(report,), regions=(group,))


def briefing_bytes(file_format: str, result: CollectionResult, cross: CrossRegionView, made: date) -> bytes:
    """``result`` as the bytes of a file in ``file_format`` (a key of ``SUFFIXES``), dated ``made``."""
    if file_format == DOCX:
        return briefing_docx.briefing_docx(result, cross, made)
    if file_format == CSV:
        return briefing_csv.figures_csv(result)
    return export.to_markdown(result).encode("utf-8")


def file_name(file_format: str, subject: str | None, made: datetime) -> str:
    """``党建简报-甘肃省-20261201-0712.docx``: what the file holds (``subject``; None: every region) and when."""
    # A leading dot would hide the file; a subtitle heading (——…) needs no dashes in a name.
    shown = WHOLE_COLLECTION if subject is None else _UNSAFE.sub("_", subject).strip("._—") or "报告"
    if len(shown) > _NAME_PART:
        shown = shown[: _NAME_PART - 1] + "…"
    return f"{_NAME_WORDS[file_format]}-{shown}-{made:%Y%m%d-%H%M}{SUFFIXES[file_format]}"


@dataclass(frozen=True)
class Refusal:
    """Why a file must not be written: it is, or is inside, ``given``, one of the inputs being analysed."""

    given: str
    is_report: bool  # the target is a report itself, not a file inside a data directory


def refusal(target: str | Path, inputs: Sequence[str]) -> Refusal | None:
    """Why ``target`` must not be written, or None: dj-tui only ever reads the data it analyses."""
    resolved = Path(target).resolve()
    for given in inputs:
        source = Path(given).resolve()
        if resolved == source:
            return Refusal(given, is_report=True)
        if source.is_dir() and resolved.is_relative_to(source):
            return Refusal(given, is_report=False)
    return None


def write_replacing(target: Path, data: bytes) -> None:
    """Replace ``target`` with ``data`` at once: a reader never sees half a file, a failure leaves the old one.

    Raises OSError.
    """
    temporary = _written_aside(target, data)
    try:
        os.replace(temporary, target)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        raise


def write_new(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``name`` in ``directory`` (made if missing), never over an existing file.

    A taken name gets -2, -3 … before its suffix. The name is claimed with an
    exclusive create, and the full content then replaces the empty claim at
    once, which works on every file system (a USB stick's FAT has no hard
    links). Returns the path written; raises OSError.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stem, suffix = os.path.splitext(name)
    temporary = _written_aside(directory / name, data)
    try:
        for number in range(1, 10_000):
            target = directory / (name if number == 1 else f"{stem}-{number}{suffix}")
            try:
                os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            except FileExistsError:
                continue
            try:
                os.replace(temporary, target)
            except OSError:
                with suppress(OSError):
                    os.unlink(target)
                raise
            return target
        raise FileExistsError(f"{directory / name} and 9,998 numbered names beside it exist")
    finally:
        with suppress(FileNotFoundError):
            os.unlink(temporary)


def _written_aside(target: Path, data: bytes) -> str:
    """A hidden temporary file beside ``target`` holding ``data``, synced to disk.

    Made with the mode any new file gets (a briefing is for circulating),
    not mkstemp's private one, without touching the process's umask, which
    other threads share.
    """
    while True:
        temporary = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary
