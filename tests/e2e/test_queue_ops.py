"""Issue 4 (point 5): `steadymail queue hold|release|delete|retry` act on exactly the selected recipients.

Mail waits behind a paused relay (nothing is claimed while no relay is available), so every recipient is `queued`
when the operations run and the selection alone decides what happens to it.
"""

from __future__ import annotations

import json
import time

import pytest

from delivery_support import delivery_overrides, inject, wait_states
from relaysink import wait_for_messages


def op(server, *args) -> dict:
    """Runs `steadymail queue <args> --json` and returns its JSON object."""
    result = server.cli("queue", *args, "--json", input="")
    assert result.returncode == 0, f"queue {' '.join(args)}: exit {result.returncode}: {result.stderr}{result.stdout}"
    return json.loads(result.stdout)


def states_by_recipient(server) -> dict[str, str]:
    return {row["recipient"]: row["state"] for row in server.queue_list()}


def delivered_recipients(sink) -> list[str]:
    return sorted(r for rec in sink.messages() if not rec.is_dsn for r in rec.rcpts)


@pytest.mark.timeout(120)
def test_hold_release_delete_act_on_exactly_the_selected_recipients(server_factory, relay_sinks):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()]))
    assert server.cli("relay", "pause", "a").returncode == 0

    hold = inject(server, 4, tag="hold", rcpts=lambda i: [f"hold-{i}@hold.example"])
    doomed = inject(server, 4, tag="doomed", sender="news@example.com",
                    headers=lambda i: {"X-Steadymail-Tag": "Doomed, campaign-7"})
    keep = inject(server, 4, tag="keep", headers=lambda i: {"X-Steadymail-Tag": "campaign-8"})
    mixed = inject(server, 1, tag="mixed", rcpts=lambda i: ["mixed@hold.example", "mixed@example.org"])
    held_rcpts = sorted([r for m in hold for r in m.rcpts] + ["mixed@hold.example"])
    doomed_rcpts = sorted(r for m in doomed for r in m.rcpts)
    kept_rcpts = sorted([r for m in keep for r in m.rcpts] + ["mixed@example.org"])
    everyone = held_rcpts + doomed_rcpts + kept_rcpts
    before = states_by_recipient(server)
    assert before == {r: "queued" for r in everyone}, f"mail did not wait behind the paused relay: {before}"
    assert server.message(doomed[0].qid)["tags"] == ["Doomed", "campaign-7"]

    # Without --yes and without a terminal (stdin is a pipe, even one saying yes) delete refuses and changes nothing.
    refused = server.cli("queue", "delete", "--tag", "doomed", input="y\n")
    assert refused.returncode != 0, refused.stdout
    assert "--yes" in refused.stderr, refused.stderr
    assert states_by_recipient(server) == before, "a refused delete changed the queue"
    unselected = server.cli("queue", "hold", input="")
    assert unselected.returncode != 0 and "--domain" in unselected.stderr, unselected.stderr
    assert states_by_recipient(server) == before, "a hold without selection changed the queue"

    assert op(server, "hold", "--domain", "HOLD.example") == {"held": 5, "in_flight": 0}
    assert op(server, "hold", "--domain", "hold.example") == {"held": 0, "in_flight": 0}, "hold is not idempotent"
    assert server.cli("queue", "hold", "--domain", "hold.example", input="").stdout.strip() == "held 0 recipients"
    assert op(server, "delete", "--tag", "DOOMED", "--yes") == {"deleted": 4, "in_flight": 0}
    assert op(server, "delete", "--tag", "doomed", "--yes") == {"deleted": 0, "in_flight": 0}, "delete not idempotent"

    now = states_by_recipient(server)
    assert sorted(r for r, s in now.items() if s == "held") == held_rcpts, now
    assert sorted(r for r, s in now.items() if s == "expired") == doomed_rcpts, now
    assert sorted(r for r, s in now.items() if s == "queued") == kept_rcpts, now
    last = server.message(doomed[0].qid)["events"][-1]
    assert (last["state"], last["note"]) == ("expired", "deleted"), last
    assert server.message(hold[0].qid)["events"][-1]["note"] == "held"

    # The relay comes back: only the recipients neither held nor deleted are delivered.
    assert server.cli("relay", "resume", "a").returncode == 0
    wait_for_messages([sink], len(keep) + 1, 30)
    time.sleep(2)
    assert delivered_recipients(sink) == kept_rcpts
    counts = wait_states(server, {"delivered": 5}, 10)
    assert counts == {"delivered": 5, "held": 5, "expired": 4}, counts

    assert op(server, "release", "--domain", "hold.example") == {"released": 5}
    assert op(server, "release", "--domain", "hold.example") == {"released": 0}, "release is not idempotent"
    wait_for_messages([sink], len(keep) + 1 + len(hold) + 1, 30)
    counts = wait_states(server, {"delivered": 10}, 30)
    assert counts == {"delivered": 10, "expired": 4}, counts
    time.sleep(2)
    assert delivered_recipients(sink) == sorted(held_rcpts + kept_rcpts), "a deleted recipient was delivered"
    assert not [rec for rec in sink.messages() if rec.is_dsn], "an operator's delete sent a delivery status notice"

    log = server.stderr_text()
    for operation in ("hold", "release", "delete"):
        assert f"operation={operation}" in log, f"no log line for {operation}"
    assert "selector=domain=hold.example" in log


