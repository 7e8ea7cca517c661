"""Notice (and optionally refuse) any attempt to open a network connection from this process.

Uses a Python audit hook, so it sees every socket connect and DNS lookup made through Python,
including those of third-party libraries. Local Unix sockets are allowed: they never leave the
machine. Audit hooks cannot be removed, so one hook is installed once and switched by state.
"""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_WATCHED = {"socket.connect", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg"}


class NetworkAttempt(PermissionError):
    """Raised inside a blocked region when code tries to reach the network."""


class _Guard:
    def __init__(self) -> None:
        self.attempts: list[str] = []
        self.blocking = False
        self.recording = False
        self._lock = threading.Lock()
        self._installed = False

    def install(self) -> None:
        with self._lock:
            if not self._installed:
                sys.addaudithook(self._hook)
                self._installed = True

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if event not in _WATCHED or not (self.recording or self.blocking):
            return
        if event != "socket.getaddrinfo" and _is_local_socket(args[0]):
            return
        description = f"{event} {args[1:] if event != 'socket.getaddrinfo' else args[:2]}"
        self.attempts.append(description)
        if self.blocking:
            raise NetworkAttempt(f"CareQA never uses the network; refused {description}")


def _is_local_socket(sock: Any) -> bool:
    return getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object())


_guard = _Guard()


@contextmanager
def watch(*, block: bool = False) -> Iterator[list[str]]:
    """Record (and with block=True refuse) network attempts made inside the block."""
    _guard.install()
    start = len(_guard.attempts)
    previous = (_guard.recording, _guard.blocking)
    _guard.recording, _guard.blocking = True, block or _guard.blocking
    seen: list[str] = []
    try:
        yield seen
    finally:
        _guard.recording, _guard.blocking = previous
        seen.extend(_guard.attempts[start:])
