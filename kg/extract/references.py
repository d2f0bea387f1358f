"""References: all the mentions of one sentence. Titles and organs first, then gazetteer
names, then names the gazetteer lacks (typed by their words and context) and the words that
point back into the article: pronouns, "keduanya", "kedua negara itu", "negaranya"."""

from __future__ import annotations

from kg.extract.arguments import with_coordinated
from kg.extract.context import Context
from kg.extract.discourse import MISSPELT, SAME_PERSON
from kg.extract.mentions import Mention
from kg.extract.sentence import SentenceView
from kg.extract.titles import ministry_mention, new_org, title_mention
from kg.lexicon import key_for
from kg.model import Sentence


def find_mentions(cx: Context, view: SentenceView, sent: Sentence) -> list[Mention]:
    out: list[Mention] = []
    taken: set[int] = set()
    n = len(view.tokens)

    def claim(m: Mention) -> None:
        out.append(m)
        taken.update(range(m.start, m.end))

    finder, folded = cx.finder, view.folded
    i = 0
    while i < n:
        if folded[i] not in finder.title_starts:
            i += 1
            continue
        m = title_mention(cx, view, i) or ministry_mention(cx, view, i)
        if m and m.kind == "name" and _title_overlaps(cx, view, m):
            m = None  # "Pakistan army chief X": the title "army chief" takes in the organ word
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
        if i in taken or folded[i] not in finder.name_starts:
            i += 1
            continue
        hit = _gazetteer_mention(cx, view, i, taken)
        if hit:
            claim(hit)
            i = hit.end
        else:
            i += 1
    refer = cx.lang.first_words("anaphor_noun", *_REFERRING)
    i = 0
    while i < n:
        w = folded[i]
        if i in taken or not (view.tokens[i].is_cap or w in refer or finder.is_reporter_word(w)):
            i += 1  # (most words: the rules below read no lower-case word of no class of theirs)
            continue
        if cx.lang.is_(w, "honorific") and view.cap(i + 1):
            i += 1  # "Pak Rudi": the courtesy word is no part of the name
            continue
        m = (
            _anaphor_mention(cx, view, i)
            or _name_mention(cx, view, i, taken, out)
            or _word_mention(cx, view, i, out)
        )
        if m:
            claim(m)
            i = m.end
        else:
            i += 1
    out.sort(key=lambda m: m.start)
    for m in out:
        # "Lembaga Penanggulangan Banjir Nasional (LPBN)": the short name for later sentences
        if m.key and view.word(m.end) == "(" and view.word(m.end + 2) == ")":
            short = view.tokens[m.end + 1].text
            if short.isupper() and len(short) >= 2 and m.end + 1 not in taken:
                cx.state.acronyms[short] = m.key
    return out


def _title_overlaps(cx: Context, view: SentenceView, m: Mention) -> bool:
    """Whether a title starts inside an organ's name and ends after it."""
    for k in range(m.start + 1, m.end):
        title = cx.finder.title_at(view, k)
        if title and k + title[0] > m.end:
            return True
    return False


def _gazetteer_mention(cx: Context, view: SentenceView, i: int, taken: set[int]) -> Mention | None:
    hit = cx.finder.gazetteer_at(view, i)
    if not hit or any(k in taken for k in range(i, i + hit[0])):
        return None
    n, alias = hit
    surface = view.span(i, i + n)
    key = cx.state.entity(alias.key, "", "", surface)
    return Mention(i, i + n, "name", key, cx.state.entities[key].type, surface)


