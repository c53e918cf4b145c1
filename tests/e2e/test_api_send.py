"""Issue 5 (send): POST /v1/messages, /v1/messages/raw and /v1/messages/batch against the real binary, delivered to an
aiosmtpd sink relay and parsed back with Python's `email` package (policy=email.policy.default)."""

from __future__ import annotations

import base64
import email
import email.policy
import http.client
import json
import threading
import time

import pytest

from conftest import QUEUE_ID
from delivery_support import delivery_overrides
from relaysink import wait_for_messages

RAW_BYTES = bytes(range(256)) * 40  # every byte value, 10 KiB: base64 must carry them unchanged


def api(server, method: str, path: str, body=None, key: str | None = None, headers: dict | None = None):
    """One HTTP request to the server's API; returns (status, headers with lowercase names, body bytes)."""
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    fields = dict(headers or {})
    if key:
        fields["Authorization"] = f"Bearer {key}"
    if body is not None and not isinstance(body, (bytes, str)):
        body = json.dumps(body)
        fields.setdefault("Content-Type", "application/json")
    try:
        connection.request(method, path, body=body, headers=fields)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def create_key(server, scope: str = "send", name: str = "e2e") -> str:
    result = server.cli("apikey", "create", "--name", name, "--scope", scope, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["key"]


def queued_total(server) -> int:
    return sum(v for k, v in server.queue_counts().items() if isinstance(v, int) and k != "total")


def error_of(status: int, body: bytes) -> dict:
    document = json.loads(body)
    assert set(document) == {"error"}, document
    return document["error"]


def start(server_factory, relay_sinks, **overrides):
    sink = relay_sinks("sink")
    server = server_factory(**delivery_overrides([sink.relay_config()]), **overrides)
    return server, sink, create_key(server)


@pytest.mark.timeout(120)
def test_composed_message_reaches_the_relay_as_correct_mime(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks)
    subject = "Grüße aus Köln — Ihre Bestellung Nr. 4711 ist unterwegs, mit Rechnung und Übersicht 日本語のテキスト"
    text = "Hallo Zoë,\r\n\r\nIhre Bestellung ist unterwegs.\r\n" + "Eine sehr lange Zeile " * 80 + "\r\n.\r\nEnde\r\n"
    html = "<html><body><p>Hallo Zoë,</p><p>" + "lange Zeile " * 120 + "</p></body></html>"
    payload = {
        "from": {"name": "Der Laden — Köln", "email": "shop@example.com"},
        "to": [{"name": "Zoë Ünïcode", "email": "zoe@example.org"}, "ada@example.org"],
        "cc": [{"name": "O'Brien, Pat", "email": "pat@example.org"}],
        "bcc": ["audit@example.net"],
        "reply_to": {"name": "Hilfe", "email": "help@example.com"},
        "subject": subject,
        "text": text,
        "html": html,
        "headers": {"X-Campaign": "spring-2026", "List-Unsubscribe": "<mailto:unsub@example.com>"},
        "attachments": [
            {"filename": "rechnung-übersicht.bin", "content_type": "application/octet-stream",
             "content": base64.b64encode(RAW_BYTES).decode()},
            {"filename": "notes.txt", "content_type": "text/plain", "content": base64.b64encode(b"a\r\nb\r\n").decode()},
        ],
        "tags": ["orders", "spring"],
        "metadata": {"order": "4711", "customer": "Zoë"},
        "priority": "time-critical",
    }
    status, _, body = api(server, "POST", "/v1/messages", payload, key)
    assert status == 202, body
    answer = json.loads(body)
    assert set(answer) == {"id", "message_id", "recipients"}, answer
    qid = answer["id"]
    assert len(qid) == 20 and __import__("re").fullmatch(QUEUE_ID, qid), answer
    emails = ["zoe@example.org", "ada@example.org", "pat@example.org", "audit@example.net"]
    assert answer["recipients"] == [{"email": e, "id": f"{qid}.{i}"} for i, e in enumerate(emails)], answer

    got = wait_for_messages([sink], 1, 30)
    assert len(got) == 1, f"{len(got)} messages at the sink"
    received = got[0]
    assert received.mail_from == "shop@example.com"
    assert sorted(received.rcpts) == sorted(emails)
    data = received.data

    # Every line ends in CRLF and stays within 998 octets; no bare CR or LF anywhere.
    assert data.endswith(b"\r\n")
    lines = data.split(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"") and b"\r" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 998, max(len(line) for line in lines)
    head = data.split(b"\r\n\r\n", 1)[0]
    assert all(len(line) <= 78 or line.startswith(b"Received:") for line in head.split(b"\r\n")), head
    assert b"bcc" not in head.lower(), "a Bcc header reached the relay"
    assert all(byte < 128 for byte in head), "non-ASCII bytes in the header"

    message = email.message_from_bytes(data, policy=email.policy.default)
    assert not message.defects, message.defects
    assert str(message["Subject"]) == subject
    assert message["Message-ID"] == f"<{answer['message_id']}>"
    assert answer["message_id"] == f"{qid}@mx.e2e.test"
    assert message["Date"].datetime is not None
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == ("Der Laden — Köln", "shop@example.com")
    to = message["To"].addresses
    assert [(a.display_name, a.addr_spec) for a in to] == [("Zoë Ünïcode", "zoe@example.org"), ("", "ada@example.org")]
    assert [(a.display_name, a.addr_spec) for a in message["Cc"].addresses] == [("O'Brien, Pat", "pat@example.org")]
    assert [(a.display_name, a.addr_spec) for a in message["Reply-To"].addresses] == [("Hilfe", "help@example.com")]
    assert message["X-Campaign"] == "spring-2026"
    assert message["List-Unsubscribe"] == "<mailto:unsub@example.com>"

    # multipart/mixed > multipart/alternative(text/plain, text/html) + the attachments, in order.
    assert message.get_content_type() == "multipart/mixed"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == [
        "multipart/alternative", "application/octet-stream", "text/plain"]
    alternative = list(parts[0].iter_parts())
    assert [p.get_content_type() for p in alternative] == ["text/plain", "text/html"]
    for part in message.walk():
        assert not part.defects, (part.get_content_type(), part.defects)
    assert alternative[0].get_content().replace("\r\n", "\n") == text.replace("\r\n", "\n")
    assert alternative[1].get_content().replace("\r\n", "\n").rstrip("\n") == html
    assert parts[1].get_filename() == "rechnung-übersicht.bin"
    assert parts[1].get_content_disposition() == "attachment"
    assert parts[1].get_content() == RAW_BYTES
    assert parts[2].get_filename() == "notes.txt"
    assert parts[2].get_payload(decode=True) == b"a\r\nb\r\n"

    detail = server.message(qid)
    assert detail["metadata"] == {"order": "4711", "customer": "Zoë"}
    status, _, body = api(server, "GET", f"/v1/messages/{qid}", key=create_key(server, "read", "reader"))
    assert status == 200 and json.loads(body)["metadata"] == {"order": "4711", "customer": "Zoë"}, body
    assert detail["tags"] == ["orders", "spring"]
    assert detail["priority"] == "time-critical"
    assert detail["origin"].startswith("api "), detail["origin"]


INJECTIONS = [
    ({"subject": "Hi\r\nBcc: victim@evil.example"}, "subject: contains CR or LF"),
    ({"subject": "Hi\nBcc: victim@evil.example"}, "subject: contains CR or LF"),
    ({"headers": {"X-A": "v\r\nBcc: victim@evil.example"}}, "headers.X-A: contains CR or LF"),
    ({"headers": {"X-A": "v\rBcc: victim@evil.example"}}, "headers.X-A: contains CR or LF"),
    ({"headers": {"X-A\r\nBcc": "victim@evil.example"}}, "headers.X-A\\r\\nBcc: the name contains CR or LF"),
    ({"headers": {"Bcc": "victim@evil.example"}}, "headers.Bcc: is set by Steadymail from the request"),
    ({"headers": {"to": "victim@evil.example"}}, "headers.to: is set by Steadymail from the request"),
    ({"headers": {"Content-Type": "text/html"}}, "headers.Content-Type: is set by Steadymail from the request"),
    ({"headers": {"X-Steadymail-Priority": "bulk"}}, "headers.X-Steadymail-Priority: is set from the priority field"),
    ({"from": {"name": "Shop\r\nBcc: victim@evil.example", "email": "shop@example.com"}},
     "from.name: contains CR or LF"),
    ({"to": [{"name": "Ada\nBcc: victim@evil.example", "email": "ada@example.org"}]}, "to[0].name: contains CR or LF"),
    ({"to": ["ada@example.org\r\nRCPT TO:<victim@evil.example>"]},
     "to[0]: not a valid address (contains CR, LF or another control character)"),
    ({"attachments": [{"filename": "a.txt\r\nContent-Type: text/html", "content_type": "text/plain", "content": ""}]},
     "attachments[0].filename: contains CR or LF"),
    ({"attachments": [{"filename": "a.txt", "content_type": "text/plain\r\nX-Evil: 1", "content": ""}]},
     "attachments[0].content_type: not a MIME type such as application/pdf"),
]


@pytest.mark.timeout(90)
def test_header_injection_is_refused_and_nothing_is_queued(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks)
    base = {"from": "shop@example.com", "to": ["ada@example.org"], "subject": "Hi", "text": "Hello"}
    for change, message in INJECTIONS:
        status, headers, body = api(server, "POST", "/v1/messages", {**base, **change}, key)
        assert status == 400, (change, status, body)
        assert headers.get("content-type", "").startswith("application/json")
        assert error_of(status, body) == {"code": "invalid_request", "message": message}, change
    raw_cases = [
        ({"envelope": {"from": "", "to": ["ada@example.org>\r\nRCPT TO:<victim@evil.example"]},
          "raw": "Subject: x\r\n\r\nx\r\n"}, "envelope.to[0]"),
        ({"envelope": {"from": "a@example.com\r\nRCPT TO:<victim@evil.example>", "to": ["ada@example.org"]},
          "raw": "Subject: x\r\n\r\nx\r\n"}, "envelope.from"),
        ({"envelope": {"from": "", "to": ["ada@example.org"]}, "raw": "Subject: x\r\n\r\nx\r\n", "smuggled": 1},
         "smuggled: unknown field"),
    ]
    for payload, field in raw_cases:
        status, _, body = api(server, "POST", "/v1/messages/raw", payload, key)
        assert status == 400, (payload, body)
        assert error_of(status, body)["message"].startswith(field), body
    status, _, body = api(server, "POST", "/v1/messages", {**base, "subjcet": "typo"}, key)
    assert status == 400 and error_of(status, body)["message"] == "subjcet: unknown field", body
    status, _, body = api(server, "POST", "/v1/messages", b"{not json", key)
    assert status == 400 and error_of(status, body)["code"] == "invalid_json", body
    read_key = create_key(server, "read", "reader")
    status, _, body = api(server, "POST", "/v1/messages", base, read_key)
    assert status == 403 and error_of(status, body)["code"] == "forbidden", body

    assert queued_total(server) == 0, server.queue_counts()
    time.sleep(1.5)
    assert sink.count() == 0, "a refused request reached the relay"


@pytest.mark.timeout(90)
def test_idempotent_retry_queues_once_and_a_different_body_is_422(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks)
    payload = {"from": "shop@example.com", "to": ["ada@example.org", "bob@example.org"], "subject": "Order 1",
               "text": "Thanks"}
    headers = {"Idempotency-Key": "order-1"}
    first = api(server, "POST", "/v1/messages", payload, key, headers)
    assert first[0] == 202, first
    # The same request with its keys in another order and other white space is the same request.
    reordered = json.dumps(dict(reversed(list(payload.items()))), indent=2)
    for body in (payload, reordered):
        again = api(server, "POST", "/v1/messages", body, key, headers)
        assert (again[0], again[2]) == (first[0], first[2]), "a retry did not get the first answer"
    different = api(server, "POST", "/v1/messages", {**payload, "text": "Thanks!"}, key, headers)
    assert different[0] == 422 and error_of(*different[::2])["code"] == "idempotency_key_reused", different
    status, _, body = api(server, "POST", "/v1/messages", payload, key, {"Idempotency-Key": "x" * 256})
    assert status == 400 and error_of(status, body)["message"].startswith("Idempotency-Key"), body

    # Concurrent duplicates: every answer is the first one or 409 in progress; the mail is queued once.
    outcomes: list[tuple[int, bytes]] = []
    concurrent = {**payload, "subject": "Order 2"}

    def fire():
        status, _, body = api(server, "POST", "/v1/messages", concurrent, key, {"Idempotency-Key": "order-2"})
        outcomes.append((status, body))

    threads = [threading.Thread(target=fire) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    accepted = {body for status, body in outcomes if status == 202}
    assert len(outcomes) == 8 and len(accepted) == 1, outcomes
    assert all(status in (202, 409) for status, _ in outcomes), outcomes
    for status, body in outcomes:
        if status == 409:
            assert error_of(status, body)["code"] == "idempotency_in_progress"
    replay = api(server, "POST", "/v1/messages", concurrent, key, {"Idempotency-Key": "order-2"})
    assert replay[0] == 202 and replay[2] in accepted

    assert queued_total(server) == 4, server.queue_counts()
    got = wait_for_messages([sink], 2, 30)
    time.sleep(1.5)
    got = sink.messages()
    subjects = sorted(r.header("Subject") for r in got)
    assert subjects == ["Order 1", "Order 2"], subjects
    assert {r.message_id for r in got} == {f"<{json.loads(first[2])['message_id']}>", f"<{json.loads(next(iter(accepted)))['message_id']}>"}


@pytest.mark.timeout(90)
def test_batch_with_one_bad_item_queues_the_others(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks)
    good = {"from": "shop@example.com", "subject": "Batch", "text": "Hi"}
    batch = {"messages": [
        {**good, "to": ["one@example.org"], "subject": "Batch 1"},
        {**good, "to": ["two@example.org"], "headers": {"X-A": "a\r\nBcc: victim@evil.example"}},
        {**good, "to": ["three@example.org"], "subject": "Batch 3"},
    ]}
    status, _, body = api(server, "POST", "/v1/messages/batch", batch, key)
    assert status == 200, body
    results = json.loads(body)["results"]
    assert [r["status"] for r in results] == [202, 400, 202], results
    assert results[1] == {"status": 400, "error": {"code": "invalid_request",
                                                   "message": "headers.X-A: contains CR or LF"}}
    assert [r["recipients"][0]["email"] for r in (results[0], results[2])] == ["one@example.org", "three@example.org"]
    assert queued_total(server) == 2
    status, _, body = api(server, "GET", "/metrics")
    assert status == 200 and 'steadymail_messages_accepted_total{interface="api"} 2' in body.decode(), body
    got = wait_for_messages([sink], 2, 30)
    time.sleep(1)
    assert sorted(r.header("Subject") for r in sink.messages()) == ["Batch 1", "Batch 3"], [r.rcpts for r in got]

    too_many = {"messages": [{**good, "to": ["x@example.org"]}] * 501}
    status, _, body = api(server, "POST", "/v1/messages/batch", too_many, key)
    assert status == 400 and error_of(status, body)["code"] == "batch_too_large", body
    assert queued_total(server) == 2


@pytest.mark.timeout(90)
def test_raw_message_is_delivered_byte_for_byte_after_the_received_line(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks)
    raw = ("From: Shop <shop@example.com>\r\nTo: <ada@example.org>\r\nSubject: raw  spacing\tkept\r\n"
           "Message-ID: <raw-1@example.com>\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\n"
           "X-Folded: one\r\n\ttwo\r\n\r\n.leading dot\r\n..two dots\r\n.\r\nlast line\r\n")
    payload = {"envelope": {"from": "bounces@example.com", "to": ["ada@example.org"]}, "raw": raw,
               "tags": ["raw"], "metadata": {"k": "v"}}
    status, _, body = api(server, "POST", "/v1/messages/raw", payload, key)
    assert status == 202, body
    answer = json.loads(body)
    assert answer["message_id"] == "raw-1@example.com"
    assert answer["recipients"] == [{"email": "ada@example.org", "id": answer["id"] + ".0"}]
    got = wait_for_messages([sink], 1, 30)
    assert len(got) == 1
    assert got[0].mail_from == "bounces@example.com"
    data = got[0].data
    lines = data.split(b"\r\n")
    assert lines[0].startswith(b"Received: from api ("), lines[0]
    rest = 1
    while lines[rest][:1] in (b" ", b"\t"):
        rest += 1
    assert b"\r\n".join(lines[rest:]) == raw.encode(), "the raw message was changed on its way"
    assert server.message(answer["id"])["metadata"] == {"k": "v"}

    # The null sender, and a message without Message-ID gets the one Steadymail adds.
    status, _, body = api(server, "POST", "/v1/messages/raw",
                          {"envelope": {"from": "", "to": ["ada@example.org"]}, "raw": "Subject: x\r\n\r\nx\r\n"}, key)
    assert status == 202, body
    answer = json.loads(body)
    assert answer["message_id"] == f"{answer['id']}@mx.e2e.test"
    got = wait_for_messages([sink], 2, 30)
    assert got[1].mail_from in ("", "<>") and got[1].message_id == f"<{answer['message_id']}>"


@pytest.mark.timeout(60)
def test_a_body_over_http_max_request_size_is_413(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks, http={"max_request_size": "64KiB"})
    attachment = base64.b64encode(b"x" * 60_000).decode()
    payload = {"from": "shop@example.com", "to": ["ada@example.org"], "subject": "big", "text": "x",
               "attachments": [{"filename": "a.bin", "content_type": "application/octet-stream",
                                "content": attachment}]}
    status, headers, body = api(server, "POST", "/v1/messages", payload, key)
    assert status == 413, body
    assert headers.get("content-type", "").startswith("application/json")
    assert error_of(status, body)["code"] == "payload_too_large"
    small = {**payload, "attachments": [{**payload["attachments"][0], "content": base64.b64encode(b"x" * 1000).decode()}]}
    status, _, body = api(server, "POST", "/v1/messages", small, key)
    assert status == 202, body
    assert queued_total(server) == 1


@pytest.mark.timeout(60)
def test_a_key_over_its_rate_gets_429_with_retry_after(server_factory, relay_sinks):
    server, sink, key = start(server_factory, relay_sinks, http={"rate_limit": 2, "rate_burst": 2})
    message = {"from": "shop@example.com", "to": ["ada@example.org"], "subject": "rate", "text": "x"}
    assert api(server, "POST", "/v1/messages", message, key)[0] == 202
    assert api(server, "POST", "/v1/messages", message, key)[0] == 202
    status, headers, body = api(server, "POST", "/v1/messages", message, key)
    assert status == 429, body
    assert error_of(status, body)["code"] == "rate_limited"
    retry_after = int(headers["retry-after"])
    assert retry_after >= 1
    # A batch counts every message: one that needs more tokens than are left is refused whole.
    batch = {"messages": [message, message]}
    status, headers, body = api(server, "POST", "/v1/messages/batch", batch, key)
    assert status == 429 and int(headers["retry-after"]) >= 1, body
    # Another key has its own bucket.
    other = create_key(server, "send", "other")
    assert api(server, "POST", "/v1/messages", message, other)[0] == 202
    assert queued_total(server) == 3, "a refused request queued mail"
    time.sleep(retry_after + 0.2)
    assert api(server, "POST", "/v1/messages/batch", batch, key)[0] == 200
    assert queued_total(server) == 5


@pytest.mark.timeout(120)
def test_routes_match_the_api_key_a_message_was_sent_with(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    server = server_factory(
        **delivery_overrides([a.relay_config(), b.relay_config()],
                             routes=[{"name": "shop-via-b", "api_key": "shop", "relays": ["b"]}]))
    shop, other = create_key(server, name="shop"), create_key(server, name="other")
    for index in range(6):
        for key, who in ((shop, "shop"), (other, "other")):
            status, _, body = api(server, "POST", "/v1/messages", key=key, body={
                "from": "app@example.com", "to": [f"{who}-{index}@example.org"], "subject": f"{who} {index}",
                "text": "routed"})
            assert status == 202, body
    arrived = wait_for_messages([a, b], 12, 60)
    assert len(arrived) == 12, [(r.sink, r.rcpts) for r in arrived]
    shop_sinks = {r.sink for r in arrived if r.rcpts[0].startswith("shop-")}
    assert shop_sinks == {"b"}, f"mail sent with the key named shop went through {shop_sinks}, its route says b only"
