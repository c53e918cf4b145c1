"""Issue 5 point 4: trace mail over the HTTP API (GET /v1/messages/{id}, GET /v1/messages with filters and cursor
pagination, GET /v1/queue, POST /v1/queue/retry, GET /v1/relays, POST /v1/relays/{name}/pause|resume), against the
real binary and aiosmtpd relay sinks, with the scopes of the keys enforced."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import smtplib
import time
import urllib.parse

import pytest

from conftest import send_one
from delivery_support import delivery_overrides, inject, msg_bytes, wait_states, wait_until
from relaysink import wait_for_messages


def create_key(server, scope: str) -> str:
    result = server.cli("apikey", "create", "--name", f"trace-{scope}", "--scope", scope, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["key"]


def api(server, method: str, path: str, key: str | None, body=None, params: dict | None = None):
    """One request to the server's HTTP API; returns (status, decoded JSON body)."""
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    if params:
        path += "?" + urllib.parse.urlencode(params)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        raw = response.read()
        assert response.getheader("Content-Type", "").startswith("application/json"), (path, raw)
        return response.status, json.loads(raw)
    finally:
        connection.close()


def assert_error(answer, status: int, code: str, names: str | None = None) -> None:
    got_status, document = answer
    assert got_status == status, answer
    assert set(document) == {"error"} and document["error"]["code"] == code, answer
    if names is not None:
        assert document["error"]["message"].startswith(f"{names}: "), answer


