"""The same fact stated twice, kept once: 新建驿站500个 in the lead and 全年新建驿站500个 in the body.

Two figures state the same fact when their value and unit are equal and one
subject contains the other (or both have none). Applied to the figures in
the order they are to be shown, so that each fact keeps its best place.
"""

from __future__ import annotations

from collections.abc import Iterable

from dj_tui.analysis.models import Figure

# Up to this many subjects kept for one amount, a new figure is compared with
# each; a table of villages with 5个 each would compare every pair, so beyond
# it the amount's subjects are indexed.
_SCAN_LIMIT = 16


def without_repeats(figures: Iterable[Figure]) -> list[Figure]:
    """The figures in the order given, each fact once: the first time it comes."""
    result: list[Figure] = []
    kept: dict[tuple[float, str], list[str | None]] = {}  # the subjects kept for each amount
    indexes: dict[tuple[float, str], _SubjectIndex] = {}
    for figure in figures:
        amount = (figure.value, figure.unit)
        subjects = kept.setdefault(amount, [])
        index = indexes.get(amount)
        if index is not None:
            repeated = index.holds_same(figure.subject)
        else:
            repeated = any(_same_subject(figure.subject, other) for other in subjects)
        if repeated:
            continue
        subjects.append(figure.subject)
        result.append(figure)
        if index is not None:
            index.add(figure.subject)
        elif len(subjects) > _SCAN_LIMIT:
            indexes[amount] = _SubjectIndex(subjects)
    return result


def _same_subject(a: str | None, b: str | None) -> bool:
    """Whether two equal amounts count the same thing: 新建驿站 and 全年新建驿站."""
    if a is None or b is None:
        return a == b
    return a in b or b in a


class _SubjectIndex:
    """The subjects kept for one amount, and every substring of them, hashed.

    ``holds_same`` answers as ``_same_subject`` against each of them would,
    in time bounded by the new subject's length.
    """

    def __init__(self, subjects: list[str | None]) -> None:
        self._whole: set[str | None] = set()
        self._parts: set[str] = set()
        for subject in subjects:
            self.add(subject)

    def add(self, subject: str | None) -> None:
        self._whole.add(subject)
        if subject is not None:
            self._parts.update(_substrings(subject))

    def holds_same(self, subject: str | None) -> bool:
        if subject is None:
            return None in self._whole
        return subject in self._parts or not self._whole.isdisjoint(_substrings(subject))


def _substrings(text: str) -> set[str]:
    return {text[start:end] for start in range(len(text)) for end in range(start + 1, len(text) + 1)}
