"""Titles and organs: "Presiden Korsel Yoon Suk-yeol", "Sekjen NATO", "Chang Ho-jin, South
Korea's national security adviser", "Kementerian Luar Negeri Tiongkok", "Israeli forces".

A title gives its holder a role (relation, organization, English title) that the article
remembers; a title with no name is its office holder's mention.
"""

from __future__ import annotations

from kg.extract.context import Context
from kg.extract.discourse import MISSPELT, SAME_PERSON
from kg.extract.mentions import Mention, ministry_key
from kg.extract.sentence import SentenceView, is_adverb
from kg.lexicon import key_for

COUNTERPART = "Counterpart"  # titles.tsv english of "counterpart": the office of its peer


def title_mention(cx: Context, view: SentenceView, i: int) -> Mention | None:
    title = cx.finder.title_at(view, i)
    if not title:
        return None
    tlen, relation, english, pattern = title
    if cx.lang.is_(view.word(i - 1), "plural"):
        return None  # "para pemimpin Eropa": no one person holds a plural title
    rank = cx.lang.is_(" ".join(view.folded[i : i + tlen]), "rank")
    if view.word(i - 1) == "-" and view.attached(i):
        return None  # "mantan-Presiden": part of a compound, not a title; "Jakarta - Presiden"
        # (a dateline's dash) is no compound
    j = i + tlen
    org: str | None = None
    start = i
    if cx.lang.modifier_first:
        before = _org_before(cx, view, i)
        if before:
            start, org = before
    # "(PM)" right after the title
    if view.word(j) == "(" and view.word(j + 2) == ")":
        j += 3
    j += cx.lang.is_(view.word(j), "title_modifier")  # "utusan baru X": the title still X's
    elect = cx.lang.is_(view.word(j), "title_elect")  # "presiden terpilih": not yet in office
    j += elect
    former = _former(cx, view, start)  # "mantan Presiden AS X": no longer in office
    if pattern in ("org", "both") and org is None:
        if cx.lang.is_(" ".join(view.folded[i : i + tlen]), "portfolio_title"):
            j = _past_portfolio(cx, view, j)  # "Menteri Kebudayaan Hilmar Farid"
        j, org = _org_after(cx, view, j)
        if org is None and cx.lang.is_(view.word(j), "affiliation"):
            # "Prime Minister of Japan Fumio Kishida", "a spokesman for the State Department"
            after, org = _org_after(cx, view, j + 1)
            j = after if org else j
    elif pattern == "at":
        # "Profesor hubungan internasional ... di King's College London, Ramon Pacheco"
        k = j
        while k < min(len(view.tokens), j + 12) and not cx.lang.is_(view.word(k), "affiliation"):
            if view.word(k) in (".", ";", ","):
                break
            k += 1
        if cx.lang.is_(view.word(k), "affiliation"):
            k2, org = _org_after(cx, view, k + 1)
            if org:
                j = k2
    if view.word(j) == "(":
        end = min(len(view.tokens), j + 6)
        close = next((x for x in range(j + 2, end) if view.word(x) == ")"), 0)
        if org and close == j + 2 and view.tokens[j + 1].text.isupper():
            cx.state.acronyms[view.tokens[j + 1].text] = org  # "Lembaga ... Nasional (LPBN)"
        j = close + 1 if close else j  # "Sekretaris Jenderal Pakta ... (NATO)", "(Kemenko X)"
    if org and cx.lang.is_(view.word(j), "title_elect"):
        elect = True  # "presiden Chili terpilih X"
        j += 1
    if org and cx.lang.is_(view.word(j), "posting"):
        posted = cx.finder.gazetteer_at(view, j + 1)
        if posted:  # "Duta Besar Australia untuk Indonesia Penny Williams"
            j = j + 1 + posted[0]
    if cx.lang.is_(view.word(j), "title_joiner") and not elect and not former:
        # "Menteri Energi Chili sekaligus presiden terpilih, X", "Putra Mahkota
        # sekaligus Perdana Menteri Yordania Y": one holder of two offices
        second = title_mention(cx, view, j + 1)
        if second and second.kind == "title" and second.key:
            if org:
                cx.state.add_role(second.key, relation, org, english)
                second.also.append((relation, org, english))
            second.start = start
            return second
    k = j
    if view.word(k) == ",":
        k += 1
    while view.word(k) in ("itu", "ini", "tersebut", "sang"):
        k += 1
    next_title = cx.finder.title_at(view, k)
    if next_title and org:
        k += next_title[0]  # a rank after the office: "Kepala Bakamla Laksamana Madya Irvansyah"
        while (
            cx.finder.title_at(view, k) is None
            and view.cap(k)
            and cx.lang.is_(view.word(k), "rank_word")
        ):
            k += 1
    person = _person_at(cx, view, k)
    if person and relation == "officialOf" and org is None and _only_a_head(cx, person[0]):
        # "utusan Vladimir Putin", "juru bicara Xi": the official of a head of state, who is
        # not named; the head owns the title and does not act here
        return Mention(start, person[1], "title", None, "Person", "")
    if person:
        key, end, surface = person
        if org is None and cx.lang.is_(view.word(end), "affiliation"):
            # "Foreign Minister Grace Walker of New Zealand"
            after, org = _org_after(cx, view, end + 1)
            end = after if org else end
        if org is None:
            org = cx.state.office_org(key, relation, english)
        last = cx.last_title
        if org is None and last and last[0] == start - 1 and relation == "officialOf":
            # "Chile's President A and Vice President B": an official
            # joined to another title by "and" shares its organization
            if cx.lang.is_(view.word(start - 1), "coord") and last[2] != english:
                org = last[1]
        if org is None and relation == "officialOf" and pattern != "at":
            # "delegasi pemerintah Peru, yakni Menteri Pertanian X, ...": the state the
            # list is of; else the home state (never for a general, who may serve any state)
            org = _listed_state(cx, view, start) or (
                None if rank else cx.state.home_state(key, cx.lang.value("home_state", "setting"))
            )
        if elect or former:
            org = None  # "presiden terpilih X", "mantan presiden X": X holds no such office
        m = Mention(start, end, "title", key, "Person", surface, role=(relation, org, english))
        if not elect and not former:
            cx.state.add_role(key, relation, org, english)
        if org:
            cx.last_title = (end, org, english)  # where an "and" joining a title would stand
            if english != COUNTERPART:
                cx.last_office = (relation, english)
        return m
    if org is None and pattern == "at":
        return None
    # A title after a name and a comma is that person's: "Chang Ho-jin, South Korea's
    # national security adviser"; "Retno Marsudi, Menteri Luar Negeri RI, ..."
    appositive = _name_before_comma(cx, view, start)
    if appositive and org:
        cx.state.add_role(appositive, relation, org, english)
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
    if former:
        # "mantan Perdana Menteri Belanda itu": a past holder the article names, never the
        # office's holder now
        held = cx.state.former_holder(relation, org, english)
        if held is None:  # someone: the title is read, and no rule takes it for another
            return Mention(start, j, "title", None, "Person", "")
        end = j
        while view.word(end) in ("itu", "ini", "tersebut"):
            end += 1
        cx.state.entity(held, "", "")
        return Mention(start, end, "role", held, "Person", "", role=(relation, None, english))
    # A title with no name: the office holder ("Sekjen NATO", "Presiden Korsel itu").
    holder = None
    if english == COUNTERPART and org and cx.last_office:
        # "the Chinese president told his US counterpart": the holder of that office there
        # (a head of state's counterpart may be a prime minister)
        relation, english = cx.last_office
        holder = cx.state.holder_of(relation, org, english) or cx.state.holder_of(relation, org, "")
    holder = holder or cx.state.holder_of(relation, org, english)
    if holder is None and org is None:
        holder = next(
            (
                p
                for p in reversed(cx.state.persons)
                for r in cx.state.roles.get(p, [])
                if r[2] == english
            ),
            None,
        )
    if holder is None and org and cx.lang.is_(view.word(j), "demonstrative"):
        # "Ketua Partai Sosialis Chili itu": the person the article just spoke of, unless an
        # office of the same kind elsewhere is known to be theirs
        spoken = cx.state.last_person
        if spoken and not any(
            rel == relation and held == english and other != org
            for rel, other, held in cx.state.roles.get(spoken, [])
        ):
            holder = spoken
    if holder is None:
        return None
    end = j
    while view.word(end) in ("itu", "ini", "tersebut"):
        end += 1
    if holder and org:
        cx.state.add_role(holder, relation, org, english)
        cx.last_office = (relation, english)
    cx.state.entity(holder, "", "")
    return Mention(
        start, end, "role", holder, "Person", "", role=(relation, org, english), confidence=0.9
    )


