"""``newsweave.run()``, the one pipeline, and ``newsweave brief``, which prints what a run saved."""
from __future__ import annotations

import json

from conftest import REPO
from newsweave import RunReport, open_store, run
from newsweave.cli import main
from newsweave.escape import unique_stems

DEMO_TXT = REPO / "examples" / "demo" / "txt"  # nine articles of four outlets, with a manifest


def test_run_saves_results_in_the_store_and_writes_nothing_without_out(tmp_path):
    db = tmp_path / "store" / "newsweave.db"
    db.parent.mkdir()
    store = open_store(db)
    try:
        with store.writer_lock(exclusive=True):
            report = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv")
        assert isinstance(report, RunReport) and report.written is None
        assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith("newsweave.db")) == []
        assert report.ingest.files == 9 and report.ingest.stored["new"] == 9 and report.ingest.ok
        assert report.article_count == 9 and report.partial == {}
        stories = report.stories["stories"]
        assert report.rebuilt == [s["id"] for s in stories] and report.removed == []  # a first run builds every story
        assert report.story_count == len(stories) and 1 < len(stories) < 9  # some articles share a story
        assert sorted(a for s in stories for a in s["articles"]) == sorted(report.results.analyses)
        assert set(report.results.briefs) == {s["id"] for s in stories}
        for story in stories:  # what the store now serves is what the run computed
            assert store.get_story(story["id"]) == story
            assert store.get_brief(story["id"]) == report.results.briefs[story["id"]]
        mentioned = {e["id"] for a in report.results.analyses.values() for e in a["entities"]}
        assert mentioned and mentioned <= {e["id"] for e in report.results.entities}

        with store.writer_lock(exclusive=True):  # the same inputs again, now with an output folder
            again = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", out=tmp_path / "out")
    finally:
        store.close()
    assert again.ingest.stored["unchanged"] == 9 and again.ingest.stored["new"] == 0
    assert again.rebuilt == again.removed == [] and again.results.briefs == again.results.analyses == {}  # nothing changed
    assert again.stories == report.stories
    written = again.written
    assert written is not None and written.folder == tmp_path / "out"
    assert json.loads(written.stories.read_text(encoding="utf-8")) == report.stories
    saved = json.loads(written.entities.read_text(encoding="utf-8"))["entities"]  # the store's, from the first run
    assert sorted(e["id"] for e in saved) == sorted(e["id"] for e in report.results.entities)
    for story_id, brief in report.results.briefs.items():
        stem = unique_stems(str(s["id"]) for s in report.stories["stories"])[story_id]
        assert json.loads((written.folder / "stories" / f"{stem}.json").read_text(encoding="utf-8")) == brief
    assert written.analyses == len(list((written.folder / "articles").glob("*.json"))) == 9
    assert written.briefs == written.pages == report.story_count == len(list((written.folder / "stories").glob("*.md")))
    assert written.index == written.folder / "index.html" and written.index.is_file()


