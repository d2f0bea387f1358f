"""Rule-based extraction of facts from one article (Indonesian rules, data from ontology/).

`extract_article(article, onto)` is a pure function of the article text and the loaded
ontology, so articles can be extracted in parallel. Stages per sentence: tokens -> mentions
(with discourse: pronouns, surnames, titles, quote speakers) -> cue-triggered facts.
"""

from __future__ import annotations

from dataclasses import replace

from kg.extract.arguments import (
    between_pair,
    names_a_party,
    nya_object,
    objects_after,
    passive_agent,
    subject_of,
    with_coordinated,
)
from kg.extract.context import Context
from kg.extract.cues import Trigger, find_triggers
from kg.extract.facts import add_fact, emit, role_facts
from kg.extract.mentions import Mention
from kg.extract.modality import hoped, is_planned, negated, quote_speaker, reply_denial
from kg.extract.nouns import noun_subject, receiver
from kg.extract.references import find_mentions
from kg.extract.sentence import (
    Names,
    SentenceView,
    is_title_case,
    view_of,
)
from kg.langid import detect
from kg.lexicon import Ontology, load_ontology
from kg.model import Article, Extraction, Fact, Sentence
from kg.text import split_sentences


class Extractor(Context):
    """Reads one article sentence by sentence."""

    # ------------------------------------------------------------------ mentions
    # ------------------------------------------------------------------ triggers
    # ------------------------------------------------------------------ sentence
    def read_sentence(self, sent: Sentence) -> None:
        view = view_of(sent.text)
        # In a Title Case headline capitals say nothing about names: guess none there.
        self.title_case = is_title_case(view)
        mentions = find_mentions(self, view, sent)
        taken = {k for m in mentions for k in range(m.start, m.end)}
        self.names = Names(taken, {m.start for m in mentions}, {m.end - 1 for m in mentions})
        speaker, quote_text = quote_speaker(self, view, mentions)
        for m in mentions:
            if m.kind == "speaker":
                m.key = speaker
                m.type = "Person"
                m.confidence = 0.9
        # Role facts from titles: "Presiden Korsel Yoon" leads South Korea.
        for m in mentions:
            if m.kind in ("title", "role") and m.key and m.role and m.role[1]:
                role_facts(self, m, sent)
        self.resolve_pending(view, mentions, sent)
        triggers = find_triggers(self, view, taken)
        self.verb_cues = {t.index for t in triggers if t.voice != "noun"}
        # words read as a cue of their own ("menerima kunjungan" is a meeting), not as the
        # receiving verb of the noun cue after them
        self.cue_words = {k for t in triggers if t.end - t.index > 1 for k in range(t.index, t.end)}
        for trig in triggers:
            self.read_trigger(trig, view, mentions, sent, speaker, quote_text)
        reply_denial(self, view, sent, speaker)
        group = next(
            (
                keys
                for m in mentions
                if len(keys := [x.key for x in with_coordinated(self, m, view, mentions) if x.key])
                >= 2
            ),
            [],
        )
        self.state.remember(mentions, speaker, self.sentence_facts(), group)

    # ------------------------------------------------------------------ facts
    def read_trigger(
        self,
        trig: Trigger,
        view: SentenceView,
        mentions: list[Mention],
        sent: Sentence,
        speaker: str | None,
        quote: str,
    ) -> None:
        cue = trig.cue
        if negated(self, view, trig.index, mentions) or hoped(self, view, trig, mentions):
            return
        planned = is_planned(self, view, trig.index)
        subj: list[Mention]
        obj: list[Mention]
        extractor = f"{self.lang.code}.verb"
        pair = between_pair(self, trig, view, mentions) if trig.voice == "noun" else []
        if pair:
            # "sengketa antara Thailand dan Kamboja", "talks between China and the US"
            extractor = f"{self.lang.code}.noun"
            subj, obj = pair[:1], pair[1:]
        elif trig.voice == "noun":
            extractor = f"{self.lang.code}.noun"
            subj, obj_from = noun_subject(self, trig, view, mentions)
            obj = objects_after(self, obj_from, trig, view, mentions) or receiver(
                self, trig, view, mentions
            )
        elif trig.voice == "passive":
            patient = subject_of(self, trig.index, view, mentions)
            agent = passive_agent(self, trig, view, mentions)
            subj, obj = agent, patient
            extractor = f"{self.lang.code}.passive"
        else:
            subj = subject_of(self, trig.index, view, mentions)
            if subj:
                self.last_subject = subj
            if trig.clitic == "nya":
                obj = nya_object(self, trig, view, mentions, subj)
            else:
                obj = objects_after(self, trig.end, trig, view, mentions)
        if cue.pos == "hope":
            after = obj[-1].end if obj else trig.end
            if not obj or view.word(after) not in (
                "akan",
                "agar",
                "supaya",
                "untuk",
                "dapat",
                "bisa",
            ):
                return
        if not obj and self.onto.predicates[cue.predicate].symmetric:
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
            if len(sides) >= 2 and not names_a_party(self, trig, view):
                subj, obj = sides[:1], sides[1:]
        in_quote = view.tokens[trig.index].in_quote
        for s in subj:
            for o in obj:
                emit(
                    self,
                    s,
                    cue,
                    o,
                    sent,
                    trig,
                    extractor,
                    planned,
                    speaker if (in_quote or speaker) else None,
                    quote if in_quote else None,
                )

    # ---- subject and object finding ----
    def resolve_pending(self, view: SentenceView, mentions: list[Mention], sent: Sentence) -> None:
        """ "NATO meminta dua negara Asia ... Kedua negara itu adalah Korsel dan Jepang." """
        if not self.pending:
            return
        idx = next(
            (
                k
                for k in range(len(view.tokens))
                if self.lang.is_(view.word(k), "copula") or self.lang.is_(view.word(k), "identity")
            ),
            None,
        )
        keep: list[tuple[Fact, int, int]] = []
        for fact, count, at in self.pending:
            group: list[str] = []
            if idx is not None:
                first = next((m for m in mentions if m.start > idx and m.key), None)
                if first and (first.start == idx + 1):
                    group = [m.key for m in with_coordinated(self, first, view, mentions) if m.key]
            if group and len(group) == count:
                for key in group:
                    add_fact(
                        self, replace(fact, object=key, confidence=round(fact.confidence * 0.9, 3))
                    )
            elif sent.index - at < 2:
                keep.append((fact, count, at))
        self.pending = keep

    def with_languages(self, sentences: tuple[Sentence, ...]) -> tuple[Sentence, ...]:
        """Each paragraph's language (the title takes the article's)."""
        article_lang = self.article.language or detect(self.article.text, self.onto)
        self.article = replace(self.article, language=article_lang)
        by_par: dict[int, list[Sentence]] = {}
        for sent in sentences:
            by_par.setdefault(sent.paragraph, []).append(sent)
        langs = {
            par: article_lang
            if par == 0
            else detect(" ".join(x.text for x in sents), self.onto, fallback=article_lang)
            for par, sents in by_par.items()
        }
        return tuple(replace(s, language=langs[s.paragraph]) for s in sentences)

    def run(self) -> Extraction:
        sentences = self.with_languages(split_sentences(self.article))
        # The headline is read last: it sums up the body, whose names resolve its titles
        # ("Menhan Korsel Kunjungi Jakarta" is the minister the body names).
        order = [x for x in sentences if x.paragraph > 0] + [
            x for x in sentences if x.paragraph == 0
        ]
        for sent in order:
            self.use_language(sent.language)
            self.sent_index = sent.index
            self.fact_start = len(self.facts)
            self.last_subject = []
            self.read_sentence(sent)
        unique: dict[tuple[str, str, str, int], Fact] = {}
        for fact in self.facts:
            k = (fact.subject, fact.predicate, fact.object, fact.sentence)
            if k not in unique or unique[k].confidence < fact.confidence:
                unique[k] = fact
        used = {f.subject for f in unique.values()} | {f.object for f in unique.values()}
        for key in used:  # states reached through part_of / acts_as get their record here
            self.state.entity(key, key.replace("_", " "), "Organization")
        used |= {k for k, ent in self.state.entities.items()}
        return Extraction(
            article=self.article,
            sentences=sentences,
            entities=tuple(
                sorted(
                    (self.state.entities[k] for k in used if k in self.state.entities),
                    key=lambda e: e.key,
                )
            ),
            surface_forms=tuple(sorted(self.state.surfaces)),
            facts=tuple(
                sorted(
                    unique.values(), key=lambda f: (f.sentence, f.subject, f.predicate, f.object)
                )
            ),
        )


def extract_article(article: Article, onto: Ontology | None = None) -> Extraction:
    """Facts of one article: a pure function of its text and the ontology."""
    return Extractor(onto or load_ontology(), article).run()
