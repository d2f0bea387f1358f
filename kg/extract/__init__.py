"""Rule-based extraction of facts from one article: `extract_article(article, onto)`."""

from kg.extract.pipeline import extract_article

__all__ = ["extract_article"]
