"""Local web app and HTTP API over a newsweave store (``newsweave serve``)."""
from .app import create_app
from .guard import LOOPBACK_HOSTS, TOKEN_CHARACTERS, is_loopback

__all__ = ["create_app", "is_loopback", "serve"]


def serve(db: str, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Serve the store at ``db`` until interrupted. A token is required when ``host`` is not a loopback address."""
    import uvicorn

    from ..errors import ConfigError

    loopback = is_loopback(host)
    if not loopback and not token:
        raise ConfigError(f"serving on {host} exposes the store to the network; give a token with --token or NEWSWEAVE_TOKEN, "
                          "or bind to 127.0.0.1")
    if token is not None and not TOKEN_CHARACTERS.fullmatch(token):
        raise ConfigError("use only letters, digits and - . _ ~ in the token (it travels in addresses and cookies as it is)")
    # on loopback only loopback Host names are answered (no DNS rebinding); elsewhere the token guards every request
    app = create_app(db, token=token, allowed_hosts=LOOPBACK_HOSTS | {host.strip("[]")} if loopback else None)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, h11_max_incomplete_event_size=16 * 1024)
