"""Noun cues: the actor of "invasi Rusia", "Russia's invasion", "bantuan dari Jepang" or of a
light verb's clause, and the receiver of "Ukraina menerima bantuan"."""

from __future__ import annotations

from kg.extract.arguments import source_after, subject_of, with_coordinated
from kg.extract.context import Context
from kg.extract.cues import Trigger, cues_for
from kg.extract.mentions import Mention
from kg.extract.sentence import SentenceView, clause_start, is_adverb, is_preposition, is_verb
from kg.lexicon import Language


def noun_subject(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> tuple[list[Mention], int]:
    """Actor of a nominal cue: "invasi Rusia", "kerja sama militer Rusia", "bantuannya",
    or the subject of its light verb or clause. Returns the actor and where objects start."""
    by_start = {m.start: m for m in mentions if m.key}
    if trig.cue.pos == "member":
        k = trig.index - 1
        if cx.lang.is_(view.word(k), "as_role") and k - 1 in cx.names.ends:
            # "mengukuhkan Belarus sebagai anggota kesepuluh blok itu"
            member = next(m for m in mentions if m.end == k)
            if member.key:
                return with_coordinated(cx, member, view, mentions), trig.end
        return subject_of(cx, trig.index, view, mentions), trig.end
    if cx.lang.modifier_first:
        owner = possessor(cx, trig.index, view, mentions)
        if owner and owner.kind == "pronoun":
            light = owner.start - 1
            if cx.lang.is_(view.word(light), "light_verb"):
                # "X thanked Y and expressed his appreciation": the light verb's subject
                actor = subject_of(cx, light, view, mentions)
                if actor:
                    return actor, trig.end
        if owner:
            return [owner], trig.end
        first = _hyphen_first(view, trig.index, mentions)
        if first:
            return [first], trig.end  # "the Russia-Ukraine war"
    if cx.lang.is_(view.word(trig.index - 1), "subordinator"):
        # "arrived after meeting with Xi": a gerund right after a subordinator
        return subject_of(cx, trig.index, view, mentions), trig.end
    trip = _trip_before(cx, trig, view)
    if trip is not None:
        # "Modi arrived in Washington for talks with Biden": the traveller's talks
        return subject_of(cx, trip, view, mentions), trig.end
    k = trig.end
    steps = 0 if not cx.lang.modifier_first else 3  # English has no "invasi Rusia" order
    while k < len(view.tokens) and steps <= 2:
        if k in by_start and view.word(k - 1) not in trig.cue.preps | {"di", "ke", "dari"}:
            return [by_start[k]], by_start[k].end
        w = view.word(k)
        if view.tokens[k].text in '"“”':
            k += 1  # '"serangan dan blokade" X'
            continue
        if (
            cx.lang.is_(w, "coord")
            and k + 1 < len(view.tokens)
            and view.tokens[k + 1].is_word
            and not view.cap(k + 1)
        ):
            k += 2  # "serangan dan blokade X": two nouns share their owner
            steps += 1
            continue
        if (
            not view.tokens[k].is_word
            or view.cap(k)
            or w in trig.cue.preps
            or w in ("yang", "dan", "di", "ke", "dari")
            or is_preposition(cx.lang, w)  # "patroli bersama di Laut Tengah"
        ):
            break
        k += 1
        steps += 1
    # "bantuan pangan yang disalurkan X", "serangan yang dilancarkan X terhadap Y":
    # the agent of a passive light verb in a relative clause on the noun
    agent = _relative_agent(cx, trig, view, mentions)
    if agent:
        return agent, agent[-1].end
    # "bantuan (senilai ...) dari Jepang", "criticism from China": the source is the actor
    actors = source_after(cx, trig.end, 6, trig.cue.preps, view, mentions)
    if actors:
        return actors, actors[-1].end
    framed = adjunct_actor(cx, trig, view, mentions)
    if framed is not None:
        return framed, trig.end
    if trig.clitic == "nya":
        verb = trig.index - 1
        while verb >= 0 and is_adverb(cx.lang, view.word(verb)):
            verb -= 1
        if verb >= 0 and is_verb(cx.lang, view, verb) and verb not in cx.verb_cues:
            # "X meneruskan perjalanannya ke Y", "para menteri menyatakan dukungannya": the
            # owner of the verb's object is its subject (none when the subject is no entity)
            return subject_of(cx, verb, view, mentions), trig.end
        prev = [m for m in mentions if m.end <= trig.index and m.key]
        if prev:
            return [prev[-1]], trig.end
        if cx.state.last_entities:
            return [
                Mention(
                    trig.index,
                    trig.index,
                    "pronoun",
                    cx.state.last_entities[-1],
                    confidence=0.7,
                )
            ], trig.end
    light = trig.index - 1
    while light >= 0 and (
        is_adverb(cx.lang, view.word(light))
        or (
            # "announced $125 million in new military aid": modifiers between verb and noun
            not view.cap(light)
            and light > trig.index - 10
            and view.word(light) not in (",", ";", '"', "“", "”")
            and not cx.lang.is_(view.word(light), "clause_break")
            and not is_verb(cx.lang, view, light)
            and not cx.lang.is_(view.word(light), "light_verb")  # known, if not inflected
            # "bantuan dan dukungan" shares its verb; "signed a deal and discussed the war"
            # does not: past a coordinator only when it joins the cue noun itself
            and not (cx.lang.is_(view.word(light), "coord") and light + 1 != trig.index)
            and light not in cx.names.ends
        )
    ):
        light -= 1
    has_light = light >= 0 and cx.lang.is_(view.word(light), "light_verb")
    if has_light or trig.cue.clause_subject:
        at = light if has_light else trig.index
        start = clause_start(cx.lang, view, cx.names, at)
        if not has_light and any(
            start <= k < at
            # "agreed to drop a dispute": an act's infinitive is a clause of its own
            and not any(cx.lang.is_(view.word(x), "purpose") for x in range(k + 1, at))
            for k in cx.verb_cues
        ):
            # "BRICS criticized Western sanctions": the noun is another act's object, and
            # the clause subject is that act's actor, not the noun's
            return [], trig.end
        between = [m for m in mentions if start <= m.start < at and m.key]
        # one subject, maybe coordinated ("Vietnam dan China sepakat meningkatkan kerja
        # sama"), not a clause with several actors
        one = not between or set(map(id, between)) <= set(
            map(id, with_coordinated(cx, between[0], view, mentions))
        )
        if has_light or one:
            return subject_of(cx, at, view, mentions), trig.end
    return [], trig.end


def receiver(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    """ "Ukraina menerima bantuan ... dari Jepang": the subject of a receiving verb just
    before the noun cue (words.tsv receive_verb) is the cue's object."""
    if cx.lang.modifier_first and cx.lang.is_(view.word(trig.index - 1), "possessive_marker"):
        owner = next((m for m in mentions if m.end == trig.index - 1), None)
        if owner and cx.lang.is_(view.word(owner.start - 1), "behest"):
            # "flew to Paris at Macron's invitation": the invited is the clause's subject
            return subject_of(cx, owner.start - 1, view, mentions)
    for k in range(trig.index - 1, max(-1, trig.index - 7), -1):
        if cx.lang.is_(view.word(k), "receive_verb"):
            return [] if k in cx.cue_words else subject_of(cx, k, view, mentions)
        # amounts may stand between: "received 50 million euros in aid"
        if view.cap(k) or view.word(k) in (",", ";", ".") or is_verb(cx.lang, view, k):
            break
    return []


def possessor(cx: Context, t: int, view: SentenceView, mentions: list[Mention]) -> Mention | None:
    """ "Russia's (full-scale) invasion", "his visit": the owner of a nominal cue."""
    modifier = next((m for m in mentions if m.end == t and m.key and m.kind == "name"), None)
    if modifier and cx.lang.modifier_first and not _is_demonym(cx, modifier, view):
        t = modifier.start  # "its Ukraine invasion": the owner stands before the name
    k = t - 1
    while (
        k >= 0
        and k > t - 6
        and (
            view.tokens[k].is_word
            # "Modi's two-day visit": a hyphenated modifier
            or view.word(k) == "-"
            and view.attached(k)
            and view.attached(k + 1)
        )
        and not view.cap(k)
        and not cx.lang.is_(view.word(k), "possessive")
        # "X's repeated provocations and unlawful war": modifiers and a joined noun, but
        # no article, preposition or verb ("Japan's support for the invasion")
        and not cx.lang.is_(view.word(k), "filler")
        and not is_preposition(cx.lang, view.word(k))
        and not is_verb(cx.lang, view, k)
        and not any(
            cx.lang.is_(view.word(k), c)
            for c in ("light_verb", "hope", "planned", "passive_aux", "reporting_verb")
        )
        and (k > t - 3 or k not in cx.verb_cues)
    ):
        k -= 1  # adjectives between owner and noun
    if cx.lang.is_(view.word(k), "possessive_marker"):
        return next((m for m in mentions if m.end == k and m.key), None)
    # "the Russian invasion", "Israeli strikes on Gaza": a demonym before the noun is its
    # owner (a bare name is not: "Ukraine aid" is aid for Ukraine)
    owner = next((m for m in mentions if m.start <= k < m.end <= t and m.key), None)
    if owner and _is_demonym(cx, owner, view):
        return owner
    if cx.lang.is_(view.word(k), "possessive"):
        person = cx.lang.value(view.word(k), "possessive") == "3sg" and view.word(k) != "its"
        group = next(
            (m for m in reversed(mentions) if m.end <= k and m.kind == "group" and m.members),
            None,
        )
        if cx.lang.value(view.word(k), "possessive") == "3pl":
            if group:
                return group  # "Both parties emphasized their support for ..."
            pair = _listed_before(cx, view, k, mentions)
            if pair:  # "the Somali president and the Ethiopian prime minister ... their"
                return Mention(k, k + 1, "group", members=pair, count=len(pair), confidence=0.7)
        before = [
            m
            for m in mentions
            if m.end <= k
            and m.key
            and (not cx.state.is_place(m.key) or cx.state.actor(m.key) != m.key)  # a capital
            and (m.type == "Person") == person
        ]
        key = (
            before[-1].key
            if before
            else (
                cx.state.last_person
                if person
                else (cx.state.last_entities[-1] if cx.state.last_entities else None)
            )
        )
        return Mention(k, k + 1, "pronoun", key, confidence=0.8) if key else None
    return None


def _is_demonym(cx: Context, m: Mention, view: SentenceView) -> bool:
    """Whether the mention is, or begins with, a demonym of its entity: "Chinese (navy)"."""
    return any(
        a.kind == "demonym" and a.key == m.key
        for n in range(1, m.end - m.start + 1)
        for a in cx.onto.aliases.get(tuple(view.folded[m.start : m.start + n]), [])
    )


def member_list(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """ "anggota baru SCO, yaitu India dan Iran", "(SCO) menerima tiga anggota
    baru, yakni ...": the listed members, and the organization after the member noun or else
    the clause subject when it is an organization. ([], []) when no list follows."""
    by_start = {m.start: m for m in mentions if m.key}
    org: Mention | None = None
    k = trig.end
    while k < min(len(view.tokens), trig.end + 4):
        if k in by_start:
            org = by_start[k]
            k = org.end
            break
        if view.cap(k) or not view.tokens[k].is_word or cx.lang.is_(view.word(k), "identity"):
            break
        k += 1  # "anggota baru"
    while k < min(len(view.tokens), trig.end + 8):
        w = view.word(k)
        if cx.lang.is_(w, "identity") or cx.lang.is_(w, "such_as"):
            j = k + 1
            while cx.lang.is_(view.word(j), "filler"):
                j += 1
            if j not in by_start:
                return [], []
            members = with_coordinated(cx, by_start[j], view, mentions)
            if org is None:
                subject = subject_of(cx, trig.index, view, mentions)
                org = subject[0] if len(subject) == 1 else None
            if org is None or not org.key or cx.state.entities[org.key].type != "Organization":
                return [], []
            return members, [org]
        if w != "," and (view.cap(k) or not view.tokens[k].is_word or w in cx.lang.cues):
            break
        k += 1
    return [], []


def _hyphen_first(view: SentenceView, t: int, mentions: list[Mention]) -> Mention | None:
    """ "the Russia-Ukraine war": the first of two names joined by a hyphen before a noun."""
    second = next((m for m in mentions if m.end == t and m.key), None)
    if second is None or view.word(second.start - 1) != "-" or not view.attached(second.start):
        return None
    return next((m for m in mentions if m.end == second.start - 1 and m.key), None)


def modifier_object(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention], subj: list[Mention]
) -> list[Mention]:
    """ "its Ukraine invasion", "the Russia-Ukraine war": in English a bare name right before
    a noun cue whose owner is named is what the act is done to ("Ukraine aid" is aid for
    Ukraine)."""
    if not cx.lang.modifier_first or not subj:
        return []
    m = next((x for x in mentions if x.end == trig.index and x.key and x.kind == "name"), None)
    if m is None or any(s.key == m.key for s in subj) or _is_demonym(cx, m, view):
        return []
    return [m]


def _listed_before(cx: Context, view: SentenceView, k: int, mentions: list[Mention]) -> list[str]:
    """The keys of the last names joined by "and" before token k, also when a title without
    a name follows each ("the Somali president and Ethiopian prime minister")."""
    before = sorted((m for m in mentions if m.end <= k and m.key), key=lambda m: -m.start)
    for m in before:
        listed = with_coordinated(cx, m, view, mentions)
        if len(listed) >= 2 and listed[-1].end <= k:
            return [x.key for x in listed if x.key]
    for second, first in zip(before, before[1:], strict=False):
        j = first.end
        title = cx.finder.title_at(view, j)
        j += title[0] if title else 0
        if title and cx.lang.is_(view.word(j), "coord") and j + 1 <= second.start <= j + 2:
            if first.key and second.key and cx.finder.title_at(view, second.end):
                return [first.key, second.key]
    return []


def _trip_before(cx: Context, trig: Trigger, view: SentenceView) -> int | None:
    """Where the journey stands whose purpose a noun cue is ("arrived in Washington for
    talks with Biden", "flew to Tokyo for a summit"): a visit cue before "for" in the
    clause."""
    k = trig.index - 1
    while k > 0 and (cx.lang.is_(view.word(k), "filler") or not view.cap(k) and k > trig.index - 3):
        if cx.lang.is_(view.word(k), "affiliation") and view.word(k) != "of":
            break
        k -= 1
    if view.word(k) != "for":
        return None
    start = clause_start(cx.lang, view, cx.names, k)
    return next(
        (
            v
            for v in range(k - 1, start - 1, -1)
            if v in cx.verb_cues
            and any(c.predicate == "visited" for c, _, _ in cues_for(cx, view.word(v), view, v))
        ),
        None,
    )


def adjunct_actor(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention] | None:
    """A noun cue in an adjunct (words.tsv adjunct_frame) is the act of the clause's subject:
    "Dalam lawatan ke X, Y dijamu ..." (fronted: the subject after the comma), "Y
    merilisnya usai perundingan dengan X", "Y, dalam pertemuan dengan X, menguraikan"
    (the subject before it). None when the cue stands in no adjunct."""
    k = trig.index - 1
    while k >= 0 and is_adverb(cx.lang, view.word(k)):
        k -= 1
    if cx.lang.is_(view.word(k), "coord"):
        # "Sebagai sekutu dan pendukung setia X": a noun joined to one in the adjunct
        j = k - 1
        while j > k - 4 and j >= 0 and view.tokens[j].is_word:
            if cx.lang.is_(view.word(j), "adjunct_frame"):
                k = j
                break
            if view.cap(j):
                break
            j -= 1
    if k < 0 or not cx.lang.is_(view.word(k), "adjunct_frame"):
        return None
    before = k - 1
    if before < 0 or view.tokens[before].text in '"“':
        # fronted: "Dalam lawatan dinas ke Peru, Presiden Chili dijamu ..."
        comma = next((j for j in range(trig.end, len(view.tokens)) if view.word(j) == ","), None)
        if comma is None:
            return []
        main = [
            m
            for m in mentions
            if m.start > comma and (m.key and not cx.state.is_place(m.key) or m.kind == "group")
        ]
        return with_coordinated(cx, main[0], view, mentions) if main else []
    return subject_of(cx, before + 1 if view.word(before) == "," else k, view, mentions)


def relational_parties(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """ "Sebagai sekutu dan pendukung setia Ukraina, Kanada ...", "X adalah mitra
    strategis Y", "X dan Y menjadi sekutu": the actor is the clause subject (or the subject
    after a fronted "sebagai" phrase), the object the noun's genitive, if any."""
    subj = adjunct_actor(cx, trig, view, mentions)
    if subj is None:
        subj = subject_of(cx, trig.index, view, mentions)
    by_start = {m.start: m for m in mentions if m.key}
    k, steps = trig.end, 0
    while k < len(view.tokens) and steps <= 3:
        if k in by_start:
            return subj, with_coordinated(cx, by_start[k], view, mentions)
        w = view.word(k)
        if (
            not view.tokens[k].is_word
            or view.cap(k)
            or is_preposition(cx.lang, w)
            or cx.finder.is_function_word(w)
            and not cx.lang.is_(w, "coord")
            or is_verb(cx.lang, view, k)
        ):
            break
        k += 1  # "sekutu dan pendukung setia Ukraina"
        steps += 1
    return subj, []


def _relative_agent(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    """The agent after "yang" + a passive light verb within a few words of a noun cue
    ("serangan udara yang dilancarkan X terhadap Y"), [] if none."""
    by_start = {m.start: m for m in mentions if m.key}
    light_roots = _light_roots(cx)
    for k in range(trig.end, min(len(view.tokens) - 2, trig.end + 5)):
        w = view.word(k)
        if cx.lang.is_(w, "relative"):
            verb = view.word(k + 1)
            readings = cx.lang.analyze(verb)
            if not any(a.voice == "passive" and a.root in light_roots for a in readings):
                return []
            j = k + 2 + cx.lang.is_(view.word(k + 2), "agent")
            return with_coordinated(cx, by_start[j], view, mentions) if j in by_start else []
        if not view.tokens[k].is_word or view.cap(k) or cx.finder.is_function_word(w):
            return []
    return []


def _light_roots(cx: Context) -> frozenset[str]:
    """The roots of the language's light verbs ("melakukan" -> laku), for their passives."""
    cached = _LIGHT_ROOTS.get(id(cx.lang))
    if cached is None or cached[0] is not cx.lang:
        roots = frozenset(
            a.root
            for w in cx.lang.words.get("light_verb", {})
            for a in cx.lang.analyze(w)
            if a.affixed
        )
        cached = _LIGHT_ROOTS[id(cx.lang)] = (cx.lang, roots)
    return cached[1]


_LIGHT_ROOTS: dict[int, tuple[Language, frozenset[str]]] = {}
