#!/usr/bin/env python3
"""Build ontology/gazetteer/entities.tsv and aliases.tsv from their sources.

Sources (all under ontology/gazetteer/):
  * Unicode CLDR territory names in English and Indonesian, read through Babel, and ISO 3166-1
    (names, official names, Indonesian translations from Debian iso-codes) read through pycountry:
    one row per ISO 3166-1 country or territory (plus Kosovo, XK).
  * country_overrides.tsv: hand-kept English labels where news English differs from CLDR
    ("Turkey", "Myanmar", "Palestine") and the type/part_of of non-sovereign territories.
  * country_qids.tsv: ISO alpha-2 -> Wikidata Q-id, only for ids known for certain.
  * capitals.tsv: capital of each sovereign state (English, Indonesian, Q-id); a capital stands
    for its country's government (acts_as).
  * curated_entities.tsv / curated_aliases.tsv: organizations, people, places and events kept by
    hand, and extra surface forms (short forms, epithets, metonyms, demonyms) of any entity.
  * offices.tsv: hand-kept, only validated here (holders and organizations must exist).

Babel and pycountry are needed only to run this script (a developer tool); the written TSV files
are plain data and kg reads them without either package.

Usage:
    pip install babel pycountry
    python tools/make_gazetteer.py          # rewrite entities.tsv and aliases.tsv
    python tools/make_gazetteer.py --check  # exit 1 if the files on disk are out of date
"""

from __future__ import annotations

import argparse
import csv
import gettext
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

GAZ = Path(__file__).resolve().parent.parent / "ontology" / "gazetteer"

TYPES = ("Person", "Organization", "Country", "Location", "Event")
LANGS = ("id", "en", "und")
KINDS = ("name", "short", "abbr", "epithet", "metonym", "demonym", "surname")
RELATIONS = ("leads", "officialOf")
QID = re.compile(r"^Q[1-9]\d*$")
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")

# CLDR codes that are not countries or territories of ISO 3166-1: organizations (EU, EZ, UN:
# kept as curated organizations), pseudo-locales (XA, XB), unknown (ZZ), outlying (QO).
# Numeric codes (001, 150, ...) are regions and continents; codes that are not in ISO 3166-1
# (AC, CP, CQ, DG, EA, IC, TA: exceptionally reserved) are skipped too, except Kosovo.
SKIP_CODES = frozenset({"EU", "EZ", "UN", "XA", "XB", "ZZ", "QO"})
EXTRA_CODES = frozenset({"XK"})

ENTITY_COLUMNS = ("key", "type", "label", "wikidata", "part_of", "acts_as", "note")
ALIAS_COLUMNS = ("key", "alias", "lang", "kind")
OFFICE_COLUMNS = ("holder", "relation", "org", "title", "start", "end", "note")

# English ministry names are built from the country's label and English demonym, for the
# ministries kept in curated_entities.tsv under the keys kg's extractor builds from text
# ("Kementerian Luar Negeri Tiongkok" -> Ministry_of_Foreign_Affairs_of_China).
MINISTRY_FORMS: dict[str, tuple[str, ...]] = {
    "Ministry_of_Foreign_Affairs_of_": (
        "{dem} Foreign Ministry",
        "{dem} Ministry of Foreign Affairs",
        "Foreign Ministry of {label}",
        "{label}'s Foreign Ministry",
    ),
    "Ministry_of_Defence_of_": (
        "{dem} Defence Ministry",
        "{dem} Defense Ministry",
        "{dem} Ministry of Defence",
        "{dem} Ministry of Defense",
        "Ministry of Defense of {label}",
        "Defence Ministry of {label}",
        "Defense Ministry of {label}",
        "{label}'s Defence Ministry",
        "{label}'s Defense Ministry",
    ),
}


# Letters that Unicode does not decompose into an ASCII letter and a mark.
SPECIAL_LETTERS = str.maketrans(
    {
        "Đ": "D",
        "đ": "d",
        "Ø": "O",
        "ø": "o",
        "Æ": "Ae",
        "æ": "ae",
        "Œ": "Oe",
        "œ": "oe",
        "ß": "ss",
        "Ł": "L",
        "ł": "l",
        "ı": "i",
        "Þ": "Th",
        "þ": "th",
        "ð": "d",
        "ʻ": "'",
    }
)


