"""kill -9 during ``newsweave ingest`` and during every stage of ``newsweave run``, then the same command again:
the result must equal an uninterrupted run's.

The command runs in its own process (the reliability harness). ``run`` prints nothing per stage when its
standard error is not a terminal, so each kill point is a function of the pipeline: code run in the child
before the command line (``setup``) wraps it, and when the chosen call is reached the child says so on
standard error and waits there; the harness then sends SIGKILL to its process group. The kill therefore
lands at a known state of the store and the output folder (e.g. a batch written but not committed, an
output file written to its temporary name but not renamed), the same state in every run of the suite.

Compared with the uninterrupted run: every output file byte for byte (no file of ``run`` holds a time
stamp), and the store's articles (ids, versions, texts, removed paragraphs), their versions (not the cleaning
recorded with each version, which is the cleaning when it was stored), paragraph index,
story assignments, stored results (stories, briefs, analyses, entities). Time stamp columns of the store
(``ingested_at``, ``assigned_at``, ``built_at``) are left out, and so is the parse cache (a cache: a
killed run may have saved results a clean run also saves). Also checked: exit 0, no traceback,
``PRAGMA integrity_check`` ok, and no temporary file left in the output folder.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

try:
    from reliability_harness import Outcome, integrity_ok, run_cli
except ImportError:  # tests collected as a package
    from .reliability_harness import Outcome, integrity_ok, run_cli

DEMO_TXT = Path(__file__).resolve().parents[1] / "examples" / "demo" / "txt"
MARK = "newsweave-test: killed at "

# Child-side code: pause for good at the ``nth`` call of one function (before it runs, or after it returned,
# still inside its caller), having said so on standard error; ``BATCH`` (when set) is ingest's batch size.
SETUP = """
import functools, importlib, sys, time
_module, _name, _when, _nth, _batch = {point!r}
if _batch:
    import newsweave.pipeline as _pipeline
    _pipeline.ingest_paths = functools.partial(_pipeline.ingest_paths, batch_size=_batch)
if _module:
    _owner = importlib.import_module(_module)
    for _part in _name.split('.')[:-1]:
        _owner = getattr(_owner, _part)
    _attr = _name.split('.')[-1]
    _real = getattr(_owner, _attr)
    _calls = [0]

    def _pause():
        sys.stderr.write({mark!r} + _name + '\\n')
        sys.stderr.flush()
        time.sleep(120)

    @functools.wraps(_real)
    def _wrapped(*args, **kwargs):
        _calls[0] += 1
        if _calls[0] == _nth and _when == 'before':
            _pause()
        result = _real(*args, **kwargs)
        if _calls[0] == _nth and _when == 'after':
            _pause()
        return result

    setattr(_owner, _attr, _wrapped)
