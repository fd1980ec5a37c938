"""What the command line shows on the terminal: the progress bar, the closing summary of an ingest, tables, notes.

Every cell and line that carries input data (file names, reasons, titles) is shown through
:func:`newsweave.escape.terminal_text`: control characters and escape sequences are shown, never sent.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, Sequence

from .escape import terminal_text
from .pipeline import Summary

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


@contextmanager
def progress_bar(label: str) -> Iterator:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = stderr_console()
    if not console.is_terminal:
        yield None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


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
