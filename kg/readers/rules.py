"""Language data the text readers use: the boilerplate patterns of ontology/boilerplate.tsv
and the month, weekday and time-zone names of ontology/months.tsv; reading dates with them."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from kg.data import ontology_dir
from kg.errors import OntologyError
from kg.model import Notice

# Header segments ("Global", "koran-jakarta.com") beside a date are at most this long.
_HEADER_SEGMENT_WORDS = 4

# ---------------------------------------------------------------- data files


def read_tsv(name: str, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of a TSV data file with their line numbers; `#` lines and blank lines are comments."""
    path = ontology_dir() / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise OntologyError(f"{path}: cannot read ({exc.strerror}); reinstall kg") from exc
    rows: list[tuple[int, list[str]]] = []
    header_seen = False
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != columns:
                raise OntologyError(
                    f"{path}:{number}: header must be {' '.join(columns)} (tab-separated)"
                )
            header_seen = True
            continue
        if len(cells) != len(columns):
            raise OntologyError(
                f"{path}:{number}: expected {len(columns)} tab-separated columns "
                f"({', '.join(columns)}), found {len(cells)}"
            )
        rows.append((number, cells))
    if not header_seen:
        raise OntologyError(f"{path}: no header row; the first line must be {' '.join(columns)}")
    return rows


@dataclass(frozen=True)
class _Rules:
    drop_line: tuple[re.Pattern[str], ...]
    drop_next: tuple[re.Pattern[str], ...]
    cut_rest: tuple[re.Pattern[str], ...]
    inline: tuple[re.Pattern[str], ...]
    # each list above as one pattern that matches where any of them does: one scan a line
    any_drop_line: AnyOf
    any_drop_next: AnyOf
    any_cut_rest: AnyOf
    any_inline: AnyOf
    dateline: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    date_words: frozenset[str]  # weekdays, zones and fillers that may stand beside a date
    date_patterns: tuple[re.Pattern[str], ...]


_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")
_NEVER = re.compile(r"(?!)")


@dataclass(frozen=True)
class AnyOf:
    """Patterns searched as two: those anchored at the start ("^...") joined and matched at
    position 0 only, the others joined and searched; found where any of them would be."""

    anchored: re.Pattern[str]
    floating: re.Pattern[str]

    def search(self, text: str) -> bool:
        return bool(self.anchored.match(text) or self.floating.search(text))


def any_of(patterns: list[re.Pattern[str]]) -> AnyOf:
    """One AnyOf for `patterns` (a leading "(?i)" becomes the group's own "(?i:...)")."""
    anchored: list[str] = []
    floating: list[str] = []
    for pattern in patterns:
        source, flags = pattern.pattern, ""
        found = _LEADING_FLAGS.match(source)
        if found:
            source, flags = source[found.end() :], found.group(1)
        group = f"(?{flags}:" if flags else "(?:"
        if source.startswith("^") and not pattern.flags & re.MULTILINE:
            anchored.append(f"{group}{source[1:]})")
        else:
            floating.append(f"{group}{source})")
    return AnyOf(
        re.compile("|".join(anchored)) if anchored else _NEVER,
        re.compile("|".join(floating)) if floating else _NEVER,
    )


_KINDS = ("line", "line+next", "rest", "inline", "dateline")
_DATE_KINDS = ("month", "weekday", "zone", "dateword")


@functools.cache
def load_rules() -> _Rules:
    found: dict[str, list[re.Pattern[str]]] = {kind: [] for kind in _KINDS}
    for number, (pattern, kind, _note) in read_tsv("boilerplate.tsv", ("pattern", "kind", "note")):
        if kind not in found:
            raise OntologyError(
                f"boilerplate.tsv:{number}: unknown kind {kind!r}; use one of {', '.join(_KINDS)}"
            )
        try:
            found[kind].append(re.compile(pattern))
        except re.error as exc:
            raise OntologyError(f"boilerplate.tsv:{number}: bad regex {pattern!r}: {exc}") from exc
    months: dict[str, int] = {}
    words: set[str] = set()
    for number, (word, kind, value, _lang) in read_tsv(
        "months.tsv", ("word", "kind", "value", "language")
    ):
        key = word.casefold()
        if kind == "month":
            if (
                not value.isdigit()
                or not 1 <= int(value) <= 12
                or months.get(key, int(value)) != int(value)
            ):
                raise OntologyError(f"months.tsv:{number}: month {word!r} needs one value 1-12")
            months[key] = int(value)
        elif kind in _DATE_KINDS:
            words.add(key)
        else:
            raise OntologyError(
                f"months.tsv:{number}: unknown kind {kind!r}; use one of {', '.join(_DATE_KINDS)}"
            )
    return _Rules(
        drop_line=tuple(found["line"]),
        drop_next=tuple(found["line+next"]),
        cut_rest=tuple(found["rest"]),
        inline=tuple(found["inline"]),
        any_drop_line=any_of(found["line"]),
        any_drop_next=any_of(found["line+next"]),
        any_cut_rest=any_of(found["rest"]),
        any_inline=any_of(found["inline"]),
        dateline=tuple(found["dateline"]),
        months=months,
        date_words=frozenset(words),
        date_patterns=_date_patterns(months),
    )


