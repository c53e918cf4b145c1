"""A controllable relay sink for the delivery end-to-end tests, built on aiosmtpd.

Each `RelaySink` runs aiosmtpd's SMTP protocol on its own asyncio loop in a background thread,
listening on 127.0.0.1:<port>. The listening socket is owned by the sink (not aiosmtpd's
Controller) so that it can stop listening and listen again *on the same port* at runtime:
`refuse()` closes the listener and aborts every open connection (a relay that went down:
connection refused), `accept()` re-binds the same port (SO_REUSEADDR, bounded retries).

Behaviours, switchable at any time from the test thread (they apply to the next command):
  sink.accept()                    normal: 250 everywhere, message recorded
  sink.refuse()                    stop listening; open connections are aborted
  sink.greeting_421 = True         answer "421 4.3.2" instead of 220 and close
  sink.mail_421 = True             answer "421 4.3.2" to MAIL FROM and close
  sink.mail_reply = "421 4.7.0 rate limited"   any reply to MAIL FROM (a 421 closes the connection)
  sink.rcpt_replies[addr] = "550 5.1.1 ..."   per-recipient RCPT reply (451/550/...)
  sink.rcpt_domain_replies[domain] = "451 4.7.0 rate limited"   RCPT reply for every address at a domain
  sink.stall_data = 10.0           sleep that long after the final dot before answering
  sink.drop_marker = b"POISON"     abort the TCP connection in the middle of DATA when the
                                   message content contains the marker (before the final dot
                                   is processed: the sink never answers and records nothing)
Records: `sink.received` is a list of `Received` (sink name, envelope from, rcpts, raw data,
Message-ID, monotonic arrival time, global arrival sequence number).
Counters: `sink.counters` (connections, refused_by_421, dropped_mid_data, stalled, messages,
rcpt_rejected, mail_replied). Concurrency: `sink.max_concurrent` maps each recipient domain to the most
transactions carrying it that were in DATA (from the DATA command to the final reply) at once.

Helpers: `wait_for_messages(sinks, n, timeout)` waits (bounded) until at least n messages have
arrived across `sinks`; `all_received(sinks)` merges the records in arrival order.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import itertools
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.smtp import SMTP, Envelope, Session

_seq = itertools.count(1)
_seq_lock = threading.Lock()


def _next_seq() -> int:
    with _seq_lock:
        return next(_seq)


@dataclass
class Received:
    sink: str
    mail_from: str
    rcpts: list[str]
    data: bytes
    message_id: str | None
    at: float
    seq: int

    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)

    @property
    def is_dsn(self) -> bool:
        head = self.data.split(b"\r\n\r\n", 1)[0].lower()
        return self.mail_from in ("", "<>") and b"multipart/report" in head

    def header(self, name: str) -> str | None:
        v = self.message().get(name)
        return str(v) if v is not None else None


def message_id_of(data: bytes) -> str | None:
    """The top-level Message-ID (not one quoted in a DSN's attached headers)."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0]
    msg = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32)
    v = msg.get("Message-ID")
    return v.strip() if v else None


class _Handler:
    def __init__(self, sink: "RelaySink"):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server: SMTP, session: Session, envelope: Envelope, address, mail_options):
        reply = self.sink.mail_reply
        if reply:
            self.sink._count("mail_replied")
            if reply.startswith("421"):
                asyncio.get_running_loop().call_later(0.05, server.transport.close)
            return reply
        if self.sink.mail_421:
            self.sink._count("refused_by_421")
            asyncio.get_running_loop().call_later(0.05, server.transport.close)
            return "421 4.3.2 sink says: service not available"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.sink.rcpt_replies.get(address.lower())
        if not reply:
            reply = self.sink.rcpt_domain_replies.get(address.rsplit("@", 1)[-1].lower())
        if reply:
            self.sink._count("rcpt_rejected")
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        domains = {r.rsplit("@", 1)[-1].lower() for r in envelope.rcpt_tos}
        self.sink._enter(domains)
        try:
            stall = self.sink.stall_data
            if stall:
                self.sink._count("stalled")
                await asyncio.sleep(stall)
        finally:
            self.sink._leave(domains)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        rec = Received(sink=self.sink.name, mail_from=envelope.mail_from or "", rcpts=list(envelope.rcpt_tos),
                       data=data, message_id=message_id_of(data), at=time.monotonic(), seq=_next_seq())
        with self.sink._lock:
            self.sink.received.append(rec)
            self.sink.counters["messages"] += 1
        return "250 2.0.0 OK: sink " + self.sink.name


