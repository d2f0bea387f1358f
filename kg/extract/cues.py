"""Cues: the words of a sentence that trigger a fact (ontology/*/cues.tsv), in any inflected
form, with the voice they are read in: active, passive or a noun."""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.context import Context
from kg.extract.sentence import SentenceView, clause_voice, is_verb, verb_position
from kg.lexicon import Cue


@dataclass
class Trigger:
    index: int  # token index of the cue word
    end: int  # after the cue phrase
    cue: Cue
    voice: str  # active | passive | noun
    clitic: str


def find_triggers(cx: Context, view: SentenceView, taken: set[int]) -> list[Trigger]:
    out: list[Trigger] = []
    for i, word in enumerate(view.folded):
        if i in taken or not view.tokens[i].is_word or not cx.finder.may_be_cue(word):
            continue  # (most words)
        found = cues_for(cx, word, view, i)
        if not found:
            continue
        # the longest cue that matches wins: "terima kunjungan" before "menerima"
        candidates = sorted(found, key=lambda c: -len(c[0].words))
        for cue, voice, clitic in candidates:
            n = len(cue.words)
            if tuple(view.folded[i + 1 : i + n]) != cue.words[1:]:
                continue
            if voice == "noun" and cx.lang.is_(view.word(i - 1), "compound_head"):
                break  # "kapal perang", "kejahatan perang": the cue names a kind of thing
            if cx.lang.is_(word, "after_noun") and not _after_common_noun(cx, view, i):
                break
            out.append(Trigger(i, i + n, cue, voice, clitic))
            break
    return out


def cues_for(cx: Context, word: str, view: SentenceView, i: int) -> list[tuple[Cue, str, str]]:
    found: list[tuple[Cue, str, str]] = []
    if not cx.finder.may_be_cue(word):
        return found
    forms = [(word, "")] + [(word[:-3], "nya")] * word.endswith("nya")
    for form, clitic in forms:
        for cue in cx.lang.cues.get(form, []):
            if cue.pos in ("noun", "member"):
                voice = "noun"
            elif not cx.lang.is_(form, "exact_cue") and any(
                a.voice == "passive" for a in cx.lang.analyze(form)
            ):  # ("terbang" flies: not ter- + bang)
                voice = "passive"  # an exact form such as "ditemui"
            else:
                voice = clause_voice(cx.lang, view, i)
            if (
                cue.pos in ("verb", "hope")
                and form in cx.lang.roots
                and (view.word(i + 1) == "-" or view.word(i - 1) == "-")
            ):
                continue  # "undang-undang": reduplication makes a noun
            if (
                not cx.lang.modifier_first
                and cue.pos == "verb"
                and form == cue.words[0]
                and len(cue.words) == 1
                and form in cx.lang.roots
                and not any(a.affixed for a in cx.lang.analyze(form))  # "menembakkan"
                and i + 1 not in cx.names.starts
                and view.word(i + 1) not in cue.preps
            ):
                continue  # a bare root is a verb only before its object: "tiba di", not
                # "serang" alone
            if (
                cx.lang.modifier_first
                and cue.pos in ("verb", "hope")
                and form == cue.words[0]
                and not cx.lang.cues.get(form, [cue])[0].pos == "noun"
                and not verb_position(cx.lang, view, cx.names, i)
                and not any(c.pos == "noun" for c in cx.lang.cues.get(form, []))
            ):
                continue  # "a supply vessel": a bare English verb form used as a noun
            found.append((cue, voice, clitic))
    # A bare form that can be either: Indonesian "invasi" is the noun; English "visit" is the
    # verb after its subject ("Biden will visit"), the noun after a determiner ("his visit").
    if found:
        verb_first = cx.lang.modifier_first and verb_position(cx.lang, view, cx.names, i)
        found.sort(key=lambda c: (c[1] == "noun") == verb_first)
    for a in cx.lang.analyze(word):
        if not a.affixed or a.voice not in ("active", "passive"):
            continue
        root_cues = cx.lang.cues.get(a.root)
        if not root_cues:
            continue  # (most roots: no need to read the clause's voice)
        if cx.lang.is_(a.root, "exact_cue"):
            continue  # "berangkat" travels; "memberangkatkan" dispatches something
        voice = a.voice if a.voice == "passive" else clause_voice(cx.lang, view, i)
        for cue in root_cues:
            # verbs in any form; a phrase by its first word's root ("berterima kasih")
            if (cue.pos in ("verb", "hope") or len(cue.words) > 1) and (
                cue,
                voice,
                a.clitic,
            ) not in found:
                found.append((cue, voice, a.clitic))
    return found


def _after_common_noun(cx: Context, view: SentenceView, i: int) -> bool:
    """Whether token i follows a common noun ("patroli bersama"): a lowercase word that is no
    function word, no verb and no part of a name."""
    k = i - 1
    return (
        k > 0
        and view.tokens[k].is_word
        and not view.cap(k)
        and k not in cx.names.covered
        and not cx.finder.is_function_word(view.word(k))
        and not is_verb(cx.lang, view, k)
    )
