"""Facts: emitting what a cue read (add_fact keeps kg.ttl's ranges), the roles titles give,
an official or a ministry speaking for its state, the visit a meeting abroad implies, and facts
whose object is a group that a later sentence names ("dua negara Asia ... Kedua negara itu
adalah Korsel dan Jepang")."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.arguments import with_coordinated
from kg.extract.context import Context
from kg.extract.cues import Trigger
from kg.extract.mentions import Mention
from kg.extract.sentence import SentenceView
from kg.lexicon import Cue
from kg.model import Fact, Sentence


def role_facts(cx: Context, m: Mention, sent: Sentence, role: tuple[str, str | None, str]) -> None:
    assert m.key
    relation, org, title = role
    if org is None:
        return
    add_fact(cx, Fact(m.key, relation, org, sent.index, 0.9, f"{cx.lang.code}.title"))
    country = cx.state.country_of(org)
    if country and country != org and title not in cx.observers and not _party(cx, org):
        # an official of a ministry is an official of its state
        add_fact(cx, Fact(m.key, "officialOf", country, sent.index, 0.8, f"{cx.lang.code}.title"))


def emit(
    cx: Context,
    s: Mention,
    cue: Cue,
    o: Mention,
    sent: Sentence,
    trig: Trigger,
    extractor: str,
    planned: bool,
    speaker: str | None,
    quote: str | None,
) -> None:
    conf = round(cue.confidence * min(s.confidence, o.confidence), 3)

    def fact(subject: str, obj: str) -> Fact:
        return Fact(
            subject, cue.predicate, obj, sent.index, conf, extractor, speaker, quote, planned
        )

    subjects = s.members if s.kind == "group" else [s.key] if s.key else []
    if o.kind == "group" and not o.members and o.count:
        for sk in subjects:
            cx.pending.append((fact(cx.state.actor(sk), ""), o.count, sent.index))
        return
    objects = o.members if o.kind == "group" else [o.key] if o.key else []
    if cue.predicate != "visited":  # a capital as addressee is its government, not a place
        objects = [cx.state.actor(k) for k in objects]
    for sk in subjects:
        actor = cx.state.actor(sk)
        own = set(speaks_for(cx, actor))
        for ok in objects:
            if ok == actor or ok == sk or ok in own:
                continue  # one does not urge or thank one's own state
            add_fact(cx, fact(actor, ok))
            if cue.speaks_for:
                # a spokesperson's or leader's act is also their state's, a little less sure
                for state in speaks_for(cx, actor):
                    if state != ok:
                        add_fact(
                            cx,
                            replace(
                                fact(state, ok),
                                confidence=round(conf * 0.8, 3),
                                extractor=f"{cx.lang.code}.speaks-for",
                                speaker=speaker or actor,
                            ),
                        )


def speaks_for(cx: Context, actor: str) -> list[str]:
    out: list[str] = []
    for _, org, title in cx.state.roles.get(actor, []):
        if not org or title in cx.observers:
            continue  # a professor or analyst speaks for themself, not their university
        top = cx.state.country_of(org) or org
        if top not in out:
            out.append(top)
    if not out and _is_organ(cx, actor):
        # "Kemlu mendesak DK PBB": a ministry (words.tsv `ministry`) speaks for its state
        state = cx.state.country_of(actor)
        if state:
            out.append(state)
    return out


def _is_organ(cx: Context, key: str) -> bool:
    ref = cx.state.entities.get(key) or cx.onto.entities.get(key)
    return ref is not None and any(ref.label.startswith(head) for head in cx.organ_heads)


def add_fact(cx: Context, fact: Fact) -> None:
    pred = cx.onto.predicates.get(fact.predicate)
    if pred is None or fact.subject == fact.object or not fact.object:
        return
    # kg.ttl's ranges: places do not act, and one urges or thanks an agent, not a place
    if cx.state.is_place(fact.subject) or (pred.agent_object and cx.state.is_place(fact.object)):
        return
    if fact.predicate == "memberOf" and _etype(cx, fact.object) not in ("Organization", ""):
        return  # one is a member of an organization, not of a state or a person
    cx.facts.append(fact)


def resolve_pending(
    cx: Context, view: SentenceView, mentions: list[Mention], sent: Sentence
) -> None:
    """ "NATO meminta dua negara Asia ... Kedua negara itu adalah Korsel dan Jepang." """
    if not cx.pending:
        return
    idx = next(
        (
            k
            for k in range(len(view.tokens))
            if cx.lang.is_(view.word(k), "copula") or cx.lang.is_(view.word(k), "identity")
        ),
        None,
    )
    keep: list[tuple[Fact, int, int]] = []
    for fact, count, at in cx.pending:
        group: list[str] = []
        if idx is not None:
            first = next((m for m in mentions if m.start > idx and m.key), None)
            if first and (first.start == idx + 1):
                group = [m.key for m in with_coordinated(cx, first, view, mentions) if m.key]
        if group and len(group) == count:
            for key in group:
                add_fact(cx, replace(fact, object=key, confidence=round(fact.confidence * 0.9, 3)))
        elif sent.index - at < 2:
            keep.append((fact, count, at))
    cx.pending = keep


def visits_at(
    cx: Context,
    people: list[Mention],
    place: Mention,
    sent: Sentence,
    confidence: float,
    planned: bool,
) -> None:
    """A meeting held abroad is a visit there: "Prabowo met Xi in Beijing" (Prabowo is
    Indonesia's president) gives Prabowo visited Beijing; a host at home visits nothing."""
    assert place.key
    where = cx.state.actor(place.key)
    where = cx.state.country_of(where) or where
    keys = [k for m in people for k in (m.members if m.kind == "group" else [m.key]) if k]
    for key in dict.fromkeys(keys):
        if cx.state.entities[key].type != "Person":
            continue
        home = _home_state(cx, key)
        if home and home != where:
            add_fact(
                cx,
                Fact(
                    key,
                    "visited",
                    place.key,
                    sent.index,
                    round(confidence * 0.8, 3),
                    f"{cx.lang.code}.meeting-place",
                    planned=planned,
                ),
            )


def _home_state(cx: Context, person: str) -> str | None:
    """The one state a person serves, from the article's titles or the gazetteer's offices."""
    orgs = [org for _, org, _ in cx.state.roles.get(person, []) if org]
    orgs += [o.org for o in cx.onto.offices if o.holder == person]
    states = {cx.state.country_of(org) for org in orgs}
    states.discard(None)
    return states.pop() if len(states) == 1 else None


def _etype(cx: Context, key: str) -> str:
    ref = cx.state.entities.get(key) or cx.onto.entities.get(key)
    return ref.type if ref else ""


def memberships(cx: Context, view: SentenceView, mentions: list[Mention], sent: Sentence) -> None:
    """ "NATO members Finland and Sweden", "the four Quad nations" (after a list of four
    states): an organization's name before a member noun (words.tsv member_noun) with the
    states it names, or counts back to the last list of that many states."""
    by_start = {m.start: m for m in mentions if m.key}
    for m in mentions:
        if not m.key or m.kind != "name" or _etype(cx, m.key) != "Organization":
            continue
        if cx.state.country_of(m.key):
            continue  # a state's own organ has no member states
        if not cx.lang.is_(view.word(m.end), "member_noun"):
            continue
        members: list[str] = []
        if m.end + 1 in by_start:
            listed = with_coordinated(cx, by_start[m.end + 1], view, mentions)
            members = [x.key for x in listed if x.key and _etype(cx, x.key) == "Country"]
            if len(members) != len(listed):
                members = []
        count = cx.lang.value(view.word(m.start - 1), "numeral")
        if not members and count and cx.lang.is_(view.word(m.start - 2), "filler"):
            members = next(
                (
                    g
                    for g in reversed(cx.state.groups)
                    if len(g) == int(count) and all(_etype(cx, k) == "Country" for k in g)
                ),
                [],
            )
        for key in members:
            add_fact(cx, Fact(key, "memberOf", m.key, sent.index, 0.75, f"{cx.lang.code}.members"))


def _party(cx: Context, key: str) -> bool:
    """A political party (words.tsv party_word in its name) belongs to a state but is none of
    its organs: its chair is no official of the state."""
    ref = cx.state.entities.get(key) or cx.onto.entities.get(key)
    words = ref.label.casefold().split() if ref else []
    return any(lang.is_(w, "party_word") for lang in cx.onto.languages.values() for w in words)
