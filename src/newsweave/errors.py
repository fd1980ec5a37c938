"""Exceptions raised by newsweave.

Hierarchy::

    NewsweaveError                 base of everything newsweave raises on purpose
    ├── InputError                 one input (file, line, feed entry, WARC record) cannot be used;
    │   │                          carries ``source`` and, where known, ``line``; the batch goes on
    │   ├── UnsupportedInput       binary, unknown format, empty, or over the size limit
    │   ├── DecodeError            bytes that are not text in any encoding we accept
    │   └── MalformedInput         broken JSON line, feed or WARC, record without a body
    ├── StoryError                 one story's analysis or brief cannot be built; carries ``story``;
    │                              the other stories are saved, this one keeps its last results
    ├── StoreError                 the database cannot be opened, migrated or written
    ├── OutputError                an output file cannot be written (the previous one is kept)
    └── ConfigError                an option has a value that cannot work

Every message says what was wrong and, where there is one, what to do about it.
"""
from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of all newsweave errors."""


class InputError(NewsweaveError):
    """One input cannot be used; the rest of the batch goes on."""

    kind = "input"

    def __init__(self, source: str, reason: str, line: int | None = None) -> None:
        self.source = source
        self.reason = reason
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {reason}")

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


class UnsupportedInput(InputError):
    kind = "unsupported"


class DecodeError(InputError):
    kind = "undecodable"


class MalformedInput(InputError):
    kind = "malformed"


class StoryError(NewsweaveError):
    """One story's analysis or brief cannot be built (a bug newsweave met on its articles): the run saves the other
    stories; this one keeps what the store held for it and is built again by the next run."""

    def __init__(self, story: str, stage: str, cause: BaseException | str) -> None:
        self.story = story
        self.stage = stage
        self.reason = cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}"
        super().__init__(f"story {story}: building {stage} failed ({self.reason}); the other stories were saved and "
                         "this one keeps its last results; the next run tries it again (if it fails again, report it "
                         "with this message)")

    def __reduce__(self) -> tuple:
        # rebuilt from its fields where it is unpickled (a brief built in a worker process returns it)
        return (StoryError, (self.story, self.stage, self.reason))


class StoreError(NewsweaveError):
    """The store cannot be opened, migrated or written."""


class OutputError(NewsweaveError):
    """An output file cannot be written; the file it would replace is left as it was."""


class ConfigError(NewsweaveError):
    """An option has a value that cannot work."""


class NotFetched(InputError):
    """A feed entry that only links to its article: newsweave never fetches URLs by itself."""

    kind = "not fetched"


def _rebuild(cls: type, source: str, reason: str, line: int | None) -> InputError:
    return cls(source, reason, line)


def _reduce(self: InputError) -> tuple:
    return (_rebuild, (type(self), self.source, self.reason, self.line))


# InputErrors travel between worker processes; pickle them by their fields, not their message.
InputError.__reduce__ = _reduce  # type: ignore[method-assign,assignment]
