"""Which addresses the watcher may connect to: a host name is resolved once, and every address it resolves to
must be public (not private, loopback, link-local, multicast, reserved or unspecified) unless private ones are
allowed. The connection then goes to the address checked, so a second lookup cannot lead elsewhere."""
from __future__ import annotations

import ipaddress
import socket
from typing import Callable

Resolver = Callable[..., list]


class AddressRefused(Exception):
    """The host cannot be connected to: it does not resolve, or resolves to an address that is not public."""


def is_public(address: str) -> bool:
    """Whether ``address`` (IPv4 or IPv6 text) is a global unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local
                                 or ip.is_private or ip.is_unspecified)


def check_host(host: str, port: int, allow_private: bool, resolve: Resolver = socket.getaddrinfo) -> str:
    """The address to connect to for ``host``: its first resolved address, when every one it resolves to may be
    used. Raises :class:`AddressRefused` saying why not."""
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise AddressRefused(f"cannot resolve host {host!r} ({exc})") from None
    addresses = [info[4][0] for info in found]
    if not addresses:
        raise AddressRefused(f"host {host!r} resolves to no address")
    if not allow_private:
        closed = [a for a in addresses if not is_public(a)]
        if closed:
            raise AddressRefused(f"host {host!r} resolves to {closed[0]}, a private, loopback, link-local or reserved "
                                 f"address; refused (allow it with --allow-private or watch.allow_private = true)")
    return addresses[0]
