"""``newsweave outlets load`` and ``outlets list``: a good file is stored, a bad one reports each problem with its line."""
from __future__ import annotations

import json
from pathlib import Path

from newsweave.cli import main
from newsweave.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "outlets" / "basil_outlets.csv"


def test_load_stores_the_file_and_list_prints_it(tmp_path, capsys):
    db = str(tmp_path / "store.db")
    assert main(["outlets", "load", str(FIXTURE), "--db", db]) == 0
    assert "loaded 3 outlets with labels lean, type" in capsys.readouterr().err
    assert main(["outlets", "list", "--db", db, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["outlets"]
    assert [r["key"] for r in listed] == ["foxnews.com", "huffingtonpost.com", "nytimes.com"]
    assert listed[2]["labels"]["lean"]["source"] == "BASIL dataset paper (Fan et al. 2019)"


def test_a_bad_file_loads_nothing_and_names_every_line(tmp_path, capsys):
    db = str(tmp_path / "store.db")
    assert main(["outlets", "load", str(FIXTURE), "--db", db]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("domain,country\nnew.example,USA\nnew.example,US\n", encoding="utf-8")
    assert main(["outlets", "load", str(bad), "--db", db]) == 2
    err = capsys.readouterr().err
    assert "2 problems" in err and f"{bad}:2: country 'USA'" in err and f"{bad}:3: outlet 'new.example' is listed again" in err
    assert "Traceback" not in err
    store = open_store(db, read_only=True)
    try:
        assert len(store.outlet_records()) == 3  # the earlier load is kept
    finally:
        store.close()


def test_the_help_says_newsweave_ships_no_ratings(capsys):
    try:
        main(["outlets", "--help"])
    except SystemExit:
        pass
    assert "ships no bias ratings" in capsys.readouterr().out
