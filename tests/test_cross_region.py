"""The overview's cross-region view: what regions share and what is one region's own."""

from __future__ import annotations

from dj_tui.analysis.collection.cross_region import cross_region_view
from dj_tui.analysis.models import (
    CollectionResult,
    DocumentAnalysis,
    Keyword,
    Metadata,
    Region,
    RegionGroup,
    ReportResult,
    Sentence,
)
from dj_tui.analysis.stages.initiatives import is_initiative, report_initiatives


def _analysis(path: str, body: str, terms: dict[str, int], title: str | None = None) -> DocumentAnalysis:
    metadata = Metadata(title=title)
    sentences = (Sentence(0, body, body, 0),)
    term_counts = tuple(sorted(terms.items()))
    return DocumentAnalysis(
        path=path,
        content_hash=path,
        metadata=metadata,
        sentences=sentences,
        region=Region(),
        term_counts=term_counts,
        summary=(),
        figures=(),
        initiatives=report_initiatives(metadata, sentences, term_counts),
    )


def test_numbered_and_programme_names_are_initiatives():
    for name in ("三会一课", "两个维护", "五大工程", "三航行动", "一单位一品牌", "书记项目", "三抓三促"):
        assert is_initiative(name), name
    for word in ("党员", "乡村振兴", "一以贯之", "三季度", "基层党组织", "两个"):
        assert not is_initiative(word), word


def test_an_initiative_must_be_quoted_somewhere_in_the_report():
    quoted = _analysis("a.txt", "深入开展“三航行动”，落实三会一课制度。实际行动见成效。", {"三航行动": 2, "三会一课": 1, "实际行动": 1})
    assert quoted.initiatives == (("三航行动", 2),)
    in_title = _analysis("b.txt", "正文。", {"五大工程": 3}, title="深入实施“五大工程”")
    assert in_title.initiatives == (("五大工程", 3),)


def test_shared_terms_against_each_regions_own():
    a1 = _analysis("a1.txt", "落实“三会一课”，开展“三航行动”。", {"三会一课": 2, "三航行动": 4})
    b1 = _analysis("b1.txt", "落实“三会一课”，实施“五大工程”。", {"三会一课": 1, "五大工程": 3})
    reports = (
        ReportResult(a1, (Keyword("机关党建", 1.0), Keyword("乡村振兴", 0.5))),
        ReportResult(b1, (Keyword("乡村振兴", 0.9), Keyword("产业链", 0.4))),
    )
    collection = CollectionResult(
        reports=reports,
        regions=(
            RegionGroup("黑龙江省", "province", ("a1.txt",), (Keyword("机关党建", 1.0), Keyword("乡村振兴", 0.5)), ()),
            RegionGroup("甘肃省", "province", ("b1.txt",), (Keyword("乡村振兴", 0.9), Keyword("产业链", 0.4)), ()),
        ),
    )
    view = cross_region_view(collection)
    assert view.regions == 2
    assert [(t.term, t.regions) for t in view.shared_initiatives] == [("三会一课", ("黑龙江省", "甘肃省"))]
    assert [(t.term, t.regions) for t in view.shared_keyphrases] == [("乡村振兴", ("黑龙江省", "甘肃省"))]
    own = {o.region: o for o in view.own}
    assert own["黑龙江省"].initiatives == ("三航行动",)
    assert own["黑龙江省"].keyphrases == ("机关党建",)
    assert own["甘肃省"].initiatives == ("五大工程",)
    assert own["甘肃省"].keyphrases == ("产业链",)


def test_one_region_has_nothing_to_compare():
    a1 = _analysis("a1.txt", "开展“三航行动”。", {"三航行动": 2})
    collection = CollectionResult(
        reports=(ReportResult(a1, ()),),
        regions=(RegionGroup("黑龙江省", "province", ("a1.txt",), (), ()),),
    )
    view = cross_region_view(collection)
    assert view.regions == 1
    assert view.shared_initiatives == () and view.shared_keyphrases == ()
