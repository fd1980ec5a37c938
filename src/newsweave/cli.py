"""Command line: parses arguments, calls the Python API, prints results. No logic of its own.

Exit status: 0 when every input was read, 1 when some inputs were skipped (each is named on
standard error), 2 for a usage, configuration or store error.
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from .version import __version__
from .errors import NewsweaveError, OutputError
from .escape import terminal_json, terminal_text
from .options import DEFAULT_EXTRACT_MEMORY_MB, DEFAULT_EXTRACT_SECONDS, DEFAULT_MAX_BYTES, DEFAULT_MAX_COLLECTION_BYTES, Options
from .pipeline import Summary, extract_paths, ingest_paths
from .store import open_store

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2


def _console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)


@contextmanager
def _progress_bar(label: str) -> Iterator:
    """A progress bar on standard error when it is a terminal; silent otherwise."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = _console()
    if not console.is_terminal:
        yield None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _report(summary: Summary, stored: bool) -> int:
    console = _console()
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


def _print_table(columns: Sequence[tuple[str, int]], rows: list[list]) -> None:
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


def _options(args: argparse.Namespace) -> Options:
    return Options(max_bytes=args.max_bytes, max_collection_bytes=args.max_collection_bytes, workers=args.workers,
                   extract_seconds=args.extract_seconds, extract_memory_mb=args.extract_memory_mb)


def _waiting(line: str) -> None:
    _console().print(f"newsweave: {line}", markup=False)


def cmd_ingest(args: argparse.Namespace) -> int:
    store = open_store(args.db)  # a store that cannot be used is refused here, before anything is read or written
    try:
        with store.writer_lock(exclusive=False, waiting=_waiting), _progress_bar("ingesting") as progress:
            summary = ingest_paths(args.paths, store, _options(args), manifest=args.manifest, progress=progress)
    finally:
        store.close()
    code = _report(summary, stored=True)
    _console().print(f"store: {args.db}", markup=False)
    return code


def cmd_extract(args: argparse.Namespace) -> int:
    with _progress_bar("extracting") as progress:
        summary = extract_paths(args.paths, _options(args), manifest=args.manifest, progress=progress)
    out = sys.stdout
    for article in summary.articles:
        out.write(terminal_json(json.dumps(article.extract_view(), ensure_ascii=False)) + "\n")
    out.flush()
    return _report(summary, stored=False)


def cmd_articles(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        rows = store.article_rows()
    finally:
        store.close()
    if args.json:
        print(terminal_json(json.dumps({"articles": rows}, ensure_ascii=False, indent=2)))
        return EXIT_OK
    columns = (("id", 48), ("outlet", 22), ("published", 10), ("lang", 4), ("v", 2), ("chars", 6), ("title", 60))
    keys = ("id", "outlet", "published", "language", "version", "chars", "title")
    _print_table(columns, [[row[k] for k in keys] for row in rows])
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args.db)
    try:
        article = store.get_article(args.id)
    finally:
        store.close()
    if article is None:
        _console().print(f"no article with id {args.id!r} in {args.db}; list ids with `newsweave articles`", markup=False)
        return EXIT_ERROR
    if args.json:
        data = article.extract_view()
        if args.removed:
            data["removed"] = [{"start": r.start, "end": r.end, "reason": r.reason, "text": r.text} for r in article.removed]
        print(terminal_json(json.dumps(data, ensure_ascii=False, indent=2)))
        return EXIT_OK
    # every field from article data: control characters and escape sequences shown (\x1b), never sent
    fields = (("id", article.id), ("title", article.title), ("outlet", article.outlet), ("published", article.published),
              ("language", article.language), ("url", article.url), ("source", article.source))
    print("".join(f"{name + ':':<11}{terminal_text(value or '')}\n" for name, value in fields))
    print(terminal_text(article.text, block=True))
    if args.removed:
        print(f"\n--- removed ({len(article.removed)} spans) ---")
        for r in article.removed:
            snippet = " ".join(r.text.split())
            print(f"[{r.start}:{r.end}] {terminal_text(r.reason)}: {terminal_text(snippet[:100])}")
    return EXIT_OK


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the output folder {folder} ({exc.strerror}); pass --out a writable folder") from None


def cmd_run(args: argparse.Namespace) -> int:
    from .runner import run

    out_dir = Path(args.out)
    db = args.db or str(out_dir / "newsweave.db")
    if args.db is None:  # the store goes in the output folder
        _make_folder(out_dir)
    store = open_store(db)  # a store that cannot be used is refused here, before anything is read or written
    try:
        _make_folder(out_dir)
        # the whole run holds the store alone: its stories and outputs come from one state, holding every article
        with store.writer_lock(exclusive=True, waiting=_waiting), _progress_bar("ingesting") as progress:
            report = run(args.paths, store, _options(args), out=out_dir, manifest=args.manifest, progress=progress)
    finally:
        store.close()
    code = _report(report.ingest, stored=True)
    _console().print(f"stories: {report.story_count} from {report.article_count} articles -> {out_dir / 'stories.json'}, "
                     f"article analyses in {out_dir / 'articles'} (store: {db})", markup=False)
    if report.written and report.written.pages:
        _console().print(f"story briefs: {report.written.pages} pages, open {out_dir / 'index.html'}", markup=False)
    if report.partial:
        from .analysis import ANALYSED_CHARS

        _console().print(f"note: {len(report.partial)} article(s) longer than {ANALYSED_CHARS:,} characters: only that much of each was "
                         f"analysed (entities, quotes, numbers, brief); see \"partial\" in their files in {out_dir / 'articles'}", markup=False)
    return code


