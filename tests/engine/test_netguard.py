import socket

import pytest

from engine import netguard


def test_blocked_region_refuses_and_records_a_connection():
    with netguard.watch(block=True) as attempts:
        with pytest.raises(netguard.NetworkAttempt), socket.socket() as sock:
            sock.connect(("127.0.0.1", 9))
    assert len(attempts) == 1 and "socket.connect" in attempts[0]


def test_watching_records_dns_lookups_without_blocking():
    with netguard.watch() as attempts:
        try:
            socket.getaddrinfo("localhost", 80)
        except OSError:
            pass
    assert any("getaddrinfo" in a for a in attempts)


def test_nothing_is_recorded_outside_a_watched_region():
    with netguard.watch() as attempts:
        pass
    socket.getaddrinfo("localhost", 80)
    assert attempts == []
