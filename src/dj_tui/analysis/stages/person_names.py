"""People's names in a report, found where its wording names a person.

A name is a keyphrase of nothing: 孔德同 or 李万朋 says who was quoted, not
what the report is about. jieba's HMM joins an unknown name into one word
but cannot tell it from an unknown term without tagging every sentence with
jieba.posseg, six times the cost of segmenting it (and that tagger calls 文明
and 智慧 names). Reports name people in a few fixed ways, so instead a name
here is a word that

* has the shape of a name: two or three characters opening with a surname
  (three or four with a compound one: 欧阳), from ``resources/surnames.txt``;
* is unknown to jieba's dictionary (so 高度, 项目, 干部 are words, never
  names), or has three characters and is followed by a verb of saying
  (李雪梅 说: jieba knows some names);
* stands where reports put names: after an office or role (党委书记 X,
  村民 X, 记者 X, “法律明白人”X), before a verb of saying or a form of
  address (X 说, X 介绍, X 同志, X 书记) or a photo credit (X 摄).

jieba's slips are read back: where its dictionary has swallowed the surname
into the word before (图|为伍|艳妮|摄: 为伍 "to side with"), the name is that
surname and the unknown given name after it (伍艳妮); where its HMM has taken
the verb into the name (书记|王琦说), the name is the word without it. Once
named so, the word is a name in every other sentence of the report too, as
are the authors of its bylines; the keyphrase stage counts no phrase that
overlaps a mention. One pass over the tokens, looking a token or two either
side, and a dictionary lookup per candidate word: no tagging, no extra memory.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from dj_tui.analysis.stages import segment
from dj_tui.analysis.stages.textnorm import HAN

SURNAMES_FILE = Path(__file__).with_name("resources") / "surnames.txt"

# The word before a name: an office or a role, as the last characters of the
# token (党委书记, 副镇长, 科技特派员, 总工程师, 负责人). Not 干部 or kinship
# words: 党员干部闻令而动 and 为女儿简办婚礼 go on with a verb.
_ROLE_ENDINGS = (
    "书记", "员", "长", "主任", "记者", "负责人", "带头人", "创始人", "明白人", "主席", "经理",
    "师", "同学", "教授", "大户", "村民", "居民", "户主", "店主", "老板", "医生", "学生",
)  # fmt: skip
# A closing quote or bracket may stand between a quoted title and the name.
_CLOSERS = frozenset("”’」』）》")
# The word after a name: a verb of saying, a form of address, a credit line.
_SAYING = frozenset(
    "说 说道 讲 讲道 介绍 表示 回忆 回忆道 感慨 感叹 坦言 直言 告诉 笑称 笑言 说起 谈到 谈起 认为 指出 "
    "强调 解释 补充 提到".split()
)
_ADDRESS = frozenset("同志 同学 书记 主任 老师 师傅 大姐 大哥 大爷 大妈 阿姨 教授 院士 先生 女士".split())
_GLUED_SAYING = "说"
_CREDITS = frozenset("摄 报道 供图".split())
# jieba often glues a credit's 摄 to the caption that follows it (摄安和镇);
# these begin the words 摄 starts itself (摄影, 摄像 ...), which are no credit.
_GLUED_CREDIT = "摄"
_NOT_CREDIT = frozenset("影像制取入氏政")
_HAN_WORD = re.compile(f"[{HAN}]+")
# A byline's author as a name (马竞, 阿依古丽·买买提), not an agency's abbreviation in Latin letters.
_AUTHOR = re.compile(f"[{HAN}][{HAN}·]+")


class People:
    """The people a report names, and which terms are about one of them."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = frozenset(names)
        self._lengths = sorted({len(name) for name in self.names})
        self._parts = {name[a:b] for name in self.names for a in range(len(name)) for b in range(a + 2, len(name) + 1)}

    def part_of_name(self, term: str) -> bool:
        """Whether ``term`` is a name or part of one (宋彪 of 杨宋彪, 于文哲 of a byline's 阎晋于文哲)."""
        return term in self._parts

    def touch(self, term: str) -> bool:
        """Whether ``term`` is part of a name or holds one (副镇长戴兴辉, 为伍艳妮): linear in its length."""
        return term in self._parts or any(
            term[start : start + size] in self.names
            for size in self._lengths
            for start in range(len(term) - size + 1)
        )


