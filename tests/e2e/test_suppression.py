"""Issue 9 point 3: the global suppression list through the CLI and the API; a campaign skips a suppressed
subscriber; the send API refuses a hard-bounced address (422 `suppressed`) and still mails a `manual` one."""

from __future__ import annotations

import json
import time

import pytest

from audience_support import admin_key, call
from campaign_support import (add_audience, add_template, campaign_action, campaign_overrides, create_campaign,
                              received_by_address, subscriber_rows, wait_campaign)
from delivery_support import delivery_overrides
from relaysink import wait_for_messages


@pytest.mark.timeout(120)
def test_suppression_list_through_the_cli(server):
    added = server.cli_json("suppression", "add", " <Ada@Example.ORG> ")
    assert added["email"] == "ada@example.org" and added["reason"] == "manual", added
    noted = server.cli_json("suppression", "add", "bob@example.org", "--reason", "hard-bounce", "--note", "550 5.1.1")
    assert noted["reason"] == "hard-bounce" and noted["note"] == "550 5.1.1", noted
    server.cli_json("suppression", "add", "cy@example.org", "--reason", "complaint")
    bad = server.cli("suppression", "add", "dee@example.org", "--reason", "bounce")
    assert bad.returncode != 0 and "unknown reason bounce" in bad.stderr, bad.stderr
    invalid = server.cli("suppression", "add", "not-an-address")
    assert invalid.returncode != 0 and "email" in invalid.stderr, invalid.stderr

    listing = server.cli_json("suppression", "list")
    assert [e["email"] for e in listing["suppressions"]] == ["ada@example.org", "bob@example.org", "cy@example.org"]
    assert listing["counts"] == {"hard-bounce": 1, "complaint": 1, "unsubscribe": 0, "manual": 1}, listing
    bounced = server.cli_json("suppression", "list", "--reason", "hard-bounce")["suppressions"]
    assert [e["email"] for e in bounced] == ["bob@example.org"]
    page = server.cli("suppression", "list", "--limit", "2")
    assert page.returncode == 0 and "more: --after bob@example.org" in page.stderr, page.stderr
    assert "cy@example.org" not in page.stdout and "550 5.1.1" in page.stdout, page.stdout
    rest = server.cli_json("suppression", "list", "--after", "bob@example.org")["suppressions"]
    assert [e["email"] for e in rest] == ["cy@example.org"]

    removed = server.cli("suppression", "remove", "ADA@example.org")
    assert removed.returncode == 0, removed.stderr
    again = server.cli("suppression", "remove", "ada@example.org")
    assert again.returncode != 0 and "not suppressed" in again.stderr, again.stderr
    assert server.cli_json("suppression", "list")["counts"]["manual"] == 0
    # The subscriber commands see the same list: a suppressed address cannot become a subscriber.
    refused = server.cli("subscriber", "add", "bob@example.org")
    assert refused.returncode != 0 and "suppression list" in refused.stderr, refused.stderr