# ---------------------------------------------------------------- dates


def _date_patterns(months: dict[str, int]) -> tuple[re.Pattern[str], ...]:
    names = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    day = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    year = r"(?P<y>\d{4})(?!\d)"
    return (
        re.compile(rf"(?<!\d){day}\s+(?P<m>{names})\.?,?\s+{year}", re.IGNORECASE),
        re.compile(rf"\b(?P<m>{names})\.?\s+{day},?\s+{year}", re.IGNORECASE),
        re.compile(
            r"(?<!\d)(?P<y>\d{4})([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"
            r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"  # ISO 8601 time
        ),
        # Day first, as in Indonesian and British usage; month first only when day-first is invalid.
        re.compile(r"(?<!\d)(?P<d>\d{1,2})([-/.])(?P<m>\d{1,2})\2(?P<y>\d{4})(?!\d)"),
    )


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The earliest valid date in `text` as ISO YYYY-MM-DD, with the span it was read from."""
    rules = load_rules()
    best: tuple[str, tuple[int, int]] | None = None
    for pattern in rules.date_patterns:
        for match in pattern.finditer(text):
            month_text = match.group("m")
            month = int(month_text) if month_text.isdigit() else rules.months[month_text.casefold()]
            day, year = int(match.group("d")), int(match.group("y"))
            iso = _iso(year, month, day) or (
                _iso(year, day, month) if month_text.isdigit() else None
            )
            if iso is not None:
                if best is None or match.start() < best[1][0]:
                    best = (iso, match.span())
                break
    return best


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date written in `text` ("Rabu, 1 Februari 2023", "2023-02-01T07:00Z") as ISO."""
    found = find_date(text)
    return found[0] if found else None


def unread_date(source: str, where: str, value: str) -> Notice:
    """What is said of a date field kg cannot read (the article is read without it)."""
    return Notice(
        source,
        f"{where}: date {value!r} is not a date kg reads (write YYYY-MM-DD); read without a date",
    )


_TIME = re.compile(
    r"(?<!\d)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?!\d)"  # 14:37, 14.37.05
    r"|[+-]\d{1,2}(?::?\d{2})?(?!\d)"  # +07:00, GMT+7
    r"|(?<!\d)\d{1,3}\s+(?=[^\W\d_])"  # the number of "2 hours ago", "5 menit lalu"
)
_WORD = re.compile(r"[^\W\d_][\w'’.]*")
_SEPARATORS = re.compile(r"[\s,|\-–—:/()•·]*")


def _only_date_furniture(text: str) -> bool:
    """True when `text` holds nothing but times, weekdays, zones, fillers and separators."""
    rest = _TIME.sub(" ", text)
    words = _WORD.findall(rest)
    if any(w.rstrip(".").casefold() not in load_rules().date_words for w in words):
        return False
    return _SEPARATORS.fullmatch(_WORD.sub(" ", rest)) is not None


_SEGMENT_SPLIT = re.compile(r"\s*[|•·]\s*|\s+[-–—]+\s+")
_DOMAIN = re.compile(r"^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def header_line(line: str) -> tuple[str, str | None] | None:
    """(date, publisher) when `line` is a date line such as "Global | koran-jakarta.com | Rabu,
    1 Februari 2023 - 14:37" or "1 February 2023, 8:03"; None for any other line."""
    date: str | None = None
    others: list[str] = []
    for segment in filter(None, (s.strip() for s in _SEGMENT_SPLIT.split(line))):
        found = find_date(segment)
        if found is not None:
            start, end = found[1]
            if date is not None or not _only_date_furniture(segment[:start] + " " + segment[end:]):
                return None
            date = found[0]
        elif not _only_date_furniture(segment):
            others.append(segment)
    if date is None or any(len(s.split()) > _HEADER_SEGMENT_WORDS for s in others):
        return None
    publisher = next((s for s in others if _DOMAIN.match(s)), None)
    return date, publisher
