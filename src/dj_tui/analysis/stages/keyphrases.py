"""Keyphrases: what a report is about, as opposed to what every report says.

Off-the-shelf extractors rank the vocabulary every party-building report
shares (党建, 政治, 学习, 工作) or return single characters. This module instead

* takes short quoted spans that are names of programmes (“三航行动”,
  “一年10件实事”, “筑城十带、固本千星”, “千企兴千村”, and a quoted code with
  its programme word: “5512”产业工程), not quoted speech, and counts every
  later mention of them;
* builds noun-phrase candidates of one to three adjacent jieba tokens, none
  of them a stopword, a number or a place name, never across punctuation and
  never starting or ending with a one-character word; the longest recurring
  phrase takes the counts of the shorter ones inside it (a C-value-like
  nesting rule), all without POS tagging;
* ranks the per-report counts against document frequency over the whole
  loaded collection, so terms every report shares sink below what makes one
  report distinct.

Counting (:func:`extract_candidates`) depends on one report only: the
analyzer (``stages.analyzer``) runs it on each report, with the stoplist of
:func:`load_stopwords`, and the counts are cached with the report's analysis.
Ranking (:func:`rank_collection`) and a region's keywords
(:func:`aggregate_keywords`) depend on the whole collection: the collection
stage (``collection.build``) re-runs them, cheaply, whenever it changes.

A place name on its own (武威市, 双鸭山) is never a keyphrase: it says where a
report comes from, which the region field already shows, not what it is about.
Nor is anything that is not the report's own wording about its topic: a
person's name or a phrase holding one (``person_names``, and the bylines'
authors), machine text and Latin letters that are not the report's own words
(``latin_words``: URLs, file names, pinyin; AI and 石网E通 stay), and web
page furniture (``resources/page_furniture.txt``: 版面导航, 许可证). Every
candidate is a span of a sentence's normalised text, so of the report.
"""

from __future__ import annotations

import functools
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from heapq import nlargest, nsmallest
from itertools import accumulate, compress
from operator import attrgetter, mul
from pathlib import Path

from dj_tui.analysis.models import Keyword, Sentence
from dj_tui.analysis.stages import gazetteer, latin_words, person_names
from dj_tui.analysis.stages.textnorm import HAN

BUILTIN_STOPWORDS = Path(__file__).with_name("resources") / "stopwords.txt"
PAGE_FURNITURE = Path(__file__).with_name("resources") / "page_furniture.txt"

MAX_PHRASE_TOKENS = 3
# A phrase of two or three tokens seen once is as likely an accident of
# adjacency (攻坚破题) as a term; a term worth naming recurs.
MIN_PHRASE_COUNT = 2
# Overlapping three-token phrases that recur together are joined (see
# _join_overlaps), up to this many tokens.
MAX_JOINED_TOKENS = 6

# Quoted names: “三航行动”, “一年10件实事”, “头雁跟飞促振兴”. Longer spans, or
# spans with punctuation inside, are quoted speech or slogans in several parts.
MIN_NAME_CHARS = 3
MAX_NAME_CHARS = 8
# A quoted mention states that the author treats the span as a name; each one
# counts this many times (an unquoted later mention counts once). A name that
# is, or is followed by, a word for a programme (“三航行动”, “学习聚魂”政治引领
# 工程, “六个一”改革) is what a work report is about and counts more.
QUOTED_WEIGHT = 2
PROGRAMME_WEIGHT = 3
_PROGRAMME_WORDS = "工程|行动|计划|活动|机制|模式|品牌|工作法|改革|项目|制度|体系"
_PROGRAMME = re.compile(f"(?:{_PROGRAMME_WORDS})$")
# How far after the closing quote the programme word may end (政治引领工程).
_PROGRAMME_REACH = 6
_CLAUSE_END = re.compile(r"[，。！？；：、“”「」（）《》\s]")
_QUOTED = re.compile(r"“([^“”\n]+)”|「([^「」\n]+)」|\"([^\"\n]+)\"|‘([^‘’\n]+)’")
_NAME_CHARS = re.compile(f"[{HAN}A-Za-z0-9+·、]+")
_CLAUSE_MARKERS = frozenset("的地得了着过是把被让吗呢吧")
# Two-part brand names (红色驿站·武威印象, 党建+巡察, 筑城十带、固本千星) are
# measured without the joiner. A name with 、 is a pair of parallel parts
# of one length, as slogans are built (分类指导、争先进位); more parts, or
# parts of unequal length, make a list (林下、粮药、水域; 人、房、企).
_SEPARATORS = re.compile(r"[+·、]")
_PAIR = re.compile(r"([^、]{2,})、([^、]{2,})")
# A quoted code is no name by itself (“5512”, “1+8”); with the programme
# word that follows it (“5512”产业工程, “543”工作法) it is, quotes included,
# as the report writes it.
_CODE = re.compile(r"[0-9A-Za-z+]+")
_CODE_HEAD = re.compile(f"[{HAN}]{{0,6}}?(?:{_PROGRAMME_WORDS})")
_HAN_CHAR = re.compile(f"[{HAN}]")

