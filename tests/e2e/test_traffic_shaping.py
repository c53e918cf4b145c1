"""Issue 4, points 1-3: recovery pacing, provider throttles, per-destination limits, end to end.

The real binary delivers to aiosmtpd sinks (relaysink.py) on 127.0.0.1. Every duration is in seconds
(delivery_support.DELIVERY_DEFAULTS and SHAPING_DEFAULTS, overridden per test); every wait is bounded.
"""

from __future__ import annotations

import copy
import os
import time

import pytest

from conftest import to_yaml
from delivery_support import delivery_overrides, inject, rows_by_recipient, states, wait_states, wait_until
from relaysink import wait_for_message_ids

BAD_STATES = ("bounced", "expired")


def relay(server, name: str) -> dict:
    return {r["name"]: r for r in server.cli_json("relays")}[name]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def assert_nothing_bounced(server, context: str):
    c = states(server)
    bad = {k: c[k] for k in BAD_STATES if c.get(k)}
    assert not bad, f"{context}: {bad} although only relays or destinations slowed down (states: {c})"


# --- 1. recovery pacing ------------------------------------------------------------------------------

@pytest.mark.timeout(120)
def test_relay_back_from_an_outage_ramps_up(server_factory, relay_sinks):
    a = relay_sinks("a", listening=False)
    # ramp: 1 connection and 2 msg/s for 2 s, then 4, 8, 16 msg/s (unlimited from 16 on)
    server = server_factory(**delivery_overrides(
        [a.relay_config(max_connections=10)],
        shaping={"ramp_interval": "2s", "ramp_initial_connections": 1, "ramp_initial_rate": 2,
                 "ramp_full_rate": 16}))
    msgs = inject(server, 60, tag="ramp")
    down = wait_until(lambda: relay(server, "a")["state"] in ("open", "half-open")
                      and relay(server, "a")["failures"] >= 3, 30, 0.2)
    assert down, f"the breaker of the refusing relay never opened: {relay(server, 'a')}"
    assert relay(server, "a")["pace"] == "steady", "a relay that was never up should not ramp before it returns"

    a.accept()
    paces = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and a.count() < 60:
        r = relay(server, "a")
        paces.append((r["pace"], r["connection_limit"], r["rate_limit"]))
        time.sleep(0.3)
    missing = wait_for_message_ids([a], [m.mid for m in msgs], 30)
    assert not missing, f"{len(missing)} of 60 messages never arrived after the relay came back; {a}"
    assert ("ramping", 1, 2) in paces, f"relays --json never showed the ramp's start (ramping, 1, 2/s): {paces}"

    arrivals = sorted(r.at for r in a.messages() if not r.is_dsn)
    t0 = arrivals[0]  # the breaker's trial; its success starts the ramp
    windows = [sum(1 for t in arrivals if 2 * k <= t - t0 < 2 * (k + 1)) for k in range(6)]
    print(f"arrivals per 2 s after the relay came back: {windows} (span {arrivals[-1] - t0:.1f} s)")
    # the trial + a burst of 2 + 2 msg/s for 2 s, one more for timing slack
    assert windows[0] <= 8, f"first ramp interval: {windows[0]} messages, more than 2 msg/s allows; {windows}"
    assert max(windows[1:]) > windows[0], f"the pace never grew after the first interval: {windows}"
    assert arrivals[-1] - t0 >= 4, f"60 messages arrived within {arrivals[-1] - t0:.1f} s: no ramp at all"
    c = wait_states(server, {"delivered": 60}, 30)
    assert c.get("delivered") == 60, c
    assert_nothing_bounced(server, "after the ramp")


# --- 2. provider throttles -----------------------------------------------------------------------------

