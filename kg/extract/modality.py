"""Modality: whether a cue's act happened, or was only denied, hoped for, demanded,
threatened or planned; and who speaks a sentence's quote or reported clause."""

from __future__ import annotations

from kg.extract.context import Context
from kg.extract.cues import Trigger, cues_for
from kg.extract.facts import add_fact
from kg.extract.mentions import Mention
from kg.extract.sentence import SentenceView, clause_start, is_adverb, is_verb, quoted
from kg.lexicon import Cue, Language
from kg.model import Fact, Sentence

# Acts whose complement is only wanted, not done: "mengundang Xi untuk berkunjung".
_DEMANDS = frozenset({"urged", "asked", "invited"})


def quote_speaker(
    cx: Context, view: SentenceView, mentions: list[Mention]
) -> tuple[str | None, str]:
    """Who speaks the quotation or the reported clause of this sentence, and the quote."""
    quote, last_close = quoted(view)
    by_start = {m.start: m for m in mentions}
    if last_close >= 0:
        # "…,” kata X" / "…,” ujarnya" / "…,” said X"
        k = last_close + 1
        while view.word(k) == ",":
            k += 1
        found, said = _attribution_at(cx, view, k, by_start)
        if found:
            # An explicit attribution names the speaker; when it names no entity we know
            # ("…,” tulis Times"), the speaker is unknown, not whoever spoke before.
            return said, quote
    else:
        # "Ukraina menyerang Rusia di perbatasan, kata Lavrov.": the attribution after a
        # reported clause with no quotation marks, after its last comma
        k = len(view.tokens) - 1
        while k > 0 and view.word(k - 1) != ",":
            k -= 1
        found, said = _attribution_at(cx, view, k, by_start) if k > 0 else (False, None)
        if said:
            return said, quote
    for m in mentions:
        if not m.key:
            continue
        # "X mengatakan (bahwa) ...", "“…,” Stoltenberg said", "“…,” he said"
        nxt = m.end
        while is_adverb(cx.lang, view.word(nxt)) or cx.lang.is_(view.word(nxt), "temporal"):
            nxt += 1
        if cx.lang.is_(view.word(nxt), "reporting_verb") and (
            m.type == "Person"
            # '“…,” the Chinese Foreign Ministry stated': a quote's attribution
            or 0 <= last_close < m.start <= last_close + 3
            # "The Kremlin said ...", "Kemlu RI menyatakan ...": a body that opens the
            # sentence and says the rest
            or m.type in ("Organization", "Country")
            and _opens(cx, view, m.start)
        ):
            if last_close < 0 or m.start > last_close + 3:
                cx.speech_from = m.start  # what the clause before told is not theirs
            return cx.state.actor(m.key), quote
        # "Menurut X, ..." / "according to X"
        before = " ".join(view.folded[max(0, m.start - 2) : m.start])
        if cx.lang.is_(view.word(m.start - 1), "according_to") or cx.lang.is_(
            before, "according_to"
        ):
            return m.key, quote
    if quote and view.tokens and view.tokens[0].text in '“"':
        return cx.state.last_speaker, quote  # a quote going on from the last speaker
    return None, quote


def _opens(cx: Context, view: SentenceView, start: int) -> bool:
    """Whether only a determiner stands before token `start` ("The Kremlin")."""
    return all(cx.lang.is_(view.word(k), "stopword") for k in range(start))


def _attribution_at(
    cx: Context, view: SentenceView, k: int, by_start: dict[int, Mention]
) -> tuple[bool, str | None]:
    """Whether an attribution stands at token k ("kata X", "ujarnya", "said X"), and whom it
    names: the name after it, or for "-nya" the one who spoke last."""
    readings = cx.lang.analyze(view.word(k))
    if any(cx.lang.is_(a.root, "reporting") and a.clitic == "nya" for a in readings):
        return True, cx.state.last_speaker or cx.state.last_person
    if cx.lang.is_(view.word(k), "reporting") or any(
        cx.lang.is_(a.root, "reporting") for a in readings
    ):
        m = by_start.get(k + 1)
        return True, (cx.state.actor(m.key) if m and m.key else None)
    return False, None


def asked(cx: Context, view: SentenceView) -> bool:
    """A question asks, it tells nothing: "Apakah China akan menyerang Taiwan?", "Will China
    attack Taiwan?". It ends with a question mark and opens with a question word (words.tsv
    class question); a headline that asks after telling ("… di Perang Rusia-Ukraina, Siapa?")
    still tells."""
    words = [t for t in view.tokens if t.is_word or t.text == "?"]
    if not words or words[-1].text != "?":
        return False
    return cx.lang.is_(words[0].text.casefold(), "question")


