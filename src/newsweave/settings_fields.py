"""How one setting is declared and checked: the defaults file, allowed ranges, the one validation of a value.

Every default lives in ``defaults.toml`` (package data, beside this module); a section's dataclass names its
fields, their types and their allowed ranges (:func:`setting`), and :func:`section` fills each field's default
from the file, so a value can never be declared twice. :func:`checked` is the one check of a value, used when a
section is built in code (``Options(workers=0)``) and when settings are loaded from a file or the command line.
"""
from __future__ import annotations

import dataclasses
import json
import math
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, TypeVar

from .errors import ConfigError

DEFAULTS_FILE = "defaults.toml"
_TYPE_NAMES = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}
T = TypeVar("T")


@lru_cache(maxsize=1)
def defaults_text() -> str:
    """The text of ``defaults.toml``, comments included."""
    return resources.files(__package__).joinpath(DEFAULTS_FILE).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_values() -> dict[str, dict[str, Any]]:
    """Section -> key -> default value, from ``defaults.toml``."""
    return tomllib.loads(defaults_text())


@dataclass(frozen=True)
class Limits:
    """The values a setting allows: at least ``min``, at most ``max``, above ``above`` (all optional);
    ``why`` says why, for the error message; ``parse`` marks a setting that changes a cached parse."""

    min: float | None = None
    max: float | None = None
    above: float | None = None
    why: str = ""
    parse: bool = False

    def describe(self) -> str:
        low = f"above {_number(self.above)}" if self.above is not None else f"at least {_number(self.min)}" if self.min is not None else ""
        if self.max is not None:
            if self.min is not None:
                return f"between {_number(self.min)} and {_number(self.max)}"
            return f"{low} and at most {_number(self.max)}" if low else f"at most {_number(self.max)}"
        return "positive" if self.above == 0 else low

    def allows(self, value: float) -> bool:
        return ((self.min is None or value >= self.min) and (self.max is None or value <= self.max)
                and (self.above is None or value > self.above))


def _number(x: float | None) -> str:
    return f"{x:g}" if isinstance(x, float) else str(x)


def setting(*, min: float | None = None, max: float | None = None, above: float | None = None, why: str = "",
            parse: bool = False) -> Any:
    """A field of a settings section with its allowed range; its default comes from ``defaults.toml``
    (filled in by :func:`section`)."""
    return field(metadata={"limits": Limits(min, max, above, why, parse)})


def section(name: str) -> Callable[[type[T]], type[T]]:
    """Make ``cls`` the frozen dataclass of settings section ``name``: each field's default is read from
    ``defaults.toml`` (a field the file lacks, or a key it holds that no field names, fails at import), and every
    instance is checked by :func:`checked` when built."""

    def make(cls: type[T]) -> type[T]:
        values = default_values().get(name)
        if values is None:
            raise ConfigError(f"{DEFAULTS_FILE} has no [{name}] section")
        names = list(cls.__annotations__)
        if set(names) != set(values):
            raise ConfigError(f"[{name}] of {DEFAULTS_FILE} and {cls.__name__} disagree: "
                              f"only in the file {sorted(set(values) - set(names))}, only in the class {sorted(set(names) - set(values))}")
        for key in names:
            spec = cls.__dict__.get(key)
            if not isinstance(spec, dataclasses.Field):
                spec = setting()
            spec.default = values[key]
            setattr(cls, key, spec)

        def __post_init__(self) -> None:
            for f in dataclasses.fields(self):
                object.__setattr__(self, f.name, checked(f"{name}.{f.name}", f, getattr(self, f.name)))

        cls.__post_init__ = __post_init__  # type: ignore[attr-defined]
        return dataclass(frozen=True)(cls)

    return make


def kind_of(f: dataclasses.Field) -> type:
    """The Python type of a settings field (bool, int, float or str)."""
    kind = f.type if isinstance(f.type, type) else {"bool": bool, "int": int, "float": float, "str": str}[str(f.type)]
    return kind


def limits_of(f: dataclasses.Field) -> Limits:
    return f.metadata.get("limits") or Limits()


def checked(key: str, f: dataclasses.Field, value: Any, source: str = "") -> Any:
    """``value`` as setting ``key`` (field ``f``) holds it (an integer given for a number becomes a float), or a
    ConfigError naming the key, the value, what is allowed and what to do. ``source`` says where the value came
    from (a file, ``--set``), for the message."""
    kind = kind_of(f)
    limits = limits_of(f)
    where = f" ({source})" if source else ""
    fix = f"; set it in a settings file (--config) or with --set {key}=VALUE (default: {toml_value(f.default)})"
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{key} must be {_TYPE_NAMES[kind]}, got {value!r}{where}{fix}")
    if kind is float and not math.isfinite(value):
        raise ConfigError(f"{key} must be a finite number, got {value!r}{where}{fix}")
    if kind in (int, float) and not limits.allows(value):
        why = f" ({limits.why})" if limits.why else ""
        raise ConfigError(f"{key} must be {limits.describe()}{why}, got {value!r}{where}{fix}")
    return value


def parse_text(key: str, f: dataclasses.Field, text: str, source: str) -> Any:
    """A value given as text on the command line (``--set KEY=TEXT``), read as the setting's type."""
    kind = kind_of(f)
    text = text.strip()
    if kind is str:
        return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'" else text
    if kind is bool:
        lowered = text.lower()
        if lowered in ("true", "yes", "on", "1"):
            return True
        if lowered in ("false", "no", "off", "0"):
            return False
    else:
        try:
            return kind(text)
        except ValueError:
            pass
    return checked(key, f, text, source)  # not of the setting's type: the one message says what is wanted


def toml_value(value: Any) -> str:
    """``value`` written as TOML (bool, int, float or str)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value)  # JSON string escapes are valid in a TOML basic string

