"""How newsweave watch talks while it runs: a status line on a terminal, plain lines for cron and systemd."""
from __future__ import annotations

import io
from collections import Counter

from rich.console import Console

from newsweave.watch import RoundReport
from newsweave.watch.display import LogLines, TerminalDisplay, status_line

FAULT = "fault http://a.example/x: page not fetched: HTTP 404 \x1b[2J"


def _report(**counts) -> RoundReport:
    report = RoundReport("2026-06-01T09:00:00.000000Z", **counts)
    return report


def test_status_line_says_where_the_round_is():
    report = _report(feeds=50, feeds_polled=50, feeds_unchanged=45, pages_new=40, skipped=Counter({"http": 2, "robots": 1}))
    assert status_line(report, 3) == "feeds 50/50 (45 unchanged) · pages 3/40 · 3 skipped (2 http, 1 robots)"
    assert status_line(report, 40, ("ingest", 12, 37)).endswith(" · storing 12/37")
    assert status_line(_report(feeds=2, feeds_polled=1)) == "feeds 1/2"


def test_summary_names_what_changed_and_the_exit_status():
    report = _report(feeds=3, feeds_answered=2, pages_fetched=4, pages_stored=["a", "b", "c"], faults=[("u", "x")],
                     skipped=Counter({"http": 1}), resumed=1,
                     changes={"stories": {"s1": ["a"], "s2": ["b", "c"]}, "appeared": ["s2"],
                              "gains": {"s1": {"facts": [{}], "conflicts": [], "quotes": [{}, {}]}, "s3": {"facts": [{}]}}})
    line = report.summary()
    assert "3 feeds polled (0 unchanged, 1 failed), 4 pages fetched, 3 stored (1 from an unfinished round)" in line
    assert "skipped: 1 http; 3 stories changed (1 new): 2 facts newly corroborated, 2 new quotes; exit 1" in line


def test_log_lines_for_cron_and_for_the_journal():
    plain = io.StringIO()
    log = LogLines(plain, journal=False)
    log.log(FAULT)
    log.log("round 2026: 1 feeds polled")
    lines = plain.getvalue().splitlines()
    assert len(lines) == 2 and all(" newsweave watch: " in line and line[:4].isdigit() for line in lines)
    assert "\x1b" not in plain.getvalue() and "\\x1b[2J" in lines[0]  # shown, not acted on
    journal = io.StringIO()
    log = LogLines(journal, journal=True)
    log.log(FAULT)
    log.log("round 2026: 1 feeds polled")
    assert [line[:3] for line in journal.getvalue().splitlines()] == ["<4>", "<6>"]


def test_quiet_leaves_out_the_summary_of_a_round_without_faults():
    out = io.StringIO()
    log = LogLines(out, quiet=True, journal=True)
    log.log("round one: all well")
    log.log(FAULT)
    log.log("round two: one fault")
    log.log("round three: all well again")
    assert out.getvalue().splitlines() == ["<4>" + FAULT.replace("\x1b", "\\x1b"), "<6>round two: one fault"]


def test_terminal_display_redraws_a_status_line_and_prints_lines_above_it():
    screen = io.StringIO()
    display = TerminalDisplay(Console(file=screen, force_terminal=True, width=160, color_system=None))
    report = _report(feeds=2)
    report.feeds_polled = 1
    display.step(report, "feeds", 1, 2)
    display.log(FAULT)
    report.pages_new = 5
    display.step(report, "pages", 2, 5)
    display.step(report, "briefs", 1, 3)
    display.log("round 2026: 2 feeds polled")
    display.close()
    shown = screen.getvalue()
    assert "feeds 1/2" in shown and "pages 2/5" in shown and "briefs 1/3" in shown
    assert "page not fetched: HTTP 404 \\x1b[2J" in shown and "round 2026: 2 feeds polled" in shown
    assert shown.rstrip().endswith("round 2026: 2 feeds polled")  # the status line is gone with the round