_FORMER_JOINED = frozenset({"title_former", "title_former_joined"})


def _former(cx: Context, view: SentenceView, start: int) -> bool:
    """A word before the title that says its holder has left the office: "mantan Presiden",
    "eks-PM", "former President", "then-US House speaker" (words.tsv class title_former)."""
    if view.word(start - 1) == "-":
        return not cx.lang.classes_of(view.word(start - 2)).isdisjoint(_FORMER_JOINED)
    return cx.lang.is_(view.word(start - 1), "title_former")


def _only_a_head(cx: Context, person: str) -> bool:
    """Whether the gazetteer knows this person as a head of state or government and never as
    an official (so a minister later elected head of state stays the minister)."""
    held = {o.relation for o in cx.onto.offices if o.holder == person}
    return held == {"leads"}


def _past_portfolio(cx: Context, view: SentenceView, j: int) -> int:
    """After a minister's title, the capitalised words of the portfolio before the name or the
    state: "Menteri Kebudayaan Hilmar Farid", "Menko Perekonomian X", "Menteri Pariwisata,
    Kesenian, dan Olahraga Juan Huaman", "Menteri Perdagnagan Chili" (a misspelt word
    before a state). Where the name starts; j when no portfolio is found."""
    k, words, derived = j, 0, False
    while k < len(view.tokens) and view.cap(k) and view.tokens[k].is_word:
        w = view.word(k)
        hit = cx.finder.gazetteer_at(view, k)
        if hit and cx.onto.entities[hit[1].key].type in ("Country", "Person"):
            break
        if cx.finder.is_derived_word(w) or (
            # a root word only before a name of two words: "Menteri Pendidikan Tinggi Don
            # Mamani", "Menteri Kopi Ana Ruiz", not "Menteri Budi Karya"
            cx.finder.is_common_word(w)
            and (
                cx.finder.name_run(view, k + 1, set()) >= 2
                or view.word(k + 1) == ","  # "Menteri Pariwisata, Kesenian, dan Olahraga"
                and cx.finder.is_common_word(view.word(k + 2))
            )
        ):
            derived = derived or cx.finder.is_derived_word(w)
            words += 1
            k += 1
        elif words == 0 and _country_at(cx, view, k + 1):
            return k + 1  # one unknown word, then the state
        else:
            break
        gap = 1 if view.word(k) == "," else 0
        gap += cx.lang.is_(view.word(k + gap), "coord")
        if gap and view.cap(k + gap):
            k += gap  # a list of portfolios: "Pariwisata, Kesenian, dan Olahraga"
    if not words or view.word(k - 1) in (",",) or cx.lang.is_(view.word(k - 1), "coord"):
        return j
    if _country_at(cx, view, k):
        return k
    name = cx.finder.name_run(view, k, set())
    # a root alone may be a name ("Menteri Budi Karya Sumadi"): skip it only before a two-word
    # name, or with a derived word ("Kebudayaan")
    return k if name and (derived or words == 1 and name >= 2) else j


