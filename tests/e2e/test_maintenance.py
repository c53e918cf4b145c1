"""Issue 7, points 3 and 4: a maintenance window on the primary relay drains it ahead of time, sends everything
through the backup with no incident and no deferral (even with the primary's sink stopped inside the window), and
afterwards brings the primary back with the recovery ramp; `maintenance suggest` ranks windows from the history."""

from __future__ import annotations

import datetime
import http.client
import time

import pytest

from delivery_support import delivery_overrides, wait_until
from relaysink import wait_for_messages
from test_api_trace import api, create_key
from test_monitoring import PROBES, Traffic, monitor, relay_state

DRAIN = 2.0
LEAD = 6.0
LENGTH = 10.0


def rfc3339(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def delete(server, path: str, key: str) -> int:
    """A DELETE, whose 204 has no body; returns the status."""
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("DELETE", path, headers={"Authorization": f"Bearer {key}"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def relay(server, name: str) -> dict:
    return next(r for r in server.cli_json("relays") if r["name"] == name)


@pytest.mark.timeout(120)
def test_a_window_drains_the_primary_quietly_and_it_comes_back_ramping(server_factory, relay_sinks):
    primary, backup = relay_sinks("primary"), relay_sinks("backup")
    server = server_factory(
        **delivery_overrides([primary.relay_config(weight=9), backup.relay_config(weight=1)]),
        monitoring={"relay_probes": True, **PROBES},
        maintenance={"drain_before": f"{DRAIN:g}s", "check_interval": "200ms"})
    assert wait_until(lambda: monitor(server, "relay:primary")["state"] == "up", 10), monitor(server, "relay:primary")

    with Traffic(server, "steady") as traffic:
        wait_for_messages([primary], 5, timeout=20)
        # Whole seconds: the window starts LEAD to LEAD + 1 seconds from now.
        start = float(int(time.time() + LEAD) + 1)
        end = start + LENGTH
        added = server.cli("maintenance", "add", "--relay", "primary", "--start", rfc3339(start), "--end",
                           rfc3339(end), "--reason", "firmware upgrade", "--json")
        assert added.returncode == 0, added.stderr
        assert wait_until(lambda: relay_state(server, "primary") == "maintenance", start - DRAIN - time.time() + 1.5,
                          interval=0.05), relay(server, "primary")
        drained_at = time.time()
        assert drained_at >= start - DRAIN - 0.1, "drained before drain_before"
        # Transactions open at the drain finish; none starts afterwards.
        time.sleep(1.0)
        settled = primary.count()
        time.sleep(max(0.0, start + 0.5 - time.time()))

        # Inside the window: the primary's sink stops; its monitor is quiet, the relay stays in maintenance.
        listed = server.cli_json("maintenance", "list")["windows"]
        assert len(listed) == 1 and listed[0]["active"] and listed[0]["draining"], listed
        primary.refuse()
        time.sleep(4)
        assert relay_state(server, "primary") == "maintenance"
        assert monitor(server, "relay:primary")["state"] == "up", monitor(server, "relay:primary")
        primary.accept()
        time.sleep(max(0.0, end - 0.3 - time.time()))
        assert primary.count() == settled, "a drained relay received mail"
        backup_during = backup.count()
        assert backup_during >= 40, backup_during

        # The window ends: the primary comes back ramping, and its pace grows.
        ramping = wait_until(lambda: (lambda r: r if r["state"] == "closed" and r["pace"] == "ramping" else None)(
            relay(server, "primary")), 3, interval=0.1)
        assert ramping, relay(server, "primary")
        assert wait_until(lambda: (lambda r: r["pace"] != "ramping" or
                                   (r["rate_limit"] or 1e9) > (ramping["rate_limit"] or 0))(relay(server, "primary")),
                          6, interval=0.2), (ramping, relay(server, "primary"))
        wait_for_messages([primary], settled + 5, timeout=10)
    assert not traffic.errors, traffic.errors

    qids = traffic.qids
    assert wait_until(lambda: server.cli_json("queue").get("delivered", 0) >= len(qids), 30), server.cli_json("queue")
    counts = server.cli_json("queue")
    assert counts.get("deferred", 0) == 0 and counts.get("bounced", 0) == 0, counts
    for qid in qids[::5]:
        assert not [e for e in server.message(qid)["events"] if e["state"] in ("deferred", "bounced")], qid
    assert not [i for i in server.cli_json("incidents")["incidents"] if i["monitor"] == "relay:primary"]

    window = server.cli_json("maintenance", "list")["windows"][0]
    assert window["target"] == "relay" and window["name"] == "primary" and not window["active"], window
    assert window.get("next_start") is None, "a one-off window that ended has no next occurrence"
    removed = server.cli("maintenance", "remove", str(window["id"]))
    assert removed.returncode == 0, removed.stderr
    assert server.cli_json("maintenance", "list")["windows"] == []


@pytest.mark.timeout(90)
def test_suggest_ranks_windows_from_the_history_and_the_api_manages_windows(server_factory, relay_sinks):
    primary, backup = relay_sinks("primary"), relay_sinks("backup")
    server = server_factory(**delivery_overrides([primary.relay_config(), backup.relay_config(rate=2)]))
    with Traffic(server, "history", every=0.05):
        wait_for_messages([primary, backup], 10, timeout=20)

    suggested = server.cli_json("maintenance", "suggest", "--duration", "2h", "--relay", "primary", "--limit", "5")
    candidates = suggested["candidates"]
    assert len(candidates) == 5, suggested
    volumes = [c["expected_volume"] for c in candidates]
    assert volumes == sorted(volumes) and volumes[0] == 0, candidates
    # The backup sends 2 per second: 7200 an hour.
    assert all(c["remaining_capacity_per_hour"] == 7200 and c["others_can_carry"] for c in candidates), candidates
    node = server.cli_json("maintenance", "suggest", "--duration", "90m", "--limit", "336")["candidates"]
    assert len(node) == 336 and node[-1]["expected_volume"] > 0, node[-1]
    assert not node[-1]["others_can_carry"] and node[-1]["remaining_capacity_per_hour"] == 0, node[-1]
    bad = server.cli("maintenance", "suggest", "--duration", "soon", "--json")
    assert bad.returncode != 0 and "duration" in bad.stderr, bad.stderr

    admin, read = create_key(server, "admin"), create_key(server, "read")
    body = {"relay": "backup", "weekly": "sun", "at": "02:00", "tz": "Europe/Berlin", "duration": "2h",
            "reason": "patching"}
    assert api(server, "POST", "/v1/maintenance", read, body)[0] == 403
    status, created = api(server, "POST", "/v1/maintenance", admin, body)
    assert status == 201 and created["schedule"] == "weekly" and created["weekday"] == "sun", created
    assert created["at"] == "02:00" and created["time_zone"] == "Europe/Berlin" and created["next_start"], created
    status, refused = api(server, "POST", "/v1/maintenance", admin, {**body, "tz": "Mars/Olympus"})
    assert status == 400 and "tz" in refused["error"]["message"], refused
    status, refused = api(server, "POST", "/v1/maintenance", admin, {**body, "color": "red"})
    assert status == 400 and "color" in refused["error"]["message"], refused
    status, listed = api(server, "GET", "/v1/maintenance", read)
    assert status == 200 and [w["id"] for w in listed["windows"]] == [created["id"]], listed
    status, ranked = api(server, "GET", "/v1/maintenance/suggest", read, params={"duration": "2h", "limit": "3"})
    assert status == 200 and len(ranked["candidates"]) == 3, ranked
    assert api(server, "GET", "/v1/maintenance/suggest", read, params={"duration": "0s"})[0] == 400
    assert delete(server, f"/v1/maintenance/{created['id']}", admin) == 204
    assert delete(server, f"/v1/maintenance/{created['id']}", admin) == 404
    cli_listed = server.cli_json("maintenance", "list")
    assert cli_listed["windows"] == [], cli_listed
