"""Sentence analysis: a sentence's tokens, the word classes rules ask about, and the bounds of
its clauses and quotes.

Plain functions of the sentence (`SentenceView`), its language's data and, once mentions are
found, where names stand (`Names`): no article memory is read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.lexicon import Language, fold_word
from kg.text import Token, tokenize

_PUNCT_BREAK = frozenset({";", ":", "(", ")", "|"})


@dataclass(frozen=True)
class SentenceView:
    """A sentence's tokens with the folded forms every rule compares against."""

    tokens: list[Token]
    folded: list[str]
    text: str = ""

    def span(self, i: int, j: int) -> str:
        """The sentence's own text of tokens i..j-1 ("Yoon Suk-yeol", "King’s College")."""
        if i >= j:
            return ""
        return self.text[self.tokens[i].start : self.tokens[j - 1].end]

    def cap(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i].is_cap

    def word(self, i: int) -> str:
        """The folded word at i, "" outside the sentence (asked millions of times a run)."""
        if i < 0:
            return ""
        try:
            return self.folded[i]
        except IndexError:
            return ""

    def attached(self, i: int) -> bool:
        """Is token i written with no space before it?"""
        return 0 < i < len(self.tokens) and self.tokens[i].start == self.tokens[i - 1].end


@dataclass(frozen=True)
class Names:
    """Where a sentence's mentions stand: clause rules read names as boundaries."""

    covered: set[int]  # every token of a mention
    starts: set[int]
    ends: set[int]  # the last token of each mention


def view_of(text: str) -> SentenceView:
    tokens = tokenize(text)
    return SentenceView(tokens, [fold_word(t.text) for t in tokens], text)


def is_title_case(view: SentenceView) -> bool:
    """In a Title Case headline capitals say nothing about names. Judged on the first words:
    a scraped headline may run on into the body, and a body sentence may list many names."""
    words = caps = 0
    for t in view.tokens:
        if t.is_word and t.text.isalpha():
            words += 1
            caps += t.is_cap
            if words == 10:
                break
    return words >= 4 and caps > 0.7 * words


def quoted(view: SentenceView) -> tuple[str, int]:
    """The sentence's quoted text, and the index of its last closing quote mark (-1: none)."""
    inside = [k for k, t in enumerate(view.tokens) if t.in_quote]
    quote = view.span(inside[0], inside[-1] + 1) if inside else ""
    last_close = max(
        (
            k
            for k, t in enumerate(view.tokens)
            if t.text in '”"' and k > 0 and view.tokens[k - 1].in_quote
        ),
        default=-1,
    )
    return quote, last_close


# ---------------------------------------------------------------------- word classes
def is_adverb(lang: Language, word: str) -> bool:
    """An adverb or aspect word (words.tsv adverb) that may stand between a subject and its
    verb, or before a verb after a conjunction, without changing who acts."""
    return lang.is_(word, "adverb")


def before_name(lang: Language, word: str) -> bool:
    """A word that may stand between a preposition and its name: "dengan para", "with
    his (Vietnamese counterpart X)", "from the (United Nations)"."""
    return lang.is_(word, "filler") or lang.is_(word, "possessive")


_PREPOSITIONS = frozenset(
    {"locative", "directional", "source", "temporal", "preposition", "affiliation"}
)


def is_preposition(lang: Language, word: str) -> bool:
    return not _PREPOSITIONS.isdisjoint(lang.classes_of(word))


def is_verb(lang: Language, view: SentenceView, i: int) -> bool:
    w = view.word(i)
    if w in lang.roots or not view.tokens[i].is_word or view.cap(i) and i > 0:
        return False
    return any(
        a.affixed
        and a.voice in ("active", "passive")
        and a.clitic != "nya"
        or a.affixed
        and a.voice in ("active", "passive")
        for a in lang.analyze(w)
    )


def clause_voice(lang: Language, view: SentenceView, i: int) -> str:
    """English marks the passive with an auxiliary: "was invited by"."""
    k = i - 1
    while k >= 0 and (
        is_adverb(lang, view.word(k))
        or lang.is_(view.word(k), "negation")  # "was not invited by"
        or lang.is_(view.word(k), "manner")  # "was strongly condemned by"
    ):
        k -= 1
    return "passive" if lang.is_(view.word(k), "passive_aux") else "active"


_BEFORE_VERB = frozenset({"pronoun_person", "pronoun_speaker", "pronoun_group", "verb_marker"})


def verb_position(lang: Language, view: SentenceView, names: Names, i: int) -> bool:
    prev = view.word(i - 1)
    if prev == "," and relative_opening(lang, view, names, i - 1) is not None:
        return True  # "Biden, attending his last summit, met with Xi"
    return i - 1 in names.ends or not _BEFORE_VERB.isdisjoint(lang.classes_of(prev))


