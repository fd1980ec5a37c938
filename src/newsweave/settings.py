"""The settings tree: every tuning value of newsweave in five sections, loaded and checked in one place.

    [ingest]      :class:`~newsweave.options.Options`: size limits, extraction budget, workers
    [clustering]  :class:`ClusterConfig`: how articles form stories
    [analysis]    :class:`AnalysisSettings`: how much of a body is analysed, how texts are parsed
    [brief]       :class:`BriefSettings`: facts, framing, summary, clauses, timeline dates and conflicts of a story's brief
    [watch]       :class:`WatchSettings`: how ``newsweave watch`` fetches feeds and pages (politeness, limits)

Defaults live in one file, ``defaults.toml`` (package data; each setting with a line saying what it does and
why its default). :func:`load_settings` lays over them a user file (TOML with any of these sections and keys:
``--config FILE`` or ``NEWSWEAVE_CONFIG``) and then dotted overrides (``--set clustering.model_threshold=6.5``),
and refuses an unknown key (naming the closest known one), a value of the wrong type and one out of range (naming
the key, the value and what is allowed) with :class:`~newsweave.errors.ConfigError`.
"""
from __future__ import annotations

import difflib
import hashlib
import json
import os
import tomllib
from dataclasses import Field, dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import ConfigError
from .options import Options
from .settings_fields import checked, default_values, defaults_text, limits_of, parse_text, section, setting, toml_value

CONFIG_ENV = "NEWSWEAVE_CONFIG"


@section("clustering")
class ClusterConfig:
    """Story clustering (:class:`newsweave.stories.StoryClusterer`): one configuration for every corpus. What
    each field does, and why its default, is said in ``defaults.toml``; how they act, in :mod:`newsweave.stories.cluster`."""

    lead_words: int = setting(min=1)
    merge_model: str = setting()
    model_threshold: float = setting()
    rejoin: bool = setting()
    rejoin_relief: float = setting(min=0)
    rejoin_members: int = setting(min=1)
    headline_weight: float = setting(min=0)
    name_weight: float = setting(min=0)
    number_weight: float = setting(min=0)
    threshold: float = setting(min=0)
    date_scale_days: float = setting(above=0)
    date_slope: float = setting(min=0)
    age_penalty: float = setting(min=0)
    count_penalty: float = setting(min=0)
    block_penalty: float = setting(min=0)
    undated_penalty: float = setting(min=0)
    late_days: int = setting(min=0)
    chain_days: int = setting(min=0)
    query_terms: int = setting(min=1)
    min_posting_cap: int = setting(min=1)
    candidates: int = setting(min=1)
    entity_words: int = setting(min=0)
    specific_stories: int = setting(min=0)
    persons_needed: int = setting(min=1)
    site_bonus: float = setting(min=0)
    consolidate_every: int = setting(min=0)
    merge_threshold: float = setting(min=0)
    single_relief: float = setting(min=0)
    single_margin: float = setting(min=0)
    merge_members: int = setting(min=1)
    full_pass: bool = setting()
    single_closest_only: bool = setting()
    full_pass_every: int = setting(min=0)


@section("analysis")
class AnalysisSettings:
    """How much of each body is analysed and how texts are parsed (:mod:`newsweave.analysis`, :mod:`newsweave.nlp`)."""

    analysed_chars: int = setting(min=1)
    # a parse of the same text differs with the piece size: cached parses are keyed on it (parse_fingerprint)
    piece_chars: int = setting(min=1, max=1_000_000, why="spaCy refuses longer texts", parse=True)


