#!/usr/bin/env python3
"""DATA-to-250 latency probe for the intake benchmark.

One SMTP session over one persistent connection, sending messages one after
the other with smtplib at the low level (MAIL, RCPT, DATA, then the body), and
timing only the last step: from sending the final CRLF.CRLF to receiving the
server's reply line. It runs alongside the load generator and stops when told
to (an Event, or SIGTERM/SIGINT when run standalone) or after max_messages.

Standalone use (prints a JSON summary):
    latency_probe.py --port 2525 --count 300 --size 5120
"""

from __future__ import annotations

import argparse
import json
import signal
import smtplib
import socket
import sys
import threading
import time


def build_body(size: int, seq: int, sender: str, recipient: str) -> bytes:
    """A message of about `size` bytes, CRLF lines, no line starting with a dot,
    without the final CRLF (the probe sends CRLF.CRLF itself, under the clock)."""
    head = (
        f"From: <{sender}>\r\n"
        f"To: <{recipient}>\r\n"
        f"Subject: steadymail intake benchmark latency probe {seq}\r\n"
        f"Message-ID: <probe-{seq}-{time.time_ns()}@bench.test>\r\n"
        "\r\n"
    ).encode()
    lines = []
    remaining = max(0, size - len(head))
    line = b"x" * 76
    while remaining > 0:
        chunk = line[: max(1, remaining - 2)]
        lines.append(chunk)
        remaining -= len(chunk) + 2
    return head + b"\r\n".join(lines)


def percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return None
    import math

    rank = max(1, math.ceil(p / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarize(samples_s: list[float]) -> dict:
    ms = sorted(s * 1000.0 for s in samples_s)
    out = {"n": len(ms)}
    for name, p in (("p50_ms", 50), ("p90_ms", 90), ("p99_ms", 99)):
        v = percentile(ms, p)
        out[name] = round(v, 3) if v is not None else None
    out["max_ms"] = round(ms[-1], 3) if ms else None
    out["mean_ms"] = round(sum(ms) / len(ms), 3) if ms else None
    return out


class LatencyProbe:
    def __init__(
        self,
        host: str,
        port: int,
        size: int = 5120,
        max_messages: int = 5000,
        interval_s: float = 0.01,
        sender: str = "from@bench.test",
        recipient: str = "to@bench.test",
        timeout_s: float = 60.0,
    ):
        self.host, self.port, self.size = host, port, size
        self.max_messages, self.interval_s = max_messages, interval_s
        self.sender, self.recipient, self.timeout_s = sender, recipient, timeout_s
        self.samples: list[float] = []  # seconds, 250-accepted messages only
        self.accepted = 0
        self.rejected: list[str] = []
        self.error: str | None = None
        self.ready = threading.Event()
        self.go = threading.Event()
        self.stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- thread plumbing -------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="latency-probe", daemon=True)
        self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        if self._thread:
            self._thread.join(timeout)

    # -- the probe --------------------------------------------------------
    def _expect(self, smtp: smtplib.SMTP, cmd: str, ok: tuple[int, ...]) -> None:
        code, msg = smtp.docmd(cmd)
        if code not in ok:
            raise RuntimeError(f"{cmd.split(':')[0]} answered {code} {msg!r}")

    def run(self) -> None:
        smtp = None
        try:
            smtp = smtplib.SMTP(timeout=self.timeout_s)
            smtp.connect(self.host, self.port)
            # Without TCP_NODELAY the small final CRLF.CRLF write waits for the
            # ACK of the body (Nagle) which the server delays by ~40 ms: the
            # probe would measure the kernel, not the server.
            smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            code, msg = smtp.ehlo("probe.bench.test")
            if code != 250:
                raise RuntimeError(f"EHLO answered {code} {msg!r}")
            self.ready.set()
            self.go.wait()
            seq = 0
            while not self.stop.is_set() and seq < self.max_messages:
                seq += 1
                body = build_body(self.size, seq, self.sender, self.recipient)
                self._expect(smtp, f"MAIL FROM:<{self.sender}>", (250,))
                self._expect(smtp, f"RCPT TO:<{self.recipient}>", (250, 251))
                self._expect(smtp, "DATA", (354,))
                smtp.send(body)  # whole body except the final CRLF.CRLF
                t0 = time.perf_counter()
                smtp.send(b"\r\n.\r\n")
                code, msg = smtp.getreply()
                t1 = time.perf_counter()
                if code == 250:
                    self.accepted += 1
                    self.samples.append(t1 - t0)
                else:
                    self.rejected.append(f"{code} {msg.decode(errors='replace')}")
                    if len(self.rejected) > 20:
                        raise RuntimeError(f"too many rejections, last: {self.rejected[-1]}")
                    smtp.docmd("RSET")
                if self.interval_s > 0:
                    self.stop.wait(self.interval_s)
            try:
                smtp.docmd("QUIT")
            except Exception:
                pass
        except Exception as exc:  # reported by the caller
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            self.ready.set()
            if smtp is not None:
                try:
                    smtp.close()
                except Exception:
                    pass

    def result(self) -> dict:
        out = summarize(self.samples)
        out.update(
            {
                "accepted": self.accepted,
                "rejected": len(self.rejected),
                "rejections_sample": self.rejected[:5],
                "interval_ms": round(self.interval_s * 1000, 3),
                "error": self.error,
            }
        )
        return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--size", type=int, default=5120)
    ap.add_argument("--interval-ms", type=float, default=0.0)
    args = ap.parse_args()
    probe = LatencyProbe(args.host, args.port, args.size, args.count, args.interval_ms / 1000.0)
    signal.signal(signal.SIGTERM, lambda *_: probe.stop.set())
    signal.signal(signal.SIGINT, lambda *_: probe.stop.set())
    probe.go.set()
    probe.start()
    while probe._thread and probe._thread.is_alive():
        probe.join(0.2)
    json.dump(probe.result(), sys.stdout, indent=2)
    print()
    return 0 if probe.error is None else 1


if __name__ == "__main__":
    sys.exit(main())
