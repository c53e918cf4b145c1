"""Issue 5, point 6: GET /metrics in Prometheus text format, GET /readyz and GET /healthz for load balancers.

The scrape is parsed with prometheus-client's own text parser, and every number is checked against what the test
sent, what the sink answered, and what `steadymail queue --json` / `steadymail relays --json` say."""

from __future__ import annotations

import http.client
import json
import signal
import smtplib
import ssl
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from conftest import PASSWORD, STATES, USER, ehlo_session, send_one
from delivery_support import delivery_overrides, inject, msg_bytes, wait_states, wait_until
from relaysink import wait_for_messages

INTERFACES = ("smtp", "submissions", "api", "control")


def http_get(server, path: str) -> tuple[int, dict, bytes]:
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class Scrape:
    """One GET /metrics, parsed by prometheus-client: samples by (name, labels) and family types by name."""

    def __init__(self, server):
        status, headers, body = http_get(server, "/metrics")
        assert status == 200, (status, body[:500])
        assert headers.get("Content-Type", "").startswith("text/plain; version=0.0.4"), headers
        self.text = body.decode()
        self.types: dict[str, str] = {}
        self.samples: dict[tuple[str, tuple], float] = {}
        for family in text_string_to_metric_families(self.text):
            self.types[family.name] = family.type
            for sample in family.samples:
                self.samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value

    def get(self, name: str, **labels) -> float | None:
        return self.samples.get((name, tuple(sorted(labels.items()))))

    def labelled(self, name: str) -> dict[tuple, float]:
        return {labels: value for (n, labels), value in self.samples.items() if n == name}


def scrape_until(server, predicate, timeout: float = 15.0) -> Scrape:
    """Scrapes until predicate(scrape) holds (counters follow the store's commit by a moment); returns the last."""
    deadline = time.monotonic() + timeout
    while True:
        scrape = Scrape(server)
        if predicate(scrape) or time.monotonic() >= deadline:
            return scrape
        time.sleep(0.2)


def relays_by_name(server) -> dict[str, dict]:
    return {r["name"]: r for r in server.cli_json("relays")}


