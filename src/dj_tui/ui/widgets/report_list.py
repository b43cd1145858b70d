"""A list inside the open report (its summary sentences, its figures).

The list is as tall as its options, so it never scrolls itself: the report
around it does, to keep the highlighted option in view. Moving past the
list's first or last option does not stop at the edge: the report is told,
and goes on to what comes before or after the list.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Offset, Region
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList


class ReportList(OptionList):
    class Left(Message):
        """Up on the first option (``step`` -1) or Down on the last (1)."""

        def __init__(self, report_list: ReportList, step: int) -> None:
            super().__init__()
            self.report_list = report_list
            self.step = step

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted >= self.option_count - 1:
            self.post_message(self.Left(self, 1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None or self.highlighted <= 0:
            self.post_message(self.Left(self, -1))
        else:
            super().action_cursor_up()

    def scroll_to_region(self, region: Region, **options: Any) -> Offset:
        # The highlighted option, brought into the report's view while the
        # reader moves through the list (not when the report sets it).
        report = self.parent
        if self.has_focus and isinstance(report, Widget):
            gutter = self.styles.gutter
            where = region.translate(self.virtual_region.offset + Offset(gutter.left, gutter.top))
            report.scroll_to_region(where, animate=False, immediate=True)
        return super().scroll_to_region(region, **options)
