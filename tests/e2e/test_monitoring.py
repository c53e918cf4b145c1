"""Issue 6: monitoring, incidents and alerts, against real peers with 1-second probes.

A relay stopped by the test is marked down by its automatic SMTP monitor within two intervals and leaves the rotation
(no recipient deferred or bounced because of it); an incident opens and closes with the outage's duration and its
impact on mail; a local webhook receiver gets the signed down and up alerts; a canary through a relay that forwards to
Steadymail's own SMTP port arrives, and when that relay starts dropping mail the canary fails and the relay goes down;
a TLS server whose certificate expires in two days raises the certificate alert."""

from __future__ import annotations

import asyncio
import http.client
import re
import smtplib
import socket
import ssl
import subprocess
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from conftest import free_port, send_one
from delivery_support import delivery_overrides, msg_bytes, wait_until
from relaysink import wait_for_messages
from test_api_trace import api, create_key
from webhookreceiver import WebhookReceiver, signature_ok

SECRET = "alert-secret-e2e"
PROBES = {"interval": "1s", "timeout": "1s", "failures_before_down": 2}


@pytest.fixture
def receiver():
    r = WebhookReceiver().up()
    yield r
    r.close()


def alerts_config(receiver: WebhookReceiver) -> dict:
    return {"repeat_interval": "1h", "timeout": "2s",
            "channels": [{"name": "ops", "type": "webhook", "url": receiver.url(), "secret": SECRET}]}


def alerts(receiver: WebhookReceiver, kind: str, subject: str | None = None) -> list:
    out = []
    for d in receiver.all():
        try:
            body = d.event
        except ValueError:
            continue
        alert = body.get("alert") or {}
        if body.get("type") == "alert" and alert.get("kind") == kind and subject in (None, alert.get("subject")):
            out.append(d)
    return out


def relay_state(server, name: str) -> str:
    return next(r["state"] for r in server.cli_json("relays") if r["name"] == name)


def monitor(server, name: str) -> dict:
    return next(m for m in server.cli_json("monitors")["monitors"] if m["name"] == name)


class Traffic:
    """Sends one message every `every` seconds over one SMTP session until stopped; returns their queue ids."""

    def __init__(self, server, tag: str, every: float = 0.1):
        self.server, self.tag, self.every = server, tag, every
        self.qids: list[str] = []
        self.errors: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "Traffic":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        try:
            with smtplib.SMTP("127.0.0.1", self.server.port, timeout=30) as s:
                i = 0
                while not self._stop.is_set():
                    data = msg_bytes(f"<{self.tag}-{i}@e2e.test>", sender="app@example.com",
                                     to=f"{self.tag}-{i}@example.org", subject=f"{self.tag} {i}",
                                     headers={"X-Steadymail-Tag": self.tag})
                    self.qids.append(send_one(s, "app@example.com", [f"{self.tag}-{i}@example.org"], data))
                    i += 1
                    self._stop.wait(self.every)
        except Exception as e:  # noqa: BLE001 - reported by the test
            self.errors.append(repr(e))


