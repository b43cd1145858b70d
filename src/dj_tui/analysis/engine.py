"""The engine's identity: what a cached analysis depends on besides the report's bytes.

The per-report stages (the whole ``stages`` folder, code and resources),
jieba's version, ``ENGINE_VERSION`` and the per-report settings, with user
dictionaries and stopword files by their content.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
from pathlib import Path

from dj_tui.analysis.settings import AnalysisSettings

STAGES = Path(__file__).with_name("stages")

# Bump whenever a change to the analysis changes its output, so that cached
# results from an older engine are not reused. (The cache also keys on a
# digest of the engine's source, so a forgotten bump costs re-analysis at
# worst, never a stale result.)
ENGINE_VERSION = "2"

# Settings that change a report's own analysis, and so its cache key; the
# others only act in the collection stage (or on which files are read).
PER_REPORT_SETTINGS = ("summary_sentences", "user_dicts", "stopword_files", "builtin_stopwords")
COLLECTION_SETTINGS = ("patterns", "max_file_mb", "keywords_per_report", "figures_per_report", "group_by")
_FILE_LIST_SETTINGS = ("user_dicts", "stopword_files")


@functools.cache
def engine_digest() -> str:
    """A digest of the analysis code, its resources and jieba's version.

    Part of every cache key: results of any other engine are never read back.
    """
    digest = hashlib.sha256()
    for path in sorted(p for p in STAGES.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(STAGES).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    digest.update(_jieba_version().encode())
    return digest.hexdigest()[:16]


def _jieba_version() -> str:
    """jieba's __version__, read from its source: importing jieba takes a second."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return "unknown"
    with open(spec.origin, encoding="utf-8") as handle:
        match = re.search(r"^__version__\s*=\s*['\"]([^'\"]+)", handle.read(), re.MULTILINE)
    return match.group(1) if match else "unknown"


def analysis_fingerprint(settings: AnalysisSettings) -> str:
    """What a cached analysis depends on besides the report's bytes.

    The engine (ENGINE_VERSION and ``engine_digest``) and the per-report
    settings; user dictionaries and stopword files by their content, so
    editing one re-analyses.
    """
    parts = [f"engine={ENGINE_VERSION}/{engine_digest()}"]
    for name in PER_REPORT_SETTINGS:
        value = getattr(settings, name)
        if name in _FILE_LIST_SETTINGS:
            value = [_file_digest(path) for path in value]
        parts.append(f"{name}={value!r}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def _file_digest(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as exc:
        # The Analyzer reports the file; the key only has to differ.
        return f"unreadable {path}: {exc.strerror}"
