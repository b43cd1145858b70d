"""Keyphrases: quoted names, noun phrases, the stoplist and collection ranking."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from dj_tui.analysis.models import Keyword
from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.keyphrases import (
    aggregate_keywords,
    extract_candidates,
    load_stopwords,
    rank_collection,
)
from dj_tui.analysis.stages.sentences import build_sentences

STOPWORDS = load_stopwords()


def candidates(*paragraphs: str, stopwords: frozenset[str] = STOPWORDS) -> dict[str, int]:
    sentences = build_sentences(paragraphs)
    return extract_candidates(sentences, [segment.cut(s.norm) for s in sentences], stopwords)


def sample_candidates(path: Path) -> dict[str, int]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return candidates(*lines)


def rank(reports: Sequence[Mapping[str, int]], limit: int = 10) -> list[list[Keyword]]:
    """Each report's keywords, best first, ranked over ``reports`` as the collection stage ranks them."""
    return rank_collection([(tuple(report), tuple(report.values())) for report in reports], limit)


def ranked_terms(reports: Sequence[Mapping[str, int]], limit: int = 10) -> list[list[str]]:
    return [[k.term for k in keywords] for keywords in rank(reports, limit)]


# --- quoted names -----------------------------------------------------------


def test_quoted_programme_names_are_terms_even_where_jieba_splits_them():
    found = candidates(
        "市直机关工委以“三航行动”为牵动，扎实推进“一年10件实事”。",
        "在“三航行动”引领下，机关党建走在前列。",
    )
    assert "三航行动" in found
    assert "一年10件实事" in found
    # jieba cuts 三航行动 into 三|航行|动: the pieces must not surface.
    assert "航行" not in found


def test_quoted_speech_and_clauses_are_not_names():
    found = candidates(
        "“我们一定把群众的事情办好，让大家都满意。”村支书说。",
        "要把“最能吃苦的人”选出来，全面推行“红色代办”服务。",
        "喊出“努力建设人民满意群众放心幸福美丽新家园”的口号。",
    )
    assert "红色代办" in found
    assert not any("群众的事情" in term or "我们一定" in term for term in found)
    assert "最能吃苦的人" not in found
    assert not any("群众放心" in term for term in found)


def test_quoted_mentions_weigh_more_and_later_unquoted_mentions_count():
    found = candidates(
        "各村成立“院落议事会”，由居民推选成员。",
        "院落议事会每月召开一次，院落议事会成员轮流主持。",
    )
    # One quoted mention counts twice, the two plain mentions once each.
    assert found["院落议事会"] == 4


def test_programme_names_weigh_more_than_other_quoted_names():
    found = candidates(
        "实施“学习聚魂”政治引领工程，开展“暖心驿站”行动，设立“爱心超市”。",
        "党员干部为群众“送温暖”。",
    )
    # Followed by 工程 or 行动 within the clause: a programme.
    assert found["学习聚魂"] == found["暖心驿站"] == 3
    assert found["爱心超市"] == found["送温暖"] == 2


def test_quoted_pairs_codes_and_village_words_are_programme_names():
    found = candidates(
        "实施“育苗十策、强链百企”工程，推进“3311”人才工程。",
        "开展“百企联百村”行动，“百企联百村”成效明显，“3311”人才工程覆盖全县。",
        "发展“林下、粮药、水域”经济，落实“包干、责任到人”。",
    )
    # A pair of parallel parts is one name; a quoted code is one with its programme word.
    assert "育苗十策、强链百企" in found
    assert found["“3311”人才工程"] >= 3
    # An unknown word ending in 村 may be a village, but a quoted one is a programme.
    assert "百企联百村" in found
    # Three parts, or parts of unequal length, make a list, not a name.
    assert "林下、粮药、水域" not in found
    assert "包干、责任到人" not in found


# --- noun phrases -------------------------------------------------------------


