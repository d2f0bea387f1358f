"""Articles read and set aside on disk until they are extracted.

A build reads every article before it extracts one: of two copies of an article the one given
last is kept, and the plan compares each article with the store. Kept in the build's process, the
articles read took about 7 KB each (0.7 GB at 100,000 articles), all of it until the end of
the run. Set aside, an article is a Held (a few hundred bytes) in memory, and its text is read
back from one unnamed file in the staging folder when its turn to be extracted comes.
"""

from __future__ import annotations

import errno
import os
import pickle
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import OutputError
from kg.identity import article_identity, article_slug
from kg.model import Article, Unchanged
from kg.triples import article_digest


@dataclass(frozen=True)
class Held(Unchanged):
    """An article read this run, set aside (Spill.put): what the plan asks of it, as of an
    article not read again (kg.model.Unchanged), and where the rest waits."""

    has_url: bool  # its identity is its URL
    offset: int  # of its bytes in the spill file
    size: int


class Spill:
    """One file of articles set aside, written as they are read, read back in any order. It
    has no name (an open temporary file), so nothing is left of it after the run, however it
    ends, and nothing of it is published from the staging folder."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        try:
            # unbuffered: a full disk fails the put() that meets it, not a later call
            self._file = tempfile.TemporaryFile(dir=folder, prefix=".articles-", buffering=0)
        except OSError as exc:
            raise self._error(exc) from exc
        self._end = 0

    def _error(self, exc: OSError) -> OutputError:
        # the staging folder is in the output folder: name that one
        return OutputError(
            f"{self._folder.parent}: cannot set the articles read aside there "
            f"({exc.strerror or exc}); nothing in it was changed. Free some space or choose "
            "another folder with -o"
        )

    def put(self, article: Article) -> Held:
        data = pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self._file.seek(self._end)
            left = memoryview(data)
            while left:  # an unbuffered write may write part (at a file-size limit, say)
                written = self._file.write(left)
                if not written:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                left = left[written:]
        except OSError as exc:  # a full disk, a quota
            raise self._error(exc) from exc
        held = Held(
            article.source,
            article_slug(article),
            article_identity(article),
            article_digest(article),
            len(article.text),
            article.url is not None,
            self._end,
            len(data),
        )
        self._end += len(data)
        return held

    def get(self, held: Held) -> Article:
        try:
            self._file.seek(held.offset)
            data = self._file.read(held.size)
        except OSError as exc:
            raise self._error(exc) from exc
        article = pickle.loads(data)
        assert isinstance(article, Article)
        return article

    def close(self) -> None:
        self._file.close()  # unbuffered: nothing left to write that could fail
