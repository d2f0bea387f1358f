"""Arguments: who acts and on whom for a cue. The subject of its clause (through relative
clauses, coordinated verbs and fronted participles), its object after it or after one of
its prepositions, the agent of a passive, lists of coordinated names."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.context import Context
from kg.extract.cues import Trigger
from kg.extract.mentions import Mention
from kg.extract.sentence import (
    SentenceView,
    before_name,
    clause_start,
    is_adverb,
    is_preposition,
    is_verb,
)

_ROLE_PREDICATES = frozenset({"leads", "officialOf", "memberOf"})


def subject_of(cx: Context, t: int, view: SentenceView, mentions: list[Mention]) -> list[Mention]:
    start = clause_start(cx.lang, view, cx.names, t)
    # Fronted participle: "Menanggapi Stoltenberg, juru bicara ... Mao Ning mengatakan"
    lead = start
    while lead < t and (
        cx.lang.is_(view.word(lead), "temporal") or is_adverb(cx.lang, view.word(lead))
    ):
        lead += 1
    # "After meeting Xi, Prabowo said ..." / "Prabowo arrived after meeting Xi": a participle
    # right after a subordinator shares the main clause's subject
    sub = lead == t and start > 0 and cx.lang.is_(view.word(start - 1), "subordinator")
    if sub and start - 1 > 0 and view.word(start - 2) not in ("“", '"'):
        return subject_of(cx, start - 1, view, mentions)
    # (not a noun cue opening the clause, nor a bare transitive root: "Undang ke Chili, Presiden
    # Peru Diajak ..." in a headline, whose subject is not the one after the comma)
    fronted_noun = any(c.pos in ("noun", "member") for c in cx.lang.cues.get(view.word(t), []))
    fronted_noun = fronted_noun or (
        not any(a.affixed for a in cx.lang.analyze(view.word(t)))
        and any("-" in c.preps for c in cx.lang.cues.get(view.word(t), []))
    )
    if lead == t and (start == 0 or sub or view.word(start - 1) in ("“", '"')) and not fronted_noun:
        comma = next((k for k in range(t + 1, len(view.tokens)) if view.word(k) == ","), None)
        if comma is not None:
            main = [
                m
                for m in mentions
                if m.start > comma and (m.key and not cx.state.is_place(m.key) or m.kind == "group")
            ]
            if main:
                return with_coordinated(cx, main[0], view, mentions)
    # Relative clause: "Stoltenberg yang tengah mengunjungi ..." / "negara yang memberi"
    rel = next(
        (k for k in range(t - 1, start - 1, -1) if cx.lang.is_(view.word(k), "relative")),
        None,
    )
    # (not when the aside has closed before the verb: ", yang ... , menyerukan" is the
    # main clause's verb, whose subject may be coordinated: "Mesir dan Qatar, yang ...,")
    if (
        rel is not None
        and not any(rel < m.start < t for m in mentions)
        and not (view.word(rel - 1) == "," and "," in view.folded[rel + 1 : t])
    ):
        head = next(
            (m for m in mentions if m.end == rel or m.end == rel - 1 and view.word(rel - 1) == ","),
            None,
        )
        if head and (head.key or head.kind == "group"):
            return [head]
    # Coordinated verb: "... dan meminta Jepang", "seraya mendesaknya"
    k = t - 1
    while k >= start and is_adverb(cx.lang, view.word(k)):
        k -= 1
    if (
        k >= 0
        and (cx.lang.is_(view.word(k), "coord") or cx.lang.is_(view.word(k), "coord_verb"))
        and not any(m.end == k for m in mentions)
    ):
        # the subject of the clause's first verb ("sementara Rojas menekankan ... dan
        # menyampaikan"), else that of the last active verb
        whole = clause_start(cx.lang, view, cx.names, t, reporting=False)
        first_verb = next((x for x in range(whole, k) if is_verb(cx.lang, view, x)), None)
        head = next(
            (
                m
                for m in mentions
                if first_verb is not None
                and whole <= m.start < first_verb
                and m.key
                and not cx.state.is_place(m.key)
            ),
            None,
        )
        if head:
            return with_coordinated(cx, head, view, mentions)
        prev = cx.last_subject
        if prev:
            return prev
    in_clause = [
        m
        for m in mentions
        if start <= m.start < t
        and (m.key or m.kind == "group")
        # a name inside a phrase ("Bantuan dari UEA ... tiba") is not the subject, unless it
        # names whom the people before it stand for ("the foreign ministers of India, ...")
        and not (
            m.start > start
            and is_preposition(cx.lang, view.word(m.start - 1))
            and not cx.lang.is_(view.word(m.start - 2), "delegate_noun")
        )
    ]
    if not in_clause and start > 0 and view.word(start - 1) == ",":
        # "Juru bicara X, Farid Hamzah, menuduh ...": the subject stands before the aside
        return subject_of(cx, start - 1, view, mentions)
    if (
        not in_clause
        and start > 0
        and cx.lang.is_(view.word(start - 1), "reporting_verb")
        and all(
            is_adverb(cx.lang, view.word(k)) or cx.lang.is_(view.word(k), "planned")
            for k in range(start, t)
        )
    ):
        # "X menyatakan akan menyerang Y": a complement with no subject of its own is the
        # reporting verb's subject's
        return subject_of(cx, start - 1, view, mentions)
    if not in_clause:
        # The subject may stand before a comma-free clause break only via a pronoun;
        # a conjunction-led clause with no subject keeps the sentence subject.
        prev = cx.last_subject
        if (
            prev
            and k >= 0
            and (cx.lang.is_(view.word(k), "coord") or cx.lang.is_(view.word(k), "coord_verb"))
        ):
            return prev
        return []
    first_verb = next(
        (
            k
            for k in range(start, t)
            if is_verb(cx.lang, view, k) and not any(m.start <= k < m.end for m in mentions)
        ),
        t,
    )
    before = [m for m in in_clause if m.start < first_verb]
    chosen = before[0] if before else in_clause[-1]
    return with_coordinated(cx, chosen, view, mentions)


def with_coordinated(
    cx: Context, m: Mention, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    out = [m]
    cur = m
    while True:
        k = cur.end
        if view.word(k) == "(" and view.word(k + 2) == ")":
            k += 3
        if view.word(k) == "," or cx.lang.is_(view.word(k), "coord"):
            k += 1
            if cx.lang.is_(view.word(k), "coord"):
                k += 1
            while cx.lang.is_(view.word(k), "filler") and not any(
                x.start == k
                for x in mentions  # "dan Pemerintah Jepang" is one name
            ):
                k += 1  # "China and the Philippines"
        else:
            break
        nxt = next((x for x in mentions if x.start == k and (x.key or x.kind == "group")), None)
        if nxt is None and view.cap(k) and k not in cx.names.covered:
            # "Menlu Kenya, Mabes TNI, dan LPBN": a capitalised word the name does not cover
            nxt = next(
                (x for x in mentions if x.start == k + 1 and (x.key or x.kind == "group")), None
            )
        if nxt is None or k == cur.end:
            break
        out.append(nxt)
        cur = nxt
    return out


def source_after(
    cx: Context,
    i: int,
    span: int,
    stops: frozenset[str],
    view: SentenceView,
    mentions: list[Mention],
) -> list[Mention]:
    """The name(s) after "dari"/"from" within `span` words of i, in the same clause and
    before any word of `stops`: "bantuan senilai ... dari Jepang", "calls ... from the UN"."""
    by_start = {m.start: m for m in mentions if m.key or m.kind == "group"}
    for k in range(i, min(len(view.tokens), i + span)):
        w = view.word(k)
        if w in (",", ".", ";") or cx.lang.is_(w, "clause_break") or w in stops:
            break
        if cx.lang.is_(w, "source"):
            j = k + 1
            while before_name(cx.lang, view.word(j)):
                j += 1
            if j not in by_start and view.cap(j) and j + 1 in by_start:
                j += 1  # "dari Mabes TNI": a capitalised word the name leaves out
            return with_coordinated(cx, by_start[j], view, mentions) if j in by_start else []
    return []


def between_pair(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    """The parties of a noun cue named with "antara/between X dan/and Y" (also "antara X
    dengan Y", "antara kedua negara"), or, for a symmetric cue, right after it ("kerja sama
    Peru dan Chili"). Each acts on the other when the act is not symmetric ("bentrokan
    antara Eritrea dan Etiopia")."""
    symmetric = cx.onto.predicates[trig.cue.predicate].symmetric
    by_start = {m.start: m for m in mentions if m.key or m.kind == "group"}
    for k in range(trig.end, min(len(view.tokens), trig.end + 3)):
        between = cx.lang.is_(view.word(k), "between")
        if between or symmetric and k in by_start and not is_preposition(cx.lang, view.word(k - 1)):
            j = k + 1 if between else k
            while before_name(cx.lang, view.word(j)):
                j += 1
            if j not in by_start:
                return []
            first = by_start[j]
            if first.kind == "group":
                return _group_sides(first)
            parties = with_coordinated(cx, first, view, mentions)
            if len(parties) == 1 and between and cx.lang.is_(view.word(first.end), "between_and"):
                # "antara Presiden Chili X dengan Ana Quispe"
                other = by_start.get(first.end + 1)
                if other and other.key:
                    parties = [first, other]
            return parties if len(parties) >= 2 else []
        if view.cap(k) or not view.tokens[k].is_word:
            break
    return []


def _group_sides(group: Mention) -> list[Mention]:
    """The members of a counted group ("kedua negara") as the sides of an act."""
    if group.count >= 2 and len(group.members) == group.count:
        return [replace(group, kind="name", key=k, members=[]) for k in group.members]
    return []


def names_a_party(cx: Context, trig: Trigger, view: SentenceView) -> bool:
    """Whether one of the cue's prepositions follows it in its clause ("... dengan X"), or
    a direct object that is no name ("X and Y received the delegation")."""
    if "-" in trig.cue.preps:
        k = trig.end
        while is_adverb(cx.lang, view.word(k)):
            k += 1
        if before_name(cx.lang, view.word(k)):
            return True
    preps = trig.cue.preps - {"-", "*"}
    for k in range(trig.end, len(view.tokens)):
        w = view.word(k)
        if w in (",", ".", ";") or cx.lang.is_(w, "clause_break"):
            return False
        if w in preps:
            return True
    return False


def passive_agent(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    k = trig.end
    while is_adverb(cx.lang, view.word(k)) or cx.lang.is_(view.word(k), "manner"):
        k += 1  # "dikecam keras oleh Turki"
    if cx.lang.is_(view.word(k), "agent"):
        k += 1
    m = next((x for x in mentions if x.start == k and x.key), None)
    return with_coordinated(cx, m, view, mentions) if m else []


def nya_object(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention], subj: list[Mention]
) -> list[Mention]:
    """ "-nya" on a verb: whom the same actor just addressed, else the last other entity."""
    subj_keys = {m.key for m in subj}
    same = [
        f
        for f in cx.sentence_facts()
        if f.subject in subj_keys and f.predicate not in _ROLE_PREDICATES
    ]
    if same:
        return [Mention(trig.index, trig.index, "pronoun", same[0].object, confidence=0.8)]
    prev = [
        m
        for m in mentions
        if m.end <= trig.index and m.key and m.key not in subj_keys and m.type != "Location"
    ]
    if prev:
        return [replace(prev[-1], confidence=0.7)]
    # "Retno memujinya": whom the sentences before named last, other than the actor, a
    # person first (a title's state is named after its holder: "Menlu Australia Penny Wong")
    others = [
        k
        for k in reversed(cx.state.last_entities)
        if k not in subj_keys and not cx.state.is_place(k)
    ]
    last = cx.state.last_person
    people = [last] if last and last not in subj_keys else []
    people += [k for k in others if cx.state.entities[k].type == "Person"]
    earlier = people[0] if people else others[0] if others else None
    if earlier:
        return [Mention(trig.index, trig.index, "pronoun", earlier, confidence=0.6)]
    return []