@pytest.mark.timeout(120)
def test_counters_and_gauges_match_what_was_sent_and_delivered(server_factory, relay_sinks):
    sink = relay_sinks("a")
    sink.rcpt_replies["gone@example.org"] = "550 5.1.1 no such user"
    sink.rcpt_replies["busy@example.org"] = "451 4.2.0 mailbox busy, try later"
    # A long backoff: the deferred recipient is tried exactly once during the test.
    server = server_factory(**delivery_overrides([sink.relay_config()], retry_initial="10m", retry_max="1h"))

    before = Scrape(server)
    for interface in INTERFACES:
        assert before.get("steadymail_messages_accepted_total", interface=interface) == 0, interface
    assert before.get("steadymail_webhook_backlog") == 0, "no webhook subscribed: nothing waits in the outbox"

    inject(server, 5, tag="smtp")
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as s:
        send_one(s, "app@example.com", ["mixed@example.org", "gone@example.org", "busy@example.org"],
                 msg_bytes("<mixed@e2e.test>", sender="app@example.com", to="mixed@example.org", subject="mixed"))
    for i in range(2):
        sent = server.cli("send", "--from", "app@example.com", "--to", f"control-{i}@example.org",
                          "--subject", "through the control socket", input="hello\n")
        assert sent.returncode == 0, sent.stderr

    # 8 messages accepted: 5 + 1 over SMTP, 2 over the control socket. Delivered: 5 + 1 + 2 recipients, plus the
    # delivery status notification about gone@ to app@example.com; bounced: gone@; deferred: busy@.
    wait_for_messages([sink], 9, 60)
    counts = wait_states(server, {"delivered": 9, "bounced": 1, "deferred": 1}, 60)
    assert (counts.get("delivered"), counts.get("bounced"), counts.get("deferred")) == (9, 1, 1), counts
    delivered_at_sink = sum(len(r.rcpts) for r in sink.messages())
    assert delivered_at_sink == 9

    m = scrape_until(server, lambda m: m.get("steadymail_recipients_final_total", state="delivered") == 9)
    assert m.get("steadymail_messages_accepted_total", interface="smtp") == 6
    assert m.get("steadymail_messages_accepted_total", interface="control") == 2
    assert m.get("steadymail_messages_accepted_total", interface="api") == 0
    assert m.get("steadymail_messages_accepted_total", interface="submissions") == 0
    assert m.get("steadymail_recipients_final_total", state="delivered") == delivered_at_sink
    assert m.get("steadymail_recipients_final_total", state="bounced") == 1
    assert m.get("steadymail_recipients_final_total", state="expired") == 0
    assert m.get("steadymail_deferrals_total", relay="a") == 1
    assert m.get("steadymail_failovers_total", relay="a") == 0
    relay = relays_by_name(server)["a"]
    assert (relay["deferred"], relay["bounced"]) == (1, 1), relay

    # The latency histogram times every delivery, from acceptance to the relay's 250.
    assert m.types["steadymail_delivery_latency_seconds"] == "histogram"
    assert m.get("steadymail_delivery_latency_seconds_count") == m.get(
        "steadymail_recipients_final_total", state="delivered")
    assert 0 < m.get("steadymail_delivery_latency_seconds_sum") < 9 * 60
    bounds = sorted(float(dict(labels)["le"]) for labels in m.labelled("steadymail_delivery_latency_seconds_bucket"))
    assert bounds[0] == 0.1 and bounds[-2] == 86400 and bounds[-1] == float("inf"), bounds
    assert m.get("steadymail_delivery_latency_seconds_bucket", le="+Inf") == 9

    # Queue gauges are read from the store at scrape time: they equal `steadymail queue --json`.
    queue = server.queue_counts()
    for state in STATES:
        assert m.get("steadymail_queue_recipients", state=state) == queue[state], state
    oldest = m.get("steadymail_queue_oldest_waiting_seconds")
    assert 0 < oldest < 120, f"the deferred recipient waits: oldest waiting age {oldest}"
    assert m.get("steadymail_relay_circuit_state", relay="a", state="closed") == 1
    for state in ("half-open", "open", "down", "maintenance", "paused"):
        assert m.get("steadymail_relay_circuit_state", relay="a", state=state) == 0, state

    assert m.types["steadymail_messages_accepted"] == "counter"
    assert m.types["steadymail_recipients_final"] == "counter"
    assert m.types["steadymail_queue_recipients"] == "gauge"
    assert m.types["steadymail_smtp_sessions"] == "gauge"
    assert m.types["steadymail_webhook_backlog"] == "gauge"
    assert m.get("steadymail_webhook_backlog") == 0


@pytest.mark.timeout(60)
def test_implicit_tls_submissions_are_counted_apart_from_smtp(tls_server):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with smtplib.SMTP_SSL("127.0.0.1", tls_server.submissions_port, timeout=20, context=context) as s:
        s.login(USER, PASSWORD)
        send_one(s, USER, ["implicit@example.org"],
                 msg_bytes("<implicit@e2e.test>", sender=USER, to="implicit@example.org", subject="465"))
    m = Scrape(tls_server)
    assert m.get("steadymail_messages_accepted_total", interface="submissions") == 1
    assert m.get("steadymail_messages_accepted_total", interface="smtp") == 0


@pytest.mark.timeout(60)
def test_open_smtp_sessions_are_a_gauge(server):
    assert Scrape(server).get("steadymail_smtp_sessions") == 0
    first, second = ehlo_session(server.port), ehlo_session(server.port)
    assert Scrape(server).get("steadymail_smtp_sessions") == 2
    first.cmd("QUIT")
    first.close()
    m = scrape_until(server, lambda m: m.get("steadymail_smtp_sessions") == 1)
    assert m.get("steadymail_smtp_sessions") == 1
    second.close()
    assert scrape_until(server, lambda m: m.get("steadymail_smtp_sessions") == 0).get("steadymail_smtp_sessions") == 0