def report_people(tokens: Iterable[Sequence[str]], authors: Iterable[str]) -> People:
    """The people of a report: those its bylines name (``authors``) and those its text names (find_names)."""
    return People(find_names(tokens) | {author for author in authors if _AUTHOR.fullmatch(author)})


def find_names(tokens: Iterable[Sequence[str]]) -> set[str]:
    """The people a report names, from its sentences' tokens (each sentence's jieba words)."""
    initials, finals = _surname_edges()
    names: set[str] = set()
    for words in tokens:
        content = [word for word in words if not word.isspace()]
        for index, word in enumerate(content):
            before = content[index - 1] if index > 0 else ""
            # Every name opens with a surname, within this word or glued to the end of the one before.
            if word[0] not in initials and not (before and before[-1] in finals):
                continue
            # A quoted title names the person after it too: “法律明白人”李斌.
            role = content[index - 2] if before in _CLOSERS and index > 1 else before
            if len(role) > 1 and role.endswith(_ROLE_ENDINGS):
                name = _name_from(content, index)
                if name:
                    names.add(name)
            speaker = word[: -len(_GLUED_SAYING)]
            if word.endswith(_GLUED_SAYING) and _is_name(speaker) and not segment.is_dictionary_word(word):
                names.add(speaker)  # jieba's HMM took the verb into the name: 王琦说
            after = content[index + 1] if index + 1 < len(content) else ""
            if after in _SAYING or after in _ADDRESS or _is_credit(after):
                # Before a verb of saying a known word is a name too (李雪梅 说): what
                # else says something is a person, and other words before 说 are short.
                name = _name_up_to(content, index, known_word_too=after in _SAYING)
                if name:
                    names.add(name)
    return names


def _is_credit(word: str) -> bool:
    if word in _CREDITS:
        return True
    # A credit glued to the caption after it (摄安和镇), not a word of its own.
    return word.startswith(_GLUED_CREDIT) and word[1:2] not in _NOT_CREDIT and not segment.is_dictionary_word(word)


def _name_from(words: Sequence[str], index: int) -> str | None:
    """The name that starts at ``words[index]``: one word (孔德同) or a surname and an unknown given name (杨|宋彪)."""
    word = words[index]
    if _is_name(word):
        return word
    if index + 1 < len(words) and surname_length(word) == len(word):
        given = words[index + 1]
        if _is_given_name(given):
            return word + given
    return None


def _name_up_to(words: Sequence[str], index: int, *, known_word_too: bool) -> str | None:
    """The name that ends with ``words[index]``, the surname perhaps glued to the word before (为伍|艳妮)."""
    word = words[index]
    if _is_name(word, known_word_too=known_word_too):
        return word
    if index > 0 and _is_given_name(word):
        before = words[index - 1]
        for size in (2, 1):  # a compound surname first: 欧阳 before 阳
            surname = before[-size:]
            if len(before) >= size and surname_length(surname) == size:
                return surname + word
    return None


def _is_name(word: str, *, known_word_too: bool = False) -> bool:
    """A whole name: a surname and a one- or two-character given name, unknown to the dictionary.

    ``known_word_too``: a word of three characters or more may be a dictionary word (李雪梅).
    """
    surname = surname_length(word)
    if not surname or not 1 <= len(word) - surname <= 2 or _HAN_WORD.fullmatch(word) is None:
        return False
    if word.endswith(_GLUED_SAYING):
        return False  # a name and its verb (王琦说): find_names takes the name out
    return not segment.is_dictionary_word(word) or (known_word_too and len(word) >= 3)


def _is_given_name(word: str) -> bool:
    """A two-character word the dictionary does not know (宋彪, 艳妮): a given name once a surname precedes it."""
    return len(word) == 2 and _HAN_WORD.fullmatch(word) is not None and not segment.is_dictionary_word(word)


def surname_length(word: str) -> int:
    """How many characters of a surname ``word`` opens with: 2 (欧阳), 1 (王) or 0."""
    surnames = _surnames()
    if len(word) >= 2 and word[:2] in surnames:
        return 2
    return 1 if word[:1] in surnames else 0


@functools.cache
def _surnames() -> frozenset[str]:
    text = SURNAMES_FILE.read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() for word in line.split("#", 1)[0].split())


@functools.cache
def _surname_edges() -> tuple[frozenset[str], frozenset[str]]:
    """The first and the last characters of the surnames: most words can be passed over on one lookup."""
    surnames = _surnames()
    return frozenset(name[0] for name in surnames), frozenset(name[-1] for name in surnames)
