"""Acceptance: on the real Kherson example, cleaning drops every gold boilerplate line and no body line."""
from __future__ import annotations

import json

from newsweave.cli import main
from conftest import shared_path

ARTICLES = ("000_aa7f81e907bc8426.txt", "004_682e6fe2ff00f1a5.txt")


def _line_of(raw: str, offset: int) -> int:
    return raw.count("\n", 0, offset) + 1


def test_extract_removes_gold_boilerplate_and_keeps_body(capsys):
    folder = shared_path("examples", "kherson")
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    code = main(["extract", *(str(folder / name) for name in ARTICLES), "--format", "jsonl"])
    assert code == 0
    outputs = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in outputs] == list(ARTICLES)
    for out in outputs:
        raw = (folder / out["id"]).read_text(encoding="utf-8")
        expected = gold["articles"][out["id"]]
        removed_lines = set()
        for span in out["removed"]:
            removed_lines.update(range(_line_of(raw, span["start"]), _line_of(raw, max(span["start"], span["end"] - 1)) + 1))
        assert set(expected["boilerplate_lines"]) <= removed_lines
        assert not set(expected["body_lines"]) & removed_lines
        lines = raw.splitlines()
        for number in expected["body_lines"]:
            assert lines[number - 1].strip() in out["text"]
        if expected["title_line"]:
            assert out["title"] == lines[expected["title_line"] - 1].strip()
            assert lines[expected["title_line"] - 1].strip() not in out["text"].splitlines()
        else:
            assert out["text"].splitlines()[0] == lines[0].strip()
        assert out["language"] == "en"
