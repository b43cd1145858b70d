"""Figures: which numbers count, how they are read, which way they move and how exact they are."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dj_tui.analysis.models import Figure
from dj_tui.analysis.stages import figure_repeats, segment
from dj_tui.analysis.stages.figure_numerals import parse_chinese
from dj_tui.analysis.stages.figure_qualifiers import is_threshold
from dj_tui.analysis.stages.figure_repeats import without_repeats
from dj_tui.analysis.stages.figure_units import (
    COUNT,
    DURATION,
    EVENT,
    MONEY,
    PEOPLE,
    POINTS,
    RATE,
    TIMES,
    unit_kind,
)
from dj_tui.analysis.stages.figures import extract_figures
from dj_tui.analysis.stages.sentences import build_sentences

REPORTS = Path(__file__).resolve().parents[1] / "data" / "reports"


def figures_of(*paragraphs: str) -> list[Figure]:
    sentences = build_sentences(paragraphs)
    return extract_figures(sentences, [segment.cut(s.norm) for s in sentences])


def report_figures(name: str) -> list[Figure]:
    return figures_of(*(REPORTS / name).read_text(encoding="utf-8").splitlines())


def only(figures: list[Figure], text: str) -> Figure:
    matching = [f for f in figures if f.text == text]
    assert len(matching) == 1, [f.text for f in figures]
    return matching[0]


@pytest.mark.parametrize(
    ("paragraph", "text", "value", "unit", "qualifier", "subject"),
    [
        ("19.07万个基层党组织、380余万名党员参加了主题教育。", "19.07万个", 190700, "个", None, "基层党组织"),
        ("19.07万个基层党组织、380余万名党员参加了主题教育。", "380余万名", 3800000, "名", "余", "党员"),
        ("举办各类班次20多个，培训近6000人次。", "近6000人次", 6000, "人次", "近", "培训"),
        ("政务服务事项网上可办率达到99.06%。", "99.06%", 99.06, "%", None, "网上可办率"),
        ("248个高质量发展重大项目完成投资372亿元。", "372亿元", 37200000000, "元", None, "重大项目完成投资"),
    ],
)
def test_reads_value_unit_qualifier_and_subject(paragraph, text, value, unit, qualifier, subject):
    figure = only(figures_of(paragraph), text)
    assert (figure.value, figure.unit, figure.qualifier, figure.subject) == (value, unit, qualifier, subject)
    assert figure.index == 0


@pytest.mark.parametrize(
    ("paragraph", "text", "value", "unit", "qualifier"),
    [
        # Chinese numerals with a magnitude are real amounts.
        ("两万余人参加培训。", "两万余人", 20000, "人", "余"),
        ("三千多名党员到社区报到。", "三千多名", 3000, "名", "多"),
        ("个人荣誉超千项。", "超千项", 1000, "项", "超"),
        ("上万人次受益。", "上万人次", 10000, "人次", "上"),
        ("百余名干部下沉一线。", "百余名", 100, "名", "余"),
        ("建立十余个工作站。", "十余个", 10, "个", "余"),
        ("满意率达到百分之九十五。", "百分之九十五", 95, "%", None),
        # Qualifiers before and after the number.
        ("吸纳逾300名志愿者。", "逾300名", 300, "名", "逾"),
        ("修建约200公里道路。", "约200公里", 200, "公里", "约"),
        ("合格率保持在98%以上。", "98%以上", 98, "%", "以上"),
        ("不到12小时完成抢修。", "不到12小时", 12, "小时", "不到"),
        ("超过3000户群众受益。", "超过3000户", 3000, "户", "超过"),
        # Ranges keep the upper bound.
        ("每个小组联系20—30户。", "20—30户", 30, "户", "至"),
        ("建设6-8个示范点。", "6-8个", 8, "个", "至"),
        ("人均补贴2万—3万元。", "2万—3万元", 30000, "元", "至"),
        ("确定1至2个突出问题。", "1至2个", 2, "个", "至"),
        # Multipliers and separators.
        ("累计投入3千万元。", "3千万元", 30000000, "元", None),
        ("实现生产总值1.2万亿元。", "1.2万亿元", 1.2e12, "元", None),
        ("招募1,000名网格员。", "1,000名", 1000, "名", None),
        ("新建道路3千米。", "3千米", 3, "千米", None),
        # A general unit list.
        ("占比提高3个百分点。", "3个百分点", 3, "个百分点", None),
        ("产值增长1.5倍。", "1.5倍", 1.5, "倍", None),
        ("筹集资金86.34万元。", "86.34万元", 863400, "元", None),
        ("新建场馆1200平方米。", "1200平方米", 1200, "平方米", None),
        ("完成造林24.1万亩。", "24.1万亩", 241000, "亩", None),
        ("办理实事1268件。", "1268件", 1268, "件", None),
        ("开展活动1.67万场次。", "1.67万场次", 16700, "场次", None),
        ("服务时长超过9个小时。", "超过9个小时", 9, "小时", "超过"),
        ("驻村工作满6个月。", "6个月", 6, "个月", None),
    ],
)
def test_normalises_every_number_and_unit_fact(paragraph, text, value, unit, qualifier):
    figure = only(figures_of(paragraph), text)
    assert (figure.value, figure.unit, figure.qualifier) == (pytest.approx(value), unit, qualifier)


@pytest.mark.parametrize(
    "paragraph",
    [
        # Years and dates.
        "2022年以来，全市党建工作成效明显。",
        "2024-04-18 16:33 来源：党的建设杂志",
        "2022年12月8日上午，宣讲活动正式开讲。",
        "2023年3—6月，信访总量同比减少。",
        "二〇二三年工作要点。",
        # Ordinals and rankings.
        "第九批选派干部已奔赴乡村。",
        "考核排名全省第一。",
        "增速居全省前6位。",
        "党的十九届五中全会胜利召开。",
        # Anniversaries.
        "以优异成绩迎接建党103周年。",
        "新中国成立75周年。",
        # Slogans and numbered names.
        "深入学习贯彻党的二十大精神。",
        "坚定拥护“两个确立”。",
        "大力实施基层党建五大工程。",
        "紧扣“5512”产业工程。",
        "以“三航行动”为牵动。",
        "开展“一月5件好事”活动。",
        "打造“10分钟便民生活圈”。",
        # Phone numbers, addresses, times, formulas.
        "电话：0551-62607456。",
        "地址：合肥市红星路1号服务楼2楼。",
        "发布时间 21:24:01。",
        "实行5×8小时值班。",
        "推行1+3+N工作模式。",
        # Titles.
        "学习《关于加强3个方面工作的20条意见》。",
        # Chinese numerals in set phrases.
        "一个个数字背后，一项项荣誉背后。",
        "他曾三天三夜没有离开病房。",
        "坚持一线问诊。",
        "千家万户喜迎新春，信心百倍。",
        "几十个村参与。",
        "数百名群众参与。",
        # A number glued to a Latin letter is a code: a train, a model.
        "乘坐G7次列车返乡。",
        "考核排在后3名的单位。",
        # A unit character that starts a longer word.
        "聚焦各节2节点作风建设。",
        # A magnitude before a digit is no numeral (万一), a 成 inside a word no rate.
        "万一个别党员掉队，要及时提醒。",
        "这套做法一成不变。",
        "其中三成为青年骨干。",
        # A long bare number before a counted noun is a hotline.
        "拨打12345市民服务热线。",
    ],
)
def test_numbers_that_are_not_figures(paragraph):
    assert figures_of(paragraph) == []


def test_quoted_speech_keeps_its_figures():
    # A quotation that is a whole utterance reports facts; a short quoted name does not.
    figures = figures_of("“我们今年建了12个驿站，群众很满意。”站长说。")
    assert [f.text for f in figures] == ["12个"]


@pytest.mark.parametrize(
    ("paragraph", "text", "subject"),
    [
        ("380余万名党员参加了主题教育。", "380余万名", "党员"),  # a verb ends the phrase
        ("全市组建1.2万余人的志愿者队伍。", "1.2万余人", "志愿者队伍"),  # across 的
        ("全县有86公里河道。", "86公里", "河道"),  # 有 introduces what is measured
        ("设立300万元人才基金。", "300万元", "人才基金"),
        ("建成“党员之家”12个。", "12个", "“党员之家”"),  # a quoted name before the count
        ("化解矛盾纠纷等260余起。", "260余起", "化解矛盾纠纷"),  # 等 closes a list
        ("全县合格率同比提高5%。", "5%", "全县合格率"),
        ("全村人员报酬提高到每人每年4.5万元。", "4.5万元", "全村人员报酬"),
    ],
)
def test_finds_the_subject_counted(paragraph, text, subject):
    assert only(figures_of(paragraph), text).subject == subject


def test_subject_is_none_when_nothing_is_counted():
    assert only(figures_of("先后3次召开推进会。"), "3次").subject is None
    assert only(figures_of("参与群众共计500人。"), "500人").subject != "共计"


def test_subject_never_reaches_into_the_previous_figure():
    figures = figures_of("会议材料1200份减少300份。")
    assert only(figures, "1200份").subject == "会议材料"
    assert only(figures, "300份").subject is None


def test_figures_come_in_document_order_unscored():
    figures = figures_of("全年开展培训3次。全市完成投资5亿元。", "覆盖率达到98%", "发展党员2万余名。")
    assert [f.text for f in figures] == ["3次", "5亿元", "98%", "2万余名"]
    assert {f.score for f in figures} == {0.0}


def test_a_fact_stated_twice_is_listed_twice_and_kept_once_by_without_repeats():
    figures = figures_of("新建驿站500个。", "全年新建驿站500个，新建书屋500个。")
    assert [(f.text, f.index) for f in figures] == [("500个", 0), ("500个", 1), ("500个", 1)]
    kept = without_repeats(reversed(figures))  # in the order they are to be shown
    assert [(f.index, f.subject) for f in kept] == [(1, figures[2].subject), (1, figures[1].subject)]
    assert "书屋" in kept[0].subject


def test_without_repeats_compares_many_subjects_of_one_amount_in_linear_work(monkeypatch):
    # A table of villages with 5个 each: comparing every new subject with
    # every kept one was quadratic.
    compared = 0
    same_subject = figure_repeats._same_subject

    def counting(a, b):
        nonlocal compared
        compared += 1
        return same_subject(a, b)

    monkeypatch.setattr(figure_repeats, "_same_subject", counting)

    def work(count: int) -> int:
        nonlocal compared
        compared = 0
        figures = [Figure(f"5个{i}", 5, "个", None, f"村{i:05d}甲", 0) for i in range(count)]
        assert len(without_repeats(figures)) == count
        return compared

    assert work(2000) < 2.5 * work(1000)


def test_text_is_quoted_from_the_original_not_the_normalised_form():
    (figure,) = figures_of("全年培訓黨員2萬人次。")
    assert figure.text == "2萬人次"
    assert figure.value == 20000


_NUMBER_RUN = re.compile(r"[\\d,.]+|[零〇一二两三四五六七八九十百千万亿点]+")
_PIECES = st.sampled_from(
    [
        "1", "2", "0", "19.07", "1,000", "万", "亿", "千", "百", "十", "两", "三", "个", "名", "人次",
        "元", "%", "余", "多", "近", "超", "约", "以上", "-", "—", "至", "年", "月", "第", "周年",
        "“", "”", "《", "》", "：", ":", "，", "。", "的", "党员", "达到", "百分之", "萬", "個",
        "\u3000", "１", "．", "％", "从", "由", "压减至", "提升到", "下降", "突破", "不少于", "成", "分之",
        "翻一番", "群众", "三万五", "十二",
    ]
)  # fmt: skip
_PARAGRAPH = st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map("".join)


@settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARAGRAPH, min_size=1, max_size=4))
def test_every_figure_is_a_verbatim_substring_of_the_report(paragraphs):
    sentences = build_sentences(paragraphs)
    figures = extract_figures(sentences, [segment.cut(s.norm) for s in sentences])
    report = "\n".join(paragraphs)
    for figure in figures:
        assert figure.text
        assert figure.text in sentences[figure.index].text
        assert figure.text in report
    assert [f.index for f in figures] == sorted(f.index for f in figures)
    for figure in figures:
        if figure.from_value is not None:
            assert len(_NUMBER_RUN.findall(figure.text)) >= 2  # both values are in the text


def test_sample_anhui_figures():
    figures = report_figures("anhui-qiangji-guben.txt")
    texts = {f.text for f in figures}
    assert {"14.8亿元", "380余万名", "190万多人", "79万多人次", "44.4万件", "19.07万个"} <= texts
    assert only(figures, "19.07万个").subject == "基层党组织"
    # The publisher footer (phone, address), 第八批/第九批, 23年 and 三天三夜 are not figures.
    assert not any(f.text.startswith(("0551", "1号", "2楼", "23")) for f in figures)
    assert all(f.unit not in ("年", "天") for f in figures)


def test_sample_shuangyashan_figures():
    figures = report_figures("shuangyashan-sanhang-xingdong.txt")
    assert {"149万元", "86.34万元", "20余万元", "近6000人次", "337项"} <= {f.text for f in figures}
    honours = only(figures, "超千项")
    assert (honours.value, honours.qualifier, honours.subject) == (1000, "超", "个人荣誉")
    # 建党103周年, 新中国成立75周年, 2023年 and the quoted action names are not figures.
    assert not any(f.value in (103, 75, 2023) for f in figures)


def test_sample_wuwei_figures():
    figures = report_figures("wuwei-2022-jiceng-dangjian.txt")
    subjects = {f.text: f.subject for f in figures}
    assert subjects["372亿元"] == "重大项目完成投资"
    assert subjects["99.06%"] == "网上可办率"


def test_sample_reports_without_statistics_yield_only_real_counts():
    # 安定区 states no statistics: its date, time stamp and slogans give nothing.
    assert report_figures("dingxi-anding-wuda-gongcheng.txt") == []
    # 宿州: “5512”产业工程, 第九批, 75周年 and 2023年 are not figures.
    assert sorted(f.text for f in report_figures("suzhou-dangqi-piaoyang.txt")) == ["3次", "5家"]


# --- Chinese numerals ---------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "text", "value"),
    [
        # The last magnitude left out counts one below the one before it.
        ("三万五名党员参加。", "三万五名", 35000),
        ("服务一千二人次。", "一千二人次", 1200),
        ("走访二百五户。", "二百五户", 250),
        ("筹集两亿三万元。", "两亿三万元", 200030000),
        # Written out in full.
        ("三万五千名党员参加。", "三万五千名", 35000),
        ("两千名干部下沉。", "两千名", 2000),
        ("覆盖十二个村。", "十二个", 12),
        ("建成一百零五个站点。", "一百零五个", 105),
        ("投入三点五亿元。", "三点五亿元", 350000000),
        # Digits with a magnitude.
        ("培训1.2万人。", "1.2万人", 12000),
        ("投入3千元。", "3千元", 3000),
        # A small Chinese number is a count before 倍 and 个百分点.
        ("收入增长两倍。", "两倍", 2),
        ("占比提高两个百分点。", "两个百分点", 2),
    ],
)
def test_reads_chinese_numerals_in_all_their_forms(paragraph, text, value):
    assert only(figures_of(paragraph), text).value == pytest.approx(value)


def test_parse_chinese_reads_what_cn2an_writes():
    assert parse_chinese("一亿零五") == 100000005
    assert parse_chinese("零点零五") == Decimal("0.05")
    assert parse_chinese("二三") is None  # a run of digits, not a number
    assert parse_chinese("五十十") is None  # magnitudes out of order
    assert parse_chinese("万一") is None  # a leading 万 stands alone (万一: "in case")


@settings(deadline=None, max_examples=500)
@given(st.integers(min_value=0, max_value=10**16 - 1))
def test_every_integer_cn2an_writes_parses_back(number):
    assert parse_chinese(cn2an.an2cn(number)) == number


@settings(deadline=None, max_examples=300)
@given(st.integers(min_value=0, max_value=10**8 - 1), st.integers(min_value=1, max_value=99))
def test_every_decimal_cn2an_writes_parses_back(whole, hundredths):
    number = Decimal(whole) + Decimal(hundredths) / 100
    assert parse_chinese(cn2an.an2cn(str(number))) == number


@settings(deadline=None, max_examples=300)
@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["万", "千", "百"]), st.integers(min_value=1, max_value=9))
def test_a_numeral_without_its_last_magnitude_reads_as_cn2an_reads_it(head, magnitude, last_digit):
    # 三万五, 一千二, 二百五: cn2an's reading of the short form is the oracle.
    if magnitude != "万":
        head = head % 9 + 1  # 千 and 百 take a single digit before them
    numeral = cn2an.an2cn(head) + magnitude + cn2an.an2cn(last_digit)
    assert parse_chinese(numeral) == cn2an.cn2an(numeral, "normal")


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=11, max_value=10**12))
def test_a_count_in_chinese_numerals_is_read_as_its_value(number):
    written = cn2an.an2cn(number)
    # Magnitudes alone (十万, 千万, 十亿) are read as idioms (十万火急, 千万要) unless qualified.
    assume(not set(written) <= set("十百千万亿"))
    figure = only(figures_of(f"全市共有{written}名党员。"), f"{written}名")
    assert figure.value == number


# --- Direction and change -----------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "text", "direction"),
    [
        ("退件率环比下降75%。", "75%", "down"),
        ("诉求总量同比下降3.5%。", "3.5%", "down"),
        ("空置率下降了1.2个百分点。", "1.2个百分点", "down"),
        ("诉求减少900件、降幅7.5%。", "7.5%", "down"),
        ("办理时间缩短2天。", "2天", "down"),
        ("销售额同比增长70%以上。", "70%以上", "up"),
        ("合格率提高到98%。", "98%", "up"),
        ("村集体收入增加8.7%。", "8.7%", "up"),
        ("满意度提升近5个百分点。", "近5个百分点", "up"),
        ("8月降幅更是达到17.5%。", "17.5%", "down"),  # an adverb before the link
        ("会议精简率达70%。", "70%", "down"),  # the rate of a verb of change
        ("两项收入分别增长8%和9%。", "9%", "up"),  # a list shares its verb
        ("全年新建驿站500个。", "500个", None),  # a count, not a change
        ("建成驿站5个和书屋3个。", "3个", None),
        ("一产增加值12亿元。", "12亿元", None),  # 增加值 is a noun
    ],
)
def test_the_verb_before_a_figure_gives_its_direction(paragraph, text, direction):
    figure = only(figures_of(paragraph), text)
    assert figure.direction == direction
    assert figure.value > 0  # the magnitude as written


@pytest.mark.parametrize(
    ("paragraph", "text", "from_value", "value", "direction"),
    [
        ("基层报表从7300张压减至160张。", "7300张压减至160张", 7300, 160, "down"),
        ("群众满意度从45%提升至93%。", "45%提升至93%", 45, 93, "up"),
        ("审批时限由3天缩短到1天。", "3天缩短到1天", 3, 1, "down"),
        ("工资从2000多元涨到现在的4000多元。", "2000多元涨到现在的4000多元", 2000, 4000, "up"),
        ("维修费用从28万元“砍”到18.5万元。", "28万元“砍”到18.5万元", 280000, 185000, "down"),
        ("合作社由原来的5家发展为12家。", "5家发展为12家", 5, 12, "up"),
    ],
)
def test_a_change_from_one_value_to_another_is_one_figure(paragraph, text, from_value, value, direction):
    (figure,) = figures_of(paragraph)
    assert (figure.text, figure.from_value, figure.value, figure.direction) == (text, from_value, value, direction)


@pytest.mark.parametrize(
    "paragraph",
    [
        "每户补贴从3万元到5万元不等。",  # no verb: a range of amounts
        "从事3个行业的企业为120家。",  # the 从 of 从事
        "从500名党员中选出80名。",  # no 到, 至 or 为
        "报表从1200张压减至300份。",  # two units: two figures
    ],
)
def test_two_amounts_that_are_no_change_stay_two_figures(paragraph):
    figures = figures_of(paragraph)
    assert len(figures) == 2
    assert all(f.from_value is None for f in figures)


_CHANGE_NUMBERS = st.one_of(
    st.integers(min_value=1, max_value=99999).map(lambda n: (str(n), n)),
    st.integers(min_value=1, max_value=999).map(lambda n: (f"{n}万", n * 10000)),
    st.integers(min_value=11, max_value=99999).map(lambda n: (cn2an.an2cn(n), n)),
)


@settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    _CHANGE_NUMBERS,
    _CHANGE_NUMBERS,
    st.sampled_from(["张", "项", "人", "元", "%", "个"]),
    st.sampled_from(["压减至", "提升到", "增加到", "调整为", "缩减到"]),
)
def test_a_change_keeps_both_values_as_written(old, new, unit, verb):
    (old_written, old_value), (new_written, new_value) = old, new
    text = f"{old_written}{unit}{verb}{new_written}{unit}"
    (figure,) = figures_of(f"全区指标从{text}。")
    assert figure.text == text
    assert figure.text.startswith(old_written) and figure.text.endswith(new_written + unit)
    assert (figure.from_value, figure.value) == (old_value, new_value)
    expected = "up" if new_value > old_value else "down" if new_value < old_value else figure.direction
    assert figure.direction == expected


# --- Qualifiers, counted nouns, rates in words ----------------------------------


@pytest.mark.parametrize(
    ("paragraph", "text", "qualifier"),
    [
        ("村集体收入突破60万元。", "突破60万元", "突破"),
        ("党员占比超过80%。", "超过80%", "超过"),
        ("组建不少于5人的执法队。", "不少于5人", "不少于"),
        ("考核分数不低于90%。", "不低于90%", "不低于"),
        ("年收益低于5万元的村。", "低于5万元", "低于"),
        ("收益在50万元以上的村。", "50万元以上", "以上"),
        ("响应时间控制在30分钟以内。", "30分钟以内", "以内"),
        ("节约3000元。", "3000元", None),  # 约 ends the word 节约
        ("最近3个月走访群众。", "3个月", None),  # 近 ends the word 最近
    ],
)
def test_qualifiers_of_bounds_and_thresholds(paragraph, text, qualifier):
    assert only(figures_of(paragraph), text).qualifier == qualifier


@pytest.mark.parametrize(
    ("paragraph", "text", "expected"),
    [
        ("组建不少于5人的执法队。", "不少于5人", True),
        ("收益在50万元以上的村达标。", "50万元以上", True),
        ("合格率保持在98%以上。", "98%以上", False),
        ("村集体收入突破60万元。", "突破60万元", False),
        ("每组联系20—30户。", "20—30户", False),  # a range: qualifier 至
    ],
)
def test_is_threshold_tells_a_criterion_from_a_result(paragraph, text, expected):
    sentences = build_sentences([paragraph])
    figure = only(extract_figures(sentences, [segment.cut(s.norm) for s in sentences]), text)
    assert is_threshold(figure, sentences[figure.index]) is expected


@pytest.mark.parametrize(
    ("paragraph", "text", "value", "unit"),
    [
        ("带动5000余群众就业。", "5000余群众", 5000, "群众"),
        ("全省近700万从业人员。", "近700万从业人员", 7000000, "从业人员"),
        ("五万党员参加志愿服务。", "五万党员", 50000, "党员"),
        ("帮助300农户增收。", "300农户", 300, "农户"),
    ],
)
def test_counts_people_without_a_measure_word(paragraph, text, value, unit):
    figure = only(figures_of(paragraph), text)
    assert (figure.value, figure.unit) == (value, unit)
    assert unit_kind(figure.unit) == PEOPLE


@pytest.mark.parametrize(
    ("paragraph", "text", "value", "unit", "qualifier", "direction"),
    [
        ("三分之一的村建起合作社。", "三分之一", 33.3, "%", None, None),
        ("超过三分之二的党员参加。", "超过三分之二", 66.7, "%", "超过", None),
        ("五成以上的农户加入。", "五成以上", 50, "%", "以上", None),
        ("诉求同比降幅超三成。", "超三成", 30, "%", "超", "down"),
        ("不良率控制在千分之五以内。", "千分之五以内", 0.5, "%", "以内", None),
        ("村民收入翻一番。", "翻一番", 2, "倍", None, "up"),
        ("产值翻了两番。", "翻了两番", 4, "倍", None, "up"),
    ],
)
def test_rates_and_multiples_written_in_words(paragraph, text, value, unit, qualifier, direction):
    figure = only(figures_of(paragraph), text)
    assert (figure.value, figure.unit, figure.qualifier, figure.direction) == (
        pytest.approx(value), unit, qualifier, direction,
    )


def test_unit_kind_of_canonical_units():
    assert [unit_kind(u) for u in ("元", "%", "个百分点", "倍", "名", "个", "批次", "天")] == [
        MONEY, RATE, POINTS, TIMES, PEOPLE, COUNT, EVENT, DURATION,
    ]
