"""Build ``src/dj_tui/analysis/stages/resources/gazetteer.tsv`` from JioNLP's location data.

The gazetteer lists China's provinces, prefecture-level cities and county-level
divisions with their official full names, short names and parent codes. Its
source is ``china_location.zip`` shipped inside the JioNLP package (Apache-2.0);
JioNLP is only a build-time source and never a runtime dependency of dj-tui.

Run it from the repository root in a throwaway virtualenv::

    python3 -m venv /tmp/jio
    /tmp/jio/bin/pip install jionlp jieba==0.42.1
    /tmp/jio/bin/python scripts/build_gazetteer.py

The package directories are found with ``importlib.util.find_spec``: importing
jionlp would print a banner and load its models, and none of that is needed to
read two data files. ``--source`` (the jionlp package or its ``dictionary``
directory, or the zip itself) and ``--jieba-dict`` (jieba's ``dict.txt``) point
at the files directly instead.

jieba's dictionary is read to flag the short names that are also everyday
words (安定 "stability", 合作 "cooperation"): region detection trusts those
only when the place is confirmed by a more specific mention. The flag uses the
same dictionary as the segmenter at run time, jieba 0.42.1.

The output is deterministic: rows are sorted by code and level, so rerunning
the script on the same inputs reproduces the file byte for byte.
"""

from __future__ import annotations

import argparse
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

LOCATION_ZIP = "china_location.zip"
LOCATION_TXT = "china_location.txt"
LEVELS = ("province", "city", "county")

# Statistical codes whose last two digits are 70-79 are functional zones
# (经济技术开发区, 高新区, 管理区, 示范区, 产业园), not administrative divisions.
FUNCTIONAL_ZONE_DIGITS = range(70, 80)
# A few zones carry an ordinary district code (成都高新技术产业开发区 510102);
# their names give them away.
FUNCTIONAL_ZONE_MARKERS = ("开发区", "产业园", "工业园", "示范区", "管理区", "管委会")
# The source lists "市直辖行政区划" / "省直辖行政区划" as pseudo-divisions that
# only group the real divisions administered directly by a city or province.
DIRECTLY_ADMINISTERED = "直辖行政区划"
SPECIAL_ADMINISTRATIVE_REGION = "特别行政区"

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


def find_package_dir(name: str) -> Path | None:
    """The directory of an installed package, located without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


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


def is_real_county(name: str, code: str, short_names: tuple[str, ...]) -> bool:
    suffix = int(code[4:6])
    # 00 marks rows that repeat their parent's code (Hong Kong and Macao
    # districts, the 市直辖 placeholders), which are not county-level units.
    if suffix == 0 or suffix in FUNCTIONAL_ZONE_DIGITS or not short_names:
        return False
    return not any(marker in name for marker in FUNCTIONAL_ZONE_MARKERS)


def parse_rows(lines: list[str]) -> list[Row]:
    """Turn the tab-indented tree into province, city and county rows.

    Depth 0 is a province, 1 a prefecture-level city, 2 a county-level unit;
    deeper lines (towns, villages) are skipped. Counties listed under a
    "省直辖行政区划" pseudo-city hang directly from their province.
    """
    rows: list[Row] = []
    province: Row | None = None
    city_parent = ""  # code the current depth-1 node gives its counties
    for raw in lines:
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        depth = len(line) - len(line.lstrip("\t"))
        if depth > 2:
            continue
        fields = line.strip("\t").split("\t")
        if len(fields) != 3:
            # Taiwan's districts have no code in the source; without a code
            # they cannot be keyed, so they are left out.
            continue
        name, code, short = fields
        short_names = tuple(s for s in short.split("/") if s)
        if depth == 0:
            province = Row(code, "province", name, short_names, "")
            rows.append(province)
            city_parent = code
        elif depth == 1:
            assert province is not None
            if name.endswith(DIRECTLY_ADMINISTERED):
                city_parent = province.code
                continue
            if code == province.code:
                if province.name.endswith(SPECIAL_ADMINISTRATIVE_REGION):
                    # Hong Kong and Macao repeat themselves as a city whose
                    # districts share the region's code: keep the region only.
                    city_parent = province.code
                    continue
                # A municipality repeats itself as its own city; give that
                # city the province's official name.
                name, short_names = province.name, province.short_names
            rows.append(Row(code, "city", name, short_names, province.code))
            city_parent = code
        else:
            if not is_real_county(name, code, short_names):
                continue
            rows.append(Row(code, "county", name, short_names, city_parent))
    return rows


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


def render(rows: list[Row], jionlp_version: str, jieba_version: str = "0.42.1") -> str:
    header = [
        "# Administrative divisions of the People's Republic of China: provinces,",
        "# prefecture-level cities and county-level divisions.",
        f"# Source: JioNLP {jionlp_version} china_location.zip, https://github.com/dongrixinyu/JioNLP",
        f"# Licence: Apache License 2.0 (see GAZETTEER_NOTICE.txt). Common-word flags: jieba {jieba_version} (MIT).",
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

The gazetteer is derived from the administrative-division data of JioNLP
(china_location.zip), version {version}:

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

Modifications made by dj-tui (scripts/build_gazetteer.py): only provinces,
prefecture-level cities and county-level divisions are kept; towns and
villages, functional zones (development zones, high-tech zones, management
areas), "directly administered" placeholder rows and rows without a code are
dropped; the data is converted to a sorted tab-separated table with parent
codes; a column flags short names that are everyday words, computed from the
dictionary of jieba {jieba_version} (MIT License, https://github.com/fxsjy/jieba).
"""


def installed_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="jionlp package dir, its dictionary dir, or china_location.zip")
    parser.add_argument("--jieba-dict", type=Path, help="jieba's dict.txt (default: the installed jieba's)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    zip_path = locate_location_zip(args.source)
    version = installed_version("jionlp")
    jieba_version = installed_version("jieba") if args.jieba_dict is None else "dict.txt from " + str(args.jieba_dict)
    jieba_dict = read_jieba_dict(locate_jieba_dict(args.jieba_dict))
    rows = flag_common_words(parse_rows(read_location_lines(zip_path)), jieba_dict)
    check_unique(rows)
    args.output.write_text(render(rows, version, jieba_version), encoding="utf-8")
    notice = NOTICE.format(version=version, jieba_version=jieba_version)
    args.output.with_name(NOTICE_PATH.name).write_text(notice, encoding="utf-8")
    counts = {level: sum(1 for row in rows if row.level == level) for level in LEVELS}
    sys.stderr.write(f"wrote {args.output}: {counts}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
