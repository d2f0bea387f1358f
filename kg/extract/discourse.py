"""Discourse: what the reader of an article remembers from sentence to sentence.

`ArticleState` holds the article's entities and the names it called them by, its persons and
their offices, and the last person, speaker, group and entities named; its lookups resolve a
surname, an office without a name or a minister without a state against that memory, then
against the gazetteer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from kg.extract.mentions import Mention, country_of
from kg.lexicon import Office, Ontology, fold, tokens_of
from kg.model import EntityRef, Fact

# Why a name was taken for an entity named before (kept in the graph for review).
SAME_PERSON = "part of a person's name used earlier in the article"
MISSPELT = "one letter from a gazetteer name (misspelling)"
# How many recent entity mentions the article's memory keeps for lookbacks ("negara itu").
_RECENT_ENTITIES = 256


@dataclass
class ArticleState:
    """What the reader of an article remembers from sentence to sentence."""

    onto: Ontology
    date: str  # the article's ISO date, "" when unknown: offices are valid on it
    text: str  # the article's body, for the names an office holder may be known by
    language: str = "id"  # of the sentence being read: the language tag of the names it reads
    entities: dict[str, EntityRef] = field(default_factory=dict)
    surfaces: set[tuple[str, str, str, str]] = field(default_factory=set)
    persons: list[str] = field(default_factory=list)  # in order of first mention
    roles: dict[str, list[tuple[str, str | None, str]]] = field(default_factory=dict)
    part_of: dict[str, str] = field(default_factory=dict)  # organs read from text -> state
    last_person: str | None = None
    last_speaker: str | None = None
    last_group: list[str] = field(default_factory=list)
    read: int = 0  # sentences read so far
    last_group_at: int = -10  # the sentence (count of `read`) that named last_group
    groups: list[list[str]] = field(default_factory=list)  # the recent lists of names
    partners: dict[str, str] = field(default_factory=dict)  # the other side of one's last meeting
    last_objects: dict[str, str] = field(default_factory=dict)  # predicate -> its last object
    acronyms: dict[str, str] = field(default_factory=dict)  # "LPBN" -> the organization it shortens
    last_entities: list[str] = field(default_factory=list)
    # every surface form of each entity, and which persons a folded name word may point to:
    # indexes, so a long article's lookups stay linear in its length
    forms: dict[str, set[str]] = field(default_factory=dict)
    person_words: dict[str, set[str]] = field(default_factory=dict)

    # ------------------------------------------------------------------ entities
    def entity(
        self, key: str, label: str, etype: str, surface: str | None = None, rule: str = ""
    ) -> str:
        """Register an entity of this article and, with `surface`, a name it was called by and
        the rule that tied that name to it (kept in the graph for review)."""
        gaz = self.onto.entities.get(key)
        if key not in self.entities:
            if gaz:
                ref = EntityRef(gaz.key, gaz.label, gaz.type, gaz.wikidata)
            else:
                ref = EntityRef(key, label, etype, None)
            self.entities[key] = ref
        if surface:
            surface = " ".join(surface.split())
            lang = "en" if fold(surface) == fold(self.entities[key].label) else self.language
            self.surfaces.add((key, surface, lang, rule or self._merge_rule(key, surface)))
            self.forms.setdefault(key, set()).add(surface)
        if self.entities[key].type == "Person":
            if key not in self.persons:
                self.persons.append(key)
                self._index_person(key, self.entities[key].label)
            if surface:
                self._index_person(key, surface)
        return key

    def _index_person(self, key: str, name: str) -> None:
        for word in fold(name).replace("-", " ").split():
            self.person_words.setdefault(word, set()).add(key)

    def _merge_rule(self, key: str, surface: str) -> str:
        aliases = self.onto.aliases.get(tokens_of(surface), [])
        kind = next((a.kind for a in aliases if a.key == key), None)
        if kind:
            return f"gazetteer {kind} (ontology/gazetteer)"
        if fold(surface) == fold(self.entities[key].label):
            return "name as written"
        return "named so in the text"

    @functools.cached_property
    def folded_text(self) -> str:
        return fold(self.text)

    def actor(self, key: str) -> str:
        """A capital named as actor stands for its state ("Beijing menolak")."""
        gaz = self.onto.entities.get(key)
        if gaz and gaz.acts_as:
            self.entity(gaz.acts_as, "", "")
            return gaz.acts_as
        return key

    def country_of(self, key: str) -> str | None:
        """The state an organ belongs to: from this article ("Kementerian Luar Negeri Tiongkok")
        or from the gazetteer's part_of."""
        return self.part_of.get(key) or country_of(self.onto, key)

    def is_place(self, key: str) -> bool:
        ref = self.entities.get(key) or self.onto.entities.get(key)
        return ref is not None and ref.type in ("Location", "Event")

    # ------------------------------------------------------------------ persons and offices
    def person_by_name(self, words: list[str]) -> str | None:
        """An earlier person of this article whose name contains these words ("Yoon", "Mao")."""
        target = [w for w in words if w.isalpha()]
        if not target:
            return None
        index = self.person_words
        candidates = set.intersection(*(index.get(w, set()) for w in target))
        for key in reversed(self.persons):
            if key not in candidates:
                continue
            name = [fold(w) for w in self.entities[key].label.replace("-", " ").split()]
            alt = [fold(s) for s in self.forms.get(key, ())]
            pools = [name] + [s.replace("-", " ").split() for s in alt]
            if any(all(w in pool for w in target) for pool in pools):
                return key
        # "Khawaja Muhammad Asif" after "Khawaja Asif": the same name written in full (its
        # first and last words, and every word of the earlier one)
        if len(target) >= 3:
            for key in reversed(self.persons):
                name = [fold(w) for w in self.entities[key].label.replace("-", " ").split()]
                if (
                    len(name) >= 2
                    and (name[0], name[-1]) == (target[0], target[-1])
                    and set(name) <= set(target)
                ):
                    return key
        return None

    def add_role(self, person: str, relation: str, org: str | None, title: str) -> None:
        roles = self.roles.setdefault(person, [])
        if (relation, org, title) not in roles:
            roles.append((relation, org, title))

    def holder_of(self, relation: str, org: str | None, title: str) -> str | None:
        """Who holds an office named without a name: first this article, then the gazetteer
        offices valid on the article's date (preferring a holder the article names)."""
        for person, roles in self.roles.items():
            for rel, org2, title2 in roles:
                if rel == relation and org2 == org and (title2 == title or not title):
                    return person
        date = self.date
        cands = [
            o.holder
            for o in self._offices(relation, org, title)
            if not date or ((not o.start or o.start <= date) and (not o.end or date <= o.end))
        ]
        if not cands:
            return None
        named = [c for c in cands if self._named(c)]
        pick = named or cands
        return pick[0] if len(set(pick)) == 1 else None

    def former_holder(self, relation: str, org: str | None, title: str) -> str | None:
        """Who held an office named with "mantan"/"former" and no name ("mantan Perdana Menteri
        Belanda itu"): the one holder, among the gazetteer's whose term had ended by the
        article's date, that the article names."""
        date = self.date
        named = {
            o.holder
            for o in self._offices(relation, org, title)
            if o.end and (not date or o.end <= date) and self._named(o.holder)
        }
        return named.pop() if len(named) == 1 else None

    def _offices(self, relation: str, org: str | None, title: str) -> list[Office]:
        """The gazetteer's terms of the office `title` names in `org` (any term of it)."""
        terms = self.onto.offices_of.get((org, relation), ()) if org is not None else ()
        return [o for o in terms if not o.title or not title or fold(o.title) == fold(title)]

    def _named(self, person: str) -> bool:
        """Whether the article's text names the person (by the last word of the name)."""
        return fold(self.onto.entities[person].label.split()[-1]) in self.folded_text

    def office_org(self, person: str, relation: str, title: str) -> str | None:
        """ "Presiden Joko Widodo": of what, when the gazetteer knows his office on this date."""
        date = self.date
        held = [
            o
            for o in self.onto.offices
            if o.holder == person
            and o.relation == relation
            and (not date or ((not o.start or o.start <= date) and (not o.end or date <= o.end)))
        ]
        # the office the title names ("President", not the party's "Secretary-General"); a
        # head's other title ("Presiden" for a Prime Minister's office) only when none does
        orgs = {o.org for o in held if not o.title or fold(o.title) == fold(title)}
        if not orgs and relation == "leads":
            orgs = {o.org for o in held}
        if len(orgs) == 1:
            org = orgs.pop()
            self.entity(org, "", "")
            return org
        return None

    def home_state(self, person: str, home: str | None) -> str | None:
        """The state of a minister written without one ("Menlu Sugiono"): in a language's
        domestic press (words.tsv `home_state` setting, `home`) its own, for a person neither
        the gazetteer nor the article gives another state."""
        if not home or person in self.onto.entities:
            return None
        if any(org for _, org, _ in self.roles.get(person, [])):
            return None
        self.entity(home, "", "")
        return home

    # ------------------------------------------------------------------ after each sentence
    def remember(
        self, mentions: list[Mention], speaker: str | None, facts: list[Fact], group: list[str]
    ) -> None:
        """What a sentence leaves for the next: its persons, speaker and entities, the facts
        read from it and the first list of two or more names in it (`group`)."""
        persons = [
            m.key
            for m in mentions
            if m.key
            and self.entities.get(m.key)
            and self.entities[m.key].type == "Person"
            and m.kind != "speaker"
        ]
        if persons:
            self.last_person = next((f.subject for f in facts if f.subject in persons), persons[0])
        if speaker:
            self.last_speaker = speaker
        keys = [m.key for m in mentions if m.key and m.kind in ("name", "title")]
        keys += [m.role[1] for m in mentions if m.role and m.role[1]]  # "PM Australia X"
        self.last_entities.extend(keys)
        # a reader remembers the recent past: lookbacks scan this list, so it stays bounded
        if len(self.last_entities) > 2 * _RECENT_ENTITIES:
            del self.last_entities[:-_RECENT_ENTITIES]
        self.read += 1
        for f in facts:
            self.last_objects[f.predicate] = f.object
            if self.onto.predicates[f.predicate].symmetric and f.subject != f.object:
                self.partners[f.subject] = f.object
                self.partners[f.object] = f.subject
        if group:
            self.last_group = group
            self.last_group_at = self.read
            self.groups = self.groups[-7:] + [group]
            return
        # Two sides of a symmetric act ("X bertemu Y", "X met Y") are the pair that a later
        # "keduanya" / "kedua pemimpin" / "the two leaders" names.
        for f in facts:
            if self.onto.predicates[f.predicate].symmetric and f.subject != f.object:
                self.last_group = [f.subject, f.object]
                self.last_group_at = self.read
                break

    def recent_group(self) -> list[str]:
        """The last group, if named in this sentence or one of the two before: a bare "mereka"
        / "they" reaches no further back."""
        return self.last_group if self.read - self.last_group_at < 3 else []