def _country_at(cx: Context, view: SentenceView, k: int) -> bool:
    hit = cx.finder.gazetteer_at(view, k)
    return bool(hit and cx.onto.entities[hit[1].key].type == "Country")


def _listed_state(cx: Context, view: SentenceView, start: int) -> str | None:
    """The state named just before the "yaitu"/"yakni"/":" that opens the list this title
    stands in: "delegasi pemerintah Peru, yakni ..., Menteri Pertanian Rosa Quispe"."""
    for k in range(start - 1, 0, -1):
        w = view.word(k)
        if w in (";", ".") or cx.lang.is_(w, "clause_break"):
            return None
        if cx.lang.is_(w, "identity") or w == ":":
            end = k - 1 if view.word(k - 1) == "," else k
            for first in range(max(0, end - 4), end):
                hit = cx.finder.gazetteer_at(view, first)
                if hit and first + hit[0] == end and cx.onto.entities[hit[1].key].type == "Country":
                    return cx.state.entity(hit[1].key, "", "")
            return None
    return None


def _name_before_comma(cx: Context, view: SentenceView, start: int) -> str | None:
    """The person named right before ", " + a title (an apposition; "X, a spokesman for")."""
    comma = start - 1
    if cx.lang.is_(view.word(comma), "filler"):
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
    k = first
    while k < comma:
        if cx.finder.is_function_word(view.word(k)):
            k += 1
            continue  # "Later, the president ...": an adverb, no name
        hit = cx.finder.gazetteer_at(view, k)
        if hit and cx.onto.entities[hit[1].key].type != "Person":
            k += hit[0]  # "di Jakarta Convention Center, para ...": a place, no person
            continue
        person = _person_at(cx, view, k)
        if person and person[1] == comma:
            return person[0]
        k += 1
    return None