def test_longest_recurring_phrase_absorbs_its_parts():
    found = candidates(
        "各地整顿软弱涣散党组织。",
        "软弱涣散党组织逐步转化。",
        "对软弱涣散党组织派出工作队。",
        "党组织书记带头，党组织班子配齐。",
    )
    assert found["软弱涣散党组织"] == 3
    assert "软弱涣散" not in found
    # 党组织 keeps only the mentions outside the longer phrase.
    assert found["党组织"] == 2


def test_three_token_phrase_beats_its_two_token_parts():
    found = candidates("强化流动党员管理。", "流动党员管理纳入考核。", "流动党员参加活动，流动党员积极响应。")
    assert found["流动党员管理"] == 2
    assert "党员管理" not in found
    assert found["流动党员"] == 2


def test_overlapping_phrases_are_joined_into_the_longer_phrase():
    found = candidates("推动理论武装走深走实。", "理论武装走深走实见成效。")
    assert found.get("理论武装走深走实") == 2
    assert "理论武装走深" not in found and "武装走深走实" not in found


def test_phrases_do_not_cross_punctuation():
    found = candidates("建强队伍，党员教育有成效。", "建强队伍，党员教育有成效。")
    assert not any("队伍党员" in term for term in found)


def test_a_phrase_seen_once_is_not_a_term_but_a_word_is():
    found = candidates("组织开展攻坚破题行动。")
    assert "攻坚破题" not in found
    assert "攻坚" in found


# --- stoplist -----------------------------------------------------------------


def test_stoplist_keeps_pronouns_sequence_and_meeting_words_out():
    found = candidates(
        "她们首先召开会议，会上讲话充分肯定成绩，今年以来主持会议三次。",
        "她们首先召开会议，会上讲话充分肯定成绩。",
    )
    for word in ("她们", "首先", "会议", "会上", "讲话", "充分肯定", "今年以来", "主持会议"):
        assert word not in found
    assert "成绩" in found


def test_stoplist_keeps_officialese_out_of_terms_and_phrase_edges():
    found = candidates("全面加强基层党组织建设，推动工作开展。", "持续加强基层党组织建设。")
    assert found["基层党组织"] == 2
    for word in ("加强", "全面", "持续", "推动", "工作", "开展", "建设", "基层党组织建设"):
        assert word not in found


def test_bundled_stoplist_is_an_editable_commented_file():
    assert {"推动", "加强", "深入", "坚持", "进一步", "我市", "全省", "建设", "的"} <= STOPWORDS
    assert not any(word.startswith("#") for word in STOPWORDS)


def test_extra_stopword_file_adds_terms(tmp_path):
    extra = tmp_path / "mine.txt"
    extra.write_text("# 本地不想要的词\n\n  网格管理  # 太泛\n", encoding="utf-8")
    stopwords = load_stopwords([extra])
    assert "网格管理" in stopwords and "推动" in stopwords
    text = ("推行网格管理，完善网格管理。",)
    assert "网格管理" in candidates(*text)
    assert "网格管理" not in candidates(*text, stopwords=stopwords)


def test_builtin_stoplist_can_be_switched_off(tmp_path):
    extra = tmp_path / "only.txt"
    extra.write_text("网格管理\n", encoding="utf-8")
    assert load_stopwords([extra], builtin=False) == frozenset({"网格管理"})


