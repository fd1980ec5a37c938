"""`newsweave run` writes stories.json and one analysis file per article, offsets into the raw input."""
from __future__ import annotations

import json

import pytest

from conftest import REPO, shared_path
from newsweave.cli import main

DEMO = REPO / "examples" / "demo"


@pytest.fixture
def demo_run(demo_out):
    return demo_out


def test_every_article_has_an_analysis_file(demo_run):
    stories = json.loads((demo_run / "stories.json").read_text(encoding="utf-8"))
    files = {json.loads(p.read_text(encoding="utf-8"))["id"]: json.loads(p.read_text(encoding="utf-8")) for p in (demo_run / "articles").glob("*.json")}
    assert set(files) == {a["id"] for a in stories["articles"]}
    for document in files.values():
        assert set(document) == {"id", "entities", "quotes", "numbers"}
        for quote in document["quotes"]:
            assert quote["kind"] in ("direct", "indirect") and quote["start"] < quote["end"]


def _written(folder) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.suffix in (".json", ".md", ".html")}


def test_a_second_run_parses_and_encodes_nothing_and_writes_the_same(demo_out, tmp_path, monkeypatch):
    """What an earlier run parsed (analysis, the clusterer's names, sentence vectors) comes from the store's cache."""
    import shutil

    from newsweave.brief import encoder
    from newsweave.stories.cluster import StoryClusterer

    out = tmp_path / "out"
    shutil.copytree(demo_out, out)

    def refuse(*args, **kwargs):
        raise AssertionError("parsed or encoded again")

    monkeypatch.setattr("newsweave.article_parse.load_nlp", refuse)
    monkeypatch.setattr(StoryClusterer, "_mentions", refuse)
    monkeypatch.setattr(encoder, "sentence_encoder", refuse)
    assert main(["run", str(DEMO), "--out", str(out)]) == 0
    assert _written(out) == _written(demo_out)


def test_text_offsets_index_the_raw_file(demo_run):
    for path in (demo_run / "articles").glob("txt_*.json"):
        document = json.loads(path.read_text(encoding="utf-8"))
        raw = (DEMO / document["id"]).read_text(encoding="utf-8")
        for entity in document["entities"]:
            for mention in entity["mentions"]:
                assert raw[mention["start"] : mention["end"]] == mention["text"]
        for number in document["numbers"]:
            assert raw[number["start"] : number["end"]] == number["text"]


def test_kherson_same_quote_one_group_and_one_speaker_entity(tmp_path):
    folder = shared_path("examples", "kherson")
    files = [str(folder / name) for name in ("000_aa7f81e907bc8426.txt", "004_682e6fe2ff00f1a5.txt")]
    assert main(["run", *files, "--out", str(tmp_path)]) == 0
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((tmp_path / "articles").glob("*.json"))]
    groups = []
    for document in documents:
        raw = (folder / document["id"]).read_text(encoding="utf-8")
        podolyak = [q for q in document["quotes"] if q["kind"] == "direct" and "Actions speak louder" in raw[q["start"] : q["end"]]]
        assert len(podolyak) == 1 and podolyak[0]["speaker"]["entity"]
        groups.append((podolyak[0]["group"], podolyak[0]["speaker"]["entity"]))
    assert groups[0] == groups[1] and groups[0][0] is not None
    numbers = {n["text"]: n for d in documents for n in d["numbers"]}
    assert numbers["just under 80,000 Russian soldiers"]["qualifier"] == "just under"
    assert numbers["more than 115,000 people"]["value"] == 115000
    assert not any("£" in text for text in numbers)
    entities = json.loads((tmp_path / "entities.json").read_text(encoding="utf-8"))["entities"]
    podolyak = next(e for e in entities if e["id"] == groups[0][1])
    assert len(podolyak["variants"]) >= 2 and podolyak["merges"] and all({"rule", "score"} <= set(m) for m in podolyak["merges"])