def _name_mention(
    cx: Context, view: SentenceView, i: int, taken: set[int], found: list[Mention]
) -> Mention | None:
    """A capitalised name the gazetteer does not know, typed by its words and context."""
    if not view.cap(i):
        return None  # (every rule below asks for a capital: most words are passed by here)
    run0 = cx.finder.name_run(view, i, taken)
    known0 = cx.state.person_by_name(view.folded[i : i + run0]) if run0 else None
    if known0:
        surface = view.span(i, i + run0)
        return Mention(
            i,
            i + run0,
            "name",
            cx.state.entity(known0, "", "", surface, SAME_PERSON),
            "Person",
            surface,
            confidence=0.9,
        )
    short = view.tokens[i].text
    if run0 == 1 and short in cx.state.acronyms:
        key = cx.state.acronyms[short]  # an organization's short name given earlier
        return Mention(i, i + 1, "name", key, cx.state.entities[key].type, short, confidence=0.85)
    if cx.title_case:
        return None
    if run0 >= 2 and cx.lang.is_(view.word(i), "venue_noun"):
        # "Bandara Internasional Sheremetyevo", "Istana Noordeinde": a place named by its kind
        surface = view.span(i, i + run0)
        key = cx.state.entity(key_for(surface), surface, "Location", surface)
        return Mention(i, i + run0, "name", key, "Location", surface, confidence=0.6)
    if (
        cx.finder.is_function_word(view.word(i))
        or (i == 0 or view.tokens[i - 1].text in '“"‘(')
        and cx.finder.is_common_word(view.word(i))
    ):
        return None  # "Di Korea Selatan", "Selain ...": a capitalised first word
    if not view.cap(i) or not view.tokens[i].is_word:
        return None
    run = cx.finder.name_run(view, i, taken)
    if not run:
        return None
    words = view.folded[i : i + run]
    surface = view.span(i, i + run)
    fuzzy = cx.finder.fuzzy_person(view, i, run)
    if fuzzy:
        return Mention(
            i,
            i + run,
            "name",
            cx.state.entity(fuzzy, "", "", surface, MISSPELT),
            "Person",
            surface,
            confidence=0.85,
        )
    if cx.finder.is_org_name(words) and run >= 2:
        key = new_org(cx, view, i, run)
        return Mention(i, i + run, "name", key, "Organization", surface, confidence=0.8)
    known = cx.state.person_by_name(words)
    if known:
        return Mention(
            i,
            i + run,
            "name",
            cx.state.entity(known, "", "", surface, SAME_PERSON),
            "Person",
            surface,
            confidence=0.9,
        )
    if view.word(i - 1) == "," and any(
        m.end == i - 1 and m.type == "Location" and view.word(i + run) in (",", ".", ";")
        for m in found
    ):
        # "di Istana Merdeka, Jakarta Pusat, Senin": a name set off after a place is its region
        key = cx.state.entity(key_for(surface), surface, "Location", surface)
        return Mention(i, i + run, "name", key, "Location", surface, confidence=0.6)
    reporting = [
        w
        for w in [view.word(i - 1)] + [a.root for a in cx.lang.analyze(view.word(i - 1))]
        if i > 0 and cx.lang.is_(w, "reporting")
    ]
    if cx.finder.looks_like_person(words) or (
        reporting and 2 <= run <= 3 and not cx.finder.is_common_word(words[0])
    ):
        key = cx.state.entity(key_for(surface), surface, "Person", surface)
        return Mention(i, i + run, "name", key, "Person", surface, confidence=0.7)
    # "kota Avdiivka", "desa di Sagaing", "the town of Kupiansk": a place named by its kind
    place_word = view.word(i - 1) if i > 0 else ""
    if i > 1 and cx.lang.is_(view.word(i - 1), "locative"):
        place_word = view.word(i - 2)
    if cx.lang.is_(place_word, "place_noun") or cx.lang.is_(
        " ".join(view.folded[max(0, i - 2) : i]), "place_noun"
    ):
        key = cx.state.entity(key_for(surface), surface, "Location", surface)
        return Mention(i, i + run, "name", key, "Location", surface, confidence=0.6)
    closes_quote = any(view.tokens[k].text in '”"' for k in range(max(0, i - 3), i - 1))
    if reporting and run == 1 and closes_quote and not cx.finder.is_common_word(words[0]):
        # '"…," kata Hartono' / '"…," tulis Times': a lone name in the attribution slot
        # right after a quote is its source; words.tsv types it by the reporting verb
        # (writing verbs give a publication), a person otherwise.
        kind = cx.lang.value(reporting[0], "reporting") or "Person"
        key = cx.state.entity(key_for(surface), surface, kind, surface)
        return Mention(i, i + run, "name", key, kind, surface, confidence=0.6)
    return None


def _anaphor_mention(cx: Context, view: SentenceView, i: int) -> Mention | None:
    """ "negara itu", "Negara Balkan tersebut", "blok itu": the last entity of the kind
    the noun names (words.tsv anaphor_noun), up to two capitalised words between."""
    kind = cx.lang.value(view.word(i), "anaphor_noun")
    if not kind:
        return None
    end = i + 1
    while end < i + 3 and view.cap(end) and not cx.lang.is_(view.word(end), "demonstrative"):
        end += 1
    if not cx.lang.is_(view.word(end), "demonstrative"):
        return None
    key = next(
        (k for k in reversed(cx.state.last_entities) if cx.state.entities[k].type == kind),
        None,
    )
    return Mention(i, end + 1, "name", key, kind, confidence=0.7) if key else None


