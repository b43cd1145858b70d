"""The JSON contract and the Markdown briefing of a collection result.

The JSON is documented in README. It carries no timestamps or durations, and
every list is in a defined order, so the same input gives byte-identical output.

Neither ever holds a raw control character (``dj_tui.printable``): the
Markdown shows them as visible symbols, the JSON escapes them, and a file
name's bytes that are not UTF-8 are written ``\\xff`` in both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from dj_tui import __version__
from dj_tui.analysis.models import (
    CollectionResult,
    DocumentAnalysis,
    Figure,
    Keyword,
    Region,
    RegionFigure,
    RegionGroup,
    ReportResult,
)
from dj_tui.printable import json_escape_controls, undecodable_as_escapes, visible

# Titles longer than this are cut (with …) where a briefing line cites its report.
_SHORT_TITLE = 12


def heading_title(analysis: DocumentAnalysis) -> str:
    """A title to head the report with: its headline, else its ——subtitle, else its file name."""
    metadata = analysis.metadata
    if metadata.title:
        return metadata.title
    return f"——{metadata.subtitle}" if metadata.subtitle else PurePath(analysis.path).name


def keyword_dict(keyword: Keyword) -> dict[str, Any]:
    return {"term": keyword.term, "score": keyword.score}


def figure_dict(figure: Figure) -> dict[str, Any]:
    return {
        "text": figure.text,
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "subject": figure.subject,
        "direction": figure.direction,
        "from_value": figure.from_value,
        "index": figure.index,
        "reasons": list(figure.reasons),
    }


def region_figure_dict(item: RegionFigure) -> dict[str, Any]:
    return {
        **figure_dict(item.figure),
        "report": undecodable_as_escapes(item.report),
        "place": item.place,
    }


def region_dict(region: Region) -> dict[str, Any]:
    return {
        "province": region.province,
        "city": region.city,
        "county": region.county,
        "level": region.level,
        "evidence": list(region.evidence),
    }


def report_dict(report: ReportResult) -> dict[str, Any]:
    analysis = report.analysis
    metadata = analysis.metadata
    return {
        "path": undecodable_as_escapes(analysis.path),
        "format": analysis.format,
        "title": metadata.title,
        "subtitle": metadata.subtitle,
        "date": metadata.date,
        "source": metadata.source,
        "authors": list(metadata.authors),
        "region": region_dict(analysis.region),
        "keywords": [keyword_dict(k) for k in report.keywords],
        "summary": [{"text": s.text, "index": s.index} for s in analysis.summary],
        "figures": [figure_dict(f) for f in report.headline_figures],
        "warnings": list(analysis.warnings),
    }


def region_group_dict(group: RegionGroup) -> dict[str, Any]:
    return {
        "name": group.name,
        "level": group.level,
        "reports": [undecodable_as_escapes(path) for path in group.reports],
        "keywords": [keyword_dict(k) for k in group.keywords],
        "figures": [region_figure_dict(f) for f in group.figures],
    }


def to_json_dict(result: CollectionResult) -> dict[str, Any]:
    return {
        "version": __version__,
        "reports": [report_dict(r) for r in result.reports],
        "regions": [region_group_dict(g) for g in result.regions],
        "errors": [{"path": undecodable_as_escapes(e.path), "message": e.message} for e in result.errors],
    }


def to_json(result: CollectionResult) -> str:
    return json_escape_controls(json.dumps(to_json_dict(result), ensure_ascii=False, indent=2)) + "\n"


# --- Markdown -----------------------------------------------------------------


def _md_inline(text: str) -> str:
    """Report text on one line, its control characters visible, its Markdown syntax escaped."""
    text = visible(" ".join(text.split()))
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text


def _md_path(path: str) -> str:
    """A path as inline code: visible, fenced by more backticks than any run it holds."""
    shown = visible(path)
    fence = "`" * (max(map(len, re.findall("`+", shown)), default=0) + 1)
    padding = " " if shown.startswith("`") or shown.endswith("`") else ""
    return f"{fence}{padding}{shown}{padding}{fence}"


def _terms(keywords: Iterable[Keyword]) -> str:
    return "、".join(_md_inline(k.term) for k in keywords) or "—"


def _figure_line(figure: Figure) -> str:
    subject = f" · {_md_inline(figure.subject)}" if figure.subject else ""
    return f"- **{_md_inline(figure.text)}**{subject}"


def _region_figure_line(item: RegionFigure, report: ReportResult) -> str:
    """`- 武威市：重大项目完成投资**372亿元**（《党建领航风帆劲…》）`: the figure, its place and its report."""
    figure = item.figure
    place = f"{_md_inline(item.place)}：" if item.place else ""
    subject = _md_inline(figure.subject) if figure.subject else ""
    metadata = report.analysis.metadata
    title = metadata.title or metadata.subtitle
    if title is None:
        # A report without a title is cited by its file's name, which is no title to put in 《》.
        cited = _md_inline(PurePath(report.path).name)
    else:
        cited = f"《{_md_inline(title if len(title) <= _SHORT_TITLE else title[: _SHORT_TITLE - 1] + '…')}》"
    return f"- {place}{subject}**{_md_inline(figure.text)}**（{cited}）"


def report_markdown(report: ReportResult, heading: str = "###") -> str:
    analysis = report.analysis
    metadata = analysis.metadata
    lines = [f"{heading} {_md_inline(heading_title(report.analysis))}", ""]
    if metadata.title and metadata.subtitle:
        lines += [f"——{_md_inline(metadata.subtitle)}", ""]
    facts = [_md_path(analysis.path)]
    if metadata.date:
        facts.append(metadata.date)
    if metadata.source:
        facts.append(_md_inline(metadata.source))
    if metadata.authors:
        facts.append("、".join(_md_inline(a) for a in metadata.authors))
    lines.append(" · ".join(facts))
    place = analysis.region.label or "未识别"
    lines.append(f"地区: {place}" + (f"（{analysis.region.level}）" if analysis.region.level else ""))
    lines += ["", f"关键词: {_terms(report.keywords)}", ""]
    if analysis.summary:
        lines.append("摘要:")
        lines += [f"> {_md_inline(s.text)}" for s in analysis.summary]
        lines.append("")
    shown = report.headline_figures
    if shown:
        lines.append("数据:")
        lines += [_figure_line(f) for f in shown]
        lines.append("")
    lines += [f"> ⚠ {_md_inline(w)}" for w in analysis.warnings]
    return "\n".join(lines).rstrip() + "\n"


def region_markdown(group: RegionGroup, reports: dict[str, ReportResult]) -> str:
    lines = [f"## {_md_inline(group.name)}（{len(group.reports)} 篇）", ""]
    lines.append(f"关键词: {_terms(group.keywords)}")
    lines.append("")
    if group.figures:
        lines.append("数据:")
        lines += [_region_figure_line(f, reports[f.report]) for f in group.figures]
        lines.append("")
    lines.append("报告:")
    for path in group.reports:
        lines.append(f"- {_md_inline(heading_title(reports[path].analysis))} ({_md_path(path)})")
    return "\n".join(lines) + "\n"


def to_markdown(result: CollectionResult) -> str:
    by_path = {r.path: r for r in result.reports}
    parts = ["# 党建工作综述 · 简报", ""]
    parts.append(f"{len(result.reports)} 篇报告, {len(result.regions)} 个地区。")
    parts.append("")
    for group in result.regions:
        parts.append(region_markdown(group, by_path))
    if result.reports:
        parts.append("## 各篇报告\n")
        parts += [report_markdown(r) for r in result.reports]
    if result.errors:
        parts.append("## 未能读取\n")
        parts += [f"- {_md_path(e.path)}: {_md_inline(e.message)}" for e in result.errors]
    return "\n".join(parts).rstrip() + "\n"
