"""One headline figure as a card: the number large, then unit and subject (19.07万 / 个 · 基层党组织)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from dj_tui.analysis.models import Figure
from dj_tui.printable import visible
from dj_tui.ui.cells import truncate


def split_number(figure: Figure) -> tuple[str, str]:
    """The figure's number as written (qualifiers such as 近 or 余 included) and its unit."""
    text = visible(figure.text)
    if figure.unit and text.endswith(figure.unit):
        return text[: -len(figure.unit)], figure.unit
    return text, ""


def caption(figure: Figure) -> str:
    """The line under the number: unit and subject (个 · 基层党组织)."""
    _number, unit = split_number(figure)
    subject = visible(figure.subject) if figure.subject else ""
    return " · ".join(part for part in (unit, subject) if part)


class FigureCard(Widget):
    """A bordered card; both lines are cut to the card's width with an ellipsis."""

    COMPONENT_CLASSES = {"figure-card--number"}

    def __init__(self, figure: Figure, *, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.figure = figure

    def render(self) -> Text:
        width = self.content_region.width
        number, _unit = split_number(self.figure)
        text = Text(no_wrap=True)
        text.append(truncate(number, width), self.get_component_rich_style("figure-card--number"))
        text.append("\n")
        text.append(truncate(caption(self.figure), width))
        return text