def _pair_before(cx: Context, view: SentenceView, i: int, found: list[Mention]) -> list[str]:
    """The last two names joined by "and" before token i ("Somalia and Ethiopia ... both"),
    else the only two persons named before it ("Macron urged Xi ... as the two met")."""
    before = sorted((m for m in found if m.end <= i and m.key), key=lambda m: -m.start)
    for m in before:
        listed = with_coordinated(cx, m, view, found)
        if len(listed) == 2 and listed[-1].end <= i and cx.lang.is_(view.word(m.end), "coord"):
            return [x.key for x in listed if x.key]
    people = list(dict.fromkeys(m.key for m in reversed(before) if m.key and m.type == "Person"))
    return people if len(people) == 2 else []


def _verb_next(cx: Context, view: SentenceView, k: int) -> bool:
    """Whether token k begins a verb phrase: an auxiliary, adverb or light, reporting or cue
    verb."""
    w = view.word(k)
    if any(
        cx.lang.is_(w, c)
        for c in ("verb_marker", "adverb", "light_verb", "reporting_verb", "copula", "passive_aux")
    ):
        return True
    return any(c.pos == "verb" for c in cx.lang.cues.get(w, [])) or any(
        a.affixed for a in cx.lang.analyze(w)
    )


def _of_kind(cx: Context, key: str, kind: str | None) -> bool:
    """Whether an entity is of a group noun's kind ("countries"; "parties": any agent)."""
    etype = cx.state.entities[key].type
    return etype == kind or kind == "Agent" and etype in ("Person", "Organization", "Country")


def _as_kind(cx: Context, key: str, kind: str | None) -> str | None:
    """The entity itself, or for "countries" the state a person named with a title serves."""
    if _of_kind(cx, key, kind):
        return key
    if kind == "Country" and cx.state.entities[key].type == "Person":
        states = {cx.state.country_of(org) for _, org, _ in cx.state.roles.get(key, []) if org}
        return states.pop() if len(states) == 1 else None
    return None


# The word classes _word_mention reads a word (or the phrase it begins) by.
_REFERRING = (
    "pronoun_person",
    "pronoun_speaker",
    "numeral",
    "pronoun_group",
    "org_anaphor",
    "own_country",
)