def negated(cx: Context, view: SentenceView, t: int, mentions: list[Mention]) -> bool:
    """A negation between the clause start (or the nearest name) and the cue."""
    starts = {m.end for m in mentions}
    for k in range(t - 1, max(-1, t - 6), -1):
        w = view.word(k)
        if cx.lang.is_(" ".join(view.folded[k : k + 2]), "not_negation"):
            continue  # "tidak hanya mengecam", "not only criticized": it happened
        # a word or a two-word phrase ("membantah telah", "refused to") ending here
        classes = cx.lang.classes_of(w)
        if "negation" in classes or cx.lang.is_(
            " ".join(view.folded[max(0, k - 1) : k + 1]), "negation"
        ):
            return True
        if k + 1 in starts and k + 1 <= t - 1 or w in (",", ";") or "clause_break" in classes:
            break
    return False


def denied(cx: Context, view: SentenceView, t: int) -> bool:
    """The act is what someone denies: "membantah (bahwa) Rusia menyerang Ukraina", "denied
    that Russia attacked Ukraine" (words.tsv class deny_verb), unless a coordination or another
    clause stands between ("membantah tuduhan itu dan menyerang X": the attack was made)."""
    for k in range(t - 1, max(-1, t - 10), -1):
        classes = cx.lang.classes_of(view.word(k))
        if "deny_verb" in classes:
            return True
        if not _CLAUSE_ENDS.isdisjoint(classes) or view.word(k) in (";", ".", ":"):
            return False
    return False


_CLAUSE_ENDS = frozenset({"coord", "coord_verb", "clause_break"})


def hoped(cx: Context, view: SentenceView, trig: Trigger, mentions: list[Mention]) -> bool:
    """Only hoped-for or demanded: "berharap NATO akan ...", "mendesak X untuk ..."."""
    if cx.lang.is_(view.word(trig.index - 1), "presuppose_verb") and trig.voice == "noun":
        # "ingin memperkuat kerja sama dengan X": what is to be strengthened exists
        return False
    if cx.lang.is_(view.word(trig.index - 1), "continuative"):
        # "bertekad untuk tetap bekerja sama dengan X": an act that goes on is under way
        return False
    if _act_complement_before(cx.lang, view, trig.index):
        return True  # "mengancam akan menyerang X": threatened, not attacked
    start = clause_start(cx.lang, view, cx.names, trig.index)
    for k in range(trig.index - 1, max(start - 1, trig.index - 8), -1):
        w = view.word(k)
        classes = cx.lang.classes_of(w)
        if "hope" in classes:
            # "said his country would send aid": reported "will", planned not hoped
            return not _backshifted(cx.lang, view, k)
        if "coord" in classes or "coord_verb" in classes:
            return False  # "... dan meminta Jepang": a second act of the same actor
        if "purpose" in classes:
            # "mendesak Korea Selatan untuk mengirim bantuan": the demanded act
            return any(
                c.predicate in _DEMANDS or c.pos == "hope"
                for kk in range(start, k)
                for c in _cues_at(cx, view, kk)
            )
    # "NATO Mendesak Korea Selatan Kirim Bantuan": a bare verb after an urge's object
    for kk in range(start, trig.index):
        for c in _cues_at(cx, view, kk):
            if (c.predicate in _DEMANDS or c.pos == "hope") and c is not trig.cue:
                between = [m for m in mentions if kk < m.start < trig.index]
                if between and not any(
                    cx.lang.is_(view.word(x), c)
                    for x in range(kk, trig.index)
                    # "urged Xi ... as the two held talks": a clause of its own
                    for c in ("coord", "coord_verb", "subordinator")
                ):
                    return True
    return False


def _cues_at(cx: Context, view: SentenceView, k: int) -> list[Cue]:
    """The cues written at token k, a phrase only with all its words ("called" is no
    "call on")."""
    return [
        c
        for c, _, _ in cues_for(cx, view.word(k), view, k)
        if tuple(view.folded[k + 1 : k + len(c.words)]) == c.words[1:]
    ]


def _act_complement_before(lang: Language, view: SentenceView, t: int) -> bool:
    """A verb whose object is this act stands just before it ("mengancam akan", "vowed
    to"), with only adverbs, purpose words or a planned marker between."""
    k = t - 1
    if lang.is_(view.word(k), "light_verb"):
        k -= 1  # "threatened to impose sanctions": the noun cue's light verb is the act
    while k >= 0 and (
        is_adverb(lang, view.word(k))
        or lang.is_(view.word(k), "purpose")
        or lang.is_(view.word(k), "planned")
    ):
        k -= 1
    return k >= 0 and k < t - 1 and lang.is_(view.word(k), "act_complement")


def _backshifted(lang: Language, view: SentenceView, k: int) -> bool:
    """A future in reported speech: "would" (words.tsv backshift) after "said"."""
    if not lang.is_(view.word(k), "backshift"):
        return False  # (first: most words are none, and the search for "said" scans back)
    said = next((j for j in range(k - 1, -1, -1) if lang.is_(view.word(j), "reporting_verb")), -1)
    # "said there was a possibility that X would meet Y": only possible, not planned
    return said >= 0 and not any(lang.is_(view.word(j), "uncertain") for j in range(said, k))


