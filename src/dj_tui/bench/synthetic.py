"""Synthetic reports built from the sample reports: the inputs the benchmarks measure on.

``generate_collection`` writes a collection of N reports for ``dj-tui bench``:
each report takes the header and footer of one sample report (title, byline,
web chrome) and a random mix of body paragraphs from all of them, with the
places the samples name replaced by another province, city and county from
the gazetteer, so that regions vary as in a real collection. The generator is
seeded: the same N gives the same files.

``realistic_report`` is one long report of a given size, the samples'
paragraphs shuffled and repeated: what ``benchmarks/size_scaling.py`` times
and ``tests/test_linear_size.py`` counts the work of.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dj_tui.analysis.stages.gazetteer import Division, Gazetteer, load

# A line this long is prose; the lines before the first and after the last of
# them are the report's header (title, byline, date) and footer (chrome).
_PROSE_CHARS = 60
# How much longer or shorter than its template a synthetic report may be.
_LENGTH_SPREAD = (0.6, 1.4)
_SEED = 20240709


@dataclass(frozen=True)
class _Template:
    header: tuple[str, ...]
    body: tuple[str, ...]
    footer: tuple[str, ...]

    @property
    def body_chars(self) -> int:
        return sum(len(line) for line in self.body)


def default_source() -> Path:
    """The bundled sample reports: ./data/reports, else the project's own copy."""
    here = Path("data/reports")
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[3] / "data" / "reports"


def _split(text: str) -> _Template:
    lines = text.replace("\r\n", "\n").split("\n")
    prose = [i for i, line in enumerate(lines) if len(line.strip()) >= _PROSE_CHARS]
    if not prose:
        return _Template((), tuple(lines), ())
    first, last = prose[0], prose[-1]
    return _Template(tuple(lines[:first]), tuple(lines[first : last + 1]), tuple(lines[last + 1 :]))


class _PlaceSwapper:
    """Replaces the provinces, cities and counties a text names with a chosen chain.

    The places to replace are those the samples name in full (宿州市, 安定区);
    their short names (宿州) are replaced too, unless they are everyday words.
    """

    def __init__(self, gazetteer: Gazetteer, texts: Sequence[str]) -> None:
        self._gazetteer = gazetteer
        full_names = {
            name: division
            for division in gazetteer.divisions
            for name in division.formal_names
            if len(name) >= 3
        }
        longest = max(map(len, full_names))
        named: dict[tuple[str, str], Division] = {}
        for text in texts:
            for start in range(len(text)):
                for end in range(min(len(text), start + longest), start + 2, -1):
                    division = full_names.get(text[start:end])
                    if division is not None:
                        named[division.key] = division
                        break
        self._sources: dict[str, Division] = {}
        for division in named.values():
            self._sources[division.name] = division
            for short in division.short_names:
                if len(short) >= 2 and short not in division.common_words:
                    self._sources.setdefault(short, division)
        names = sorted(self._sources, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, names))) if names else None
        self._chains = [
            (gazetteer.province_of(county), city, county)
            for city in gazetteer.divisions
            if city.level == "city" and not gazetteer.is_municipality(city)
            for county in gazetteer.children(city)
        ]

    def random_chain(self, rng: random.Random) -> tuple[Division, Division, Division]:
        return rng.choice(self._chains)

    def swap(self, text: str, chain: tuple[Division, Division, Division]) -> str:
        if self._pattern is None:
            return text
        by_level = {division.level: division for division in chain}

        def replace(match: re.Match[str]) -> str:
            source = self._sources[match.group(0)]
            target = by_level[source.level]
            if match.group(0) == source.name or not target.short_names:
                return target.name
            return target.short_names[0]

        return self._pattern.sub(replace, text)


def generate_collection(source: Path, target: Path, count: int, seed: int = _SEED) -> list[Path]:
    """Write ``count`` synthetic reports into ``target``; return their paths."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(source.glob("*.txt"))]
    if not texts:
        raise ValueError(f"{source}: no sample reports (*.txt) to build a collection from")
    templates = [_split(text) for text in texts]
    pool = [line for template in templates for line in template.body if line.strip()]
    swapper = _PlaceSwapper(load(), texts)
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    seen: set[str] = set()
    for number in range(count):
        template = templates[number % len(templates)]
        chain = swapper.random_chain(rng)
        while True:
            wanted = template.body_chars * rng.uniform(*_LENGTH_SPREAD)
            body: list[str] = []
            while sum(map(len, body)) < wanted:
                body.append(rng.choice(pool))
            text = swapper.swap("\n".join([*template.header, *body, *template.footer]), chain)
            if text not in seen:
                break
        seen.add(text)
        # Nested directories, as users keep them (one per year or source).
        path = target / f"batch-{number // 1000:02d}" / f"report-{number:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def realistic_report(source: Path, size: int, *, seed: int = 0, size_of: Callable[[str], int] = len) -> str:
    """The non-blank lines of the reports in ``source``, shuffled and repeated to ``size``.

    ``size`` is in the unit ``size_of`` measures a line in (default: characters;
    each line also counts one for its newline).
    """
    paragraphs = [
        line
        for path in sorted(source.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    out: list[str] = []
    total = 0
    while total < size:
        rng.shuffle(paragraphs)
        for paragraph in paragraphs:
            out.append(paragraph)
            total += size_of(paragraph) + 1
            if total >= size:
                break
    return "\n".join(out)
