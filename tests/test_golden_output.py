"""The JSON of the bundled and the shared reports, byte for byte: a refactoring changes none of it.

A deliberate change of the analysis updates the files in tests/golden/ (run
the two commands in their docstrings below) and says why in its commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


def test_the_bundled_reports_give_the_recorded_json(monkeypatch):
    """dj-tui summarize --no-cache data/reports > tests/golden/data-reports.json"""
    monkeypatch.chdir(ROOT)
    code, out, _ = run_cli("summarize", "--no-cache", "data/reports")
    assert code == 0
    assert out == (GOLDEN / "data-reports.json").read_text(encoding="utf-8")


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_the_shared_corpus_gives_the_recorded_json(monkeypatch):
    """dj-tui summarize --no-cache ../shared/corpus > tests/golden/shared-corpus.json"""
    monkeypatch.chdir(ROOT)
    code, out, _ = run_cli("summarize", "--no-cache", "../shared/corpus")
    assert code == 0
    assert out == (GOLDEN / "shared-corpus.json").read_text(encoding="utf-8")
