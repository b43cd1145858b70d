"""Loading and validating config.toml.

Lookup order: ``--config PATH``, ``./config.toml``, the user config dir.
Every error names the file, the line and the key, so a user can fix it
without reading code.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from dj_tui.analysis.collection.dates import DateFilter, date_problem, date_span
from dj_tui.analysis.settings import AnalysisSettings, Override
from dj_tui.analysis.stages.region import region_from_name
from dj_tui.keymap import KEY_IDS
from dj_tui.strings import LANGUAGES, ZH

CONFIG_NAME = "config.toml"
# A report is read whole into memory, with a buffer of the largest size
# allowed, then decoded and analysed at several times its size: a limit past
# a gigabyte fails for want of memory (or overflows) instead of refusing files.
MAX_FILE_MB = 1024
# The largest word frequency a user dictionary may give. jieba adds each to
# its total (60 million over its whole dictionary, 883,634 its commonest word)
# and divides by that as a float: a larger one only skews every other word,
# and one past a float's range crashes segmentation.
MAX_WORD_FREQUENCY = 1_000_000_000


class ConfigError(Exception):
    """A config problem, already formatted as ``file:line: key: reason``."""


@dataclass(frozen=True)
class Config:
    path: Path | None  # None when the built-in defaults apply
    data_dirs: tuple[str, ...] = ("data/reports",)
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)
    overrides: tuple[Override, ...] = ()
    keymap: dict[str, str] = field(default_factory=dict)  # binding id -> keys
    cache_enabled: bool = True
    cache_dir: str | None = None  # None: $DJ_TUI_CACHE_DIR or the user cache dir
    language: str = ZH  # the dashboard's: [ui] language, or --lang
    export_dir: str = "."  # where the dashboard's export (e) writes: [export] dir
    date_filter: DateFilter = field(default_factory=DateFilter)  # [filter] since/until, or summarize's options
    # Processes analysing at once; None: the CPU count. Set by --jobs, not by the file.
    jobs: int | None = None


def user_config_path() -> Path:
    return Path(user_config_dir("dj-tui")) / CONFIG_NAME


def find_config(explicit: str | None) -> Path | None:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        return path
    for candidate in (Path(CONFIG_NAME), user_config_path()):
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: str | None = None) -> Config:
    path = find_config(explicit)
    if path is None:
        return Config(path=None)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _line_from_toml_error(exc)
        raise ConfigError(f"{path}:{line}: invalid TOML: {exc}") from exc
    return _parse(raw, path, text)


def _line_from_toml_error(exc: tomllib.TOMLDecodeError) -> int | str:
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return lineno
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else "?"


# --- validation -------------------------------------------------------------

Check = Callable[[Any], str | None]  # returns the reason when the value is wrong


def _is_int(minimum: int, maximum: int | None = None) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"must be a whole number, got {value!r}"
        if value < minimum:
            return f"must be at least {minimum}, got {value}"
        if maximum is not None and value > maximum:
            return f"must be at most {maximum}, got {value}"
        return None

    return check


def _is_bool(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"must be true or false, got {value!r}"


def _is_str(value: Any) -> str | None:
    return None if isinstance(value, str) and value.strip() else f"must be a non-empty string, got {value!r}"


def _is_str_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return None
    return f"must be a list of strings, got {value!r}"


def _is_group_by(value: Any) -> str | None:
    return None if value in ("province", "city") else f'must be "province" or "city", got {value!r}'


def _is_language(value: Any) -> str | None:
    choices = " or ".join(f'"{language}"' for language in LANGUAGES)
    return None if value in LANGUAGES else f"must be {choices}, got {value!r}"


_SCHEMA: dict[str, dict[str, Check]] = {
    "data": {
        "dirs": _is_str_list,
        "patterns": _is_str_list,
        "max_file_mb": _is_int(1, MAX_FILE_MB),
    },
    "analysis": {
        "keywords_per_report": _is_int(1),
        "summary_sentences": _is_int(1),
        "figures_per_report": _is_int(0),
        "group_by": _is_group_by,
        "user_dicts": _is_str_list,
        "stopword_files": _is_str_list,
        "builtin_stopwords": _is_bool,
    },
}
_SCHEMA["cache"] = {
    "enabled": _is_bool,
    "dir": _is_str,
}
_SCHEMA["ui"] = {"language": _is_language}
_SCHEMA["export"] = {"dir": _is_str}
_SCHEMA["filter"] = {"since": date_problem, "until": date_problem}
_SCHEMA["keymap"] = {binding_id: _is_str for binding_id in sorted(KEY_IDS)}
_OVERRIDE_SCHEMA: dict[str, Check] = {
    "path": _is_str,
    "region": _is_str,
    "title": _is_str,
    "date": date_problem,  # a whole date, or only its year or month (2024, 2024-07)
}


def _parse(raw: dict[str, Any], path: Path, text: str) -> Config:
    locate = _KeyLocator(text)

    def fail(table: str, key: str, reason: str, index: int = 0) -> ConfigError:
        dotted = f"{table}.{key}" if key else table
        return ConfigError(f"{path}:{locate.line(table, key, index)}: {dotted}: {reason}")

    for table, value in raw.items():
        if table == "overrides":
            continue
        if table not in _SCHEMA:
            raise fail(table, "", f"unknown section (known: {', '.join([*_SCHEMA, 'overrides'])})")
        if not isinstance(value, dict):
            raise fail(table, "", "must be a [section]")
        for key, item in value.items():
            check = _SCHEMA[table].get(key)
            if check is None:
                raise fail(table, key, f"unknown key (known: {', '.join(_SCHEMA[table])})")
            reason = check(item)
            if reason:
                raise fail(table, key, reason)

    base = path.parent
    data = raw.get("data", {})
    analysis = raw.get("analysis", {})
    defaults = AnalysisSettings()
    settings = AnalysisSettings(
        patterns=tuple(data.get("patterns", defaults.patterns)),
        max_file_mb=data.get("max_file_mb", defaults.max_file_mb),
        keywords_per_report=analysis.get("keywords_per_report", defaults.keywords_per_report),
        summary_sentences=analysis.get("summary_sentences", defaults.summary_sentences),
        figures_per_report=analysis.get("figures_per_report", defaults.figures_per_report),
        group_by=analysis.get("group_by", defaults.group_by),
        user_dicts=tuple(str(base / p) for p in analysis.get("user_dicts", [])),
        stopword_files=tuple(str(base / p) for p in analysis.get("stopword_files", [])),
        builtin_stopwords=analysis.get("builtin_stopwords", defaults.builtin_stopwords),
    )
    for key, check_file in (("user_dicts", _check_user_dict), ("stopword_files", _text_lines)):
        for index, name in enumerate(getattr(settings, key)):
            written = analysis[key][index]
            if not Path(name).is_file():
                raise fail("analysis", key, f"file not found: {written}")
            # Checked now: found by the analysis, a bad file would fail the
            # run with a traceback (in a pool worker, for each report).
            try:
                check_file(Path(name))
            except _NotText as problem:
                raise fail("analysis", key, f"{written}: {problem}") from None

    overrides_raw = raw.get("overrides", [])
    if not isinstance(overrides_raw, list):
        raise fail("overrides", "", "must be written as [[overrides]] tables")
    overrides = []
    for index, entry in enumerate(overrides_raw):
        for key, item in entry.items():
            check = _OVERRIDE_SCHEMA.get(key)
            if check is None:
                raise fail("overrides", key, f"unknown key (known: {', '.join(_OVERRIDE_SCHEMA)})", index)
            reason = check(item)
            if reason:
                raise fail("overrides", key, reason, index)
        if "path" not in entry:
            raise fail("overrides", "", "each [[overrides]] needs a path", index)
        if "region" in entry:
            try:
                region_from_name(entry["region"])
            except ValueError as exc:
                raise fail("overrides", "region", str(exc), index) from exc
        overrides.append(
            Override(
                path_glob=entry["path"],
                region=entry.get("region"),
                title=entry.get("title"),
                date=entry.get("date"),
            )
        )

    dirs = tuple(str(base / d) for d in data.get("dirs", ["data/reports"]))
    cache = raw.get("cache", {})
    ui = raw.get("ui", {})
    export = raw.get("export", {})
    dates = raw.get("filter", {})
    if "since" in dates and "until" in dates and date_span(dates["since"])[0] > date_span(dates["until"])[1]:
        raise fail("filter", "until", f"must not be before since ({dates['since']!r}), got {dates['until']!r}")
    return Config(
        path=path,
        data_dirs=dirs,
        settings=settings,
        overrides=tuple(overrides),
        keymap=dict(raw.get("keymap", {})),
        cache_enabled=cache.get("enabled", True),
        cache_dir=str(base / Path(cache["dir"]).expanduser()) if "dir" in cache else None,
        language=ui.get("language", ZH),
        export_dir=str(base / Path(export["dir"]).expanduser()) if "dir" in export else ".",
        date_filter=DateFilter(dates.get("since"), dates.get("until")),
    )


class _NotText(Exception):
    """Why a file the config names is not the text it must be, naming the offending line."""


# Characters no text has: a file with one is binary, which jieba and the
# stoplist would read as words.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# jieba's user dictionary line (``jieba.re_userdict``): word, frequency, tag.
_USER_DICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")


def _text_lines(path: Path) -> list[str]:
    """The lines of a UTF-8 text file; _NotText when it is unreadable, not UTF-8 or binary."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _NotText(f"cannot read it: {(exc.strerror or type(exc).__name__).lower()}") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _NotText(f"line {line}: not UTF-8 text") from None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if _CONTROL_CHARACTERS.search(line):
            raise _NotText(f"line {number}: binary data, not text")
    return lines


