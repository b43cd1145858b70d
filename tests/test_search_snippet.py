"""The text shown around a search hit: where a report first holds a query, in its original characters."""

from __future__ import annotations

from dj_tui.analysis.models import DocumentAnalysis, Metadata, Region, Sentence
from dj_tui.analysis.search import Snippet, match_snippet
from dj_tui.analysis.stages.searchtext import query_key
from dj_tui.analysis.stages.textnorm import normalize


def report(paragraphs: list[list[str]], title: str | None = None, subtitle: str | None = None) -> DocumentAnalysis:
    sentences = []
    for p, texts in enumerate(paragraphs):
        for text in texts:
            sentences.append(Sentence(index=len(sentences), text=text, norm=normalize(text), paragraph=p))
    return DocumentAnalysis(
        path="r.txt",
        content_hash="r",
        metadata=Metadata(title=title, subtitle=subtitle),
        sentences=tuple(sentences),
        region=Region(province="甘肃省", level="province"),
        term_counts=(),
        summary=(),
        figures=(),
    )


def test_the_first_match_in_the_text_with_its_context():
    analysis = report([["全市建成党群服务中心。"], ["武威市深入实施“三抓三促”行动，", "推动基层党建提质增效。"]])
    snippet = match_snippet(analysis, query_key("三抓三促"))
    # The paragraph's sentences read on: the context runs across them.
    assert snippet == Snippet("武威市深入实施“", "三抓三促", "”行动，推动基层党建提质增效。", False, False)


def test_the_match_is_quoted_as_the_report_wrote_it():
    # A simplified query finds traditional text, and full-width letters fold too.
    analysis = report([["本市黨員幹部參加ＡＩ培訓。"]])
    assert match_snippet(analysis, query_key("党员干部")).match == "黨員幹部"
    assert match_snippet(analysis, query_key("ai")).match == "ＡＩ"


def test_the_text_comes_before_the_title():
    # The report opens at its first match in the text: the snippet shows that one.
    analysis = report([["开展党员志愿服务。"]], title="党员志愿服务综述")
    assert match_snippet(analysis, "党员").before == "开展"
    title_only = report([["开展志愿服务。"]], title="党员志愿服务综述", subtitle="——记武威市党员")
    assert match_snippet(title_only, "党员") == Snippet("", "党员", "志愿服务综述", False, False)
    assert match_snippet(report([["无关。"]], subtitle="——记武威市党员"), "党员").before == "——记武威市"


def test_context_is_cut_at_the_reach_and_says_so():
    analysis = report([["一二三四五六七八九十党员十九八七六五四三二一"]])
    snippet = match_snippet(analysis, "党员", reach=4)
    assert snippet == Snippet("七八九十", "党员", "十九八七", True, True)


def test_controls_are_made_visible_and_line_breaks_become_spaces():
    analysis = report([["[bold]红色[/bold]\x1b[31m警报\x07\n党员\r\n带头。"]])
    snippet = match_snippet(analysis, "党员")
    assert snippet.before == "[bold]红色[/bold]␛[31m警报␇ "
    assert snippet.after == "  带头。"


def test_a_paragraph_indent_is_not_shown():
    assert match_snippet(report([["\u3000\u3000党员带头。 "]]), "党员") == Snippet("", "党员", "带头。", False, False)


def test_no_snippet_without_a_match():
    analysis = report([["开展志愿服务。"]], title="综述")
    assert match_snippet(analysis, "党员") is None
    assert match_snippet(analysis, "") is None