"""


def child_setup(module: str = "", name: str = "", when: str = "before", nth: int = 1, batch: int = 0) -> str:
    return SETUP.format(point=(module, name, when, nth, batch), mark=MARK)


def killed_at(args: list, name: str, setup: str) -> Outcome:
    """Run ``newsweave ARGS`` with ``setup``; SIGKILL it once it reports reaching the kill point."""
    outcome = run_cli(args, setup=setup, kill_when=lambda out, err, seconds: MARK in err)
    assert outcome.killed and outcome.code == -9, f"the kill point {name} was never reached\n{outcome.err[-3000:]}"
    return outcome


def resumed(args: list, setup: str = "") -> Outcome:
    outcome = run_cli(args, setup=setup)
    outcome.check_budget()
    assert outcome.code == 0, outcome.err[-3000:]
    return outcome


# --- what is compared -------------------------------------------------------------------------------------

def store_state(db: Path) -> dict:
    """What a store holds, less time stamps and the parse cache."""
    conn = sqlite3.connect(db)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        state = {
            "articles": {
                row[0]: (row[1], row[2], row[3], row[4], row[5], row[6], row[7], json.loads(row[8]).get("removed"))
                for row in conn.execute("SELECT id, version, content_hash, outlet, title, published, language, text, record FROM articles")
            },
            # a version's own record keeps the cleaning it had when stored, which depends on what the store held
            # then (batch boundaries); the article's current cleaning is compared above
            "article_versions": sorted(conn.execute("SELECT id, version, content_hash, raw FROM article_versions")),
            "outlet_paragraphs": sorted(conn.execute("SELECT outlet, key, article_id FROM outlet_paragraphs")),
        }
        if "story_articles" in tables:
            state["story_articles"] = sorted(conn.execute("SELECT article_id, story_id, duplicate_of FROM story_articles"))
        queries = {"stories": "SELECT id, record FROM stories", "briefs": "SELECT story_id, brief FROM briefs",
                   "analyses": "SELECT article_id, analysis FROM analyses", "entities": "SELECT id, mentions, record FROM entities",
                   "entity_articles": "SELECT entity_id, article_id, mentions FROM entity_articles",
                   "entity_names": "SELECT name, entity_id FROM entity_names"}
        for table, query in queries.items():
            if table in tables:
                state[table] = sorted(conn.execute(query))
        return state
    finally:
        conn.close()


def output_files(out: Path) -> dict[str, bytes]:
    """Every file of a run's output folder but its store."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.name.startswith("newsweave.db")}


