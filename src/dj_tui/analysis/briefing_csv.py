"""The figures of a collection as CSV: one row per figure of every report.

For a spreadsheet, not a terminal: UTF-8 with a byte order mark, which Excel
on Chinese Windows needs to read UTF-8 rather than GBK, and RFC 4180 quoting
(``csv`` module, CRLF line ends). Rows follow the collection's region order,
then each region's reports, then each report's figures best first; every
figure of a report is a row, not only the headline ones.

Report text is written as it is, except that control characters become
visible symbols (``dj_tui.printable.visible``), as in every other output, and
that a cell a spreadsheet would take for a formula (``=HYPERLINK(…)``,
``@SUM(…)``) starts with an apostrophe, which shows it as text.
"""

from __future__ import annotations

import csv
import io
import re

from dj_tui.analysis.collection.build import place_below
from dj_tui.analysis.models import CollectionResult, Figure
from dj_tui.printable import visible

FIGURE_COLUMNS = (
    "region",
    "place",
    "report",
    "date",
    "text",
    "value",
    "unit",
    "qualifier",
    "direction",
    "subject",
)


# What makes Excel or LibreOffice evaluate a cell; a negative number (-5%) stays a number.
_FORMULA_START = re.compile(r"[=+@]|-(?![\d.])")


def _cell(text: str | None) -> str:
    if text is None:
        return ""
    shown = visible(text)
    return "'" + shown if _FORMULA_START.match(shown) else shown


def _value(figure: Figure) -> str:
    # 190700.0 reads as a count in a spreadsheet only without the ".0".
    return str(int(figure.value)) if figure.value.is_integer() else repr(figure.value)


def figures_csv(result: CollectionResult) -> bytes:
    """Every figure of every report, one row each, under a header of ``FIGURE_COLUMNS``."""
    by_path = {report.path: report for report in result.reports}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel")  # RFC 4180: "" inside quotes, CRLF
    writer.writerow(FIGURE_COLUMNS)
    for group in result.regions:
        for path in group.reports:
            analysis = by_path[path].analysis
            place = place_below(analysis.region, group.level)
            for figure in analysis.figures:
                writer.writerow(
                    (
                        _cell(group.name),
                        _cell(place),
                        _cell(path),
                        _cell(analysis.metadata.date),
                        _cell(figure.text),
                        _value(figure),
                        _cell(figure.unit),
                        _cell(figure.qualifier),
                        _cell(figure.direction),
                        _cell(figure.subject),
                    )
                )
    return buffer.getvalue().encode("utf-8-sig")
