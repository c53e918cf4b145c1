"""Issue 4 (part): a recipient still undelivered after `delivery.delay_warning` gets a `delayed` event, and its SMTP
sender one RFC 3464 delay notice (Action: delayed), once."""

from __future__ import annotations

import smtplib
import time

import pytest

from conftest import send_one
from delivery_support import delivery_overrides, dsn_problems, msg_bytes, rows_by_recipient, wait_until


@pytest.mark.timeout(120)
def test_delay_warning_once_with_delayed_event_and_dsn(server_factory, relay_sinks):
    sink = relay_sinks("a")
    slow, fast = "slow@example.org", "fast@example.org"
    sink.rcpt_replies[slow] = "451 4.2.0 <slow@example.org>: mailbox busy, try again later"
    server = server_factory(**delivery_overrides([sink.relay_config()], delay_warning="3s", retry_max="1s"))
    sender = "sender@example.com"
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        s.ehlo("delay.e2e.test")
        qid = send_one(s, sender, [slow, fast], msg_bytes("<delay-1@e2e.test>", sender=sender, to=slow, subject="d"))

    def notices():
        return [r for r in sink.messages() if r.is_dsn]

    started = time.monotonic()
    found = wait_until(lambda: notices() or None, 30, what="a delay notice")
    assert found, f"no delay notice reached the sink; received {[(r.mail_from, r.rcpts) for r in sink.messages()]}"
    assert time.monotonic() - started >= 2, "the delay notice came before delivery.delay_warning passed"
    notice = found[0]
    assert notice.rcpts == [sender], notice.rcpts
    assert not dsn_problems(notice), dsn_problems(notice)
    assert "Delayed Mail" in (notice.header("Subject") or ""), notice.header("Subject")
    body = notice.data.decode(errors="replace")
    assert "Action: delayed" in body and "Final-Recipient: rfc822; slow@example.org" in body, body[:2000]
    assert "Status: 4.2.0" in body and "Will-Retry-Until:" in body, body[:2000]
    assert "fast@example.org" not in body.split("message/delivery-status", 1)[1].split("text/rfc822-headers")[0], \
        "the delivered recipient is reported as delayed"

    # Several more retries and warning checks pass: still exactly one notice, one `delayed` event.
    time.sleep(5)
    assert len(notices()) == 1, f"{len(notices())} delay notices, want exactly 1"
    rows = rows_by_recipient(server)
    assert rows[slow]["state"] in ("deferred", "in_flight", "queued"), rows[slow]
    assert rows[fast]["state"] == "delivered", rows[fast]
    events = server.message(qid)["events"]
    delayed = [e for e in events if e.get("note") == "delayed"]
    assert [e.get("recipient") for e in delayed] == [slow], events

    # Delivered later, without another notice.
    sink.rcpt_replies.clear()
    server.cli("queue", "retry", "--id", qid)
    assert wait_until(lambda: rows_by_recipient(server)[slow]["state"] == "delivered" or None, 30)
    time.sleep(1)
    assert len(notices()) == 1
