"""The command line, in-process: ingest, articles, show, extract, exit statuses, parallel workers."""
from __future__ import annotations

import json
from pathlib import Path

from newsweave import Options, extract_paths
from newsweave.cli import main

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def test_ingest_articles_show(tmp_path, capsys):
    db = str(tmp_path / "nw.db")
    assert main(["ingest", str(DEMO / "txt"), "--db", db]) == 0
    err = capsys.readouterr().err
    assert "9 new" in err and "0 skipped" in err
    assert main(["articles", "--json", "--db", db]) == 0
    rows = json.loads(capsys.readouterr().out)["articles"]
    assert len(rows) == 9 and all(r["outlet"] for r in rows)
    target = next(r["id"] for r in rows if r["outlet"] == "capitalsun.example")
    assert main(["show", target, "--removed", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "donation or charity appeal" in out
    assert main(["show", "no-such-id", "--db", db]) == 2
    assert "newsweave articles" in capsys.readouterr().err


def test_skipped_input_sets_exit_status(tmp_path, capsys):
    (tmp_path / "good.txt").write_text("Storm passes\n\nThe storm passed the coast on Monday without damage.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["id"] == "good.txt"
    assert "empty.txt: empty file" in captured.err
    assert "1 skipped (1 unsupported)" in captured.err


def test_process_pool_gives_the_same_result():
    one = extract_paths([DEMO])
    two = extract_paths([DEMO], Options(workers=2))
    assert [a.extract_view() for a in one.articles] == [a.extract_view() for a in two.articles]


def test_bad_option_is_a_clean_error(capsys):
    assert main(["extract", str(DEMO), "--max-bytes", "0"]) == 2
    assert "max_bytes must be positive" in capsys.readouterr().err


def test_a_password_in_a_store_url_is_never_printed(capsys):
    from newsweave.cli import _shown

    assert _shown("postgresql://ada:s3cret@db.example:5432/news") == "postgresql://ada:***@db.example:5432/news"
    assert _shown("news/newsweave.db") == "news/newsweave.db"
    code = main(["brief", "s1", "--db", "postgresql://ada:s3cret@127.0.0.1:9/news"])  # nothing listens on port 9
    captured = capsys.readouterr()
    assert code != 0 and "s3cret" not in captured.out + captured.err
