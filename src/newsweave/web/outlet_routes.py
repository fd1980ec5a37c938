"""The routes of the outlet pages (``/outlets``, ``/outlets/{name}``, ``/blindspots``) and their JSON twins under
``/api``; :func:`add_outlet_routes` wires them into the app (:mod:`newsweave.web.app`)."""
from __future__ import annotations

from typing import Any, Callable

from fastapi import FastAPI, HTTPException
from fastapi.responses import HTMLResponse

from ..outlets import OutletDirectory
from ..record import Article
from ..store import Store
from .outlet_coverage import story_outlets_section
from .outlet_pages import blindspots_page, outlet_page, outlets_page
from .outlet_stats import corpus_view, outlet_detail


def story_outlets_block(store: Store, articles: list[Article]) -> str:
    """The story page's outlets block (headlines side by side, coverage by group, blindspot flag) for its articles."""
    return story_outlets_section(articles, OutletDirectory(store.outlet_records()))


def add_outlet_routes(app: FastAPI, store: Callable[[], Store]) -> None:
    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets() -> str:
        return outlets_page(corpus_view(store()))

    @app.get("/outlets/{name:anypath}", response_class=HTMLResponse, include_in_schema=False)
    def one_outlet(name: str) -> str:
        opened = store()
        view = corpus_view(opened)
        detail = outlet_detail(opened, view, name)
        if detail is None:
            raise HTTPException(404, f"no outlet {name!r} in this store; the outlets are listed at /outlets")
        return outlet_page(view, detail)

    @app.get("/blindspots", response_class=HTMLResponse, include_in_schema=False)
    def blindspot_list() -> str:
        return blindspots_page(corpus_view(store()))

    @app.get("/api/outlets/records", summary="The loaded outlets file's records (labels with their sources); newsweave ships none")
    def api_outlet_records() -> list[dict[str, Any]]:
        return store().outlet_records()
