"""Command-line traps a new user falls into: a read command creating an empty store, a run whose store is not
named, `run --out` naming a file, progress that counts files, `serve` announcing an address it cannot serve,
and user errors printed as tracebacks or as several lines."""
from __future__ import annotations

import io
import json
import os
import secrets
import socket
from pathlib import Path

import pytest

from newsweave import cli_output
from newsweave.cli import build_parser, main
from newsweave.runner import run
from newsweave.store import open_store

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
WRITERS = {"ingest", "run", "watch"}  # the commands meant to create a store
ARGUMENTS = {"brief": ["some-story"], "show": ["some-article"], "remove": ["some-article"], "changes": ["--since", "1h"],
             "extract": ["missing-input.txt"], "eval": ["framing", "missing-folder"]}


def _commands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


def _call(capsys, *argv: str) -> tuple[int, str]:
    """Exit status and standard error of ``newsweave ARGV`` in-process (a usage error's SystemExit included)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_no_command_but_the_writers_creates_a_file_in_an_empty_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSWEAVE_CONFIG", raising=False)
    readers = [c for c in _commands() if c not in WRITERS]
    assert {"stories", "brief", "articles", "show", "serve", "changes", "remove"} <= set(readers)
    for command in readers:
        code, err = _call(capsys, command, *ARGUMENTS.get(command, []))
        assert sorted(os.listdir(tmp_path)) == [], f"`newsweave {command}` created {os.listdir(tmp_path)}"
        if command in ("stories", "brief", "articles", "show", "serve", "changes", "remove"):
            line = _one_line(err)
            assert code == 2 and line.startswith("newsweave: error: no store at newsweave.db") and "--db" in line, (command, line)


def test_a_missing_store_names_the_store_a_run_left_nearby(tmp_path, monkeypatch, capsys):
    (tmp_path / "out").mkdir()
    open_store(tmp_path / "out" / "newsweave.db").close()  # what `newsweave run INPUT --out out` leaves
    monkeypatch.chdir(tmp_path)
    code, err = _call(capsys, "stories")
    assert code == 2 and f"pass --db {Path('out') / 'newsweave.db'}" in _one_line(err)
    assert not (tmp_path / "newsweave.db").exists()
    code, err = _call(capsys, "stories", "--db", str(Path("out") / "newsweave.db"))
    assert code == 0, err


def test_run_out_naming_a_file_is_one_line_and_opens_no_store(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_text("not a folder\n", encoding="utf-8")
    for extra in ([], ["--db", "mine.db"]):
        code, err = _call(capsys, "run", str(DEMO / "wire.jsonl"), "--out", "notes.txt", *extra)
        assert code == 2 and "--out notes.txt is an existing file" in _one_line(err)
        assert sorted(os.listdir(tmp_path)) == ["notes.txt"]  # no store, no lock file


def test_run_prints_the_store_it_used(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, err = _call(capsys, "run", str(DEMO / "wire.jsonl"), "--out", "out")
    assert code == 0, err
    store = Path("out") / "newsweave.db"
    assert f"store: {store} (read it with `newsweave stories --db {store}`" in err
    code, err = _call(capsys, "stories", "--db", str(store), "--json")
    assert code == 0 and not err
    code, err = _call(capsys, "run", str(DEMO / "wire.jsonl"))
    assert code == 0 and "saved in the store newsweave.db" in err


def test_progress_counts_articles_in_every_long_stage(tmp_path):
    seen: list[tuple[str, int, int | None]] = []
    store = open_store(tmp_path / "nw.db")
    try:
        run([DEMO / "wire.jsonl", DEMO / "txt"], store, out=tmp_path / "out", progress=lambda *a: seen.append(a))
    finally:
        store.close()
    articles = sum(1 for line in (DEMO / "wire.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()) + len(list((DEMO / "txt").glob("*.txt")))
    stages = list(dict.fromkeys(stage for stage, _, _ in seen))
    assert stages == ["ingest", "stories", "parse", "briefs", "pages"]
    ingest = [(done, total) for stage, done, total in seen if stage == "ingest"]
    assert ingest[0] == (0, articles)  # the JSON Lines file's records are counted ahead: 2 inputs, but this many articles
    assert ingest[-1] == (articles, articles) and len(ingest) == articles + 2
    for stage in stages:
        steps = [(done, total) for s, done, total in seen if s == stage]
        assert all(total is not None and 0 <= done <= total for done, total in steps), (stage, steps)
        assert steps[-1][0] == steps[-1][1] and [d for d, _ in steps] == sorted(d for d, _ in steps), (stage, steps)
    stories = len(json.loads((tmp_path / "out" / "stories.json").read_text(encoding="utf-8"))["stories"])
    assert [s for s in seen if s[0] == "pages"][-1] == ("pages", stories, stories)


def test_progress_bar_shows_counts_rate_and_estimate(monkeypatch):
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr(cli_output, "stderr_console", lambda: Console(file=screen, force_terminal=True, width=120))
    with cli_output.progress_bar() as progress:
        assert progress is not None
        progress("ingest", 0, 156)
        progress("ingest", 156, 156)
        progress("briefs", 3, 9)
        progress("stories", 40, None)  # total not known yet
    shown = screen.getvalue()
    assert "156/156 articles" in shown and "3/9 stories" in shown and "40 articles" in shown and "left" in shown


def _strong_token() -> str:
    return secrets.token_urlsafe(24)  # may start with "-": passed as --token=VALUE, as argparse needs


def test_serve_checks_store_host_and_port_before_announcing(tmp_path, capsys):
    db = tmp_path / "nw.db"
    open_store(db).close()
    (tmp_path / "notes.txt").write_text("not a store\n", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        cases = {
            ("--db", str(tmp_path / "notes.txt")): "is not an SQLite database",
            ("--db", str(tmp_path / "missing.db")): "no store at",
            ("--db", str(db), "--port", str(port)): f"port {port} on 127.0.0.1 is already in use",
            ("--db", str(db), "--port", "70000"): "70000 is not a port number",
            ("--db", str(db), "--port", "0"): "--port 0 would serve on a port chosen at random",
            ("--db", str(db), "--host", "192.0.2.1", f"--token={_strong_token()}"): "not an address of this machine",
            ("--db", str(db), "--host", "no-such-host.invalid", f"--token={_strong_token()}"): "cannot serve on --host no-such-host.invalid",
        }
        for argv, expected in cases.items():
            code, err = _call(capsys, "serve", *argv)
            line = _one_line(err)
            assert code == 2 and expected in line and "serving" not in line, (argv, line)
    assert not (tmp_path / "missing.db").exists()


def test_user_errors_are_one_line(tmp_path, capsys):
    for argv, expected in ((["stories", "--bogus"], "unrecognized arguments: --bogus"),
                           (["brief"], "the following arguments are required: STORY_ID"),
                           (["run", str(DEMO), "--config", str(tmp_path / "none.toml")], "none.toml not found"),
                           (["settings", "--set", "no.such=1"], "no.such")):
        code, err = _call(capsys, *argv)
        assert code == 2 and expected in _one_line(err), (argv, err)
