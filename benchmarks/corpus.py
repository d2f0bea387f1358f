"""A deterministic corpus of realistic, distinct news articles, for the build benchmarks.

    python benchmarks/corpus.py 1000 /tmp/corpus            # 1,000 .txt articles
    python benchmarks/corpus.py 1000 /tmp/corpus --seed 3   # another corpus of the same size

    from corpus import write_corpus, article              # from benchmarks/
    write_corpus(1000, Path("/tmp/corpus"), seed=7)

Each article is a `.txt` file as kg reads it (kg/readers/text.py): a title line, a date line,
then 8 to 16 paragraphs separated by blank lines, about 2.5 KB, mostly Indonesian (about one in
five is English). The world is kg's own data, read with kg.lexicon.load_ontology(): the people
are office holders of ontology/gazetteer/offices.tsv, in office on the article's date, named
with their title in the article's language (ontology/id/titles.tsv, en/titles.tsv); countries,
organisations and cities are gazetteer entities named by their aliases (Korsel, Tiongkok, PBB);
the verbs are the cues of ontology/*/relations.tsv, inflected (desak -> mendesak, urge ->
urged) and kept only where kg's own morphology reads the form back to the cue. The sentence
frames, quotes, background sentences and headlines are written here. Articles also carry the
page furniture kg's boilerplate rules remove ("Baca Juga: ...", "ADVERTISEMENT", "SCROLL TO
RESUME CONTENT", editors' initials, wire credits).

Article i depends only on (seed, i) and the ontology/ data, never on N nor on the process: the
first N articles of a corpus of N + 10 are the N articles of the corpus of N, so "10 articles
added" adds 10 new files to the same N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.lexicon import Alias, Language, Ontology, load_ontology, tokens_of
from kg.morph import Analysis

ENGLISH_SHARE = 0.2  # one article in five is English, as in an Indonesian outlet's archive
FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
MIN_PARAGRAPHS, MAX_PARAGRAPHS = 8, 16
# Each article grows toward a size in UTF-8 drawn from this range (within MAX_PARAGRAPHS).
TARGET_BYTES = (2400, 3000)

# ---------------------------------------------------------------- the world, from kg's data


@dataclass(frozen=True)
class Actor:
    key: str
    kind: str  # Person | Country | Organization
    full: dict[str, tuple[str, ...]]  # language -> first-mention forms
    short: dict[str, tuple[str, ...]]  # language -> later-mention forms
    country: str | None = None  # the state a person serves, or a state itself


@dataclass(frozen=True)
class Verb:
    form: str  # as written in a sentence ("mendesak", "urged", "held talks")
    headline: str  # as a headline writes it ("Desak", "Urges"); "" = none
    predicate: str
    preps: tuple[str, ...]  # "" = direct object


@dataclass(frozen=True)
class Noun:
    word: str  # "kecaman", "criticism"
    predicate: str
    preps: tuple[str, ...]


@dataclass(frozen=True)
class World:
    ontology: Ontology
    verbs: dict[str, dict[str, list[Verb]]]  # language -> predicate -> verbs
    nouns: dict[str, dict[str, list[Noun]]]
    countries: dict[str, Actor]
    newsworthy: list[str]  # keys of the states that have office holders in the gazetteer
    organisations: list[Actor]
    capitals: dict[str, list[str]]  # country key -> its cities' names
    cities: list[str]
    # (start, end, holder actor) of every office whose dates are known
    offices: list[tuple[str, str, Actor]]
    experts: list[str]  # think tanks and universities quoted as analysts' homes


# The predicates the corpus writes, and what their object may be: diplomacy between people,
# states and organisations; force, sanctions and visits only towards states.
_AGENT_PREDICATES = (
    "urged", "asked", "metWith", "invited", "thanked", "supported", "criticized", "rejected",
    "respondedTo",
)  # fmt: skip
_STATE_PREDICATES = ("visited", "threatened", "attacked", "sanctioned", "providedAidTo")
_DEAL_PREDICATES = ("cooperatedWith", "signedAgreementWith")
# Roots whose active verb takes a suffix ("kunjung" -> "mengunjungi") or ber- instead of
# meN- ("runding" -> "berunding"): the generator's own knowledge of Indonesian, checked
# against kg's morphology below.
_ID_SUFFIX = {"kunjung": "i", "tandatangan": "i", "peringat": "kan", "sesal": "kan"}
_ID_BER = {"runding", "bincang"}
# Cues that are words of other senses too, or need an object the frames do not give ("bahas"
# takes the topic): a sentence would not say what the corpus means.
_ID_SKIP = {
    "tiba", "terima", "sambut", "dorong", "berharap", "bom", "jemput", "mediasi", "bahas",
    "singgah", "menyumbangkan", "bersama", "caci",
}  # fmt: skip
_EN_SKIP = {
    "hope", "receive", "back", "help", "provide", "shell", "shoot", "strike", "press", "discuss",
    "agree",
}  # fmt: skip
# English verbs whose past is irregular: their past forms are cues of their own ("met").
_EN_IRREGULAR = {"meet", "speak", "strike", "hold", "send", "fly", "come", "tell", "seek"}
_EN_PAST = {"met", "spoke", "struck", "held", "sent", "flew", "came", "told", "sought"}
# Prepositions kept only when a cue has no other: "terima kasih kepada X", not "atas X".
_RARE_PREPS = {"*", "agar", "atas", "di", "in", "at", "into"}
_VOWELS = "aeiou"


def _men(root: str) -> str:
    """The meN- active form of an Indonesian root: me-, mem-, men-, meng-, meny-, menge-."""
    first, rest = root[0], root[1:]
    if sum(ch in _VOWELS for ch in root) == 1:
        return "menge" + root  # one syllable: mengebom
    if first in _VOWELS:
        return "meng" + root
    if root.startswith("kr") or root.startswith("pr") or root.startswith("tr"):
        return ("meng" if first == "k" else "mem" if first == "p" else "men") + root
    if first == "k":
        return "meng" + rest
    if first == "t":
        return "men" + rest
    if first == "s":
        return "meny" + rest
    if first == "p":
        return "mem" + rest
    if first in "bfv":
        return "mem" + root
    if first in "dcjz":
        return "men" + root
    if first in "gh":
        return "meng" + root
    return "me" + root


def _past(root: str) -> str:
    """The English simple past of a regular verb."""
    if root.endswith("e"):
        return root + "d"
    if root.endswith("y") and root[-2] not in _VOWELS:
        return root[:-1] + "ied"
    if (
        len(root) <= 4
        and root[-1] not in _VOWELS + "wxy"
        and root[-2] in _VOWELS
        and root[-3] not in _VOWELS
    ):
        return root + root[-1] + "ed"  # slam -> slammed
    return root + "ed"


def _third(root: str) -> str:
    """The English third person present, for headlines ("Biden Urges ...")."""
    if root.endswith(("s", "sh", "ch", "x")):
        return root + "es"
    if root.endswith("y") and root[-2] not in _VOWELS:
        return root[:-1] + "ies"
    return root + "s"


def _verbs(lang: Language) -> tuple[dict[str, list[Verb]], dict[str, list[Noun]]]:
    verbs: dict[str, list[Verb]] = {}
    nouns: dict[str, list[Noun]] = {}
    wanted = set(_AGENT_PREDICATES + _STATE_PREDICATES + _DEAL_PREDICATES)
    english = lang.modifier_first
    for cues in lang.cues.values():
        for cue in cues:
            if cue.predicate not in wanted or cue.relational:
                continue
            usual = sorted(p for p in cue.preps if p not in _RARE_PREPS)
            preps = tuple("" if p == "-" else p for p in usual or sorted(cue.preps - {"*"}))
            if "" in preps:
                preps = ("",)  # a direct object wherever the verb takes one
            root, tail = cue.words[0], " ".join(cue.words[1:])
            if not preps or " ".join(cue.words) in (_EN_SKIP if english else _ID_SKIP):
                continue
            if cue.pos == "noun" and preps != ("",):
                nouns.setdefault(cue.predicate, []).append(
                    Noun(" ".join(cue.words), cue.predicate, preps)
                )
                continue
            if cue.pos != "verb":
                continue
            readings: tuple[Analysis, ...] = ()  # how kg reads the form; () for exact forms
            if english:
                if root in _EN_IRREGULAR:
                    continue
                if root.endswith("ed") or root in _EN_PAST:
                    form, head = " ".join(cue.words), ""  # called on, met
                elif tail:
                    continue  # "call on": its past is listed as a cue of its own
                else:
                    form, head = _past(root), _third(root).title()
                    readings = lang.analyze(form)
            else:
                exact = root.startswith(("me", "ber", "ter", "di")) and any(
                    a.affixed for a in lang.analyze(root)
                )
                if exact and any(a.voice == "passive" for a in lang.analyze(root)):
                    continue  # "ditemui": the frames are active
                if exact:
                    form = root  # bertemu, menemui, berbicara
                elif root in _ID_BER:
                    form = "ber" + root
                    readings = lang.analyze(form)
                else:
                    form = _men(root) + _ID_SUFFIX.get(root, "")
                    readings = lang.analyze(form)
                head = root.title()
                if tail:
                    form, head = f"{form} {tail}", f"{head} {tail.title()}"
            if readings and not any(a.root == root for a in readings):
                continue  # kg would not read this form as the cue: not a fair sentence
            verbs.setdefault(cue.predicate, []).append(Verb(form, head, cue.predicate, preps))
    for table in (verbs, nouns):
        for items in table.values():
            items.sort(key=lambda v: repr(v))
    return verbs, nouns


def _aliases(onto: Ontology) -> dict[str, list[Alias]]:
    by_key: dict[str, list[Alias]] = {}
    for found in onto.aliases.values():
        for alias in found:
            by_key.setdefault(alias.key, []).append(alias)
    for items in by_key.values():
        items.sort(key=lambda a: (a.surface, a.lang, a.kind))
    return by_key


class _Namer:
    """The names of an entity that kg's gazetteer resolves to it and to nothing else: a
    sentence of the corpus only names what a reader of the same data could know."""

    def __init__(self, onto: Ontology) -> None:
        self.onto = onto
        self.by_key = _aliases(onto)

    def known(self, key: str, name: str) -> bool:
        found = self.onto.aliases.get(tokens_of(name), [])
        return bool(found) and all(a.key == key for a in found)

    def names(self, key: str, langs: tuple[str, ...], kinds: tuple[str, ...]) -> list[str]:
        return sorted(
            {
                a.surface
                for a in self.by_key.get(key, [])
                if a.lang in langs and a.kind in kinds and self.known(key, a.surface)
            }
        )

    def shortest(self, key: str, kind: str, most: int = 9) -> list[str]:
        """Indonesian names of this kind with the fewest words (at most `most`), also those an
        official name ends with ("Republik Islam Pakistan" -> "Pakistan")."""
        found = set()
        for name in self.names(key, ("id",), (kind,)):
            words = name.split()
            found |= {" ".join(words[k:]) for k in range(len(words))}
        found = {n for n in found if self.known(key, n) and len(n.split()) <= most}
        fewest = min((len(n.split()) for n in found), default=0)
        return sorted(n for n in found if len(n.split()) == fewest)


def _title_words(lang: Language) -> dict[str, str]:
    """English office title -> the fullest Indonesian title that names it ("Menteri Luar
    Negeri", not "Menlu")."""
    best: dict[str, tuple[str, ...]] = {}
    for titles in lang.titles.values():
        for title in titles:
            have = best.get(title.english)
            if have is None or (len(title.words), title.words) > (len(have), have):
                best[title.english] = title.words
    return {english: " ".join(w.title() for w in words) for english, words in best.items()}


def _english_titles(lang: Language) -> set[str]:
    return {" ".join(t.words) for titles in lang.titles.values() for t in titles}


@lru_cache(maxsize=1)
def world() -> World:
    onto = load_ontology()
    verbs: dict[str, dict[str, list[Verb]]] = {}
    nouns: dict[str, dict[str, list[Noun]]] = {}
    for code in ("id", "en"):
        verbs[code], nouns[code] = _verbs(onto.lang(code))
    titles_id = _title_words(onto.lang("id"))
    titles_en = _english_titles(onto.lang("en"))
    namer = _Namer(onto)

    countries: dict[str, Actor] = {}
    for key, ent in sorted(onto.entities.items()):
        if ent.type != "Country":
            continue
        first = namer.shortest(key, "name")  # "Rusia", not "Federasi Rusia"
        if not first:
            continue
        # and a short name no longer than that: "Korsel", "Amerika", not "China daratan"
        first += namer.shortest(key, "short", len(first[0].split()))
        later = first + namer.names(key, ("id",), ("abbr", "epithet"))
        english = [ent.label] + namer.names(key, ("en",), ("abbr",))
        countries[key] = Actor(
            key, "Country", {"id": tuple(first), "en": (ent.label,)},
            {"id": tuple(later), "en": tuple(english)}, key,
        )  # fmt: skip
    organisations: list[Actor] = []
    experts: list[str] = []
    for key, ent in sorted(onto.entities.items()):
        if ent.type != "Organization":
            continue
        if any(w in ent.label for w in ("University", "Institute", "Institution", "Council on")):
            experts.append(ent.label)
            continue
        if ent.part_of or len(ent.label.split()) > 4:
            continue
        own = namer.names(key, ("id",), ("abbr",)) or namer.shortest(key, "name")
        own = own or [ent.label]  # NATO, ASEAN: written the same in both languages
        english = [ent.label] + namer.names(key, ("en",), ("abbr",))
        organisations.append(
            Actor(key, "Organization", {"id": tuple(own), "en": (ent.label,)},
                  {"id": tuple(own), "en": tuple(english)})
        )  # fmt: skip
    capitals: dict[str, list[str]] = {}
    for _, ent in sorted(onto.entities.items()):
        if ent.type == "Location" and ent.acts_as in countries:
            capitals.setdefault(ent.acts_as, []).append(ent.label)

    orgs = {a.key: a for a in organisations} | countries
    offices: list[tuple[str, str, Actor]] = []
    for office in onto.offices:
        person = onto.entities[office.holder]
        org = orgs.get(office.org)
        title_id = titles_id.get(office.title)
        if org is None or not office.start or not title_id:
            continue
        if office.title.lower() not in titles_en:
            continue
        short = namer.names(office.holder, ("und",), ("surname", "short"))
        short = short or [person.label]
        full_id = [f"{title_id} {org_id} {person.label}" for org_id in org.full["id"]]
        if office.org == "Indonesia":  # Indonesian news names its own officials' office alone
            full_id = [f"{title_id} {person.label}"]
        demonyms = namer.names(office.org, ("en",), ("demonym",))
        lead_en = [d for d in demonyms if d.isascii()] or [org.full["en"][0]]
        full_en = [f"{lead} {office.title} {person.label}" for lead in lead_en]
        start = office.start if len(office.start) == 10 else office.start + "-01"
        end = office.end if len(office.end) == 10 else (office.end + "-01" if office.end else "")
        actor = Actor(
            office.holder, "Person", {"id": tuple(full_id), "en": tuple(full_en)},
            {"id": tuple(short), "en": tuple(short)},
            office.org if office.org in countries else None,
        )  # fmt: skip
        offices.append((start, end or "9999-12-31", actor))
    newsworthy = sorted({a.country for _, _, a in offices if a.country} & set(capitals))
    return World(
        onto,
        verbs,
        nouns,
        countries,
        newsworthy,
        organisations,
        capitals,
        sorted({c for cs in capitals.values() for c in cs}),
        sorted(offices, key=lambda o: (o[0], o[2].key)),
        sorted(experts),
    )


# ---------------------------------------------------------------- words of the generator

_ID_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
_ID_MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
_EN_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_EN_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip

_ID_TOPICS = (
    "keamanan maritim", "ketahanan pangan", "transisi energi", "perdagangan bebas",
    "perubahan iklim", "stabilitas kawasan", "rantai pasok", "kesehatan global",
    "pengungsi", "nonproliferasi nuklir", "ekonomi digital", "infrastruktur",
)  # fmt: skip
_EN_TOPICS = (
    "maritime security", "food security", "the energy transition", "free trade",
    "climate change", "regional stability", "supply chains", "global health", "refugees",
    "nuclear non-proliferation", "the digital economy", "infrastructure",
)  # fmt: skip
_ID_SECTORS = ("pertahanan", "energi", "pendidikan", "kesehatan", "perikanan", "pariwisata")
_EN_SECTORS = ("defence", "energy", "education", "health", "fisheries", "tourism")
_ID_FORUMS = ("KTT ASEAN", "Sidang Majelis Umum PBB", "KTT G20", "forum APEC", "KTT Asia Timur")
_EN_FORUMS = ("the ASEAN summit", "the UN General Assembly", "the G20 summit", "the APEC forum")
_ID_OUTLETS = ("CNBC Indonesia", "KOMPAS.com", "Liputan6.com", "ANTARA", "TEMPO.CO")
_EN_OUTLETS = ("Reuters", "AP", "AFP")
_ID_SPEECH = ("kata", "ujar", "tutur", "tegas", "jelas")
_EN_SPEECH = ("said", "told reporters", "added", "said in a statement")
_ID_ROLES = ("pengamat hubungan internasional", "peneliti senior", "analis keamanan")
_EN_ROLES = ("an international relations analyst", "a senior fellow", "a security analyst")
_INITIALS = "abcdefghijklmnoprstuwy"

# What follows the object of each relation, in the article's language (the generator's words).
_ID_AFTER: dict[str, tuple[str, ...]] = {
    "urged": (
        "untuk segera kembali ke meja perundingan",
        "agar menahan diri di tengah ketegangan yang meningkat",
        "untuk mematuhi hukum internasional",
        "untuk membuka akses bantuan kemanusiaan",
    ),
    "asked": (
        "untuk menjelaskan sikapnya soal {topic}",
        "agar mengirim delegasi ke {city} bulan depan",
        "untuk membuka kembali jalur dialog",
    ),
    "metWith": ("di sela {forum}", "di {city} pada {weekday}", "untuk membahas {topic}"),
    "invited": ("untuk menghadiri {forum} di {city}", "untuk berkunjung ke {city} tahun ini"),
    "thanked": ("atas dukungan dalam isu {topic}", "atas bantuan yang dikirim pekan lalu"),
    "supported": ("dalam isu {topic}", "dalam upaya menjaga {topic}"),
    "criticized": ("atas langkah sepihak di kawasan", "terkait kebijakan {topic} yang baru"),
    "rejected": ("terkait usulan soal {topic}", "yang dinilai merugikan kepentingan nasional"),
    "respondedTo": ("dengan nada hati-hati", "dalam pernyataan tertulis pada {weekday}"),
    "visited": ("dalam lawatan tiga hari", "untuk pertama kalinya sejak {year}", "pekan ini"),
    "threatened": ("dengan sanksi ekonomi baru", "dengan langkah balasan"),
    "attacked": ("pada dini hari", "di wilayah perbatasan"),
    "sanctioned": ("atas pelanggaran hak asasi manusia", "terkait program nuklirnya"),
    "providedAidTo": ("senilai {amount} juta dolar AS", "berupa obat-obatan dan tenda"),
    "cooperatedWith": ("di bidang {sector}", "dalam proyek {sector} jangka panjang"),
    "signedAgreementWith": ("di bidang {sector}", "tentang kerja sama {sector}"),
}
_EN_AFTER: dict[str, tuple[str, ...]] = {
    "urged": (
        "to return to the negotiating table",
        "to exercise restraint as tensions rise",
        "to respect international law",
    ),
    "asked": ("to explain its position on {topic}", "to send a delegation to {city}"),
    "metWith": ("on the sidelines of {forum}", "in {city} on {weekday}", "to discuss {topic}"),
    "invited": ("to attend {forum} in {city}", "to visit {city} later this year"),
    "thanked": ("for its support on {topic}", "for the aid sent last week"),
    "supported": ("on {topic}", "in its efforts on {topic}"),
    "criticized": ("over its unilateral moves in the region", "over its new policy on {topic}"),
    "rejected": ("over a proposal on {topic}", "calling it against the national interest"),
    "respondedTo": ("in a cautious tone", "in a written statement on {weekday}"),
    "visited": ("on a three-day trip", "for the first time since {year}", "this week"),
    "threatened": ("with new economic sanctions", "with retaliation"),
    "attacked": ("before dawn", "near the border"),
    "sanctioned": ("over human rights abuses", "over its nuclear programme"),
    "providedAidTo": ("worth {amount} million dollars", "of medicine and tents"),
    "cooperatedWith": ("in {sector}", "on a long-term {sector} project"),
    "signedAgreementWith": ("on {sector}", "covering {sector} cooperation"),
}
# The object of a verb that takes its partner after a preposition ("menyediakan bantuan bagi").
_WHAT = {
    "providedAidTo": ("bantuan", "aid"),
    "signedAgreementWith": ("perjanjian", "a deal"),
}
# Light verbs that carry a relation's noun ("menyampaikan kecaman terhadap X").
_ID_LIGHT = {
    "urged": "menyampaikan", "asked": "mengajukan", "metWith": "menggelar",
    "invited": "menyampaikan", "thanked": "menyampaikan", "supported": "menyatakan",
    "criticized": "melontarkan", "rejected": "menyatakan", "respondedTo": "memberikan",
    "visited": "melakukan", "threatened": "melontarkan", "attacked": "melancarkan",
    "sanctioned": "menjatuhkan", "providedAidTo": "mengumumkan", "cooperatedWith": "memperluas",
    "signedAgreementWith": "meneken",
}  # fmt: skip
_EN_LIGHT = {
    "urged": "issued", "asked": "made", "metWith": "held", "invited": "extended",
    "thanked": "expressed", "supported": "voiced", "criticized": "voiced", "rejected": "voiced",
    "respondedTo": "gave", "visited": "made", "threatened": "issued", "attacked": "launched",
    "sanctioned": "imposed", "providedAidTo": "announced", "cooperatedWith": "expanded",
    "signedAgreementWith": "signed",
}  # fmt: skip

# Quotes: what officials say (one relation in some of them, {obj} its object).
_ID_QUOTES = (
    "Kami {verb} {obj} {after}",
    "Situasi ini tidak boleh dibiarkan berlarut-larut dan semua pihak harus menahan diri",
    "Kami ingin hubungan ini membawa manfaat nyata bagi rakyat kedua negara",
    "Pintu dialog selalu terbuka, tetapi kedaulatan kami tidak bisa ditawar",
    "Pemerintah akan terus memantau perkembangan di lapangan dari hari ke hari",
    "Ini adalah langkah penting untuk {topic} di kawasan",
    "Kita berbicara tentang masa depan generasi berikutnya, bukan hanya tahun ini",
    "Kami akan mempelajari usulan itu dengan saksama sebelum mengambil keputusan",
    "Tidak ada jalan pintas untuk menyelesaikan persoalan {topic}",
)
_EN_QUOTES = (
    "We {verb} {obj} {after}",
    "This situation cannot be allowed to drag on, and every side must show restraint",
    "We want this relationship to bring real benefits to the people of both countries",
    "The door to dialogue is always open, but our sovereignty is not negotiable",
    "This is an important step for {topic} in the region",
    "We will study the proposal carefully before we take any decision",
    "There is no shortcut to solving the problem of {topic}",
)
# Background: sentences with no relation, as every article has them.
_ID_BACKGROUND = (
    "Nilai perdagangan kedua negara mencapai {amount} miliar dolar AS pada {year}.",
    "Isu {topic} menjadi salah satu agenda utama pertemuan tahun ini.",
    "Pertemuan itu berlangsung tertutup selama sekitar {hours} jam.",
    "Sejumlah pengamat menilai langkah itu akan memengaruhi harga komoditas di pasar global.",
    "Hingga berita ini diturunkan, belum ada tanggapan resmi dari pihak terkait.",
    "Agenda tersebut sudah dibahas sejak {year}, namun belum menghasilkan keputusan final.",
    "Delegasi yang hadir juga meninjau sejumlah proyek {sector} di sekitar {city}.",
    "Kawasan itu dalam beberapa tahun terakhir menjadi perhatian karena isu {topic}.",
    "Menurut data resmi, sekitar {amount} ribu warga terdampak oleh krisis tersebut.",
    "Rencana itu disebut akan dituangkan dalam dokumen bersama sebelum akhir tahun.",
    "Pembahasan teknis akan dilanjutkan oleh tim kerja di tingkat pejabat senior.",
    "Cuaca buruk sempat membuat jadwal acara mundur sekitar {hours} jam.",
    "Isu tersebut kerap memicu perdebatan di parlemen dalam beberapa bulan terakhir.",
    "Sebelumnya, pertemuan serupa digelar di {city} pada {year}.",
    "Pasar saham regional bergerak datar setelah pengumuman tersebut.",
    "Pemerintah setempat mengerahkan ratusan personel untuk mengamankan acara.",
    "Sejumlah kesepahaman teknis juga dibahas, meski belum ada angka yang diumumkan.",
    "Media lokal melaporkan bahwa agenda itu sempat tertunda sejak {year}.",
)
_EN_BACKGROUND = (
    "Trade between the two countries reached {amount} billion dollars in {year}.",
    "The issue of {topic} was among the main items on this year's agenda.",
    "The meeting was held behind closed doors for about {hours} hours.",
    "Analysts said the move could weigh on commodity prices in global markets.",
    "There was no immediate official response from the other side.",
    "The plan has been discussed since {year} but no final decision has been made.",
    "The delegation also toured several {sector} projects around {city}.",
    "According to official figures, some {amount} thousand people were affected by the crisis.",
    "Officials said technical talks would continue at the working level.",
    "Bad weather delayed the programme by about {hours} hours.",
    "A similar meeting was held in {city} in {year}.",
    "Regional stock markets were little changed after the announcement.",
    "Local media reported that the plan had been on hold since {year}.",
    "Hundreds of police officers were deployed to secure the venue.",
)
_ID_HEADLINE_TAIL = ("Soal {Topic}", "di {city}", "Jelang {Forum}", "", "")
_EN_HEADLINE_TAIL = ("Over {Topic}", "in {city}", "Ahead of {Forum}", "", "")

# ---------------------------------------------------------------- one article


class _Writer:
    """One article's text, from its own random generator."""

    def __init__(self, w: World, rng: random.Random, lang: str) -> None:
        self.w, self.rng, self.lang = w, rng, lang
        self.date = FIRST_DAY + dt.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
        iso = self.date.isoformat()
        self.people = [a for start, end, a in w.offices if start <= iso < end]
        self.seen: set[str] = set()
        self.used: set[str] = set()  # templates of quotes and background used in this article
        self.city = rng.choice(w.cities)
        # A story has a cast: a few people and states most of its sentences are about.
        self.cast: list[Actor] = []
        self.states: list[Actor] = []
        states = [self.state() for _ in range(rng.randint(2, 3))]
        self.cast = rng.sample(self.people, min(len(self.people), rng.randint(2, 4)))
        self.states = states

    @property
    def en(self) -> bool:
        return self.lang == "en"

    def pick(self, items: Sequence[str]) -> str:
        return self.rng.choice(items)

    def fresh(self, items: Sequence[str]) -> str:
        """One of `items` not used yet in this article, while there are such."""
        unused = [t for t in items if t not in self.used] or list(items)
        chosen = self.rng.choice(unused)
        self.used.add(chosen)
        return chosen

    def name(self, actor: Actor) -> str:
        """An actor as written here: in full the first time, short after."""
        forms = actor.short if actor.key in self.seen else actor.full
        self.seen.add(actor.key)
        return self.pick(forms[self.lang])

    def fill(self, template: str) -> str:
        rng = self.rng
        topic = self.pick(_EN_TOPICS if self.en else _ID_TOPICS)
        forum = self.pick(_EN_FORUMS if self.en else _ID_FORUMS)
        return template.format(
            topic=topic,
            Topic=topic.title(),
            forum=forum,
            Forum=forum.removeprefix("the ").title() if self.en else forum,
            sector=self.pick(_EN_SECTORS if self.en else _ID_SECTORS),
            city=self.city if rng.random() < 0.5 else rng.choice(self.w.cities),
            weekday=self.pick(_EN_DAYS if self.en else _ID_DAYS),
            year=rng.randint(2005, self.date.year - 1),
            amount=rng.randint(2, 95),
            hours=rng.randint(2, 5),
        )

    def state(self) -> Actor:
        if self.states and self.rng.random() < 0.75:
            return self.rng.choice(self.states)
        # mostly the states in the news (those with office holders), sometimes any
        pool = self.w.newsworthy if self.rng.random() < 0.8 else sorted(self.w.capitals)
        return self.w.countries[self.pick(pool)]

    def person(self) -> Actor:
        return self.rng.choice(self.cast if self.rng.random() < 0.85 else self.people)

    def actor(self, kinds: str = "any") -> Actor:
        rng = self.rng
        roll = rng.random()
        if kinds == "state" or (roll < 0.35 and kinds != "person"):
            return self.state()
        if roll < 0.5 and kinds != "person":
            return rng.choice(self.w.organisations)
        return self.person()

    def relation(self) -> tuple[str, Actor, Actor]:
        rng = self.rng
        kind = rng.random()
        if kind < 0.65:
            predicate = self.pick(_AGENT_PREDICATES)
            subject, obj = self.actor("person"), self.actor()
        elif kind < 0.85:
            predicate = self.pick(_STATE_PREDICATES)
            subject, obj = self.actor(), self.actor("state")
        else:
            predicate = self.pick(_DEAL_PREDICATES)
            subject, obj = self.actor(), self.actor()
        while subject.key == obj.key or (obj.country and obj.country == subject.country):
            obj = self.state()
        return predicate, subject, obj

    def clause(self, predicate: str, subject: str, obj: str) -> str:
        """'SUBJECT verb [prep] OBJECT after' or with the relation's noun after a light verb."""
        rng = self.rng
        after = self.fill(self.pick((_EN_AFTER if self.en else _ID_AFTER)[predicate]))
        verbs = self.w.verbs[self.lang].get(predicate, [])
        nouns = self.w.nouns[self.lang].get(predicate, [])
        if verbs and (not nouns or rng.random() < 0.7):
            verb = rng.choice(verbs)
            prep = self.pick(verb.preps)
            if prep and predicate in _WHAT:  # "menyediakan bantuan bagi X", "signed a deal with X"
                prep = (_WHAT[predicate][self.en]) + " " + prep
            return " ".join(f"{subject} {verb.form} {prep} {obj} {after}".split())
        noun = rng.choice(nouns)
        light = (_EN_LIGHT if self.en else _ID_LIGHT)[predicate]
        return f"{subject} {light} {noun.word} {self.pick(noun.preps)} {obj} {after}"

    def fact_sentence(self) -> str:
        predicate, subject, obj = self.relation()
        sentence = self.clause(predicate, self.name(subject), self.name(obj))
        if self.rng.random() < 0.3 and not any(w in sentence for w in (" pada ", " on ")):
            when = f"on {self.pick(_EN_DAYS)}" if self.en else f"pada {self.pick(_ID_DAYS)}"
            sentence += f" {when}"
        return sentence[0].upper() + sentence[1:] + "."

    def quote(self) -> str:
        rng = self.rng
        speaker = self.person()
        template = self.fresh(_EN_QUOTES if self.en else _ID_QUOTES)
        if "{verb}" in template:
            predicate = self.pick(("urged", "supported", "criticized", "rejected", "thanked"))
            verbs = self.w.verbs[self.lang].get(predicate) or self.w.verbs[self.lang]["urged"]
            verb = rng.choice(verbs)
            obj = self.name(self.actor("state"))
            prep = self.pick(verb.preps)
            prep = f"{prep} " if prep else ""
            after = self.fill(self.pick((_EN_AFTER if self.en else _ID_AFTER)[predicate]))
            said = template.format(verb=verb.form, obj=prep + obj, after=after)
        else:
            said = self.fill(template)
        who = self.name(speaker)
        if self.en:
            return f"“{said},” {who} {self.pick(_EN_SPEECH)}."
        return f"“{said},” {self.pick(_ID_SPEECH)} {who}."

    def expert(self) -> str:
        place = self.pick(self.w.experts)
        if self.en:
            role = self.pick(_EN_ROLES)
            said = self.fill(self.fresh(_EN_QUOTES[1:]))
            return f"“{said},” said {role} at {place}."
        role = self.pick(_ID_ROLES)
        said = self.fill(self.fresh(_ID_QUOTES[1:]))
        return f"“{said},” kata {role} dari {place}."

    def background(self) -> str:
        return self.fill(self.fresh(_EN_BACKGROUND if self.en else _ID_BACKGROUND))

    def headline(self) -> str:
        predicate, subject, obj = self.relation()
        verbs = [v for v in self.w.verbs[self.lang].get(predicate, []) if v.headline]
        verb = self.rng.choice(verbs or self.w.verbs[self.lang]["urged"])
        prep = self.pick(verb.preps)
        prep = f" {prep.title() if self.en else prep}" if prep else ""
        tail = self.fill(self.pick(_EN_HEADLINE_TAIL if self.en else _ID_HEADLINE_TAIL))
        subj = self.pick(subject.short[self.lang])
        what = self.pick(obj.short[self.lang])
        return " ".join(f"{subj} {verb.headline}{prep} {what} {tail}".split())

    def date_line(self) -> str:
        d, rng = self.date, self.rng
        hh, mm = rng.randint(6, 22), rng.randint(0, 59)
        if self.en:
            return self.pick(
                (
                    f"{_EN_MONTHS[d.month - 1]} {d.day}, {d.year} {hh}:{mm:02d} GMT+7",
                    f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}, {hh}:{mm:02d}",
                )
            )
        day = _ID_DAYS[d.weekday()]
        return self.pick(
            (
                f"{day}, {d.day} {_ID_MONTHS[d.month - 1]} {d.year} - {hh:02d}:{mm:02d} WIB",
                f"{day}, {d.day:02d}/{d.month:02d}/{d.year} {hh:02d}:{mm:02d} WIB",
            )
        )

    def dateline(self) -> str:
        if self.en:
            return f"{self.city.upper()} ({self.pick(_EN_OUTLETS)}) - "
        outlet = self.pick(_ID_OUTLETS)
        if outlet == "ANTARA":
            return f"{self.city} (ANTARA) - "
        if outlet.endswith((".com", ".CO")):
            return f"{outlet}, {self.city} - "
        return f"{self.city}, {outlet} - "

    def furniture(self) -> str:
        if self.en:
            return self.pick(("Advertisement", f"Read more: {self.headline()}"))
        return self.pick(
            (
                "ADVERTISEMENT\n\nSCROLL TO RESUME CONTENT",
                f"Baca Juga: {self.headline()}",
                f"Baca juga:\n{self.headline()}",
                "Simak breaking news dan berita pilihan kami langsung di ponselmu.",
            )
        )

    def paragraph(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            parts = [self.fact_sentence()]
            if self.rng.random() < 0.15:
                parts.append(self.fact_sentence())
            if self.rng.random() < 0.7:
                parts.append(self.background())
        elif roll < 0.7:
            parts = [self.quote()]
            if self.rng.random() < 0.75:
                parts.append(self.background())
        elif roll < 0.8:
            parts = [self.expert()]
            if self.rng.random() < 0.5:
                parts.append(self.background())
        else:
            parts = [self.background() for _ in range(self.rng.randint(2, 3))]
        return " ".join(parts)

    def article(self) -> str:
        rng = self.rng
        target = rng.randint(*TARGET_BYTES)
        title = self.headline()
        self.seen.clear()
        if not self.en and rng.random() < 0.5:  # the lede dates itself: "pada Senin (12/6/2023)"
            d = self.date
            when = f" pada {_ID_DAYS[d.weekday()]} ({d.day}/{d.month}/{d.year})"
            lede = self.fact_sentence()[:-1] + when + "."
        else:
            lede = self.fact_sentence()
        body = [self.dateline() + lede, self.fact_sentence()]
        size = sum(len(p.encode()) for p in body)
        while len(body) < MAX_PARAGRAPHS and (size < target or len(body) < MIN_PARAGRAPHS):
            if rng.random() < 0.12:
                body.append(self.furniture())  # page furniture between paragraphs
                continue
            body.append(self.paragraph())
            size += len(body[-1].encode())
        if self.en:
            body.append("(Reporting by the Jakarta bureau; Editing by the Asia desk)")
        else:
            initials = "/".join("".join(rng.sample(_INITIALS, 3)) for _ in range(2))
            body.append(f"({initials})")
        return "\n\n".join([title, self.date_line(), *body]) + "\n"


def article(i: int, seed: int = 7) -> str:
    """Article number `i` of the corpus `seed`: the same text whatever the corpus size."""
    rng = random.Random(f"kg-bench:{seed}:{i}")
    lang = "en" if rng.random() < ENGLISH_SHARE else "id"
    return _Writer(world(), rng, lang).article()


def file_name(i: int) -> str:
    return f"article_{i:06d}.txt"


def write_corpus(
    n: int,
    out: Path,
    seed: int = 7,
    start: int = 0,
    progress: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write articles start .. start+n-1 of corpus `seed` into `out`; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = out / file_name(i)
        path.write_text(article(i, seed), encoding="utf-8")
        paths.append(path)
        if progress and (i - start + 1) % 1000 == 0:
            progress(i - start + 1)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("out", type=Path, help="folder to write them into")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=int, default=0, help="number of the first article")
    args = parser.parse_args(argv)
    paths = write_corpus(args.n, args.out, args.seed, args.start)
    sizes = [p.stat().st_size for p in paths]
    print(
        f"wrote {len(paths)} articles to {args.out}: {sum(sizes) / 1e6:.1f} MB, "
        f"{sum(sizes) / max(1, len(sizes)):.0f} bytes each on average "
        f"(min {min(sizes, default=0)}, max {max(sizes, default=0)})",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