def _person_at(cx: Context, view: SentenceView, k: int) -> tuple[str, int, str] | None:
    hit = cx.finder.gazetteer_at(view, k)
    if hit and cx.onto.entities[hit[1].key].type == "Person":
        end = k + hit[0]
        surface = view.span(k, end)
        return cx.state.entity(hit[1].key, "", "", surface), end, surface
    if hit:
        return None
    # a name ends where a known name begins ("... Kim Sang-woo Jakarta" never happens, but
    # a headline's "Kunjungi Jakarta" does): stop at gazetteer names
    stops = {x for x in range(k + 1, len(view.tokens)) if cx.finder.gazetteer_at(view, x)}
    run = cx.finder.name_run(view, k, stops)
    if not run or cx.finder.is_derived_word(view.folded[k]) or view.folded[k] in (cx.lang.cues):
        return None  # a verb is not a name: "Menhan Korsel Kunjungi Jakarta"
    words = view.folded[k : k + run]

    def no_name(w: str) -> bool:
        # a title, a time word, or in a Title Case headline a derived word, an adverb or a
        # cue: "PM Selandia Baru Grace Walker Kembali ke Jakarta"
        return (
            w in cx.lang.titles
            or cx.lang.is_(w, "time_word")
            or cx.title_case
            and (cx.finder.is_derived_word(w) or is_adverb(cx.lang, w) or w in cx.lang.cues)
        )

    if any(no_name(w) for w in words):
        run = next(x for x, w in enumerate(words) if no_name(w))
        if not run:
            return None
    surface = view.span(k, k + run)
    fuzzy = cx.finder.fuzzy_person(view, k, run)
    if fuzzy:
        return cx.state.entity(fuzzy, "", "", surface, MISSPELT), k + run, surface
    known = cx.state.person_by_name(view.folded[k : k + run])
    if known:
        return cx.state.entity(known, "", "", surface, SAME_PERSON), k + run, surface
    if run == 1 and view.folded[k] in cx.lang.roots:
        return None  # "Pejabat Senior mengatakan": a capitalised common word is no name
    return cx.state.entity(key_for(surface), surface, "Person", surface), k + run, surface


def _org_before(cx: Context, view: SentenceView, i: int) -> tuple[int, str] | None:
    """The state or organization named just before a title: "Japanese Prime Minister",
    "NATO Secretary-General", "China's foreign minister", "Chinese Foreign Ministry
    spokesperson"."""
    end = i - 1 if cx.lang.is_(view.word(i - 1), "possessive_marker") else i
    for n in range(min(end, 6), 0, -1):
        m = ministry_mention(cx, view, end - n)
        if m and m.end == end and m.key:
            return m.start, m.key
        hit = cx.finder.gazetteer_at(view, end - n)
        if (
            hit
            and hit[0] == n
            and cx.onto.entities[hit[1].key].type
            in (
                "Country",
                "Organization",
            )
        ):
            return end - n, cx.state.entity(hit[1].key, "", "", view.span(end - n, end))
        # "Israeli military chief": the country, where the longest name would be the army
        country = next((k for m, k in cx.finder.countries_at(view, end - n) if m == n), None)
        if country:
            return end - n, cx.state.entity(country, "", "", view.span(end - n, end))
    start = end
    while start > 0 and end - start < 6 and view.cap(start - 1) and view.tokens[start - 1].is_word:
        start -= 1
    if start < end and cx.finder.is_org_name(view.folded[start:end]):
        # "National Maritime Council spokesperson Alexander Lopez"
        return start, new_org(cx, view, start, end - start)
    return None