def rfc3339_now() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@pytest.mark.timeout(120)
def test_a_message_is_traced_from_smtp_to_the_relays_reply(server_factory, relay_sinks):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()], retry_initial="10m", retry_max="1h"))
    key = create_key(server, "read")
    sink.rcpt_replies["busy@example.net"] = "451 4.2.0 Mailbox busy, try later"
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as smtp:
        qid = send_one(smtp, "app@example.com", ["ann@example.org", "busy@example.net"],
                       msg_bytes("<trace-1@e2e.test>", sender="app@example.com", to="ann@example.org",
                                 subject="Trace me", headers={"X-Steadymail-Tag": "receipts"}))
    wait_for_messages([sink], 1, 30)

    def traced():
        status, message = api(server, "GET", f"/v1/messages/{qid}", key)
        assert status == 200, message
        states = [r["state"] for r in message["recipients"]]
        return message if states == ["delivered", "deferred"] else None

    message = wait_until(traced, 30)
    assert message, api(server, "GET", f"/v1/messages/{qid}", key)
    assert message["id"] == qid and message["sender"] == "app@example.com"
    assert message["priority"] == "transactional" and message["deliver_by"] is None
    assert message["tags"] == ["receipts"] and message["metadata"] == {}
    assert message["origin"].startswith("smtp") and message["size"] > 0
    assert dt.datetime.strptime(message["received_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert {"name": "Subject", "value": "Trace me"} in message["headers"]
    delivered, deferred = message["recipients"]
    assert delivered["id"] == f"{qid}.0" and delivered["email"] == "ann@example.org"
    assert delivered["last_relay"] == "a" and delivered["last_reply"].startswith("250")
    assert delivered["attempts"] == 1 and delivered["next_attempt_at"] is None
    assert deferred["id"] == f"{qid}.1" and deferred["last_relay"] == "a"
    assert deferred["last_reply"].startswith("451") and deferred["next_attempt_at"]

    events = message["events"]
    assert all(set(e) == {"time", "recipient", "state", "relay", "reply", "note"} for e in events), events
    assert [e["state"] for e in events if e["recipient"] == "ann@example.org"] == ["queued", "in_flight", "delivered"]
    final = [e for e in events if e["state"] == "delivered"][0]
    assert final["relay"] == "a" and final["reply"].startswith("250") and "sink a" in final["reply"], final
    refusal = [e for e in events if e["state"] == "deferred"][0]
    assert refusal["recipient"] == "busy@example.net" and refusal["relay"] == "a", refusal
    assert refusal["reply"].startswith("451") and "Mailbox busy" in refusal["reply"], refusal

    assert_error(api(server, "GET", "/v1/messages/0000000000000000000Z", key), 404, "not_found")
    assert_error(api(server, "GET", "/v1/messages/not-a-queue-id", key), 404, "not_found")
    assert api(server, "GET", f"/v1/messages/{qid.lower()}", key)[0] == 200, "queue ids are case-insensitive"


def list_ids(server, key: str, **params) -> list[str]:
    status, page = api(server, "GET", "/v1/messages", key, params={"limit": 1000, **params})
    assert status == 200, page
    assert page["next_cursor"] is None, page
    return [m["id"] for m in page["messages"]]


@pytest.mark.timeout(150)
def test_messages_are_listed_by_every_filter_and_paged_without_gaps(server_factory, relay_sinks):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()], retry_initial="10m", retry_max="1h"))
    key = create_key(server, "read")
    for i in range(0, 24, 4):
        sink.rcpt_replies[f"early-{i}@example.org"] = "451 4.2.0 try later"

    early = inject(server, 24, tag="early", threads=4,
                   headers=lambda i: {"X-Steadymail-Tag": "even" if i % 2 == 0 else "odd"})
    time.sleep(1.1)
    boundary = rfc3339_now()
    time.sleep(1.1)
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as smtp:
        special = send_one(smtp, "app@example.com", ["Special@Example.org", "other@example.net"],
                           msg_bytes("<special@e2e.test>", sender="app@example.com", to="Special@Example.org",
                                     subject="special"))
    counts = wait_states(server, {"delivered": 20, "deferred": 6}, 60)
    assert counts.get("delivered") == 20 and counts.get("deferred") == 6, counts

    by_index = {m.index: m.qid for m in early}
    every = set(by_index.values()) | {special}

    pages, cursor = [], None
    while True:
        params = {"limit": 10, **({"cursor": cursor} if cursor else {})}
        status, page = api(server, "GET", "/v1/messages", key, params=params)
        assert status == 200, page
        pages.append(page["messages"])
        cursor = page["next_cursor"]
        if cursor is None or len(pages) > 5:
            break
    assert [len(p) for p in pages] == [10, 10, 5], [len(p) for p in pages]
    listed = [m["id"] for p in pages for m in p]
    assert len(listed) == len(set(listed)) == 25, "a message repeats across pages"
    assert set(listed) == every, "a message is missing from the pages"
    times = [m["received_at"] for p in pages for m in p]
    assert times == sorted(times, reverse=True), "not newest first"
    assert listed[0] == special
    assert pages[0][0]["recipients"] == [
        {"id": f"{special}.0", "email": "Special@Example.org", "state": "delivered"},
        {"id": f"{special}.1", "email": "other@example.net", "state": "delivered"},
    ]

    deferred = {by_index[i] for i in range(0, 24, 4)}
    assert set(list_ids(server, key, state="deferred")) == deferred
    assert set(list_ids(server, key, state="delivered")) == every - deferred
    assert list_ids(server, key, state="held") == []
    assert list_ids(server, key, recipient="SPECIAL@example.ORG") == [special]
    assert list_ids(server, key, recipient="early-3@example.org") == [by_index[3]]
    assert list_ids(server, key, recipient="early-3@example") == [], "a recipient is an exact address"
    even = {by_index[i] for i in range(0, 24, 2)}
    assert set(list_ids(server, key, tag="EVEN")) == even
    assert set(list_ids(server, key, tag="even", state="deferred")) == deferred
    assert set(list_ids(server, key, tag="odd", state="deferred")) == set()
    assert list_ids(server, key, since=boundary) == [special]
    assert set(list_ids(server, key, until=boundary)) == set(by_index.values())
    assert set(list_ids(server, key, since="2000-01-01T00:00:00Z", until=boundary, state="deferred")) == deferred

    filtered, cursor = [], None
    for _ in range(10):
        status, page = api(server, "GET", "/v1/messages", key,
                           params={"state": "delivered", "tag": "odd", "limit": 4, **({"cursor": cursor} if cursor else {})})
        assert status == 200, page
        filtered += [m["id"] for m in page["messages"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(filtered) == sorted({by_index[i] for i in range(1, 24, 2)}), "filtered pages lose or repeat"

    for name, value in [("limit", "0"), ("limit", "1001"), ("limit", "ten"), ("state", "sent"),
                        ("since", "yesterday"), ("until", "2026-13-01T00:00:00Z"), ("tag", "a,b"), ("recipient", "")]:
        assert_error(api(server, "GET", "/v1/messages", key, params={name: value}), 400, "invalid_parameter", name)
    status, first = api(server, "GET", "/v1/messages", key, params={"limit": 3})
    token = first["next_cursor"]
    tampered = token[:5] + ("B" if token[5] != "B" else "C") + token[6:]
    assert_error(api(server, "GET", "/v1/messages", key, params={"cursor": tampered}), 400, "invalid_cursor", "cursor")
    assert_error(api(server, "GET", "/v1/messages", key, params={"cursor": "garbage"}), 400, "invalid_cursor")


@pytest.mark.timeout(120)
def test_queue_counts_and_a_retry_through_the_api(server_factory, relay_sinks):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()], retry_initial="10m", retry_max="1h"))
    read, admin = create_key(server, "read"), create_key(server, "admin")
    for i in range(3):
        sink.rcpt_replies[f"slow-{i}@example.org"] = "451 4.2.0 Mailbox busy, try later"
    inject(server, 3, tag="slow", headers=lambda i: {"X-Steadymail-Tag": "slow"})
    inject(server, 2, tag="fast")
    counts = wait_states(server, {"deferred": 3, "delivered": 2}, 30)
    assert counts == {"deferred": 3, "delivered": 2}, counts

    status, queue = api(server, "GET", "/v1/queue", read)
    assert status == 200, queue
    assert set(queue) == {"by_state", "by_priority", "by_relay", "oldest_waiting_age_seconds"}
    assert queue["by_state"] == {"queued": 0, "in_flight": 0, "deferred": 3, "held": 0, "delivered": 2,
                                 "bounced": 0, "expired": 0}
    assert queue["by_priority"]["transactional"] == queue["by_state"]
    assert set(queue["by_priority"]) == {"transactional", "time-critical", "bulk"}
    assert queue["by_relay"] == {"a": {"deferred": 3}}
    age = queue["oldest_waiting_age_seconds"]
    assert isinstance(age, int) and 0 <= age < 60, queue

    assert_error(api(server, "POST", "/v1/queue/retry", read, body={}), 403, "forbidden")
    assert_error(api(server, "POST", "/v1/queue/retry", admin, body={"domian": "example.org"}), 400,
                 "invalid_request", "domian")
    assert_error(api(server, "POST", "/v1/queue/retry", admin, body={"id": "nope"}), 400, "invalid_request", "id")
    assert_error(api(server, "POST", "/v1/queue/retry", admin, body={"domain": 5}), 400, "invalid_request", "domain")
    assert_error(api(server, "POST", "/v1/queue/retry", admin, body=b"{"), 400, "invalid_json")
    assert api(server, "POST", "/v1/queue/retry", admin, body={"domain": "elsewhere.example"}) == (200, {"retried": 0})
    time.sleep(1)
    assert sink.count() == 2, "nothing may be retried before the operator asks"

    sink.rcpt_replies.clear()
    assert api(server, "POST", "/v1/queue/retry", admin, body={"domain": "example.org", "tag": "slow"}) == \
        (200, {"retried": 3})
    wait_for_messages([sink], 5, 30)
    counts = wait_states(server, {"delivered": 5}, 30)
    assert counts == {"delivered": 5}, counts
    assert api(server, "POST", "/v1/queue/retry", admin) == (200, {"retried": 0}), "retry is not idempotent"
    assert "queue operation" in server.stderr_text(), "the API retry is not logged like the CLI's"

    status, queue = api(server, "GET", "/v1/queue", read)
    assert queue["by_state"]["delivered"] == 5 and queue["by_relay"] == {}, queue
    assert queue["oldest_waiting_age_seconds"] is None, queue