def _check_user_dict(path: Path) -> None:
    """Refuse (_NotText) what jieba.load_userdict would refuse or crash on."""
    for number, line in enumerate(_text_lines(path), start=1):
        entry = _USER_DICT_LINE.match(line.strip())
        digits = entry.group(2).strip().lstrip("0") if entry and entry.group(2) else ""
        # Compared by length first: int() refuses a string of 4,300 digits.
        if len(digits) > len(str(MAX_WORD_FREQUENCY)) or int(digits or 0) > MAX_WORD_FREQUENCY:
            raise _NotText(f"line {number}: word frequency over {MAX_WORD_FREQUENCY:,}")


class _KeyLocator:
    """Finds the line of ``key`` in ``[table]`` (or the n-th ``[[table]]``) for error messages.

    tomllib reports positions only for syntax errors, so semantic errors are
    located by scanning the text the way a reader would.
    """

    _HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
    _ASSIGN = re.compile(r"^\s*[\"']?([A-Za-z0-9_\-]+)[\"']?\s*=")

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()

    def line(self, table: str, key: str, index: int = 0) -> int | str:
        current = ""
        seen = -1
        for number, line in enumerate(self._lines, start=1):
            header = self._HEADER.match(line)
            if header:
                current = header.group(1)
                if current == table:
                    seen += 1
                    if not key and seen == index:
                        return number
                continue
            assign = self._ASSIGN.match(line)
            if assign and current == table and seen == index and assign.group(1) == key:
                return number
        return "?"