# Numbers, years, ordinals and counted quantities (2022年, 19.07, 第九批,
# 三个, 一年) are facts, not topics: they break phrases like punctuation does.
_NUMERAL = "0-9.%零〇一二两三四五六七八九十百千万亿几多余数"
_COUNTER = "年月日号时分秒天周批个名位次项家所人元件条届期座户亩场篇轮支村"
# 一个个, 一次次: reduplicated counters are quantities too, and so are
# compound counters (万人次).
_QUANTITY = re.compile(rf"第?[{_NUMERAL}]+[{_COUNTER}]{{0,2}}|一(.)\1")
_DIGIT = re.compile(r"\d")
_HAN_TOKEN = re.compile(f"[{HAN}]+")
_WORD_TOKEN = re.compile(f"[{HAN}A-Za-z0-9]+")

# Administrative suffixes: a token of three or more characters ending in one
# of these (武威市, 安定区, 兴泉镇) names a place. Short names (武威, 双鸭山)
# come from the gazetteer.
_PLACE_SUFFIXES = "省市县区州盟旗镇乡村"

# Ranking: a phrase of more characters says more (C-value weighs by length);
# the cap stops long quoted names from winning on length alone.
_LENGTH_CAP = 6


def load_stopwords(extra_files: Sequence[Path] = (), builtin: bool = True) -> frozenset[str]:
    """Read the stoplist: the bundled file (unless ``builtin`` is False) plus ``extra_files``.

    A missing or unreadable extra file raises OSError naming the path, so the
    caller can report which configured file is wrong.
    """
    paths = ([BUILTIN_STOPWORDS] if builtin else []) + [Path(p) for p in extra_files]
    return frozenset(term for path in paths for term in _read_terms(path))


