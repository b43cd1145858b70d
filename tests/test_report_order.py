"""Reports in time and order, in the domain: dates known to the year or month, the period a set of reports
covers, the date filter over a collection, a region's reports by place in official order, and the sort orders.
"""

from __future__ import annotations

import io
from contextlib import redirect_stderr
from datetime import date

import pytest
from cli_runner import run_cli

from dj_tui.analysis.briefing_docx import briefing_period
from dj_tui.analysis.collection.build import build_collection
from dj_tui.analysis.collection.cross_region import cross_region_view
from dj_tui.analysis.collection.dates import DateFilter, date_span, filter_collection, report_period
from dj_tui.analysis.collection.places import place_groups, sort_reports
from dj_tui.analysis.models import DocumentAnalysis, Figure, Metadata, Region, ReportResult, Sentence
from dj_tui.analysis.settings import AnalysisSettings
from dj_tui.cli import main
from dj_tui.config import ConfigError, load_config


def analysis(
    path: str,
    *,
    date: str | None = None,
    title: str | None = None,
    city: str | None = None,
    county: str | None = None,
    province: str = "甘肃省",
    figures: int = 0,
) -> DocumentAnalysis:
    level = "county" if county else "city" if city else "province"
    facts = tuple(
        Figure(f"{n + 1}个", float(n + 1), "个", None, "党组织", 0, score=float(10 - n)) for n in range(figures)
    )
    return DocumentAnalysis(
        path=path,
        content_hash=path,
        metadata=Metadata(title=title or path, date=date),
        sentences=(Sentence(0, "报告", "报告", 0),),
        region=Region(province=province, city=city, county=county, level=level),
        term_counts=(),
        summary=(),
        figures=facts,
    )


def report(path: str, **fields: object) -> ReportResult:
    return ReportResult(analysis=analysis(path, **fields), keywords=())  # type: ignore[arg-type]


