"""Screenshots of the dashboard at 80x24 and 120x40, compared with accepted ones.

The reports shown are written here, already analysed, and replayed into the
app, so a frame changes when the dashboard changes, not when the analysis
engine tunes its output (the pilot tests run the real engine). The frames hold
nothing that changes between runs: the analysis has finished (no progress bar,
no timings), paths are relative, the cursor does not blink and nothing
animates. Review a changed frame in the report pytest writes
(snapshot_report.html) before accepting it with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pytest

from dj_tui.analysis.models import DocumentAnalysis, Figure, LoadError, Metadata, Region, SummarySentence
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.analysis.stages.initiatives import report_initiatives
from dj_tui.analysis.stages.sentences import build_sentences
from dj_tui.config import Config
from dj_tui.ui.app import DashboardApp, create_app

SIZES = [(80, 24), (120, 40)]


def report(
    name: str,
    title: str,
    region: Region,
    paragraphs: list[str],
    figures: list[tuple[str, float, str, str]],
    terms: dict[str, int],
    date: str | None = None,
) -> DocumentAnalysis:
    sentences = build_sentences(paragraphs)

    def where(text: str) -> int:
        return next(s.index for s in sentences if text in s.text)

    metadata = Metadata(title=title, date=date, source="党建网")
    term_counts = tuple(sorted(terms.items()))
    return DocumentAnalysis(
        path=f"reports/{name}",
        content_hash=name,
        metadata=metadata,
        sentences=sentences,
        region=region,
        term_counts=term_counts,
        summary=tuple(SummarySentence(s.text, s.index) for s in sentences if not s.is_heading)[:2],
        figures=tuple(
            Figure(text, value, unit, None, subject, where(text), 1.0 - i / 10)
            for i, (text, value, unit, subject) in enumerate(figures)
        ),
        chars=sum(len(s.text) for s in sentences),
        initiatives=report_initiatives(metadata, sentences, term_counts),
    )


REPORTS = [
    report(
        "anhui.txt",
        "铸魂赋能强基 全省基层党建全面进步全面过硬",
        Region(province="安徽省", level="province", evidence=("全省×6", "安徽省×2")),
        [
            "近年来，全省坚持大抓基层的鲜明导向，全省19.07万个基层党组织全面进步、全面过硬。",
            "铸魂赋能",
            "全省持续实施“铸魂赋能强基”工程，培训农村党员79万多人次，落实“三会一课”制度。",
            "选派干部扎根基层，为乡村振兴蓄能增势。",
        ],
        [("19.07万个", 190700.0, "个", "基层党组织"), ("79万多人次", 790000.0, "人次", "培训农村党员")],
        {"铸魂赋能强基": 3, "农村党员": 2, "三会一课": 1, "乡村振兴": 1},
        date="2024-06-01",
    ),
    report(
        "suzhou.txt",
        "党旗飘扬风正劲",
        Region(province="安徽省", city="宿州市", level="city", evidence=("我市×5",)),
        [
            "宿州市深入实施“七项行动”，推动党建工作与经济社会发展同频共振。",
            "全市组建党员志愿服务队1200支，落实“三会一课”制度。",
        ],
        [("1200支", 1200.0, "支", "党员志愿服务队")],
        {"七项行动": 3, "党员志愿服务队": 1, "三会一课": 1},
        date="2024-07-09",
    ),
    report(
        "wuwei.txt",
        "党建领航风帆劲 砥砺奋进谱新篇",
        Region(province="甘肃省", city="武威市", level="city", evidence=("武威市×7",)),
        [
            "武威市扎实开展“三抓三促”行动，重大项目完成投资372亿元。",
            "全市党员干部深入一线，帮助群众解决急难愁盼问题2132个，以“三会一课”凝聚乡村振兴合力。",
        ],
        [("372亿元", 37200000000.0, "元", "重大项目完成投资"), ("2132个", 2132.0, "个", "解决急难愁盼问题")],
        {"三抓三促": 3, "重大项目": 2, "三会一课": 1, "乡村振兴": 1},
    ),
    report(
        "shuangyashan.txt",
        "“三航行动”引领机关党建走在前",
        Region(province="黑龙江省", city="双鸭山市", level="city", evidence=("市直×12", "双鸭山×5")),
        [
            "市直机关工委以“三航行动”为牵动，推动机关党建走在前、作表率。",
            "三航行动",
            "“三航行动”实施以来，587名党员志愿者助力灾后重建，筹集资金149万元。",
            "机关党员干部在“三航行动”中锤炼作风，群众满意度持续提升。",
        ],
        [("587名", 587.0, "名", "党员志愿者"), ("149万元", 1490000.0, "元", "灾后重建资金")],
        {"三航行动": 5, "机关党建": 2, "市直机关工委": 2},
    ),
]


# Thirty provinces, one city each, listed out of the official order on purpose;
# 甘肃省 has three cities, so its tab shows a province grouped by city.
THIRTY = [
    ("宁夏回族自治区", "银川市"), ("北京市", "海淀区"), ("天津市", "滨海新区"), ("河北省", "石家庄市"),
    ("山西省", "太原市"), ("内蒙古自治区", "呼和浩特市"), ("辽宁省", "沈阳市"), ("吉林省", "长春市"),
    ("黑龙江省", "双鸭山市"), ("上海市", "浦东新区"), ("江苏省", "南京市"), ("浙江省", "杭州市"),
    ("安徽省", "宿州市"), ("福建省", "龙岩市"), ("江西省", "赣州市"), ("山东省", "青岛市"),
    ("河南省", "洛阳市"), ("湖北省", "武汉市"), ("湖南省", "长沙市"), ("广东省", "深圳市"),
    ("广西壮族自治区", "桂林市"), ("海南省", "海口市"), ("重庆市", "渝中区"), ("四川省", "成都市"),
    ("贵州省", "遵义市"), ("云南省", "昆明市"), ("西藏自治区", "拉萨市"), ("陕西省", "西安市"),
    ("甘肃省", "武威市"), ("青海省", "西宁市"),
]
GANSU_CITIES = [("定西市", "2024-04-18"), ("张掖市", "2024-06-03")]


def thirty_regions() -> list[DocumentAnalysis]:
    reports = []
    places = [(p, c, f"2024-{n % 12 + 1:02d}-15") for n, (p, c) in enumerate(THIRTY)]
    places += [("甘肃省", city, date) for city, date in GANSU_CITIES]
    for n, (province, city, date) in enumerate(places):
        grid = "，推行网格化管理" if n % 3 == 0 else ""
        # A municipality's district is a county-level place of the province itself.
        if city.endswith("区"):
            region = Region(province=province, county=city, level="county")
        else:
            region = Region(province=province, city=city, level="city")
        reports.append(
            report(
                f"r{n:02d}.txt",
                f"{city}基层党建工作综述",
                region,
                [f"{city}坚持大抓基层的鲜明导向{grid}，组建党员志愿服务队{n + 12}支。", "党员干部深入一线解决急难愁盼问题。"],
                [(f"{n + 12}支", float(n + 12), "支", "党员志愿服务队")],
                {"党员志愿服务队": 2, f"{city[:2]}先锋": 3, "三会一课": 1},
                date=date,
            )
        )
    return reports


def replaying_app(tmp_path, monkeypatch, analyses: list[DocumentAnalysis]) -> DashboardApp:
    # Relative paths, so that no temporary directory shows in a frame.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    by_path = {}
    for analysis in analyses:
        (tmp_path / analysis.path).write_text("replayed", encoding="utf-8")
        by_path[analysis.path] = analysis

    def replay(files: Sequence[str], settings: AnalysisSettings) -> Iterator[DocumentAnalysis | LoadError]:
        for path in files:
            yield by_path[path]

    dashboard = create_app(["reports"], Config(path=None), analyze=replay)
    dashboard.animation_level = "none"
    return dashboard


@pytest.fixture
def app(tmp_path, monkeypatch) -> DashboardApp:
    return replaying_app(tmp_path, monkeypatch, REPORTS)


@pytest.fixture
def thirty(tmp_path, monkeypatch) -> DashboardApp:
    return replaying_app(tmp_path, monkeypatch, thirty_regions())


def after(*keys: str):
    """A run_before that waits for the analysis, presses ``keys`` and waits for any search."""

    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_region_tab(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=after("3"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report_detail(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=after("2", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_active_search(snap_compare, app, size):
    # Typed, then Enter back to the list and Enter again: the report opens on its first match.
    assert snap_compare(app, terminal_size=size, run_before=after("2", "slash", *"三航行动", "enter", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, app, size):
    assert snap_compare(app, terminal_size=size, run_before=after("f1"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_thirty_regions_overview(snap_compare, thirty, size):
    assert snap_compare(thirty, terminal_size=size, run_before=after())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_province_grouped_by_city(snap_compare, thirty, size):
    # The region picker, then 甘肃省's tab: its reports under their cities.
    assert snap_compare(thirty, terminal_size=size, run_before=after("g", *"甘肃", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_search_results_across_regions(snap_compare, thirty, size):
    assert snap_compare(thirty, terminal_size=size, run_before=after("slash", *"网格", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_region_picker(snap_compare, thirty, size):
    assert snap_compare(thirty, terminal_size=size, run_before=after("g", *"江"))

