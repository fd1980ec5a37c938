"""Fetching over HTTP for ``newsweave watch``, politely and safely: :class:`Fetcher` (one request at a time per
host with a delay, robots.txt, timeouts, a size cap, retries with back-off, limited redirects, public addresses
only unless allowed), the sources a user names (:mod:`.sources`) and the entries of a fetched feed or sitemap
(:mod:`.feeds`). Nothing here touches the store: the watch rounds (:mod:`newsweave.watch`) hand state in and out.
"""
from .addresses import AddressRefused, check_host
from .feeds import Entry, FeedError, read_entries, read_sitemap_index, unpacked
from .http import Fetcher, FetchFault, Response, user_agent
from .sources import read_sources

__all__ = ["AddressRefused", "check_host", "Entry", "FeedError", "read_entries", "read_sitemap_index", "unpacked", "Fetcher", "FetchFault", "Response",
           "user_agent", "read_sources"]
