"""Whose figure it is: the report's own place, the places inside it, and people, as a sentence names them.

For the figure ranking (``figure_rank``): a figure stated of the place the
report speaks for (丽江将全市划分为6963个网格) is the report's own total;
stated of a county, district or town inside it (合阳县甘井镇麻阳社区流转91.7亩)
or of a named person (共产党员何邦友), it is one unit's. The report's own
place is what its title names (陕西渭南…, 北京市石景山区…); without one, the
place its body names most often.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from dj_tui.analysis.models import Metadata, Sentence
from dj_tui.analysis.stages import gazetteer, region_scan, segment
from dj_tui.analysis.stages.gazetteer import Division
from dj_tui.analysis.stages.person_names import surname_length

# A place inside the report's own, named by its full name (合阳县, 渭城区):
# two-character full names (和县, 萧县) are too often parts of other words.
_MIN_INNER_NAME = 3
_MIN_NAME = 2


@dataclass(frozen=True)
class PlaceReader:
    """The report's own places, to tell its own figures from those of the places inside it."""

    own_forms: frozenset[str]  # every name the report's own places go by
    own_keys: frozenset[tuple[str, str]]

    @classmethod
    def of(cls, metadata: Metadata, sentences: Sequence[Sentence]) -> PlaceReader:
        title = " ".join(t for t in (metadata.title, metadata.subtitle) if t)
        divisions = [
            division for _, form, divs in _places(title) for division in divs if form not in division.common_words
        ]
        # 河南虞城 speaks for 虞城: a place above another the title names is where it lies, not its subject.
        places = gazetteer.load()
        above = {d.key for division in divisions for d in places.chain(division)[:-1]}
        divisions = [division for division in divisions if division.key not in above]
        if not divisions:
            named = Counter(form for sentence in sentences for _, form, _ in _places(sentence.norm) if _is_formal(form))
            if named:
                form = min(named, key=lambda f: (-named[f], f))
                divisions = [entry.division for entry in region_scan.index().forms[form] if entry.formal]
        forms: set[str] = set()
        for division in divisions:
            forms.update(division.formal_names)
            forms.update(division.short_names)
        return cls(frozenset(forms), frozenset(division.key for division in divisions))

    def mentions(self, norm: str) -> Iterator[tuple[int, str, bool]]:
        """The report's own places and the places inside them named in ``norm``: (offset, name, is own)."""
        if not self.own_keys:
            return
        places = gazetteer.load()
        for start, form, divisions in _places(norm):
            if form in self.own_forms:
                yield start, form, True
            elif len(form) >= _MIN_INNER_NAME and _is_formal(form):
                inside = any(
                    division.key not in self.own_keys
                    and self.own_keys.intersection(d.key for d in places.chain(division))
                    for division in divisions
                )
                if inside:
                    yield start, form, False

    @staticmethod
    def is_person(name: str) -> bool:
        """Whether a word after a role (党员, 书记) is a person's name: a surname, and no dictionary word."""
        return surname_length(name) > 0 and not segment.is_dictionary_word(name)


def _places(text: str) -> Iterator[tuple[int, str, tuple[Division, ...]]]:
    """The longest gazetteer name starting at each place it can, left to right, without overlaps."""
    index = region_scan.index()
    position = 0
    while position < len(text):
        best = None
        for end in range(position + 1, min(len(text), position + index.longest) + 1):
            piece = text[position:end]
            if piece not in index.prefixes:
                break
            if len(piece) >= _MIN_NAME and piece in index.forms:
                best = piece
        if best is None:
            position += 1
            continue
        yield position, best, tuple(entry.division for entry in index.forms[best])
        position += len(best)


def _is_formal(form: str) -> bool:
    return any(entry.formal for entry in region_scan.index().forms.get(form, ()))

