"""Issue 7, point 1: a relay that promises `sla: 99.9` and goes down long enough raises the fast-burn alert.

Probes run every second and the fast burn-rate pair is shortened to 20 s and 4 s, evaluated every second: while the
relay's sink answers, nothing fires; once it stops listening, the automatic SMTP monitor fails, both windows burn far
over 14.4x, and a local webhook receiver gets the signed, critical `sla_burn` alert; `steadymail sla --json` shows the
relay's measured availability under 100 % and the fast pair firing; when the sink listens again the short window clears
and the recovery follows."""

from __future__ import annotations

import time

import pytest

from delivery_support import delivery_overrides, wait_until
from test_monitoring import PROBES, SECRET, alerts, alerts_config, monitor, receiver  # noqa: F401 (fixture)
from webhookreceiver import signature_ok

SLA = {"evaluation_interval": "1s", "fast_long_window": "20s", "fast_short_window": "4s",
       "slow_long_window": "60s", "slow_short_window": "10s"}


def relay_report(server, name: str) -> dict:
    return next(r for r in server.cli_json("sla")["relays"] if r["relay"] == name)


def burn(report: dict, speed: str) -> dict:
    return next(b for b in report["burn"] if b["speed"] == speed)


@pytest.mark.timeout(120)
def test_a_relay_down_long_enough_raises_the_fast_burn_alert(server_factory, relay_sinks, receiver):
    primary = relay_sinks("primary")
    server = server_factory(
        **delivery_overrides([primary.relay_config(sla=99.9)]),
        monitoring={"relay_probes": True, **PROBES}, alerts=alerts_config(receiver), sla=SLA)

    assert wait_until(lambda: monitor(server, "relay:primary")["state"] == "up", 10), monitor(server, "relay:primary")
    time.sleep(3)
    healthy = relay_report(server, "primary")
    assert healthy["sla"] == 99.9 and healthy["monitors"] == ["relay:primary"], healthy
    assert healthy["availability"][0]["period"] == "24h" and healthy["availability"][0]["uptime_percent"] == 100, healthy
    assert not burn(healthy, "fast")["firing"], healthy
    assert not alerts(receiver, "sla_burn"), [d.body for d in receiver.all()]

    primary.refuse()
    stopped = time.monotonic()
    fired = wait_until(
        lambda: [d for d in alerts(receiver, "sla_burn", "primary") if d.event["alert"]["key"] == "sla:primary:fast"],
        20)
    assert fired, [d.body for d in receiver.all()]
    took = time.monotonic() - stopped
    assert signature_ok(SECRET, fired[0]), fired[0].headers
    alert = fired[0].event["alert"]
    assert alert["severity"] == "critical" and alert["recovery"] is False, alert
    assert "99.9 % SLA" in alert["summary"], alert
    # The short window needs about 14.4 x 0.1 % of 4 s of failed probes, after the first failed probe.
    assert took < 10, f"the fast burn took {took:.1f} s to be announced"

    report = relay_report(server, "primary")
    day = report["availability"][0]
    assert day["uptime_percent"] < 100 and day["down_seconds"] > 0, report
    assert burn(report, "fast")["firing"] and burn(report, "fast")["short_burn"] > 14.4, report
    assert report["budget"]["used"] > 0 and report["budget"]["left"] < report["budget"]["allowed"], report
    probed = next(m for m in server.cli_json("sla")["monitors"] if m["monitor"] == "relay:primary")
    assert probed["relay"] == "primary" and probed["availability"][0]["uptime_percent"] < 100, probed
    text = server.cli("sla")
    assert text.returncode == 0 and "primary" in text.stdout and "FIRING" in text.stdout, text.stdout + text.stderr

    primary.accept()
    recovered = wait_until(
        lambda: [d for d in alerts(receiver, "sla_burn_recovered", "primary")
                 if d.event["alert"]["key"] == "sla:primary:fast"], 20)
    assert recovered, [d.body for d in receiver.all()]
    assert signature_ok(SECRET, recovered[0]) and recovered[0].event["alert"]["recovery"] is True
    fast_alerts = [d for d in alerts(receiver, "sla_burn", "primary") if d.event["alert"]["key"] == "sla:primary:fast"]
    assert len(fast_alerts) == 1, "a lasting burn was announced twice within the repeat interval"
