"""Where kg's data files (the top-level ontology/ folder) are, installed or in a checkout."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path


@functools.cache
def ontology_dir() -> Path:
    """ontology/ as the installed package kg.ontology, or beside kg/ when kg runs from a checkout.

    `python -m pytest` in a clone imports kg/ from the working folder, where kg.ontology is no
    subpackage (setuptools maps it from ontology/ at install time), so both places are looked at.
    """
    checkout = Path(__file__).resolve().parent.parent / "ontology"
    if (checkout / "kg.ttl").is_file():
        return checkout
    return Path(str(resources.files("kg.ontology")))
