"""What only the PostgreSQL store needs beyond the store contract (``test_store_contract.py`` runs that on it):
opening (a missing driver, a wrong address, another program's tables, a read-only open of nothing), text that
PostgreSQL cannot hold as it is, its text search words, stores in schemas, several writers at once, and
``newsweave run`` / ``newsweave stories`` end to end on a ``postgresql://`` store."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.record import Article, Paragraph
from newsweave.store import StoryQuery, open_store
from newsweave.store import postgres_errors
from newsweave.store.postgres_text import from_db, prefix_terms, to_db, words

try:
    from postgres_server import new_database, server
except ImportError:  # tests collected as a package
    from .postgres_server import new_database, server

REPO = Path(__file__).resolve().parents[1]


def article(article_id: str, text: str, title: str | None = None, outlet: str | None = "One", published: str | None = None) -> Article:
    return Article(id=article_id, raw=text, raw_kind="text", title=title, outlet=outlet, published=published,
                   paragraphs=[Paragraph(text, 0, len(text))])


@pytest.fixture
def url() -> str:
    return new_database()


# --- without a server ---------------------------------------------------------------------------------------------

def test_a_missing_driver_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(postgres_errors, "_driver", None)
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    with pytest.raises(StoreError, match=r"pip install 'newsweave\[postgres\]'"):
        open_store("postgresql://someone@127.0.0.1/news")


def test_the_base_install_does_not_load_the_driver():
    code = "import newsweave, newsweave.store, newsweave.cli, sys; print('psycopg' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_search_words_ignore_case_and_diacritics_and_queries_are_always_valid():
    assert words("Die BRÜCKE über den Fluß, 3.5 Mio. café_au_lait") == ["die", "brucke", "uber", "den", "fluß", "3", "5", "mio", "cafe",
                                                                         "au", "lait"]
    assert words("Bru\u0308cke") == ["brucke"]  # a combining accent
    assert prefix_terms("bridg WORKS") == ["'bridg':*", "'works':*"]
    assert prefix_terms('"*( & | ! :') == []
    assert len(prefix_terms(" ".join(f"w{n}" for n in range(30)))) == 12


@pytest.mark.parametrize("text", ["plain", "nul\x00inside", "escape \ufffe char", "\ufffe0 looks escaped", "\x00\ufffe\ufffe\x00", ""])
def test_text_escapes_round_trip(text):
    stored = to_db(text)
    assert "\x00" not in stored and from_db(stored) == text
    assert to_db(None) is None and from_db(None) is None


# --- on the throw-away server -------------------------------------------------------------------------------------

def test_a_wrong_address_is_a_store_error_without_the_password():
    server()  # skip where PostgreSQL is not here (the driver is needed to try)
    with pytest.raises(StoreError) as refused:
        open_store("postgresql://someone:hunter2secret@127.0.0.1:1/news?connect_timeout=5")
    message = str(refused.value)
    assert "cannot connect" in message and "hunter2secret" not in message and "***" in message


def test_a_missing_database_says_to_create_it(url):
    with pytest.raises(StoreError, match="create the database first"):
        open_store(url.rsplit("/", 1)[0] + "/no_such_database")


def test_another_programs_tables_are_refused_and_left_alone(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(StoreError, match="not a newsweave store"):
        open_store(url)
    with psycopg.connect(url) as db:
        assert [r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")] == ["invoices"]


def test_a_read_only_open_of_an_empty_database_finds_no_store(url):
    with pytest.raises(StoreError, match="no store in PostgreSQL database"):
        open_store(url, read_only=True)


def test_text_postgresql_cannot_hold_comes_back_as_it_was_put(url):
    store = open_store(url)
    try:
        odd = article("nul", "Before\x00after \ufffe0 and Brücke.", title="A\x00title", outlet="Out\x00let")
        store.put_articles([odd])
        assert store.get_article("nul").to_dict() == odd.to_dict()
        row = store.article_rows()[0]
        assert (row["title"], row["outlet"], row["chars"]) == ("A\x00title", "Out\x00let", len(odd.text))
        assert store.outlets() == ["Out\x00let"] and store.article_meta(["nul"])["nul"]["title"] == "A\x00title"
        assert store.paragraph_owners("Out\x00let", ["no-such-key"]) == {}
    finally:
        store.close()


def test_stories_are_found_without_diacritics_and_after_cleaning(url):
    from newsweave.store import RunResults

    store = open_store(url)
    try:
        store.put_articles([article("a", "Die neue Brücke über den Fluss.", title="Brücke"), article("b", "Nothing to see.")])
        store.put_story_assignments({"a": ("s1", None), "b": ("s2", None)})
        store.put_results(RunResults({"stories": [{"id": "s1", "articles": ["a"], "independent_sources": 1},
                                                  {"id": "s2", "articles": ["b"], "independent_sources": 1}]}))
        assert [s["id"] for s in store.find_stories(StoryQuery(text="brucke UBER")).stories] == ["s1"]
        assert [s["id"] for s in store.find_stories(StoryQuery(text="BRÜ")).stories] == ["s1"]
        store.update_cleaning([article("a", "Die neue Brücke.", title="Brücke")])
        assert store.find_stories(StoryQuery(text="fluss")).total == 0  # the cleaned text is what is searched
        assert store.find_stories(StoryQuery(text="brücke")).total == 1  # the title still is
    finally:
        store.close()


def test_an_article_with_more_words_than_a_tsvector_holds_is_stored_and_found(url):
    store = open_store(url)
    try:
        huge = article("huge", "Opening " + " ".join(f"token{n}" for n in range(150_000)))  # 1.4 MB of distinct words
        store.put_articles([huge])
        store.put_story_assignments({"huge": ("s1", None)})
        from newsweave.store import RunResults

        store.put_results(RunResults({"stories": [{"id": "s1", "articles": ["huge"], "independent_sources": 1}]}))
        assert store.get_article("huge").text == huge.text
        # the words that fit are searchable: the first, and one that sorts late (past 1 MiB a tsvector's offsets overflow)
        assert store.find_stories(StoryQuery(text="opening")).total == store.find_stories(StoryQuery(text="token99999")).total == 1
    finally:
        store.close()


def test_stores_in_two_schemas_of_one_database_are_apart(url):
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE SCHEMA desk_a")
        db.execute("CREATE SCHEMA desk_b")
    a = open_store(url + "?options=-csearch_path%3Ddesk_a")
    b = open_store(url + "?options=-csearch_path%3Ddesk_b")
    try:
        a.put_articles([article("x", "Only in desk A.")])
        assert b.get_article("x") is None and a.get_article("x") is not None
        said: list[str] = []
        with a.writer_lock(exclusive=True), b.writer_lock(exclusive=True, waiting=said.append):
            pass  # different stores: no waiting
        assert said == [] and a.integrity_check() == b.integrity_check() == "ok"
    finally:
        a.close()
        b.close()


def test_integrity_check_names_a_missing_table(url):
    store = open_store(url)
    try:
        store.db.execute("DROP TABLE briefs")  # type: ignore[attr-defined]
        assert store.integrity_check() == "missing tables in schema public: briefs"
    finally:
        store.close()


def test_stores_opened_at_once_and_writers_at_once_keep_every_article(url):
    """Four processes' worth of connections create the store at the same moment, then write overlapping batches at
    once: every article is kept, each changed article has one version per change, and no write fails."""
    start, errors, stores = threading.Barrier(4), [], []

    def writer(n: int) -> None:
        try:
            start.wait(10)
            store = open_store(url)
            stores.append(store)
            for batch in range(10):
                store.put_articles([article(f"w{n}-{batch}", f"Writer {n} batch {batch}."),
                                    article("shared", f"Shared text from writer {n} batch {batch}.")])
                store.put_story_assignments({f"w{n}-{batch}": (f"s{n}", None)})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        assert errors == []
        check = stores[0]
        assert sorted(a.id for a in check.iter_articles()) == sorted(["shared", *(f"w{n}-{b}" for n in range(4) for b in range(10))])
        assert [v["version"] for v in check.versions("shared")] == list(range(1, 41))
        assert len(check.story_assignments()) == 40
    finally:
        for store in stores:
            store.close()


HARBOUR = {"a.txt": "Harbour strike ends\n\nDock workers in Easton ended their strike on Monday after the port authority agreed to "
                     "raise wages by four percent, union leaders said.\n",
           "b.txt": "Easton port reopens\n\nThe port of Easton reopened on Tuesday after dock workers ended a week-long strike over "
                    "wages, the port authority said.\n"}
FLOOD = {"c.txt": "Valley flood warning\n\nForecasters issued a flood warning for the Arden valley on Friday as the river rose "
                  "two metres overnight.\n",
         "d.txt": "Arden river rises\n\nThe Arden river rose two metres overnight and a flood warning covers the valley, "
                  "forecasters said on Friday.\n"}
NEWSWEAVE = [str(Path(sys.executable).parent / "newsweave")] if (Path(sys.executable).parent / "newsweave").exists() \
    else [sys.executable, "-m", "newsweave.cli"]


def _folder(path: Path, texts: dict[str, str]) -> Path:
    path.mkdir()
    for name, text in texts.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


def test_two_runs_at_once_on_one_store_lose_nothing(url, tmp_path):
    """Two `newsweave run` processes on one PostgreSQL store: the writer lock makes one wait for the other, and
    every article of both is stored and in the last run's stories."""
    runs = [subprocess.Popen([*NEWSWEAVE, "run", str(_folder(tmp_path / name, texts)), "--out", str(tmp_path / f"out-{name}"),
                              "--db", url], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for name, texts in (("harbour", HARBOUR), ("flood", FLOOD))]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    store = open_store(url, read_only=True)
    try:
        assert sorted(a.id for a in store.iter_articles()) == ["a.txt", "b.txt", "c.txt", "d.txt"]
        assert sorted(a for s in store.find_stories(StoryQuery()).stories for a in s["articles"]) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    finally:
        store.close()


def test_newsweave_run_and_stories_on_a_postgresql_store(url, tmp_path):
    folder = _folder(tmp_path / "in", HARBOUR)
    newsweave = NEWSWEAVE
    done = subprocess.run([*newsweave, "run", str(folder), "--out", str(tmp_path / "out"), "--db", url],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not list(tmp_path.glob("*.lock")) and not (tmp_path / "out" / "newsweave.db").exists()  # nothing SQLite beside it
    listed = subprocess.run([*newsweave, "stories", "--db", url, "--json"], capture_output=True, text=True, timeout=120)
    assert listed.returncode == 0, listed.stderr[-2000:]
    import json

    stories = json.loads(listed.stdout)["stories"]
    assert sorted(a for s in stories for a in s["articles"]) == ["a.txt", "b.txt"]
    store = open_store(url, read_only=True)
    try:
        assert sorted(a.id for a in store.iter_articles()) == ["a.txt", "b.txt"]
        assert store.find_stories(StoryQuery(text="harbour")).total == 1
    finally:
        store.close()
    # the web app reads the same store
    from fastapi.testclient import TestClient

    from newsweave.web import create_app

    with TestClient(create_app(url), base_url="http://127.0.0.1") as client:
        found = client.get("/api/stories", params={"q": "easton WAGE"}).json()
        assert found["total"] == 1 and sorted(found["stories"][0]["articles"]) == ["a.txt", "b.txt"]
        story_id = found["stories"][0]["id"]
        assert client.get(f"/api/stories/{story_id}").json()["story"]["id"] == story_id
        assert client.get("/api/articles/a.txt").json()["story"] == story_id
        assert client.get("/").status_code == 200 and client.get(f"/stories/{story_id}").status_code == 200