def _read_terms(path: Path) -> Iterator[str]:
    """The terms of a stoplist file: one per line, ``#`` comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise OSError(f"{path}: not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise OSError(f"{path}: {exc.strerror or exc}") from exc
    for line in text.splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            yield term


@functools.cache
def _page_furniture() -> frozenset[str]:
    return frozenset(_read_terms(PAGE_FURNITURE))


def extract_candidates(
    sentences: Sequence[Sentence],
    tokens: Sequence[Sequence[str]],
    stopwords: frozenset[str],
    *,
    authors: Iterable[str] = (),
) -> dict[str, int]:
    """Count one report's keyphrase candidates: term -> weighted count.

    ``tokens[i]`` must be the segmentation of ``sentences[i].norm``;
    ``authors`` are the people its bylines name. The result depends on this
    report alone and is safe to cache. No candidate is a person's name, a
    piece of machine text (see ``latin_words``) or page furniture, and each
    is a span of some sentence's normalised text.
    """
    stopwords = stopwords | _page_furniture()
    places = _place_names(tokens)
    people = person_names.report_people(tokens, authors)
    names = {
        name: bonus
        for name, bonus in _quoted_names(sentences, tokens, stopwords).items()
        if not people.touch(name)
    }
    name_finder = _NameFinder(names)
    people_finder = _NameFinder(people.names)
    counts: Counter[str] = Counter(names)
    occurrences: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    usable_word = _UsableWord(stopwords, places)
    for sentence_index, (sentence, words) in enumerate(zip(sentences, tokens)):
        mentions = name_finder.find(sentence.norm)
        counts.update(name for _, name in mentions)
        # Quoted names are counted whole, people and machine text not at all:
        # no phrase may overlap them.
        blocked = [(start, start + len(name)) for start, name in mentions + people_finder.find(sentence.norm)]
        blocked += latin_words.machine_spans(sentence.norm)
        usable = _usable_tokens(words, blocked, usable_word)
        for start in range(len(words)):
            for size in range(1, MAX_PHRASE_TOKENS + 1):
                end = start + size
                if end > len(words) or not all(usable[start:end]):
                    break
                gram = tuple(words[start:end])
                # One character is too ambiguous (抓, 学, 党 ...) to start or end a
                # phrase; a stoplisted phrase (网格管理 = 网格|管理) leaves its parts free.
                if len(gram[0]) > 1 and len(gram[-1]) > 1 and "".join(gram) not in stopwords:
                    occurrences[gram].append((sentence_index, start))

    counts.update(_nested_counts(occurrences, tokens))
    # A phrase cannot hold a person's name (its mentions are blocked above), but
    # it can be part of one where the name is written whole elsewhere.
    return {
        term: count
        for term, count in counts.items()
        if term not in stopwords and latin_words.stands_alone(term) and not people.part_of_name(term)
    }


def rank_collection(
    reports: Sequence[tuple[Sequence[str], Sequence[int]]], limit: int
) -> list[list[Keyword]]:
    """Every report's ``limit`` best terms, best first, ranked against the document frequency of ``reports``.

    ``reports[i]`` holds one report's candidates as parallel (terms, counts);
    a term's document frequency (df) is the number of reports in which its
    count is positive, and only those are ranked.

    score = (1 + ln count) × idf × ln(1 + characters): sublinear in frequency
    so that one term cannot swamp the list, and weighted by length as C-value
    does. idf = ln(1 + (N − df + ½) / (df + ½)) is BM25's idf kept positive:
    with one or two reports it still orders by count and length, and a term
    every report shares scores far below one only this report has. Scores are
    rounded to four places; equal scores are ordered by term.

    A collection of 10,000 reports holds millions of candidates, so the work
    goes a column at a time, and the factors of the score that depend on the
    term alone are computed once per distinct term.
    """
    kept = [_positive(terms, counts) for terms, counts in reports]
    df: Counter[str] = Counter()
    for terms, _ in kept:
        df.update(terms)
    scorer = _Scorer(max(len(reports), 1))
    factor_of = {term: (scorer.idf[docs], scorer.length[len(term)]) for term, docs in df.items()}
    weight_of = _weights(factor_of)
    return [scorer.best(terms, counts, factor_of, weight_of, limit) for terms, counts in kept]


def _weights(factor_of: Mapping[str, tuple[float, float]]) -> dict[str, float]:
    return {term: idf * length for term, (idf, length) in factor_of.items()}


def _positive(terms: Sequence[str], counts: Sequence[int]) -> tuple[Sequence[str], Sequence[int]]:
    """Only the candidates with a positive count: the others are no candidates at all."""
    if min(counts, default=1) > 0:
        return terms, counts
    pairs = [(term, count) for term, count in zip(terms, counts) if count > 0]
    return [term for term, _ in pairs], [count for _, count in pairs]


# round(score, 4) moves a score by at most 0.00005, and the estimate a term
# is chosen by differs from its score by a few units in the last place: a
# term whose estimate is more than twice the rounding below the limit-th best
# cannot round up to it, and is never scored.
_ROUNDING_SLACK = 2e-4


class _Memo(dict):
    """A dict that computes a missing value once: the factors of the score take few distinct values."""

    def __init__(self, compute: Callable[[int], float]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, key: int) -> float:
        value = self[key] = self._compute(key)
        return value


class _Scorer:
    """The score of rank_collection, a column of terms at a time.

    Each factor is computed once per count, document frequency and length.
    Terms are chosen on count factor × (idf × length), one multiplication per
    term; only the few that can make the list get the score itself,
    multiplied in the documented order and rounded.
    """

    def __init__(self, n_docs: int) -> None:
        self.count = _Memo(lambda count: 1.0 + math.log(count))
        self.idf = _Memo(lambda docs: math.log(1.0 + (n_docs - docs + 0.5) / (docs + 0.5)))
        self.length = _Memo(lambda chars: math.log(1.0 + min(chars, _LENGTH_CAP)))

    def best(
        self,
        terms: Sequence[str],
        counts: Sequence[int],
        factor_of: Mapping[str, tuple[float, float]],
        weight_of: Mapping[str, float],
        limit: int,
    ) -> list[Keyword]:
        """The ``limit`` best of ``terms`` with their (positive) ``counts``.

        ``factor_of[term]`` is (idf, length factor); ``weight_of[term]`` their product.
        """
        if limit <= 0 or not terms:
            return []
        if len(terms) > limit:
            estimates = list(map(mul, map(self.count.__getitem__, counts), map(weight_of.__getitem__, terms)))
            floor = nlargest(limit, estimates)[-1] - _ROUNDING_SLACK
            keep = list(map(floor.__le__, estimates))
            terms = list(compress(terms, keep))
            counts = list(compress(counts, keep))
        ranked = []
        for term, count in zip(terms, counts):
            idf, length = factor_of[term]
            score = self.count[count] * idf * length  # (1 + ln count) × idf × ln(1 + characters)
            ranked.append((-round(score, 4), term))
        ranked.sort()
        return [Keyword(term, -score) for score, term in ranked[:limit]]


_score_of = attrgetter("score")


def aggregate_keywords(per_report: Sequence[Sequence[Keyword]], limit: int) -> list[Keyword]:
    """Keywords of a group of reports (a region): terms strong in several reports rise.

    Each report's list is scaled so that its best term scores 1, then scores
    are summed: a long report cannot drown the others, and a term that is
    among the keywords of three reports beats one that tops only one.
    """
    totals: defaultdict[str, float] = defaultdict(float)
    for keywords in per_report:
        top = max(map(_score_of, keywords), default=0.0)
        if top <= 0:
            continue
        for keyword in keywords:
            totals[keyword.term] += keyword.score / top
    # Best score first, then by term; ranked before any Keyword is made, as a
    # region of a large collection has thousands of terms.
    best = nsmallest(max(limit, 0), ((-round(score, 4), term) for term, score in totals.items()))
    return [Keyword(term, -score) for score, term in best]


def _quoted_names(
    sentences: Sequence[Sentence],
    tokens: Sequence[Sequence[str]],
    stopwords: frozenset[str],
) -> Counter[str]:
    """Quoted spans that read as names, with the extra weight their quoted mentions earn."""
    names: Counter[str] = Counter()
    for sentence, words in zip(sentences, tokens):
        bounds = None  # where each token starts, then the end: made at the sentence's first quote
        for match in _QUOTED.finditer(sentence.norm):
            group = next(i for i, text in enumerate(match.groups(), 1) if text is not None)
            start, end = match.span(group)
            if bounds is None:
                bounds = array("q", accumulate(map(len, words), initial=0))
            # The tokens within the quotes, found by bisection: a long sentence has many quotes.
            inside = words[bisect_left(bounds, start) : bisect_right(bounds, end) - 1]
            span = sentence.norm[start:end].strip()
            if _is_name(span, inside, stopwords):
                after = _CLAUSE_END.split(sentence.norm[match.end() : match.end() + _PROGRAMME_REACH], 1)[0]
                programme = _PROGRAMME.search(span) or _PROGRAMME.search(after)
                names[span] += (PROGRAMME_WEIGHT if programme else QUOTED_WEIGHT) - 1
            elif _CODE.fullmatch(span) and (head := _CODE_HEAD.match(sentence.norm, match.end())):
                names[sentence.norm[match.start() : head.end()]] += PROGRAMME_WEIGHT - 1
    return names


def _is_name(span: str, words: Sequence[str], stopwords: frozenset[str]) -> bool:
    """A name, not quoted speech: short, unpunctuated, and not a clause.

    A particle or copula inside makes the span a clause (“最能攻坚拔寨的人”,
    “抓好党建是最大政绩”) rather than a name; prepositions do not, since names
    use them (头雁跟飞促振兴).
    """
    letters = len(_SEPARATORS.sub("", span))
    return (
        MIN_NAME_CHARS <= letters <= MAX_NAME_CHARS
        and _NAME_CHARS.fullmatch(span) is not None
        and _HAN_CHAR.search(span) is not None
        and ("、" not in span or _is_pair(span))
        and span not in stopwords
        and not _is_division(span)
        and _QUANTITY.fullmatch(span) is None
        and not any(word in _CLAUSE_MARKERS for word in words)
    )


def _is_pair(span: str) -> bool:
    pair = _PAIR.fullmatch(span)
    return pair is not None and len(pair.group(1)) == len(pair.group(2))


def _token_bounds(words: Sequence[str]) -> list[tuple[int, int]]:
    ends = list(accumulate(map(len, words)))
    return list(zip([0, *ends[:-1]], ends))


def _place_names(tokens: Sequence[Sequence[str]]) -> frozenset[str]:
    """Tokens of this report that name a place (武威市, 武威, 兴泉镇).

    A short name that is also an everyday word (安定 "stability") counts as
    the place in a report that also writes it with its suffix (安定区, 安定|区).
    """
    places: set[str] = set()
    short_name = gazetteer.load().by_short_name
    for words in tokens:
        for i, word in enumerate(words):
            if _is_place(word):
                places.add(word)
                if word[-1] in _PLACE_SUFFIXES and short_name(word[:-1]):
                    places.add(word[:-1])
            elif i + 1 < len(words) and words[i + 1] in _PLACE_SUFFIXES and short_name(word):
                places.add(word)
    return frozenset(places)


@functools.cache  # a pure function of the word: tokens recur across sentences and reports
def _is_place(word: str) -> bool:
    if not _HAN_CHAR.match(word):
        return False
    # Towns and villages (兴泉镇, 欧家城村) are not in the gazetteer.
    return (len(word) >= 3 and word[-1] in _PLACE_SUFFIXES) or _is_division(word)


def _is_division(word: str) -> bool:
    """A division of the gazetteer by its name or short name (武威市, 武威), unless that is an everyday word.

    Only these stop a quoted span from being a name: an unknown word ending
    in 村 or 镇 may be a village, but one the author quotes is the name of a
    programme (“千企兴千村”).
    """
    divisions = gazetteer.load()
    return bool(divisions.by_name(word)) or any(
        word not in division.common_words for division in divisions.by_short_name(word)
    )


def _usable_tokens(
    words: Sequence[str], blocked: Sequence[tuple[int, int]], usable_word: Mapping[str, bool]
) -> list[bool]:
    """Which tokens may take part in a phrase.

    Punctuation, numbers, stopwords, place names and Latin words that are not
    the report's own break phrases (see ``_UsableWord``); so does any token
    that overlaps a ``blocked`` span (start, end) of the sentence: a quoted
    name, counted whole (jieba cuts 三航行动 into 三|航行|动, and 航行 is not a
    topic), a person's name or machine text.
    """
    usable = [usable_word[word] for word in words]
    if blocked:
        covered = [False] * sum(map(len, words))
        for start, end in blocked:
            covered[start:end] = [True] * (end - start)
        for index, (start, end) in enumerate(_token_bounds(words)):
            if usable[index] and any(covered[start:end]):
                usable[index] = False
    return usable


class _NameFinder:
    """Every mention of some names (quoted names, people) in a text, found as ``str.count`` counts them.

    That is, each name's mentions from the left, never overlapping each other.
    One pass finds all names: a pass per name over the whole report was
    quadratic in a report of thousands of quoted names.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._names = frozenset(names)
        lengths: defaultdict[str, set[int]] = defaultdict(set)
        for name in self._names:
            lengths[name[0]].add(len(name))
        self._lengths = {first: sorted(sizes) for first, sizes in lengths.items()}
        self._first = re.compile(f"[{''.join(map(re.escape, lengths))}]") if lengths else None

    def find(self, text: str) -> list[tuple[int, str]]:
        """(start, name) of each mention, in order of start."""
        found: list[tuple[int, str]] = []
        if self._first is None:
            return found
        free_from: dict[str, int] = {}  # a name's next mention starts here or later
        for first in self._first.finditer(text):
            start = first.start()
            for length in self._lengths[first.group()]:
                name = text[start : start + length]
                if name in self._names and free_from.get(name, 0) <= start:
                    found.append((start, name))
                    free_from[name] = start + length
        return found


