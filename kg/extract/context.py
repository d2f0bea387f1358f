"""The context every stage reads one article in: its inputs, its memory, the facts read so far
and what is known of the sentence at hand. Stages are functions that take it first."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract.discourse import ArticleState
from kg.extract.mentions import Mention, MentionFinder, finders_for
from kg.extract.sentence import Names
from kg.lexicon import Cue, Language, Ontology
from kg.model import Article, Fact, Sentence


@dataclass
class Context:
    """One article being read, sentence by sentence; the rules are shared, the words per
    language."""

    onto: Ontology
    article: Article
    state: ArticleState = field(init=False)
    finders: dict[str, MentionFinder] = field(init=False)  # one per language
    facts: list[Fact] = field(default_factory=list)
    pending: list[tuple[Fact, int, int]] = field(default_factory=list)  # facts waiting for a
    # group: (fact, n, sentence)
    # English heads of state organs ("Ministry of Defence"), as words.tsv `ministry` names
    # them in every language
    organ_heads: tuple[str, ...] = field(init=False)

    # the language of the sentence being read (use_language)
    lang: Language = field(init=False)
    finder: MentionFinder = field(init=False)
    both_words: set[str] = field(init=False)
    observers: set[str] = field(init=False)  # titles held "at" an institution (a professor)

    # the sentence being read
    sent_index: int = 0
    fact_start: int = 0  # facts before this index were read from earlier sentences
    title_case: bool = False  # a Title Case headline: capitals say nothing about names
    names: Names = field(init=False)  # where its mentions stand
    cue_words: set[int] = field(default_factory=set)  # tokens of its phrase cues
    verb_cues: set[int] = field(default_factory=set)  # where its verb cues stand
    # where its speaker's reported speech begins ("..., sementara Prabowo menegaskan ..."): an
    # act told before, outside a quote, is not theirs
    speech_from: int = 0
    last_subject: list[Mention] = field(default_factory=list)  # of its last active verb
    # the last title with an organization: (its end, the organization, its English title)
    last_title: tuple[int, str, str] | None = None
    last_office: tuple[str, str] | None = None  # (relation, English title) named last
    verb_objects: dict[Cue, list[Mention]] = field(default_factory=dict)  # a verb cue's object

    def __post_init__(self) -> None:
        onto = self.onto
        self.finders = finders_for(onto)
        self.state = ArticleState(onto, self.article.date or "", self.article.text)
        self.organ_heads = tuple(
            sorted(
                {
                    head
                    for lang in onto.languages.values()
                    for head in lang.words.get("ministry", {}).values()
                    if head
                }
            )
        )
        self.use_language("id")

    def use_language(self, code: str) -> None:
        """Switch the language data for the next sentence (articles may change language)."""
        if getattr(self, "lang", None) is not None and self.lang.code == code:
            return
        self.lang = self.onto.lang(code)
        self.finder = self.finders[self.lang.code]
        self.state.language = self.lang.code
        self.both_words = set(self.lang.words.get("both", {}))
        self.observers = {
            t.english for ts in self.lang.titles.values() for t in ts if t.pattern == "at"
        }

    def begin_sentence(self, sent: Sentence) -> None:
        """Read `sent` next: its language, and nothing yet known of it."""
        self.use_language(sent.language)
        self.sent_index = sent.index
        self.fact_start = len(self.facts)
        self.last_subject = []
        self.speech_from = 0
        self.last_title = None
        self.verb_objects = {}

    def sentence_facts(self) -> list[Fact]:
        """The facts read from the sentence being read (not a scan of the whole article)."""
        return [f for f in self.facts[self.fact_start :] if f.sentence == self.sent_index]
