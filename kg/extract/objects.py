"""Objects of a cue and where its act took place: "... dengan X", "urged X to", "atas
kepemimpinan X", "partners like X", "met Xi in Beijing"."""

from __future__ import annotations

from kg.extract.arguments import source_after, with_coordinated
from kg.extract.context import Context
from kg.extract.cues import Trigger
from kg.extract.mentions import Mention
from kg.extract.sentence import (
    SentenceView,
    before_name,
    is_adverb,
    is_preposition,
    is_verb,
)


def objects_after(
    cx: Context, i: int, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    preps = trig.cue.preps
    by_start = {m.start: m for m in mentions if m.key or m.kind == "group"}
    if cx.lang.is_(view.word(trig.index), "act_complement"):
        # "mengancam akan menyerang Korea Selatan", "threatened to attack Israel": the
        # object of the act threatened is the threat's
        j = i
        while is_adverb(cx.lang, view.word(j)) or any(
            cx.lang.is_(view.word(j), c) for c in ("purpose", "planned")
        ):
            j += 1
        if j > i and (is_verb(cx.lang, view, j) or view.word(j) in cx.lang.roots):
            i = j + 1
    k = i
    # a hyphen compound after a genitive: "Perang Rusia-Ukraina"
    if view.word(k) == "-" and k + 1 in by_start and trig.voice == "noun":
        return with_coordinated(cx, by_start[k + 1], view, mentions)
    if any(cx.lang.is_(view.word(x), "speech_noun") for x in (i, i + 1)):
        # "menolak seruan gencatan senjata dari PBB", "rejected calls for a truce from the
        # UN": the author of what was said is the object
        author = source_after(cx, i + 1, 8, frozenset(), view, mentions)
        if author:
            return author
    skipped = 0
    # "mengecam tindakan kapal penjaga pantai China": the act's owner is the object; a
    # preposition the cue takes may stand a little further ("bantuan ... senilai ... untuk")
    limit = 7
    direct_limit = 4
    in_pp = False
    while k < len(view.tokens) and skipped <= limit:
        w = view.word(k)
        if cx.lang.is_(w, "complementizer") or (
            # a preposition the cue takes is no verb, whatever its shape ("terhadap")
            k > i and w not in preps and is_verb(cx.lang, view, k)
        ):
            break  # "menanggapi bahwa China ...": a clause, not an object
        if (
            cx.lang.is_(w, "ordinal_prefix")
            and view.word(k + 1) == "-"
            and view.word(k + 2).isdigit()
        ):
            k += 3  # "anggota ke-11 ASEAN": an ordinal, not the preposition "ke"
            continue
        if cx.lang.is_(" ".join(view.folded[k : k + 2]), "place_noun") and k + 2 in by_start:
            return [by_start[k + 2]]  # "seized the town of Avdiivka"
        if w not in preps and cx.lang.is_(w, "temporal") and (end := _past_time(cx, view, k)):
            k = end  # "berbicara pada awal Mei dengan X": a time adjunct, then the object
            continue
        if w not in preps and is_preposition(cx.lang, w):
            if in_pp or not preps - {"-", "*"}:
                break  # "meet in Vientiane": a place adjunct, not the object
            # "cooperate on defence matters with X": one topic or place phrase may stand
            # before the cue's own preposition; no name in it is the object
            in_pp = True
            skipped += 1
            k += 1
            continue
        if in_pp and k in by_start:
            skipped += 1
            k = by_start[k].end
            continue
        if cx.lang.is_(w, "relation_noun") or cx.lang.is_(w, "between"):
            break  # "memuji hubungan Rusia dan Indonesia", "menanggapi ketegangan antara X dan
            # Y": the parties, not the object
        if cx.lang.is_(w, "people_noun"):
            break  # "mengundang perusahaan China": the firms are invited, not their state
        if k in by_start and _modifier_name(cx, view, by_start[k]):
            break  # "hosts G20 summit": the name modifies a noun, it is not the object
        if k in by_start and ("-" in preps or skipped == 0 and trig.voice != "noun"):
            if "-" in preps and skipped <= direct_limit:
                (head,) = _owned(view, by_start, [by_start[k]])
                found = _own_clause(cx, view, with_coordinated(cx, head, view, mentions))
                return _owned(view, by_start, found)
            break
        if (
            w in preps
            and cx.lang.is_(w, "locative")
            and "-" in preps
            and skipped
            and not (k + 1 in by_start and by_start[k + 1].type == "Country")
            and not any(cx.lang.is_(x, "place_noun") for x in view.folded[i:k])
        ):
            # "menyerang kendaraan-kendaraan di Golan": the vehicles, in a place (but "menyerang
            # dua pos militer di Armenia" attacks the state, "membombardir desa di X" X)
            break
        if w in preps and w != "-":
            j = k + 1
            while before_name(cx.lang, view.word(j)):
                j += 1
            if cx.lang.is_(view.word(j), "counterpart"):
                # "dengan rekan dari Kanada", "dengan mitranya, Menlu Jepang X"
                j += 1
                while view.word(j) == "," or cx.lang.is_(view.word(j), "affiliation"):
                    j += 1
            j = _past_owned_noun(cx, view, j)
            if j in by_start:
                (head,) = _owned(view, by_start, [by_start[j]])
                found = _own_clause(cx, view, with_coordinated(cx, head, view, mentions))
                return _known_place(cx, _owned(view, by_start, found))
            return _examples(cx, j, view, by_start, mentions) or _owner_after(
                cx, j, view, by_start, mentions
            )
        if w in (",", ".", ";") or cx.lang.is_(w, "clause_break"):
            if w == "," and ("-" in preps or trig.voice == "noun"):
                return _examples(cx, k, view, by_start, mentions)
            break
        if cx.lang.is_(w, "filler") or is_adverb(cx.lang, w) or w == "yang":
            # "secara tertutup": an adverb made of a marker and a word
            k += 2 if cx.lang.is_(w, "adverb_marker") else 1
            continue
        if w == "-" and view.attached(k) and view.attached(k + 1):
            k += 1  # "kapal perang-kapal perang": a plural, no more words
            while k < len(view.tokens) and view.word(k) in view.folded[i:k] and not view.cap(k):
                k += 1
            continue
        skipped += 1
        k += 1
    if "*" in preps:
        # a deal's counterparty after any preposition: "kesepakatan ... ke Polandia"
        end = next(
            (
                x
                for x in range(i, len(view.tokens))
                if view.word(x) in (";",) or cx.lang.is_(view.word(x), "clause_break")
            ),
            len(view.tokens),
        )
        for m in mentions:
            if (
                i <= m.start < end
                and m.key
                and view.word(m.start - 1) in ("ke", "kepada", "dengan", "untuk", "bagi")
            ):
                return [m]
    return []


def _own_clause(cx: Context, view: SentenceView, found: list[Mention]) -> list[Mention]:
    """The objects up to a name that opens a clause of its own, with its verb after it: "bertemu
    Xi Jinping, dan Retno mengatakan ...", "met Xi, and Blinken said ..." (Retno, Blinken:
    the next clause's subjects, not objects)."""
    for n, m in enumerate(found[1:], 1):
        k = m.end
        if (
            k in cx.verb_cues
            or cx.lang.is_(view.word(k), "reporting_verb")
            or is_verb(cx.lang, view, k)
        ):
            return found[:n]
    return found


def _owned(view: SentenceView, by_start: dict[int, Mention], found: list[Mention]) -> list[Mention]:
    """ "urged China's Xi Jinping": a name owned by the one before it is the object, its owner
    only says whose it is (the tokenizer makes the English 's a token of its own)."""
    return [
        by_start[m.end + 1] if view.word(m.end) in ("'s", "’s") and m.end + 1 in by_start else m
        for m in found
    ]


def _known_place(cx: Context, found: list[Mention]) -> list[Mention]:
    """ "di Bandara Internasional Sheremetyevo, Moskow": a venue and its city are one place;
    of places only, keep those the gazetteer knows."""
    if len(found) < 2 or not all(m.key and cx.state.is_place(m.key) for m in found):
        return found
    known = [m for m in found if m.key in cx.onto.entities]
    return known or found


def _past_time(cx: Context, view: SentenceView, k: int) -> int:
    """After a temporal preposition at k, the end of its time phrase ("pada akhir November",
    "pada Senin (1/4)", "on Monday"), if it names a time; else 0."""
    j, timed = k + 1, False
    while j < min(len(view.tokens), k + 8):
        w = view.word(j)
        if cx.lang.is_(w, "time_word") or w.isdigit():
            timed = True
        elif not (w in ("(", ")", "/") or not view.cap(j) and j < k + 3 and w.isalpha()):
            break
        j += 1
    return j if timed else 0


def _past_owned_noun(cx: Context, view: SentenceView, j: int) -> int:
    """After a cue's preposition, the owner of what the act is about stands for its object:
    "atas kepemimpinan Presiden X", "terhadap gudang senjata Y", "ke arah perahu-perahu
    Vietnam". Where a name follows up to three such common nouns, its index; else j."""
    if cx.lang.modifier_first:
        return j  # English puts the owner first ("Russia's invasion")
    k, nouns = j, 0
    while nouns < 3 and k < len(view.tokens):
        w = view.word(k)
        if (
            not view.tokens[k].is_word
            or view.cap(k)
            or cx.finder.is_function_word(w)
            or is_verb(cx.lang, view, k)
        ):
            break
        k += 1
        nouns += 1
        if view.word(k) == "-" and view.attached(k) and view.attached(k + 1):
            k += 2  # "kapal-kapal"
    return k if nouns and k in cx.names.starts else j


def _examples(
    cx: Context, k: int, view: SentenceView, by_start: dict[int, Mention], mentions: list[Mention]
) -> list[Mention]:
    """ "with various leaders, including X and Y", "partners like the United States": the
    names a common noun's examples give, a few words on in the same clause."""
    for x in range(k, min(len(view.tokens), k + 6)):
        w = view.word(x)
        phrase = cx.lang.is_(" ".join(view.folded[x : x + 2]), "example_marker")
        if cx.lang.is_(w, "example_marker") or phrase:
            j = x + (2 if phrase else 1)
            while before_name(cx.lang, view.word(j)):
                j += 1
            return with_coordinated(cx, by_start[j], view, mentions) if j in by_start else []
        if w in (".", ";") or cx.lang.is_(w, "clause_break") or x in by_start:
            return []
    return []


def _owner_after(
    cx: Context, k: int, view: SentenceView, by_start: dict[int, Mention], mentions: list[Mention]
) -> list[Mention]:
    """ "gratitude for the presence of the defence ministers of Chile and Peru",
    "support for the sovereignty of Ukraine": after a cue's preposition, the name a chain of
    common nouns joined by "of" ends in."""
    for x in range(k, min(len(view.tokens), k + 9)):
        w = view.word(x)
        if x in by_start:
            if (
                cx.lang.is_(view.word(x - 1), "genitive_of")
                or cx.lang.is_(view.word(x - 1), "filler")
                and cx.lang.is_(view.word(x - 2), "genitive_of")
            ):
                return with_coordinated(cx, by_start[x], view, mentions)
            return []
        if not view.tokens[x].is_word or view.cap(x) or is_verb(cx.lang, view, x):
            return []
        if is_preposition(cx.lang, w) and not cx.lang.is_(w, "genitive_of"):
            return []
    return []


def _modifier_name(cx: Context, view: SentenceView, m: Mention) -> bool:
    """In English a name before a common noun modifies it ("G20 summit", "NATO allies")."""
    if not cx.lang.modifier_first or m.kind != "name":
        return False
    nxt = view.word(m.end)
    return (
        nxt.isalpha()
        and not view.cap(m.end)
        and m.end not in cx.names.covered
        and not any(nxt in words for words in cx.lang.words.values())
        # a noun cue is a noun too ("the ASEAN summit"); a verb cue is the name's verb
        and (nxt not in cx.lang.cues or any(c.pos == "noun" for c in cx.lang.cues[nxt]))
        and not is_verb(cx.lang, view, m.end)
        and not cx.lang.analyze(nxt)
    )


def obliged(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> list[Mention]:
    """Who must do something: the name right before a modal of obligation ("Russia (also)
    needs to"), not a pronoun or the speaker's "we"."""
    k = trig.index
    while k > 0 and is_adverb(cx.lang, view.word(k - 1)):
        k -= 1
    m = next((x for x in mentions if x.end == k and x.key), None)
    if m is None or m.key is None or m.kind not in ("name", "title", "role"):
        return []
    if cx.state.is_place(m.key) and cx.state.actor(m.key) == m.key:
        return []  # a place is no addressee
    return [m]


def _own_noun(cx: Context, trig: Trigger, view: SentenceView, k: int) -> int:
    """Where a noun of the cue's own act stands a few words from k ("peace and trade
    agreements"), -1 if none."""
    for x in range(k, min(len(view.tokens), k + 5)):
        if any(c.predicate == trig.cue.predicate for c in cx.lang.cues.get(view.word(x), [])):
            return x
    return -1


def meeting_place(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention]
) -> Mention | None:
    """Where a meeting took place: "met Xi in Beijing", "held talks with business leaders of
    both sides in Osaka" (words.tsv venue), right after the cue and the parties it
    names; not the place of a topic ("discussed the war in Sudan")."""
    by_start = {m.start: m for m in mentions if m.key or m.kind == "group"}
    party = False  # inside the phrase that names the other party ("with executives from")
    own = -1  # the act's own noun after the cue ("signed ... agreements")
    k = trig.end
    while k < min(len(view.tokens), trig.end + 14):
        w = view.word(k)
        if k in by_start and not cx.lang.is_(w, "venue"):
            k = by_start[k].end
            continue
        if cx.lang.is_(w, "venue"):
            j = k + 1
            while cx.lang.is_(view.word(j), "filler"):
                j += 1
            m = by_start.get(j)
            if (
                m
                and m.key
                and (cx.state.is_place(m.key) or cx.state.entities[m.key].type == "Country")
            ):
                return m
            return None
        if w in trig.cue.preps or cx.lang.is_(w, "source") or cx.lang.is_(w, "between"):
            party = True  # "... with X", "pertemuan antara X dan Y"
        elif k <= own or (own := _own_noun(cx, trig, view, k)) >= 0:
            pass  # "signed peace and trade agreements at ...": up to the act's own noun
        elif not (
            party
            or cx.lang.is_(w, "filler")
            or cx.lang.is_(w, "possessive")  # "met her Chinese counterpart X in Y"
            or cx.lang.is_(w, "temporal")
            or cx.lang.is_(w, "time_word")
            or cx.lang.is_(w, "occur_verb")  # "pertemuan ... berlangsung di X", "was held in X"
            or is_adverb(cx.lang, w)
            or w.isdigit()
        ):
            return None
        if w in (",", ";", ".") or cx.lang.is_(w, "clause_break"):
            return None
        k += 1
    return None
