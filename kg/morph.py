"""Indonesian verb and noun morphology: a word form to its possible roots, voice and clitic.

meN- assimilates to the root's first sound (me-, mem-, men-, meng-, meny-, menge-) and drops
voiceless p/t/k/s; di- and ter- mark the passive; ber- intransitive; -kan/-i applicative;
pe(N)-/per-/ke-...-an nominalise; -nya (its/him/her), -lah, -kah, -pun are clitics.
Candidates are checked against a root list, so names that merely look affixed are not verbs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")
_SUFFIXES = ("kan", "an", "i", "")


@dataclass(frozen=True)
class Analysis:
    root: str
    voice: str  # active | passive | noun | bare
    clitic: str  # "" or "nya", ...
    affixed: bool  # True when a prefix or suffix was removed


def _men_roots(stem: str) -> list[str]:
    """Roots under a meN-/peN- prefix already stripped of its 'me'/'pe'."""
    out: list[str] = [stem] if stem[:1] in "lmnrwy" else []  # me- before l m n r w y
    if stem.startswith("nge") and len(stem) > 5:
        out.append(stem[3:])  # menge- before one-syllable roots
    if stem.startswith("ng"):
        rest = stem[2:]
        out += [rest, "k" + rest] if rest[:1] in "aiueo" else [rest]
    elif stem.startswith("ny"):
        out += ["s" + stem[2:], "ny" + stem[2:]]
    elif stem.startswith("m"):
        rest = stem[1:]
        out += [rest, "p" + rest] if rest[:1] in "aiueo" else [rest]
        if stem.startswith("mper"):
            out.append(stem[4:])
    elif stem.startswith("n"):
        rest = stem[1:]
        out += [rest, "t" + rest] if rest[:1] in "aiueo" else [rest]
    return out


@lru_cache(maxsize=65536)
def analyze(word: str, roots: frozenset[str]) -> tuple[Analysis, ...]:
    """Every (root, voice) reading of a lower-case word whose root is in `roots`."""
    found: dict[tuple[str, str, str], Analysis] = {}

    def add(root: str, voice: str, clitic: str, affixed: bool) -> None:
        if len(root) >= 3 and root in roots and (root, voice, clitic) not in found:
            found[(root, voice, clitic)] = Analysis(root, voice, clitic, affixed)

    bases = [(word, "")]
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) > len(clitic) + 3:
            bases.append((word[: -len(clitic)], clitic))
    for base, clitic in bases:
        add(base, "bare", clitic, bool(clitic))
        for suffix in _SUFFIXES:
            if suffix and not base.endswith(suffix):
                continue
            stem = base[: len(base) - len(suffix)] if suffix else base
            if suffix:
                add(stem, "noun" if suffix == "an" else "bare", clitic, True)
            for prefix, voice in (
                ("memper", "active"),
                ("diper", "passive"),
                ("me", "active"),
                ("di", "passive"),
                ("ter", "passive"),
                ("ber", "active"),
                ("be", "active"),
                ("pe", "noun"),
                ("per", "noun"),
                ("ke", "noun"),
            ):
                if not stem.startswith(prefix):
                    continue
                rest = stem[len(prefix) :]
                if prefix in ("me", "pe"):
                    for root in _men_roots(rest):
                        add(
                            root,
                            voice if suffix != "an" or prefix == "pe" else "noun",
                            clitic,
                            True,
                        )
                else:
                    add(rest, voice, clitic, True)
    return tuple(found.values())


@lru_cache(maxsize=65536)
def analyze_en(word: str, roots: frozenset[str]) -> tuple[Analysis, ...]:
    """English inflections back to a known root: urges/urged/urging -> urge, criticised ->
    criticise, stopped -> stop, denies/denied -> deny. Voice is decided by the clause (an -ed
    form after was/were/been is passive), so every reading here is "active"."""
    cands: list[str] = []
    if word.endswith("ies") or word.endswith("ied"):
        cands.append(word[:-3] + "y")
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            cands += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                cands.append(stem[:-1])  # stopped -> stop
    return tuple(Analysis(c, "active", "", True) for c in dict.fromkeys(cands) if c in roots)
