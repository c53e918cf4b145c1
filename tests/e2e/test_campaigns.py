"""Issue 8, point 5: campaigns sent from a per-recipient ledger. A 10,000-subscriber campaign reaches every enabled
subscriber exactly once through a failing relay, a pause and a SIGKILL (only recipients in flight at the kill may be
mailed twice); a deadline that passes during an outage stops a campaign and counts what expired; a subscriber who
unsubscribes after their message was queued is not mailed."""

from __future__ import annotations

import datetime as dt
import json
import random
import time

import pytest

from campaign_support import (add_audience, add_template, campaign_action, campaign_messages, campaign_overrides,
                              create_campaign, received_by_address, set_subscriber_status, show, sink_total,
                              subscriber_rows, suppress, wait_campaign)
from delivery_support import delivery_overrides, wait_until
from relaysink import message_id_of
from test_http_api import create_key, request

CAMPAIGN_HEADER = "X-Steadymail-Campaign"


def utc_in(seconds: float) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.timeout(170)
def test_ten_thousand_subscribers_each_mailed_once_through_outage_pause_and_crash(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    server = server_factory(**delivery_overrides([a.relay_config(), b.relay_config()]), **campaign_overrides())
    add_template(server)
    unsubscribed = set(range(0, 10_000, 100))
    blocklisted = set(range(50, 10_000, 100))
    rows = subscriber_rows(10_000, unsubscribed=unsubscribed, blocklisted=blocklisted)
    # A second list holding 2,000 of the same subscribers: a subscriber on both is mailed once.
    add_audience(server, {"news": rows, "vip": rows[:2000]})
    enabled = {r["email"] for r in rows if r["status"] == "enabled"}
    excluded = {r["email"] for r in rows if r["status"] != "enabled"}
    assert len(enabled) == 9800

    campaign = create_campaign(server, "Spring sale", "--template", "hello", "--list", "news", "--list", "vip",
                               "--from", "shop@example.org", "--from-name", "Shop")
    assert campaign["state"] == "draft" and campaign["lists"] == ["news", "vip"]
    cid = campaign["id"]
    assert campaign_action(server, "start", cid)["state"] == "running"

    # Relay b fails mid-campaign (421 at its greeting): its share fails over to a, nothing is lost.
    assert wait_until(lambda: sink_total([a, b]) >= 1500, 60), f"the campaign did not get going: {show(server, cid)}"
    b.greeting_421 = True

    # Pause: delivery stops within seconds and stays stopped; the waiting messages are held.
    assert wait_until(lambda: sink_total([a, b]) >= 3000, 60), show(server, cid)
    paused = campaign_action(server, "pause", cid)
    assert paused["state"] == "paused"
    time.sleep(2)
    flat = sink_total([a, b])
    time.sleep(3)
    assert sink_total([a, b]) == flat, "mail kept flowing after the pause"
    progress = show(server, cid)["progress"]
    assert progress["queue"].get("held", 0) > 0 and not progress["queue"].get("queued"), progress
    assert flat < len(enabled)

    # Resume, then SIGKILL the node mid-campaign and start it again: it resumes from the ledger.
    assert campaign_action(server, "resume", cid)["state"] == "running"
    assert wait_until(lambda: sink_total([a, b]) >= flat + 1500, 60), show(server, cid)
    server.kill()
    at_kill = sink_total([a, b])
    assert at_kill < len(enabled), "the campaign finished before the kill; nothing was tested"
    server.start()
    b.accept()

    finished = wait_campaign(server, cid, "finished", 100)
    assert finished["state"] == "finished", finished
    progress = finished["progress"]
    assert progress["ledger"] == {"enqueued": len(enabled)}, progress
    assert progress["queue"] == {"delivered": len(enabled)}, progress
    assert progress["expired_by_deadline"] == 0

    counts = received_by_address([a, b], cid)
    assert not (set(counts) & excluded), "an unsubscribed or blocklisted subscriber was mailed"
    missing = enabled - set(counts)
    assert not missing, f"{len(missing)} subscribers skipped, e.g. {sorted(missing)[:5]}"
    assert set(counts) == enabled
    twice = {address for address, n in counts.items() if n > 1}
    assert all(counts[address] == 2 for address in twice), {a_: counts[a_] for a_ in twice if counts[a_] > 2}
    # Only a recipient in flight at the kill may be mailed again: its queue history shows the lease the dead
    # process held, returned at the restart.
    assert len(twice) <= 20, f"{len(twice)} subscribers mailed twice"
    by_address = {}
    for received in campaign_messages([a, b], cid):
        by_address.setdefault(received.rcpts[0].lower(), set()).add(message_id_of(received.data))
    for address in twice:
        ids = by_address[address]
        assert len(ids) == 1, f"{address} got two different messages: {ids}"
        queue_id = next(iter(ids)).strip("<>").split("@", 1)[0]
        notes = [event.get("note") for event in server.message(queue_id)["events"]]
        assert "lease released: owner restarted" in notes, (address, notes)

    # Received messages parse and carry both parts, addressed to their subscriber with the campaign's headers.
    sample = random.Random(8).sample(campaign_messages([a, b], cid), 300)
    for received in sample:
        message = received.message()
        address = received.rcpts[0]
        index = int(address.split("@")[0][1:])
        assert message["To"].addresses[0].addr_spec == address
        assert message["From"].addresses[0].addr_spec == "shop@example.org"
        assert message["Subject"] == f"Hello Subscriber {index}"
        assert message[CAMPAIGN_HEADER] == str(cid)
        assert message["List-Id"] == f"<campaign-{cid}.mx.e2e.test>"
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(preferencelist=("plain",)).get_content()
        html = message.get_body(preferencelist=("html",)).get_content()
        assert f"Hello Subscriber {index}" in text and "<h1>" not in text
        assert f"<h1>Hello Subscriber {index}</h1>" in html
    assert server.alive()


@pytest.mark.timeout(90)
def test_a_deadline_passing_during_an_outage_stops_the_campaign(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.refuse()
    server = server_factory(**delivery_overrides([a.relay_config()]), **campaign_overrides(lookahead=100))
    add_template(server)
    add_audience(server, {"news": subscriber_rows(300)})
    campaign = create_campaign(server, "Flash sale", "--template", "hello", "--list", "news", "--from",
                               "shop@example.org", "--priority", "time-critical", "--deadline", utc_in(10), "--json")
    cid = campaign["id"]
    assert campaign["deadline"] and campaign["priority"] == "time-critical"
    campaign_action(server, "start", cid)

    # The outage brake: only the lookahead's worth is queued while the relay is down.
    time.sleep(4)
    early = show(server, cid)["progress"]
    assert early["ledger"].get("enqueued") == 100 and early["ledger"].get("pending") == 200, early
    assert "stalled" in server.stderr_text()

    finished = wait_campaign(server, cid, "finished", 40)
    assert finished["state"] == "finished", finished
    progress = finished["progress"]
    assert progress["expired_by_deadline"] == 300, progress
    assert progress["ledger"] == {"enqueued": 100, "expired": 200}, progress
    assert progress["queue_expired"] == {"deadline": 100}, progress
    assert finished["note"] == "deadline passed: 300 expired"
    a.accept()
    time.sleep(3)
    assert a.count() == 0, "mail past its deadline was sent"
    text = server.cli("campaign", "show", str(cid))
    assert text.returncode == 0 and "expired by deadline: 300" in text.stdout, text.stdout


@pytest.mark.timeout(90)
def test_a_subscriber_who_leaves_after_enqueue_is_not_mailed(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.refuse()
    server = server_factory(**delivery_overrides([a.relay_config()]), **campaign_overrides())
    add_template(server)
    add_audience(server, {"news": subscriber_rows(20)})
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")["id"]
    campaign_action(server, "start", cid)
    queued = wait_until(lambda: show(server, cid)["progress"]["ledger"].get("enqueued") == 20, 30)
    assert queued, show(server, cid)

    # Both leave while their messages wait for the relay: one unsubscribes, one is suppressed.
    set_subscriber_status(server, "s3@example.org", "unsubscribed")
    suppress(server, "s4@example.org")
    a.accept()

    finished = wait_campaign(server, cid, "finished", 60)
    assert finished["state"] == "finished", finished
    counts = received_by_address([a], cid)
    assert "s3@example.org" not in counts and "s4@example.org" not in counts
    assert set(counts) == {f"s{i}@example.org" for i in range(20)} - {"s3@example.org", "s4@example.org"}
    assert all(n == 1 for n in counts.values())
    assert finished["progress"]["queue_expired"] == {"unsubscribed": 1, "suppressed": 1}, finished["progress"]


@pytest.mark.timeout(60)
def test_bad_campaigns_are_refused_naming_the_field(server_factory):
    server = server_factory(**campaign_overrides())
    add_template(server)
    add_audience(server, {"news": subscriber_rows(3)})
    base = ["--template", "hello", "--list", "news", "--from", "shop@example.org"]
    cases = [
        (["--template", "nope", "--list", "news", "--from", "shop@example.org"], "template"),
        (["--template", "hello", "--list", "nope", "--from", "shop@example.org"], "lists"),
        (base + ["--window", "8-20"], "window"),
        (base + ["--time-zone", "Mars/Olympus"], "time_zone"),
        (base + ["--at", "2030-01-02 10:00", "--deadline", "2030-01-02 09:00"], "deadline"),
        (base + ["--segment", "attributes.city = "], "segment"),
    ]
    for args, field in cases:
        result = server.cli("campaign", "create", "X", *args)
        assert result.returncode != 0, (args, result.stdout)
        assert f"{field}:" in result.stderr, (args, result.stderr)
    assert server.cli_json("campaigns")["campaigns"] == []


@pytest.mark.timeout(60)
def test_the_api_creates_starts_and_refuses_campaigns_like_the_cli(server_factory, relay_sinks):
    a = relay_sinks("a")
    server = server_factory(**delivery_overrides([a.relay_config()]), **campaign_overrides())
    add_template(server)
    add_audience(server, {"news": subscriber_rows(5)})
    key = create_key(server, "admin")
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}

    def call(method: str, path: str, body: dict | None = None):
        status, _, data = request(server, method, path, json.dumps(body).encode() if body is not None else None, auth)
        return status, json.loads(data) if data else None

    good = {"name": "API", "template": "hello", "lists": ["news"], "from": "shop@example.org"}
    for field, value in [("template", "nope"), ("lists", ["nope"]), ("window", "soon"), ("segment", "status ==")]:
        status, body = call("POST", "/v1/campaigns", {**good, field: value})
        assert status == 400 and body["error"]["message"].startswith(f"{field}:"), (field, status, body)
    status, body = call("POST", "/v1/campaigns", {**good, "colour": "red"})
    assert status == 400 and "colour" in body["error"]["message"]
    status, created = call("POST", "/v1/campaigns", good)
    assert status == 201 and created["state"] == "draft", created
    assert call("GET", "/v1/campaigns/999")[0] == 404
    status, started = call("POST", f"/v1/campaigns/{created['id']}/start")
    assert status == 200 and started["state"] == "running"
    assert call("DELETE", f"/v1/campaigns/{created['id']}")[0] == 400, "only a draft may be deleted"
    finished = wait_campaign(server, created["id"], "finished", 30)
    assert finished["progress"]["queue"] == {"delivered": 5}, finished
    status, listed = call("GET", "/v1/campaigns")
    assert status == 200 and [c["id"] for c in listed["campaigns"]] == [created["id"]]