def leftovers(folder: Path) -> list[str]:
    """Temporary files (atomic writes' ``.NAME.*.tmp``) and SQLite journals a finished command should not leave."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.endswith((".tmp", "-wal", "-journal")) or (p.name.startswith(".") and p.is_file()))


def assert_same_outputs(out: Path, reference: Path) -> None:
    got, want = output_files(out), output_files(reference)
    assert sorted(got) == sorted(want), "the output folder holds other files than an uninterrupted run's"
    differing = [name for name in want if got[name] != want[name]]
    assert not differing, f"files differ from an uninterrupted run's: {differing}"


# --- ingest -------------------------------------------------------------------------------------------------

OUTLETS = {
    "ledger.example": ("Subscribe to the Ledger for every harbour story, delivered each weekday morning.",
                       "The Ledger newsroom welcomes corrections at the quay office on Mill Street."),
    "courier.example": ("Support independent local reporting from the Courier with a monthly contribution today.",
                        "Follow the Courier on the radio every evening for the valley headlines and weather."),
    "voice.example": ("Read more stories like this one from the Valley Voice community desk.",
                      "Comments on this article are closed after seven days by the Valley Voice editors."),
}
APPEAL_IN = (0, 1, 5, 6, 7)  # which articles of each outlet open with its appeal (the third holder comes late)
FOOTER_IN = (0, 2, 4, 6, 7)  # and which end with its footer
TOPICS = ("harbour dredging plan", "school roof repairs", "river footbridge closure", "market square trees",
          "night bus timetable", "library opening hours", "flood barrier test", "allotment water prices")


def write_ingest_corpus(folder: Path) -> None:
    """Eight short articles per outlet (txt, with a manifest). Each outlet's articles open with its appeal and end
    with its footer, but the appeal first appears in a third article late in the order and the footer in
    only some articles, so furniture becomes repeated across batches and stored articles are re-cleaned."""
    folder.mkdir(parents=True)
    rows = ["file,outlet,published,title"]
    for o, (outlet, (appeal, footer)) in enumerate(OUTLETS.items()):
        for n, topic in enumerate(TOPICS):
            name = f"{n:02d}-{outlet.split('.')[0]}.txt"
            body = [f"The council of district {n + 10 * o} met on Tuesday to discuss the {topic} after residents complained.",
                    f"Officials said the {topic} would cost {n + 2} million and take {n + o + 3} months to finish.",
                    f"A vote on the {topic} is expected before the end of the month, a spokesperson for district {n} said."]
            if n in APPEAL_IN:
                body.insert(0, appeal)
            if n in FOOTER_IN:
                body.append(footer)
            (folder / name).write_text("\n\n".join(body) + "\n", encoding="utf-8")
            rows.append(f"{name},{outlet},2026-02-{n + 1:02d},District {n + 10 * o} debates the {topic}")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


BATCH = 4  # the command line has no batch-size option: the child's ingest stores batches of four (see SETUP)

INGEST_POINTS = {
    # name: (module, function, when, nth call)
    "mid-extraction of the first batch": ("newsweave.pipeline", "_extract_one", "before", 3),
    "after the first batch committed": ("newsweave.pipeline", "_store_batch", "before", 2),
    "inside a batch's transaction (stored, not committed)": ("newsweave.store.sqlite", "SQLiteStore.put_articles", "after", 3),
    "inside a re-cleaning (written, not committed)": ("newsweave.store.sqlite", "SQLiteStore.update_cleaning", "after", 1),
    "mid-way, batch five of six being extracted": ("newsweave.pipeline", "_extract_one", "before", 18),
}


@pytest.fixture(scope="module")
def ingest_reference(tmp_path_factory) -> tuple[Path, Path, dict]:
    """The corpus, and the store of one uninterrupted ``newsweave ingest`` (default batches) of it."""
    root = tmp_path_factory.mktemp("ingest-reference")
    write_ingest_corpus(root / "in")
    db = root / "clean.db"
    resumed(["ingest", root / "in", "--manifest", root / "in" / "manifest.csv", "--db", db])
    state = store_state(db)
    assert len(state["articles"]) == 8 * len(OUTLETS)
    furniture = {text for pair in OUTLETS.values() for text in pair}
    removed = [r["text"].strip() for row in state["articles"].values() for r in row[-1]]
    assert sorted(set(removed)) == sorted(furniture), "the furniture of the corpus was not found"  # cleaning is exercised
    assert len(removed) == (len(APPEAL_IN) + len(FOOTER_IN)) * len(OUTLETS)
    return root / "in", root, state


def test_ingest_in_small_batches_equals_one_batch(ingest_reference, tmp_path):
    """The reference for the kills: storing the corpus four articles at a time (re-cleaning stored articles
    as furniture shows up in later batches) ends as one batch does."""
    inputs, _, want = ingest_reference
    db = tmp_path / "batches.db"
    outcome = resumed(["ingest", inputs, "--manifest", inputs / "manifest.csv", "--db", db], setup=child_setup(batch=BATCH))
    assert "re-cleaned" in outcome.err, "no stored article was re-cleaned: the corpus does not exercise it"
    assert store_state(db) == want


@pytest.mark.parametrize("point", list(INGEST_POINTS))
def test_ingest_killed_then_rerun_equals_uninterrupted(ingest_reference, tmp_path, point):
    inputs, _, want = ingest_reference
    db = tmp_path / "newsweave.db"
    args = ["ingest", inputs, "--manifest", inputs / "manifest.csv", "--db", db]
    killed_at(args, point, child_setup(*INGEST_POINTS[point], batch=BATCH))
    resumed(args, setup=child_setup(batch=BATCH))
    assert integrity_ok(db)
    got = store_state(db)
    assert sorted(got["articles"]) == sorted(want["articles"])
    for article_id, row in want["articles"].items():
        assert got["articles"][article_id] == row, f"{article_id} differs from an uninterrupted ingest"
    assert got == want
    assert not leftovers(tmp_path), leftovers(tmp_path)


# --- run ----------------------------------------------------------------------------------------------------

RUN_POINTS = {
    # stage: (module, function, when, nth call). Each point leaves another state on disk; a kill elsewhere in a
    # stage leaves one of these (e.g. anywhere in the parse: stories saved, stories.json written, nothing cached).
    "ingest: batch written, not committed": ("newsweave.store.sqlite", "SQLiteStore.put_articles", "after", 1),
    "clustering: names cached, stories not yet saved": ("newsweave.store.sqlite", "SQLiteStore.put_story_assignments", "before", 1),
    "analysis: stories saved, articles being parsed": ("newsweave.article_parse", "parse_articles", "before", 1),
    "briefs: two built, the third being built, no results saved": ("newsweave.brief", "build_brief", "before", 3),
    # writes, once the results are saved: stories.json, then one analysis file per article: the third leaves the
    # second at its temporary name
    "outputs: results saved, one analysis file at its temporary name": ("newsweave.atomic_write", "_write_all", "after", 3),
    "story pages: results saved, two stories' pages written, no index yet": ("newsweave.brief.render_md", "render_markdown", "before", 3),
}


@pytest.fixture(scope="module")
def run_reference(tmp_path_factory) -> tuple[Path, Path]:
    """The demo corpus's text articles (nine, five stories with briefs) and one uninterrupted run's output folder."""
    root = tmp_path_factory.mktemp("run-reference")
    shutil.copytree(DEMO_TXT, root / "in")
    resumed(run_args(root / "in", root / "out"))
    assert (root / "out" / "stories.json").is_file() and list((root / "out" / "stories").glob("*.md"))
    return root / "in", root / "out"


def run_args(inputs: Path, out: Path) -> list:
    return ["run", inputs, "--manifest", inputs / "manifest.csv", "--out", out]


@pytest.mark.parametrize("point", list(RUN_POINTS))
def test_run_killed_then_rerun_equals_uninterrupted(run_reference, tmp_path, point):
    inputs, reference = run_reference
    out = tmp_path / "out"
    killed_at(run_args(inputs, out), point, child_setup(*RUN_POINTS[point]))
    resumed(run_args(inputs, out))
    db = out / "newsweave.db"
    assert integrity_ok(db)
    assert store_state(db) == store_state(reference / "newsweave.db")
    assert_same_outputs(out, reference)
    assert not leftovers(out), leftovers(out)
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    assert sorted(a for s in stories["stories"] for a in s["articles"]) == sorted(store_state(db)["articles"])


# --- the mechanism: temporary files of killed writes --------------------------------------------------------

def _killed_while_writing(target: Path) -> None:
    """Write ``target`` atomically in a forked child that is killed (SIGKILL) once the data is written, before
    the rename: what a kill -9 of ``run`` at that moment leaves."""
    import os
    import signal

    from newsweave import atomic_write

    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            def write_then_die(fd: int, data: bytes) -> None:
                os.write(fd, data)
                os.kill(os.getpid(), signal.SIGKILL)

            atomic_write._write_all = write_then_die
            atomic_write.write_text_atomic(target, "{}\n")
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_temporaries_of_killed_writes_are_removed_and_nothing_else(tmp_path):
    from newsweave.atomic_write import remove_temporaries
    from newsweave.outputs import _TOP_NAMES, _ours

    long_name = "feeds_" + "x" * 120 + "-0123456789abcdef.json"  # its temporary's name holds the first 100 characters
    for name in ("stories.json", "a-0123456789abcdef.json", long_name, "notes.txt"):
        _killed_while_writing(tmp_path / name)
    (tmp_path / "stories.json").write_text("{}\n", encoding="utf-8")
    others = [".draft.tmp", "mine.tmp", ".notes.txt.tmp", "a-0123456789abcdef.json"]
    for name in others:
        (tmp_path / name).write_text("x", encoding="utf-8")
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp") and p.name not in others)
    assert len(left) == 4 and all(name.startswith(".") for name in left)

    removed = remove_temporaries(tmp_path, _TOP_NAMES.__contains__)
    assert [p.name[:14] for p in removed] == [".stories.json."]
    removed = remove_temporaries(tmp_path, _ours)
    assert sorted(p.name[:20] for p in removed) == sorted([".a-0123456789abcdef.", "." + long_name[:19]])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(others + ["stories.json"] + [n for n in left if n.startswith(".notes.txt.")])