@pytest.mark.timeout(120)
def test_retry_selects_by_relay_and_sender(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    routes = [
        {"name": "one", "sender_domain": "one.example", "relays": ["a"]},
        {"name": "two", "sender_domain": "two.example", "relays": ["b"]},
    ]
    server = server_factory(**delivery_overrides([a.relay_config(), b.relay_config()], routes=routes,
                                                 retry_initial="10m", retry_max="1h"))
    for i in range(2):
        a.rcpt_replies[f"one-{i}@example.org"] = "451 4.2.0 Mailbox busy, try later"
        b.rcpt_replies[f"two-{i}@example.org"] = "451 4.2.0 Mailbox busy, try later"
    inject(server, 2, tag="one", sender="app@one.example")
    inject(server, 2, tag="two", sender="app@two.example")
    counts = wait_states(server, {"deferred": 4}, 30)
    assert counts == {"deferred": 4}, counts
    rows = {row["recipient"]: row["last_relay"] for row in server.queue_list()}
    assert rows == {"one-0@example.org": "a", "one-1@example.org": "a", "two-0@example.org": "b",
                    "two-1@example.org": "b"}, rows

    a.rcpt_replies.clear()
    b.rcpt_replies.clear()
    assert op(server, "retry", "--relay", "nonexistent") == {"retried": 0}
    retried = server.cli("queue", "retry", "--relay", "b", input="")
    assert retried.returncode == 0, retried.stderr
    assert retried.stdout.strip() == "2 deferred recipients due now"
    wait_for_messages([b], 2, 30)
    time.sleep(2)
    assert a.count() == 0, "retry --relay b made relay a's recipients due"
    assert delivered_recipients(b) == ["two-0@example.org", "two-1@example.org"]
    assert op(server, "retry", "--relay", "b") == {"retried": 0}, "retry is not idempotent"

    assert op(server, "retry", "--sender", "<APP@one.example>") == {"retried": 2}
    assert op(server, "retry", "--sender", "app@one.example") == {"retried": 0}, "retry is not idempotent"
    wait_for_messages([a], 2, 30)
    counts = wait_states(server, {"delivered": 4}, 30)
    assert counts == {"delivered": 4}, counts


@pytest.mark.timeout(60)
def test_operations_need_a_running_server_and_a_valid_selection(server_factory, relay_sinks):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()]))
    bad = server.cli("queue", "release", "--id", "not-an-id", input="")
    assert bad.returncode != 0 and "--id: not a queue id: not-an-id" in bad.stderr, bad.stderr
    assert server.stop() == 0
    for args in (("hold", "--domain", "x.example"), ("delete", "--tag", "t", "--yes"), ("retry",)):
        result = server.cli("queue", *args, input="")
        assert result.returncode != 0, args
        assert "no steadymail server is running" in result.stderr, (args, result.stderr)
