"""The JSON Schemas shipped in newsweave/schemas describe what `newsweave run` writes."""
from __future__ import annotations

import copy
import json
from importlib.resources import files
from pathlib import Path

from jsonschema import Draft202012Validator


REPO = Path(__file__).resolve().parents[1]
NAMES = ("stories", "article", "brief")


def schema(name: str) -> dict:
    return json.loads(files("newsweave").joinpath("schemas", f"{name}.schema.json").read_text(encoding="utf-8"))


def errors(name: str, document) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in Draft202012Validator(schema(name)).iter_errors(document)]


def test_schemas_are_valid_draft_2020_12():
    for name in NAMES:
        document = schema(name)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        Draft202012Validator.check_schema(document)


def test_demo_run_outputs_validate(demo_out):
    stories = json.loads((demo_out / "stories.json").read_text(encoding="utf-8"))
    assert errors("stories", stories) == []
    article_files = sorted((demo_out / "articles").glob("*.json"))
    assert len(article_files) == len(stories["articles"])
    for path in article_files:
        assert errors("article", json.loads(path.read_text(encoding="utf-8"))) == [], path.name
    for path in sorted((demo_out / "stories").glob("*.json")) if (demo_out / "stories").is_dir() else []:
        assert errors("brief", json.loads(path.read_text(encoding="utf-8"))) == [], path.name


def test_framing_section_of_a_demo_story_validates(demo_out):
    from newsweave.brief.framing import framing_section
    from newsweave.store import open_store

    stories = json.loads((demo_out / "stories.json").read_text(encoding="utf-8"))
    store = open_store(str(demo_out / "newsweave.db"))
    try:
        members = [store.get_article(aid) for aid in stories["stories"][0]["articles"]]
    finally:
        store.close()
    section = framing_section(members)
    assert len(section["outlets"]) >= 2 and any(o["distinctive_terms"] for o in section["outlets"])
    framing_schema = {**schema("brief")["properties"]["framing"], "$defs": schema("brief")["$defs"]}
    assert list(Draft202012Validator(framing_schema).iter_errors(json.loads(json.dumps(section)))) == []


def test_broken_documents_fail(demo_out):
    stories = json.loads((demo_out / "stories.json").read_text(encoding="utf-8"))
    broken = copy.deepcopy(stories)
    broken["schema"] = "newsweave.stories/0"
    del broken["stories"][0]["articles"]
    broken["articles"][0]["story"] = 7
    found = errors("stories", broken)
    assert len(found) == 3 and any("articles" in e for e in found)

    article = json.loads(next((demo_out / "articles").glob("*.json")).read_text(encoding="utf-8"))
    article["quotes"] = [{"text": "x", "start": -1, "end": 3, "partial": "no", "kind": "shouted", "speaker": None, "group": None}]
    assert len(errors("article", article)) == 3  # negative offset, partial not a boolean, unknown kind

    brief = {"id": "s1", "title": "t", "articles": ["a"], "outlets": ["o"],
             "facts": [{"id": "F1", "text": "x", "status": "corroborated", "outlets": ["o"], "independent_outlets": 1,
                        "support": [{"article": "a", "start": 0, "end": 1}]}],
             "conflicts": [], "quotes": [], "entities": [], "summary": [], "timeline": [],
             "framing": {"outlets": [{"outlet": "o", "articles": ["a"], "headline": None, "distinctive_terms": [], "loaded_terms": []}]}}
    assert errors("brief", brief) == []
    bad = copy.deepcopy(brief)
    del bad["facts"][0]["support"]
    bad["facts"][0]["_sentences"] = [0]  # internal keys must not leak into the file
    del bad["timeline"]
    assert len(errors("brief", bad)) == 3