@section("brief")
class BriefSettings:
    """Thresholds that decide what a story's brief says (:mod:`newsweave.brief`): facts, framing, summary, clauses,
    dates, conflicts. ``build_brief(..., settings=...)`` applies them; what each does, and why its default, is said
    in ``defaults.toml``."""

    fact_join: float = setting(min=0, max=1)
    fact_link: float = setting(min=0, max=1)
    fact_relate: float = setting(min=0, max=1)
    fact_restate: float = setting(min=0, max=1)
    consensus_link: float = setting(min=0, max=1)
    consensus_sources: int = setting(min=1)
    consensus_share: float = setting(min=0, max=1)
    framing_prior_scale: float = setting(above=0)
    framing_min_z: float = setting(min=0)
    framing_max_other_ratio: float = setting(min=0)
    framing_max_terms: int = setting(min=1)
    framing_max_loaded: int = setting(min=0)
    framing_counterpart_min_cos: float = setting(min=-1, max=1)
    framing_scare_quote_words: int = setting(min=0)
    framing_action_verbs: bool = setting()
    framing_max_common_share: float = setting(min=0, max=1)
    framing_loaded_max_other_ratio: float = setting(min=0)
    summary_max_sentences: int = setting(min=1)
    summary_min_sentences: int = setting(min=0)
    clause_min_words: int = setting(min=1)
    attribution_words: int = setting(min=0)
    date_after_publication_days: int = setting(min=0)
    date_ahead_days: int = setting(min=0)
    date_before_publication_days: int = setting(min=0)
    conflict_figure_link: float = setting(min=0, max=1)
    conflict_big_figure: float = setting(above=0)
    conflict_big_figure_link: float = setting(min=0, max=1)
    conflict_figure_ratio: float = setting(min=1)
    conflict_date_link: float = setting(min=0, max=1)
    conflict_event_days: int = setting(min=0)
    conflict_charge_days: int = setting(min=0)
    conflict_quote_words: int = setting(min=0)
    conflict_quote_similarity: float = setting(min=0, max=100)


@section("watch")
class WatchSettings:
    """How ``newsweave watch`` fetches (:mod:`newsweave.fetch`): who it says it is, how politely and within what limits."""

    contact: str = setting()
    host_delay: float = setting(min=0)
    max_host_delay: float = setting(min=0)
    timeout: float = setting(above=0)
    total_timeout: float = setting(above=0)
    max_bytes: int = setting(min=1)
    retries: int = setting(min=0, max=10)
    backoff: float = setting(min=0)
    max_retry_after: float = setting(min=0)
    max_redirects: int = setting(min=0, max=20)
    allow_private: bool = setting()
    max_pages: int = setting(min=1)
    max_sitemaps: int = setting(min=0)


SECTIONS: dict[str, type] = {"ingest": Options, "clustering": ClusterConfig, "analysis": AnalysisSettings, "brief": BriefSettings,
                             "watch": WatchSettings}


@dataclass(frozen=True)
class Settings:
    """Every setting, by section; ``Settings()`` holds the defaults. Build one with :func:`load_settings`."""

    ingest: Options = field(default_factory=Options)
    clustering: ClusterConfig = field(default_factory=ClusterConfig)
    analysis: AnalysisSettings = field(default_factory=AnalysisSettings)
    brief: BriefSettings = field(default_factory=BriefSettings)
    watch: WatchSettings = field(default_factory=WatchSettings)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        """Section -> key -> value."""
        return {name: {f.name: getattr(getattr(self, name), f.name) for f in fields(getattr(self, name))} for name in SECTIONS}

    def parse_fingerprint(self) -> str:
        """A short digest (12 hex digits) of the settings that change what a parse of the same text gives
        (``analysis.piece_chars``): cached parses keyed on it are never read back under other settings. Settings
        that only choose which text is parsed (``analysis.analysed_chars``) are left out: the text is in the key."""
        values = {f"{name}.{f.name}": getattr(getattr(self, name), f.name)
                  for name in SECTIONS for f in fields(getattr(self, name)) if limits_of(f).parse}
        return hashlib.sha256(json.dumps(values, sort_keys=True).encode("utf-8")).hexdigest()[:12]

    def to_toml(self) -> str:
        """The settings as a TOML file :func:`load_settings` reads back, each with its line from ``defaults.toml``;
        a value other than the default says the default."""
        notes = _comments()
        defaults = default_values()
        lines = ["# newsweave settings in effect (`newsweave settings`); pass this file to --config to use them again"]
        for name, values in self.as_dict().items():
            lines += ["", f"[{name}]"]
            for key, value in values.items():
                lines += notes.get((name, key), [])
                changed = "" if value == defaults[name][key] else f"  # default: {toml_value(defaults[name][key])}"
                lines.append(f"{key} = {toml_value(value)}{changed}")
        return "\n".join(lines) + "\n"


def _comments() -> dict[tuple[str, str], list[str]]:
    """(section, key) -> the comment lines just above that key in ``defaults.toml``."""
    out: dict[tuple[str, str], list[str]] = {}
    current, pending = "", []
    for line in defaults_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            current, pending = stripped.strip("[]").strip(), []
        elif stripped.startswith("#"):
            pending.append(stripped)
        elif "=" in stripped and current:
            out[(current, stripped.split("=", 1)[0].strip())] = pending
            pending = []
        else:
            pending = []
    return out


