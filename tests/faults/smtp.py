"""A real SMTP server (aiosmtpd, in a thread) that counts what it accepts, by
Message-ID, and can be slow, stall once, drop the connection or refuse an address."""

import asyncio
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Faults:
    """What the server does wrong. Messages are numbered from 1 in the order the
    server accepts them; a message counts as delivered once accepted, before the
    server answers, so that an answer that never arrives (a drop, a killed client)
    leaves a delivered message its sender does not know about: the worst case."""

    delay: float = 0.0  # seconds before answering each message
    stall: dict[int, float] = field(default_factory=dict)  # message -> seconds
    drop_after: set[int] = field(default_factory=set)  # accept, then hang up
    refuse: set[str] = field(default_factory=set)  # 550 to these recipients


HEADERS = BytesHeaderParser()


class Sink:
    """The aiosmtpd handler."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self.lock = threading.Lock()
        self.received: list[str] = []  # Message-IDs, in order, copies included
        self.recipients: dict[str, str] = {}  # Message-ID -> To
        self.senders: list[str] = []  # the name each message's sender greeted with
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.faults.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # The headers alone: parsing each body too would make the sink, not the
        # sender, what a benchmark measures.
        message = HEADERS.parsebytes(envelope.original_content or envelope.content)
        with self.lock:
            self.received.append(message["Message-ID"])
            self.recipients[message["Message-ID"]] = envelope.rcpt_tos[0]
            self.senders.append(session.host_name)
            number = len(self.received)
        wait = self.faults.stall.get(number, self.faults.delay)
        if wait:
            await asyncio.sleep(wait)
        if number in self.faults.drop_after:
            server.transport.close()
        return "250 OK"

    # What the sink saw.

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def unique(self) -> set[str]:
        with self.lock:
            return set(self.received)

    def duplicates(self) -> int:
        with self.lock:
            return sum(n - 1 for n in Counter(self.received).values())


class SmtpServer:
    """The sink listening on a free port of 127.0.0.1 until ``stop``."""

    def __init__(self, faults: Faults | None = None) -> None:
        self.sink = Sink(faults or Faults())
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float) -> bool:
        """Until ``count`` distinct messages have arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.sink.unique()) >= count:
                return True
            time.sleep(0.05)
        return False
