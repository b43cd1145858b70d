"""Extractive summary: the report's central sentences that state its results, quoted verbatim.

Sentences are ranked by TextRank over BM25 similarity (Barrios et al., 2016)
computed from the jieba tokens the pipeline already has: a sentence that
shares many informative words with many others states what the report is
about. Centrality is then weighed by what an editor looks for: the report's
results (the sentences of its headline figures, guaranteed a place when it
has any) and its named initiatives count more; generic officialese (坚持以…
为指导), pledges (下一步, 将继续), scene-setting openers (金秋时节) and
datelines (…9月22日电) count less. Selection trades that weight against
redundancy (maximal marginal relevance) and never takes two near-duplicates.

The unit quoted is the whole sentence up to its full stop: the sentence
splitter also ends a sentence at ；, so the pieces of a ``不仅…；更是…`` or of
a ；-joined enumeration are joined back and quoted whole or not at all.

Everything is in pure Python and linear in the size of the report: TextRank's
sums over pairs of similar sentences are taken term by term over an inverted
index, so no pair of sentences is ever compared (see ``_textrank``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from operator import mul, sub

from dj_tui.analysis.models import Sentence, SummarySentence
from dj_tui.analysis.stages.initiatives import is_initiative
from dj_tui.analysis.stages.textnorm import HAN

# How many of the report's best-ranked figures are its results: the caller
# passes the sentence indexes of that many, whatever it shows of them.
RESULT_FIGURES = 5

# Sentences shorter than this are fragments (基础不牢，地动山摇。), used only
# when the report offers nothing else; longer than MAX_CHARS they are run-ons
# that read badly alone, and their weight shrinks in proportion.
MIN_CHARS = 15
MAX_CHARS = 160

# BM25 parameters (the usual defaults) and TextRank's damping factor.
BM25_K1 = 1.5
BM25_B = 0.75
DAMPING = 0.85
TOLERANCE = 1e-6
MAX_ITERATIONS = 200

# MMR: weight of centrality against similarity to sentences already chosen.
MMR_LAMBDA = 0.7
# Above this cosine similarity two sentences say the same thing: never both.
DUPLICATE_COSINE = 0.8
# Or when this share of the shorter one's character pairs is in the other
# (a lead restated in the closing paragraph with other function words).
DUPLICATE_BIGRAMS = 0.6
# How much more a sentence counts for each of the report's results it states
# (up to MAX_RESULTS_COUNTED), when it names one of its initiatives, or when it
# closes the report (where results are summed up).
RESULT_BOOST = 0.6
MAX_RESULTS_COUNTED = 2
INITIATIVE_BOOST = 1.2
CLOSING_BOOST = 1.15
# Sentences that report speech rather than make the report's own claims get
# this factor: one that opens with somebody's quoted words (a testimonial or
# a motto), one that only says who spoke (……村民杨富国说。), and the
# customary citation of a leader's instruction (习近平总书记强调，……).
SPEECH_PENALTY = 0.5
_QUOTED_OPENING = re.compile(r"^[“「『\"][^”」』\"]{12}")
_ATTRIBUTION = re.compile(r"(?:说|表示|介绍|坦言|感慨|感叹|告诉记者)[。！…]*$")
_CITATION = re.compile(r"^(?:习近平)?总书记.{0,40}?(?:指出|强调|说)")
# 负责人冯云芬说，“……: somebody's words introduced at the start (not 据…介绍, a source for a fact).
_SPEAKER_OPENING = re.compile(r"^(?!据)[^，。“”：:]{2,30}?(?:说|表示|坦言|感慨)[，：:]\s*[“「]")
# A list trailing off in …… and a question are teasers for what follows, and
# a sentence that opens by pointing back (这次, 此外, 其中, 他) leans on the
# one before it: none reads well alone.
DEPENDENT_PENALTY = 0.7
_ELLIPSIS = "…⋯"
_TEASER_CLOSERS = "”’」』）"
_POINTS_BACK = re.compile(r"^(?:这|那|此|该|其|他|她|它|对此|为此|同时|此外|另外|但|而且|然而)")
# What says nothing of this report's own work: the guiding-thought formulas
# every report repeats, pledges and instructions about the future, a
# feature's scene-setting opener and a news agency's dateline.
GENERIC_PENALTY = 0.5
_OFFICIALESE = re.compile(
    r"坚持以.{0,40}?为指导|以.{0,30}?思想为指导|(?:深入|认真|全面)(?:学习)?贯彻(?:落实)?|学习贯彻.{0,30}?精神"
    r"|高举.{0,20}?旗帜|增强“四个意识”|做到“两个维护”"
)
_PLEDGE = re.compile(
    r"^.{0,12}?(?:下一步|下阶段|接下来|今后|未来|展望未来|新征程上|站在新的(?:历史)?起点)"
    r"|^.{0,30}?(?:将|要|必须|务必|需要)(?:继续|进一步|持续|着力|全力|不断|坚持|深入|加快|努力|切实|始终|更加"
    r"|全面|一如既往|接续|在|以|把|按照|立足|紧紧|牢牢|聚焦|围绕|锚定)"
    r"|奋力(?:谱写|开创)|开创.{0,12}?新局面|谱写.{0,12}?新篇章|再创.{0,6}?佳绩|以优异成绩迎接"
)
_SCENE_OPENING = re.compile(
    r"^(?:走进|漫步|来到|步入|驱车|行走在)"
    r"|^[^，。]{0,8}(?:时节|时分|之际|金秋|盛夏|仲夏|初夏|深秋|隆冬|寒冬|初春|早春|暮春|秋日|夏日|冬日|春日|清晨|傍晚|夜幕)[^，。]{0,4}，"
)
_DATELINE = re.compile(r"^[^，。]{0,20}?\d{1,2}月\d{1,2}日(?:电|讯)")
# Work reports, like news, state their thesis early (近年来，我市坚持……): a
# sentence in the first part of the body gets up to this much extra weight,
# fading linearly over LEAD_SHARE of the sentences.
LEAD_BOOST = 0.3
LEAD_SHARE = 0.25

_WORD = re.compile(f"[{HAN}A-Za-z]")
# Bylines and publishing boilerplate that the cleaner may leave inside a
# sentence: 本报咸阳讯（通讯员…）, （记者 …）, 记者甘曜毓 韩筱蓓, 责任编辑：….
_BOILERPLATE = re.compile(
    r"本报\S{0,8}讯"
    rf"|^\s*(?:首席)?(?:记者|通讯员|作者)[：:\s]*[{HAN}]{{2,4}}(?:\s|$)"
    r"|责任编辑|编辑[：:]|来源[：:]|原标题[：:]|版权所有|版权声明|转载|扫一扫|分享到|阅读原文"
)
# A credit in brackets: its opening here, and a closing bracket anywhere after
# it. A pattern reading up to the closing bracket from every opening read a
# long sentence with no closing bracket to its end once per opening.
_CREDIT_OPENING = re.compile(r"[（(]\s*(?:通讯员|记者|作者)")
# A quoted name: an initiative when it is named like one (三会一课, 书记项目),
# followed by a word for a programme (“三航”行动) or quoted in more than one sentence.
_QUOTED_NAME = re.compile(r"[“「]([^“”「」]{2,12})[”」](行动|工程|工作法|机制|模式|品牌|计划|项目)?")
_CLOSERS = "”’」』）》\"' "


@dataclass(frozen=True)
class _Unit:
    """A whole sentence: the splitter's pieces from ``first`` to ``last`` (joined at ；)."""

    first: int
    last: int
    text: str
    norm: str
    paragraph: int
    is_heading: bool


