"""Issue 5 point 5: webhooks. Events go out from a durable outbox, signed, in order per message, exactly once to a
receiver that was down for a while; the SSRF guard keeps 127.0.0.1 out unless webhooks.allow_private_targets is set;
the CLI and the API manage subscriptions."""

from __future__ import annotations

import http.client
import json
import re
import smtplib
import time

import pytest

from conftest import make_message, send_one
from delivery_support import delivery_overrides, wait_until
from webhookreceiver import WebhookReceiver, signature_ok

# Seconds, not minutes, so that a receiver's downtime and the backoff fit in a test.
WEBHOOKS = {"retry_initial": "1s", "retry_max": "2s", "timeout": "2s", "poll_interval": "250ms", "max_age": "1h"}


@pytest.fixture
def receiver():
    r = WebhookReceiver()
    yield r
    r.close()


def add_webhook(server, url: str, events: str) -> dict:
    result = server.cli("webhook", "add", url, "--events", events, "--description", "e2e", "--json")
    assert result.returncode == 0, result.stderr + result.stdout
    created = json.loads(result.stdout)
    assert created["secret"].startswith("whsec_") and created["id"].startswith("wh_"), created
    return created


def webhook_state(server, webhook_id: str) -> dict:
    return next(w for w in server.cli_json("webhook", "list") if w["id"] == webhook_id)


def expected_events(server, qid: str) -> list[tuple[str, str]]:
    """(type, recipient) of the events a webhook subscribed to queued, delivered, bounced and deferred must get for
    one message, in history order: arrival, each spent attempt that was deferred, and the final outcome."""
    out = []
    for e in server.message(qid)["events"]:
        state, note = e["state"], e.get("note") or ""
        if state == "queued" and note.startswith("received"):
            out.append(("queued", e["recipient"]))
        elif state in ("delivered", "bounced"):
            out.append((state, e["recipient"]))
        elif state == "deferred" and e.get("reply"):
            out.append(("deferred", e["recipient"]))
    return out


@pytest.mark.timeout(120)
def test_receiver_down_then_up_gets_every_event_once_in_order_and_signed(server_factory, relay_sinks, receiver):
    sink = relay_sinks("a")
    sink.rcpt_replies["later@example.org"] = "451 4.2.0 Mailbox busy, try later"
    sink.rcpt_replies["gone@example.org"] = "550 5.1.1 No such user"
    sink.rcpt_replies["gone2@example.org"] = "550 5.1.1 No such user"
    receiver.unavailable()
    server = server_factory(**delivery_overrides([sink.relay_config()]),
                            webhooks={"allow_private_targets": True, **WEBHOOKS})
    # /start answers 307 to /hook once the receiver is up: every event also crosses a redirect.
    hook = add_webhook(server, receiver.url("/start"), "queued,delivered,bounced,deferred")
    assert "secret" not in json.dumps(server.cli_json("webhook", "list")), "webhook list shows the secret"

    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as s:
        qids = {
            "ok": send_one(s, "app@example.com", ["ok@example.org"], make_message("ok")),
            "later": send_one(s, "app@example.com", ["later@example.org"], make_message("later")),
            "gone": send_one(s, "app@example.com", ["gone@example.org"], make_message("gone")),
            "pair": send_one(s, "app@example.com", ["ok2@example.org", "gone2@example.org"], make_message("pair")),
        }

    def settled():
        rows = {r["recipient"]: r for r in server.queue_list()}
        return (rows["ok@example.org"]["state"] == "delivered" and rows["gone@example.org"]["state"] == "bounced"
                and rows["ok2@example.org"]["state"] == "delivered" and rows["gone2@example.org"]["state"] == "bounced"
                and rows["later@example.org"]["attempts"] >= 2)
    assert wait_until(settled, 30), server.queue_list()
    assert wait_until(lambda: receiver.statuses().count(503) >= 3, 15), receiver.statuses()
    assert not receiver.accepted()

    receiver.down()  # connection refused for a while
    time.sleep(3)
    sink.rcpt_replies.pop("later@example.org")
    assert wait_until(lambda: server.queue_list("--state", "delivered") and
                      {r["recipient"] for r in server.queue_list("--state", "delivered")} >= {"later@example.org"}, 30)
    assert not receiver.accepted()
    receiver.up()

    assert wait_until(lambda: webhook_state(server, hook["id"])["pending"] == 0, 40), webhook_state(server, hook["id"])
    time.sleep(1.5)  # nothing more may arrive
    accepted = receiver.accepted()
    ids = [d.event["id"] for d in accepted]
    assert len(ids) == len(set(ids)), f"an event arrived twice: {sorted(ids)}"
    for d in receiver.all():
        assert signature_ok(hook["secret"], d), f"bad signature on {d.path} {d.headers} {d.body!r}"
    for d in accepted:
        assert d.path == "/hook"
        assert d.headers["Content-Type"] == "application/json"
        assert d.headers["X-Steadymail-Event-Id"] == d.event["id"]
        assert set(d.event) == {"id", "type", "time", "message_id", "recipient_id", "recipient", "relay", "reply",
                                "note", "tags"}, d.event
    assert 307 in receiver.statuses(), "the redirect was not followed"
    assert "cannot connect" in server.stderr_text(), "no attempt met the closed port"

    for name, qid in qids.items():
        got = [d.event for d in accepted if d.event["message_id"] == qid]
        assert [(e["type"], e["recipient"]) for e in got] == expected_events(server, qid), name
        assert [int(e["id"]) for e in got] == sorted(int(e["id"]) for e in got), f"{name} out of order"
    later = [d.event for d in accepted if d.event["message_id"] == qids["later"]]
    assert [e["type"] for e in later][0] == "queued" and [e["type"] for e in later][-1] == "delivered"
    assert [e["type"] for e in later].count("deferred") >= 2, later
    assert all(e["reply"].startswith("451") and e["relay"] == "a" for e in later if e["type"] == "deferred"), later
    gone = next(e for d in accepted if (e := d.event)["type"] == "bounced" and e["recipient"] == "gone@example.org")
    assert gone["reply"].startswith("550 5.1.1") and gone["recipient_id"] == f"{qids['gone']}.0", gone
    state = webhook_state(server, hook["id"])
    assert (state["pending"], state["delivered"], state["failed"]) == (0, len(accepted), 0), state
    assert backlog_gauge(server) == 0