def _brief(db, story_id: str, fmt: str, capsys) -> tuple[int, str, str]:
    code = main(["brief", story_id, "--format", fmt, "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_brief_command_prints_the_brief_the_run_saved(demo_out, capsys):
    """Every story's brief, in every format, is the one the run wrote to its output folder."""
    stories = json.loads((demo_out / "stories.json").read_text(encoding="utf-8"))["stories"]
    stems = unique_stems(str(s["id"]) for s in stories)
    assert len(stories) > 1
    for story in stories:
        stem = demo_out / "stories" / stems[story["id"]]
        code, out, err = _brief(demo_out / "newsweave.db", story["id"], "json", capsys)
        assert code == 0, err
        assert json.loads(out) == json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        code, out, err = _brief(demo_out / "newsweave.db", story["id"], "md", capsys)
        assert code == 0 and out == stem.with_suffix(".md").read_text(encoding="utf-8"), err
    code, out, err = _brief(demo_out / "newsweave.db", stories[0]["id"], "html", capsys)
    assert code == 0 and out == (demo_out / "stories" / f"{stems[stories[0]['id']]}.html").read_text(encoding="utf-8"), err


def test_brief_command_names_an_unknown_story_of_a_run(demo_out, capsys):
    code, out, err = _brief(demo_out / "newsweave.db", "no-such-story", "json", capsys)
    first = json.loads((demo_out / "stories.json").read_text(encoding="utf-8"))["stories"][0]["id"]
    assert code == 2 and out == ""
    assert "no-such-story" in err and "newsweave stories" in err and first in err


def test_run_follows_its_settings_brief_settings_included(tmp_path):
    from newsweave.settings import load_settings

    apart = load_settings(overrides=["clustering.model_threshold=1000", "clustering.merge_threshold=1000",
                                     "clustering.rejoin=false"], environ={})
    store = open_store(tmp_path / "apart.db")
    try:
        with store.writer_lock(exclusive=True):
            report = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", settings=apart)
            assert report.story_count == 9  # nothing is evidence enough to join: every article alone
    finally:
        store.close()

    def corroborated(briefs):
        return sum(f["status"] == "corroborated" for b in briefs.values() for f in b["facts"])

    # no link reaches probability 1: no fact is corroborated; a summary of one sentence
    strict = load_settings(overrides=["brief.fact_join=1.0", "brief.summary_max_sentences=1",
                                      "brief.summary_min_sentences=1"], environ={})
    store = open_store(tmp_path / "strict.db")
    try:
        with store.writer_lock(exclusive=True):
            plain = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv")
            assert corroborated(plain.results.briefs) > 0
            assert max(len(b["summary"]) for b in plain.results.briefs.values()) > 1
            changed = run([], store, settings=strict)  # the same articles and stories, other brief settings
            assert changed.rebuilt == plain.rebuilt == [s["id"] for s in plain.stories["stories"]]  # every story
            assert corroborated(changed.results.briefs) == 0
            assert all(len(b["summary"]) == 1 for b in changed.results.briefs.values())
            for story_id, brief in changed.results.briefs.items():
                assert store.get_brief(story_id) == brief  # the store serves the briefs built under them
            assert run([], store, settings=strict).rebuilt == []  # unchanged settings: nothing to rebuild
    finally:
        store.close()


def test_a_new_link_model_rebuilds_every_brief(tmp_path, monkeypatch):
    """Briefs built by another link model (an upgrade ships one) are rebuilt, so a store never mixes two models."""
    import newsweave.brief.links as links

    store = open_store(tmp_path / "model.db")
    try:
        with store.writer_lock(exclusive=True):
            first = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv")
            assert run([], store).rebuilt == []
            shipped = links.shipped_model()
            other = {**shipped, "weights": {**shipped["weights"], "cos": shipped["weights"]["cos"] + 1.0}}
            monkeypatch.setattr(links, "shipped_model", lambda: other)
            assert run([], store).rebuilt == first.rebuilt == [s["id"] for s in first.stories["stories"]]
    finally:
        store.close()


def _stored(store, report: RunReport) -> tuple[dict, dict, list]:
    stories = report.stories["stories"]
    briefs = {s["id"]: store.get_brief(s["id"]) for s in stories}
    analyses = {a: store.get_analysis(a) for s in stories for a in s["articles"]}
    entities = sorted((store.get_entity(e["id"]) for e in store.find_entities("", limit=1 << 30)), key=lambda e: e["id"])
    return briefs, analyses, entities


def test_a_run_that_keeps_no_results_writes_them_chunk_by_chunk_as_a_kept_run_does(tmp_path, monkeypatch):
    import newsweave.runner as runner

    kept_store = open_store(tmp_path / "kept.db")
    try:
        with kept_store.writer_lock(exclusive=True):
            kept = run([DEMO_TXT], kept_store, manifest=DEMO_TXT / "manifest.csv")
        expected = _stored(kept_store, kept)
    finally:
        kept_store.close()
    assert expected[0] == kept.results.briefs and expected[1] == kept.results.analyses
    # parsed two stories at a time and written one story at a time
    monkeypatch.setattr(runner, "PARSE_ROUND", 2)
    monkeypatch.setattr(runner, "BRIEF_CHUNK", 1)
    store = open_store(tmp_path / "streamed.db")
    try:
        with store.writer_lock(exclusive=True):
            streamed = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", keep_results=False)
        assert streamed.results.briefs == {} and streamed.results.analyses == {}
        assert streamed.stories == kept.stories and streamed.rebuilt == kept.rebuilt
        assert _stored(store, streamed) == expected
    finally:
        store.close()


def test_a_run_failing_midway_leaves_the_last_runs_results_whole(tmp_path, monkeypatch):
    import newsweave.runner as runner
    from newsweave.settings import load_settings

    store = open_store(tmp_path / "store.db")
    try:
        with store.writer_lock(exclusive=True):
            first = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", keep_results=False)
        before = _stored(store, first)
        monkeypatch.setattr(runner, "BRIEF_CHUNK", 1)
        chunks = runner._chunk_results
        calls = []

        def failing(*args, **kwargs):  # the third story's brief fails after two stories were written
            calls.append(1)
            if len(calls) == 3:
                raise RuntimeError("brief failed")
            return chunks(*args, **kwargs)
        monkeypatch.setattr(runner, "_chunk_results", failing)
        other = load_settings(overrides=["brief.fact_join=1.0"], environ={})  # every story is rebuilt
        with store.writer_lock(exclusive=True):
            try:
                run([], store, settings=other, keep_results=False)
            except RuntimeError:
                pass
            else:
                raise AssertionError("the failing run did not fail")
        assert len(calls) == 3 and _stored(store, first) == before  # nothing of the failed run is kept
    finally:
        store.close()


def test_a_story_whose_brief_fails_is_reported_and_the_others_are_saved(tmp_path, monkeypatch, capsys):
    import newsweave.brief as brief_module
    from newsweave.errors import StoryError

    build = brief_module.build_brief
    failing: list[str] = []

    def flaky(story, *args, **kwargs):
        if not failing:  # the first story built fails
            failing.append(story["id"])
        if story["id"] in failing:
            raise ValueError("a bug met on this story's articles \x1b[31m")
        return build(story, *args, **kwargs)
    monkeypatch.setattr(brief_module, "build_brief", flaky)
    db = tmp_path / "store.db"
    store = open_store(db)
    try:
        with store.writer_lock(exclusive=True):
            report = run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", keep_results=False)
        bad = failing[0]
        assert [f.story for f in report.failed] == [bad] and isinstance(report.failed[0], StoryError)
        assert "a bug met on this story's articles" in str(report.failed[0]) and "next run" in str(report.failed[0])
        others = [s["id"] for s in report.stories["stories"] if s["id"] != bad]
        assert others and sorted(report.rebuilt) == sorted(others)
        assert store.get_brief(bad) is None and all(store.get_brief(k) is not None for k in others)
        monkeypatch.setattr(brief_module, "build_brief", build)  # fixed: the next run builds the failed story alone
        with store.writer_lock(exclusive=True):
            again = run([], store, keep_results=False)
        assert again.failed == [] and again.rebuilt == [bad] and store.get_brief(bad) is not None
    finally:
        store.close()
    # the command line names the story, shows the message as text and exits 1 (some results not built)
    monkeypatch.setattr(brief_module, "build_brief", flaky)
    failing.clear()
    code = main(["run", str(DEMO_TXT), "--manifest", str(DEMO_TXT / "manifest.csv"), "--db", str(tmp_path / "cli.db")])
    err = capsys.readouterr().err
    assert code == 1 and f"story {failing[0]}: building its brief failed" in err and "\x1b" not in err


def test_a_run_that_fails_keeps_what_it_parsed_for_the_next(tmp_path, monkeypatch):
    import newsweave.article_parse as article_parse
    import newsweave.runner as runner

    def broken(*args, **kwargs):
        raise RuntimeError("the encoder's worker died")
    monkeypatch.setattr(runner, "_chunk_results", broken)
    store = open_store(tmp_path / "store.db")
    try:
        with store.writer_lock(exclusive=True):
            try:
                run([DEMO_TXT], store, manifest=DEMO_TXT / "manifest.csv", keep_results=False)
            except RuntimeError:
                pass
            else:
                raise AssertionError("the run did not fail")
        monkeypatch.undo()
        parse_batch, parsed = article_parse._parse_batch, []

        def recording(todo, *args, **kwargs):
            parsed.extend(view.id for view, _ in todo)
            return parse_batch(todo, *args, **kwargs)
        monkeypatch.setattr(article_parse, "_parse_batch", recording)
        with store.writer_lock(exclusive=True):
            report = run([], store, keep_results=False)
        assert report.rebuilt and parsed == []  # every article's parse was kept from the failed run
    finally:
        store.close()