def summarize(
    sentences: Sequence[Sentence],
    tokens: Sequence[Sequence[str]],
    figure_indexes: Sequence[int],
    length: int,
    stopwords: frozenset[str],
) -> list[SummarySentence]:
    """Pick ``length`` sentences (fewer for a short report), returned in document order.

    ``tokens[i]`` is the segmentation of ``sentences[i].norm``; ``figure_indexes``
    are the sentence indexes of the report's results (its RESULT_FIGURES
    best-ranked figures, one index per figure: a sentence stating two results
    is there twice). Each item quotes a whole sentence, its pieces
    joined at ；, with the index of its first piece. Headings, bylines and
    boilerplate are never chosen.
    """
    if length <= 0 or not sentences:
        return []
    units = _units(sentences)
    terms = [_unit_terms(unit, tokens, stopwords) for unit in units]
    graph_nodes = [u for u, unit in enumerate(units) if terms[u] and not _is_boilerplate(unit.norm)]
    centrality = _textrank(graph_nodes, terms)

    choosable = [u for u in graph_nodes if not units[u].is_heading]
    results_in = _results_per_unit(units, figure_indexes)
    results = {u for u in choosable if results_in[u]}
    named = _units_naming_initiatives(units, choosable)
    closing = max((units[u].paragraph for u in choosable), default=-1)
    lead = max(1.0, LEAD_SHARE * len(choosable))
    relevance = {
        u: centrality[u]
        * _preference(units[u].norm, results=results_in[u], names_initiative=u in named)
        * (CLOSING_BOOST if units[u].paragraph == closing else 1.0)
        * (1.0 + LEAD_BOOST * max(0.0, 1.0 - position / lead))
        for position, u in enumerate(choosable)
    }
    top = max(relevance.values(), default=0.0)
    if top <= 0:
        return []
    relevance = {u: score / top for u, score in relevance.items()}

    vectors = _tfidf_vectors(terms)
    bigrams = {u: _bigrams(units[u].norm) for u in choosable}
    whole = [u for u in choosable if len(units[u].norm.strip()) >= MIN_CHARS]
    fragments = [u for u in choosable if len(units[u].norm.strip()) < MIN_CHARS]
    chosen: list[int] = []
    for pool in (whole, fragments):
        _select(pool, relevance, vectors, bigrams, length, chosen)
    _ensure_a_result(chosen, [u for u in whole if u in results], relevance, vectors, bigrams)
    return [SummarySentence(text=units[u].text, index=sentences[units[u].first].index) for u in sorted(chosen)]


