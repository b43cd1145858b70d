"""The Word 简报 of a collection (python-docx): a briefing an office can circulate.

What it holds, in the collection's region order (see README, Headless):

* the title (Title style), the period the reports cover (their earliest and
  latest dates, 日期不详 when none has one), the date it was made and a count;
* per region a Heading 1, then its reports' places, its named initiatives
  (the cross-region view's: its own and those it shares with other regions),
  its headline figures each with its place and report (Heading 2 主要数据),
  and its reports (Heading 2 各篇报告), each under its title (Heading 3) with
  its place, date, source and file, its summary sentences and its warnings;
* the files that could not be read.

Heading styles give the document an outline Word and LibreOffice navigate.

Text from reports is converted to simplified characters where it reads as
traditional (``textnorm``, as the analysis does), so the briefing is in
simplified throughout; file names stay as they are, since they name files.
Everything goes in as literal runs of text: nothing in a report is read as
markup, and control characters become visible symbols (``dj_tui.printable``),
which also keeps the XML valid.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import PurePath
from typing import TYPE_CHECKING

from docx import Document
from docx.oxml.ns import qn

from dj_tui.analysis.collection.build import place_below
from dj_tui.analysis.collection.dates import report_period
from dj_tui.analysis.export import heading_title
from dj_tui.analysis.models import CollectionResult, RegionFigure, RegionGroup, ReportResult
from dj_tui.analysis.stages.textnorm import needs_simplification, to_simplified
from dj_tui.printable import visible

if TYPE_CHECKING:
    from docx.document import Document as DocumentType

    from dj_tui.analysis.collection.cross_region import CrossRegionView

BRIEFING_TITLE = "党建工作综述 · 简报"
UNKNOWN_PERIOD = "日期不详"

# What XML 1.0 cannot hold and ``visible`` leaves alone: surrogates that are
# not a file name's undecodable bytes, and the two non-characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _shown_path(path: str) -> str:
    """A file name as it is, its odd bytes and control characters visible."""
    return _NOT_XML.sub("\ufffd", visible(path))


def _shown_text(text: str) -> str:
    """Report text in simplified characters, on one line, its control characters visible."""
    text = " ".join(text.split())
    if needs_simplification(text):
        text = to_simplified(text)
    return _NOT_XML.sub("\ufffd", visible(text))


def briefing_period(reports: Sequence[ReportResult]) -> str:
    """``2021-03-01 至 2023-05-02`` from the reports' dates (``dates.report_period``); 日期不详 when none has one."""
    return report_period(reports).text or UNKNOWN_PERIOD


def report_place(report: ReportResult, group: RegionGroup) -> str:
    """Where in its region a report speaks from (武威市), else its own place (甘肃省), else 未识别."""
    region = report.analysis.region
    return place_below(region, group.level) or region.label or "未识别"


def _cited_report(report: ReportResult) -> str:
    """《title》 for a report with one; a report without is cited by its file's name, which is no title."""
    metadata = report.analysis.metadata
    title = metadata.title or metadata.subtitle
    if title is None:
        return _shown_path(PurePath(report.path).name)
    return f"《{_shown_text(title)}》"


def _use_chinese_fonts(document: DocumentType) -> None:
    """Song for the text and Hei for the headings, as Chinese office documents are set.

    The default template leaves East Asian text to the theme font, which
    Word on a Chinese system shows well but LibreOffice may not; the
    language tag makes both break lines and check spelling as Chinese.
    """
    faces = {"Normal": "宋体", "Title": "黑体", "Heading 1": "黑体", "Heading 2": "黑体", "Heading 3": "黑体"}
    for name, face in faces.items():
        properties = document.styles[name].element.get_or_add_rPr()
        fonts = properties.get_or_add_rFonts()
        fonts.attrib.pop(qn("w:eastAsiaTheme"), None)  # a theme font would win over the named one
        fonts.set(qn("w:eastAsia"), face)
        language = properties.find(qn("w:lang"))
        if language is None:
            language = properties.makeelement(qn("w:lang"), {})
            properties.append(language)
        language.set(qn("w:eastAsia"), "zh-CN")


