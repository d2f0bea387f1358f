"""Roles read across a whole sentence once its mentions are known: a counterpart's office
("his Nigerian counterpart X"), an affiliation after a name ("X, a spokesman for Y"), officials
listed in a state's delegation."""

from __future__ import annotations

from kg.extract.context import Context
from kg.extract.mentions import Mention
from kg.extract.sentence import SentenceView
from kg.extract.titles import COUNTERPART


def counterpart_roles(cx: Context, mentions: list[Mention]) -> None:
    """ "President Prabowo ... his American counterpart Joe Biden": the counterpart holds
    the office of the person named before, for his own state."""
    for n, m in enumerate(mentions):
        if not (m.role and m.role[2] == COUNTERPART and m.key):
            continue
        peers = [x.key for x in mentions[:n] if x.key and x.type == "Person" and x.key != m.key]
        peer = peers[-1] if peers else cx.state.last_person
        office = next((r for r in cx.state.roles.get(peer or "", []) if r[1]), None)
        relation, org, _ = m.role
        roles = cx.state.roles.get(m.key, [])
        if (relation, org, COUNTERPART) in roles:
            roles.remove((relation, org, COUNTERPART))
        if office and org:
            m.role = (office[0], org, office[2])
        else:
            m.role = (relation, org, "Official")
        cx.state.add_role(m.key, m.role[0], org, m.role[2])


def affiliation_after(cx: Context, view: SentenceView, mentions: list[Mention]) -> None:
    """ "security adviser A for Putin", "special envoy X and adviser Y
    for Trump": officials named without their state, then "for"/"of" whom they serve (a
    state, an organization, or a leader: the state they lead)."""
    by_start = {m.start: m for m in mentions}
    for m in mentions:
        if not (m.kind == "title" and m.key and m.role and m.role[1] is None):
            continue
        chain = [m]
        k = m.end
        while cx.lang.is_(view.word(k), "coord") and k + 1 in by_start:
            nxt = by_start[k + 1]
            if nxt.kind != "title":
                break
            chain.append(nxt)
            k = nxt.end
        if not cx.lang.is_(view.word(k), "affiliation"):
            continue
        k += 1
        while cx.lang.is_(view.word(k), "filler"):
            k += 1
        whom = by_start.get(k)
        org = _served(cx, whom.key) if whom and whom.key else None
        if not org:
            continue
        for x in chain:
            if x.role and x.role[1] is None and x.key:
                x.role = (x.role[0], org, x.role[2])
                cx.state.add_role(x.key, x.role[0], org, x.role[2])


def _served(cx: Context, key: str) -> str | None:
    """The state or organization an official "for" someone serves."""
    ref = cx.state.entities.get(key)
    if ref and ref.type in ("Country", "Organization"):
        return cx.state.actor(key)
    led = [r[1] for r in cx.state.roles.get(key, []) if r[0] == "leads" and r[1]]
    led += [o.org for o in cx.onto.offices if o.holder == key and o.relation == "leads"]
    states = {x for x in led if cx.onto.entities.get(x) and cx.onto.entities[x].type == "Country"}
    return states.pop() if len(states) == 1 else None


def officials_of_group(cx: Context, view: SentenceView, mentions: list[Mention]) -> None:
    """ "officials of the Fijian government, including Fisheries Minister A and Health
    Minister B", "Chile's delegation was led by Defence Minister C": officials named
    without a state, as members or head of a state's group, serve that state."""
    for m in mentions:
        if not (m.kind == "title" and m.key and m.role and m.role[1] is None):
            continue
        owner = _group_owner(cx, view, mentions, m.start)
        if owner:
            m.role = (m.role[0], owner, m.role[2])
            cx.state.add_role(m.key, m.role[0], owner, m.role[2])


def _group_owner(cx: Context, view: SentenceView, mentions: list[Mention], i: int) -> str | None:
    """The state whose group (words.tsv delegate_noun) a list ending at token i belongs to:
    "<state>'s delegation was led by", "officials of <state>, including"."""
    by_end = {m.end: m for m in mentions if m.key}
    by_start = {m.start: m for m in mentions if m.key}
    linked = False  # an example marker or "by" between the group and the official
    for k in range(i - 1, max(-1, i - 40), -1):
        w = view.word(k)
        if w in (".", ";") or cx.lang.is_(w, "clause_break"):
            return None
        if cx.lang.is_(w, "example_marker") or cx.lang.is_(w, "agent"):
            linked = True
        if not (linked and cx.lang.is_(w, "delegate_noun")):
            continue
        # "the Pakistani delegation", "Pakistan's delegation", "officials of the Fijian
        # government"
        before = k - 1 if cx.lang.is_(view.word(k - 1), "possessive_marker") else k
        owner = by_end.get(before)
        j = k + 1
        while (
            owner is None
            and j < i
            and (cx.lang.is_(view.word(j), "genitive_of") or cx.lang.is_(view.word(j), "filler"))
        ):
            j += 1
            owner = by_start.get(j)
        if owner is None or owner.key is None:
            return None
        return cx.state.country_of(cx.state.actor(owner.key))
    return None
