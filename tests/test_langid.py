"""Language identification over the shipped function-word lists (no model download)."""

from __future__ import annotations

from kg.extract import extract_article
from kg.langid import detect
from kg.lexicon import load_ontology
from kg.model import Article


def test_indonesian_and_english_paragraphs() -> None:
    onto = load_ontology()
    assert (
        detect(
            "Pemerintah menyatakan bahwa bantuan itu akan dikirim ke wilayah tersebut "
            "pada pekan ini.",
            onto,
        )
        == "id"
    )
    assert (
        detect("The minister said that the aid would be sent to the region later this week.", onto)
        == "en"
    )


def test_a_short_lede_of_names_is_read_by_its_titles_and_verbs() -> None:
    """Few function words: the titles and relation cues of each language tell them apart."""
    onto = load_ontology()
    assert detect("Former US President Barack Obama visited Jakarta.", onto) == "en"
    assert detect("British Prime Minister Boris Johnson met Joko Widodo.", onto) == "en"
    assert detect("Presiden AS Barack Obama bertemu PM Inggris Boris Johnson.", onto) == "id"
    assert detect("Menlu Retno mengunjungi Washington.", onto, fallback="en") == "id"


def test_short_or_unclear_text_falls_back() -> None:
    onto = load_ontology()
    assert detect("Jakarta", onto) == "id"
    assert detect("NATO", onto, fallback="en") == "en"
    assert detect("", onto, fallback="en") == "en"


def test_article_language_is_detected_once_and_per_paragraph() -> None:
    onto = load_ontology()
    article = Article(
        source="mixed.txt",
        text="Presiden itu mengatakan bahwa kerja sama dengan negara tetangga akan diperluas. "
        "Ia juga menyebut bahwa para menteri telah bertemu di ibu kota pada pekan ini.\n\n"
        "The president said that the partnership would grow "
        "and that it was a priority for the region.",
    )
    ex = extract_article(article, onto)
    assert ex.article.language == "id"
    assert [s.language for s in ex.sentences] == ["id", "id", "en"]