def test_a_date_may_be_known_to_the_year_month_or_day():
    assert date_span("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_span("2024-07-09") == (date(2024, 7, 9), date(2024, 7, 9))
    for wrong in ("2024-13", "2023-02-29", "24-07", "2024/07", "2024-7", "July 2024", ""):
        with pytest.raises(ValueError):
            date_span(wrong)


def test_the_period_runs_from_the_earliest_to_the_latest_date_and_counts_the_undated():
    reports = [report("a", date="2024-07"), report("b", date="2023-05-12"), report("c"), report("d", date="2024-03-01")]
    period = report_period(reports)
    assert (period.first, period.last, period.reports, period.undated) == ("2023-05-12", "2024-07", 4, 1)
    assert period.text == "2023-05-12 至 2024-07"
    assert report_period([report("a")]).text is None
    # The briefing's period is the same function's.
    assert briefing_period(reports) == "2023-05-12 至 2024-07"
    assert briefing_period([report("x", date="2024"), report("y", date="2024-03-05")]) == "2024"


def collection_of(*analyses: DocumentAnalysis):
    settings = AnalysisSettings()
    collection = build_collection(analyses, [], settings)
    return collection, cross_region_view(collection), settings


def test_the_filter_keeps_reports_whose_dates_meet_it_and_counts_the_undated_it_sets_aside():
    collection, cross, settings = collection_of(
        analysis("gs-new", date="2024-07-09", city="武威市", figures=2),
        analysis("gs-month", date="2024-01", city="张掖市", figures=1),
        analysis("gs-old", date="2022-05-01", city="定西市", figures=3),
        analysis("gs-undated", city="兰州市", figures=1),
        analysis("ah-old", date="2021-01-01", province="安徽省", city="宿州市"),
    )
    narrowed = filter_collection(collection, cross, DateFilter(since="2024-01-15"), settings)
    # A report of January 2024 may be from after the 15th: kept.
    assert [r.path for r in narrowed.collection.reports] == ["gs-month", "gs-new"]
    assert [(g.name, g.reports) for g in narrowed.collection.regions] == [("甘肃省", ("gs-month", "gs-new"))]
    assert {item.report for item in narrowed.collection.regions[0].figures} == {"gs-month", "gs-new"}
    assert (narrowed.undated, narrowed.outside, narrowed.undated_by_region) == (1, 2, {"甘肃省": 1})
    until = filter_collection(collection, cross, DateFilter(until="2022"), settings)
    assert [r.path for r in until.collection.reports] == ["ah-old", "gs-old"]
    # No filter: the collection as it is, with no work done.
    same = filter_collection(collection, cross, DateFilter(), settings)
    assert same.collection is collection and same.cross_region is cross and same.undated == 0
    with pytest.raises(ValueError):
        DateFilter(since="2025", until="2024-12-31")


def test_a_provinces_reports_group_by_city_in_official_order_with_its_own_first_and_by_county_within():
    collection, _cross, _settings = collection_of(
        analysis("a-dingxi", city="定西市", county="安定区"),
        analysis("b-province"),
        analysis("c-wuwei", city="武威市"),
        analysis("d-lanzhou", city="兰州市"),
        analysis("e-zhangye", city="张掖市"),
        analysis("f-wuwei", city="武威市", county="凉州区"),
    )
    group = collection.regions[0]
    by_path = {r.path: r for r in collection.reports}
    groups = place_groups(list(group.reports), by_path, group)
    # 620000 甘肃省, 620100 兰州市, 620600 武威市, 620700 张掖市, 621100 定西市.
    assert [(g.place, g.reports) for g in groups] == [
        (None, ("b-province",)),
        ("兰州市", ("d-lanzhou",)),
        ("武威市", ("c-wuwei", "f-wuwei")),
        ("张掖市", ("e-zhangye",)),
        ("定西市", ("a-dingxi",)),
    ]
    # 武威市 has reports of its own and of 凉州区: a group for each, the city's own first.
    assert [(part.place, part.reports) for part in groups[2].parts] == [(None, ("c-wuwei",)), ("凉州区", ("f-wuwei",))]
    # 定西市 has one county's alone: no groups within it.
    assert groups[4].parts == ()


def test_sort_orders_newest_first_by_title_and_by_figures_keep_ties_in_file_order():
    reports = {
        r.path: r
        for r in (
            report("a", date="2023-05-01", title="乙", figures=1),
            report("b", title="甲", figures=3),
            report("c", date="2024", title="丙", figures=3),
            report("d", date="2024-07-09", title="丁"),
        )
    }
    collection, _cross, _settings = collection_of(*(r.analysis for r in reports.values()))
    group = collection.regions[0]
    paths = ["a", "b", "c", "d"]
    # 2024 may run to December: it ends after 2024-07-09. The undated come last.
    assert sort_reports(paths, reports, group, "date") == ["c", "d", "a", "b"]
    assert sort_reports(paths, reports, group, "title") == ["d", "c", "a", "b"]  # by code point: 丁 丙 乙 甲
    assert sort_reports(paths, reports, group, "figures") == ["b", "c", "a", "d"]
    assert sort_reports(paths, reports, group, "file") == paths


def test_the_config_takes_a_date_filter_and_names_the_line_of_a_bad_one(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[ui]\nlanguage = "zh"\n\n[filter]\nsince = "2024"\nuntil = "2024-07"\n', encoding="utf-8")
    assert load_config(str(path)).date_filter == DateFilter("2024", "2024-07")
    path.write_text('[filter]\nsince = "2024"\nuntil = "2024-13"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.toml:3: filter.until: must be a real date, got '2024-13'"):
        load_config(str(path))
    path.write_text('[filter]\nsince = "2025"\nuntil = "2024"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config.toml:3: filter.until: must not be before since"):
        load_config(str(path))
    # An override may give a date known only to the month.
    path.write_text('[[overrides]]\npath = "a.txt"\ndate = "2024-07"\n', encoding="utf-8")
    assert load_config(str(path)).overrides[0].date == "2024-07"


REPORT = "{city}党建工作综述\n{dateline}\n\n甘肃省{city}委组织部坚持大抓基层的鲜明导向，全市建成党群服务中心{n}个。\n"


def test_summarize_honours_since_and_until_and_counts_the_undated_it_leaves_out(tmp_path):
    data = tmp_path / "reports"
    data.mkdir()
    for name, city, dateline in (
        ("a.txt", "武威市", "发布时间：2024-05-01"),
        ("b.txt", "张掖市", "发布时间：2023-03-01"),
        ("c.txt", "定西市", ""),
    ):
        (data / name).write_text(REPORT.format(city=city, dateline=dateline, n=len(name) * 100), encoding="utf-8")
    code, out, err = run_cli("summarize", "--no-cache", "--since", "2024", str(data))
    assert code == 0
    assert '"path": "' + str(data / "a.txt") in out and "b.txt" not in out and "c.txt" not in out
    assert "1 undated reports left out by the date filter" in err
    code, out, err = run_cli("summarize", "--no-cache", "--until", "2023-12", str(data))
    assert "b.txt" in out and "a.txt" not in out
    errors = io.StringIO()
    with pytest.raises(SystemExit) as refused, redirect_stderr(errors):
        main(["summarize", "--no-cache", "--since", "2024-13", str(data)])
    assert refused.value.code == 2 and "--since: must be a real date, got '2024-13'" in errors.getvalue()