def ascii_form(text: str) -> str:
    """The text in ASCII letters: diacritics dropped, special letters spelt out (Støre -> Store,
    Yıldırım -> Yildirim, Trần Đại Quang -> Tran Dai Quang)."""
    text = unicodedata.normalize("NFKD", text.translate(SPECIAL_LETTERS))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def make_key(label: str) -> str:
    """The entity key: the English label in ASCII, spaces as underscores, punctuation other than
    '-' removed ("King's College London" -> Kings_College_London)."""
    text = ascii_form(label).encode("ascii", "ignore").decode()
    text = "".join(
        ch if ch.isalnum() or ch in " -" else (" " if ch in "/&,;:()" else "") for ch in text
    )
    return "_".join(text.split())


def fold(text: str) -> str:
    """Comparison form, as kg.lexicon.fold: lower case, no diacritics, one apostrophe."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.replace("’", "'").replace("‘", "'").lower().split())


def clean(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


@dataclass
class Entity:
    key: str
    type: str
    label: str
    wikidata: str = ""
    part_of: str = ""
    acts_as: str = ""
    note: str = ""
    source: str = ""


class GazetteerError(Exception):
    pass


def read_tsv(path: Path, columns: Iterable[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of a TSV with a header line; '#' lines are comments. Checks the header."""
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8", newline="") as handle:
        for n, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = cells
                if tuple(header) != tuple(columns):
                    raise GazetteerError(f"{path.name}: header {header} != {list(columns)}")
                continue
            if len(cells) > len(header):
                raise GazetteerError(
                    f"{path.name}:{n}: {len(cells)} columns, expected {len(header)}"
                )
            rows.append(
                (n, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
            )
    return rows


def comment_lines(path: Path) -> list[str]:
    """The leading '#' comment block of a source file (its provenance)."""
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            out.append(line.rstrip("\n"))
    return out


class Builder:
    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.aliases: list[tuple[str, str, str, str]] = []  # key, alias, lang, kind
        self.errors: list[str] = []
        self.notes: list[str] = []

    # ------------------------------------------------------------------ helpers
    def add_entity(self, ent: Entity) -> None:
        if ent.key in self.entities:
            other = self.entities[ent.key]
            self.errors.append(f"duplicate key {ent.key} ({other.source} and {ent.source})")
            return
        self.entities[ent.key] = ent

    def add_alias(self, key: str, alias: str, lang: str, kind: str) -> None:
        alias = clean(alias)
        if alias:
            self.aliases.append((key, alias, lang, kind))

    # ------------------------------------------------------------------ countries
    def countries(self) -> dict[str, str]:
        """Country and territory entities from CLDR + pycountry. Returns ISO code -> key."""
        import babel
        import pycountry
        from babel import Locale

        en: dict[str, str] = {str(k): str(v) for k, v in Locale("en").territories.items()}
        idn: dict[str, str] = {str(k): str(v) for k, v in Locale("id").territories.items()}
        iso_id = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["id"])

        overrides = {
            r["iso"]: r
            for _, r in read_tsv(
                GAZ / "country_overrides.tsv", ("iso", "label", "type", "part_of", "note")
            )
        }
        qids = {
            r["iso"]: r["wikidata"]
            for _, r in read_tsv(GAZ / "country_qids.tsv", ("iso", "wikidata", "note"))
        }
        codes = sorted(
            c
            for c in en
            if len(c) == 2
            and c.isalpha()
            and c not in SKIP_CODES
            and (pycountry.countries.get(alpha_2=c) is not None or c in EXTRA_CODES)
        )
        for code in list(overrides) + list(qids):
            if code not in codes:
                self.errors.append(f"ISO code {code} in overrides/qids is not a CLDR territory")
        iso_key: dict[str, str] = {}
        for code in codes:
            cldr_en = clean(en[code])
            label = overrides.get(code, {}).get("label") or re.sub(
                r"\bSt\. ", "Saint ", cldr_en.replace(" & ", " and ")
            )
            iso_key[code] = make_key(label)
        for code in codes:
            over = overrides.get(code, {})
            key = iso_key[code]
            etype = over.get("type") or "Country"
            parent = over.get("part_of", "")
            if parent and parent not in iso_key:
                self.errors.append(f"country_overrides.tsv: {code} part_of {parent} unknown")
            label = overrides.get(code, {}).get("label") or re.sub(
                r"\bSt\. ", "Saint ", clean(en[code]).replace(" & ", " and ")
            )
            self.add_entity(
                Entity(
                    key=key,
                    type=etype,
                    label=label,
                    wikidata=qids.get(code, ""),
                    part_of=iso_key.get(parent, ""),
                    note=f"ISO 3166-1 {code}",
                    source=f"CLDR {code}",
                )
            )
            self.add_alias(key, en[code], "en", "name")
            if code in idn:
                self.add_alias(key, idn[code], "id", "name")
            country = pycountry.countries.get(alpha_2=code)
            if country is None:
                continue
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if not value:
                    continue
                value = re.sub(r"^the ", "", value)
                if "," not in value and "(" not in value:
                    self.add_alias(key, value, "en", "name")
                translated = iso_id.gettext(getattr(country, attr))
                translated = re.sub(r"^the ", "", translated)
                if (
                    translated != getattr(country, attr)
                    and "," not in translated
                    and "(" not in translated
                ):
                    self.add_alias(key, translated, "id", "name")
        self.notes.append(f"CLDR {babel.core.get_cldr_version()} via Babel {babel.__version__}")
        self.notes.append(f"pycountry {pycountry_version()}")
        return iso_key

    def capitals(self, iso_key: dict[str, str]) -> None:
        have: set[str] = set()
        for n, row in read_tsv(
            GAZ / "capitals.tsv", ("country_iso", "capital_en", "capital_id", "wikidata")
        ):
            iso = row["country_iso"]
            if iso not in iso_key:
                self.errors.append(f"capitals.tsv:{n}: unknown country {iso}")
                continue
            country = self.entities[iso_key[iso]]
            have.add(iso)
            if row["capital_en"] == country.label:
                continue  # a city-state: the country is its own capital
            key = make_key(row["capital_en"])
            self.add_entity(
                Entity(
                    key=key,
                    type="Location",
                    label=row["capital_en"],
                    wikidata=row["wikidata"],
                    part_of=country.key,
                    acts_as=country.key,
                    note=f"capital of {country.label}",
                    source=f"capitals.tsv:{n}",
                )
            )
            if row["capital_id"]:
                self.add_alias(key, row["capital_id"], "id", "name")
        for iso, key in iso_key.items():
            if self.entities[key].type == "Country" and iso not in have:
                self.errors.append(f"capitals.tsv: no capital for sovereign state {iso} ({key})")

    def curated(self) -> None:
        for n, row in read_tsv(GAZ / "curated_entities.tsv", ENTITY_COLUMNS):
            self.add_entity(
                Entity(
                    key=row["key"],
                    type=row["type"],
                    label=row["label"],
                    wikidata=row["wikidata"],
                    part_of=row["part_of"],
                    acts_as=row["acts_as"],
                    note=row["note"],
                    source=f"curated_entities.tsv:{n}",
                )
            )
        for n, row in read_tsv(GAZ / "curated_aliases.tsv", ALIAS_COLUMNS):
            if row["key"] not in self.entities:
                self.errors.append(f"curated_aliases.tsv:{n}: unknown key {row['key']}")
                continue
            if row["lang"] not in LANGS or row["kind"] not in KINDS:
                self.errors.append(f"curated_aliases.tsv:{n}: bad lang/kind {row}")
                continue
            self.add_alias(row["key"], row["alias"], row["lang"], row["kind"])

    def variants(self) -> None:
        """Spelling variants: names in ASCII letters, as news often writes them ("Edouard
        Philippe", "Jonas Gahr Store": kg folds "é" to "e" itself but not "ø" to "o"), and names
        of people with a hyphen also with a space ("Yoon Suk-yeol" / "Yoon Suk Yeol")."""
        forms = [
            (e.key, e.label, "und" if e.type == "Person" else "en", "name")
            for e in self.entities.values()
        ]
        forms += self.aliases
        have = {(key, alias.casefold()) for key, alias, _, _ in forms}
        for key, alias, lang, kind in forms:
            variants = []
            if ascii_form(alias) != alias and kind != "surname":
                variants.append(ascii_form(alias))  # not surnames: Støre -> "Store"
            if self.entities[key].type == "Person" and re.search(r"\w-\w", alias):
                variants.append(re.sub(r"(?<=\w)-(?=\w)", " ", alias))
            for variant in variants:
                if (key, variant.casefold()) not in have:
                    have.add((key, variant.casefold()))
                    self.add_alias(key, variant, lang, kind)

    def ministries(self) -> None:
        demonyms: dict[str, list[str]] = defaultdict(list)
        for key, alias, lang, kind in self.aliases:
            if kind == "demonym" and lang in ("en", "und"):
                demonyms[key].append(alias)
        for ent in list(self.entities.values()):
            for prefix, forms in MINISTRY_FORMS.items():
                if not ent.key.startswith(prefix):
                    continue
                country = self.entities.get(ent.key[len(prefix) :])
                if country is None or ent.part_of != country.key:
                    self.errors.append(f"{ent.key}: part_of must be the country in its key")
                    continue
                for form in forms:
                    for dem in demonyms.get(country.key, []) if "{dem}" in form else [""]:
                        self.add_alias(
                            ent.key, form.format(dem=dem, label=country.label), "en", "name"
                        )

    # ------------------------------------------------------------------ checks
    def check_entities(self) -> None:
        for ent in self.entities.values():
            where = ent.source
            if ent.type not in TYPES:
                self.errors.append(f"{where}: {ent.key}: bad type {ent.type}")
            if make_key(ent.label) != ent.key:
                self.errors.append(
                    f"{where}: key {ent.key} != key of label {ent.label!r} ({make_key(ent.label)})"
                )
            if ent.wikidata and not QID.match(ent.wikidata):
                self.errors.append(f"{where}: {ent.key}: bad Q-id {ent.wikidata!r}")
            for col in ("part_of", "acts_as"):
                ref = getattr(ent, col)
                if ref and ref not in self.entities:
                    self.errors.append(f"{where}: {ent.key}: {col} {ref} is not an entity")
        seen: dict[str, str] = {}
        for ent in self.entities.values():
            if ent.wikidata in seen:
                self.errors.append(f"Q-id {ent.wikidata} on {seen[ent.wikidata]} and {ent.key}")
            elif ent.wikidata:
                seen[ent.wikidata] = ent.key
        labels: dict[str, str] = {}
        for ent in self.entities.values():
            f = fold(ent.label)
            if f in labels:
                self.errors.append(f"label {ent.label!r} of {ent.key} and {labels[f]}")
            labels[f] = ent.key

    def merged_aliases(self) -> list[tuple[str, str, str, str]]:
        """One row per (entity, surface form): lang 'und' when written the same in English and
        Indonesian; the label itself only as an Indonesian form (the label is the English one);
        a form two entities share is dropped from both (and reported)."""
        langs_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        kinds_of: dict[tuple[str, str], set[str]] = defaultdict(set)
        for key, alias, lang, kind in self.aliases:
            langs_of[(key, alias)].add(lang)
            kinds_of[(key, alias)].add(kind)
        rows: list[tuple[str, str, str, str]] = []
        for (key, alias), langs in langs_of.items():
            kinds = kinds_of[(key, alias)]
            lang = "und" if "und" in langs or {"en", "id"} <= langs else min(langs)
            kind = min(kinds, key=KINDS.index)
            if alias == self.entities[key].label:
                if lang == "en":
                    continue
                lang = "id"
            rows.append((key, alias, lang, kind))
        # the same folded form on two entities: ambiguous
        owners: dict[str, set[str]] = defaultdict(set)
        for key, alias, _, _ in rows:
            owners[fold(alias)].add(key)
        for ent in self.entities.values():
            owners[fold(ent.label)].add(ent.key)
        ambiguous = {f: keys for f, keys in owners.items() if len(keys) > 1}
        for f, keys in sorted(ambiguous.items()):
            label_of = [k for k in keys if fold(self.entities[k].label) == f]
            self.notes.append(
                f"ambiguous alias {f!r}: {sorted(keys)}; dropped"
                + (f" (kept as label of {label_of})" if label_of else "")
            )
        rows = [r for r in rows if fold(r[1]) not in ambiguous]
        rows.sort(key=lambda r: (r[0], fold(r[1]), r[1], r[2]))
        return rows

    def check_offices(self) -> list[dict[str, str]]:
        path = GAZ / "offices.tsv"
        rows = read_tsv(path, OFFICE_COLUMNS)
        spans: dict[tuple[str, str, str], list[tuple[str, str, str]]] = defaultdict(list)
        for n, r in rows:
            holder = self.entities.get(r["holder"])
            if holder is None or holder.type != "Person":
                self.errors.append(f"offices.tsv:{n}: holder {r['holder']} is not a Person entity")
            if r["org"] not in self.entities:
                self.errors.append(f"offices.tsv:{n}: org {r['org']} is not an entity")
            if r["relation"] not in RELATIONS:
                self.errors.append(f"offices.tsv:{n}: relation {r['relation']!r}")
            for col in ("start", "end"):
                if r[col] and not DATE.match(r[col]):
                    self.errors.append(f"offices.tsv:{n}: {col} {r[col]!r} is not YYYY-MM[-DD]")
            if not r["start"]:
                self.errors.append(f"offices.tsv:{n}: no start date")
            if r["end"] and r["end"] < r["start"]:
                self.errors.append(f"offices.tsv:{n}: ends before it starts")
            spans[(r["org"], r["relation"], r["title"])].append(
                (r["start"], r["end"] or "9999", r["holder"])
            )
        for (org, _, title), terms in spans.items():
            terms.sort()
            for (_, e1, h1), (s2, _, h2) in zip(terms, terms[1:], strict=False):
                if s2 < e1 and h1 != h2 and title != "Spokesperson":
                    self.notes.append(f"offices overlap: {title} of {org}: {h1} and {h2} ({s2})")
        keys = [(r["holder"], r["start"], r["org"]) for _, r in rows]
        if keys != sorted(keys):
            self.notes.append("offices.tsv is not sorted by holder, start")
        return [r for _, r in rows]


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


