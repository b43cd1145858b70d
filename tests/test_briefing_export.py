"""``dj-tui summarize --format docx|csv --output FILE``: the Word briefing, the figures CSV and the output file."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from pathlib import Path

import docx
import pytest
from cli_runner import run_cli

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "reports"

TRADITIONAL_REPORT = (
    "黨建引領鄉村振興\n"
    "發布時間：2023-06-01\n"
    "近年來，甘肅省武威市涼州區深入實施“頭雁工程”，全區新建村級黨群服務中心36個，"
    "帶動村集體經濟收入增長15%。\n"
)


def _outline(document: docx.document.Document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name == "Title" or p.style.name.startswith("Heading")]


@pytest.fixture(scope="module")
def sample_briefing(tmp_path_factory) -> docx.document.Document:
    output = tmp_path_factory.mktemp("briefing") / "简报.docx"
    code, out, err = run_cli("summarize", str(SAMPLES), "--format", "docx", "--output", str(output))
    assert (code, out, err) == (0, "", "")
    return docx.Document(str(output))


def test_the_briefing_has_a_title_and_a_heading_per_region_in_collection_order(sample_briefing):
    outline = _outline(sample_briefing)
    assert outline[0] == ("Title", "党建工作综述 · 简报")
    regions = [text for style, text in outline if style == "Heading 1"]
    assert regions == ["黑龙江省（1 篇）", "安徽省（2 篇）", "甘肃省（2 篇）"]  # the official order
    # Each report under its title, below its region.
    reports = [text for style, text in outline if style == "Heading 3"]
    assert "党旗飘扬风正劲" in reports
    assert "党建领航风帆劲 砥砺奋进谱新篇" in reports


def test_the_briefing_gives_the_period_and_the_date_made(sample_briefing):
    texts = [p.text for p in sample_briefing.paragraphs]
    assert "时间范围：2024-04-18 至 2024-07-09" in texts
    made = next(text for text in texts if text.startswith("制作日期："))
    assert date.fromisoformat(made.removeprefix("制作日期：")) == date.today()


def test_the_briefing_names_places_initiatives_and_each_figures_place_and_report(sample_briefing):
    texts = [p.text for p in sample_briefing.paragraphs]
    assert "地点：定西市、武威市" in texts
    assert "地点：安徽省、宿州市" in texts
    assert any(text.startswith("独有提法：") and "“五大工程”" in text for text in texts)
    figures = [p.text for p in sample_briefing.paragraphs if p.style.name == "List Bullet"]
    assert "武威市：重大项目完成投资 372亿元（《党建领航风帆劲 砥砺奋进谱新篇》）" in figures
    # A report without a title is cited by its file's name.
    assert "覆盖农村党员 190万多人（anhui-qiangji-guben.txt）" in figures


def test_the_briefing_is_in_simplified_characters_and_keeps_warnings(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "traditional.txt").write_text(TRADITIONAL_REPORT, encoding="utf-8")
    (data / "elsewhere.txt").write_text(
        "青海省玉树州党建工作综述\n江西省抚州市崇仁县深入推进党建引领基层治理，崇仁县新建党群服务中心12个。"
        "崇仁县组织党员志愿服务队伍85支。\n",
        encoding="utf-8",
    )
    output = tmp_path / "brief.docx"
    code, _, err = run_cli("summarize", str(data), "--format", "docx", "--output", str(output), "--no-cache")
    assert code == 0, err
    document = docx.Document(str(output))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "党建引领乡村振兴" in text
    assert "全区新建村级党群服务中心36个" in text
    assert "头雁工程" in text
    assert "2023-06-01" in text
    assert not set("黨領鄉來肅涼區實頭務個帶體濟") & set(text)
    warnings = [p.text for p in document.paragraphs if p.text.startswith("注意：")]
    assert any("青海省" in warning for warning in warnings)


def test_csv_has_one_row_per_figure_of_every_report(tmp_path):
    output = tmp_path / "figures.csv"
    code, out, _ = run_cli("summarize", str(SAMPLES), "--format", "csv", "--output", str(output))
    assert (code, out) == (0, "")
    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["region", "place", "report", "date", "text", "value", "unit", "qualifier", "direction", "subject"]
    _, json_out, _ = run_cli("summarize", str(SAMPLES), "--format", "json")
    # Every figure, not only the few the JSON shows per report.
    figures = sum(len(report.analysis.figures) for report in _analysed(SAMPLES))
    assert len(rows) - 1 == figures > sum(len(r["figures"]) for r in json.loads(json_out)["reports"])
    wuwei = [row for row in rows if row[2].endswith("wuwei-2022-jiceng-dangjian.txt")]
    assert ["甘肃省", "武威市"] == wuwei[0][:2]
    assert any(row[4] == "372亿元" and row[5] == "37200000000" and row[6] == "元" for row in wuwei)


def _analysed(directory: Path) -> list:
    from dj_tui.analysis import loader
    from dj_tui.analysis.load_events import CollectionSnapshot
    from dj_tui.analysis.settings import AnalysisSettings

    events = loader.load_collection([str(directory)], AnalysisSettings(), (), cache_dir=None)
    return list([e for e in events if isinstance(e, CollectionSnapshot)][-1].collection.reports)


def test_csv_quotes_a_subject_with_a_comma_and_shows_formulas_as_text(tmp_path):
    from dj_tui.analysis.briefing_csv import figures_csv
    from dj_tui.analysis.models import (
        CollectionResult,
        DocumentAnalysis,
        Figure,
        Metadata,
        Region,
        RegionGroup,
        ReportResult,
    )

    figures = (
        Figure("36个", 36.0, "个", None, "村级活动场所,党群服务中心", 0),
        Figure("1.2亿元", 1.2e8, "元", None, '=HYPERLINK("x")', 1, direction="up"),
    )
    analysis = DocumentAnalysis(
        path="d/a,b.txt",
        content_hash="h",
        metadata=Metadata(date="2023-01-02"),
        sentences=(),
        region=Region(province="甘肃省", city="武威市", level="city"),
        term_counts=(),
        summary=(),
        figures=figures,
    )
    result = CollectionResult(
        reports=(ReportResult(analysis, ()),),
        regions=(RegionGroup("甘肃省", "province", ("d/a,b.txt",), (), ()),),
    )
    text = figures_csv(result).decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[1] == '甘肃省,武威市,"d/a,b.txt",2023-01-02,36个,36,个,,,"村级活动场所,党群服务中心"'
    assert lines[2] == '甘肃省,武威市,"d/a,b.txt",2023-01-02,1.2亿元,120000000,元,,up,"\'=HYPERLINK(""x"")"'


def test_output_json_is_what_stdout_would_have_been(tmp_path):
    output = tmp_path / "out.json"
    code, out, _ = run_cli("summarize", str(SAMPLES), "--output", str(output))
    assert (code, out) == (0, "")
    _, stdout_json, _ = run_cli("summarize", str(SAMPLES))
    assert output.read_text(encoding="utf-8") == stdout_json
    markdown = tmp_path / "out.md"
    run_cli("summarize", str(SAMPLES), "--format", "markdown", "--output", str(markdown))
    assert markdown.read_text(encoding="utf-8") == run_cli("summarize", str(SAMPLES), "--format", "markdown")[1]
    # Written by replacing: no temporary file is left beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.md"]


@pytest.mark.parametrize("inside", ["brief.docx", "sub/brief.csv", "r.txt"])
def test_nothing_is_written_into_a_data_directory(tmp_path, inside):
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "r.txt").write_text("我省共有基层党组织19.07万个。", encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in data.rglob("*"))
    fmt = "csv" if inside.endswith(".csv") else "docx"
    code, out, err = run_cli("summarize", str(data), "--format", fmt, "--output", str(data / inside))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"dj-tui: will not write {data / inside}: ")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in data.rglob("*")) == before


def test_the_data_directory_is_refused_through_a_relative_path(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "r.txt").write_text("我省共有基层党组织19.07万个。", encoding="utf-8")
    monkeypatch.chdir(data)
    code, _, err = run_cli("summarize", str(data), "--output", "../data/./out.json")
    assert code == 2
    assert "inside the data directory" in err
    assert not (data / "out.json").exists()


@pytest.mark.parametrize("fmt", ["docx", "csv"])
def test_docx_and_csv_need_an_output_file(fmt):
    code, out, err = run_cli("summarize", str(SAMPLES), "--format", fmt)
    assert (code, out) == (2, "")
    assert err == f"dj-tui: --format {fmt} writes a file: give it with --output FILE\n"


@pytest.mark.parametrize("where", ["missing/dir/brief.docx", "."])
def test_an_unwritable_output_exits_three_with_one_line(tmp_path, where):
    output = tmp_path / where
    code, out, err = run_cli("summarize", str(SAMPLES), "--format", "docx", "--output", str(output))
    assert (code, out) == (3, "")
    assert re.fullmatch(rf"dj-tui: cannot write {re.escape(str(output))}: [a-z ]+\n", err)
    assert not any(p.name.endswith(".part") for p in tmp_path.rglob("*"))


def test_an_existing_briefing_is_replaced_whole(tmp_path):
    output = tmp_path / "brief.csv"
    output.write_text("old", encoding="utf-8")
    code, _, _ = run_cli("summarize", str(SAMPLES), "--format", "csv", "--output", str(output))
    assert code == 0
    assert output.read_bytes().startswith(b"\xef\xbb\xbfregion,place,report")


def test_control_characters_and_markup_in_a_report_stay_literal_and_visible(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    base = (SAMPLES / "wuwei-2022-jiceng-dangjian.txt").read_text("utf-8")
    title = "武威[bold]<w:t>党建\x1b[31m工作\x9b综述"
    (data / "r\x1b[5m.txt").write_text(title + "\n\n" + base, encoding="utf-8")
    output = tmp_path / "brief.docx"
    code, _, err = run_cli("summarize", str(data), "--format", "docx", "--output", str(output), "--no-cache")
    assert code == 0, err
    text = "\n".join(p.text for p in docx.Document(str(output)).paragraphs)
    assert "武威[bold]<w:t>党建␛[31m工作\ufffd综述" in text
    assert "r␛[5m.txt" in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
