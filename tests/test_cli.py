"""The headless CLI: JSON contract, Markdown briefing and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from cli_runner import run_cli

from dj_tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"




@pytest.fixture(scope="module")
def sample_json() -> tuple[int, str]:
    code, out, _ = run_cli("summarize", str(SAMPLES), "--format", "json")
    return code, out


def test_samples_exit_zero_and_follow_the_contract(sample_json):
    code, out = sample_json
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"version", "reports", "regions", "errors"}
    assert data["errors"] == []
    assert len(data["reports"]) == 5
    for report in data["reports"]:
        assert report["format"] == "txt"
        assert set(report) == {
            "path", "format", "title", "subtitle", "date", "source", "authors", "region",
            "keywords", "summary", "figures", "warnings",
        }
        assert report["path"].startswith(str(SAMPLES))
        assert report["date"] is None or len(report["date"]) == 10
        assert set(report["region"]) == {"province", "city", "county", "level", "evidence"}
        assert report["region"]["level"] in ("province", "city", "county", "national", None)
        scores = [k["score"] for k in report["keywords"]]
        assert scores == sorted(scores, reverse=True) and scores
        indexes = [s["index"] for s in report["summary"]]
        assert indexes == sorted(indexes) and len(indexes) == 3
        text = Path(report["path"]).read_text(encoding="utf-8")
        for sentence in report["summary"]:
            assert sentence["text"] in text
        for figure in report["figures"]:
            assert set(figure) == {
                "text", "value", "unit", "qualifier", "subject", "direction", "from_value", "index", "reasons",
            }
            assert figure["reasons"], "every figure says why it ranks where it does"
            assert figure["text"] in text
            assert isinstance(figure["value"], float | int)
    for group in data["regions"]:
        assert set(group) == {"name", "level", "reports", "keywords", "figures"}
        for item in group["figures"]:
            assert item["report"] in group["reports"] and "place" in item


def test_samples_regions(sample_json):
    data = json.loads(sample_json[1])
    regions = {
        Path(r["path"]).name: (r["region"]["province"], r["region"]["city"], r["region"]["county"], r["region"]["level"])
        for r in data["reports"]
    }
    assert regions == {
        "suzhou-dangqi-piaoyang.txt": ("安徽省", "宿州市", None, "city"),
        "wuwei-2022-jiceng-dangjian.txt": ("甘肃省", "武威市", None, "city"),
        "anhui-qiangji-guben.txt": ("安徽省", None, None, "province"),
        "shuangyashan-sanhang-xingdong.txt": ("黑龙江省", "双鸭山市", None, "city"),
        "dingxi-anding-wuda-gongcheng.txt": ("甘肃省", "定西市", "安定区", "county"),
    }
    groups = [(g["name"], len(g["reports"])) for g in data["regions"]]
    # The official (gazetteer code) order: 黑龙江 23, 安徽 34, 甘肃 62.
    assert groups == [("黑龙江省", 1), ("安徽省", 2), ("甘肃省", 2)]


def test_output_is_byte_identical_between_runs(sample_json):
    _, again, _ = run_cli("summarize", str(SAMPLES), "--format", "json")
    assert again == sample_json[1]


def test_paths_are_reported_as_given(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text("我市共有党员3200名，基层党组织150个。", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("summarize", "in/r.txt", "./in")
    assert code == 0
    paths = [r["path"] for r in json.loads(out)["reports"]]
    assert "in/r.txt" in paths


def test_some_files_failing_exit_one_and_the_rest_is_reported(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("近年来，我县新建党群服务中心12个，覆盖率达到95%。", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    missing = tmp_path / "missing.txt"
    code, out, err = run_cli("summarize", str(tmp_path), str(missing))
    assert code == 1
    data = json.loads(out)
    assert [r["path"] for r in data["reports"]] == [str(good)]
    errors = {Path(e["path"]).name: e["message"] for e in data["errors"]}
    assert set(errors) == {"empty.txt", "binary.txt", "missing.txt"}
    for name in errors:
        line = next(text for text in err.splitlines() if name in text)
        assert line.startswith("dj-tui: ")


def test_directory_without_reports_is_an_error(tmp_path):
    (tmp_path / "notes.xlsx").write_bytes(b"PK\x03\x04")
    code, out, err = run_cli("summarize", str(tmp_path))
    assert code == 1
    assert json.loads(out)["errors"][0]["path"] == str(tmp_path)
    assert str(tmp_path) in err


def test_bad_config_exits_two(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('[analysis]\ngroup_by = "village"\n', encoding="utf-8")
    code, out, err = run_cli("summarize", str(SAMPLES), "--config", str(config))
    assert code == 2
    assert out == ""
    assert f"{config}:2: analysis.group_by" in err


def test_bad_usage_exits_two():
    with pytest.raises(SystemExit) as caught, redirect_stderr(io.StringIO()):
        main(["summarize", "--format", "xml"])
    assert caught.value.code == 2


def test_markdown_briefing(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text(
        "党建引领谱新篇\n近年来，我市深入实施“头雁工程”，全市新建村级活动场所36个，投资1.2亿元。\n"
        "“头雁工程”带动村集体经济收入增长15%。",
        encoding="utf-8",
    )
    code, out, _ = run_cli("summarize", str(report), "--format", "markdown")
    assert code == 0
    assert out.startswith("# ")
    assert "## 各篇报告" in out
    assert "### 党建引领谱新篇" in out
    assert "头雁工程" in out
    assert "1.2亿元" in out


def test_the_briefing_names_each_regional_figures_place_and_report(tmp_path):
    (tmp_path / "a.txt").write_text(
        "党建引领谱新篇章\n甘肃省武威市深入实施“头雁工程”，全市新建村级活动场所36个。\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("甘肃省定西市安定区全区建成党群服务中心120个。\n", encoding="utf-8")
    code, out, _ = run_cli("summarize", str(tmp_path), "--format", "markdown", "--no-cache")
    assert code == 0
    region = out[out.index("## 甘肃省") : out.index("## 各篇报告")]
    lines = [line for line in region.splitlines() if line.startswith("- ")]
    assert any(line.startswith("- 武威市：") and line.endswith("**36个**（《党建引领谱新篇章》）") for line in lines)
    # A report without a title is cited by its file's name.
    assert any(line.startswith("- 定西市：") and line.endswith("**120个**（b.txt）") for line in lines)


def test_nothing_is_written_into_the_data_directory(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "r.txt").write_text("我省共有基层党组织19.07万个。", encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in data.rglob("*"))
    run_cli("summarize", str(data))
    run_cli("summarize", str(data), "--format", "markdown")
    after = sorted((p.name, p.stat().st_mtime_ns) for p in data.rglob("*"))
    assert before == after


def test_module_entry_point_runs(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("全市共有党员3200名。", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "dj_tui", "summarize", str(report)],
        capture_output=True, timeout=120, env=env, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["reports"][0]["figures"][0]["text"] == "3200名"
    assert done.stderr == b""
