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
from kg.extract.mentions import Mention, ministry_key
from kg.extract.modality import hoped, is_planned, negated, quote_speaker, reply_denial
from kg.extract.nouns import noun_subject, receiver
from kg.extract.sentence import (
    Names,
    SentenceView,
    is_title_case,
    view_of,
)
from kg.langid import detect
from kg.lexicon import Ontology, key_for, load_ontology
from kg.model import Article, Extraction, Fact, Sentence
from kg.text import split_sentences

_SAME_PERSON = "part of a person's name used earlier in the article"
_MISSPELT = "one letter from a gazetteer name (misspelling)"


class Extractor(Context):
    """Reads one article sentence by sentence."""

    # ------------------------------------------------------------------ mentions
    def find_mentions(self, view: SentenceView, sent: Sentence) -> list[Mention]:
        out: list[Mention] = []
        taken: set[int] = set()
        n = len(view.tokens)

        def claim(m: Mention) -> None:
            out.append(m)
            taken.update(range(m.start, m.end))

        i = 0
        while i < n:
            m = self._title_mention(view, i) or self._ministry_mention(view, i)
            if m and out and m.start < out[-1].end and m.start <= out[-1].start:
                # "Chinese Foreign Ministry spokesperson X": the title takes in its organ
                taken.difference_update(range(out[-1].start, out[-1].end))
                out.pop()
            if m and not any(k in taken for k in range(m.start, m.end)):
                claim(m)
                i = m.end
            else:
                i += 1
        i = 0
        while i < n:  # known names first, so an unknown-name run stops where they start
            hit = None if i in taken else self._gazetteer_mention(view, i, taken)
            if hit:
                claim(hit)
                i = hit.end
            else:
                i += 1
        i = 0
        while i < n:
            if i in taken:
                i += 1
                continue
            m = self._name_mention(view, i, taken) or self._word_mention(view, i, out)
            if m:
                claim(m)
                i = m.end
            else:
                i += 1
        out.sort(key=lambda m: m.start)
        return out

    def _org_after(self, view: SentenceView, i: int) -> tuple[int, str | None]:
        """An organization or country named at token i ("the" before it skipped), and
        "(NATO)"-like asides after it."""
        while self.lang.is_(view.word(i), "filler"):
            i += 1
        m = self._ministry_mention(view, i)
        if m:
            return m.end, m.key
        hit = self.finder.gazetteer_at(view, i)
        if hit and self.onto.entities[hit[1].key].type in ("Country", "Organization"):
            end = i + hit[0]
            self.state.entity(hit[1].key, "", "", view.span(i, end))
            if view.word(end) == "(":
                close = next(
                    (
                        k
                        for k in range(end + 1, min(end + 6, len(view.tokens)))
                        if view.word(k) == ")"
                    ),
                    None,
                )
                if close is not None:
                    inner = self.finder.gazetteer_at(view, end + 1)
                    if inner and inner[1].key == hit[1].key:
                        self.state.entity(hit[1].key, "", "", view.tokens[end + 1].text)
                    end = close + 1
            return end, hit[1].key
        run = self.finder.name_run(view, i, set())
        words = view.folded[i : i + run]
        if run and self.finder.is_org_name(words):
            return i + run, self.new_org(view, i, run)
        return i, None

    def new_org(self, view: SentenceView, i: int, run: int) -> str:
        """An organization the gazetteer lacks, named by an org word ("Institute", "Badan")."""
        surface = view.span(i, i + run)
        key = self.state.entity(key_for(surface), surface, "Organization", surface)
        # "Dewan Maritim Nasional Filipina": an organ named with its state belongs to it
        for j in range(i + 1, i + run):
            hit = self.finder.gazetteer_at(view, j)
            if hit and j + hit[0] == i + run and self.onto.entities[hit[1].key].type == "Country":
                self.state.part_of[key] = self.state.entity(hit[1].key, "", "")
        return key

    def _title_mention(self, view: SentenceView, i: int) -> Mention | None:
        title = self.finder.title_at(view, i)
        if not title:
            return None
        tlen, relation, english, pattern = title
        if view.word(i - 1) == "-":
            return None
        j = i + tlen
        org: str | None = None
        start = i
        if self.lang.modifier_first:
            before = self._org_before(view, i)
            if before:
                start, org = before
        # "(PM)" right after the title
        if view.word(j) == "(" and view.word(j + 2) == ")":
            j += 3
        if pattern in ("org", "both") and org is None:
            j, org = self._org_after(view, j)
            if org is None and self.lang.is_(view.word(j), "affiliation"):
                # "Prime Minister of Japan Fumio Kishida", "a spokesman for the State Department"
                after, org = self._org_after(view, j + 1)
                j = after if org else j
        elif pattern == "at":
            # "Profesor hubungan internasional ... di King's College London, Ramon Pacheco"
            k = j
            while k < min(len(view.tokens), j + 12) and not self.lang.is_(
                view.word(k), "affiliation"
            ):
                if view.word(k) in (".", ";", ","):
                    break
                k += 1
            if self.lang.is_(view.word(k), "affiliation"):
                k2, org = self._org_after(view, k + 1)
                if org:
                    j = k2
        if view.word(j) == "(" and view.word(j + 2) == ")":
            j += 3  # "Sekretaris Jenderal Pakta Pertahanan Atlantik Utara (NATO)"
        if org and self.lang.is_(view.word(j), "posting"):
            posted = self.finder.gazetteer_at(view, j + 1)
            if posted:  # "Duta Besar Australia untuk Indonesia Penny Williams"
                j = j + 1 + posted[0]
        k = j
        if view.word(k) == ",":
            k += 1
        while view.word(k) in ("itu", "ini", "tersebut", "sang"):
            k += 1
        rank = self.finder.title_at(view, k)
        if rank and org:
            k += rank[0]  # a rank after the office: "Kepala Bakamla Laksamana Madya Irvansyah"
            while (
                self.finder.title_at(view, k) is None
                and view.cap(k)
                and self.lang.is_(view.word(k), "rank_word")
            ):
                k += 1
        person = self._person_at(view, k)
        if person:
            key, end, surface = person
            if org is None and self.lang.is_(view.word(end), "affiliation"):
                # "Foreign Minister Grace Walker of New Zealand"
                after, org = self._org_after(view, end + 1)
                end = after if org else end
            if org is None:
                org = self.state.office_org(key, relation, english)
            if org is None and relation == "officialOf" and pattern != "at":
                org = self.state.home_state(key, self.lang.value("home_state", "setting"))
            m = Mention(start, end, "title", key, "Person", surface, role=(relation, org, english))
            self.state.add_role(key, relation, org, english)
            return m
        if org is None and pattern == "at":
            return None
        # A title after a name and a comma is that person's: "Chang Ho-jin, South Korea's
        # national security adviser"; "Retno Marsudi, Menteri Luar Negeri RI, ..."
        appositive = self._name_before_comma(view, start)
        if appositive and org:
            self.state.add_role(appositive, relation, org, english)
            return Mention(
                start,
                j,
                "role",
                appositive,
                "Person",
                "",
                role=(relation, org, english),
                confidence=0.85,
            )
        # A title with no name: the office holder ("Sekjen NATO", "Presiden Korsel itu").
        holder = self.state.holder_of(relation, org, english)
        if holder is None and org is None:
            holder = next(
                (
                    p
                    for p in reversed(self.state.persons)
                    for r in self.state.roles.get(p, [])
                    if r[2] == english
                ),
                None,
            )
        if holder is None:
            return None
        end = j
        while view.word(end) in ("itu", "ini", "tersebut"):
            end += 1
        if holder and org:
            self.state.add_role(holder, relation, org, english)
        self.state.entity(holder, "", "")
        return Mention(
            start, end, "role", holder, "Person", "", role=(relation, org, english), confidence=0.9
        )

    def _name_before_comma(self, view: SentenceView, start: int) -> str | None:
        """The person named right before ", " + a title (an apposition; "X, a spokesman for")."""
        comma = start - 1
        if self.lang.is_(view.word(comma), "filler"):
            comma -= 1
        if view.word(comma) != ",":
            return None
        first = comma
        while (
            first > 0
            and comma - first < 6
            and (
                view.cap(first - 1)
                or view.word(first - 1) == "-"
                or (view.word(first - 2) == "-" and view.attached(first - 1))  # "Ho-jin"
            )
        ):
            first -= 1
        for k in range(first, comma):
            person = self._person_at(view, k)
            if person and person[1] == comma:
                return person[0]
        return None

    def _org_before(self, view: SentenceView, i: int) -> tuple[int, str] | None:
        """The state or organization named just before a title: "Japanese Prime Minister",
        "NATO Secretary-General", "China's foreign minister", "Chinese Foreign Ministry
        spokesperson"."""
        end = i - 1 if self.lang.is_(view.word(i - 1), "possessive_marker") else i
        for n in range(min(end, 6), 0, -1):
            m = self._ministry_mention(view, end - n)
            if m and m.end == end and m.key:
                return m.start, m.key
            hit = self.finder.gazetteer_at(view, end - n)
            if (
                hit
                and hit[0] == n
                and self.onto.entities[hit[1].key].type
                in (
                    "Country",
                    "Organization",
                )
            ):
                return end - n, self.state.entity(hit[1].key, "", "", view.span(end - n, end))
        start = end
        while (
            start > 0 and end - start < 6 and view.cap(start - 1) and view.tokens[start - 1].is_word
        ):
            start -= 1
        if start < end and self.finder.is_org_name(view.folded[start:end]):
            # "National Maritime Council spokesperson Alexander Lopez"
            return start, self.new_org(view, start, end - start)
        return None

    def _person_at(self, view: SentenceView, k: int) -> tuple[str, int, str] | None:
        hit = self.finder.gazetteer_at(view, k)
        if hit and self.onto.entities[hit[1].key].type == "Person":
            end = k + hit[0]
            surface = view.span(k, end)
            return self.state.entity(hit[1].key, "", "", surface), end, surface
        if hit:
            return None
        # a name ends where a known name begins ("... Kim Sang-woo Jakarta" never happens, but
        # a headline's "Kunjungi Jakarta" does): stop at gazetteer names
        stops = {x for x in range(k + 1, len(view.tokens)) if self.finder.gazetteer_at(view, x)}
        run = self.finder.name_run(view, k, stops)
        if (
            not run
            or self.finder.is_derived_word(view.folded[k])
            or view.folded[k] in (self.lang.cues)
        ):
            return None  # a verb is not a name: "Menhan Korsel Kunjungi Jakarta"
        words = view.folded[k : k + run]
        if any(w in self.lang.titles or self.lang.is_(w, "time_word") for w in words):
            run = next(
                x
                for x, w in enumerate(words)
                if w in self.lang.titles or self.lang.is_(w, "time_word")
            )
            if not run:
                return None
        surface = view.span(k, k + run)
        fuzzy = self.finder.fuzzy_person(view, k, run)
        if fuzzy:
            return self.state.entity(fuzzy, "", "", surface, _MISSPELT), k + run, surface
        known = self.state.person_by_name(view.folded[k : k + run])
        if known:
            return self.state.entity(known, "", "", surface, _SAME_PERSON), k + run, surface
        return self.state.entity(key_for(surface), surface, "Person", surface), k + run, surface

    def _ministry_mention(self, view: SentenceView, i: int) -> Mention | None:
        """ "Kementerian Luar Negeri Tiongkok" -> Ministry of Foreign Affairs of China;
        "Pemerintah Tiongkok" -> China; "Negeri Kim Jong Un" -> the country he leads."""
        if self.lang.modifier_first:
            return self._organ_after_country(view, i)
        for words, cls, value in self.lang.phrases.get(view.word(i), []) + [
            ((view.word(i),), c, v)
            for c in ("ministry", "government", "head_country")
            if (v := self.lang.value(view.word(i), c)) is not None
        ]:
            j = i + len(words)
            if tuple(view.folded[i:j]) != words:
                continue
            if cls == "head_country":
                person = self._person_at(view, j) if view.cap(i) else None
                if person:
                    country = next(
                        (
                            o.org
                            for o in self.onto.offices
                            if o.holder == person[0]
                            and o.relation == "leads"
                            and self.onto.entities[o.org].type == "Country"
                        ),
                        None,
                    ) or next(
                        (
                            r[1]
                            for r in self.state.roles.get(person[0], [])
                            if r[0] == "leads" and r[1]
                        ),
                        None,
                    )
                    if country:
                        self.state.entity(country, "", "")
                        return Mention(
                            i, person[1], "name", country, "Country", "", confidence=0.85
                        )
                continue
            hit = self.finder.gazetteer_at(view, j)
            if not hit or self.onto.entities[hit[1].key].type != "Country":
                continue
            return self._organ(view, i, j + hit[0], hit[1].key, cls, value)
        return None

    def _organ_after_country(self, view: SentenceView, i: int) -> Mention | None:
        """English order: "Chinese Foreign Ministry", "China's government", "Israeli forces"."""
        for n, country in self.finder.countries_at(view, i):
            j = i + n
            if self.lang.is_(view.word(j), "possessive_marker"):
                j += 1
            for words, cls, value in self.lang.phrases.get(view.word(j), []) + [
                ((view.word(j),), c, v)
                for c in ("ministry", "government")
                if (v := self.lang.value(view.word(j), c)) is not None
            ]:
                end = j + len(words)
                if tuple(view.folded[j:end]) == words and cls in ("ministry", "government"):
                    return self._organ(view, i, end, country, cls, value)
        return None

    def _organ(
        self, view: SentenceView, start: int, end: int, country: str, cls: str, value: str
    ) -> Mention:
        """A state's organ named by a ministry word, or its government (= the state)."""
        surface = view.span(start, end)
        known = self.onto.aliases.get(tuple(view.folded[start:end]))
        if known and cls != "government":  # the gazetteer knows this organ by this very name
            key = self.state.entity(known[0].key, "", "", surface)
            return Mention(start, end, "name", key, self.state.entities[key].type, surface)
        if cls == "government":
            self.state.entity(
                country, "", "", surface, "government of a state (ontology/*/words.tsv)"
            )
            return Mention(start, end, "name", country, "Country", surface)
        key, label = ministry_key(value, self.onto.entities[country].label)
        self.state.entity(
            key, label, "Organization", surface, "ministry word + state (ontology/*/words.tsv)"
        )
        self.state.part_of[key] = country
        self.state.entity(country, "", "")
        return Mention(start, end, "name", key, "Organization", surface)

    def _gazetteer_mention(self, view: SentenceView, i: int, taken: set[int]) -> Mention | None:
        hit = self.finder.gazetteer_at(view, i)
        if not hit or any(k in taken for k in range(i, i + hit[0])):
            return None
        n, alias = hit
        surface = view.span(i, i + n)
        key = self.state.entity(alias.key, "", "", surface)
        return Mention(i, i + n, "name", key, self.state.entities[key].type, surface)

    def _name_mention(self, view: SentenceView, i: int, taken: set[int]) -> Mention | None:
        """A capitalised name the gazetteer does not know, typed by its words and context."""
        run0 = self.finder.name_run(view, i, taken) if view.cap(i) else 0
        known0 = self.state.person_by_name(view.folded[i : i + run0]) if run0 else None
        if known0:
            surface = view.span(i, i + run0)
            return Mention(
                i,
                i + run0,
                "name",
                self.state.entity(known0, "", "", surface, _SAME_PERSON),
                "Person",
                surface,
                confidence=0.9,
            )
        if self.title_case:
            return None
        if (
            self.finder.is_function_word(view.word(i))
            or (i == 0 or view.tokens[i - 1].text in '“"‘(')
            and self.finder.is_common_word(view.word(i))
        ):
            return None  # "Di Korea Selatan", "Selain ...": a capitalised first word
        if not view.cap(i) or not view.tokens[i].is_word:
            return None
        run = self.finder.name_run(view, i, taken)
        if not run:
            return None
        words = view.folded[i : i + run]
        surface = view.span(i, i + run)
        fuzzy = self.finder.fuzzy_person(view, i, run)
        if fuzzy:
            return Mention(
                i,
                i + run,
                "name",
                self.state.entity(fuzzy, "", "", surface, _MISSPELT),
                "Person",
                surface,
                confidence=0.85,
            )
        if self.finder.is_org_name(words) and run >= 2:
            key = self.new_org(view, i, run)
            return Mention(i, i + run, "name", key, "Organization", surface, confidence=0.8)
        known = self.state.person_by_name(words)
        if known:
            return Mention(
                i,
                i + run,
                "name",
                self.state.entity(known, "", "", surface, _SAME_PERSON),
                "Person",
                surface,
                confidence=0.9,
            )
        reporting = [
            w
            for w in [view.word(i - 1)] + [a.root for a in self.lang.analyze(view.word(i - 1))]
            if i > 0 and self.lang.is_(w, "reporting")
        ]
        if self.finder.looks_like_person(words) or (
            reporting and 2 <= run <= 3 and not self.finder.is_common_word(words[0])
        ):
            key = self.state.entity(key_for(surface), surface, "Person", surface)
            return Mention(i, i + run, "name", key, "Person", surface, confidence=0.7)
        # "kota Avdiivka", "desa di Sagaing", "the town of Kupiansk": a place named by its kind
        place_word = view.word(i - 1) if i > 0 else ""
        if i > 1 and self.lang.is_(view.word(i - 1), "locative"):
            place_word = view.word(i - 2)
        if self.lang.is_(place_word, "place_noun") or self.lang.is_(
            " ".join(view.folded[max(0, i - 2) : i]), "place_noun"
        ):
            key = self.state.entity(key_for(surface), surface, "Location", surface)
            return Mention(i, i + run, "name", key, "Location", surface, confidence=0.6)
        closes_quote = any(view.tokens[k].text in '”"' for k in range(max(0, i - 3), i - 1))
        if reporting and run == 1 and closes_quote and not self.finder.is_common_word(words[0]):
            # '"…," kata Hartono' / '"…," tulis Times': a lone name in the attribution slot
            # right after a quote is its source; words.tsv types it by the reporting verb
            # (writing verbs give a publication), a person otherwise.
            kind = self.lang.value(reporting[0], "reporting") or "Person"
            key = self.state.entity(key_for(surface), surface, kind, surface)
            return Mention(i, i + run, "name", key, kind, surface, confidence=0.6)
        return None

    def _word_mention(
        self, view: SentenceView, i: int, found: list[Mention] | None = None
    ) -> Mention | None:
        w = view.word(i)
        if self.lang.is_(w, "pronoun_person"):
            # "Marcos is to visit Tokyo, where he will meet ...": a person named earlier in the
            # sentence comes before the last sentence's
            here = [m for m in found or [] if m.start < i and m.key and m.type == "Person"]
            who = max(here, key=lambda m: m.start).key if here else self.state.last_person
            if who:
                return Mention(i, i + 1, "pronoun", who, "Person", confidence=0.85)
        if self.lang.is_(w, "pronoun_speaker") and view.tokens[i].in_quote:
            return Mention(i, i + 1, "speaker")
        if self.lang.is_(w, "pronoun_group") and self.state.last_group:
            size = self.lang.value(w, "pronoun_group") or ""  # "keduanya"/"both": 2
            return Mention(
                i,
                i + 1,
                "group",
                members=list(self.state.last_group),
                count=int(size) if size.isdigit() else 0,
                confidence=0.8,
            )
        num = self.lang.value(w, "numeral")
        if num and self.lang.is_(view.word(i + 1), "group_noun"):
            end = i + 2
            if view.word(end) in ("itu", "ini", "tersebut"):
                return Mention(
                    i,
                    end + 1,
                    "group",
                    members=list(self.state.last_group),
                    count=int(num),
                    confidence=0.8,
                )
            kind = self.lang.value(view.word(i + 1), "group_noun")
            named: list[str] = []
            for prior in found or []:
                owner = prior.key if prior.kind == "name" else prior.role[1] if prior.role else None
                if prior.start < i and owner and owner not in named:
                    if self.state.entities[owner].type == kind:
                        named.append(owner)
            if w in self.both_words and len(named) == 2:
                # "kedua negara" / "both countries": the two just named in this sentence
                return Mention(i, end, "group", members=named, count=2, confidence=0.7)
            last = self.state.last_group
            if (
                not named
                and len(last) == int(num)
                and all(self.state.entities[k].type == kind for k in last)
            ):
                # "Kedua pemimpin menandatangani ...": the pair of the sentence before
                return Mention(i, end, "group", members=list(last), count=int(num), confidence=0.7)
            return Mention(i, end, "group", count=int(num), confidence=0.75)
        if w in ("negara", "negeri") and view.word(i + 1) in ("itu", "tersebut"):
            country = next(
                (
                    k
                    for k in reversed(self.state.last_entities)
                    if self.state.entities[k].type == "Country"
                ),
                None,
            )
            if country:
                return Mention(i, i + 2, "name", country, "Country", confidence=0.7)
        # "negaranya" (one word) or "his country" (two)
        span = next(
            (n for n in (1, 2) if self.lang.is_(" ".join(view.folded[i : i + n]), "own_country")),
            0,
        )
        if span:
            # the state of the person just named ("Kanselir Jerman ... negaranya"), in this
            # sentence (whose title may not be recorded yet) or the one before
            here = [m for m in found or [] if m.start < i and m.key and m.type == "Person"]
            near = max(here, key=lambda m: m.start) if here else None
            owner = near.key if near else self.state.last_person
            orgs = [org for _, org, _ in self.state.roles.get(owner or "", [])]
            if near and near.role:
                orgs.append(near.role[1])
            states = {self.state.country_of(org) for org in orgs if org}
            if len(states) == 1 and (state := states.pop()):
                return Mention(i, i + span, "pronoun", state, "Country", confidence=0.8)
        # "katanya", "ujarnya" after a quote: the speaker, usable as a subject
        for a in self.lang.analyze(w):
            if a.clitic == "nya" and self.lang.is_(a.root, "reporting"):
                who = self.state.last_speaker or self.state.last_person
                if who:
                    return Mention(i, i + 1, "reporter", who, "Person", confidence=0.85)
        return None

    # ------------------------------------------------------------------ triggers
    # ------------------------------------------------------------------ sentence
    def read_sentence(self, sent: Sentence) -> None:
        view = view_of(sent.text)
        # In a Title Case headline capitals say nothing about names: guess none there.
        self.title_case = is_title_case(view)
        mentions = self.find_mentions(view, sent)
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