def _labelled(document: DocumentType, label: str, text: str) -> None:
    """A paragraph ``label：text`` with the label in bold."""
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}：").bold = True
    paragraph.add_run(text)


def _figure_line(document: DocumentType, item: RegionFigure, report: ReportResult) -> None:
    """武威市：重大项目完成投资 **372亿元**（《党建领航风帆劲》）"""
    figure = item.figure
    paragraph = document.add_paragraph(style="List Bullet")
    lead = f"{_shown_text(item.place)}：" if item.place else ""
    if figure.subject:
        lead += _shown_text(figure.subject) + " "
    paragraph.add_run(lead)
    paragraph.add_run(_shown_text(figure.text)).bold = True
    paragraph.add_run(f"（{_cited_report(report)}）")


def _initiatives(document: DocumentType, group: RegionGroup, cross: CrossRegionView) -> None:
    own = next((item.initiatives for item in cross.own if item.region == group.name), ())
    shared = [term.term for term in cross.shared_initiatives if group.name in term.regions]
    if own:
        _labelled(document, "独有提法", "、".join(f"“{_shown_text(term)}”" for term in own))
    if shared:
        _labelled(document, "与其他地区共有的提法", "、".join(f"“{_shown_text(term)}”" for term in shared))


def _report_section(document: DocumentType, report: ReportResult, group: RegionGroup) -> None:
    analysis = report.analysis
    metadata = analysis.metadata
    title = heading_title(analysis)
    # A title-less report is headed by its file's name, kept as it is.
    shown_title = _shown_text(title) if metadata.title or metadata.subtitle else _shown_path(title)
    document.add_heading(shown_title, level=3)
    if metadata.title and metadata.subtitle:
        document.add_paragraph(f"——{_shown_text(metadata.subtitle)}")
    facts = [_shown_text(report_place(report, group)), metadata.date or UNKNOWN_PERIOD]
    if metadata.source:
        facts.append(_shown_text(metadata.source))
    facts.append(f"文件：{_shown_path(analysis.path)}")
    document.add_paragraph(" · ".join(facts))
    for sentence in analysis.summary:
        document.add_paragraph(_shown_text(sentence.text), style="List Bullet")
    for warning in analysis.warnings:
        _labelled(document, "注意", _shown_text(warning))


def _region_section(
    document: DocumentType, group: RegionGroup, by_path: dict[str, ReportResult], cross: CrossRegionView
) -> None:
    reports = [by_path[path] for path in group.reports]
    document.add_heading(f"{_shown_text(group.name)}（{len(reports)} 篇）", level=1)
    places = Counter(_shown_text(report_place(report, group)) for report in reports)
    _labelled(document, "地点", "、".join(f"{place}（{n} 篇）" if n > 1 else place for place, n in places.items()))
    _initiatives(document, group, cross)
    if group.figures:
        document.add_heading("主要数据", level=2)
        for item in group.figures:
            _figure_line(document, item, by_path[item.report])
    document.add_heading("各篇报告", level=2)
    for report in reports:
        _report_section(document, report, group)


def briefing_docx(result: CollectionResult, cross: CrossRegionView, made: date) -> bytes:
    """The briefing of ``result`` as the bytes of a .docx file, dated ``made``."""
    document = Document()
    _use_chinese_fonts(document)
    properties = document.core_properties
    properties.title = BRIEFING_TITLE
    properties.author = properties.last_modified_by = "dj-tui"
    properties.language = "zh-CN"
    properties.created = properties.modified = datetime.combine(made, time())
    properties.revision = 1

    document.add_heading(BRIEFING_TITLE, level=0)
    _labelled(document, "时间范围", briefing_period(result.reports))
    _labelled(document, "制作日期", made.isoformat())
    document.add_paragraph(f"共 {len(result.reports)} 篇报告，{len(result.regions)} 个地区。")
    by_path = {report.path: report for report in result.reports}
    for group in result.regions:
        _region_section(document, group, by_path, cross)
    if result.errors:
        document.add_heading("未能读取", level=1)
        for error in result.errors:
            document.add_paragraph(
                f"{_shown_path(error.path)}：{_shown_text(error.message)}", style="List Bullet"
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