@pytest.mark.timeout(120)
def test_failovers_and_circuit_state_follow_the_relay_pool(server_factory, relay_sinks):
    down, up = relay_sinks("down", listening=False), relay_sinks("up")
    # A long cooldown: once open, the circuit of `down` stays open for the rest of the test. No relay monitors: this
    # is about the breaker fed by delivery failures alone (a monitor would take the relay `down` after two checks).
    server = server_factory(**delivery_overrides(
        [down.relay_config(), up.relay_config()], breaker_cooldown="1m", breaker_cooldown_max="2m"),
        monitoring={"relay_probes": False})
    inject(server, 12, tag="failover")
    wait_for_messages([up], 12, 60)
    wait_states(server, {"delivered": 12}, 30)

    relays = relays_by_name(server)
    m = scrape_until(server, lambda m: m.get("steadymail_failovers_total", relay="down") == relays["down"]["failures"])
    assert relays["down"]["failures"] >= 1, relays["down"]
    assert m.get("steadymail_failovers_total", relay="down") == relays["down"]["failures"]
    assert m.get("steadymail_failovers_total", relay="up") == 0
    assert m.get("steadymail_deferrals_total", relay="down") == 0
    assert m.get("steadymail_recipients_final_total", state="delivered") == 12
    for name, relay in relays.items():
        states = {dict(labels)["state"]: value
                  for labels, value in m.labelled("steadymail_relay_circuit_state").items()
                  if dict(labels)["relay"] == name}
        assert states == {s: (1 if s == relay["state"] else 0)
                          for s in ("closed", "half-open", "open", "down", "maintenance", "paused")}, \
            (name, relay["state"], states)
    assert relays["up"]["state"] == "closed"


@pytest.mark.timeout(90)
def test_readyz_stays_ready_with_every_relay_down(server_factory, relay_sinks):
    sink = relay_sinks("a", listening=False)
    server = server_factory(**delivery_overrides([sink.relay_config()], breaker_cooldown="1m",
                                                 breaker_cooldown_max="2m"), monitoring={"relay_probes": False})
    inject(server, 3, tag="down")
    opened = wait_until(lambda: relays_by_name(server)["a"]["state"] == "open", 30, interval=0.2)
    assert opened, f"the relay's circuit did not open: {relays_by_name(server)['a']}"

    status, headers, body = http_get(server, "/readyz")
    assert status == 200, body
    assert headers.get("Content-Type", "").startswith("application/json")
    assert json.loads(body) == {"status": "ready"}
    assert http_get(server, "/healthz")[0] == 200
    # Still taking mail: the point of a queue is to keep it while the relays are down.
    inject(server, 1, tag="still-accepted")
    m = Scrape(server)
    queue = server.queue_counts()
    assert m.get("steadymail_relay_circuit_state", relay="a", state="open") == 1
    waiting = [m.get("steadymail_queue_recipients", state=s) for s in ("queued", "deferred")]
    assert waiting == [queue["queued"], queue["deferred"]] and sum(waiting) == 4, (waiting, queue)
    assert m.get("steadymail_queue_oldest_waiting_seconds") > 0
    assert http_get(server, "/readyz")[0] == 200


@pytest.mark.timeout(60)
def test_readyz_is_503_draining_while_an_open_transaction_finishes_after_sigterm(server_factory):
    server = server_factory(shutdown_grace_period="10s")
    status, _, body = http_get(server, "/readyz")
    assert (status, json.loads(body)) == (200, {"status": "ready"})

    # An SMTP transaction held open in DATA keeps the node draining for up to the grace period.
    c = ehlo_session(server.port)
    assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
    assert c.cmd("RCPT TO:<draining@example.org>")[0] == 250
    assert c.cmd("DATA")[0] == 354
    c.send(b"Subject: held open across SIGTERM\r\n\r\nfirst line\r\n")
    server.signal(signal.SIGTERM)

    def not_ready():
        answer = http_get(server, "/readyz")
        return answer if answer[0] == 503 else None

    answer = wait_until(not_ready, 5, interval=0.1)
    assert answer and answer[0] == 503, f"/readyz did not turn 503 after SIGTERM: {answer}"
    assert answer[1].get("Content-Type", "").startswith("application/json")
    assert json.loads(answer[2]) == {"status": "not_ready", "reasons": ["draining"]}
    status, _, body = http_get(server, "/healthz")
    assert (status, json.loads(body)) == (200, {"status": "ok"}), "the process is up while it drains"

    code, text = c.cmd(b"last line\r\n.")
    assert code == 250 and "queued as" in text, f"the open transaction did not finish: {code} {text!r}"
    c.close()
    assert server.proc.wait(20) == 0
