"""One headline figure as a card: the number with its unit, its subject, and the place it comes from.

    372亿元
    重大项目完成投资
    武威市

The number and its unit are one line and never parted (``372亿`` above ``元``
read as two facts); a figure whose report speaks for the whole region is
placed in the region itself.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from dj_tui.analysis.models import RegionFigure
from dj_tui.printable import visible
from dj_tui.ui.cells import truncate


class FigureCard(Widget):
    """A bordered card of three lines, each cut to the card's width with an ellipsis."""

    COMPONENT_CLASSES = {"figure-card--number", "figure-card--place"}

    def __init__(self, item: RegionFigure, region: str, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.item = item
        self.place = visible(item.place or region)

    @property
    def number(self) -> str:
        """The figure as written: number, qualifier (近, 余) and unit together."""
        return visible(self.item.figure.text)

    @property
    def subject(self) -> str:
        subject = self.item.figure.subject
        return visible(subject) if subject else "—"

    def render(self) -> Text:
        width = self.content_region.width
        text = Text(no_wrap=True)
        text.append(truncate(self.number, width), self.get_component_rich_style("figure-card--number"))
        text.append("\n")
        text.append(truncate(self.subject, width))
        text.append("\n")
        text.append(truncate(self.place, width), self.get_component_rich_style("figure-card--place"))
        return text