class _UsableWord(dict):
    """word -> whether it may be part of a phrase at all: a word, not a number, stopword or place.

    Latin letters count only as the report writes its own words (AI, E通,
    App), never as code, URL parts or pinyin (mmbiz, imgIndex, lcxw).

    Filled on demand: a report repeats its words, so each is judged once.
    """

    def __init__(self, stopwords: frozenset[str], places: frozenset[str]) -> None:
        super().__init__()
        self._stopwords = stopwords
        self._places = places

    def __missing__(self, word: str) -> bool:
        usable = self[word] = (
            (_HAN_TOKEN.fullmatch(word) is not None or _own_latin_token(word))
            and _QUANTITY.fullmatch(word) is None
            and _DIGIT.search(word) is None
            and word not in self._stopwords
            and word not in self._places
        )
        return usable


def _own_latin_token(word: str) -> bool:
    """A word with Latin letters or digits, written as the report's own (AI, E通), not as code (mmbiz)."""
    return _WORD_TOKEN.fullmatch(word) is not None and latin_words.is_own_latin(word)


def _nested_counts(
    occurrences: Mapping[tuple[str, ...], list[tuple[int, int]]], tokens: Sequence[Sequence[str]]
) -> dict[str, int]:
    """Count phrases, crediting each occurrence to the longest recurring phrase over it.

    Longest phrases first: one that recurs (or any single token) is kept, and
    its occurrences cover the shorter phrases inside them, which then count
    only where they stand alone. So 软弱涣散党组织 seen three times leaves no
    软弱涣散, while 党组织 keeps the mentions outside it.
    """
    covered: set[tuple[int, int, int]] = set()  # (sentence, start, size) inside a kept phrase
    counts: Counter[str] = Counter()

    def keep(sentence: int, start: int, end: int) -> None:
        counts["".join(tokens[sentence][start:end])] += 1
        for size in range(1, end - start):
            for first in range(start, end - size + 1):
                covered.add((sentence, first, size))

    for size in range(MAX_PHRASE_TOKENS, 0, -1):
        kept: list[tuple[int, int, int]] = []
        for gram, positions in occurrences.items():
            if len(gram) != size:
                continue
            free = [(s, start) for s, start in positions if (s, start, size) not in covered]
            if free and (size == 1 or len(free) >= MIN_PHRASE_COUNT):
                kept.extend((s, start, start + size) for s, start in free)
        if size == MAX_PHRASE_TOKENS:
            kept = _join_overlaps(kept, tokens)
        for sentence, start, end in kept:
            keep(sentence, start, end)
    return dict(counts)


