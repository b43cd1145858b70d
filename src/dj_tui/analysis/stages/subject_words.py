"""What kind of word a token is, as far as finding a figure's subject needs.

jieba's dictionary tags are read once for the word classes that can never
end a counted noun phrase (verbs, adjectives, numerals, idioms, function and
place words) and for the nouns made from verbs (投资, 培训) that may. Every
word not tagged here is taken for a noun: names and words jieba does not
know are nouns far more often than anything else. Part of the figure
extractor (``figures``, ``figure_subjects``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.figure_units import UNITS

# jieba tags: adverbs, prepositions, conjunctions, particles, pronouns, time
# and locative words, interjections, onomatopoeia.
_FUNCTION_TAG_INITIALS = frozenset("dpcurtfyeo")
_VERB_TAGS = frozenset({"v", "vd", "vg"})
# Adjectives, state words (短短) and distinguishing words (同期, 大型) modify a
# noun; numerals and measure words (一个月, 一笔) count one; idioms (发展壮大,
# 因地制宜) are predicates. None of them is what a figure counts.
_MODIFIER_TAGS = frozenset({"a", "ad", "ag", "z", "b"})
_NUMBER_TAGS = frozenset({"m", "q", "mq"})
_IDIOM_TAGS = frozenset({"i", "l"})  # 4-character set phrases: 因地制宜, 发展壮大
_KEPT_TAGS = _VERB_TAGS | _MODIFIER_TAGS | _NUMBER_TAGS | _IDIOM_TAGS | {"s", "vn"}
# Words jieba tags as nouns that act as verbs in a report's sentences
# (2019年入党, 历时1个月): they never end a subject.
_VERBS_TAGGED_OTHERWISE = frozenset("入党 入团 入职 历时 高达".split())


@dataclass(frozen=True)
class _Dictionary:
    tags: dict[str, str]  # the word classes above only
    unit_words: frozenset[str]  # words that begin with a unit's first character (节点, 人民)


@lru_cache(maxsize=1)
def _dictionary() -> _Dictionary:
    """What subjects need from jieba's dictionary, read once (about 0.2 s).

    Reading the tags of the few word classes used here costs far less than
    tagging every sentence with jieba.posseg.
    """
    unit_initials = {surface[0] for surface in UNITS}
    tags: dict[str, str] = {}
    unit_words: set[str] = set()
    for word, tag in segment.dictionary_entries():
        if len(word) > 4:
            continue
        if tag in _KEPT_TAGS or tag[0] in _FUNCTION_TAG_INITIALS:
            tags[word] = tag
        if len(word) > 1 and word[0] in unit_initials:
            unit_words.add(word)
    return _Dictionary(tags, frozenset(unit_words))


def unit_words() -> frozenset[str]:
    return _dictionary().unit_words


def tag(word: str) -> str | None:
    return _dictionary().tags.get(word)


def is_function_word(word: str) -> bool:
    word_tag = tag(word)
    return word_tag is not None and word_tag[0] in _FUNCTION_TAG_INITIALS


def is_verb(word: str) -> bool:
    """A verb proper (达到, 投入); 投资, 培训 (nouns made from verbs) are not."""
    return word in _VERBS_TAGGED_OTHERWISE or tag(word) in _VERB_TAGS


def is_verbal(word: str) -> bool:
    """A verb or a noun made from one: what may precede 到/至/为 in a predicate (发展到, 缩短至)."""
    return is_verb(word) or tag(word) == "vn"


def is_place_word(word: str) -> bool:
    return tag(word) == "s"


def is_modifier(word: str) -> bool:
    return tag(word) in _MODIFIER_TAGS


def is_numeral(word: str) -> bool:
    """一个, 一笔, 一个月: a count of its own (measure words such as 班次 are not)."""
    return tag(word) in ("m", "mq")


def is_predicative(word: str) -> bool:
    """A word that predicates rather than names: verbs, idioms, adjectives (亟待解决, 来自, 好)."""
    word_tag = tag(word)
    return word_tag is not None and (word_tag in _VERB_TAGS or word_tag in _IDIOM_TAGS or word_tag in _MODIFIER_TAGS)


def is_adjective(word: str) -> bool:
    return tag(word) == "a"


def is_idiom(word: str) -> bool:
    return tag(word) in _IDIOM_TAGS


def can_head(word: str, *, alone: bool) -> bool:
    """Whether ``word`` may end a counted noun phrase: a noun, a name or a word jieba does not know.

    jieba tags many nouns of these reports as verbs (收入, 诉求, 探头) and
    some as state words (邻里纠纷): after another word (企业营业收入) they
    end a noun phrase; ``alone``, a word so tagged is taken for what it is
    tagged (投入, 短短). Adjectives (好, 近), distinguishing words (同期,
    国家级), numerals, place and function words never end one.
    """
    if word in _VERBS_TAGGED_OTHERWISE:
        return False
    word_tag = tag(word)
    if word_tag is None or word_tag == "vn":
        return True
    if word_tag in _VERB_TAGS or word_tag in ("i", "z", "q"):
        return not alone  # 邻里纠纷, 充电桩, 普通群众 after a word; 短短, 次, 因地制宜 alone
    return not (
        word_tag in _MODIFIER_TAGS
        or word_tag in ("m", "mq")
        or word_tag == "s"
        or word_tag[0] in _FUNCTION_TAG_INITIALS
    )


def is_dictionary_word(word: str) -> bool:
    return segment.is_dictionary_word(word)
