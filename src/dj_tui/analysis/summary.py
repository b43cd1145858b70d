"""Extractive summary: the report's most central sentences, quoted verbatim.

Sentences are ranked by TextRank over BM25 similarity (Barrios et al., 2016)
computed from the jieba tokens the pipeline already has: a sentence that
shares many informative words with many others states what the report is
about. Selection then trades centrality against redundancy (maximal marginal
relevance) and favours sentences carrying the report's headline figures,
since a claim with its number is what a reader wants from a work report.

Everything is sparse and in pure Python: similarities come from an inverted
index, so only sentence pairs sharing a term are ever compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from operator import mul

from dj_tui.analysis.models import Sentence, SummarySentence

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
# How much more a sentence counts when it carries one of the headline figures.
FIGURE_BOOST = 1.3
# Sentences that report speech rather than make the report's own claims get
# this factor: one that opens with somebody's quoted words (a testimonial or
# a motto), one that only says who spoke (……村民杨富国说。), and the
# customary citation of a leader's instruction (习近平总书记强调，……).
SPEECH_PENALTY = 0.5
_QUOTED_OPENING = re.compile(r"^[“「『\"][^”」』\"]{12}")
_ATTRIBUTION = re.compile(r"(?:说|表示|介绍|坦言|感慨|感叹|告诉记者)[。！…]*$")
_CITATION = re.compile(r"^(?:习近平)?总书记.{0,40}?(?:指出|强调|说)")
# A list trailing off in …… is a teaser for what follows, and a sentence that
# opens by pointing back (这次, 此外, 其中, 他) leans on the one before it:
# neither reads well alone.
DEPENDENT_PENALTY = 0.7
_TEASER = re.compile(r"(?:…|⋯){2,}[”’」』）]*$")
_POINTS_BACK = re.compile(r"^(?:这|那|此|该|其|他|她|它|对此|为此|同时|此外|另外|但|而且|然而)")
# Work reports, like news, state their thesis early (近年来，我市坚持……): a
# sentence in the first part of the body gets up to this much extra weight,
# fading linearly over LEAD_SHARE of the sentences.
LEAD_BOOST = 0.3
LEAD_SHARE = 0.25

_WORD = re.compile(r"[\u3400-\u9fffA-Za-z]")
# Bylines and publishing boilerplate that the cleaner may leave inside a
# sentence: 本报咸阳讯（通讯员…）, （记者 …）, 记者甘曜毓 韩筱蓓, 责任编辑：….
_BOILERPLATE = re.compile(
    r"本报\S{0,8}讯|[（(]\s*(?:通讯员|记者|作者)[^）)]*[）)]"
    r"|^\s*(?:首席)?(?:记者|通讯员|作者)[：:\s]*[\u4e00-\u9fff]{2,4}(?:\s|$)"
    r"|责任编辑|编辑[：:]|来源[：:]|原标题[：:]|版权所有|版权声明|转载|扫一扫|分享到|阅读原文"
)


def summarize(
    sentences: Sequence[Sentence],
    tokens: Sequence[Sequence[str]],
    figure_indexes: Collection[int],
    length: int,
    stopwords: frozenset[str],
) -> list[SummarySentence]:
    """Pick ``length`` sentences (fewer for a short report), returned in document order.

    ``tokens[i]`` is the segmentation of ``sentences[i].norm``; ``figure_indexes``
    are the sentence indexes of the report's headline figures. Headings,
    bylines and boilerplate are never chosen.
    """
    if length <= 0 or not sentences:
        return []
    terms = [_content_terms(words, stopwords) for words in tokens]
    graph_nodes = [i for i, s in enumerate(sentences) if terms[i] and not _is_boilerplate(s)]
    centrality = _textrank(graph_nodes, terms)

    choosable = [i for i in graph_nodes if not sentences[i].is_heading]
    lead = max(1.0, LEAD_SHARE * len(choosable))
    relevance = {
        i: centrality[i]
        * _preference(sentences[i], sentences[i].index in figure_indexes)
        * (1.0 + LEAD_BOOST * max(0.0, 1.0 - position / lead))
        for position, i in enumerate(choosable)
    }
    top = max(relevance.values(), default=0.0)
    if top <= 0:
        return []
    relevance = {i: score / top for i, score in relevance.items()}

    vectors = _tfidf_vectors(terms)
    whole = [i for i in choosable if len(sentences[i].norm.strip()) >= MIN_CHARS]
    fragments = [i for i in choosable if len(sentences[i].norm.strip()) < MIN_CHARS]
    chosen: list[int] = []
    for pool in (whole, fragments):
        _select(pool, relevance, vectors, length, chosen)
    return [SummarySentence(text=sentences[i].text, index=sentences[i].index) for i in sorted(chosen)]


def _content_terms(words: Sequence[str], stopwords: frozenset[str]) -> Counter[str]:
    return Counter(w for w in words if _WORD.search(w) and w not in stopwords)


def _is_boilerplate(sentence: Sentence) -> bool:
    return _BOILERPLATE.search(sentence.norm) is not None


def _preference(sentence: Sentence, has_figure: bool) -> float:
    text = sentence.norm.strip()
    factor = FIGURE_BOOST if has_figure else 1.0
    if len(text) > MAX_CHARS:
        factor *= MAX_CHARS / len(text)
    if _QUOTED_OPENING.search(text) or _ATTRIBUTION.search(text) or _CITATION.search(text):
        factor *= SPEECH_PENALTY
    if _TEASER.search(text) or _POINTS_BACK.match(text):
        factor *= DEPENDENT_PENALTY
    return factor


def _textrank(nodes: Sequence[int], terms: Sequence[Counter[str]]) -> dict[int, float]:
    """Weighted PageRank over symmetric BM25 similarity between sentences."""
    if not nodes:
        return {}
    lengths = {i: sum(terms[i].values()) for i in nodes}
    average = sum(lengths.values()) / len(nodes)
    # BM25's length normalisation of each sentence as a document.
    saturation = {i: BM25_K1 * (1.0 - BM25_B + BM25_B * lengths[i] / average) for i in nodes}
    postings: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for i in nodes:
        for term, count in terms[i].items():
            postings[term].append((i, count))
    n = len(nodes)
    # BM25's idf kept non-negative: a word in most sentences still links them a little.
    idf = {term: math.log(1.0 + (n - len(docs) + 0.5) / (len(docs) + 0.5)) for term, docs in postings.items()}

    weights: defaultdict[int, defaultdict[int, float]] = defaultdict(lambda: defaultdict(float))
    for query in nodes:
        for term in terms[query]:
            for doc, count in postings[term]:
                if doc == query:
                    continue
                score = idf[term] * count * (BM25_K1 + 1.0) / (count + saturation[doc])
                # Symmetrise: half of query→doc on each direction's edge.
                weights[query][doc] += score / 2.0
                weights[doc][query] += score / 2.0

    # Each edge's share of its source's weight, stored by target, so an
    # iteration is one pass over the edges.
    incoming: dict[int, list[tuple[int, float]]] = {i: [] for i in nodes}
    for source, edges in weights.items():
        total = sum(edges.values())
        for target, weight in edges.items():
            incoming[target].append((source, weight / total))
    sources = {i: [j for j, _ in edges] for i, edges in incoming.items()}
    shares = {i: [share for _, share in edges] for i, edges in incoming.items()}
    rank = dict.fromkeys(nodes, 1.0 / n)
    base = (1.0 - DAMPING) / n
    for _ in range(MAX_ITERATIONS):
        # Σ rank[j] × share over the incoming edges, a column at a time (the hot loop).
        get = rank.__getitem__
        new = {i: base + DAMPING * sum(map(mul, map(get, sources[i]), shares[i])) for i in nodes}
        delta = sum(abs(new[i] - rank[i]) for i in nodes)
        rank = new
        if delta < TOLERANCE:
            break
    return rank


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


def _select(
    pool: Sequence[int],
    relevance: dict[int, float],
    vectors: Sequence[dict[str, float]],
    length: int,
    chosen: list[int],
) -> None:
    """Maximal marginal relevance: add sentences from ``pool`` to ``chosen`` until it is full."""
    remaining = [i for i in pool if i not in chosen]
    while len(chosen) < length and remaining:
        best, best_score = None, -math.inf
        for i in remaining:
            overlap = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            if overlap > DUPLICATE_COSINE:
                continue
            score = MMR_LAMBDA * relevance[i] - (1.0 - MMR_LAMBDA) * overlap
            if score > best_score:
                best, best_score = i, score
        if best is None:
            return
        chosen.append(best)
        remaining.remove(best)