# How much less sure an act is when the text only reports or alleges it.
HEDGED = 0.6


def hedged(cx: Context, view: SentenceView, t: int) -> bool:
    """Told as alleged or reported, not as known: "Israel diduga mengebom ...", "reportedly
    struck" (words.tsv class hedge, within three words before the cue)."""
    return any(cx.lang.is_(view.word(k), "hedge") for k in range(max(0, t - 3), t))


def _future(cx: Context, view: SentenceView, k: int) -> bool:
    """A planned marker at k: "akan menyerang", "yakin akan bertemu", not the preposition
    "akan" before a noun after a word that governs it ("sadar akan invasi Rusia": aware of an
    invasion; words.tsv class governs_akan)."""
    lang = cx.lang
    return lang.is_(view.word(k), "planned") and not (
        lang.is_(view.word(k - 1), "governs_akan")
        and k + 1 not in cx.verb_cues
        and not is_verb(lang, view, k + 1)
    )


def _in_future_time_clause(cx: Context, view: SentenceView, t: int) -> bool:
    """ "will discuss food security when he meets Biden", "akan membahas ... saat bertemu
    Biden": an act in a time clause (words.tsv class time_clause, a few words before it) after
    a main clause told in the future is to come too."""
    for k in range(t - 1, max(-1, t - 5), -1):
        if view.word(k) in (",", ";", "."):
            return False
        if cx.lang.is_(view.word(k), "time_clause"):
            return any(_future(cx, view, j) for j in range(k))
    return False


def is_planned(cx: Context, view: SentenceView, t: int) -> bool:
    if any(_future(cx, view, k) or _backshifted(cx.lang, view, k) for k in range(max(0, t - 3), t)):
        return True
    if _in_future_time_clause(cx, view, t):
        return True
    # "dijadwalkan bertolak ke Washington untuk bertemu Biden": the purpose of a planned
    # act is planned too
    purpose = next(
        (k for k in range(t - 1, max(-1, t - 3), -1) if cx.lang.is_(view.word(k), "purpose")),
        None,
    )
    return purpose is not None and any(
        _future(cx, view, k) for k in range(clause_start(cx.lang, view, cx.names, purpose), purpose)
    )


def reply_denial(cx: Context, view: SentenceView, sent: Sentence, speaker: str | None) -> None:
    """ "Menanggapi X, Y mengatakan bahwa ... bukan tantangan": Y rejected X's claim."""
    replies = [f for f in cx.sentence_facts() if f.predicate == "respondedTo"]
    if not replies or not any(cx.lang.is_(w, "denial") for w in view.folded):
        return
    for f in replies:
        add_fact(
            cx,
            Fact(
                f.subject,
                "rejected",
                f.object,
                sent.index,
                round(f.confidence * 0.8, 3),
                f"{cx.lang.code}.reply-denial",
                f.speaker or speaker,
                f.quote,
                f.planned,
            ),
        )


def said_by(
    cx: Context, trig: Trigger, view: SentenceView, mentions: list[Mention], speaker: str | None
) -> list[Mention]:
    """Who says the reported clause or quote a cue stands in: the sentence's speaker, or an
    organization or state that reports it ("the Chinese Foreign Ministry stated")."""
    if speaker:
        return [Mention(trig.index, trig.index, "pronoun", speaker, confidence=0.85)]
    in_quote = view.tokens[trig.index].in_quote
    for m in mentions:
        if not m.key or m.kind not in ("name", "title", "role"):
            continue
        r = m.end
        while is_adverb(cx.lang, view.word(r)) or cx.lang.is_(view.word(r), "temporal"):
            r += 1
        if not cx.lang.is_(view.word(r), "reporting_verb"):
            continue
        if r < trig.index and not in_quote or in_quote and m.start > trig.index:
            return [m]  # "X said Y must ..." / "“Y must ...,” X stated"
    return []


def threat_frame(cx: Context, view: SentenceView, t: int) -> bool:
    """ "bersumpah akan menyerbu X", "vowed to strike X": a hostile act announced for the
    future (words.tsv threat_frame, then a planned marker) is a threat, not the act."""
    k = t - 1
    while k >= 0 and is_adverb(cx.lang, view.word(k)) and not cx.lang.is_(view.word(k), "planned"):
        k -= 1
    if k < 0 or not (cx.lang.is_(view.word(k), "planned") or cx.lang.is_(view.word(k), "purpose")):
        return False
    k -= 1
    while k >= 0 and is_adverb(cx.lang, view.word(k)):
        k -= 1
    return k >= 0 and cx.lang.is_(view.word(k), "threat_frame")