@pytest.mark.timeout(150)
def test_a_stopped_relay_is_routed_around_and_its_incident_records_the_outage(server_factory, relay_sinks, receiver):
    primary, backup = relay_sinks("primary"), relay_sinks("backup")
    server = server_factory(
        **delivery_overrides([primary.relay_config(weight=3), backup.relay_config(weight=1)]),
        monitoring={"relay_probes": True, **PROBES}, alerts=alerts_config(receiver))

    assert wait_until(lambda: monitor(server, "relay:primary")["state"] == "up", 10), monitor(server, "relay:primary")
    with Traffic(server, "outage") as traffic:
        wait_for_messages([primary, backup], 10, timeout=20)
        stopped = time.monotonic()
        primary.refuse()
        assert wait_until(lambda: relay_state(server, "primary") == "down", 2 * 1 + 1.5, interval=0.1), \
            f"primary not down within two intervals: {relay_state(server, 'primary')}"
        detected = time.monotonic() - stopped
        down_alerts = wait_until(lambda: alerts(receiver, "monitor_down", "relay:primary"), 10)
        assert down_alerts, [d.body for d in receiver.all()]

        # From now on no recipient is routed to the stopped relay: everything flows to the backup.
        sent_before = len(traffic.qids)
        time.sleep(3)
        assert len(traffic.qids) - sent_before >= 10
        primary.accept()
        restarted = time.monotonic()
        assert wait_until(lambda: relay_state(server, "primary") == "closed", 4, interval=0.1)
        outage = time.monotonic() - stopped
        wait_for_messages([primary], len(primary.received) + 1, timeout=20)
    assert not traffic.errors, traffic.errors

    qids = traffic.qids
    assert wait_until(lambda: server.cli_json("queue").get("delivered", 0) >= len(qids), 30), server.cli_json("queue")
    counts = server.cli_json("queue")
    assert counts.get("deferred", 0) == 0 and counts.get("bounced", 0) == 0, counts
    for qid in qids:
        assert not [e for e in server.message(qid)["events"] if e["state"] in ("deferred", "bounced")], qid

    up_alerts = wait_until(lambda: alerts(receiver, "monitor_up", "relay:primary"), 10)
    assert up_alerts, [d.body for d in receiver.all()]
    for d in down_alerts + up_alerts:
        assert signature_ok(SECRET, d), d.headers
    assert down_alerts[0].event["alert"]["recovery"] is False and up_alerts[0].event["alert"]["recovery"] is True
    assert len(alerts(receiver, "monitor_down", "relay:primary")) == 1, "a lasting outage was announced twice"

    incidents = server.cli_json("incidents")["incidents"]
    mine = [i for i in incidents if i["monitor"] == "relay:primary"]
    assert len(mine) == 1, incidents
    incident = wait_until(lambda: server.cli_json("incident", str(mine[0]["id"]))["closed_at"] and
                          server.cli_json("incident", str(mine[0]["id"])), 10)
    assert incident["relay"] == "primary" and incident["cause"], incident
    # Opened at the first failed probe after the stop, closed at the first good one after the restart (probes run
    # every second).
    assert abs(incident["duration_seconds"] - (restarted - stopped)) <= 1.5, (incident, restarted - stopped)
    assert detected <= 2 * 1 + 1.5 and outage >= restarted - stopped
    impact = incident["impact"]
    assert impact["failed_over"] >= 1 and impact["deferred"] == 0 and impact["expired"] == 0, impact
    assert any(t["tag"] == "outage" and t["recipients"] >= 1 for t in impact["tags"]), impact
    assert impact["priorities"] and all(p["recipients"] >= 1 for p in impact["priorities"]), impact
    assert set(impact["delay_seconds"]) == {"p50", "p95", "max"}, impact
    assert 0 <= impact["delay_seconds"]["p50"] <= impact["delay_seconds"]["max"], impact

    key = create_key(server, "read")
    status, listed = api(server, "GET", "/v1/incidents", key)
    assert status == 200 and any(i["id"] == incident["id"] for i in listed["incidents"]), listed
    status, one = api(server, "GET", f"/v1/incidents/{incident['id']}", key)
    assert status == 200 and one["impact"] == impact, one
    assert api(server, "GET", "/v1/incidents/999999", key)[0] == 404


class ForwardingRelay:
    """An aiosmtpd relay that hands every message it accepts on to Steadymail's SMTP port, unless told to drop it."""

    def __init__(self, forward_port: int):
        self.forward_port = forward_port
        self.port = free_port()
        self.drop = False
        self.accepted = 0
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        self.accepted += 1
        if not self.drop:
            data = envelope.original_content or envelope.content
            await asyncio.to_thread(self._forward, envelope.mail_from, list(envelope.rcpt_tos), data)
        return "250 2.0.0 OK: forwarded"

    def _forward(self, sender: str, rcpts: list[str], data: bytes) -> None:
        with smtplib.SMTP("127.0.0.1", self.forward_port, timeout=10) as s:
            s.sendmail(sender, rcpts, data)


@pytest.mark.timeout(120)
def test_a_canary_comes_back_and_a_relay_that_drops_mail_goes_down(server_factory):
    smtp_port = free_port()
    loop = ForwardingRelay(smtp_port)
    loop.controller.start()
    try:
        server = server_factory(
            smtp={"listen": f"127.0.0.1:{smtp_port}", "local_domains": ["canary.e2e.test"]},
            **delivery_overrides([{"name": "loop", "host": "127.0.0.1", "port": loop.port, "tls": "none"}]),
            monitoring={"relay_probes": True, "canary_domain": "canary.e2e.test", **PROBES},
            monitors=[{"name": "canary-loop", "type": "canary", "relay": "loop", "interval": "2s", "timeout": "3s",
                       "failures_before_down": 1}])

        arrived = wait_until(lambda: (lambda m: m if m["state"] == "up" and m["last"]["value"] else None)(
            monitor(server, "canary-loop")), 20)
        assert arrived, monitor(server, "canary-loop")
        assert 0 < arrived["last"]["value"] < 3 and "arrived" in arrived["last"]["message"], arrived
        history = server.cli_json("monitor", "canary-loop")["results"]
        assert any(r["verdict"] == "up" and r["value"] for r in history), history
        # Canary mail is not queue mail: nothing of it appears in the queue counts.
        assert not {k: v for k, v in server.cli_json("queue").items() if isinstance(v, int) and v}, \
            server.cli_json("queue")

        loop.drop = True
        lost = wait_until(lambda: (lambda m: m if m["state"] == "down" else None)(monitor(server, "canary-loop")), 15)
        assert lost and "did not arrive" in lost["last"]["message"], monitor(server, "canary-loop")
        assert wait_until(lambda: relay_state(server, "loop") == "down", 3), relay_state(server, "loop")
        loop.drop = False
        assert wait_until(lambda: relay_state(server, "loop") == "closed", 15), relay_state(server, "loop")
    finally:
        loop.controller.stop()