def _join_overlaps(
    spans: list[tuple[int, int, int]], tokens: Sequence[Sequence[str]]
) -> list[tuple[int, int, int]]:
    """Join overlapping longest phrases into the longer phrase they are parts of.

    When 理论武装走深走实 recurs, both 理论武装走深 and 武装走深走实 recur; the
    term is the longest stretch of the overlapping chain that itself recurs
    (up to MAX_JOINED_TOKENS), and parts overlapping it are dropped. Where no
    stretch recurs, the parts stand.
    """
    chains: list[tuple[int, int, int, list[tuple[int, int, int]]]] = []
    for sentence, start, end in sorted(spans):
        if chains and chains[-1][0] == sentence and start < chains[-1][2]:
            _, first, last, parts = chains[-1]
            parts.append((sentence, start, end))  # in place: a chain may run through a whole long sentence
            chains[-1] = (sentence, first, max(last, end), parts)
        else:
            chains.append((sentence, start, end, [(sentence, start, end)]))

    def stretches(sentence: int, start: int, end: int) -> Iterable[tuple[int, int]]:
        """Sub-spans longer than one part, longest first, that may start and end a phrase."""
        words = tokens[sentence]
        for size in range(min(end - start, MAX_JOINED_TOKENS), MAX_PHRASE_TOKENS, -1):
            for first in range(start, end - size + 1):
                if len(words[first]) > 1 and len(words[first + size - 1]) > 1:
                    yield first, first + size

    repeats: Counter[str] = Counter()
    for sentence, start, end, parts in chains:
        if len(parts) > 1:
            repeats.update({"".join(tokens[sentence][a:b]) for a, b in stretches(sentence, start, end)})

    result: list[tuple[int, int, int]] = []
    for sentence, start, end, parts in chains:
        best = next(
            (
                (a, b)
                for a, b in stretches(sentence, start, end)
                if len(parts) > 1 and repeats["".join(tokens[sentence][a:b])] >= MIN_PHRASE_COUNT
            ),
            None,
        )
        if best is None:
            result.extend(parts)
        else:
            result.append((sentence, *best))
            result.extend(part for part in parts if part[2] <= best[0] or part[1] >= best[1])
    return result
