from __future__ import annotations

from pathlib import Path

import pytest

from dj_tui.config import Config, ConfigError, load_config, user_config_path

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_config_is_valid_and_documents_every_key():
    config = load_config(str(ROOT / "config.toml"))
    assert config.settings.group_by == "province"
    assert config.data_dirs == (str(ROOT / "data/reports"),)
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    for key in (
        "dirs", "patterns", "max_file_mb", "keywords_per_report", "summary_sentences",
        "figures_per_report", "group_by", "user_dicts", "stopword_files", "builtin_stopwords",
    ):
        line = next(i for i, l in enumerate(text.splitlines()) if l.startswith(f"{key} ="))
        assert text.splitlines()[line - 1].startswith("#"), f"{key} has no comment above it"


def test_values_are_read(tmp_path):
    (tmp_path / "words.txt").write_text("三航行动\n", encoding="utf-8")
    path = write(
        tmp_path,
        '[data]\ndirs = ["reports"]\n[analysis]\ngroup_by = "city"\nsummary_sentences = 5\n'
        'user_dicts = ["words.txt"]\n'
        '[[overrides]]\npath = "a.txt"\nregion = "安徽省宿州市"\ndate = "2024-07-09"\n',
    )
    config = load_config(str(path))
    assert config.data_dirs == (str(tmp_path / "reports"),)
    assert config.settings.group_by == "city"
    assert config.settings.summary_sentences == 5
    assert config.settings.user_dicts == (str(tmp_path / "words.txt"),)
    (override,) = config.overrides
    assert override.matches("x/a.txt") and override.matches("a.txt") and not override.matches("b.txt")
    assert override.region == "安徽省宿州市"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[analysis]\n\ngroup_by = "county"\n', ':3: analysis.group_by: must be "province" or "city"'),
        ("[analysis]\nsummary_sentences = 0\n", ":2: analysis.summary_sentences: must be at least 1"),
        ('[analysis]\nkeywords_per_report = "ten"\n', ":2: analysis.keywords_per_report: must be a whole number"),
        ("[data]\ncolour = 1\n", ":2: data.colour: unknown key"),
        ("[nope]\nx = 1\n", ":1: nope: unknown section"),
        ('[analysis]\nuser_dicts = ["missing.txt"]\n', ":2: analysis.user_dicts: file not found: missing.txt"),
        ('[[overrides]]\npath = "a"\n[[overrides]]\npath = "b"\ndate = "July"\n', ":5: overrides.date: must be a date"),
        ("[analysis\n", ":1: invalid TOML"),
        ('[[overrides]]\npath = "a"\nregion = "安徽省武威市"\n', ":3: overrides.region: '武威市' is not a province, city or county under 安徽省"),
    ],
)
def test_bad_config_names_file_line_and_key(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    message = str(caught.value)
    assert message.startswith(str(path) + ":")
    assert expected in message
    assert "\n" not in message


def test_lookup_order(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config() == Config(path=None)  # nothing anywhere: built-in defaults

    user = user_config_path()
    user.parent.mkdir(parents=True)
    user.write_text('[analysis]\ngroup_by = "city"\n', encoding="utf-8")
    assert load_config().path == user

    write(tmp_path, "[analysis]\nsummary_sentences = 4\n")
    assert load_config().path == Path("config.toml")
    assert load_config().settings.summary_sentences == 4

    explicit = tmp_path / "other.toml"
    explicit.write_text("[analysis]\nsummary_sentences = 2\n", encoding="utf-8")
    assert load_config(str(explicit)).settings.summary_sentences == 2


def test_missing_explicit_config_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(str(tmp_path / "absent.toml"))
