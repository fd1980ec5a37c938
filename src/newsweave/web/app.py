"""The web app and HTTP API over a newsweave store: FastAPI, read-only, no external assets.

Pages (``/``, ``/stories/{id}``, ``/articles/{id}``, ``/entities/{id}``) are rendered on the server
by :mod:`newsweave.web.pages`; the JSON API lives under ``/api`` with its OpenAPI document at
``/api/openapi.json``. Every request reads through a read-only store (:func:`newsweave.store.open_store`, a
path or a URL) of its own thread, using only the :class:`~newsweave.store.Store` interface.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any, AsyncIterator, Literal, Optional

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel
from starlette.convertors import Convertor, register_url_convertor
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..version import __version__
from ..brief.render_html import CSS, esc
from ..store import Store, open_store
from ..store.base import StoryQuery
from . import changes_view, pages
from .downloads import story_file
from .guard import LOOPBACK_HOSTS, Guard
from .outlet_routes import add_outlet_routes, story_outlets_block
from .not_found import error_body

DATE = r"^\d{4}-\d{2}-\d{2}$"


class AnyPath(Convertor):
    """A path parameter holding any characters, slashes and line breaks included (Starlette's ``path`` stops at a
    line break, so an article whose id has one could not be opened)."""

    regex = r"[\s\S]*"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return str(value)


register_url_convertor("anypath", AnyPath())
MAX_ENTITY_ARTICLES = 200  # articles listed on an entity page


class StoryRow(BaseModel):
    id: str
    title: Optional[str] = None
    articles: list[str]
    outlets: list[str]
    independent_sources: int
    first_published: Optional[str] = None
    last_published: Optional[str] = None


class StoryList(BaseModel):
    total: int
    limit: int
    offset: int
    stories: list[StoryRow]


class StoryDetail(BaseModel):
    story: StoryRow
    brief: Optional[dict[str, Any]] = None


class EntityRow(BaseModel):
    id: str
    name: str
    type: Optional[str] = None
    mentions: int


class ReadOnlyStores:
    """One read-only store per thread (a store's connection is not shared between threads)."""

    def __init__(self, db: str | Path) -> None:
        self.db = str(db)
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        open_store(self.db, read_only=True).close()  # fail now, with the store's message, if it cannot be read

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db, read_only=True)
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                store.close()
            self._opened.clear()


def _query(q: str | None, entity: str | None, outlet: str | None, since: str | None, until: str | None,
           sort: str, limit: int, offset: int) -> StoryQuery:
    return StoryQuery(text=q or None, entity=entity or None, outlet=outlet or None, since=since or None, until=until or None,
                      sort=sort, limit=limit, offset=offset)  # type: ignore[arg-type]


