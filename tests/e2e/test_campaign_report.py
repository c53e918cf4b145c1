"""Issue 9, point 6: the campaign report. A small campaign fully delivered reports the same totals through
`steadymail campaign report --json` and `GET /v1/campaigns/{id}/report`; a campaign delayed by an outage of its only
relay (an incident opened by 1-second relay probes) ends with zero bounces and a report that shows the delay."""

from __future__ import annotations

import time

import pytest

from campaign_support import add_audience, add_template, campaign_action, campaign_overrides, create_campaign, \
    sink_total, subscriber_rows, wait_campaign
from delivery_support import delivery_overrides, wait_until
from test_api_trace import api, create_key

PROBES = {"interval": "1s", "timeout": "1s", "failures_before_down": 2}


def report(server, campaign_id: int) -> dict:
    return server.cli_json("campaign", "report", str(campaign_id))


def start_campaign(server, *extra: str) -> int:
    campaign = create_campaign(server, "Report", "--template", "hello", "--list", "news", "--from",
                               "shop@example.org", *extra)
    assert campaign_action(server, "start", campaign["id"])["state"] == "running"
    return campaign["id"]


@pytest.mark.timeout(90)
def test_a_delivered_campaign_reports_the_same_totals_on_the_cli_and_the_api(server_factory, relay_sinks):
    sink = relay_sinks("only")
    server = server_factory(**delivery_overrides([sink.relay_config()]), **campaign_overrides())
    add_template(server)
    add_audience(server, {"news": subscriber_rows(10)})
    cid = start_campaign(server)
    finished = wait_campaign(server, cid, "finished", 40)
    assert finished["state"] == "finished", finished
    assert wait_until(lambda: report(server, cid)["totals"]["delivered"] == 10, 20), report(server, cid)

    cli = report(server, cid)
    totals = cli["totals"]
    assert totals["sent"] == 10 and totals["delivered"] == 10, totals
    assert totals["bounced"] == {"hard": 0, "soft": 0} and totals["deferred"]["waiting"] == 0, totals
    assert totals["expired"] == {"deadline": 0, "max_age": 0, "other": 0}, totals
    assert cli["rates"]["delivery"] == 1.0 and cli["rates"]["bounce"] == 0.0, cli["rates"]
    assert sum(h["sent"] for h in cli["hours"]) == 10 and sum(h["delivered"] for h in cli["hours"]) == 10, cli
    assert cli["hours_truncated"] is False

    key = create_key(server, "read")
    status, body = api(server, "GET", f"/v1/campaigns/{cid}/report", key)
    assert status == 200, body
    assert body["totals"] == cli["totals"] and body["campaign"] == cli["campaign"], (body, cli)
    assert body["hours"] == cli["hours"] and body["incidents"] == cli["incidents"], (body, cli)
    assert api(server, "GET", "/v1/campaigns/999999/report", key)[0] == 404
    assert api(server, "GET", f"/v1/campaigns/{cid}/report", None)[0] == 401

    text = server.cli("campaign", "report", str(cid))
    assert text.returncode == 0, text.stderr
    assert "delivered: 10 (100.0%)" in text.stdout and "bounced: hard 0, soft 0" in text.stdout, text.stdout


@pytest.mark.timeout(120)
def test_a_campaign_delayed_by_an_outage_ends_with_zero_bounces_and_a_report_that_shows_the_delay(
        server_factory, relay_sinks):
    sink = relay_sinks("primary")
    server = server_factory(**delivery_overrides([sink.relay_config()]), **campaign_overrides(),
                            monitoring={"relay_probes": True, **PROBES})
    add_template(server)
    add_audience(server, {"news": subscriber_rows(10)})

    def relay_monitor() -> dict:
        return next(m for m in server.cli_json("monitors")["monitors"] if m["name"] == "relay:primary")

    assert wait_until(lambda: relay_monitor()["state"] == "up", 10), relay_monitor()
    sink.refuse()
    assert wait_until(lambda: relay_monitor()["state"] == "down", 6, interval=0.2), relay_monitor()
    stopped = time.monotonic()
    cid = start_campaign(server)
    assert wait_until(lambda: time.monotonic() - stopped >= 5, 10, interval=0.2)
    assert sink_total([sink]) == 0
    sink.accept()

    finished = wait_campaign(server, cid, "finished", 60)
    assert finished["state"] == "finished", finished
    assert wait_until(lambda: report(server, cid)["totals"]["delivered"] == 10, 30), report(server, cid)
    incident = wait_until(lambda: next((i for i in server.cli_json("incidents")["incidents"]
                                        if i["monitor"] == "relay:primary" and i["closed_at"]), None), 15)
    assert incident, server.cli_json("incidents")

    result = report(server, cid)
    totals = result["totals"]
    assert totals["delivered"] == 10 and totals["bounced"] == {"hard": 0, "soft": 0}, totals
    assert totals["expired"] == {"deadline": 0, "max_age": 0, "other": 0}, totals
    mine = [i for i in result["incidents"] if i["id"] == incident["id"]]
    assert len(mine) == 1, result["incidents"]
    entry = mine[0]
    assert entry["relay"] == "primary" and entry["ended_at"], entry
    delayed = entry["delayed"]
    assert delayed["recipients"] == 10 and delayed["still_waiting"] == 0, delayed
    assert delayed["max_seconds"] >= 3 and 0 < delayed["median_seconds"] <= delayed["max_seconds"], delayed
    assert delayed["total_seconds"] >= delayed["max_seconds"], delayed
    assert result["delayed_by_downtime"]["recipients"] == 10, result["delayed_by_downtime"]

    text = server.cli("campaign", "report", str(cid))
    assert text.returncode == 0, text.stderr
    assert "10 recipients delayed, median" in text.stdout, text.stdout