@pytest.mark.timeout(120)
def test_suppression_list_through_the_api(server):
    key = admin_key(server)
    read = server.cli("apikey", "create", "--name", "reader", "--scope", "read", "--json")
    assert read.returncode == 0, read.stderr
    read_key = json.loads(read.stdout)["key"]
    listen = server.config["http"]["listen"]

    status, _, body = call(listen, "POST", "/v1/suppressions", key=key,
                           body={"email": "Eve@Example.org", "reason": "complaint", "note": "FBL report"})
    assert status == 201 and body["email"] == "eve@example.org" and body["reason"] == "complaint", body
    status, _, body = call(listen, "POST", "/v1/suppressions", key=key, body={"email": "fay@example.org"})
    assert status == 201 and body["reason"] == "manual", body
    for bad, field in [({"email": "gus@example.org", "reason": "spam"}, "reason"),
                       ({"email": "gus@example.org", "colour": "red"}, "colour"),
                       ({"reason": "manual"}, "email"),
                       ({"email": "nobody"}, "email"),
                       ({"email": "gus@example.org", "note": "two\nlines"}, "note")]:
        status, _, body = call(listen, "POST", "/v1/suppressions", key=key, body=bad)
        assert status == 400 and body["error"]["message"].startswith(field), (bad, body)
    status, _, body = call(listen, "POST", "/v1/suppressions", key=read_key, body={"email": "gus@example.org"})
    assert status == 403, body

    status, _, body = call(listen, "GET", "/v1/suppressions", key=read_key)
    assert status == 200 and [e["email"] for e in body["suppressions"]] == ["eve@example.org", "fay@example.org"]
    assert body["counts"] == {"hard-bounce": 0, "complaint": 1, "unsubscribe": 0, "manual": 1} and \
        "next_after" not in body, body
    status, _, body = call(listen, "GET", "/v1/suppressions?limit=1", key=read_key)
    assert status == 200 and body["next_after"] == "eve@example.org", body
    status, _, body = call(listen, "GET", "/v1/suppressions?reason=manual&after=eve@example.org", key=read_key)
    assert [e["email"] for e in body["suppressions"]] == ["fay@example.org"], body
    status, _, body = call(listen, "GET", "/v1/suppressions?reason=spam", key=read_key)
    assert status == 400, body

    status, _, body = call(listen, "GET", "/v1/suppressions/EVE@example.org", key=read_key)
    assert status == 200 and body["note"] == "FBL report", body
    status, _, body = call(listen, "DELETE", "/v1/suppressions/eve@example.org", key=read_key)
    assert status == 403, body
    status, _, _ = call(listen, "DELETE", "/v1/suppressions/eve@example.org", key=key)
    assert status == 204
    status, _, body = call(listen, "GET", "/v1/suppressions/eve@example.org", key=key)
    assert status == 404 and body["error"]["code"] == "not_found", body
    status, _, body = call(listen, "DELETE", "/v1/suppressions/eve@example.org", key=key)
    assert status == 404, body
    # What the API wrote, the CLI reads.
    assert [e["email"] for e in server.cli_json("suppression", "list")["suppressions"]] == ["fay@example.org"]


@pytest.mark.timeout(120)
def test_the_send_api_refuses_a_hard_bounced_address_and_mails_a_manual_one(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server = server_factory(**delivery_overrides([sink.relay_config()]))
    created = server.cli_json("apikey", "create", "--name", "shop", "--scope", "send")
    key = created["key"]
    listen = server.config["http"]["listen"]
    server.cli_json("suppression", "add", "gone@example.org", "--reason", "hard-bounce")
    server.cli_json("suppression", "add", "quiet@example.org", "--reason", "manual")
    message = {"from": "shop@example.com", "subject": "Your receipt", "text": "Thank you."}

    status, _, body = call(listen, "POST", "/v1/messages", key=key,
                           body={**message, "to": ["ada@example.org"], "bcc": ["Gone@Example.org"]})
    assert status == 422, body
    assert body["error"]["code"] == "suppressed" and body["error"]["field"] == "bcc[0]", body
    assert body["error"]["message"] == "bcc[0]: gone@example.org is on the suppression list (hard-bounce)", body
    status, _, body = call(listen, "POST", "/v1/messages/batch", key=key, body={"messages": [
        {**message, "to": ["gone@example.org"]}, {**message, "to": ["ada@example.org"]}]})
    assert status == 200 and [r["status"] for r in body["results"]] == [422, 202], body
    assert body["results"][0]["error"]["field"] == "to[0]", body

    status, _, body = call(listen, "POST", "/v1/messages", key=key, body={**message, "to": ["quiet@example.org"]})
    assert status == 202, body
    received = wait_for_messages([sink], 2, 30)
    rcpts = sorted(r.lower() for m in received for r in m.rcpts)
    assert rcpts == ["ada@example.org", "quiet@example.org"], rcpts
    time.sleep(1)
    assert sink.count() == 2, "a refused message reached the relay"


@pytest.mark.timeout(120)
def test_a_campaign_skips_a_suppressed_subscriber(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server = server_factory(**delivery_overrides([sink.relay_config()]), **campaign_overrides())
    add_template(server)
    add_audience(server, {"news": subscriber_rows(5)})
    # Suppressed for an unsubscribe from another sender's footer: no campaign mail, whatever the list says.
    server.cli_json("suppression", "add", "s2@example.org", "--reason", "unsubscribe")
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")["id"]
    campaign_action(server, "start", cid)
    finished = wait_campaign(server, cid, "finished", 60)
    assert finished["state"] == "finished", finished
    counts = received_by_address([sink], cid)
    assert set(counts) == {"s0@example.org", "s1@example.org", "s3@example.org", "s4@example.org"}, counts
    assert all(n == 1 for n in counts.values()), counts
