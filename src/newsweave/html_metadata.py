"""Page metadata (title, site name, date, canonical URL) of a parsed HTML page, with trafilatura's own steps for the
four fields newsweave keeps."""
from __future__ import annotations

from typing import Any


def page_metadata(tree: Any, url: str | None, with_date: bool = True) -> dict[str, Any] | None:
    """Title, site name, date and canonical URL of a parsed page, as ``bare_extraction(with_metadata=True)`` finds them.

    trafilatura's ``extract_metadata`` also looks for authors (on a deep copy of the page), categories,
    tags and a licence, which newsweave does not keep: about half of its time on WCXB's pages. These are its steps
    for the four fields kept, in its order, on the same tree (none of them changes it); the date
    (htmldate, the slowest of the four) only ``with_date``. ``None`` where trafilatura's layout is not
    the one these steps were written for: the caller then asks trafilatura for its metadata.
    """
    try:
        from htmldate import find_date
        from trafilatura.metadata import (
            META_URL, examine_meta, extract_meta_json, extract_sitename, extract_title, extract_url,
        )
        from trafilatura.settings import DEFAULT_CONFIG, set_date_params
    except ImportError:
        return None
    try:
        found = examine_meta(tree)
        if found.author and " " not in found.author:
            found.author = None  # as trafilatura does before reading JSON-LD
        try:
            found = extract_meta_json(tree, found)
        except Exception:  # trafilatura's JSON-LD reader failing: it goes on without
            pass
        if not found.title:
            found.title = extract_title(tree)
        if not found.url:
            found.url = extract_url(tree, url)
        if with_date:
            params = set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))
            params["url"] = found.url
            found.date = find_date(tree, **params)
        if not found.sitename:
            found.sitename = extract_sitename(tree)
        if found.sitename:
            found.sitename = found.sitename.lstrip("@")
            if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
                found.sitename = found.sitename.title()
        elif found.url:
            match = META_URL.match(found.url)
            if match:
                found.sitename = match[1]
        found.clean_and_trim()
    except AttributeError:  # another Document or helper layout
        return None
    return {"title": found.title, "sitename": found.sitename, "date": found.date, "url": found.url}


def full_metadata(tree: Any, url: str | None, with_date: bool) -> dict[str, Any]:
    """trafilatura's own metadata pass (authors, categories and the rest included): where :func:`page_metadata` cannot run."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import DEFAULT_CONFIG, set_date_params

    found = extract_metadata(tree, url, set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH")))
    return {"title": found.title, "sitename": found.sitename, "date": found.date if with_date else None, "url": found.url}


NO_METADATA = {"title": None, "sitename": None, "date": None, "url": None}
