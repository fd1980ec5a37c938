"""The ``outlets`` commands (registered in :mod:`newsweave.cli`): load the user's outlets file into a store, and list
what a store holds. newsweave ships no bias ratings of its own: every label comes from the user's file, with its source."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Callable

from .cli_output import EXIT_ERROR, EXIT_OK, print_table, stderr_console
from .escape import terminal_json, terminal_text
from .outlets import OutletsFileError, read_outlets
from .outlets.file import MAX_PROBLEMS
from .store import open_store

NO_RATINGS = ("newsweave ships no bias ratings or other outlet labels of its own: every label comes from your file, "
              "with the source you name for it")


def cmd_outlets_load(args: argparse.Namespace) -> int:
    try:
        records = read_outlets(args.file)  # every problem of the file, with its line, before the store is opened
    except OutletsFileError as exc:
        count = len(exc.problems)
        lines = [f"newsweave: error: {count} problem{'s' if count != 1 else ''} in {args.file}, nothing was loaded; fix them and "
                 "load it again:"] + [f"  {p}" for p in exc.problems[:MAX_PROBLEMS]]
        if count > MAX_PROBLEMS:
            lines.append(f"  ... and {count - MAX_PROBLEMS} more")
        stderr_console().print("\n".join(terminal_text(line) for line in lines), markup=False)
        return EXIT_ERROR
    store = open_store(args.db)
    try:
        with store.writer_lock():
            store.put_outlets(records)
    finally:
        store.close()
    labels = sorted({key for r in records for key in r["labels"]})
    shown = f" with labels {', '.join(labels)}" if labels else " (no group labels)"
    stderr_console().print(f"loaded {len(records)} outlet{'s' if len(records) != 1 else ''}{shown} into {args.db}; "
                           "they replace any loaded before", markup=False)
    return EXIT_OK


def cmd_outlets_list(args: argparse.Namespace) -> int:
    store = open_store(args.db, read_only=True)
    try:
        records = store.outlet_records()
    finally:
        store.close()
    if args.json:
        sys.stdout.write(terminal_json(json.dumps({"outlets": records}, ensure_ascii=False, indent=2)) + "\n")
        return EXIT_OK
    if not records:
        stderr_console().print(f"no outlets loaded in {args.db}; `newsweave outlets load FILE --db {args.db}` loads them", markup=False)
        return EXIT_OK
    rows = [[r["key"], r.get("display_name") or "", r.get("country") or "", r.get("language") or "", r.get("owner") or "",
             "; ".join(f"{k}={v['value']} ({v['source']})" for k, v in r["labels"].items())] for r in records]
    print_table((("outlet", 30), ("display name", 30), ("country", 7), ("language", 8), ("owner", 30), ("labels (source)", 80)), rows)
    return EXIT_OK


def add_outlets_commands(commands: argparse._SubParsersAction, with_db: Callable) -> None:
    p = commands.add_parser("outlets", help="who the outlets are: load your outlets file (CSV or JSON) into a store, or list it. "
                                            + NO_RATINGS, description=NO_RATINGS + ".")
    what = p.add_subparsers(dest="outlets_command", required=True, metavar="{load,list}")
    load = what.add_parser("load", help="check an outlets file and store it (replacing the outlets loaded before)",
                           description="Columns: domain and/or name (one needed), display_name, country (ISO 3166, e.g. US), "
                                       "language (ISO 639, e.g. en), owner, and label.KEY with label.KEY.source for each group "
                                       "label (e.g. label.lean, label.type). A JSON file is a list of objects with these fields "
                                       'and "labels": {KEY: {"value": ..., "source": ...}}. ' + NO_RATINGS + ".")
    load.add_argument("file", metavar="FILE", help="outlets file: .json for JSON, anything else CSV with a header line")
    with_db(load)
    load.set_defaults(func=cmd_outlets_load)
    listing = what.add_parser("list", help="the outlets a store holds, with their labels and each label's source")
    with_db(listing)
    listing.add_argument("--json", action="store_true", help='print {"outlets": [...]}')
    listing.set_defaults(func=cmd_outlets_list)
