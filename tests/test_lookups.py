"""The look-up tables extraction passes words by with: built from the shipped ontology data,
they must answer as the rules they stand in front of would (a word they wrongly pass by is a
mention or cue lost without any error)."""

from __future__ import annotations

from kg.extract.mentions import finders_for
from kg.lexicon import load_ontology


def test_classes_of_answers_as_is_for_every_word_of_every_class() -> None:
    onto = load_ontology()
    for lang in onto.languages.values():
        classes = list(lang.words)
        for cls, entries in lang.words.items():
            for word in entries:
                assert cls in lang.classes_of(word)
                assert {c for c in classes if lang.is_(word, c)} == lang.classes_of(word)
        assert lang.classes_of("no-such-word-anywhere") == frozenset()


def test_every_title_organ_and_name_begins_with_a_start_word() -> None:
    onto = load_ontology()
    for code, finder in finders_for(onto).items():
        lang = onto.languages[code]
        for first, titles in lang.titles.items():
            assert all(t.words[0] == first for t in titles)
            assert first in finder.title_starts
        for words in onto.aliases:
            assert words[0] in finder.name_starts
        if not lang.modifier_first:  # "Kementerian Luar Negeri Tiongkok": the organ first
            assert set(lang.organ_phrases) <= finder.title_starts


def test_every_cue_word_may_be_a_cue_bare_and_with_its_clitic() -> None:
    onto = load_ontology()
    for code, finder in finders_for(onto).items():
        for word in onto.languages[code].cues:
            assert finder.may_be_cue(word)
            assert finder.may_be_cue(word + "nya")
        assert not finder.may_be_cue("qqqq")


def test_an_affixed_form_of_a_cue_root_may_be_a_cue() -> None:
    finders = finders_for(load_ontology())
    assert finders["id"].may_be_cue("mendesak")  # meN- + desak (urge)
    assert finders["id"].may_be_cue("didesak")  # the passive
    assert finders["en"].may_be_cue("urged")
