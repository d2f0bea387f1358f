"""Offline language identification for the languages kg has data for.

Counts each language's function words (class `stopword` in ontology/<lang>/words.tsv): news
paragraphs have dozens of them, so the counts separate Indonesian from English reliably where a
character-model detector often calls Indonesian Malay. When they are too few to tell (a short
lede of names and a verb), the words of each language's titles and relation cues count too.
Short or unclear text falls back.
"""

from __future__ import annotations

import re

from kg.lexicon import Language, Ontology, fold_word

_WORD = re.compile(r"\w+(?:['’]\w+)*")
# A language must lead by this many function words to override the fallback.
_MARGIN = 2


def detect(text: str, onto: Ontology, fallback: str = "id") -> str:
    words = list(map(fold_word, _WORD.findall(text)))
    scores = {  # (map: each paragraph and article is counted, word by word)
        code: sum(map(lang.words.get("stopword", {}).__contains__, words))
        for code, lang in onto.languages.items()
    }
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _MARGIN:
        # few function words (a short lede: "US President Barack Obama visited Jakarta."):
        # the language's titles and relation cues (read through its morphology) count too
        scores = {
            code: scores[code] + sum(_is_cue(lang, w) for w in words)
            for code, lang in onto.languages.items()
        }
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] == 0:
        return fallback
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _MARGIN and ranked[0][0] != fallback:
        return fallback
    return ranked[0][0]


def _is_cue(lang: Language, word: str) -> bool:
    """The first word of one of the language's titles (titles.tsv: "president", "presiden") or
    relation cues (relations.tsv: "visited", "mengunjungi")."""
    return (
        word in lang.titles
        or word in lang.cues
        or any(a.affixed and a.root in lang.cues for a in lang.analyze(word))
    )
