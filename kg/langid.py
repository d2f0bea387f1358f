"""Offline language identification for the languages kg has data for.

Counts each language's function words (class `stopword` in ontology/<lang>/words.tsv): news
paragraphs have dozens of them, so the counts separate Indonesian from English reliably where a
character-model detector often calls Indonesian Malay. Short or unclear text falls back.
"""

from __future__ import annotations

import re

from kg.lexicon import Ontology, fold_word

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
    if not ranked or ranked[0][1] == 0:
        return fallback
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _MARGIN and ranked[0][0] != fallback:
        return fallback
    return ranked[0][0]