def cmd_stories(args: argparse.Namespace) -> int:
    from .stories import store_stories_document

    store = open_store(args.db)
    try:
        document = store_stories_document(store)
    finally:
        store.close()
    if args.json:
        print(terminal_json(json.dumps(document, ensure_ascii=False, indent=2)))
        return EXIT_OK
    columns = (("story", 8), ("articles", 8), ("independent", 11), ("first", 10), ("last", 10), ("outlets", 40), ("title", 60))
    _print_table(columns, [
        [story["id"], len(story["articles"]), story["independent_sources"], story["first_published"], story["last_published"],
         ", ".join(story["outlets"]), story["title"]]
        for story in document["stories"]
    ])
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from .store import StoryQuery

    store = open_store(args.db)
    try:
        brief = store.get_brief(args.story_id)
        if brief is None:
            known = store.find_stories(StoryQuery(limit=10))
            if not known.total:
                _console().print(f"no brief for story {args.story_id!r}: {args.db} holds no run results yet; build them with "
                                 f"`newsweave run PATH... --out DIR --db {args.db}`", markup=False)
            else:
                examples = ", ".join(terminal_text(s["id"]) for s in known.stories)
                _console().print(f"no story with id {args.story_id!r} in {args.db}'s last run; list stories with "
                                 f"`newsweave stories --db {args.db}` (e.g. {examples})", markup=False)
            return EXIT_ERROR
        # the HTML page shows each fact's passage in its article's raw input
        texts = {} if args.format != "html" else {
            a.id: a.raw for a in (store.get_article(row["id"]) for row in brief.get("articles") or []) if a is not None}
    finally:
        store.close()
    if args.format == "json":
        print(terminal_json(json.dumps(brief, ensure_ascii=False, indent=2)))
    elif args.format == "html":
        from .brief.render_html import render_story_html

        sys.stdout.write(render_story_html(brief, texts))
    else:
        from .brief.render_md import render_markdown

        sys.stdout.write(render_markdown(brief))
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    try:
        from .web import check_token, serve
    except ImportError as exc:
        _console().print(f"newsweave: error: the web app needs FastAPI and uvicorn ({exc}); reinstall newsweave", markup=False)
        return EXIT_ERROR
    token = args.token or os.environ.get("NEWSWEAVE_TOKEN") or None
    check_token(args.host, token)  # a missing or weak token off loopback is refused before anything is announced
    open_store(args.db, read_only=True).close()  # a missing, damaged, foreign or unreadable store is refused before the announcement
    host = f"[{args.host}]" if ":" in args.host else args.host
    address = f"http://{host}:{args.port}/" + (f"?token={token}" if token else "")
    _console().print(f"newsweave: serving {args.db} read-only at {address} (Ctrl+C stops)", markup=False)
    serve(args.db, host=args.host, port=args.port, token=token)
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from .removal import remove_articles

    store = open_store(args.db)
    try:
        with store.writer_lock(exclusive=False, waiting=_waiting):
            removal = remove_articles(store, args.ids)
    finally:
        store.close()
    console = _console()
    for article_id in removal.unknown:
        console.print(f"unknown {terminal_text(article_id)}: no article with this id in {args.db}; list ids with `newsweave articles`",
                      markup=False)
    console.print(f"newsweave: removed {len(removal.removed)} articles from {args.db}" + (f", {len(removal.unknown)} unknown" if removal.unknown else "")
                  + ("; the next `newsweave run` rebuilds the stories without them" if removal.removed else ""), markup=False)
    return EXIT_SKIPPED if removal.unknown else EXIT_OK


# name -> (help, what DIR holds, what --limit counts or None when the evaluation has no limit)
EVALUATIONS = {
    "extraction": ("body extraction vs. plain trafilatura (WCXB format, or raw pages with must-keep/must-drop snippets)",
                   "pages.jsonl.gz and truth.jsonl, or snippets.jsonl and html/", "pages"),
    "clustering": ("story clustering against labels, articles fed in file order", "articles.jsonl and labels.csv", None),
    "quotes": ("quotes and speakers against PolNeAR-format attributions", "articles.jsonl and attributions.jsonl", "articles"),
    "entities": ("cross-document entity linking against ECB+ mentions", "articles.jsonl and mentions.jsonl", "articles"),
    "corroboration": ("corroborated facts against ECB+ sentence pairs, one brief per gold story", "articles.jsonl, labels.csv and mentions.jsonl", "stories"),
    "framing": ("framing terms against BASIL lexical-bias spans", "articles.jsonl, labels.csv and annotations.jsonl", "triplets"),
    "brief": ("the brief against annotated BASIL triplets: facts, conflicts, speakers", "articles.jsonl, labels.csv, raw/ and brief_gold/",
              "annotated triplets"),
}