def _units(sentences: Sequence[Sentence]) -> list[_Unit]:
    """The report's whole sentences: a piece ending in ； is joined to the next of its paragraph."""
    units: list[_Unit] = []
    start = 0
    for i, sentence in enumerate(sentences):
        following = sentences[i + 1] if i + 1 < len(sentences) else None
        joined = (
            following is not None
            and following.paragraph == sentence.paragraph
            and sentence.norm.rstrip(_CLOSERS).endswith("；")
        )
        if not joined:
            pieces = sentences[start : i + 1]
            units.append(
                _Unit(
                    first=start,
                    last=i,
                    text="".join(p.text for p in pieces),
                    norm="".join(p.norm for p in pieces),
                    paragraph=sentence.paragraph,
                    is_heading=pieces[0].is_heading,
                )
            )
            start = i + 1
    return units


def _results_per_unit(units: Sequence[_Unit], figure_indexes: Sequence[int]) -> list[int]:
    """How many of the report's results each whole sentence states."""
    unit_of = {i: u for u, unit in enumerate(units) for i in range(unit.first, unit.last + 1)}
    counts = [0] * len(units)
    for index in figure_indexes:
        if index in unit_of:
            counts[unit_of[index]] += 1
    return counts


def _unit_terms(unit: _Unit, tokens: Sequence[Sequence[str]], stopwords: frozenset[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for i in range(unit.first, unit.last + 1):
        counts.update(_content_terms(tokens[i], stopwords))
    return counts


def _units_naming_initiatives(units: Sequence[_Unit], choosable: Sequence[int]) -> set[int]:
    """The sentences naming one of the report's initiatives: quoted names that are named like one or recur."""
    names_of = {u: {name + programme for name, programme in _QUOTED_NAME.findall(units[u].norm)} for u in choosable}
    quoted_in = Counter(name for names in names_of.values() for name in names)
    return {u for u, names in names_of.items() if any(is_initiative(name) or quoted_in[name] > 1 for name in names)}


def _content_terms(words: Sequence[str], stopwords: frozenset[str]) -> Counter[str]:
    return Counter(w for w in words if _WORD.search(w) and w not in stopwords)


def _is_boilerplate(norm: str) -> bool:
    if _BOILERPLATE.search(norm) is not None:
        return True
    credit = _CREDIT_OPENING.search(norm)
    return credit is not None and max(norm.rfind("）"), norm.rfind(")")) >= credit.end()


def _preference(norm: str, *, results: int, names_initiative: bool) -> float:
    text = norm.strip()
    factor = 1.0 + RESULT_BOOST * min(results, MAX_RESULTS_COUNTED)
    factor *= INITIATIVE_BOOST if names_initiative else 1.0
    if len(text) > MAX_CHARS:
        factor *= MAX_CHARS / len(text)
    if any(p.search(text) for p in (_QUOTED_OPENING, _SPEAKER_OPENING, _ATTRIBUTION, _CITATION)):
        factor *= SPEECH_PENALTY
    if _is_teaser(text) or _POINTS_BACK.match(text) or text.rstrip(_CLOSERS).endswith(("？", "?")):
        factor *= DEPENDENT_PENALTY
    if _is_generic(text, concrete=results > 0 or names_initiative):
        factor *= GENERIC_PENALTY
    return factor


def _is_generic(text: str, *, concrete: bool) -> bool:
    """Whether a sentence is a pledge, a scene-setting opener, opens with a dateline or is officialese.

    A guiding-thought formula is only the frame of a ``concrete`` sentence,
    one stating a result or naming an initiative (坚持以…为指导，大力实施“五大工程”).
    """
    if any(pattern.search(text) is not None for pattern in (_PLEDGE, _SCENE_OPENING, _DATELINE)):
        return True
    return not concrete and _OFFICIALESE.search(text) is not None


def _is_teaser(text: str) -> bool:
    """Whether ``text`` ends in two or more of … or ⋯, then any closing quotes.

    Read from the end: a pattern anchored there was still tried at every
    position of a long run of … (quadratic).
    """
    body = text.rstrip(_TEASER_CLOSERS)
    return len(body) >= 2 and body[-1] in _ELLIPSIS and body[-2] in _ELLIPSIS


def _textrank(nodes: Sequence[int], terms: Sequence[Counter[str]]) -> dict[int, float]:
    """Weighted PageRank over symmetric BM25 similarity between sentences.

    The similarity of sentence q to sentence d sums, over the terms they
    share, a score of the term in d alone: s(t, d). Every sum PageRank needs
    over the pairs of sentences is therefore a sum over each term's postings,
    and the graph, with an edge between every two sentences sharing a word
    (all pairs, in a long report of short sentences), is never built.
    """
    if not nodes:
        return {}
    n = len(nodes)
    lengths = [sum(terms[i].values()) for i in nodes]
    average = sum(lengths) / n
    postings: defaultdict[str, list[int]] = defaultdict(list)  # positions in ``nodes``
    for position, i in enumerate(nodes):
        for term in terms[i]:
            postings[term].append(position)
    # BM25's idf kept non-negative: a word in most sentences still links them a little.
    idf = {term: math.log(1.0 + (n - len(docs) + 0.5) / (len(docs) + 0.5)) for term, docs in postings.items()}
    term_ids = {term: k for k, term in enumerate(postings)}
    # For each node: its terms, and s(t, node) for each, with BM25's length
    # normalisation of the node as a document.
    node_terms: list[list[int]] = []
    node_scores: list[list[float]] = []
    for position, i in enumerate(nodes):
        saturation = BM25_K1 * (1.0 - BM25_B + BM25_B * lengths[position] / average)
        node_terms.append([term_ids[term] for term in terms[i]])
        node_scores.append(
            [idf[term] * count * (BM25_K1 + 1.0) / (count + saturation) for term, count in terms[i].items()]
        )
    # For each term: the nodes holding it, and s(t, node) for each.
    term_nodes = list(postings.values())
    term_scores: list[list[float]] = [[] for _ in term_nodes]
    for ids, scores in zip(node_terms, node_scores):
        for k, score in zip(ids, scores):
            term_scores[k].append(score)
    own = [sum(scores) for scores in node_scores]  # Σ_t s(t, node)
    ones = [1.0] * n
    # Weight of the edge i–j: (sim(i→j) + sim(j→i)) / 2; a node's total weight is the sum over its edges.
    totals = _spread(ones, node_terms, node_scores, term_nodes, term_scores, own)
    rank = [1.0 / n] * n
    base = (1.0 - DAMPING) / n
    for _ in range(MAX_ITERATIONS):
        # Each node passes its rank to its neighbours in proportion to the edge weights.
        shares = [r / total if total > 0 else 0.0 for r, total in zip(rank, totals)]
        received = _spread(shares, node_terms, node_scores, term_nodes, term_scores, own)
        new = [base + DAMPING * amount for amount in received]
        delta = sum(map(abs, map(sub, new, rank)))
        rank = new
        if delta < TOLERANCE:
            break
    return dict(zip(nodes, rank))


def _spread(
    values: list[float],
    node_terms: list[list[int]],
    node_scores: list[list[float]],
    term_nodes: list[list[int]],
    term_scores: list[list[float]],
    own: list[float],
) -> list[float]:
    """For each node i, Σ over the other nodes j of values[j] × (sim(j→i) + sim(i→j)) / 2.

    sim(j→i) sums s(t, i) over the terms t of both; so Σ_j values[j] sim(j→i)
    is Σ_t∈i s(t, i) × (Σ of values over t's nodes), and Σ_j values[j] sim(i→j)
    is Σ_t∈i (Σ of values × s(t, ·) over t's nodes); node i itself is then
    taken out of both. Work is linear in the postings.
    """
    get = values.__getitem__
    plain = [sum(map(get, nodes)) for nodes in term_nodes]
    weighted = [sum(map(mul, scores, map(get, nodes))) for nodes, scores in zip(term_nodes, term_scores)]
    return [
        (
            sum(map(mul, scores, map(plain.__getitem__, ids)))
            + sum(map(weighted.__getitem__, ids))
            - 2.0 * value * self_score
        )
        / 2.0
        for ids, scores, value, self_score in zip(node_terms, node_scores, values, own)
    ]


def _tfidf_vectors(terms: Sequence[Counter[str]]) -> list[dict[str, float]]:
    """Unit-length tf-idf vectors, for cosine similarity between candidate sentences."""
    df = Counter(term for counts in terms for term in counts)
    n = len(terms)
    vectors = []
    for counts in terms:
        vector = {t: c * math.log(1.0 + n / df[t]) for t, c in counts.items()}
        size = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors.append({t: v / size for t, v in vector.items()})
    return vectors


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _bigrams(norm: str) -> frozenset[str]:
    chars = [ch for ch in norm if _WORD.match(ch) or ch.isdigit()]
    return frozenset(a + b for a, b in zip(chars, chars[1:]))


def _near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    smaller = min(len(a), len(b))
    return smaller > 0 and len(a & b) / smaller > DUPLICATE_BIGRAMS


def _select(
    pool: Sequence[int],
    relevance: dict[int, float],
    vectors: Sequence[dict[str, float]],
    bigrams: dict[int, frozenset[str]],
    length: int,
    chosen: list[int],
) -> None:
    """Maximal marginal relevance: add sentences from ``pool`` to ``chosen`` until it is full."""
    remaining = [i for i in pool if i not in chosen]
    while len(chosen) < length and remaining:
        best, best_score = None, -math.inf
        for i in remaining:
            overlap = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            if overlap > DUPLICATE_COSINE or any(_near_duplicate(bigrams[i], bigrams[j]) for j in chosen):
                continue
            score = MMR_LAMBDA * relevance[i] - (1.0 - MMR_LAMBDA) * overlap
            if score > best_score:
                best, best_score = i, score
        if best is None:
            return
        chosen.append(best)
        remaining.remove(best)


def _ensure_a_result(
    chosen: list[int],
    results: Sequence[int],
    relevance: dict[int, float],
    vectors: Sequence[dict[str, float]],
    bigrams: dict[int, frozenset[str]],
) -> None:
    """When no chosen sentence states a result, the best one that does takes the weakest place."""
    if not chosen or not results or any(u in results for u in chosen):
        return
    weakest = min(chosen, key=relevance.__getitem__)
    others = [u for u in chosen if u != weakest]
    candidates = [
        u
        for u in results
        if not any(
            _cosine(vectors[u], vectors[j]) > DUPLICATE_COSINE or _near_duplicate(bigrams[u], bigrams[j])
            for j in others
        )
    ]
    if candidates:
        chosen[chosen.index(weakest)] = max(candidates, key=relevance.__getitem__)
