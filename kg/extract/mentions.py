"""Mentions: spans of a sentence that name an entity, a role, a pronoun or a group (`Mention`),
and `MentionFinder`, which matches a sentence against one language's names and titles with no
memory of the article: gazetteer names (longest match; acronyms case-sensitive), misspelt
known names, capitalised name runs.

references.py finds a sentence's mentions in this order, each later step only where no
earlier one matched: titles with their organization and holder ("Perdana Menteri (PM) Jepang
Fumio Kishida"), ministries and governments of a country ("Kementerian Luar Negeri
Tiongkok"), gazetteer names, misspelt known names, capitalised names typed by cues.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.sentence import SentenceView
from kg.lexicon import Alias, GazEntity, Language, Ontology, fold, key_for

# Words that may stand between a title and the name it introduces.
_SKIP_IN_TITLE = frozenset({"(", ")", ",", "itu", "ini", "tersebut", "sang", "yang"})


@dataclass
class Mention:
    start: int  # token index
    end: int  # exclusive
    kind: str  # name | title | role | pronoun | speaker | group | reporter
    key: str | None = None  # entity key once known
    type: str = ""
    surface: str = ""
    lang: str = "id"
    # the office a title gives: (relation, org key, English title)
    role: tuple[str, str | None, str] | None = None
    # another office the same words give: "Menteri Luar Negeri Chili sekaligus ketua partai, X"
    also: list[tuple[str, str | None, str]] = field(default_factory=list)
    count: int = 0  # for groups: how many ("dua negara")
    members: list[str] = field(default_factory=list)  # for resolved groups
    confidence: float = 1.0


def _edit1(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion or substitution."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class MentionFinder:
    """Finds mentions in one sentence; holds no per-article state."""

    def __init__(self, onto: Ontology, lang: Language) -> None:
        self.onto = onto
        self.lang = lang
        self._persons_but_one = onto.persons_but_one  # computed once per ontology
        # The words a title or a state's organ may begin with ("Presiden", "Kementerian";
        # in English the country first: "Chinese Foreign Ministry") and those a gazetteer
        # name may begin with: the mention loops pass every other word by with one look-up.
        organ_starts = onto.alias_lengths if lang.modifier_first else lang.organ_phrases
        self.title_starts = frozenset(lang.titles) | frozenset(organ_starts)
        self.name_starts = frozenset(onto.alias_lengths)
        self._reporter_words: dict[str, bool] = {}
        self._cue_words: dict[str, bool] = {}

    # ---- gazetteer ----
    def _alias_ok(self, view: SentenceView, i: int, n: int, alias: Alias) -> bool:
        surface_toks = [t.text for t in view.tokens[i : i + n]]
        if alias.surface.isupper() or alias.kind == "abbr":
            # Acronyms match only as written: "AS" the country, not "as".
            return "".join(surface_toks) == "".join(alias.surface.split()).replace("-", "-")
        if view.cap(i):
            return True
        ent = self.onto.entities[alias.key]
        # Reporters write known names in lower case now and then ("kata stoltenberg").
        return (
            ent.type == "Person"
            and len(alias.surface) >= 6
            and fold(alias.surface) not in (self.lang.roots)
        )

    def gazetteer_at(self, view: SentenceView, i: int) -> tuple[int, Alias] | None:
        lengths = self.onto.alias_lengths.get(view.word(i))
        if not lengths:
            return None  # no gazetteer name begins with this word (most words)
        if self.lang.is_(view.word(i - 1), "language_marker"):
            return None  # "bahasa Inggris" is the English language, not the United Kingdom
        n_max = len(view.tokens) - i
        for n in lengths:
            if n > n_max:
                continue
            aliases = self.onto.aliases.get(tuple(view.folded[i : i + n]))
            if not aliases:
                continue
            if (
                n < len(view.tokens) - i
                and view.word(i + n) == "-"
                and view.attached(i + n)
                and (view.attached(i + n + 1) and not view.cap(i + n + 1))
            ):
                continue  # "Undang-undang", "negara-negara": a reduplicated word, not a name
            ok = [
                a
                for a in aliases
                if self._alias_ok(view, i, n, a) and not self._other_state_follows(view, i + n, a)
            ]
            if ok:
                kinds = ("name", "short", "abbr", "epithet", "metonym", "surname", "demonym")
                ok.sort(key=lambda a: kinds.index(a.kind) if a.kind in kinds else len(kinds))
                return n, ok[0]
        return None

    def _other_state_follows(self, view: SentenceView, j: int, alias: Alias) -> bool:
        """ "Badan Keamanan Laut Malaysia" is not Indonesia's Badan Keamanan Laut."""
        owner = self.onto.entities[alias.key].part_of
        if not owner or j >= len(view.tokens):
            return False
        nxt = self.gazetteer_at(view, j)
        return bool(
            nxt and nxt[1].key != owner and self.onto.entities[nxt[1].key].type == "Country"
        )

    def countries_at(self, view: SentenceView, i: int) -> list[tuple[int, str]]:
        """Every (length, key) of a country name starting at i, shortest first: "Israeli" in
        "Israeli military", where the longest gazetteer name would be the army itself."""
        out: list[tuple[int, str]] = []
        lengths = self.onto.alias_lengths.get(view.word(i), ())
        for n in reversed(lengths):
            if n > len(view.tokens) - i:
                break
            for alias in self.onto.aliases.get(tuple(view.folded[i : i + n]), []):
                if self.onto.entities[alias.key].type == "Country" and self._alias_ok(
                    view, i, n, alias
                ):
                    out.append((n, alias.key))
        return out

    def fuzzy_person(self, view: SentenceView, i: int, n: int) -> str | None:
        """A known person's name misspelt by one letter ("Kim Jon Un")."""
        words = tuple(view.folded[i : i + n])
        hits = {
            key
            for p in range(n)
            for known, key in self._persons_but_one.get((p, words[:p] + words[p + 1 :]), [])
            if known != words[p] and len(known) >= 3 and _edit1(known, words[p])
        }
        return hits.pop() if len(hits) == 1 else None

    # ---- names not in the gazetteer ----
    def name_run(self, view: SentenceView, i: int, stop: set[int]) -> int:
        """Length of the capitalised name starting at i ("Lee Jong-sup", "Chey Institute for
        Advanced Studies"), 0 if none."""
        j = i
        while j < len(view.tokens) and j not in stop:
            if view.cap(j) and view.tokens[j].is_word:
                j += 1
            elif (
                view.word(j) == "-"
                and view.attached(j)
                and view.attached(j + 1)
                and j + 1 < len(view.tokens)
                and view.tokens[j + 1].is_word
                and j > i
            ):
                j += 2  # "Suk-yeol", "Jong-sup"
            elif (
                self.lang.is_(view.word(j), "name_connector")
                and j > i
                and view.word(j + 1) == "-"
                and view.attached(j + 1)
                and view.attached(j + 2)
                and view.cap(j + 2)
                and j + 2 not in stop
            ):
                j += 3  # "Khalil al-Rashid", "Abdel Fattah el-Sisi"
            elif (
                self.lang.is_(view.word(j), "name_connector")
                and j > i
                and view.cap(j + 1)
                and j + 1 not in stop
                and not self.gazetteer_at(view, j + 1)  # "Grace Walker of New Zealand"
            ):
                j += 1
            else:
                break
        while j > i and self.lang.is_(view.word(j - 1), "name_connector"):
            j -= 1
        return j - i

    def is_common_word(self, word: str) -> bool:
        if word in self.lang.roots:
            return True
        return any(a.affixed for a in self.lang.analyze(word))

    def is_function_word(self, word: str) -> bool:
        """A word of a closed class (prepositions, conjunctions, pronouns ...)."""
        return word in self.lang.function_words

    def is_reporter_word(self, word: str) -> bool:
        """A reporting verb with the third person's clitic ("katanya", "ujarnya"), memoized:
        asked of nearly every word."""
        known = self._reporter_words.get(word)
        if known is None:
            known = any(
                a.clitic == "nya" and self.lang.is_(a.root, "reporting")
                for a in self.lang.analyze(word)
            )
            self._reporter_words[word] = known
        return known

    def may_be_cue(self, word: str) -> bool:
        """Whether a cue may be written so: as its word (bare or with "-nya"), or as an
        affixed verb of its root. Memoized: asked of every word; most are no cue at all."""
        known = self._cue_words.get(word)
        if known is None:
            cues = self.lang.cues
            known = (
                word in cues
                or word.endswith("nya")
                and word[:-3] in cues
                or any(a.affixed and a.root in cues for a in self.lang.analyze(word))
            )
            self._cue_words[word] = known
        return known

    def is_org_name(self, words: list[str]) -> bool:
        return any(self.lang.is_(w, "org_head") for w in words)

    def looks_like_person(self, words: list[str]) -> bool:
        if any(
            self.lang.is_(w, cls) for w in words for cls in ("time_word", "not_name", "org_head")
        ):
            return False
        if any(w in self.lang.titles for w in words):
            return False
        content = [w for w in words if w.isalpha() and not self.lang.is_(w, "name_connector")]
        if not 2 <= len(content) <= 4:
            return False
        if any(self.is_derived_word(w) or w in self.lang.cues for w in content):
            return False  # "NATO Mendesak Korea": a verb is no part of a name
        common = sum(self.is_common_word(w) for w in content)
        return common <= len(content) // 2

    def is_derived_word(self, word: str) -> bool:
        """A word made from a root by affixes ("kunjungi", "mendesak"): never part of a name."""
        return word not in self.lang.roots and any(
            a.affixed and a.clitic == "" for a in self.lang.analyze(word)
        )

    # ---- titles ----
    def title_at(self, view: SentenceView, i: int) -> tuple[int, str, str, str] | None:
        """(length, relation, English title, pattern) of a title starting at token i."""
        for title in self.lang.titles.get(view.word(i), []):
            n = len(title.words)
            if tuple(view.folded[i : i + n]) == title.words:
                return n, title.relation, title.english, title.pattern
        return None


def country_of(onto: Ontology, key: str | None) -> str | None:
    """The country an entity is or belongs to."""
    seen: set[str] = set()
    while key and key not in seen:
        seen.add(key)
        ent = onto.entities.get(key)
        if ent is None or ent.type == "Country":
            return key if ent else None
        key = ent.part_of
    return None


def gaz_entity(onto: Ontology, key: str) -> GazEntity | None:
    return onto.entities.get(key)


def ministry_key(english: str, country_label: str) -> tuple[str, str]:
    label = f"{english} of {country_label}"
    return key_for(label), label


# The finders of the last ontology loaded: they hold no article state, and building one walks
# every gazetteer name, so articles share them.
_FINDERS: dict[int, tuple[Ontology, dict[str, MentionFinder]]] = {}


def finders_for(onto: Ontology) -> dict[str, MentionFinder]:
    """One MentionFinder per language of `onto`, built once per ontology."""
    cached = _FINDERS.get(id(onto))
    if cached is None or cached[0] is not onto:
        _FINDERS.clear()
        cached = (onto, {code: MentionFinder(onto, lang) for code, lang in onto.languages.items()})
        _FINDERS[id(onto)] = cached
    return cached[1]
