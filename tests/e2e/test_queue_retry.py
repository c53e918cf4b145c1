"""Issue 4 (part): `steadymail queue retry [--id ID | --domain D]` makes deferred recipients due now."""

from __future__ import annotations

import time

import pytest

from delivery_support import delivery_overrides, inject, wait_states
from relaysink import wait_for_messages


@pytest.mark.timeout(120)
def test_queue_retry_delivers_deferred_mail_without_waiting_for_backoff(server_factory, relay_sinks):
    sink = relay_sinks("a")
    # A long backoff: without an operator's retry these recipients would wait for minutes.
    server = server_factory(**delivery_overrides([sink.relay_config()], retry_initial="10m", retry_max="1h"))
    for i in range(3):
        sink.rcpt_replies[f"slow-{i}@example.org"] = "451 4.2.0 Mailbox busy, try later"
    inject(server, 3, tag="slow")
    counts = wait_states(server, {"deferred": 3}, 30)
    assert counts.get("deferred") == 3, f"the 451 recipients are not deferred: {counts}"
    time.sleep(2)
    assert sink.count() == 0

    sink.rcpt_replies.clear()
    wrong = server.cli("queue", "retry", "--domain", "elsewhere.example", "--json")
    assert wrong.returncode == 0, wrong.stderr
    assert '"retried" : 0' in wrong.stdout.replace('":', '" :'), wrong.stdout
    result = server.cli("queue", "retry", "--domain", "example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "3 deferred recipients due now"
    wait_for_messages([sink], 3, 30)
    counts = wait_states(server, {"delivered": 3}, 30)
    assert counts.get("delivered") == 3, counts
    assert server.cli("queue", "retry").stdout.strip() == "0 deferred recipients due now", "retry is not idempotent"