def _closest(key: str) -> str | None:
    """The known setting closest to ``key``, also when its section is left out or wrong ("workers")."""
    known = [f"{name}.{f.name}" for name, cls in SECTIONS.items() for f in fields(cls)]
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        return close[0]
    by_name = {k.split(".", 1)[1]: k for k in known}
    close = difflib.get_close_matches(key.rsplit(".", 1)[-1], list(by_name), n=1, cutoff=0.6)
    return by_name[close[0]] if close else None


def _unknown(key: str, source: str) -> ConfigError:
    close = _closest(key)
    hint = f"did you mean {close!r}? " if close else ""
    return ConfigError(f"unknown setting {key!r} ({source}); {hint}`newsweave settings` lists every setting "
                       f"(sections: {', '.join(SECTIONS)})")


def _field(key: str, source: str) -> Field:
    """The dataclass field of setting ``key`` ("section.name"), or the error for an unknown one."""
    name, _, sub = key.partition(".")
    cls = SECTIONS.get(name)
    found = {f.name: f for f in fields(cls)}.get(sub) if cls is not None and sub else None
    if found is None:
        raise _unknown(key, source)
    return found


def read_settings_file(path: str | Path) -> dict[str, Any]:
    """The tables of a TOML settings file, or a ConfigError saying what is wrong with the file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"settings file {path} not found; pass --config an existing TOML file "
                          f"(or set {CONFIG_ENV} to one, or unset it)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read settings file {path} ({exc}); pass --config a readable UTF-8 TOML file") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"settings file {path} is not valid TOML ({exc}); `newsweave settings` prints a valid one") from None


def _file_values(data: Mapping[str, Any], source: str) -> Iterable[tuple[str, Any]]:
    """(dotted key, value) for every setting of a parsed settings file."""
    for name, table in data.items():
        if not isinstance(table, dict):
            raise _unknown(name, f"{source}: settings go under a section such as [ingest]")
        if name not in SECTIONS:
            close = difflib.get_close_matches(name, list(SECTIONS), n=1, cutoff=0.6)
            hint = f"did you mean [{close[0]}]? " if close else ""
            raise ConfigError(f"unknown settings section [{name}] ({source}); {hint}sections: {', '.join(SECTIONS)}")
        for key, value in table.items():
            yield f"{name}.{key}", value


def _override(item: str | tuple) -> tuple[str, Any, str]:
    """(key, value, source) of one override: ``"KEY=VALUE"`` text, or a ``(key, value)`` or ``(key, value, source)``
    tuple from code or a command-line flag (``source`` names it in messages, e.g. ``"from --workers"``)."""
    if isinstance(item, tuple):
        key, value, *source = item
        return key, value, source[0] if source else "given in code"
    key, sep, text = item.partition("=")
    if not sep or not key.strip():
        raise ConfigError(f"--set needs SECTION.KEY=VALUE (e.g. --set clustering.model_threshold=6.5), got {item!r}")
    key = key.strip()
    source = f"from --set {item}"
    return key, parse_text(key, _field(key, source), text, source), source


def load_settings(user_file: str | Path | None = None, overrides: Iterable[str | tuple] = (), *,
                  environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in effect: the defaults, then ``user_file`` (a TOML file; when None, the file named by
    ``NEWSWEAVE_CONFIG`` in ``environ``, default ``os.environ``, if set), then ``overrides`` in order: each
    ``"SECTION.KEY=VALUE"`` text (the value read as the setting's type) or a ``(key, value[, source])`` tuple. Raises
    :class:`ConfigError` for an unreadable file, an unknown key, a wrong type or a value out of range."""
    values = {name: dict(section_values) for name, section_values in default_values().items()}
    environ = os.environ if environ is None else environ
    if user_file is None and environ.get(CONFIG_ENV):
        user_file = environ[CONFIG_ENV]
    given: list[tuple[str, Any, str]] = []
    if user_file is not None:
        source = f"in {user_file}"
        given += [(key, value, source) for key, value in _file_values(read_settings_file(user_file), source)]
    given += [_override(item) for item in overrides]
    for key, value, source in given:
        name, _, sub = key.partition(".")
        values[name][sub] = checked(key, _field(key, source), value, source)
    return Settings(**{name: cls(**values[name]) for name, cls in SECTIONS.items()})


DEFAULT_SETTINGS = Settings()
