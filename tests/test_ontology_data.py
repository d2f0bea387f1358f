"""A user extends kg by editing the gazetteer: what would make a broken graph is refused as it
is read, with the file, the line and the fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.data import ontology_dir
from kg.errors import OntologyError
from kg.lexicon import load_ontology


def _edited(tmp_path: Path, name: str, line: str) -> tuple[Path, int]:
    """A copy of the shipped ontology/ with `line` added to gazetteer/`name`; its line number."""
    folder = tmp_path / "ontology"
    shutil.copytree(ontology_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    path = folder / "gazetteer" / name
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return folder, text.count("\n") + 1


@pytest.mark.parametrize(
    ("name", "line", "said"),
    [
        ("entities.tsv", "New York\tLocation\tNew York", "key 'New York' is not an IRI local name"),
        ("entities.tsv", "Kota<Baru>\tLocation\tKota Baru", "such as 'Kota_Baru'"),
        ("entities.tsv", "Oslo_Town\tLocation\tOslo\tQ 585", "wikidata 'Q 585' is not a Wikidata"),
        ("entities.tsv", "Oslo_Town\tLocation\tOslo\thttp://x/Q585", "write Q and its number"),
        ("aliases.tsv", "Norway\tNorwegia raya\tin donesia\tname", "lang 'in donesia' is not"),
    ],
)
def test_a_gazetteer_row_that_would_break_the_graph_is_refused_with_its_line(
    tmp_path: Path, name: str, line: str, said: str
) -> None:
    folder, number = _edited(tmp_path, name, line)
    with pytest.raises(OntologyError) as raised:
        load_ontology(folder)
    message = str(raised.value)
    assert message.startswith(f"{folder / 'gazetteer' / name}:{number}: ")
    assert said in message


def test_a_well_formed_row_is_read(tmp_path: Path) -> None:
    folder, _number = _edited(tmp_path, "entities.tsv", "Oslo_Town\tLocation\tOslo Town\tQ585")
    entity = load_ontology(folder).entities["Oslo_Town"]
    assert (entity.label, entity.wikidata) == ("Oslo Town", "Q585")
