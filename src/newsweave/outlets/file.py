"""The outlets file: who the outlets are, as the user says (CSV or JSON), read and checked line by line.

newsweave ships no bias ratings or other labels of its own: every label comes from this file, with the source
the user names for it. A CSV file has a header line; its columns are

- ``domain`` (a host such as ``example.com``: articles from it and its subdomains belong to the outlet) and/or
  ``name`` (the outlet as the articles name it, e.g. in a manifest); at least one of the two,
- ``display_name``, ``country`` (ISO 3166 two letters, e.g. ``US``), ``language`` (ISO 639 code, e.g. ``en`` or
  ``pt-BR``), ``owner``: optional,
- ``label.KEY`` and ``label.KEY.source`` for each group label, e.g. ``label.lean`` = ``left`` with
  ``label.lean.source`` = where that rating comes from; a label without its source is refused.

A JSON file is a list of objects with the same fields, labels as ``"labels": {"lean": {"value": "left",
"source": "..."}}``. Every problem is reported with its line, all of them at once (up to :data:`MAX_PROBLEMS`).
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from ..errors import InputError, MalformedInput

MAX_PROBLEMS = 20
MAX_CHARS = 300          # longest value of any field
MAX_BYTES = 20_000_000   # an outlets file larger than this is refused

BASE_FIELDS = ("domain", "name", "display_name", "country", "language", "owner")
_LABEL_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class OutletsFileError(MalformedInput):
    """An outlets file with problems: ``problems`` holds one :class:`InputError` per problem, each with its line."""

    def __init__(self, source: str, problems: list[InputError]) -> None:
        self.problems = problems
        shown = problems[:MAX_PROBLEMS]
        more = f"; ... and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        listing = "; ".join(str(p) for p in shown)
        super().__init__(source, f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the outlets file, nothing was "
                                 f"loaded; fix them and load it again: {listing}{more}")


def outlet_key(domain: str | None, name: str | None) -> str:
    """The key an outlet is stored and found under: its domain, else its name."""
    return domain or name or ""


def read_outlets(path: str | Path) -> list[dict[str, Any]]:
    """The outlets of a CSV or JSON file (by its suffix: ``.json`` is JSON, anything else CSV), each a record
    ``{"key", "domain", "name", "display_name", "country", "language", "owner", "labels": {KEY: {"value", "source"}}}``;
    an :class:`OutletsFileError` lists every problem with its line."""
    source = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise MalformedInput(source, f"cannot read the outlets file ({exc.strerror or exc}); check the path") from None
    if len(data) > MAX_BYTES:
        raise MalformedInput(source, f"the outlets file is over {MAX_BYTES // 1_000_000} MB; is it the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MalformedInput(source, f"the outlets file is not UTF-8 (byte {exc.start}); save it as UTF-8") from None
    rows = _json_rows(text, source) if source.lower().endswith(".json") else _csv_rows(text, source)
    return _checked(rows, source)


def _csv_rows(text: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise OutletsFileError(source, [MalformedInput(source, f"the header is not CSV ({exc})", 1)]) from None
    if not header or not any(h.strip() for h in header):
        raise OutletsFileError(source, [MalformedInput(source, "no header line; the first line names the columns, e.g. "
                                                               "domain,display_name,label.lean,label.lean.source", 1)])
    columns = [h.strip() for h in header]
    problems = _header_problems(columns, source)
    if problems:
        raise OutletsFileError(source, problems)
    rows: list[tuple[int, dict[str, Any]]] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(columns):
                problems.append(MalformedInput(source, f"{len(values)} values but {len(columns)} columns; quote values that "
                                                       "hold a comma", line))
                continue
            row: dict[str, Any] = {"labels": {}}
            for column, value in zip(columns, values):
                value = value.strip()
                if not value:
                    continue
                if column.startswith("label."):
                    parts = column.split(".")
                    slot = row["labels"].setdefault(parts[1], {})
                    slot["source" if len(parts) == 3 else "value"] = value
                else:
                    row[column] = value
            rows.append((line, row))
    except csv.Error as exc:
        problems.append(MalformedInput(source, f"not CSV ({exc})", reader.line_num))
    if problems:
        raise OutletsFileError(source, problems)
    return rows


def _header_problems(columns: list[str], source: str) -> list[InputError]:
    problems: list[InputError] = []
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            problems.append(MalformedInput(source, f"column {column!r} appears twice; keep one", 1))
        seen.add(column)
        parts = column.split(".")
        if column in BASE_FIELDS:
            continue
        if parts[0] == "label" and len(parts) in (2, 3) and _LABEL_KEY.match(parts[1]) and (len(parts) == 2 or parts[2] == "source"):
            continue
        problems.append(MalformedInput(source, f"unknown column {column!r}; the columns are {', '.join(BASE_FIELDS)}, and label.KEY "
                                               "with label.KEY.source for each group label (KEY: lower-case letters, digits, _ or -)", 1))
    labels = {c.split(".")[1] for c in columns if c.startswith("label.") and len(c.split(".")) >= 2}
    for key in sorted(labels):
        for needed in (f"label.{key}", f"label.{key}.source"):
            if needed not in seen and _LABEL_KEY.match(key):
                problems.append(MalformedInput(source, f"column {needed!r} is missing: every label needs its value and its source", 1))
    if "domain" not in seen and "name" not in seen:
        problems.append(MalformedInput(source, "no 'domain' or 'name' column: add one naming each outlet", 1))
    return problems


def _json_rows(text: str, source: str) -> list[tuple[int, dict[str, Any]]]:
    """The objects of a JSON list with the line each starts on."""
    decoder = json.JSONDecoder()
    at = _skip_space(text, 0)
    if at >= len(text) or text[at] != "[":
        raise OutletsFileError(source, [MalformedInput(source, "a JSON outlets file is a list of objects: [{\"domain\": ...}, ...]",
                                                       text.count("\n", 0, at) + 1)])
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[InputError] = []
    at = _skip_space(text, at + 1)
    while at < len(text) and text[at] != "]":
        line = text.count("\n", 0, at) + 1
        try:
            value, at = decoder.raw_decode(text, at)
        except json.JSONDecodeError as exc:
            raise OutletsFileError(source, [MalformedInput(source, f"not JSON ({exc.msg}, column {exc.colno})", exc.lineno)]) from None
        if isinstance(value, dict):
            rows.append((line, _json_row(value, source, line, problems)))
        else:
            problems.append(MalformedInput(source, f"an entry is {type(value).__name__}, not an object", line))
        at = _skip_space(text, at)
        if at < len(text) and text[at] == ",":
            at = _skip_space(text, at + 1)
        elif at < len(text) and text[at] != "]":
            raise OutletsFileError(source, [MalformedInput(source, "expected ',' or ']' after an entry", text.count("\n", 0, at) + 1)])
    if at >= len(text) or _skip_space(text, at + 1) != len(text):
        raise OutletsFileError(source, [MalformedInput(source, "the list is not closed, or text follows it", text.count("\n", 0, at) + 1)])
    if problems:
        raise OutletsFileError(source, problems)
    return rows


def _json_row(value: dict[str, Any], source: str, line: int, problems: list[InputError]) -> dict[str, Any]:
    row: dict[str, Any] = {"labels": {}}
    for key, item in value.items():
        if key == "labels":
            if not isinstance(item, dict):
                problems.append(MalformedInput(source, '"labels" must be an object: {"lean": {"value": ..., "source": ...}}', line))
                continue
            for label, given in item.items():
                if not isinstance(given, dict) or set(given) - {"value", "source"}:
                    problems.append(MalformedInput(source, f'label {label!r} must be {{"value": ..., "source": ...}}', line))
                    continue
                row["labels"][label] = {k: v for k, v in given.items() if v not in (None, "")}
        elif key in BASE_FIELDS:
            if item not in (None, ""):
                row[key] = item
        else:
            problems.append(MalformedInput(source, f"unknown field {key!r}; the fields are {', '.join(BASE_FIELDS)} and labels", line))
    return row


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


def _checked(rows: list[tuple[int, dict[str, Any]]], source: str) -> list[dict[str, Any]]:
    """Records from rows, every bad value and duplicate reported with its line."""
    problems: list[InputError] = []
    first_line: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    for line, row in rows:
        found: list[str] = []
        record = _record(row, found)
        key = record["key"].lower()
        if key and key in first_line:
            found.append(f"outlet {record['key']!r} is listed again (first on line {first_line[key]}); keep one line per outlet")
        elif key:
            first_line[key] = line
        problems += [MalformedInput(source, reason, line) for reason in found]
        if not found:
            records.append(record)
    if problems:
        raise OutletsFileError(source, problems)
    return records


def _record(row: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    fields: dict[str, str | None] = {}
    for name in BASE_FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            problems.append(f"{name} must be text, not {type(value).__name__}")
            value = None
        fields[name] = _text(name, value, problems)
    domain, name = fields["domain"], fields["name"]
    if domain is not None:
        domain = domain.lower()
        domain = domain[4:] if domain.startswith("www.") else domain
        if "/" in domain or ":" in domain:
            problems.append(f"domain {fields['domain']!r} is not a host name; give the host only, e.g. example.com (no https://, no path)")
        elif not _HOST.match(domain):
            problems.append(f"domain {fields['domain']!r} is not a host name such as example.com")
    if not domain and not name:
        problems.append("neither domain nor name is given; each outlet needs one of them")
    country, language = fields["country"], fields["language"]
    if country is not None and not _COUNTRY.match(country):
        problems.append(f"country {country!r} is not a two-letter ISO 3166 code such as US or GB")
    if language is not None and not _LANGUAGE.match(language):
        problems.append(f"language {language!r} is not an ISO 639 code such as en or pt-BR")
    labels: dict[str, dict[str, str]] = {}
    for key, given in sorted((row.get("labels") or {}).items()):
        if not isinstance(key, str) or not _LABEL_KEY.match(key):
            problems.append(f"label name {key!r} must be lower-case letters, digits, _ or - (starting with a letter)")
            continue
        value = _text(f"label {key}", given.get("value"), problems)
        where = _text(f"label {key} source", given.get("source"), problems)
        if value and not where:
            problems.append(f"label {key!r} = {value!r} has no source; say where it comes from (label.{key}.source), since "
                            "newsweave ships no ratings of its own")
        elif where and not value:
            problems.append(f"label {key!r} has a source but no value; give label.{key} or leave both empty")
        elif value and where:
            labels[key] = {"value": value, "source": where}
    return {"key": outlet_key(domain, name), "domain": domain, "name": name, "display_name": fields["display_name"],
            "country": country.upper() if country else None, "language": language, "owner": fields["owner"], "labels": labels}


def _text(what: str, value: Any, problems: list[str]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(f"{what} must be text, not {type(value).__name__}")
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_CHARS:
        problems.append(f"{what} is {len(value)} characters long; at most {MAX_CHARS}")
        return None
    if _CONTROLS.search(value):
        problems.append(f"{what} holds control characters; remove them")
        return None
    return value
