"""Issue 9 point 5: the reputation guard. A campaign whose relay answers `550 5.1.1` at RCPT for every tenth
subscriber bounces 10% of its attempts; with `reputation: {check_interval: 1s, hard_bounce_min_attempts: 50}` and a
throttle slow enough, the guard pauses it before it finishes, with a note naming the rate, and a `reputation_pause`
alert reaches the alert webhook. The bounced subscribers are `bounced` and suppressed for a hard bounce; the operator
resumes the campaign with `campaign resume`."""

from __future__ import annotations

import time

import pytest

from campaign_support import (add_audience, add_template, campaign_action, campaign_messages, campaign_overrides,
                              create_campaign, show, wait_campaign)
from delivery_support import delivery_overrides, wait_until
from webhookreceiver import WebhookReceiver, signature_ok

SUBSCRIBERS = 120
SECRET = "reputation-alert-secret"


@pytest.fixture
def receiver():
    r = WebhookReceiver().up()
    yield r
    r.close()


def audience() -> list[dict]:
    """120 subscribers in import (and sending) order; every tenth is `bounce-<i>@example.org`."""
    rows = []
    for i in range(SUBSCRIBERS):
        email = f"bounce-{i}@example.org" if i % 10 == 5 else f"s{i}@example.org"
        rows.append({"email": email, "name": f"Subscriber {i}", "status": "enabled"})
    return rows


def reputation_alerts(receiver: WebhookReceiver, kind: str, subject: str) -> list:
    found = []
    for d in receiver.all():
        try:
            alert = d.event.get("alert") or {}
        except ValueError:
            continue
        if alert.get("kind") == kind and alert.get("subject") == subject:
            found.append(d)
    return found


def status_of(server, email: str) -> str:
    shown = server.cli_json("subscriber", "show", email)
    return (shown.get("subscriber") or shown)["status"]


@pytest.mark.timeout(150)
def test_a_campaign_bouncing_ten_percent_is_paused_by_the_guard_and_alerted(server_factory, relay_sinks, receiver):
    sink = relay_sinks("sink")
    rows = audience()
    bouncing = [r["email"] for r in rows if r["email"].startswith("bounce-")]
    for email in bouncing:
        sink.rcpt_replies[email] = "550 5.1.1 <%s>: no such user" % email
    overrides = {**delivery_overrides([sink.relay_config()]), **campaign_overrides()}
    overrides["reputation"] = {"check_interval": "1s", "hard_bounce_min_attempts": 50}
    overrides["alerts"] = {"repeat_interval": "1h", "timeout": "2s",
                           "channels": [{"name": "ops", "type": "webhook", "url": receiver.url(), "secret": SECRET}]}
    server = server_factory(**overrides)
    add_template(server)
    add_audience(server, {"news": rows})
    # 300 a minute: 120 subscribers take about 24 s, the guard has 50 attempts after about 10 s.
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org",
                          "--throttle", "300")["id"]
    campaign_action(server, "start", cid)

    paused = wait_campaign(server, cid, "paused", 60)
    assert paused["state"] == "paused", paused
    assert paused["note"].startswith("paused by the reputation guard: hard bounces "), paused["note"]
    assert " attempts in 24h" in paused["note"], paused["note"]
    sent = len(campaign_messages([sink], cid))
    assert sent < SUBSCRIBERS - len(bouncing), f"the campaign finished before the guard paused it ({sent} delivered)"

    pause_alerts = wait_until(lambda: reputation_alerts(receiver, "reputation_pause", f"campaign-{cid}"), 15)
    assert pause_alerts, [d.body for d in receiver.all()]
    assert signature_ok(SECRET, pause_alerts[0])
    alert = pause_alerts[0].event["alert"]
    assert alert["severity"] == "critical" and alert["recovery"] is False, alert
    assert alert["key"] == f"reputation:campaign:{cid}", alert
    assert alert["summary"].startswith(f"campaign {cid} paused by the reputation guard: hard bounces "), alert
    assert "attempts" in alert["details"] and "thresholds" in alert["details"], alert

    # Every subscriber the relay refused so far is bounced and suppressed for a hard bounce (the drain may trail a
    # moment); the others are untouched.
    def settled():
        listing = {e["email"]: e for e in server.cli_json("suppression", "list")["suppressions"]}
        suppressed = sorted(e for e, entry in listing.items() if entry["reason"] == "hard-bounce")
        refused = sink.counters["rcpt_rejected"]
        return suppressed if refused >= 5 and len(suppressed) == refused and len(listing) == refused else None

    suppressed = wait_until(settled, 15)
    assert suppressed, (sink.counters, server.cli_json("suppression", "list"))
    assert set(suppressed) <= set(bouncing), suppressed
    assert [status_of(server, email) for email in suppressed] == ["bounced"] * len(suppressed)
    assert status_of(server, "s0@example.org") == "enabled"

    # The operator resumes it; the guard does not pause it again for the same breach at once (only after 50 new
    # attempts still over the rate), so it is still running three checks later.
    resumed = campaign_action(server, "resume", cid)
    assert resumed["state"] == "running", resumed
    time.sleep(3)
    assert show(server, cid)["state"] == "running", show(server, cid)

