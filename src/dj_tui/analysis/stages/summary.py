"""Extractive summary: the report's most central sentences, quoted verbatim.

Sentences are ranked by TextRank over BM25 similarity (Barrios et al., 2016)
computed from the jieba tokens the pipeline already has: a sentence that
shares many informative words with many others states what the report is
about. Selection then trades centrality against redundancy (maximal marginal
relevance) and favours sentences carrying the report's headline figures,
since a claim with its number is what a reader wants from a work report.

Everything is in pure Python and linear in the size of the report: TextRank's
sums over pairs of similar sentences are taken term by term over an inverted
index, so no pair of sentences is ever compared (see ``_textrank``).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from operator import mul, sub

from dj_tui.analysis.models import Sentence, SummarySentence
from dj_tui.analysis.stages.textnorm import HAN

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
_ELLIPSIS = "…⋯"
_TEASER_CLOSERS = "”’」』）"
_POINTS_BACK = re.compile(r"^(?:这|那|此|该|其|他|她|它|对此|为此|同时|此外|另外|但|而且|然而)")
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
    norm = sentence.norm
    if _BOILERPLATE.search(norm) is not None:
        return True
    credit = _CREDIT_OPENING.search(norm)
    return credit is not None and max(norm.rfind("）"), norm.rfind(")")) >= credit.end()


def _preference(sentence: Sentence, has_figure: bool) -> float:
    text = sentence.norm.strip()
    factor = FIGURE_BOOST if has_figure else 1.0
    if len(text) > MAX_CHARS:
        factor *= MAX_CHARS / len(text)
    if _QUOTED_OPENING.search(text) or _ATTRIBUTION.search(text) or _CITATION.search(text):
        factor *= SPEECH_PENALTY
    if _is_teaser(text) or _POINTS_BACK.match(text):
        factor *= DEPENDENT_PENALTY
    return factor


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
