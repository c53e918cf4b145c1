"""Helpers for the delivery end-to-end tests (issue 3): configs, bulk injection, waits."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import threading
import time

from conftest import STATES, Server, send_one

# Every duration in seconds, as issue 3 asks of the end-to-end tests.
DELIVERY_DEFAULTS = {
    "concurrency": 20,
    "lease": "30s",
    "max_age": "5d",
    "retry_initial": "1s",
    "retry_factor": 2,
    "retry_max": "4s",
    "connect_timeout": "2s",
    "greeting_timeout": "3s",
    "command_timeout": "3s",
    "data_timeout": "3s",
    "final_dot_timeout": "3s",
    "connection_idle": "2s",
    "breaker_threshold": 3,
    "breaker_cooldown": "1s",
    "breaker_cooldown_max": "4s",
    "bulk_share": 0.2,
}

# Recovery pacing in seconds too (issue 4): a relay back from an outage ramps from 1 connection and 5 msg/s,
# doubling every second, unlimited after 4 s; the production defaults (30 s steps) would slow these tests down.
SHAPING_DEFAULTS = {
    "ramp_interval": "1s",
    "ramp_initial_connections": 1,
    "ramp_initial_rate": 5,
    "ramp_full_rate": 80,
    "throttle_min_rate": 0.5,
}

RELAY_FIELDS = ("name", "state", "weight", "priority_group", "open_connections", "sent", "deferred", "bounced",
                "failures", "last_error", "last_change", "pace", "connection_limit", "rate_limit", "throttles",
                "last_throttle")


def delivery_overrides(relays: list[dict], routes: list[dict] | None = None, shaping: dict | None = None,
                       destinations: list[dict] | None = None, **delivery) -> dict:
    """server_factory(**delivery_overrides([...])) : relays + delivery + shaping sections (+ routes, destinations)."""
    out = {"relays": relays, "delivery": {**DELIVERY_DEFAULTS, **delivery},
           "shaping": {**SHAPING_DEFAULTS, **(shaping or {})}}
    if routes:
        out["routes"] = routes
    if destinations:
        out["destinations"] = destinations
    return out


def deliver_by(seconds_ahead: float) -> str:
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds_ahead)
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def msg_bytes(mid: str, *, sender: str, to: str, subject: str, headers: dict | None = None,
              body: str = "hello from the delivery e2e tests\r\n") -> bytes:
    lines = [f"From: <{sender}>", f"To: <{to}>", f"Subject: {subject}", f"Message-ID: {mid}",
             "Date: Sun, 29 Nov 2026 10:00:00 +0000"]
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


class Injected:
    """One injected message: queue id, Message-ID, recipients, tag."""

    def __init__(self, qid: str, mid: str, rcpts: list[str], tag: str, index: int):
        self.qid, self.mid, self.rcpts, self.tag, self.index = qid, mid, rcpts, tag, index

    def __repr__(self):
        return f"<Injected {self.tag}#{self.index} {self.qid} {self.mid}>"


def inject(server: Server, n: int, *, tag: str, threads: int = 8, sender: str = "app@example.com",
           headers=None, body=None, rcpts=None, timeout: float = 240.0) -> list[Injected]:
    """Submits n messages over `threads` persistent smtplib sessions. Message i gets
    Message-ID <tag-i@e2e.test>, recipient tag-i@example.org unless rcpts(i) says otherwise,
    extra headers headers(i) (dict or None), body body(i). Returns them in index order; raises on error."""
    out: list[Injected | None] = [None] * n
    errors: list[str] = []

    def work(k: int):
        try:
            with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as s:
                s.ehlo(f"{tag}{k}.e2e.test")
                for i in range(k, n, threads):
                    mid = f"<{tag}-{i}@e2e.test>"
                    to = rcpts(i) if rcpts else [f"{tag}-{i}@example.org"]
                    data = msg_bytes(mid, sender=sender, to=to[0], subject=f"{tag} {i}",
                                     headers=headers(i) if headers else None,
                                     **({"body": body(i)} if body else {}))
                    qid = send_one(s, sender, to, data)
                    out[i] = Injected(qid, mid, to, tag, i)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(f"injector {k}: {e!r}")

    ts = [threading.Thread(target=work, args=(k,), daemon=True) for k in range(min(threads, n))]
    for t in ts:
        t.start()
    deadline = time.monotonic() + timeout
    for t in ts:
        t.join(max(0.1, deadline - time.monotonic()))
    assert not errors, f"injection failed: {errors[:3]}"
    missing = [i for i, x in enumerate(out) if x is None]
    assert not missing, f"{len(missing)} of {n} messages not injected within {timeout}s"
    return out  # type: ignore[return-value]


def states(server: Server) -> dict[str, int]:
    """Recipients per state, from `queue --json` (counts only: cheap also with thousands of rows;
    `queue list --json` of 2,000 rows was seen to fail on the control channel). Zero counts left out."""
    c = server.queue_counts()
    return {k: v for k, v in c.items() if k in STATES and v}


def rows_by_recipient(server: Server) -> dict[str, dict]:
    return {r["recipient"]: r for r in server.queue_list()}


def wait_until(fn, timeout: float, interval: float = 0.5, what: str = "condition"):
    """Polls fn() until it returns a truthy value (returned) or `timeout` passes (returns the last value)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fn()
        if last:
            return last
        time.sleep(interval)
    return fn()


def wait_states(server: Server, want: dict[str, int], timeout: float) -> dict[str, int]:
    """Waits until the queue holds at least want[state] rows in each given state; returns the counts."""
    res = wait_until(lambda: (lambda c: c if all(c.get(k, 0) >= v for k, v in want.items()) else None)(states(server)),
                     timeout)
    return res if isinstance(res, dict) else states(server)


def unique_mids(received) -> set[str]:
    return {r.message_id for r in received if r.message_id and not r.is_dsn}


LOG_KV = re.compile(r"\b(id|rcpt|relay|status)=(\S+)")


def delivery_log_lines(server: Server) -> list[dict]:
    """Every stderr line mentioning `delivery` with id=, rcpt=, relay=, status= parsed into a dict."""
    out = []
    for line in server.stderr_text().splitlines():
        if "delivery" not in line:
            continue
        kv = {k: v.strip('",;') for k, v in LOG_KV.findall(line)}
        if {"id", "rcpt", "relay", "status"} <= kv.keys():
            kv["line"] = line
            out.append(kv)
    return out


def dsn_final_recipients(rec) -> set[str]:
    """Final-Recipient addresses of a DSN's message/delivery-status part(s)."""
    text = rec.data.decode("utf-8", "replace")
    return {m.lower() for m in re.findall(r"(?im)^Final-Recipient:\s*rfc822\s*;\s*<?([^\s>]+)>?", text)}


def dsn_problems(rec) -> list[str]:
    """Why `rec` is not an RFC 3464 DSN (empty list when it is one)."""
    problems = []
    if rec.mail_from not in ("", "<>"):
        problems.append(f"envelope from is <{rec.mail_from}>, not <>")
    msg = rec.message()
    if msg.get_content_type() != "multipart/report":
        problems.append(f"Content-Type is {msg.get_content_type()}, not multipart/report")
    elif str(msg.get_param("report-type", "")).lower() != "delivery-status":
        problems.append(f"report-type is {msg.get_param('report-type')!r}, not delivery-status")
    else:
        types = [p.get_content_type() for p in msg.walk()]
        if "message/delivery-status" not in types:
            problems.append(f"no message/delivery-status part (parts: {types})")
    return problems