@pytest.mark.timeout(120)
def test_relay_throttle_fails_over_and_slows_the_relay_without_opening_its_breaker(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    a.mail_reply = "421 4.7.0 rate limited, slow down"
    server = server_factory(**delivery_overrides([a.relay_config(weight=3), b.relay_config(weight=1)],
                                                 shaping={"ramp_interval": "30s"}))
    msgs = inject(server, 30, tag="thr")
    missing = wait_for_message_ids([a, b], [m.mid for m in msgs], 30)
    assert not missing, f"{len(missing)} of 30 messages not delivered while relay a throttles; {a} {b}"
    assert a.count() == 0 and a.counters["mail_replied"] >= 1, a
    r = relay(server, "a")
    assert r["state"] == "closed" and r["failures"] == 0, f"a throttle counted against the breaker: {r}"
    assert r["pace"] == "throttled" and r["connection_limit"] < 10, r
    assert r["rate_limit"] is not None and r["rate_limit"] < 80, r
    assert r["throttles"] >= 1 and "rate limited" in (r["last_throttle"] or ""), r
    assert relay(server, "b")["pace"] == "steady"
    c = wait_states(server, {"delivered": 30}, 20)
    assert c.get("delivered") == 30 and not c.get("deferred"), f"mail was deferred instead of failing over: {c}"


@pytest.mark.timeout(120)
def test_a_throttling_relay_alone_postpones_its_mail_without_spending_attempts(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.mail_reply = "421 4.7.0 rate limited"
    server = server_factory(**delivery_overrides([a.relay_config()],
                                                 shaping={"ramp_interval": "2s", "throttle_min_rate": 0.5}))
    msgs = inject(server, 10, tag="alone")
    seen = set()
    t_end = time.monotonic() + 8
    while time.monotonic() < t_end:
        r = relay(server, "a")
        seen.add(r["state"])
        assert r["failures"] == 0, f"throttles counted as failures: {r}"
        time.sleep(0.3)
    assert seen == {"closed"}, f"the throttling relay's breaker left closed: {seen}"
    attempts_to_mail = a.counters["mail_replied"]
    r = relay(server, "a")
    assert r["pace"] == "throttled" and r["connection_limit"] == 1 and r["rate_limit"] <= 2, r
    rows = [row for row in rows_by_recipient(server).values() if row["recipient"].startswith("alone-")]
    assert a.count() == 0 and all(row["state"] in ("deferred", "in_flight", "queued") for row in rows), rows
    spent = [row for row in rows if row["state"] == "deferred" and row["attempts"] != 0]
    assert not spent, f"throttled recipients spent attempts: {spent}"
    # At 1 msg/s and 1 connection (retries postponed 1 s or more), 10 messages would try MAIL about 80 times in 8 s.
    print(f"MAIL commands answered with the throttle in 8 s: {attempts_to_mail}")
    assert attempts_to_mail <= 30, f"the relay was asked {attempts_to_mail} times in 8 s despite its throttle"

    a.mail_reply = None
    missing = wait_for_message_ids([a], [m.mid for m in msgs], 60)
    assert not missing, f"{len(missing)} of 10 messages not delivered after the throttle stopped"
    c = wait_states(server, {"delivered": 10}, 20)
    assert c.get("delivered") == 10, c
    assert_nothing_bounced(server, "after a relay throttle")


@pytest.mark.timeout(120)
def test_rcpt_throttle_for_one_domain_slows_only_that_destination(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.rcpt_domain_replies["slow.example"] = "451 4.7.0 rate limited"
    server = server_factory(**delivery_overrides([a.relay_config()], shaping={"ramp_interval": "2s"}))
    slow = inject(server, 10, tag="slow", rcpts=lambda i: [f"slow-{i}@slow.example"])
    fast = inject(server, 20, tag="fast", rcpts=lambda i: [f"fast-{i}@fast.example"])
    mixed = inject(server, 1, tag="mixed", threads=1, rcpts=lambda i: ["both@fast.example", "both@slow.example"])
    missing = wait_for_message_ids([a], [m.mid for m in fast + mixed], 20)
    assert not missing, f"{len(missing)} messages to fast.example held back by slow.example's throttle"
    mixed_rec = [r for r in a.messages() if r.message_id == mixed[0].mid]
    assert mixed_rec and mixed_rec[0].rcpts == ["both@fast.example"], [r.rcpts for r in mixed_rec]
    assert not [r for r in a.messages() if r.message_id in {m.mid for m in slow}], "slow.example got through"

    rows = rows_by_recipient(server)
    slow_rows = [row for rcpt, row in rows.items() if rcpt.endswith("@slow.example")]
    assert len(slow_rows) == 11 and all(row["state"] in ("deferred", "in_flight", "queued") for row in slow_rows)
    spent = [row for row in slow_rows if row["state"] == "deferred" and row["attempts"] != 0]
    assert not spent, f"throttled recipients spent attempts: {spent}"
    assert all(rows[f"fast-{i}@fast.example"]["state"] == "delivered" for i in range(20))
    dests = {d["name"]: d for d in server.cli_json("destinations")}
    assert "slow.example" in dests and "fast.example" not in dests, dests
    assert dests["slow.example"]["pace"] == "throttled" and dests["slow.example"]["throttles"] >= 1, dests
    assert dests["slow.example"]["connection_limit"] < 20, dests
    r = relay(server, "a")
    assert r["state"] == "closed" and r["pace"] == "steady" and r["failures"] == 0 and r["throttles"] == 0, r
    human = server.cli("destinations")
    assert human.returncode == 0 and "slow.example" in human.stdout and "throttled" in human.stdout, human

    del a.rcpt_domain_replies["slow.example"]
    missing = wait_for_message_ids([a], [m.mid for m in slow], 60)
    assert not missing, f"{len(missing)} of 10 slow.example messages not delivered after the throttle stopped"
    c = wait_states(server, {"delivered": 32}, 30)
    assert c.get("delivered") == 32, c
    assert_nothing_bounced(server, "after a destination throttle")


# --- 3. per-destination limits -----------------------------------------------------------------------

@pytest.mark.timeout(120)
def test_destination_concurrency_limit_holds_at_the_sink(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.stall_data = 0.3  # each transaction holds DATA for 0.3 s: concurrent ones overlap at the sink
    server = server_factory(**delivery_overrides(
        [a.relay_config(max_connections=10)], destinations=[{"name": "limited.example", "concurrency": 2}]))
    cpu_before, wall_before = cpu_seconds(server.pid), time.monotonic()
    limited = inject(server, 20, tag="lim", rcpts=lambda i: [f"l-{i}@limited.example"])
    free = inject(server, 20, tag="free", rcpts=lambda i: [f"f-{i}@free.example"])
    missing = wait_for_message_ids([a], [m.mid for m in limited + free], 60)
    cpu = (cpu_seconds(server.pid) - cpu_before) / (time.monotonic() - wall_before)
    assert not missing, f"{len(missing)} of 40 messages not delivered; {a}"
    print(f"most concurrent transactions per domain: {a.max_concurrent}; server CPU {cpu:.0%} of one core")
    assert a.max_concurrent.get("limited.example") == 2, (
        f"limited.example (concurrency 2) saw {a.max_concurrent.get('limited.example')} concurrent transactions")
    assert a.max_concurrent.get("free.example", 0) > 2, f"the unlimited domain was held back too: {a.max_concurrent}"
    last = {tag: max(r.at for r in a.messages() if r.message_id.startswith(f"<{tag}-")) for tag in ("lim", "free")}
    assert last["free"] < last["lim"], f"the unlimited domain finished no sooner than the limited one: {last}"
    assert cpu < 0.5, f"the server used {cpu:.0%} of a core while mail waited for destination slots: a busy loop?"

    dests = {d["name"]: d for d in server.cli_json("destinations")}
    lim = dests["limited.example"]
    assert lim["domains"] == ["limited.example"] and lim["concurrency"] == 2 and lim["rate"] is None, lim
    assert lim["pace"] == "steady" and lim["connection_limit"] == 2 and lim["in_flight"] == 0, lim
    c = wait_states(server, {"delivered": 40}, 20)
    assert c.get("delivered") == 40, c
    assert_nothing_bounced(server, "with a destination limit")


@pytest.mark.timeout(60)
def test_reload_applies_destinations_and_keeps_a_throttled_domain_slowed(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.rcpt_domain_replies["slow.example"] = "451 4.7.0 rate limited"
    server = server_factory(**delivery_overrides(
        [a.relay_config()], shaping={"ramp_interval": "30s"},
        destinations=[{"name": "limited.example", "concurrency": 2}]))
    inject(server, 1, tag="slow", threads=1, rcpts=lambda i: ["x@slow.example"])
    slowed = wait_until(lambda: "slow.example" in {d["name"] for d in server.cli_json("destinations")}, 20, 0.2)
    assert slowed, f"slow.example never showed as throttled: {server.cli_json('destinations')}"

    config = copy.deepcopy(server.config)
    config["destinations"] = [{"name": "microsoft", "domains": ["outlook.com", "hotmail.com"], "concurrency": 1},
                              {"name": "limited.example", "concurrency": 3, "rate": 5}]
    server.config_path.write_text(to_yaml(config) + "\n")
    result = server.cli("reload")
    assert result.returncode == 0 and "destinations" in result.stdout, result.stdout + result.stderr
    dests = {d["name"]: d for d in server.cli_json("destinations")}
    assert list(dests) == ["microsoft", "limited.example", "slow.example"], dests
    assert dests["microsoft"]["domains"] == ["outlook.com", "hotmail.com"] and dests["microsoft"]["concurrency"] == 1
    assert dests["limited.example"]["concurrency"] == 3 and dests["limited.example"]["rate_limit"] == 5, dests
    assert dests["slow.example"]["pace"] == "throttled", "a reload forgot a throttled domain"