# ---------------------------------------------------------------------- clauses
def clause_start(
    lang: Language, view: SentenceView, names: Names, i: int, reporting: bool = True
) -> int:
    """Where the clause of token i begins; `reporting=False`: not after a reporting verb (for a
    verb coordinated with it: "Rojas menekankan ... dan menyampaikan")."""
    k = i - 1
    while k >= 0:
        w = view.word(k)
        if w == ")":
            paren = next((j for j in range(k - 1, max(-1, k - 8), -1) if view.word(j) == "("), -1)
            aside = k == i - 1 or lang.is_(view.word(k + 1), "coord") or k not in names.covered
            if paren > 0 and paren - 1 in names.ends and aside:
                # "Penjaga Pantai X (X Coast Guard) menembakkan", "Menteri Luar Negeri (Menlu)
                # X dan ...", "the European Union (EU) approved": an aside on a name (its
                # abbreviation), no clause break
                k = paren - 1
                continue
        dash = view.tokens[k].text in ("—", "–") or w == "-" and view.word(k - 1) == "-"
        if dash and any(k < s < i for s in names.starts):
            return k + 1  # "... -- the two countries agreed": a dash before a new subject
        classes = lang.classes_of(w)
        if (
            w in _PUNCT_BREAK
            and k not in names.covered  # "Menteri Luar Negeri (Menlu) X" is one name
            or dash_break(view, k)
            or "clause_break" in classes
            or "complementizer" in classes
            or reporting
            and "reporting_verb" in classes  # "X mengatakan Norwegia akan ..."
            # "... as the two held talks": a subordinate clause with a subject of its own
            or "subordinator" in classes
            and (
                k + 1 in names.starts
                or lang.is_(view.word(k + 1), "filler")
                and k + 2 in names.starts
            )
        ):
            return k + 1
        if (
            w == ","
            and k not in names.covered
            and not list_comma(lang, view, k)
            and not serial_comma(lang, view, names, k)
        ):
            opening = relative_opening(lang, view, names, k)
            if opening is None:
                return k + 1
            k = opening  # ", yang ... ," is an aside: the clause goes on before it
        if view.tokens[k].text in '“”"':
            return k + 1
        k -= 1
    return 0


def dash_break(view: SentenceView, k: int) -> bool:
    """A dash with spaces on both sides ("KABARKITA - Menteri ...", "... — perluasan pertama")
    ends a clause; a hyphen written close ("Eritrea-Etiopia") does not."""
    return (
        view.word(k) in ("-", "–", "—")
        and not view.attached(k)
        and not view.attached(k + 1)
        and k + 1 < len(view.tokens)
    )


def relative_opening(lang: Language, view: SentenceView, names: Names, k: int) -> int | None:
    """If the comma at k closes an aside after a name, the index of its opening comma:
    ", yang ... ," / ", who ... ," or a phrase that is no name of its own (", attending
    the summit," / ", sebagai ketua ASEAN,"; not the apposition ", Mao Ning,")."""
    j = k - 1
    while j > 0 and view.word(j) != ",":
        j -= 1
    if j <= 0 or j + 1 >= k:
        return None
    if any(_sentence_end(view, x) for x in range(j, k)):
        return None  # '..., menyiarkan seruan "lawan." Kemudian, ...': no aside
    if lang.is_(view.word(j + 1), "relative") or lang.is_(view.word(j + 1), "aside_opener"):
        return j  # ", yang ...,", ", terutama di forum X,"
    if j - 1 in names.ends and j + 1 not in names.starts and not view.cap(j + 1):
        return j
    return None


def _sentence_end(view: SentenceView, x: int) -> bool:
    """A quote mark, "!" or "?", or a full stop before a capitalised word (not "U.S. after")."""
    w = view.word(x)
    return (
        view.tokens[x].text in '"“”'
        or w in ("!", "?")
        or w == "."
        and not view.attached(x + 1)
        and view.cap(x + 1)
    )


def list_comma(lang: Language, view: SentenceView, k: int) -> bool:
    """ "Jerman, Swedia dan Norwegia": a comma inside a list of names, not a clause break."""
    if not (view.cap(k - 1) and view.cap(k + 1)):
        return False
    j = k + 1
    while j < len(view.tokens) and view.cap(j):
        j += 1
    return view.word(j) in (",",) or lang.is_(view.word(j), "coord")


def serial_comma(lang: Language, view: SentenceView, names: Names, k: int) -> bool:
    """ "X, Y, and Z": a comma between the names of a list of three or more."""
    if k - 1 in names.ends and k + 1 in names.starts:
        # "A, B-c, and D": the next name is followed by another comma or "and"
        end = min((e for e in names.ends if e > k), default=-1) + 1
        if end > 0 and (view.word(end) == "," or lang.is_(view.word(end), "coord")):
            return True
    if not (lang.is_(view.word(k + 1), "coord") and k + 2 in names.starts and k - 1 in names.ends):
        return False
    start = max((s for s in names.starts if s <= k - 1), default=-1)
    return start > 0 and view.word(start - 1) == "," and start - 2 in names.ends
