"""The Redis transport publishes through one client per channel instead of building one per
message (core.broker); messages still arrive."""

import socket
import uuid

import pytest
from kombu import Connection

from xiaoneng.core import broker

URL = "redis://127.0.0.1:6379/15"


def _redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="需要本机 Redis")
def test_a_channel_builds_one_client_for_all_its_messages(monkeypatch):
    built = []
    create = broker.Channel._create_client
    monkeypatch.setattr(broker.Channel, "_create_client", lambda self, asynchronous=False: built.append(asynchronous) or create(self, asynchronous))
    queue = f"xiaoneng-test-{uuid.uuid4().hex}"
    with Connection(URL, transport="xiaoneng.core.broker:Transport") as conn:
        channel = conn.default_channel
        channel.queue_declare(queue)
        before = built.count(False)
        for n in range(5):
            channel._put(queue, {"body": str(n)})
        assert built.count(False) - before <= 1  # Kombu's own builds one per message
        assert channel._size(queue) == 5
        channel.queue_purge(queue)
        assert channel._size(queue) == 0