@pytest.mark.timeout(90)
def test_loopback_target_is_refused_without_allow_private_targets(server_factory, receiver):
    receiver.up()
    server = server_factory(webhooks=WEBHOOKS)  # allow_private_targets: false (the default)
    literal = server.cli("webhook", "add", receiver.url(host="127.0.0.1"), "--events", "queued")
    assert literal.returncode != 0, literal.stdout
    assert "loopback" in literal.stderr and "allow_private_targets" in literal.stderr, literal.stderr
    # A name passes creation; it is resolved and vetted when the connection is made.
    hook = add_webhook(server, receiver.url(host="localhost"), "queued")

    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as s:
        send_one(s, "app@example.com", ["someone@example.org"], make_message("refused"))
    assert wait_until(lambda: server.stderr_text().count("webhook refused") >= 2, 20), server.stderr_text()[-3000:]
    time.sleep(1)
    assert receiver.all() == [], f"the receiver got {len(receiver.all())} requests"
    refused = [line for line in server.stderr_text().splitlines() if "webhook refused" in line]
    assert "loopback" in refused[0] and "allow_private_targets" in refused[0], refused[0]
    state = webhook_state(server, hook["id"])
    assert (state["pending"], state["delivered"]) == (1, 0), state
    assert backlog_gauge(server) == 1, "GET /metrics does not count the waiting event"


@pytest.mark.timeout(60)
def test_302_is_not_followed(server_factory, receiver):
    receiver.up()
    server = server_factory(webhooks={"allow_private_targets": True, **WEBHOOKS})
    hook = add_webhook(server, receiver.url("/found"), "queued")
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as s:
        send_one(s, "app@example.com", ["someone@example.org"], make_message("found"))
    assert wait_until(lambda: len(receiver.all()) >= 2, 20), receiver.statuses()
    assert {d.path for d in receiver.all()} == {"/found"}, "a 302 was followed"
    assert "only 307 and 308 redirects are followed" in server.stderr_text()
    assert webhook_state(server, hook["id"])["pending"] == 1


def backlog_gauge(server) -> float | None:
    """steadymail_webhook_backlog from GET /metrics."""
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", "/metrics")
        text = connection.getresponse().read().decode()
    finally:
        connection.close()
    match = re.search(r"^steadymail_webhook_backlog (\S+)$", text, re.M)
    return float(match.group(1)) if match else None


def api(server, method: str, path: str, key: str | None, body=None):
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = body if isinstance(body, bytes) else json.dumps(body).encode()
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        return response.status, (json.loads(raw) if raw else None)
    finally:
        connection.close()


def api_key(server, scope: str) -> str:
    result = server.cli("apikey", "create", "--name", f"e2e-{scope}", "--scope", scope, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["key"]


@pytest.mark.timeout(60)
def test_webhook_api_creates_lists_and_deletes(server_factory):
    server = server_factory(webhooks=WEBHOOKS)
    admin, reader = api_key(server, "admin"), api_key(server, "read")
    new = {"url": "https://hooks.example.org/steadymail", "events": ["bounced", "delivered"], "description": "CRM"}

    status, created = api(server, "POST", "/v1/webhooks", admin, new)
    assert status == 201, created
    assert set(created) == {"id", "url", "events", "secret", "created_at"}, created
    assert created["events"] == ["delivered", "bounced"] and created["url"] == new["url"]
    status, listed = api(server, "GET", "/v1/webhooks", admin)
    assert status == 200
    assert listed == {"webhooks": [{k: created[k] for k in ("id", "url", "events", "created_at")}]}, listed
    assert [w["id"] for w in server.cli_json("webhook", "list")] == [created["id"]]

    assert api(server, "GET", "/v1/webhooks", reader)[0] == 403
    assert api(server, "POST", "/v1/webhooks", None, new)[0] == 401
    for body, field in [
        ({"url": "ftp://example.org/", "events": ["delivered"]}, "url"),
        ({"url": "http://127.0.0.1:8080/", "events": ["delivered"]}, "url"),
        ({"url": "http://user:pw@example.org/", "events": ["delivered"]}, "url"),
        ({"url": "https://example.org/", "events": ["delivered", "opened"]}, "events[1]"),
        ({"url": "https://example.org/", "events": []}, "events"),
        ({"url": "https://example.org/", "events": ["delivered"], "secret": "mine"}, "secret"),
        ({"events": ["delivered"]}, "url"),
    ]:
        status, error = api(server, "POST", "/v1/webhooks", admin, body)
        assert status == 400 and error["error"]["code"] == "invalid_request", (body, status, error)
        assert error["error"]["message"].startswith(field), (body, error)
    status, error = api(server, "POST", "/v1/webhooks", admin, b"{not json")
    assert status == 400 and error["error"]["code"] == "invalid_json", error

    assert api(server, "DELETE", f"/v1/webhooks/{created['id']}", admin) == (204, None)
    status, error = api(server, "DELETE", f"/v1/webhooks/{created['id']}", admin)
    assert status == 404 and error["error"]["code"] == "not_found", error
    assert api(server, "GET", "/v1/webhooks", admin) == (200, {"webhooks": []})
