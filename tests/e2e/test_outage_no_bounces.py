"""Issue 9 point 4: downtime is never a bounce. A campaign of 30 subscribers runs while its only relay is down (the
sink stopped: connection refused) for a few seconds, then back: it finishes with every message delivered once, no
feedback at all (the suppression list stays empty), every subscriber still `enabled`, and the guard pauses nothing."""

from __future__ import annotations

import time

import pytest

from campaign_support import (add_audience, add_template, campaign_action, campaign_overrides, create_campaign,
                              received_by_address, show, subscriber_rows, wait_campaign)
from delivery_support import delivery_overrides

SUBSCRIBERS = 30


def status_of(server, email: str) -> str:
    shown = server.cli_json("subscriber", "show", email)
    return (shown.get("subscriber") or shown)["status"]


@pytest.mark.timeout(120)
def test_a_campaign_delayed_by_an_outage_ends_with_no_bounces(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    overrides = {**delivery_overrides([sink.relay_config()]), **campaign_overrides()}
    # A guard that would pause at the first hard bounce of 10 attempts: an outage must give it nothing to count.
    overrides["reputation"] = {"check_interval": "1s", "hard_bounce_min_attempts": 10}
    server = server_factory(**overrides)
    add_template(server)
    add_audience(server, {"news": subscriber_rows(SUBSCRIBERS)})
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")["id"]

    sink.refuse()
    campaign_action(server, "start", cid)
    time.sleep(5)
    assert sink.count() == 0
    during = show(server, cid)
    assert during["state"] == "running", during
    sink.accept()

    finished = wait_campaign(server, cid, "finished", 60)
    assert finished["state"] == "finished", finished
    received = received_by_address([sink], cid)
    assert received == {f"s{i}@example.org": 1 for i in range(SUBSCRIBERS)}, received
    assert server.cli_json("suppression", "list")["suppressions"] == []
    assert [status_of(server, f"s{i}@example.org") for i in range(SUBSCRIBERS)] == ["enabled"] * SUBSCRIBERS
    assert sink.counters["rcpt_rejected"] == 0
