"""Local web app and HTTP API over a newsweave store (``newsweave serve``)."""
from .app import create_app
from .guard import LOOPBACK_HOSTS, is_loopback, token_problem

__all__ = ["check_token", "create_app", "is_loopback", "serve"]


def check_token(host: str, token: str | None) -> None:
    """Raise :class:`ConfigError` when ``token`` cannot guard a server on ``host`` (:func:`guard.token_problem`)."""
    from ..errors import ConfigError

    problem = token_problem(host, token)
    if problem is not None:
        raise ConfigError(problem)


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Serve the store at ``db`` until interrupted. Off a loopback address a strong token is required."""
    import uvicorn

    check_token(host, token)
    loopback = is_loopback(host)
    # on loopback only loopback Host names are answered (no DNS rebinding); elsewhere the token guards every request
    app = create_app(db, token=token, allowed_hosts=LOOPBACK_HOSTS | {host.strip("[]")} if loopback else None)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, h11_max_incomplete_event_size=16 * 1024)
