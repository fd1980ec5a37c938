"""Stores newsweave cannot use are refused with one line before anything is written; a crash inside a batch's
transaction leaves nothing half-cleaned.

Each case makes its store on the fly (damaged, foreign, not SQLite, in a read-only folder), runs the
command line in its own process through the reliability harness and checks: exit status 2, one
``newsweave: error:`` line that names the store and what to do, no traceback, the file unchanged.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

try:
    from reliability_harness import integrity_ok, run_cli, stored_ids
except ImportError:  # tests collected as a package
    from .reliability_harness import integrity_ok, run_cli, stored_ids

APPEAL = "The harbour desk of the Ledger in Easton files these reports every weekday from the old quay office."  # no rule drops it


def write_articles(folder: Path, numbers: range) -> set[str]:
    """Short articles of one outlet, each ending with the outlet's appeal (boilerplate once three hold it)."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"story{n}.txt" for n in numbers]
    for n, name in zip(numbers, names):
        (folder / name).write_text(f"Harbour vote {n}\n\nThe council of district {n} voted on the harbour plan after a debate.\n"
                                   f"Residents of district {n} expect more traffic near the quay.\n{APPEAL}\n", encoding="utf-8")
    (folder / "manifest.csv").write_text("file,outlet\n" + "".join(f"{n},ledger.example\n" for n in names), encoding="utf-8")
    return set(names)


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    """A small store written by newsweave ingest (closed cleanly: no -wal file)."""
    root = tmp_path_factory.mktemp("good")
    write_articles(root / "in", range(40))
    db = root / "newsweave.db"
    outcome = run_cli(["ingest", root / "in", "--manifest", root / "in" / "manifest.csv", "--db", db])
    assert outcome.code == 0, outcome.err
    assert not Path(str(db) + "-wal").exists()
    return db


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_refused(args: list, store: Path, *reason: str) -> str:
    """The command exits 2 with one error line naming the store and each of ``reason``; the store is unchanged."""
    before = digest(store) if store.is_file() else None
    outcome = run_cli(args)
    outcome.check_budget()
    assert outcome.code == 2, (outcome.code, outcome.err)
    lines = [line for line in outcome.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("newsweave: error: "), outcome.err
    assert str(store) in lines[0] or store.name in lines[0], lines[0]
    for words in reason:
        assert words in lines[0], lines[0]
    assert "serving" not in outcome.err and not outcome.out.strip()
    if before is not None:
        assert digest(store) == before, "the refused store was changed"
    return lines[0]


def every_command(store: Path, inputs: Path, out: Path) -> list[list]:
    return [["ingest", inputs, "--db", store], ["run", inputs, "--out", out, "--db", store], ["stories", "--db", store],
            ["serve", "--db", store, "--port", "9"], ["remove", "story0.txt", "--db", store]]


def test_truncated_store_is_refused_by_every_command(tmp_path, good_store):
    store = tmp_path / "truncated.db"
    data = good_store.read_bytes()
    store.write_bytes(data[: len(data) // 2])
    write_articles(tmp_path / "in", range(40, 42))
    for args in every_command(store, tmp_path / "in", tmp_path / "out"):
        assert_refused(args, store, "is damaged", "Restore it from a backup")
    assert not (tmp_path / "out").exists()  # run wrote nothing either


def test_store_with_garbage_pages_is_refused(tmp_path, good_store):
    store = tmp_path / "garbage.db"
    data = bytearray(good_store.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for n in (2, 3):  # overwrite whole b-tree pages, leaving the header intact
        data[n * page:(n + 1) * page] = bytes([0xA5]) * page
    store.write_bytes(bytes(data))
    write_articles(tmp_path / "in", range(40, 42))
    for args in every_command(store, tmp_path / "in", tmp_path / "out"):
        assert_refused(args, store, "is damaged")


def test_foreign_sqlite_database_is_refused(tmp_path):
    store = tmp_path / "places.sqlite"
    conn = sqlite3.connect(store)
    conn.executescript("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('x');"
                       "PRAGMA user_version=3;")
    conn.close()
    write_articles(tmp_path / "in", range(2))
    for args in every_command(store, tmp_path / "in", tmp_path / "out"):
        assert_refused(args, store, "not a newsweave store", "moz_places", "pass --db")
    conn = sqlite3.connect(store)  # still the other program's database: no newsweave table, journal mode untouched
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")] == ["moz_places"]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()


@pytest.mark.parametrize("content", [b"", b"name,outlet\nstory0.txt,ledger\n" * 50, bytes(range(256)) * 8],
                         ids=["empty-but-sqlite-ok", "csv", "binary"])
def test_non_sqlite_file_is_refused(tmp_path, content):
    store = tmp_path / "notes.db"
    store.write_bytes(content)
    write_articles(tmp_path / "in", range(2))
    if not content:  # an empty file is a new SQLite database: newsweave makes its store there
        outcome = run_cli(["ingest", tmp_path / "in", "--manifest", tmp_path / "in" / "manifest.csv", "--db", store])
        assert outcome.code == 0 and stored_ids(store) == {"story0.txt", "story1.txt"}, outcome.err
        return
    for args in every_command(store, tmp_path / "in", tmp_path / "out"):
        assert_refused(args, store, "is not an SQLite database", "pass --db")


def test_a_folder_given_as_store_is_refused(tmp_path):
    write_articles(tmp_path / "in", range(2))
    assert_refused(["ingest", tmp_path / "in", "--db", tmp_path / "in"], tmp_path / "in", "is not a file")


@contextmanager
def read_only_folder(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for this user: mode 0555, and as root (which permission bits do not stop) the
    immutable attribute; skip the test where neither can be had."""
    folder.chmod(0o555)
    immutable = False
    if os.geteuid() == 0 and shutil.which("chattr"):
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    try:
        try:
            (folder / ".probe").touch()
        except OSError:
            pass
        else:
            (folder / ".probe").unlink()
            pytest.skip("cannot make a folder read-only here (root without chattr)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_store_in_read_only_folder(tmp_path, good_store):
    folder = tmp_path / "readonly"
    folder.mkdir()
    store = folder / "newsweave.db"
    shutil.copy(good_store, store)
    write_articles(tmp_path / "in", range(40, 42))
    with read_only_folder(folder):
        assert_refused(["ingest", tmp_path / "in", "--db", store], store, "read-only", "writable")
        line = assert_refused(["serve", "--db", store, "--port", "9"], store, "read-only", "copy the store")
        assert "attempt to write" not in line
        assert_refused(["ingest", tmp_path / "in", "--db", folder / "new.db"], folder / "new.db", "read-only")
        assert sorted(p.name for p in folder.iterdir()) == ["newsweave.db"]  # no -wal, -shm or lock file made
    assert integrity_ok(store) and len(stored_ids(store)) == 40


CRASH_INSIDE_RECLEANING = textwrap.dedent("""
    import os, signal, sys
    from newsweave.cli import main
    from newsweave.store.sqlite import SQLiteStore

    real = SQLiteStore.update_cleaning

    def update_then_die(self, articles):
        real(self, articles)  # the re-cleaned rows are written, the batch's transaction not yet committed
        os.kill(os.getpid(), signal.SIGKILL)

    SQLiteStore.update_cleaning = update_then_die
    sys.exit(main(sys.argv[1:]))
""")


def test_crash_between_batch_and_recleaning_leaves_nothing_half_cleaned(tmp_path):
    """Two stored articles hold the appeal (not yet boilerplate); the third makes it boilerplate in all three. A
    process killed after re-cleaning the two, before its commit, must leave the store as it was; the next ingest
    then stores the third and cleans all three (the old two-commit code stored the third and left two uncleaned
    forever, since re-ingesting an unchanged article re-cleans nothing)."""
    store = tmp_path / "newsweave.db"
    first = write_articles(tmp_path / "first", range(2))
    assert run_cli(["ingest", tmp_path / "first", "--manifest", tmp_path / "first" / "manifest.csv", "--db", store]).code == 0
    third = write_articles(tmp_path / "third", range(2, 3))
    args = ["ingest", tmp_path / "third", "--manifest", tmp_path / "third" / "manifest.csv", "--db", store]
    crashed = subprocess.run([sys.executable, "-c", CRASH_INSIDE_RECLEANING, *map(str, args)], capture_output=True, timeout=60)
    assert crashed.returncode == -9, crashed.stderr.decode()[-2000:]
    assert integrity_ok(store)
    assert stored_ids(store) == first  # the third article's batch was rolled back with the re-cleaning
    conn = sqlite3.connect(store)
    assert all(APPEAL in text for (text,) in conn.execute("SELECT text FROM articles"))  # consistent: two holders, kept
    conn.close()
    again = run_cli(args)
    again.check_budget()
    assert again.code == 0, again.err
    assert "2 re-cleaned" in again.err, again.err
    conn = sqlite3.connect(store)
    texts = dict(conn.execute("SELECT id, text FROM articles"))
    conn.close()
    assert set(texts) == first | third
    assert not [i for i, text in texts.items() if APPEAL in text]
