"""What the command line shows on the terminal: the progress bars, usage errors, the closing summary of an ingest, tables, notes.

Every cell and line that carries input data (file names, reasons, titles) is shown through
:func:`newsweave.escape.terminal_text`: control characters and escape sequences are shown, never sent.
"""
from __future__ import annotations

import argparse
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, NoReturn, Sequence

from .errors import OutputError
from .escape import terminal_text
from .pipeline import Summary
from .progress import UNITS, Progress

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


STAGE_LABELS = {"ingest": "reading", "extract": "extracting", "stories": "stories", "parse": "parsing", "briefs": "briefs",
                "pages": "pages"}


@contextmanager
def progress_bar() -> Iterator[Progress | None]:
    """Progress bars on standard error when it is a terminal (None otherwise): one per stage of a run
    (:mod:`newsweave.progress`), each with its count of articles or stories, a rate and an estimate of the time left."""
    from rich.progress import BarColumn, Progress as Bars, TextColumn, TimeRemainingColumn

    console = stderr_console()
    if not console.is_terminal:
        yield None
        return
    columns = (TextColumn("{task.description:<10}"), BarColumn(bar_width=24), TextColumn("{task.fields[count]}"),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("left"))
    with Bars(*columns, console=console, transient=True) as bars:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                for earlier in tasks.values():  # a stage that starts ends the one before
                    bars.update(earlier, total=bars.tasks[earlier].completed or 1, completed=bars.tasks[earlier].completed or 1)
                tasks[stage] = bars.add_task(STAGE_LABELS.get(stage, stage), total=total, count="", rate="")
            task = tasks[stage]
            unit = UNITS.get(stage, "items")
            elapsed = bars.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:,.1f} {unit}/s" if elapsed > 0.5 and done else ""
            count = f"{done:,}/{total:,} {unit}" if total is not None else f"{done:,} {unit}"
            bars.update(task, completed=done, total=total, count=count, rate=rate)

        yield update


def check_out_folder(folder: Path) -> None:
    """Refuse an output folder that is an existing file (or other non-folder) before anything is opened or written."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"--out {folder} is an existing file, not a folder; pass --out a new or existing folder")


class OneLineParser(argparse.ArgumentParser):
    """Usage errors on one line, naming the help to read (argparse prints the whole usage first)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_ERROR, f"{self.prog}: error: {terminal_text(message)} (see `{self.prog} --help`)\n")


def report_ingest(summary: Summary, stored: bool) -> int:
    console = stderr_console()
    for error in summary.errors:  # file names and reasons can carry control characters: shown, not sent
        console.print(f"skipped {terminal_text(error.where)}: {terminal_text(error.reason)}", markup=False)
    for note in summary.not_fetched:
        console.print(f"not fetched {terminal_text(note.where)}: {terminal_text(note.reason)}", markup=False)
    parts = [f"{summary.files} files", f"{len(summary.articles) if not stored else sum(summary.stored[k] for k in ('new', 'changed', 'unchanged'))} articles"]
    if stored:
        parts.append(", ".join(f"{summary.stored[k]} {k}" for k in ("new", "changed", "unchanged", "re-cleaned") if summary.stored[k] or k != "re-cleaned"))
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.skipped_by_kind.items()))
    parts.append(f"{len(summary.errors)} skipped" + (f" ({kinds})" if kinds else ""))
    if summary.not_fetched:
        parts.append(f"{len(summary.not_fetched)} feed entries not fetched")
    if summary.ignored:
        parts.append(f"{len(summary.ignored)} files ignored (not an input type)")
    console.print("newsweave: " + "; ".join(parts), markup=False)
    return EXIT_OK if summary.ok else EXIT_SKIPPED


def print_table(columns: Sequence[tuple[str, int]], rows: list[list]) -> None:
    """One line per row; long cells end in an ellipsis. Cells are plain text (no Rich markup), control
    characters and escape sequences shown as ``\\x1b``."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table()
    for name, width in columns:
        table.add_column(name, no_wrap=True, overflow="ellipsis", max_width=width, min_width=min(width, len(name) + 1))
    for row in rows:
        table.add_row(*(Text(terminal_text(cell)) for cell in row))
    Console(highlight=False, emoji=False, width=max(Console().width, sum(w for _, w in columns) + 3 * len(columns))).print(table)


def waiting(line: str) -> None:
    stderr_console().print(f"newsweave: {line}", markup=False)
