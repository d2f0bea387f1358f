"""Sentences and tokens: the first stage after reading an article."""

from __future__ import annotations

import re
from typing import NamedTuple

from kg.model import Article, Sentence

# Words keep inner apostrophes ("King's") but split at hyphens, so "Rusia-Ukraina" and
# "Suk-yeol" give the same tokens in text and in gazetteer names.
# English possessive 's is a token of its own ("Russia's invasion"), so names match alone.
_TOKEN = re.compile(r"\w+(?:['’](?![sS]\b)\w+)*|['’][sS]\b|[^\w\s]", re.UNICODE)
_OPEN_QUOTES = "“‘«"
_CLOSE_QUOTES = "”’»"
# What may stand between a sentence's end and the next sentence.
_AFTER_END = _CLOSE_QUOTES + '") '
_INITIALISM = re.compile(r"(?:\w\.)+\w")
# The characters split_paragraph reads: quotation marks and sentence ends.
_MARKS = re.compile(r'[“«”»".!?]')
# Abbreviations after which a period does not end a sentence.
_ABBREV = frozenset(
    "prof dr drs ir h hj no jl st mr mrs ms sen gen col lt kol brig jend let mayjen "
    "dll dsb dst tsb vs etc inc ltd co corp jr sr u.s a.s".split()
)


class Token(NamedTuple):
    """A token with the two facts rules ask of it on nearly every word, read once here (a
    tuple: made for every word of every sentence, and a frozen dataclass is slow to make)."""

    text: str
    start: int  # character offset in the sentence
    end: int
    in_quote: bool
    is_word: bool  # begins with a letter or digit
    is_cap: bool  # begins with a capital


def word_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


_new = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """Tokens with offsets, each marked when it stands inside a quotation."""
    tokens: list[Token] = []
    in_quote = False
    for match in _TOKEN.finditer(text):
        tok = match.group()
        first = tok[0]
        if first.isalnum():  # a word (most tokens): no quote mark
            start, end = match.span()
            # (tuple.__new__: Token's own __new__ is a Python function, this is the hot path)
            tokens.append(_new(Token, (tok, start, end, in_quote, True, first.isupper())))
            continue
        is_quote = False
        if tok in _OPEN_QUOTES or (tok == '"' and not in_quote):
            is_quote, in_quote = True, True
        elif tok in _CLOSE_QUOTES and tok != "’" or (tok == '"' and in_quote):
            is_quote, in_quote = True, False
        elif tok == "’" and in_quote and _closes_single_quote(text, match.end()):
            is_quote, in_quote = True, False
        inside = in_quote and not is_quote
        tokens.append(Token(tok, match.start(), match.end(), inside, False, first.isupper()))
    return tokens


def _closes_single_quote(text: str, pos: int) -> bool:
    return pos >= len(text) or not text[pos].isalnum()


def _ends_sentence(para: str, i: int) -> bool:
    """Is the . ! or ? at para[i] the end of a sentence? (`para` has no line breaks.)"""
    # Read by index around i, never copying or searching the paragraph before or after: this
    # runs at every full stop, and copies made it quadratic in the paragraph's length.
    n = len(para)
    if i + 1 < n and not para[i + 1].isspace() and para[i + 1] not in _CLOSE_QUOTES + '")':
        return False
    j = i + 1
    while j < n and para[j] in _AFTER_END:
        j += 1
    if j < n and not (para[j].isupper() or para[j].isdigit() or para[j] in _OPEN_QUOTES + '"'):
        return False
    if para[i] == ".":
        start = i  # the word before the stop, its inner stops included ("U.S"): [\w.]+
        while start > 0 and (para[start - 1].isalnum() or para[start - 1] in "_."):
            start -= 1
        word = para[start:i]
        if word and (
            word.lower() in _ABBREV
            or len(word) == 1
            or _INITIALISM.fullmatch(word)  # initialisms: "U.N.", "U.K."
        ):
            return False
    return True


def split_paragraph(para: str) -> list[str]:
    """Split at sentence ends, never inside a quotation, so a quote stays with its speaker."""
    out: list[str] = []
    start = 0
    depth = 0
    straight_open = False
    for mark in _MARKS.finditer(para):  # (not every character: they are nearly all letters)
        i, ch = mark.start(), mark.group()
        closed = False
        if ch in "“«":
            depth += 1
        elif ch in "”»":
            depth = max(0, depth - 1)
            closed = depth == 0
        elif ch == '"':
            straight_open = not straight_open
            closed = not straight_open
        if closed and depth == 0 and not straight_open and i > start:
            # a quote that ends its sentence ("… NATO.” Sementara itu, …"): the sentence ends
            # after the quote when the next begins, as after any end; "….” kata X" goes on
            ch, i = para[i - 1], i - 1
        if ch in ".!?" and depth == 0 and not straight_open and _ends_sentence(para, i):
            end = i + 1
            while end < len(para) and para[end] in _CLOSE_QUOTES + '")':
                end += 1
            piece = para[start:end].strip()
            if piece:
                out.append(piece)
            start = end
    tail = para[start:].strip()
    if tail:
        out.append(tail)
    # A quote closed in the next piece ("“A. B,” kata X.") was split inside: join it back.
    merged: list[str] = []
    for piece in out:
        if merged and _unbalanced(merged[-1]):
            merged[-1] = merged[-1] + " " + piece
        else:
            merged.append(piece)
    return merged


def _unbalanced(text: str) -> bool:
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def split_sentences(article: Article) -> tuple[Sentence, ...]:
    """The title (as sentence 0, when there is one) and the body's sentences, in order."""
    sentences: list[Sentence] = []
    if article.title:
        sentences.append(Sentence(0, article.title.strip(), 0))
    paragraphs = [p for p in re.split(r"\n\s*\n", article.text) if p.strip()]
    for pnum, para in enumerate(paragraphs, 1):
        for text in split_paragraph(" ".join(para.split())):
            sentences.append(Sentence(len(sentences), text, pnum))
    return tuple(sentences)
