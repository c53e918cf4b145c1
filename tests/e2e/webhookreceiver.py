"""A local webhook receiver for the end-to-end tests: a python http.server in a thread on 127.0.0.1.

Modes: `up` (answers 200 on /hook), `unavailable` (answers 503 to everything), `down` (not listening: connecting
gets ECONNREFUSED). Paths: /hook accepts; /start answers 307 to /hook (when up); /found answers 302 to /hook.
Every request is recorded with its path, headers, body and the status it got.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import free_port


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int
    at: float

    @property
    def event(self) -> dict:
        return json.loads(self.body)


def signature_ok(secret: str, d: Delivery, skew: float = 300.0) -> bool:
    """The check docs/webhooks.md tells receivers to make."""
    timestamp = d.headers.get("X-Steadymail-Timestamp", "")
    signature = d.headers.get("X-Steadymail-Signature", "")
    if not timestamp.isdigit() or not signature.startswith("v1="):
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + d.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(signature[3:], expected) and abs(time.time() - int(timestamp)) <= skew


class WebhookReceiver:
    def __init__(self):
        self.port = free_port()
        self.mode = "up"
        self.requests: list[Delivery] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def url(self, path: str = "/hook", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    # --- modes -----------------------------------------------------------------------------------
    def up(self) -> "WebhookReceiver":
        self.mode = "up"
        self._listen()
        return self

    def unavailable(self) -> "WebhookReceiver":
        self.mode = "unavailable"
        self._listen()
        return self

    def down(self) -> "WebhookReceiver":
        self.mode = "down"
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        return self

    def close(self) -> None:
        self.down()

    # --- what arrived ----------------------------------------------------------------------------
    def all(self) -> list[Delivery]:
        with self._lock:
            return list(self.requests)

    def accepted(self) -> list[Delivery]:
        return [d for d in self.all() if 200 <= d.status < 300]

    def statuses(self) -> list[int]:
        return [d.status for d in self.all()]

    # --- internals -------------------------------------------------------------------------------
    def _record(self, d: Delivery) -> None:
        with self._lock:
            self.requests.append(d)

    def _listen(self) -> None:
        if self._server is not None:
            return
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server naming
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                status, location = receiver._answer(self.path)
                receiver._record(Delivery(self.path, dict(self.headers.items()), body, status, time.monotonic()))
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        last: Exception | None = None
        for _ in range(100):  # the port may linger briefly after a close: retry, bounded
            try:
                self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
                break
            except OSError as e:
                last = e
                time.sleep(0.05)
        if self._server is None:
            raise RuntimeError(f"webhook receiver cannot bind 127.0.0.1:{self.port}: {last}")
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="webhook-receiver", daemon=True)
        self._thread.start()

    def _answer(self, path: str) -> tuple[int, str | None]:
        if self.mode != "up":
            return 503, None
        if path == "/start":
            return 307, "/hook"
        if path == "/found":
            return 302, "/hook"
        if path == "/hook":
            return 200, None
        return 404, None