@pytest.mark.timeout(120)
def test_relays_are_paused_and_resumed_through_the_api(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    server = server_factory(**delivery_overrides([a.relay_config(), b.relay_config()]))
    read, admin = create_key(server, "read"), create_key(server, "admin")

    status, listing = api(server, "GET", "/v1/relays", read)
    assert status == 200, listing
    assert listing == {"relays": server.cli_json("relays")}, "the API and `relays --json` disagree"
    assert [r["name"] for r in listing["relays"]] == ["a", "b"]

    assert_error(api(server, "POST", "/v1/relays/a/pause", read), 403, "forbidden")
    status, paused = api(server, "POST", "/v1/relays/a/pause", admin)
    assert status == 200 and paused["relay"]["name"] == "a" and paused["relay"]["state"] == "paused", paused
    assert api(server, "POST", "/v1/relays/a/pause", admin)[1]["relay"]["state"] == "paused", "not idempotent"
    assert {r["name"]: r["state"] for r in server.cli_json("relays")} == {"a": "paused", "b": "closed"}

    inject(server, 20, tag="paused")
    wait_for_messages([a, b], 20, 60)
    assert a.count() == 0 and b.count() == 20, (a.count(), b.count())

    assert_error(api(server, "POST", "/v1/relays/a/resume", read), 403, "forbidden")
    status, resumed = api(server, "POST", "/v1/relays/a/resume", admin)
    assert status == 200 and resumed["relay"]["state"] == "closed", resumed
    assert {r["name"]: r["state"] for r in server.cli_json("relays")} == {"a": "closed", "b": "closed"}
    inject(server, 40, tag="resumed")
    wait_for_messages([a, b], 60, 60)
    assert a.count() > 0, "the resumed relay got no mail"

    assert_error(api(server, "POST", "/v1/relays/nope/pause", admin), 404, "not_found")
    assert_error(api(server, "POST", "/v1/relays/nope/resume", admin), 404, "not_found")


@pytest.mark.timeout(60)
def test_every_route_asks_for_its_scope(server):
    keys = {scope: create_key(server, scope) for scope in ("send", "read", "admin")}
    reads = [("GET", "/v1/messages"), ("GET", "/v1/messages/0000000000000000000Z"), ("GET", "/v1/queue"),
             ("GET", "/v1/relays")]
    changes = [("POST", "/v1/queue/retry"), ("POST", "/v1/relays/a/pause"), ("POST", "/v1/relays/a/resume")]
    for method, path in reads + changes:
        assert_error(api(server, method, path, None), 401, "unauthorized")
        assert_error(api(server, method, path, keys["send"]), 403, "forbidden")
    for method, path in changes:
        assert_error(api(server, method, path, keys["read"]), 403, "forbidden")
    for method, path in reads:
        assert api(server, method, path, keys["read"])[0] in (200, 404)
        assert api(server, method, path, keys["admin"])[0] in (200, 404)
    assert api(server, "POST", "/v1/queue/retry", keys["admin"]) == (200, {"retried": 0})
