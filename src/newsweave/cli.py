"""Command line: parses arguments, calls the Python API, prints results. No logic of its own.

Exit status: 0 when every input was read, 1 when some inputs were skipped (each is named on
standard error), 2 for a usage, configuration or store error.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from .cli_outlets import add_outlets_commands
from .cli_serve import add_serve_command
from .cli_watch import add_watch_commands
from .cli_output import (EXIT_ERROR, EXIT_OK, EXIT_SKIPPED, OneLineParser, check_out_folder, print_table, progress_bar, report_ingest,
                         stderr_console, waiting)
from .errors import NewsweaveError, OutputError
from .escape import terminal_json, terminal_text
from .execution import EXECUTORS, executor_checked, opened_executor
from .pipeline import extract_paths, ingest_paths
from .settings import CONFIG_ENV, DEFAULT_SETTINGS, Settings, load_settings
from .store import open_existing_store, open_store
from .version import __version__


# command-line flags that set one ingest setting: flag -> its key in [ingest] (and argparse dest)
INGEST_FLAGS = {"--max-bytes": "max_bytes", "--max-collection-bytes": "max_collection_bytes", "--workers": "workers",
                "--extract-seconds": "extract_seconds", "--extract-memory-mb": "extract_memory_mb", "--executor": "executor", "--address": "ray_address"}


def _settings(args: argparse.Namespace) -> Settings:
    """The settings in effect: defaults, the --config file (or $NEWSWEAVE_CONFIG), each --set, then the ingest flags given."""
    flags = [(f"ingest.{key}", getattr(args, key), f"from {flag}") for flag, key in INGEST_FLAGS.items()
             if getattr(args, key, None) is not None]
    return executor_checked(load_settings(args.config, [*args.set, *flags]))


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = _settings(args)  # a setting that cannot work is refused before the store is opened
    store = open_store(args.db)  # a store that cannot be used is refused here, before anything is read or written
    try:
        with opened_executor(settings.ingest) as executor, store.writer_lock(exclusive=False, waiting=waiting), progress_bar() as progress:
            summary = ingest_paths(args.paths, store, settings.ingest, manifest=args.manifest, executor=executor, progress=progress)
    finally:
        store.close()
    code = report_ingest(summary, stored=True)
    stderr_console().print(f"store: {_shown(args.db)}", markup=False)
    return code


def cmd_extract(args: argparse.Namespace) -> int:
    options = _settings(args).ingest
    with opened_executor(options) as executor, progress_bar() as progress:
        summary = extract_paths(args.paths, options, manifest=args.manifest, executor=executor, progress=progress)
    out = sys.stdout
    for article in summary.articles:
        out.write(terminal_json(json.dumps(article.extract_view(), ensure_ascii=False)) + "\n")
    out.flush()
    return report_ingest(summary, stored=False)


def cmd_articles(args: argparse.Namespace) -> int:
    store = open_existing_store(args.db)
    try:
        rows = store.article_rows()
    finally:
        store.close()
    if args.json:
        print(terminal_json(json.dumps({"articles": rows}, ensure_ascii=False, indent=2)))
        return EXIT_OK
    columns = (("id", 48), ("outlet", 22), ("published", 10), ("lang", 4), ("v", 2), ("chars", 6), ("title", 60))
    keys = ("id", "outlet", "published", "language", "version", "chars", "title")
    print_table(columns, [[row[k] for k in keys] for row in rows])
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    store = open_existing_store(args.db)
    try:
        article = store.get_article(args.id)
    finally:
        store.close()
    if article is None:
        stderr_console().print(f"no article with id {args.id!r} in {_shown(args.db)}; list ids with `newsweave articles`", markup=False)
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

    settings = _settings(args)  # a setting that cannot work is refused before anything is read or written
    out_dir = Path(args.out) if args.out is not None else None
    if out_dir is not None:
        check_out_folder(out_dir)  # before any store is opened or created
    db = args.db or (str(out_dir / "newsweave.db") if out_dir is not None else "newsweave.db")
    if out_dir is not None and args.db is None:  # the store goes in the output folder
        _make_folder(out_dir)
    store = open_store(db)  # a store that cannot be used is refused here, before anything is read or written
    try:
        if out_dir is not None:
            _make_folder(out_dir)
        # the whole run holds the store alone: its stories and outputs come from one state, holding every article
        with opened_executor(settings.ingest) as executor, store.writer_lock(exclusive=True, waiting=waiting), progress_bar() as progress:
            report = run(args.paths, store, out=out_dir, manifest=args.manifest, executor=executor, progress=progress, settings=settings,
                         keep_results=False)
    finally:
        store.close()
    code = report_ingest(report.ingest, stored=True)
    console = stderr_console()
    if out_dir is None:
        console.print(f"stories: {report.story_count} from {report.article_count} articles, with their briefs and article "
                      f"analyses, saved in the store {_shown(db)} (list them: `newsweave stories --db {_shown(db)}`; no output folder without --out)",
                      markup=False)
    else:
        console.print(f"stories: {report.story_count} from {report.article_count} articles -> {out_dir / 'stories.json'}, "
                      f"article analyses in {out_dir / 'articles'}", markup=False)
    if report.written and report.written.pages:
        console.print(f"story briefs: {report.written.pages} pages, open {out_dir / 'index.html'}", markup=False)
    if out_dir is not None:  # read commands need this --db: they never create a store
        console.print(f"store: {_shown(db)} (read it with `newsweave stories --db {_shown(db)}`, `newsweave serve --db {_shown(db)}`)", markup=False)
    if report.without_outlet > 1:  # they count as one source between them: nothing they share is corroborated
        console.print(f"note: {report.without_outlet} articles name no outlet (no URL, no outlet field); they count as one source together, "
                      f"so none corroborates another. Name their outlets with --manifest FILE (columns file,outlet) and run again",
                      markup=False)
    if report.partial:
        where = f"their files in {out_dir / 'articles'}" if out_dir is not None else "their analyses in the store"
        console.print(f"note: {len(report.partial)} article(s) longer than {settings.analysis.analysed_chars:,} characters "
                      f"(analysis.analysed_chars): only that much of each was analysed (entities, quotes, numbers, brief); "
                      f"see \"partial\" in {where}", markup=False)
    for failure in report.failed:  # the message quotes an exception: shown, never interpreted
        console.print(f"error: {terminal_text(str(failure))}", markup=False)
    return max(code, EXIT_SKIPPED) if report.failed else code


def cmd_settings(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.json:
        print(json.dumps(settings.as_dict(), indent=2))
    else:
        sys.stdout.write(settings.to_toml())
    return EXIT_OK


def cmd_stories(args: argparse.Namespace) -> int:
    from .stories import store_stories_document

    store = open_existing_store(args.db)
    try:
        document = store_stories_document(store)
    finally:
        store.close()
    if args.json:
        print(terminal_json(json.dumps(document, ensure_ascii=False, indent=2)))
        return EXIT_OK
    columns = (("story", 8), ("articles", 8), ("independent", 11), ("first", 10), ("last", 10), ("outlets", 40), ("title", 60))
    print_table(columns, [
        [story["id"], len(story["articles"]), story["independent_sources"], story["first_published"], story["last_published"],
         ", ".join(story["outlets"]), story["title"]]
        for story in document["stories"]
    ])
    return EXIT_OK


def cmd_brief(args: argparse.Namespace) -> int:
    from .store import StoryQuery

    store = open_existing_store(args.db)
    try:
        brief = store.get_brief(args.story_id)
        if brief is None:
            known = store.find_stories(StoryQuery(limit=10))
            if not known.total:
                stderr_console().print(f"no brief for story {args.story_id!r}: {_shown(args.db)} holds no run results yet; build them with "
                                 f"`newsweave run PATH... --db {_shown(args.db)}`", markup=False)
            else:
                examples = ", ".join(terminal_text(s["id"]) for s in known.stories)
                stderr_console().print(f"no story with id {args.story_id!r} in {_shown(args.db)}'s last run; list stories with "
                                 f"`newsweave stories --db {_shown(args.db)}` (e.g. {examples})", markup=False)
            return EXIT_ERROR
        # the HTML page shows each fact's passage in its article's raw input
        found = [] if args.format != "html" else [store.get_article(row["id"]) for row in brief.get("articles") or []]
        texts, urls = {a.id: a.raw for a in found if a is not None}, {a.id: a.url for a in found if a is not None and a.url}
    finally:
        store.close()
    if args.format == "json":
        print(terminal_json(json.dumps(brief, ensure_ascii=False, indent=2)))
    elif args.format == "html":
        from .brief.render_html import render_story_html

        sys.stdout.write(render_story_html(brief, texts, urls))
    else:
        from .brief.render_md import render_markdown

        sys.stdout.write(render_markdown(brief))
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from .removal import remove_articles

    store = open_existing_store(args.db)
    try:
        with store.writer_lock(exclusive=False, waiting=waiting):
            removal = remove_articles(store, args.ids)
    finally:
        store.close()
    console = stderr_console()
    for article_id in removal.unknown:
        console.print(f"unknown {terminal_text(article_id)}: no article with this id in {_shown(args.db)}; list ids with `newsweave articles`",
                      markup=False)
    console.print(f"newsweave: removed {len(removal.removed)} articles from {_shown(args.db)}" + (f", {len(removal.unknown)} unknown" if removal.unknown else "")
                  + ("; the next `newsweave run` rebuilds the stories without them" if removal.removed else ""), markup=False)
    return EXIT_SKIPPED if removal.unknown else EXIT_OK


# name -> (help, what DIR holds, what --limit counts or None when the evaluation has no limit)
EVALUATIONS = {
    "extraction": ("body extraction vs. plain trafilatura (WCXB format, or raw pages with must-keep/must-drop snippets)",
                   "pages.jsonl.gz and truth.jsonl, or snippets.jsonl and html/", "pages"),
    "clustering": ("story clustering against labels, articles fed in file order", "articles.jsonl and labels.csv", "articles"),
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
    options = {k: getattr(args, k) for k in ("limit", "split", "half") if hasattr(args, k)}
    if "split" in options:
        options["split"] = options["split"] or None
    report = getattr(module, f"evaluate_{args.what}")(Path(args.dir), **options)
    print(json.dumps(report, indent=2) if args.json else module.format_report(report))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="newsweave", description="Read the news from many outlets at once.")
    parser.add_argument("--version", action="version", version=f"newsweave {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_settings(p: argparse.ArgumentParser) -> None:
        p.add_argument("--config", metavar="FILE", default=None,
                       help=f"TOML settings file over the defaults (default: ${CONFIG_ENV} when set); see `newsweave settings`")
        p.add_argument("--set", metavar="KEY=VALUE", action="append", default=[],
                       help="one setting, e.g. --set clustering.model_threshold=6.5 (repeatable; wins over --config)")

    def with_inputs(p: argparse.ArgumentParser) -> None:
        ingest = DEFAULT_SETTINGS.ingest
        p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories (read recursively)")
        p.add_argument("--manifest", help="CSV or JSONL with file,url,outlet,published,title per input file")
        p.add_argument("--max-bytes", type=int, help=f"skip inputs larger than this (ingest.max_bytes, default {ingest.max_bytes})")
        p.add_argument("--max-collection-bytes", type=int,
                       help=f"skip JSON Lines, WARC or feed files larger than this, unpacked (ingest.max_collection_bytes, "
                            f"default {ingest.max_collection_bytes})")
        p.add_argument("--workers", type=int, help=f"processes for the per-article stages; 0: one per CPU for long maps, "
                       f"in-process for short ones (ingest.workers, default {ingest.workers})")
        p.add_argument("--executor", choices=EXECUTORS, help=f"where extraction and parsing run (ingest.executor, default {ingest.executor})")
        p.add_argument("--address", dest="ray_address", help="Ray cluster to join with --executor ray: auto or HOST:PORT (default: a local Ray)")
        p.add_argument("--extract-seconds", type=float,
                       help=f"skip a document whose extraction takes longer (ingest.extract_seconds, default {ingest.extract_seconds:g})")
        p.add_argument("--extract-memory-mb", type=float,
                       help=f"skip a document whose extraction needs more memory (ingest.extract_memory_mb, default {ingest.extract_memory_mb:g})")
        with_settings(p)

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

    p = commands.add_parser("run", help="ingest, mark syndicated copies, cluster into stories, build briefs; save them in the store "
                                        "(and with --out write OUT/stories.json & co.)")
    with_inputs(p)
    p.add_argument("--out", default=None, help="output folder (stories.json, briefs, index.html); without it the results go to the store only")
    p.add_argument("--db", default=None, help="store: a file path or sqlite:///PATH (default OUT/newsweave.db with --out, else "
                                              "./newsweave.db); stored stories keep their keys")
    p.set_defaults(func=cmd_run)

    p = commands.add_parser("settings", help="print the settings in effect (defaults, --config file, --set) as TOML")
    with_settings(p)
    p.add_argument("--json", action="store_true", help="print them as JSON")
    p.set_defaults(func=cmd_settings)

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

    add_serve_command(commands, with_db)

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
        if name in ("brief", "framing"):
            e.add_argument("--half", choices=("even", "odd"), default=None,
                           help=f"every other {'annotated ' if name == 'brief' else ''}triplet in sorted order (even: 1st, 3rd ...; odd: 2nd, 4th ...)")
        e.add_argument("--json", action="store_true", help="print the report as JSON")
        e.set_defaults(func=cmd_eval)
    add_watch_commands(commands, with_settings, with_db)  # watch, changes
    add_outlets_commands(commands, with_db)  # outlets load, outlets list
    return parser


def _shown(db: str) -> str:
    """A store's path or URL as messages show it: a password in a URL is never printed."""
    from .store.postgres_errors import redact

    return redact(db)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsweaveError as exc:
        stderr_console().print(f"newsweave: error: {terminal_text(exc)}", markup=False)  # may quote a file name or id
        return EXIT_ERROR
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:  # a file or folder named on the command line that cannot be used: one line, no traceback
        where = f"{exc.filename}: " if exc.filename else ""
        stderr_console().print(f"newsweave: error: {terminal_text(where)}{exc.strerror or exc}", markup=False)
        return EXIT_ERROR
    except KeyboardInterrupt:
        stderr_console().print("newsweave: interrupted; batches already committed stay stored", markup=False)
        return 130


if __name__ == "__main__":
    sys.exit(main())