def _org_after(cx: Context, view: SentenceView, i: int) -> tuple[int, str | None]:
    """An organization or country named at token i ("the" before it skipped), and
    "(NATO)"-like asides after it."""
    while cx.lang.is_(view.word(i), "filler"):
        i += 1
    m = ministry_mention(cx, view, i)
    if m:
        return m.end, m.key
    hit = cx.finder.gazetteer_at(view, i)
    if hit and cx.onto.entities[hit[1].key].type in ("Country", "Organization"):
        end = i + hit[0]
        cx.state.entity(hit[1].key, "", "", view.span(i, end))
        if view.word(end) == "(":
            close = next(
                (k for k in range(end + 1, min(end + 6, len(view.tokens))) if view.word(k) == ")"),
                None,
            )
            if close is not None:
                inner = cx.finder.gazetteer_at(view, end + 1)
                if inner and inner[1].key == hit[1].key:
                    cx.state.entity(hit[1].key, "", "", view.tokens[end + 1].text)
                end = close + 1
        return end, hit[1].key
    run = cx.finder.name_run(view, i, set())
    words = view.folded[i : i + run]
    if run and cx.finder.is_org_name(words):
        return i + run, new_org(cx, view, i, run)
    return i, None


def new_org(cx: Context, view: SentenceView, i: int, run: int) -> str:
    """An organization the gazetteer lacks, named by an org word ("Institute", "Badan")."""
    surface = view.span(i, i + run)
    key = cx.state.entity(key_for(surface), surface, "Organization", surface)
    # "Dewan Maritim Nasional Filipina": an organ named with its state belongs to it
    for j in range(i + 1, i + run):
        hit = cx.finder.gazetteer_at(view, j)
        if hit and j + hit[0] == i + run and cx.onto.entities[hit[1].key].type == "Country":
            cx.state.part_of[key] = cx.state.entity(hit[1].key, "", "")
    return key


def ministry_mention(cx: Context, view: SentenceView, i: int) -> Mention | None:
    """ "Kementerian Luar Negeri Tiongkok" -> Ministry of Foreign Affairs of China;
    "Pemerintah Tiongkok" -> China; "Negeri Kim Jong Un" -> the country he leads."""
    if cx.lang.modifier_first:
        return _organ_after_country(cx, view, i)
    for words, cls, value in cx.lang.organ_phrases.get(view.word(i), ()):
        j = i + len(words)
        if tuple(view.folded[i:j]) != words:
            continue
        if cls == "head_country":
            person = _person_at(cx, view, j) if view.cap(i) else None
            if person:
                country = next(
                    (
                        o.org
                        for o in cx.onto.offices
                        if o.holder == person[0]
                        and o.relation == "leads"
                        and cx.onto.entities[o.org].type == "Country"
                    ),
                    None,
                ) or next(
                    (r[1] for r in cx.state.roles.get(person[0], []) if r[0] == "leads" and r[1]),
                    None,
                )
                if country:
                    cx.state.entity(country, "", "")
                    return Mention(i, person[1], "name", country, "Country", "", confidence=0.85)
            continue
        hit = cx.finder.gazetteer_at(view, j)
        if not hit or cx.onto.entities[hit[1].key].type != "Country":
            continue
        return _organ(cx, view, i, j + hit[0], hit[1].key, cls, value)
    return None


def _organ_after_country(cx: Context, view: SentenceView, i: int) -> Mention | None:
    """English order: "Chinese Foreign Ministry", "China's government", "Israeli forces"."""
    for n, country in cx.finder.countries_at(view, i):
        j = i + n
        if cx.lang.is_(view.word(j), "possessive_marker"):
            j += 1
        for words, cls, value in cx.lang.organ_phrases.get(view.word(j), ()):
            end = j + len(words)
            if tuple(view.folded[j:end]) == words and cls in ("ministry", "government"):
                return _organ(cx, view, i, end, country, cls, value)
    return None


def _organ(
    cx: Context, view: SentenceView, start: int, end: int, country: str, cls: str, value: str
) -> Mention:
    """A state's organ named by a ministry word, or its government (= the state)."""
    surface = view.span(start, end)
    known = cx.onto.aliases.get(tuple(view.folded[start:end]))
    if known and cls != "government":  # the gazetteer knows this organ by this very name
        key = cx.state.entity(known[0].key, "", "", surface)
        return Mention(start, end, "name", key, cx.state.entities[key].type, surface)
    if cls == "government":
        cx.state.entity(country, "", "", surface, "government of a state (ontology/*/words.tsv)")
        return Mention(start, end, "name", country, "Country", surface)
    key, label = ministry_key(value, cx.onto.entities[country].label)
    cx.state.entity(
        key, label, "Organization", surface, "ministry word + state (ontology/*/words.tsv)"
    )
    cx.state.part_of[key] = country
    cx.state.entity(country, "", "")
    return Mention(start, end, "name", key, "Organization", surface)
