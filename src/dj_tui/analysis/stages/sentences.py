"""Turn body paragraphs into numbered sentences."""

from __future__ import annotations

from collections.abc import Iterable

from dj_tui.analysis.models import Sentence
from dj_tui.analysis.stages.textnorm import normalize, split_sentences

# A paragraph this short that does not end like a sentence is a section heading
# (强化理论武装“铸魂”, 前言): shown in the text, never summarised.
HEADING_MAX_CHARS = 40
_SENTENCE_FINAL = tuple("。！？；…")
_CLOSERS = "”’」』）》\"' "


def is_heading(norm_paragraph: str) -> bool:
    stripped = norm_paragraph.strip()
    # A quoted heading (强化理论武装“铸魂”) ends in a closing quote too; only
    # a terminator before the closers makes the paragraph a sentence.
    return len(stripped) <= HEADING_MAX_CHARS and not stripped.rstrip(_CLOSERS).endswith(_SENTENCE_FINAL)


def build_sentences(paragraphs: Iterable[str]) -> tuple[Sentence, ...]:
    """Split paragraphs (original text, one per line) into sentences in document order."""
    sentences: list[Sentence] = []
    for paragraph_index, paragraph in enumerate(paragraphs):
        norm = normalize(paragraph)
        heading = is_heading(norm)
        for start, end in split_sentences(norm):
            sentences.append(
                Sentence(
                    index=len(sentences),
                    text=paragraph[start:end],
                    norm=norm[start:end],
                    paragraph=paragraph_index,
                    is_heading=heading,
                )
            )
    return tuple(sentences)