class _SinkSMTP(SMTP):
    """aiosmtpd's SMTP with a hook on raw bytes: drops the connection mid-DATA on a marker."""

    def __init__(self, handler, sink: "RelaySink", **kw):
        super().__init__(handler, **kw)
        self._sink = sink
        self._tail = b""

    def connection_made(self, transport):
        super().connection_made(transport)
        self._sink._conn_opened(self)

    def connection_lost(self, exc):
        self._sink._conn_closed(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        marker = self._sink.drop_marker
        if marker:
            window = self._tail + data
            if marker in window:
                self._sink._count("dropped_mid_data")
                self._tail = b""
                if self.transport is not None:
                    self.transport.abort()
                return
            self._tail = window[-len(marker):]
        super().data_received(data)


class _Greeting421(asyncio.Protocol):
    def connection_made(self, transport):
        transport.write(b"421 4.3.2 sink says: try again later\r\n")
        transport.close()


class RelaySink:
    def __init__(self, name: str, port: int | None = None):
        self.name = name
        self.port = port or _free_port()
        self.received: list[Received] = []
        self.rcpt_replies: dict[str, str] = {}
        self.rcpt_domain_replies: dict[str, str] = {}
        self.greeting_421 = False
        self.mail_421 = False
        self.mail_reply: str | None = None
        self.active: dict[str, int] = {}
        self.max_concurrent: dict[str, int] = {}
        self.stall_data: float = 0.0
        self.drop_marker: bytes | None = None
        self.counters = {"connections": 0, "refused_by_421": 0, "dropped_mid_data": 0, "stalled": 0,
                         "messages": 0, "rcpt_rejected": 0, "mail_replied": 0}
        self._lock = threading.Lock()
        self._conns: set = set()
        self._server: asyncio.base_events.Server | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"sink-{name}", daemon=True)
        self._thread.start()
        self._handler = _Handler(self)

    # --- lifecycle ---------------------------------------------------------------------------
    def _run(self, coro, timeout: float = 15.0):
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def _factory(self):
        with self._lock:
            self.counters["connections"] += 1
        if self.greeting_421:
            self._count("refused_by_421")
            return _Greeting421()
        return _SinkSMTP(self._handler, self, hostname=f"sink-{self.name}.e2e.test", ident="relaysink",
                         data_size_limit=64 * 1024 * 1024, decode_data=False, timeout=60,
                         loop=self._loop)

    async def _listen(self):
        sock = None
        last: Exception | None = None
        for _ in range(100):  # the port may sit in a short-lived state after an abort: retry, bounded
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                s.bind(("127.0.0.1", self.port))
                sock = s
                break
            except OSError as e:
                s.close()
                last = e
                await asyncio.sleep(0.05)
        if sock is None:
            raise RuntimeError(f"sink {self.name}: cannot bind 127.0.0.1:{self.port}: {last}")
        self._server = await self._loop.create_server(self._factory, sock=sock, backlog=256)

    async def _unlisten(self):
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for c in list(self._conns):
            if c.transport is not None:
                c.transport.abort()
        self._conns.clear()
        if server is not None:
            try:
                await asyncio.wait_for(server.wait_closed(), 5)
            except asyncio.TimeoutError:
                pass

    def start(self) -> "RelaySink":
        return self.accept()

    def accept(self) -> "RelaySink":
        """Listen (again) on the same port and answer normally."""
        self.greeting_421 = False
        self.mail_421 = False
        self.mail_reply = None
        if self._server is None:
            self._run(self._listen())
        return self

    def refuse(self) -> "RelaySink":
        """Stop listening (connect gets ECONNREFUSED) and abort every open connection."""
        self._run(self._unlisten())
        return self

    @property
    def listening(self) -> bool:
        return self._server is not None

    def close(self) -> None:
        try:
            self._run(self._unlisten(), timeout=5)
        except Exception:  # noqa: BLE001 - teardown
            pass
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    # --- bookkeeping -------------------------------------------------------------------------
    def _count(self, key: str) -> None:
        with self._lock:
            self.counters[key] = self.counters.get(key, 0) + 1

    def _enter(self, domains) -> None:
        with self._lock:
            for d in domains:
                self.active[d] = self.active.get(d, 0) + 1
                self.max_concurrent[d] = max(self.max_concurrent.get(d, 0), self.active[d])

    def _leave(self, domains) -> None:
        with self._lock:
            for d in domains:
                self.active[d] -= 1

    def _conn_opened(self, c) -> None:
        self._conns.add(c)

    def _conn_closed(self, c) -> None:
        self._conns.discard(c)

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def count(self) -> int:
        with self._lock:
            return len(self.received)

    def relay_config(self, **kw) -> dict:
        """A `relays:` entry for steadymail pointing at this sink."""
        cfg = {"name": self.name, "host": "127.0.0.1", "port": self.port, "tls": "none", "weight": 1,
               "max_connections": 10, "max_messages_per_connection": 100, "priority_group": 0}
        cfg.update(kw)
        return cfg

    def __repr__(self) -> str:
        return f"<RelaySink {self.name} 127.0.0.1:{self.port} listening={self.listening} {self.counters}>"


def _free_port() -> int:
    try:
        from conftest import free_port  # the suite's port allocator (never hands out a port twice)
        return free_port()
    except ImportError:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]


def all_received(sinks) -> list[Received]:
    out: list[Received] = []
    for s in sinks:
        out.extend(s.messages())
    out.sort(key=lambda r: r.seq)
    return out


def wait_for_messages(sinks, n: int, timeout: float, predicate=None, interval: float = 0.05) -> list[Received]:
    """Waits until at least `n` messages (matching `predicate`, if given) arrived across `sinks`,
    at most `timeout` seconds. Returns what arrived (in arrival order) either way; the caller asserts."""
    deadline = time.monotonic() + timeout
    while True:
        got = all_received(sinks)
        if predicate is not None:
            got = [r for r in got if predicate(r)]
        if len(got) >= n or time.monotonic() >= deadline:
            return got
        time.sleep(interval)


def wait_for_message_ids(sinks, mids, timeout: float, interval: float = 0.1) -> set[str]:
    """Waits until every Message-ID in `mids` arrived (as a non-DSN message) at one of `sinks`, at most
    `timeout` seconds. Duplicates do not count twice. Returns the ids still missing (empty: all arrived)."""
    want = set(mids)
    deadline = time.monotonic() + timeout
    while True:
        got = {r.message_id for r in all_received(sinks) if not r.is_dsn}
        missing = want - got
        if not missing or time.monotonic() >= deadline:
            return missing
        time.sleep(interval)
