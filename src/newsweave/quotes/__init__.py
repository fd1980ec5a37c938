"""Quote extraction and speaker attribution.

:func:`find_quotes` finds direct quotes (every common quotation-mark style, multi-paragraph and
partial quotes, but not scare quotes or nicknames) and indirect speech, each with its speaker;
:func:`group_quotes` marks the same quote across articles with one ``group`` id.
"""
from .find import Quote, find_quotes
from .group import group_quotes, same_quote

__all__ = ["Quote", "find_quotes", "group_quotes", "same_quote"]
