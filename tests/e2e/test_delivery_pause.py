"""Issue 4 (part): `steadymail relay pause|resume NAME` drains a relay of the running server and takes it back."""

from __future__ import annotations

import pytest

from delivery_support import delivery_overrides, inject, wait_states
from relaysink import wait_for_messages


@pytest.mark.timeout(120)
def test_paused_relay_gets_no_new_mail_until_resumed(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    server = server_factory(**delivery_overrides([a.relay_config(), b.relay_config()]))

    paused = server.cli("relay", "pause", "a")
    assert paused.returncode == 0, paused.stderr
    assert paused.stdout.strip() == "a: paused"
    again = server.cli("relay", "pause", "a")
    assert again.returncode == 0 and again.stdout.strip() == "a: paused", "pause is not idempotent"
    states = {r["name"]: r["state"] for r in server.cli_json("relays")}
    assert states == {"a": "paused", "b": "closed"}

    inject(server, 40, tag="while-paused")
    wait_for_messages([a, b], 40, 60)
    assert a.count() == 0, f"a paused relay received {a.count()} messages"
    assert b.count() == 40

    resumed = server.cli("relay", "resume", "a")
    assert resumed.returncode == 0 and resumed.stdout.strip() == "a: closed", resumed.stdout + resumed.stderr
    inject(server, 60, tag="after-resume")
    wait_for_messages([a, b], 100, 60)
    assert a.count() > 0, "the resumed relay got no mail"
    counts = wait_states(server, {"delivered": 100}, 30)
    assert counts.get("delivered") == 100 and not counts.get("bounced"), counts


@pytest.mark.timeout(60)
def test_pausing_an_unknown_relay_is_an_error(server_factory, relay_sinks):
    a = relay_sinks("a")
    server = server_factory(**delivery_overrides([a.relay_config()]))
    result = server.cli("relay", "pause", "nope")
    assert result.returncode != 0
    assert "no relay named nope" in result.stderr
