"""Reading one article, sentence by sentence: the stages wired together.

`extract_article(article, onto)` is a pure function of the article text and the loaded
ontology, so articles can be extracted in parallel. Per sentence: tokens (sentence.py) ->
mentions (references.py, titles.py; with the article's memory, discourse.py) -> the quote's
speaker and each cue (cues.py): whether it happened (modality.py), who acts on whom
(arguments.py, nouns.py) -> facts (facts.py). All of it reads one `Context` (context.py).
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.arguments import (
    between_pair,
    names_a_party,
    nya_object,
    passive_agent,
    subject_of,
    with_coordinated,
)
from kg.extract.context import Context
from kg.extract.cues import Trigger, find_triggers
from kg.extract.facts import emit, memberships, resolve_pending, role_facts, visits_at
from kg.extract.mentions import Mention
from kg.extract.modality import (
    HEDGED,
    asked,
    denied,
    hedged,
    hoped,
    is_planned,
    negated,
    quote_speaker,
    reply_denial,
    said_by,
    threat_frame,
)
from kg.extract.nouns import (
    member_list,
    modifier_object,
    noun_subject,
    receiver,
    relational_parties,
)
from kg.extract.objects import meeting_place, objects_after, obliged
from kg.extract.references import find_mentions
from kg.extract.roles import affiliation_after, counterpart_roles, officials_of_group
from kg.extract.sentence import (
    Names,
    SentenceView,
    is_preposition,
    is_title_case,
    view_of,
)
from kg.langid import detect
from kg.lexicon import Cue, Ontology, load_ontology
from kg.model import Article, Extraction, Fact, Sentence
from kg.text import split_sentences


def extract_article(article: Article, onto: Ontology | None = None) -> Extraction:
    """Facts of one article: a pure function of its text and the ontology."""
    onto = onto or load_ontology()
    cx = Context(onto, article)
    sentences = split_sentences(article)
    language = article.language or detect(article.text, onto)
    cx.article = replace(article, language=language)
    sentences = with_languages(sentences, language, onto)
    # The headline is read last: it sums up the body, whose names resolve its titles
    # ("Menhan Korsel Kunjungi Jakarta" is the minister the body names).
    order = [x for x in sentences if x.paragraph > 0] + [x for x in sentences if x.paragraph == 0]
    for sent in order:
        cx.begin_sentence(sent)
        read_sentence(cx, sent)
    return extraction(cx, sentences)


def with_languages(
    sentences: tuple[Sentence, ...], article_lang: str, onto: Ontology
) -> tuple[Sentence, ...]:
    """Each paragraph's language (the title takes the article's)."""
    by_par: dict[int, list[Sentence]] = {}
    for sent in sentences:
        by_par.setdefault(sent.paragraph, []).append(sent)
    langs = {
        par: article_lang
        if par == 0
        else detect(" ".join(x.text for x in sents), onto, fallback=article_lang)
        for par, sents in by_par.items()
    }
    return tuple(
        s if s.language == langs[s.paragraph] else replace(s, language=langs[s.paragraph])
        for s in sentences
    )


def read_sentence(cx: Context, sent: Sentence) -> None:
    """Mentions, then roles, then each cue's facts; then what the sentence leaves in memory."""
    view = view_of(sent.text)
    # In a Title Case headline capitals say nothing about names: guess none there.
    cx.title_case = is_title_case(view)
    mentions = find_mentions(cx, view, sent)
    counterpart_roles(cx, mentions)
    affiliation_after(cx, view, mentions)
    officials_of_group(cx, view, mentions)
    taken = {k for m in mentions for k in range(m.start, m.end)}
    cx.names = Names(taken, {m.start for m in mentions}, {m.end - 1 for m in mentions})
    speaker, quote_text = quote_speaker(cx, view, mentions)
    for m in mentions:
        if m.kind == "speaker":
            m.key = speaker
            m.type = "Person"
            m.confidence = 0.9
    # Role facts from titles: "Presiden Korsel Yoon" leads South Korea.
    for m in mentions:
        if m.kind in ("title", "role") and m.key:
            for role in ([m.role] if m.role else []) + m.also:
                role_facts(cx, m, sent, role)
    resolve_pending(cx, view, mentions, sent)
    memberships(cx, view, mentions, sent)
    triggers = find_triggers(cx, view, taken)
    cx.verb_cues = {t.index for t in triggers if t.voice != "noun"}
    # words read as a cue of their own ("menerima kunjungan" is a meeting), not as the
    # receiving verb of the noun cue after them
    cx.cue_words = {k for t in triggers if t.end - t.index > 1 for k in range(t.index, t.end)}
    for trig in [] if asked(cx, view) else triggers:
        read_cue(cx, trig, view, mentions, sent, speaker, quote_text)
    reply_denial(cx, view, sent, speaker)
    group = next(
        (
            keys
            for m in mentions
            if len(
                keys := [
                    x.key
                    for x in with_coordinated(cx, m, view, mentions)
                    if x.key and not cx.state.is_place(x.key)  # "Istana Merdeka, Jakarta Pusat"
                ]
            )
            >= 2
        ),
        [],
    )
    cx.state.remember(mentions, speaker, cx.sentence_facts(), group)


