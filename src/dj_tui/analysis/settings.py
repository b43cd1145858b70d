"""Settings that change what the analysis produces (part of the cache key)."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import PurePath


@dataclass(frozen=True)
class AnalysisSettings:
    patterns: tuple[str, ...] = ("*.txt", "*.md", "*.docx", "*.html", "*.htm", "*.pdf")
    max_file_mb: int = 10
    keywords_per_report: int = 10
    summary_sentences: int = 3
    figures_per_report: int = 8
    group_by: str = "province"
    user_dicts: tuple[str, ...] = ()
    stopword_files: tuple[str, ...] = ()
    builtin_stopwords: bool = True

    @property
    def max_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024


@dataclass(frozen=True)
class Override:
    """Corrections from config.toml for one file or a glob of files."""

    path_glob: str
    region: str | None = None
    title: str | None = None
    date: str | None = None

    def matches(self, path: str) -> bool:
        return fnmatch(path, self.path_glob) or fnmatch(PurePath(path).name, self.path_glob)
