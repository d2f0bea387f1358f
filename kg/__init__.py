"""kg: turn news articles into an RDF knowledge graph with provenance."""

from __future__ import annotations

__version__ = "0.1.0"