# Acts that, announced for the future, are threats ("bersumpah akan menyerbu X").
_HOSTILE = frozenset({"attacked", "sanctioned"})
# Acts whose addressee, when none is named, is the one the actor has just met.
_TO_PARTNER = frozenset({"thanked", "providedAidTo"})
_PLACES = frozenset({"Country", "Location"})
# What may follow a verb whose object is left out: a time, the clause's end.
_ENDS_OBJECTLESS = ("temporal", "clause_break", "coord")


def read_cue(
    cx: Context,
    trig: Trigger,
    view: SentenceView,
    mentions: list[Mention],
    sent: Sentence,
    speaker: str | None,
    quote: str,
) -> None:
    """One cue's facts: unless negated or only hoped for, its subject and object(s)."""
    if trig.cue.predicate in _HOSTILE and threat_frame(cx, view, trig.index):
        trig = replace(trig, cue=replace(trig.cue, predicate="threatened", speaks_for=True))
    cue = trig.cue
    if (
        negated(cx, view, trig.index, mentions)
        or hoped(cx, view, trig, mentions)
        or denied(cx, view, trig.index)
    ):
        return
    planned = is_planned(cx, view, trig.index)
    if hedged(cx, view, trig.index):  # only alleged or reported: a fact, less sure
        cue = replace(cue, confidence=cue.confidence * HEDGED)
    if planned and cue.pos == "member":
        return  # "akan menjadi anggota Mercosur": not a member yet
    subj: list[Mention]
    obj: list[Mention]
    extractor = f"{cx.lang.code}.verb"
    pair = between_pair(cx, trig, view, mentions) if trig.voice == "noun" else []
    # "bentrokan antara Eritrea dan Etiopia": each side acts on the other
    mutual = bool(pair) and not cx.onto.predicates[cue.predicate].symmetric
    if cue.pos == "obligation":
        # "Macron said Europe must resist ...": the sayer urges the one who must
        mutual = False
        subj, obj = said_by(cx, trig, view, mentions, speaker), obliged(cx, trig, view, mentions)
    elif pair:
        # "sengketa antara Thailand dan Kamboja", "talks between China and the US"
        extractor = f"{cx.lang.code}.noun"
        subj, obj = pair[:1], pair[1:]
    elif trig.voice == "noun" and cue.relational:
        extractor = f"{cx.lang.code}.noun"
        subj, obj = relational_parties(cx, trig, view, mentions)
    elif cue.pos == "member" and (listed := member_list(cx, trig, view, mentions))[0]:
        extractor = f"{cx.lang.code}.noun"
        subj, obj = listed
    elif trig.voice == "noun":
        extractor = f"{cx.lang.code}.noun"
        subj, obj_from = noun_subject(cx, trig, view, mentions)
        obj = (
            modifier_object(cx, trig, view, mentions, subj)
            or objects_after(cx, obj_from, trig, view, mentions)
            or receiver(cx, trig, view, mentions)
        )
    elif trig.voice == "passive":
        patient = subject_of(cx, trig.index, view, mentions)
        agent = passive_agent(cx, trig, view, mentions)
        subj, obj = agent, patient
        extractor = f"{cx.lang.code}.passive"
    else:
        subj = subject_of(cx, trig.index, view, mentions)
        if subj:
            cx.last_subject = subj
        if trig.clitic == "nya":
            obj = nya_object(cx, trig, view, mentions, subj)
        else:
            obj = objects_after(cx, trig.end, trig, view, mentions)
    if cue.pos == "hope":
        after = obj[-1].end if obj else trig.end
        if not obj or (
            view.word(after) not in ("akan", "agar", "supaya", "untuk", "dapat", "bisa")
            and not cx.lang.is_(view.word(after), "hope_complement")  # "told X to stop"
        ):
            return
    in_quote = view.tokens[trig.index].in_quote
    if trig.voice != "noun":
        nxt = view.word(trig.end)
        if (
            subj
            and not obj
            and (nxt in ("", ".", ",") or any(cx.lang.is_(nxt, c) for c in _ENDS_OBJECTLESS))
        ):
            # "X bergabung dengan UE ... setelah Bulgaria bergabung pada 2007": the same verb
            # again in the sentence with nothing after it, its object left out
            obj = list(cx.verb_objects.get(cue, []))
        elif obj:
            cx.verb_objects[cue] = obj
    if cue.predicate in _TO_PARTNER and not obj:
        obj = _earlier_party(cx, cue, trig, view, mentions, subj, speaker, in_quote)
        if obj and not subj:
            subj = [Mention(trig.index, trig.index, "speaker", speaker, confidence=0.8)]
    pairs: list[tuple[Mention, Mention]] = []
    if not obj and cx.onto.predicates[cue.predicate].symmetric:
        # "Vietnam dan Malaysia menandatangani kesepakatan", "Keduanya menandatangani
        # kesepakatan": with each other, unless the clause names another party that is no
        # entity we know ("kemitraan mereka dengan aliansi militer terbesar")
        # A group acts with itself only when it is a counted pair or more ("keduanya",
        # "kedua negara", "the two leaders"), not a vague "mereka"/"they".
        group = subj[0] if len(subj) == 1 and subj[0].kind == "group" else None
        sides = (
            [replace(group, kind="name", key=k, members=[]) for k in group.members]
            if group and group.count >= 2 and len(group.members) == group.count
            else subj
        )
        if len(sides) >= 2 and not names_a_party(cx, trig, view):
            # "X, Y and Z met": a meeting of several, each with each
            pairs = [(a, b) for n, a in enumerate(sides) for b in sides[n + 1 :]]
    place = (
        meeting_place(cx, trig, view, mentions)
        if cue.predicate in ("metWith", "signedAgreementWith")
        else None
    )
    if place and (subj or obj):
        visits_at(cx, subj + obj, place, sent, cue.confidence, planned)
    acts = pairs or (
        [(s, o) for s in subj for o in obj] + [(o, s) for s in subj for o in obj] * mutual
    )
    for s, o in acts:
        emit(
            cx,
            s,
            cue,
            o,
            sent,
            trig,
            extractor,
            planned,
            speaker if in_quote or trig.index >= cx.speech_from else None,
            quote if in_quote else None,
        )