def cmd_eval(args: argparse.Namespace) -> int:
    import importlib

    module = importlib.import_module(f".evaluate.{args.what}", __package__)
    options = {k: getattr(args, k) for k in ("limit", "split") if hasattr(args, k)}
    if "split" in options:
        options["split"] = options["split"] or None
    report = getattr(module, f"evaluate_{args.what}")(Path(args.dir), **options)
    print(json.dumps(report, indent=2) if args.json else module.format_report(report))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsweave", description="Read the news from many outlets at once.")
    parser.add_argument("--version", action="version", version=f"newsweave {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_inputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (read recursively)")
        p.add_argument("--manifest", help="CSV or JSONL with file,url,outlet,published,title per input file")
        p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help=f"skip inputs larger than this (default {DEFAULT_MAX_BYTES})")
        p.add_argument("--max-collection-bytes", type=int, default=DEFAULT_MAX_COLLECTION_BYTES,
                       help=f"skip JSON Lines, WARC or feed files larger than this, unpacked (default {DEFAULT_MAX_COLLECTION_BYTES})")
        p.add_argument("--workers", type=int, default=1, help="extraction processes (default 1)")
        p.add_argument("--extract-seconds", type=float, default=DEFAULT_EXTRACT_SECONDS,
                       help=f"skip a document whose extraction takes longer (default {DEFAULT_EXTRACT_SECONDS:g})")
        p.add_argument("--extract-memory-mb", type=float, default=DEFAULT_EXTRACT_MEMORY_MB,
                       help=f"skip a document whose extraction needs more memory (default {DEFAULT_EXTRACT_MEMORY_MB:g})")

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", default="newsweave.db", help="store: a file path or sqlite:///PATH (default ./newsweave.db)")

    p = commands.add_parser("ingest", help="read, clean and store articles")
    with_inputs(p)
    with_db(p)
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser("extract", help="print cleaned articles as JSON Lines; stores nothing")
    with_inputs(p)
    p.add_argument("--format", choices=["jsonl"], default="jsonl", help="output format (jsonl)")
    p.set_defaults(func=cmd_extract)

    p = commands.add_parser("run", help="ingest, mark syndicated copies, cluster into stories, write OUT/stories.json")
    with_inputs(p)
    p.add_argument("--out", required=True, help="output folder (stories.json)")
    p.add_argument("--db", default=None, help="store: a file path or sqlite:///PATH (default OUT/newsweave.db); stories already stored keep their articles")
    p.set_defaults(func=cmd_run)

    p = commands.add_parser("stories", help="list stored stories")
    with_db(p)
    p.add_argument("--json", action="store_true", help="print the newsweave.stories/1 document")
    p.set_defaults(func=cmd_stories)

    p = commands.add_parser("brief", help="one story's brief as the last run saved it: agreed facts, conflicts, quotes, framing, timeline")
    p.add_argument("story_id", metavar="STORY_ID", help="a story id from `newsweave stories`")
    p.add_argument("--format", choices=["md", "json", "html"], default="md", help="Markdown (default), JSON or a self-contained HTML page")
    with_db(p)
    p.set_defaults(func=cmd_brief)

    p = commands.add_parser("articles", help="list stored articles")
    with_db(p)
    p.add_argument("--json", action="store_true", help='print {"articles": [...]}')
    p.set_defaults(func=cmd_articles)

    p = commands.add_parser("show", help="show one stored article")
    p.add_argument("id", metavar="ID")
    with_db(p)
    p.add_argument("--removed", action="store_true", help="also list removed spans and why")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("serve", help="local web app and JSON API over a store (read-only)")
    with_db(p)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; any other needs a token)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None, help="token every request must carry (default: $NEWSWEAVE_TOKEN); required off loopback")
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("remove", help="remove stored articles (every version, their cached parses and story places)")
    p.add_argument("ids", nargs="+", metavar="ID", help="article ids (see `newsweave articles`)")
    with_db(p)
    p.set_defaults(func=cmd_remove)

    p = commands.add_parser("eval", help="measure newsweave on labelled data")
    evals = p.add_subparsers(dest="what", required=True, metavar="WHAT")
    for name, (help_text, holds, limit_counts) in EVALUATIONS.items():
        e = evals.add_parser(name, help=help_text)
        e.add_argument("dir", metavar="DIR", help=f"folder with {holds}")
        if limit_counts:
            e.add_argument("--limit", type=int, help=f"only the first N {limit_counts}")
        if name == "quotes":
            e.add_argument("--split", default="dev", help="articles of this split only (default dev; '' for all)")
        e.add_argument("--json", action="store_true", help="print the report as JSON")
        e.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsweaveError as exc:
        _console().print(f"newsweave: error: {terminal_text(exc)}", markup=False)  # may quote a file name or id
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        _console().print("newsweave: interrupted; batches already committed stay stored", markup=False)
        return 130


if __name__ == "__main__":
    sys.exit(main())
