from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli

from dj_tui.config import Config, ConfigError, load_config, user_config_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"


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
        "figures_per_report", "group_by", "user_dicts", "stopword_files", "builtin_stopwords", "language",
    ):
        line = next(i for i, row in enumerate(text.splitlines()) if row.startswith(f"{key} ="))
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
        ('[ui]\n# the dashboard\nlanguage = "fr"\n', ':3: ui.language: must be "zh" or "en", got \'fr\''),
        ("[ui]\nlanguage = 1\n", ':2: ui.language: must be "zh" or "en", got 1'),
        ('[ui]\ntheme = "dark"\n', ":2: ui.theme: unknown key (known: language)"),
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


def test_the_dashboard_language_is_chinese_unless_the_config_says_english(tmp_path):
    assert Config(path=None).language == "zh"
    assert load_config(str(write(tmp_path, "[data]\nmax_file_mb = 5\n"))).language == "zh"
    assert load_config(str(write(tmp_path, '[ui]\nlanguage = "en"\n'))).language == "en"


def test_a_bad_language_exits_2_naming_file_line_and_key(tmp_path):
    path = write(tmp_path, '[ui]\nlanguage = "english"\n')
    for command in (("summarize", str(SAMPLES)), (str(SAMPLES),)):
        code, out, err = run_cli(*command[:-1], "--config", str(path), command[-1])
        assert (code, out) == (2, "")
        assert err == f"dj-tui: {path}:2: ui.language: must be \"zh\" or \"en\", got 'english'\n"


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


# --- values that used to crash a run or slip through --------------------------------

# Files a config may name, each wrong in its own way.
BAD_FILES = {
    "binary.dat": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),  # 0x89 is not UTF-8
    "latin1.txt": "三航行动\n".encode() + "café\n".encode("latin-1"),
    "nul.txt": "三航行动 3 n\n红色\0物业\n".encode(),  # UTF-8, but binary
    "huge-frequency.txt": f"三航行动 {'9' * 400} n\n".encode(),  # jieba: float overflow
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "[data]\nmax_file_mb = 1000000000000000000000000000000\n",
            ":2: data.max_file_mb: must be at most 1024",
            id="max_file_mb overflowing",
        ),
        pytest.param(
            "[data]\n\nmax_file_mb = 2000000\n",
            ":3: data.max_file_mb: must be at most 1024, got 2000000",
            id="max_file_mb past memory",
        ),
        pytest.param(
            '[analysis]\nuser_dicts = ["binary.dat"]\n',
            ":2: analysis.user_dicts: binary.dat: line 1: not UTF-8 text",
            id="binary user dict",
        ),
        pytest.param(
            '[analysis]\nuser_dicts = ["nul.txt"]\n',
            ":2: analysis.user_dicts: nul.txt: line 2: binary data",
            id="user dict with a NUL",
        ),
        pytest.param(
            '[analysis]\nuser_dicts = ["huge-frequency.txt"]\n',
            ":2: analysis.user_dicts: huge-frequency.txt: line 1: word frequency over 1,000,000,000",
            id="user dict frequency",
        ),
        pytest.param(
            '[analysis]\nstopword_files = ["latin1.txt"]\n',
            ":2: analysis.stopword_files: latin1.txt: line 2: not UTF-8 text",
            id="latin-1 stopwords",
        ),
        pytest.param(
            '[analysis]\nstopword_files = ["binary.dat"]\n',
            ":2: analysis.stopword_files: binary.dat: line 1: not UTF-8 text",
            id="binary stopwords",
        ),
        pytest.param(
            '[[overrides]]\npath = "a"\ndate = "2024-13-45"\n',
            ":3: overrides.date: must be a real date, got '2024-13-45' (month must be in 1..12)",
            id="month 13",
        ),
        pytest.param(
            '[[overrides]]\npath = "a"\ndate = "2023-02-29"\n',
            ":3: overrides.date: must be a real date, got '2023-02-29'",
            id="29 February 2023",
        ),
    ],
)
def test_a_bad_value_exits_2_with_one_line_naming_file_line_and_key(tmp_path, text, expected):
    for name, data in BAD_FILES.items():
        (tmp_path / name).write_bytes(data)
    path = write(tmp_path, text)
    code, out, err = run_cli("summarize", "--config", str(path), str(SAMPLES))
    assert (code, out) == (2, "")
    assert err.startswith(f"dj-tui: {path}{expected}"), err
    assert err.count("\n") == 1


def test_user_dicts_and_stopword_files_as_jieba_and_the_stoplist_read_them_are_accepted(tmp_path):
    # A byte order mark, blank lines, words with and without frequency and
    # tag, comments, and the largest limits allowed.
    (tmp_path / "words.txt").write_text("\ufeff三航行动 1000000000 nz\n\n红色物业 n\n头雁工程\n", encoding="utf-8")
    (tmp_path / "stop.txt").write_text("# 公文套话\n推进  # 动词\n\n", encoding="utf-8")
    path = write(
        tmp_path,
        '[data]\nmax_file_mb = 1024\n[analysis]\nuser_dicts = ["words.txt"]\nstopword_files = ["stop.txt"]\n'
        '[[overrides]]\npath = "a.txt"\ndate = "2024-02-29"\n',
    )
    config = load_config(str(path))
    assert config.settings.max_file_mb == 1024
    assert config.overrides[0].date == "2024-02-29"