def _earlier_party(
    cx: Context,
    cue: Cue,
    trig: Trigger,
    view: SentenceView,
    mentions: list[Mention],
    subj: list[Mention],
    speaker: str | None,
    in_quote: bool,
) -> list[Mention]:
    """The addressee of thanks or aid that names none, from what the article told before:
    "X menyampaikan terima kasih atas ..." thanks the one X has just met (a quote's
    subjectless '"Terima kasih atas ...," ujar X' is the speaker's); "bantuan yang disalurkan
    X" goes where the article's last aid went. Not "memuji hubungan kedua negara",
    whose object is named, if not as an entity."""
    actor = subj[0].key if subj else speaker if in_quote else None
    if not actor:
        return []
    if cue.predicate == "providedAidTo":
        # (unless the sentence names another place: "Bantuan dari Qatar tiba di Mesir")
        own = {m.key for m in subj}
        places = [
            m
            for m in mentions
            if m.key not in own and m.key and cx.state.entities[m.key].type in _PLACES
        ]
        partner = None if places else cx.state.last_objects.get(cue.predicate)
    elif view.word(trig.end) in ("", ".") or is_preposition(cx.lang, view.word(trig.end)):
        partner = cx.state.partners.get(cx.state.actor(actor))
    else:
        partner = None
    return [Mention(trig.index, trig.index, "pronoun", partner, confidence=0.7)] if partner else []


def extraction(cx: Context, sentences: tuple[Sentence, ...]) -> Extraction:
    """The article's value: its facts (each once, at its best confidence) and entities."""
    state = cx.state
    unique: dict[tuple[str, str, str, int], Fact] = {}
    for fact in cx.facts:
        k = (fact.subject, fact.predicate, fact.object, fact.sentence)
        if k not in unique or unique[k].confidence < fact.confidence:
            unique[k] = fact
    used = {f.subject for f in unique.values()} | {f.object for f in unique.values()}
    for key in used:  # states reached through part_of / acts_as get their record here
        state.entity(key, key.replace("_", " "), "Organization")
    used |= {k for k, ent in state.entities.items()}
    return Extraction(
        article=cx.article,
        sentences=sentences,
        entities=tuple(
            sorted(
                (state.entities[k] for k in used if k in state.entities),
                key=lambda e: e.key,
            )
        ),
        surface_forms=tuple(sorted(state.surfaces)),
        facts=tuple(
            sorted(unique.values(), key=lambda f: (f.sentence, f.subject, f.predicate, f.object))
        ),
    )
