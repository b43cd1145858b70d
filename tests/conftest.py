from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from dj_tui.analysis.models import DocumentAnalysis

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_analyses() -> dict[str, DocumentAnalysis]:
    """The five samples analysed once, replayed by the dashboard's tests (the pipeline has its own tests)."""
    from dj_tui.analysis import pipeline
    from dj_tui.analysis.settings import AnalysisSettings
    from dj_tui.analysis.stages.ingest import discover

    files, _errors = discover([str(SAMPLES)], AnalysisSettings().patterns)
    analyses = {}
    for item in pipeline.analyze_iter(files, AnalysisSettings(), cache=None):
        assert isinstance(item, DocumentAnalysis)
        relative = str(Path(item.path).relative_to(ROOT))
        analyses[relative] = dataclasses.replace(item, path=relative)
    return analyses


@pytest.fixture
def in_root(monkeypatch):
    """Run from the project's root, where the samples' relative paths lead."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True)
def _isolated_user_config(tmp_path_factory, monkeypatch):
    # Tests never read the developer's own ~/.config/dj-tui/config.toml.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory):
    # No test reads or fills the developer's own analysis cache, not even a
    # module- or session-scoped fixture that runs before _isolated_cache.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path_factory.mktemp("session-cache")))
        yield


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    # Each test starts with an empty cache of its own.
    monkeypatch.setenv("DJ_TUI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def analysed(monkeypatch) -> list[str]:
    """The paths the analysis actually ran on (in this process), in order."""
    from dj_tui.analysis.stages import analyzer

    calls: list[str] = []
    original = analyzer.Analyzer.analyze_text

    def analyze_text(self, text, path, **options):
        calls.append(path)
        return original(self, text, path, **options)

    monkeypatch.setattr(analyzer.Analyzer, "analyze_text", analyze_text)
    return calls