def create_app(db: str | Path, token: str | None = None, allowed_hosts: frozenset[str] | None = LOOPBACK_HOSTS) -> Any:
    """The ASGI app for the store at ``db``; see :class:`~newsweave.web.guard.Guard` for ``token`` and ``allowed_hosts``."""
    stores = ReadOnlyStores(db)
    static = files(__package__).joinpath("static")
    stylesheet = CSS + "".join(static.joinpath(name).read_text(encoding="utf-8") for name in ("web.css", "outlets.css"))
    icon = static.joinpath("favicon.svg").read_bytes()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    app = FastAPI(title="newsweave", version=__version__, openapi_url="/api/openapi.json", docs_url=None, redoc_url=None,
                  lifespan=lifespan, description="Read-only API over a newsweave store: stories, briefs, articles and entities.")

    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if is_api(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(pages.layout(*error_body(exc.status_code, exc.detail, request.url.path)), status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(x) for x in e.get('loc', ())[1:])}: {e.get('msg')}" for e in exc.errors()]
        if is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        items = "".join(f"<li>{esc(p)}</li>" for p in problems)
        return HTMLResponse(pages.layout("Bad request", f'<h1>Check the search</h1><ul>{items}</ul><p><a href="/">All stories</a></p>'),
                            status_code=422)

    # ---- pages -------------------------------------------------------------------------------------------------
    @app.get("/static/newsweave.css", include_in_schema=False)
    def css() -> Response:
        return Response(stylesheet, media_type="text/css", headers={"cache-control": "max-age=3600"})

    @app.get("/favicon.ico", include_in_schema=False)
    @app.get("/static/favicon.svg", include_in_schema=False)
    def favicon() -> Response:
        return Response(icon, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def story_list_page(q: str | None = Query(None, max_length=200), entity: str | None = Query(None, max_length=200),
                        outlet: str | None = Query(None, max_length=300), since: str | None = Query(None, pattern=DATE),
                        until: str | None = Query(None, pattern=DATE), sort: Literal["recent", "size"] = "recent",
                        offset: int = Query(0, ge=0, le=1_000_000),
                        updated_since: str | None = Query(None, pattern=changes_view.SINCE)) -> str:
        store = stores.get()
        query = _query(q, entity, outlet, since, until, sort, 50, offset)
        entities = store.find_entities(entity, limit=8) if entity else []
        updated = changes_view.updated_story_ids(store, updated_since)
        return pages.story_list_page(store.find_stories(query), query, store.outlets(), entities, updated)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(story_id: str, updated_since: str | None = Query(None, pattern=changes_view.SINCE)) -> str:
        store = stores.get()
        story = _found(store.get_story(story_id), "story", story_id)
        changes = changes_view.changes_section(store, story_id, updated_since)
        members = _members(store, story)
        return pages.story_page(story, store.get_brief(story_id), members, changes, outlet_groups=story_outlets_block(store, members))

    @app.get("/stories/{story_id}/download/{name}", include_in_schema=False)
    def story_download(story_id: str, name: str) -> Response:
        store = stores.get()
        found = story_file(_found(store.get_brief(story_id), "brief of a story", story_id), name, store)
        content, media, filename = _found(found, "download", name)
        return Response(content, media_type=media, headers={"content-disposition": f'attachment; filename="{filename}"'})

    @app.get("/articles/{article_id:anypath}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(article_id: str) -> str:
        store = stores.get()
        article = _found(store.get_article(article_id), "article", article_id)
        story_id = _story_of(store, article_id)
        return pages.article_page(article, store.get_analysis(article_id), store.get_story(story_id) if story_id else None)

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(entity_id: str) -> str:
        store = stores.get()
        entity = _found(store.get_entity(entity_id), "entity", entity_id)
        rows = entity["articles"][:MAX_ENTITY_ARTICLES]
        ids = [r["article"] for r in rows]
        written_as = {}
        for article_id in ids:
            analysis = store.get_analysis(article_id) or {}
            for e in analysis.get("entities") or []:
                if e.get("id") == entity_id:
                    written_as[article_id] = [m.get("text") for m in e.get("mentions") or []]
        stories = {s: store.get_story(s) for s in {r["story"] for r in rows if r["story"]}}
        return pages.entity_page(entity, store.article_meta(ids), {k: v for k, v in stories.items() if v}, written_as, shown=len(rows))

    # ---- API ---------------------------------------------------------------------------------------------------
    @app.get("/api/stories", response_model=StoryList, summary="Search and list stories")
    def api_stories(q: str | None = Query(None, max_length=200, description="words in an article's title or body"),
                    entity: str | None = Query(None, max_length=200, description="entity id, or part of a name"),
                    outlet: str | None = Query(None, max_length=300), since: str | None = Query(None, pattern=DATE),
                    until: str | None = Query(None, pattern=DATE), sort: Literal["recent", "size"] = "recent",
                    limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=1_000_000)) -> dict[str, Any]:
        page = stores.get().find_stories(_query(q, entity, outlet, since, until, sort, limit, offset))
        return {"total": page.total, "limit": limit, "offset": offset, "stories": page.stories}

    @app.get("/api/stories/{story_id}", response_model=StoryDetail, summary="One story and its brief",
             responses={404: {"description": "no such story"}})
    def api_story(story_id: str) -> dict[str, Any]:
        store = stores.get()
        return {"story": _found(store.get_story(story_id), "story", story_id), "brief": store.get_brief(story_id)}

    @app.get("/api/articles/{article_id:anypath}", summary="One article: raw input, cleaned paragraphs, removed spans, analysis",
             responses={404: {"description": "no such article"}})
    def api_article(article_id: str) -> dict[str, Any]:
        store = stores.get()
        article = _found(store.get_article(article_id), "article", article_id)
        return {"article": article.to_dict(), "story": _story_of(store, article_id), "analysis": store.get_analysis(article_id)}

    @app.get("/api/entities", response_model=list[EntityRow], summary="Entities whose name or a variant contains q")
    def api_entities(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=200)) -> list[dict[str, Any]]:
        return stores.get().find_entities(q, limit)

    @app.get("/api/entities/{entity_id}", summary="One entity: variants, merge evidence, articles",
             responses={404: {"description": "no such entity"}})
    def api_entity(entity_id: str) -> dict[str, Any]:
        return _found(stores.get().get_entity(entity_id), "entity", entity_id)

    @app.get("/api/changes", summary="What the watch rounds changed in each story since a time (the last round by default)")
    def api_changes(updated_since: str | None = Query(None, pattern=changes_view.SINCE,
                                                      description="ISO date or time (UTC), or a span back: 6h, 2d")) -> dict[str, Any]:
        return changes_view.changes_document(stores.get(), updated_since)

    @app.get("/api/outlets", response_model=list[str], summary="Every outlet in the store")
    def api_outlets() -> list[str]:
        return stores.get().outlets()

    add_outlet_routes(app, stores.get)  # /outlets, /outlets/{name}, /blindspots
    app.state.stores = stores
    return Guard(app, token=token, allowed_hosts=allowed_hosts)


def _found(value: Any, what: str, key: str) -> Any:
    """``value``, or a 404 naming what was looked for."""
    if value is None:
        raise HTTPException(404, f"no {what} with id {key!r} in this store; stories are listed at /")
    return value


def _story_of(store: Store, article_id: str) -> str | None:
    return store.story_membership([article_id]).get(article_id, (None, None))[0]


def _members(store: Store, story: dict[str, Any]) -> list:
    membership = store.story_membership(story["articles"])
    members = []
    for article_id in story["articles"]:
        article = store.get_article(article_id)
        if article is not None:
            copy_of = membership.get(article_id, (None, None))[1]
            if copy_of:
                article.extra["duplicate_of"] = copy_of
            members.append(article)
    return members
