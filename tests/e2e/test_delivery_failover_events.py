"""Failovers leave a trace in the event log (issue 6): a recipient that leaves a relay failing at relay level gets an
`in_flight` event on that relay with the error and the note "failed over", before the event of its delivery elsewhere.

Runs the real binary against two aiosmtpd sinks on 127.0.0.1; every wait is bounded.
"""

from __future__ import annotations

import pytest

from delivery_support import delivery_overrides, inject, wait_states
from relaysink import wait_for_message_ids


@pytest.mark.timeout(90)
def test_delivery_failover_is_recorded_as_an_event(server_factory, relay_sinks):
    bad, good = relay_sinks("bad"), relay_sinks("good")
    bad.greeting_421 = True
    server = server_factory(**delivery_overrides([bad.relay_config(weight=100), good.relay_config(weight=1)]))
    msgs = inject(server, 5, tag="fo", threads=1)
    missing = wait_for_message_ids([bad, good], [m.mid for m in msgs], 60)
    assert not missing, f"{len(missing)} of 5 messages not delivered while one relay answers 421; {bad} {good}"
    wait_states(server, {"delivered": 5}, 30)

    failed_over = 0
    for msg in msgs:
        events = [e for e in server.message(msg.qid)["events"] if isinstance(e, dict)]
        failovers = [e for e in events if e.get("note") == "failed over"]
        for e in failovers:
            assert e.get("state") == "in_flight" and e.get("relay") == "bad", f"failover event: {e}"
            # The relay's error as delivery saw it: its 421 greeting closed the connection.
            assert "greeting" in str(e.get("reply", "")), f"failover event without the relay's error: {e}"
        delivered = [i for i, e in enumerate(events) if e.get("state") == "delivered"]
        assert len(delivered) == 1 and events[delivered[0]].get("relay") == "good", f"{msg.qid}: {events}"
        if failovers:
            failed_over += 1
            last = max(i for i, e in enumerate(events) if e.get("note") == "failed over")
            assert last < delivered[0], f"{msg.qid}: failover recorded after the delivery: {events}"
    assert failed_over >= 1, "no message recorded a failover although the heavier relay answers 421 at the greeting"
    assert bad.count() == 0, bad