def test_missing_stopword_file_raises_oserror_naming_it(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(OSError, match="nope.txt"):
        load_stopwords([missing])


def test_undecodable_stopword_file_raises_oserror_naming_it(tmp_path):
    bad = tmp_path / "gbk.txt"
    bad.write_bytes("网格管理".encode("gbk"))
    with pytest.raises(OSError, match="gbk.txt"):
        load_stopwords([bad])


# --- what is never a keyphrase ---------------------------------------------------


def test_years_numbers_and_ordinals_are_not_terms():
    found = candidates(
        "2022年以来，全市第九批选派干部共380名，完成投资19.07亿元，2024年达到一个个新高。",
        "2022年以来，第九批选派干部380名到岗。",
    )
    assert found.get("选派干部") == 2
    assert not [term for term in found if re.search(r"\d|第九|一个个", term)]


def test_single_characters_and_bare_place_names_are_not_terms():
    found = candidates(
        "武威市推行红色物业，双鸭山市开展网格管理。",
        "双鸭山完善网格管理，武威市红色物业全覆盖。",
    )
    assert found["网格管理"] == 2 and found["红色物业"] == 2
    assert not [term for term in found if len(term) == 1]
    for place in ("武威市", "武威", "双鸭山市", "双鸭山"):
        assert place not in found


def test_people_named_by_office_speech_or_address_are_not_terms():
    found = candidates(
        "村党支部书记覃立夫带领村民修建茶园，推行书记项目。",
        "覃立夫说，茶园修好了，覃立夫还要带大家种茶。",
        "文化站站长杨柏舟讲解展品，杨柏舟讲解得很细，书记项目见效。",
        "黎一鸣同志作报告，黎一鸣谈到茶园。",
    )
    assert found["茶园"] == 3
    for name in ("覃立夫", "杨柏舟", "黎一鸣"):
        assert not [term for term in found if name in term]
    # After an office, a word jieba knows is no name (书记|项目, not a person 项目).
    assert found["书记项目"] == 2


def test_a_name_jieba_joined_with_its_verb_of_saying_is_not_a_term():
    # jieba cuts 书记邝琦说 as 书记|邝琦说: the name is 邝琦, wherever it stands.
    found = candidates("社区党委书记邝琦说，议事会管用。", "邝琦主持议事会，议事会定下规矩。")
    assert not [term for term in found if "邝琦" in term]
    assert found["议事会"] == 3


def test_a_person_after_a_quoted_title_is_not_a_term():
    found = candidates("村里的“法律明白人”覃秀川调解纠纷。", "覃秀川走村入户，调解纠纷。")
    assert "覃秀川" not in found
    assert found["调解纠纷"] == 2


def test_a_name_glued_to_the_word_before_its_photo_credit_is_not_a_term():
    # jieba reads 图为伍若琳摄 as 图|为伍|若琳|摄: the surname went into 为伍 ("to side with").
    found = candidates("社区居民在广场排练。图为伍若琳摄", "志愿者教老人用手机。图为伍若琳摄")
    assert not [term for term in found if "若琳" in term or "为伍" in term]
    assert "广场" in found


def test_byline_authors_are_not_terms():
    paragraphs = ("韦晓彤在合作社调研产业发展。", "韦晓彤走访合作社农户。")
    assert "韦晓彤" in candidates(*paragraphs)
    sentences = build_sentences(paragraphs)
    found = extract_candidates(sentences, [segment.cut(s.norm) for s in sentences], STOPWORDS, authors=("韦晓彤",))
    assert not [term for term in found if "韦晓彤" in term]
    assert "合作社" in found


def test_urls_file_names_and_lowercase_latin_are_never_terms():
    paragraphs = (
        "![](https://mmbiz.example.cn/sz_mmbiz_png/AbCdE/640?wx_fmt=png&from=appmsg)党员志愿服务队",
        "图片：upload/IMG/2024/0701/9f3ac2e1.jpg 党员志愿服务队",
        "本站 lcxw 栏目 thepaper 党员志愿服务队 news.example.edu.cn",
    )
    found = candidates(*paragraphs)
    assert found["党员志愿服务队"] == 3
    assert not [term for term in found if re.search("[A-Za-z]", term)]
    # Every candidate is a span of the text as written.
    assert all(any(term in p for p in paragraphs) for term in found)


def test_acronyms_and_latin_letters_within_chinese_terms_stay():
    found = candidates(
        "推进AI赋能，AI让服务更智能。",
        "上线“智慧E家”平台，“智慧E家”覆盖全区。",
        "开通政务App，政务App月活十万，App好用。",
        "CNRCDP和iPhone都出现了，CNRCDP和iPhone又出现了。",
    )
    assert "AI" in found and "智慧E家" in found and found["政务App"] == 2
    # A capitalised word needs Chinese beside it; six capitals are no acronym.
    for scrap in ("App", "CNRCDP", "iPhone"):
        assert scrap not in found


def test_page_furniture_is_never_a_term_even_without_the_stoplist():
    found = candidates(
        "版面导航 标题导航",
        "版面导航 上一篇 下一篇",
        "互联网新闻信息服务许可证 京ICP备20240001号 责任编辑 通讯员",
        "社区食堂开张，社区食堂受欢迎。",
        stopwords=frozenset(),
    )
    assert found["社区食堂"] == 2
    for furniture in ("导航", "版面", "标题", "版面导航", "许可证", "ICP", "责任编辑", "通讯员"):
        assert not [term for term in found if furniture in term]


# --- ranking over the collection ---------------------------------------------------


def test_a_term_every_report_shares_ranks_below_a_distinctive_one():
    maps = [
        {"基层治理": 6, "红色物业": 2},
        {"基层治理": 6, "网格管理": 2},
        {"基层治理": 6, "人才引进": 2},
    ]
    assert ranked_terms(maps) == [["红色物业", "基层治理"], ["网格管理", "基层治理"], ["人才引进", "基层治理"]]
    # In all three reports, with the same count: the same score everywhere.
    assert len({k.score for keywords in rank(maps) for k in keywords if k.term == "基层治理"}) == 1


def test_a_term_with_no_count_is_no_candidate():
    # It counts neither towards the document frequency nor as a keyword.
    maps = [{"红色物业": 3, "网格管理": 0}, {"网格管理": 3, "人才引进": 3}]
    assert rank(maps) == rank([{"红色物业": 3}, maps[1]])


def test_ranking_works_for_one_and_two_reports():
    alone = {"红色物业": 3, "网格管理": 1}
    (ranked,) = rank([alone])
    assert [k.term for k in ranked] == ["红色物业", "网格管理"]
    assert all(k.score > 0 for k in ranked)

    other = {"红色物业": 3, "人才引进": 3}
    ranked, _ = rank([alone, other])
    assert all(k.score > 0 for k in ranked)
    # Shared by both reports, 红色物业 falls below the term only this report has.
    assert [k.term for k in ranked] == ["网格管理", "红色物业"]


def test_ranking_is_deterministic_rounded_and_limited():
    same = {"乙乙乙乙": 2, "甲甲甲甲": 2, "丙丙丙丙": 2}
    (ranked,) = rank([same], 2)
    assert [k.term for k in ranked] == sorted(same)[:2]
    assert all(k.score == round(k.score, 4) for k in ranked)
    assert rank([same], 0) == [[]]


def test_samples_surface_their_own_programmes(samples_dir):
    paths = sorted(samples_dir.glob("*.txt"))
    maps = {path.stem: sample_candidates(path) for path in paths}
    top = dict(zip(maps, ranked_terms(list(maps.values()))))
    assert "三航行动" in top["shuangyashan-sanhang-xingdong"][:3]
    assert "五大工程" in top["dingxi-anding-wuda-gongcheng"][:3]
    # What every sample says is nobody's keyphrase.
    for terms in top.values():
        assert "两个确立" not in terms and "两个维护" not in terms


# --- regions -------------------------------------------------------------------------


def test_terms_strong_in_several_reports_rise_in_the_region():
    per_report = [
        [Keyword("红色物业", 4.0), Keyword("网格管理", 3.6)],
        [Keyword("人才引进", 8.0), Keyword("网格管理", 6.4)],
        [Keyword("乡村振兴", 2.0)],
    ]
    ranked = aggregate_keywords(per_report, 3)
    assert ranked[0].term == "网格管理"
    assert len(ranked) == 3
    assert [k.term for k in ranked[1:]] == ["乡村振兴", "人才引进"]  # equal scores: by term
    assert aggregate_keywords([], 5) == [] and aggregate_keywords([[]], 5) == []