def _word_mention(
    cx: Context, view: SentenceView, i: int, found: list[Mention] | None = None
) -> Mention | None:
    w = view.word(i)
    if w not in cx.lang.first_words(*_REFERRING):
        return _reporter_mention(cx, w, i)  # (most words: none of the rules before it apply)
    if cx.lang.is_(w, "pronoun_person"):
        # "Marcos is to visit Tokyo, where he will meet ...": a person named earlier in the
        # sentence comes before the last sentence's
        here = [m for m in found or [] if m.start < i and m.key and m.type == "Person"]
        who = max(here, key=lambda m: m.start).key if here else cx.state.last_person
        if who:
            return Mention(i, i + 1, "pronoun", who, "Person", confidence=0.85)
    if cx.lang.is_(w, "pronoun_speaker") and view.tokens[i].in_quote:
        return Mention(i, i + 1, "speaker")
    num = cx.lang.value(w, "numeral") or ""
    noun_after = bool(num) and cx.lang.is_(view.word(i + 1), "group_noun")
    # "the two held talks": a counted group standing alone, before its verb
    alone = bool(num) and cx.lang.is_(view.word(i - 1), "filler") and _verb_next(cx, view, i + 1)
    if (cx.lang.is_(w, "pronoun_group") or alone) and not noun_after:
        size = cx.lang.value(w, "pronoun_group") or num  # "keduanya"/"both": 2
        # "X and Y ... both parties": a pair just named in this sentence, else the last group
        pair = _pair_before(cx, view, i, found or []) if size == "2" else []
        recent = cx.state.recent_group()
        if pair or recent:
            return Mention(
                i,
                i + 1,
                "group",
                members=pair or list(recent),
                count=int(size) if size.isdigit() else 0,
                confidence=0.8,
            )
    if noun_after:
        end = i + 2
        if view.word(end) in ("itu", "ini", "tersebut"):
            return Mention(
                i,
                end + 1,
                "group",
                members=list(cx.state.last_group),
                count=int(num),
                confidence=0.8,
            )
        kind = cx.lang.value(view.word(i + 1), "group_noun")
        named: list[str] = []
        for prior in found or []:
            owner = prior.key if prior.kind == "name" else prior.role[1] if prior.role else None
            if prior.start < i and owner and owner not in named:
                if _of_kind(cx, owner, kind):
                    named.append(owner)
        if num == "2":
            # "Yoon and Kishida ... the two countries": the pair just named, as its kind
            cands = [_as_kind(cx, k, kind) for k in _pair_before(cx, view, i, found or [])]
            kinds = [k for k in cands if k]
            named = kinds if cands and len(kinds) == len(cands) else named
        if w in cx.both_words and len(named) > 2:
            # "... antara Peru dan Bolivia, Chili meminta kedua negara": the last pair
            # written as one ("X dan Y", "X-Y")
            pairs = [
                [a.key, b.key]
                for a, b in zip(found or [], (found or [])[1:], strict=False)
                if b.end <= i
                and a.key
                and b.key
                and a.key != b.key
                and b.start - a.end == 1
                and (cx.lang.is_(view.word(a.end), "coord") or view.word(a.end) == "-")
                and cx.state.entities[a.key].type == kind == cx.state.entities[b.key].type
            ]
            named = pairs[-1] if pairs else named
        definite = w in cx.both_words or cx.lang.is_(view.word(i - 1), "filler")
        if definite and len(named) == 2:
            # "kedua negara" / "both countries": the two just named in this sentence
            return Mention(i, end, "group", members=named, count=2, confidence=0.7)
        last = cx.state.last_group
        # a name of this sentence's own speaker's office ("UK Foreign Secretary X ... both
        # countries") does not stop the pair of the sentence before
        named = [k for k in named if any(m.kind == "name" and m.key == k for m in found or [])]
        if not named and len(last) == int(num) and all(_of_kind(cx, k, kind) for k in last):
            # "Kedua pemimpin menandatangani ...": the pair of the sentence before
            return Mention(i, end, "group", members=list(last), count=int(num), confidence=0.7)
        return Mention(i, end, "group", count=int(num), confidence=0.75)
    # "the alliance", "the bloc": the organization named last (not a state's own organ)
    span = next(
        (
            len(words)
            for words, cls, _ in cx.lang.phrases.get(w, [])
            if cls == "org_anaphor" and tuple(view.folded[i : i + len(words)]) == words
        ),
        0,
    )
    if span:
        recent = [m.key for m in found or [] if m.start < i and m.key]
        for key in reversed(cx.state.last_entities + recent):
            ref = cx.state.entities.get(key)
            if ref and ref.type == "Organization" and not cx.state.country_of(key):
                return Mention(i, i + span, "name", key, "Organization", confidence=0.7)
        return None
    # "negaranya" (one word) or "his country" (two)
    span = next(
        (n for n in (1, 2) if cx.lang.is_(" ".join(view.folded[i : i + n]), "own_country")),
        0,
    )
    if span:
        # the state of the person just named ("Kanselir Jerman ... negaranya"), in this
        # sentence (whose title may not be recorded yet) or the one before
        # (the sentence's first person, its subject as a rule: "Presiden Kolombia X memuji
        # Presiden Brasil Y yang ikut meredakan sengketa antara negaranya dengan ...")
        here = [m for m in found or [] if m.start < i and m.key and m.type == "Person"]
        near = min(here, key=lambda m: m.start) if here else None
        owner = near.key if near else cx.state.last_person
        orgs = [org for _, org, _ in cx.state.roles.get(owner or "", [])]
        if near and near.role:
            orgs.append(near.role[1])
        states = {cx.state.country_of(org) for org in orgs if org}
        if len(states) == 1 and (state := states.pop()):
            return Mention(i, i + span, "pronoun", state, "Country", confidence=0.8)
    return _reporter_mention(cx, w, i)


def _reporter_mention(cx: Context, w: str, i: int) -> Mention | None:
    """ "katanya", "ujarnya" after a quote: the speaker, usable as a subject."""
    if cx.finder.is_reporter_word(w):
        who = cx.state.last_speaker or cx.state.last_person
        if who:
            return Mention(i, i + 1, "reporter", who, "Person", confidence=0.85)
    return None