def render(columns: tuple[str, ...], rows: Iterable[Iterable[str]], header: list[str]) -> str:
    lines = header + ["\t".join(columns)]
    lines += ["\t".join(row) for row in rows]
    return "\n".join(lines) + "\n"


def build() -> tuple[str, str, Builder]:
    b = Builder()
    iso_key = b.countries()
    b.capitals(iso_key)
    b.curated()
    b.ministries()
    b.variants()
    b.check_entities()
    aliases = b.merged_aliases()
    b.check_offices()
    sources = ", ".join(b.notes[:2])
    provenance = comment_lines(GAZ / "curated_entities.tsv")
    head = [
        "# GENERATED by tools/make_gazetteer.py: do not edit; edit its sources and re-run it.",
        f"# Countries and territories: English and Indonesian names from Unicode {sources}",
        "#   (ISO 3166-1 names, official names and their Indonesian translations from iso-codes);",
        "#   labels, types and parents of territories from country_overrides.tsv;",
        "#   Wikidata ids from country_qids.tsv; capitals from capitals.tsv (hand-curated).",
        "# Organizations, people, places and events: curated_entities.tsv, curated_aliases.tsv.",
    ] + [line for line in provenance if line.startswith("# Facts")]
    ent_head = head + [
        "# Columns: key (IRI local name = English label, ASCII, spaces as _), type, label",
        "#   (English), wikidata (Q-id or empty), part_of (country or organization it belongs to),",
        "#   acts_as (who acts when this is the actor: a capital -> its country), note.",
    ]
    ali_head = head + [
        "# Columns: key (entities.tsv), alias (a surface form other than the English label),",
        "#   lang (id | en | und = written the same in both), kind (name | short | abbr |",
        "#   epithet | metonym | demonym | surname). Forms shared by two entities are left out.",
    ]
    ents = sorted(b.entities.values(), key=lambda e: e.key)
    entities_tsv = render(
        ENTITY_COLUMNS,
        ((e.key, e.type, e.label, e.wikidata, e.part_of, e.acts_as, e.note) for e in ents),
        ent_head,
    )
    aliases_tsv = render(ALIAS_COLUMNS, aliases, ali_head)
    return entities_tsv, aliases_tsv, b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if entities.tsv/aliases.tsv are out of date",
    )
    args = parser.parse_args(argv)
    entities_tsv, aliases_tsv, b = build()
    for note in b.notes[2:]:
        print("note:", note, file=sys.stderr)
    if b.errors:
        for err in b.errors:
            print("error:", err, file=sys.stderr)
        return 1
    outputs = {GAZ / "entities.tsv": entities_tsv, GAZ / "aliases.tsv": aliases_tsv}
    if args.check:
        stale = [
            p.name
            for p, text in outputs.items()
            if not p.exists() or p.read_text(encoding="utf-8") != text
        ]
        if stale:
            print("out of date:", ", ".join(stale), file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    n_alias = (
        aliases_tsv.count("\n")
        - sum(1 for line in aliases_tsv.splitlines() if line.startswith("#"))
        - 1
    )
    print(f"wrote {len(b.entities)} entities, {n_alias} aliases to {GAZ}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