def short_lived_certificate(tmp_path, days: int):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", str(days), "-subj", "/CN=localhost"], check=True, capture_output=True,
                   timeout=60)
    return cert, key


class TLSServer:
    """Accepts TLS connections on 127.0.0.1 and completes the handshake; nothing else."""

    def __init__(self, cert, key):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.5)
        self.port = self.sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            try:
                conn.settimeout(2)
                with self.context.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(1)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.mark.timeout(90)
def test_a_certificate_expiring_in_two_days_raises_the_certificate_alert(server_factory, receiver, tmp_path):
    cert, key = short_lived_certificate(tmp_path, days=2)
    tls = TLSServer(cert, key)
    try:
        server = server_factory(
            monitoring={"relay_probes": False, **PROBES},
            monitors=[{"name": "api-cert", "type": "tls-cert", "host": "127.0.0.1", "port": tls.port,
                       "tls_verify": False, "warn_days": 14, "fail_days": 3, "interval": "1s",
                       "failures_before_down": 1}],
            alerts=alerts_config(receiver))
        got = wait_until(lambda: alerts(receiver, "certificate_expiry", "api-cert"), 15)
        assert got, [d.body for d in receiver.all()]
        alert = got[0].event["alert"]
        assert signature_ok(SECRET, got[0]) and alert["severity"] == "critical", alert
        assert re.search(r"expires in [12] days?", alert["summary"]), alert
        state = monitor(server, "api-cert")
        assert state["state"] == "down" and 1.5 < state["last"]["value"] <= 2.0, state
        time.sleep(3)
        assert len(alerts(receiver, "certificate_expiry", "api-cert")) == 1, "the alert repeated within the hour"
    finally:
        tls.close()


@pytest.mark.timeout(90)
def test_monitors_added_at_run_time_are_checked_like_the_file_kept_and_removed(server_factory, relay_sinks):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()]), monitoring={"relay_probes": True, **PROBES})
    key = create_key(server, "admin")
    http_port = server.config["http"]["listen"].rsplit(":", 1)[1]

    spec = {"name": "sink-tcp", "type": "tcp", "host": "127.0.0.1", "port": sink.port, "interval": "1s"}
    status, created = api(server, "POST", "/v1/monitors", key, spec)
    assert status == 201 and created["source"] == "runtime" and created["type"] == "tcp", created
    assert api(server, "POST", "/v1/monitors", key, spec)[0] == 409
    status, refused = api(server, "POST", "/v1/monitors", key, {"name": "no-port", "type": "tcp", "host": "127.0.0.1"})
    assert status == 400 and "port" in refused["error"]["message"], refused
    status, refused = api(server, "POST", "/v1/monitors", key, {**spec, "name": "odd", "colour": "red"})
    assert status == 400 and "colour" in refused["error"]["message"], refused
    added = server.cli("monitor", "add", "cli-http", "--type", "http", "--url",
                       f"http://127.0.0.1:{http_port}/healthz", "--interval", "1s", "--json")
    assert added.returncode == 0, added.stderr
    bad = server.cli("monitor", "add", "cli-bad", "--type", "dns")
    assert bad.returncode != 0 and "host" in bad.stderr, bad.stderr

    for name in ("sink-tcp", "cli-http", "relay:a"):
        assert wait_until(lambda: monitor(server, name)["state"] == "up", 10), monitor(server, name)
    status, detail = api(server, "GET", "/v1/monitors/sink-tcp", key, params={"limit": 5})
    assert status == 200 and detail["results"] and detail["results"][0]["verdict"] == "up", detail

    server.stop()
    server.start()
    names = {m["name"]: m for m in server.cli_json("monitors")["monitors"]}
    assert {"sink-tcp", "cli-http", "relay:a"} <= names.keys(), names.keys()
    assert names["sink-tcp"]["source"] == "runtime" and names["relay:a"]["source"] == "configuration"

    removed = server.cli("monitor", "remove", "relay:a")
    assert removed.returncode != 0 and "configuration" in removed.stderr, removed.stderr
    assert server.cli("monitor", "remove", "cli-http").returncode == 0
    connection = http.client.HTTPConnection("127.0.0.1", int(http_port), timeout=10)
    connection.request("DELETE", "/v1/monitors/sink-tcp", headers={"Authorization": f"Bearer {key}"})
    assert connection.getresponse().status == 204
    connection.close()
    assert api(server, "GET", "/v1/monitors/sink-tcp", key)[0] == 404
    assert {m["name"] for m in server.cli_json("monitors")["monitors"]} == {"relay:a", "node:oldest-deferred",
                                                                          "node:disk"}
