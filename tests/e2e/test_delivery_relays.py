"""Delivery through relays (issue 3), end to end: the real binary delivers to aiosmtpd sinks on 127.0.0.1.

Select with `-k delivery` (every module is named test_delivery_*.py). Every duration in the servers'
configs is in seconds (delivery_support.DELIVERY_DEFAULTS); every wait is bounded.
"""

from __future__ import annotations

import json
import smtplib
import statistics
import time

import pytest

from conftest import send_one
from delivery_support import (RELAY_FIELDS, deliver_by, delivery_log_lines, delivery_overrides, dsn_final_recipients,
                              dsn_problems, inject, msg_bytes, rows_by_recipient, states, unique_mids, wait_states,
                              wait_until)
from relaysink import all_received, wait_for_message_ids, wait_for_messages

BAD_STATES = ("bounced", "expired")


def assert_no_bounce_or_expiry(server, context: str):
    c = states(server)
    bad = {k: c.get(k, 0) for k in BAD_STATES if c.get(k, 0)}
    assert not bad, f"{context}: recipients {bad} although only relays were unavailable (states: {c})"


def assert_all_arrived(injected, sinks, context: str):
    want = {m.mid for m in injected}
    got = unique_mids(all_received(sinks))
    missing = want - got
    assert not missing, (f"{context}: {len(missing)} of {len(want)} messages never reached a sink, "
                         f"e.g. {sorted(missing)[:3]}; sinks: {sinks}")


# --- visibility: relays --json, message --json, log lines -----------------------------------------

@pytest.mark.timeout(120)
def test_delivery_basic_visibility(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    server = server_factory(**delivery_overrides([a.relay_config(weight=1), b.relay_config(weight=1)]))
    msgs = inject(server, 20, tag="vis", threads=2)
    missing = wait_for_message_ids([a, b], [m.mid for m in msgs], 60)
    assert not missing, f"{len(missing)} of 20 messages did not arrive within 60s; sinks {a} {b}"
    got = all_received([a, b])
    # the message as received: envelope and the Message-ID kept
    rec = next(r for r in got if r.message_id == msgs[0].mid)
    assert rec.mail_from == "app@example.com" and rec.rcpts == msgs[0].rcpts, (rec.mail_from, rec.rcpts)
    assert b"hello from the delivery e2e tests" in rec.data

    c = wait_states(server, {"delivered": 20}, 30)
    assert c.get("delivered") == 20, f"queue list --json after delivery: {c}"

    relays = server.cli_json("relays")
    assert isinstance(relays, list) and sorted(r.get("name") for r in relays) == ["a", "b"], relays
    for r in relays:
        # last_error / last_change may be left out (JSON null) while there is nothing to report
        missing = [f for f in RELAY_FIELDS if f not in r and f not in ("last_error", "last_change")]
        assert not missing, f"relays --json entry {r.get('name')} lacks {missing}: {r}"
        assert r["state"] == "closed", r
        assert r["weight"] == 1 and r["priority_group"] == 0, r
    assert sum(r["sent"] for r in relays) >= 20, f"relays --json sent counters: {relays}"

    m = server.message(msgs[0].qid)
    attempts = [e for e in m["events"] if isinstance(e, dict) and "relay" in e]
    assert attempts, f"message --json events have no delivery attempt with a relay: {m['events']}"
    assert any(e["relay"] in ("a", "b") and "reply" in e and str(e["reply"]).startswith("250")
               for e in attempts), f"no attempt event with relay a/b and the 250 reply: {attempts}"

    lines = delivery_log_lines(server)
    for msg in msgs:
        mine = [l for l in lines if l["id"] == msg.qid and l["status"] == "sent"]
        assert mine, (f"no log line with delivery, id={msg.qid}, rcpt=, relay=, status=sent; "
                      f"delivery lines: {[l['line'] for l in lines][:5]}")
        assert mine[0]["relay"] in ("a", "b") and msg.rcpts[0] in mine[0]["rcpt"], mine[0]["line"]


# --- (a) weights ------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(300)
def test_delivery_a_weights_3_to_1(server_factory, relay_sinks):
    a, b = relay_sinks("a"), relay_sinks("b")
    # max_connections well above concurrency: neither relay is ever "busy", so only weights decide
    server = server_factory(**delivery_overrides([a.relay_config(weight=3, max_connections=40),
                                                  b.relay_config(weight=1, max_connections=40)]))
    msgs = inject(server, 2000, tag="w")
    wait_for_message_ids([a, b], [m.mid for m in msgs], 180)
    assert_all_arrived(msgs, [a, b], "weights 3:1")
    na, nb = a.count(), b.count()
    share = na / (na + nb)
    print(f"relay a {na}, relay b {nb}: a's share {share:.3f}")
    assert 0.70 <= share <= 0.80, f"weights 3:1 gave a {na} and b {nb} ({share:.1%} on a; want 70-80%)"
    assert_no_bounce_or_expiry(server, "weights")


# --- (b) failover -----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(300)
def test_delivery_b_primary_stops_mid_run_backup_takes_over(server_factory, relay_sinks):
    primary, backup = relay_sinks("primary"), relay_sinks("backup")
    server = server_factory(**delivery_overrides([primary.relay_config(priority_group=0, max_connections=20),
                                                  backup.relay_config(priority_group=1, max_connections=20)]))
    first = inject(server, 200, tag="b1")
    got = wait_for_messages([primary], 50, 60)
    assert len(got) >= 50, f"primary got {len(got)} messages within 60s (want >= 50 before stopping it)"
    assert backup.count() == 0, f"backup (group 1) used while the primary was up: {backup.count()} messages"
    primary.refuse()  # the primary goes down: connection refused, open connections reset
    at_stop = primary.count()
    second = inject(server, 200, tag="b2")
    wait_for_message_ids([primary, backup], [m.mid for m in first + second], 180)
    assert_all_arrived(first + second, [primary, backup], "primary stopped mid-run")
    assert primary.count() == at_stop
    b2 = {m.mid for m in second}
    on_backup = unique_mids(backup.messages())
    assert b2 <= on_backup, f"{len(b2 - on_backup)} messages submitted after the primary stopped are not on the backup"
    c = wait_states(server, {"delivered": 400}, 30)
    assert c.get("bounced", 0) == 0 and c.get("expired", 0) == 0, f"bounces/expiries after failover: {c}"
    assert c.get("delivered") == 400, f"queue list --json: {c}"


# --- (c) total outage, then recovery, transactional first ----------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(300)
def test_delivery_c_all_relays_down_then_back_transactional_first(server_factory, relay_sinks):
    a, b = relay_sinks("a", listening=False), relay_sinks("b", listening=False)
    # few connections: the catch-up takes a while, so the order in which it drains is visible
    server = server_factory(**delivery_overrides([a.relay_config(max_connections=2),
                                                  b.relay_config(max_connections=2)], concurrency=4))
    bulk = inject(server, 180, tag="bulk", headers=lambda i: {"X-Steadymail-Priority": "bulk"})
    trans = inject(server, 20, tag="tx", threads=2, headers=lambda i: {"X-Steadymail-Priority": "transactional"})
    # the outage lasts several retry cycles (retry_max 4s) and breaker cooldowns (max 4s)
    t_end = time.monotonic() + 12
    while time.monotonic() < t_end:
        c = states(server)
        assert c.get("delivered", 0) == 0, f"delivered while every relay refuses connections? {c}"
        assert_no_bounce_or_expiry(server, "every relay down")
        time.sleep(1)
    c = states(server)
    assert sum(c.values()) == 200 and set(c) <= {"queued", "deferred", "in_flight"}, f"during the outage: {c}"
    relays = {r["name"]: r for r in server.cli_json("relays")}
    assert all(r["failures"] > 0 for r in relays.values()), f"relays --json shows no failures during the outage: {relays}"
    assert all(r.get("last_error") for r in relays.values()), f"relays --json: no last_error after failures: {relays}"

    a.accept(), b.accept()
    wait_for_message_ids([a, b], [m.mid for m in bulk + trans], 180)
    assert_all_arrived(bulk + trans, [a, b], "after the outage")
    order = [r.message_id for r in all_received([a, b]) if not r.is_dsn]
    first_pos = {}
    for i, mid in enumerate(order):
        first_pos.setdefault(mid, i)
    tx_pos = sorted(first_pos[m.mid] for m in trans)
    bulk_pos = sorted(first_pos[m.mid] for m in bulk)
    median_bulk = statistics.median(bulk_pos)
    print(f"arrival positions: transactional {tx_pos}; bulk median {median_bulk}")
    if max(tx_pos) >= median_bulk:
        last = max(trans, key=lambda m: first_pos[m.mid])
        pytest.fail(f"transactional mail not first after the outage: arrival positions of the 20 transactional "
                    f"{tx_pos}, median bulk position {median_bulk}; events of the last transactional one "
                    f"({last.qid}): {server.message(last.qid).get('events')}", pytrace=False)
    c = wait_states(server, {"delivered": 200}, 30)
    assert c.get("delivered") == 200 and not any(c.get(k) for k in BAD_STATES), f"after recovery: {c}"


# --- (d) 550 5.1.1 bounces exactly those recipients, DSN to the sender -------------------------------

@pytest.mark.timeout(180)
def test_delivery_d_550_bounces_exact_recipients_and_dsn_reaches_sender(server_factory, relay_sinks):
    a = relay_sinks("a")
    bad = {"bad1@example.org", "bad2@example.net"}
    for addr in bad:
        a.rcpt_replies[addr] = "550 5.1.1 <%s>: Recipient address rejected: User unknown" % addr
    server = server_factory(**delivery_overrides([a.relay_config()]))
    sender = "sender@example.com"
    sent = []
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        s.ehlo("d.e2e.test")
        for i, rcpts in enumerate([["good1@example.org", "bad1@example.org"], ["bad2@example.net"],
                                   ["good2@example.org"]]):
            mid = f"<bounce-{i}@e2e.test>"
            sent.append((send_one(s, sender, rcpts, msg_bytes(mid, sender=sender, to=rcpts[0], subject=f"d {i}")),
                         mid, rcpts))

    def settled():
        rows = rows_by_recipient(server)
        return rows if all(rows.get(r, {}).get("state") in ("delivered", "bounced")
                           for r in ("good1@example.org", "good2@example.org", *bad)) else None

    rows = wait_until(settled, 60) or rows_by_recipient(server)
    bounced = {r for r, row in rows.items() if row["state"] == "bounced" and "@example" in r}
    assert bounced == bad, f"bounced recipients {sorted(bounced)}, want exactly {sorted(bad)}; rows: {rows}"
    for g in ("good1@example.org", "good2@example.org"):
        assert rows[g]["state"] == "delivered", f"{g}: {rows[g]}"
    delivered_rcpts = {r for rec in a.messages() if not rec.is_dsn for r in rec.rcpts}
    assert delivered_rcpts == {"good1@example.org", "good2@example.org"}, delivered_rcpts

    dsns = wait_for_messages([a], 1, 60, predicate=lambda r: sender in r.rcpts and r.mail_from in ("", "<>"))
    final = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        dsns = [r for r in a.messages() if sender in r.rcpts and r.mail_from in ("", "<>")]
        final = set().union(*(dsn_final_recipients(d) for d in dsns)) if dsns else set()
        if final >= bad:
            break
        time.sleep(0.5)
    assert dsns, (f"no DSN (MAIL FROM:<>) to {sender} reached the sink within 60s; "
                  f"received: {[(r.mail_from, r.rcpts) for r in a.messages()]}")
    for d in dsns:
        assert not dsn_problems(d), f"DSN is not RFC 3464: {dsn_problems(d)}\n{d.data[:1500]!r}"
    assert final == bad, f"Final-Recipient fields of the DSNs: {sorted(final)}, want exactly {sorted(bad)}"
    # the bounce is recorded with the relay's reply
    m = server.message(sent[1][0])
    assert "5.1.1" in json.dumps(m), f"message --json of the bounced message does not mention 5.1.1: {m}"


@pytest.mark.timeout(120)
def test_delivery_451_defers_then_delivers(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.rcpt_replies["later@example.org"] = "451 4.7.1 <later@example.org>: greylisted, try again later"
    server = server_factory(**delivery_overrides([a.relay_config()]))
    sender = "sender@example.com"
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        qid = send_one(s, sender, ["now@example.org", "later@example.org"],
                       msg_bytes("<grey@e2e.test>", sender=sender, to="now@example.org", subject="451"))
    rows = wait_until(lambda: (lambda r: r if r.get("later@example.org", {}).get("state") == "deferred" else None)(
        rows_by_recipient(server)), 30)
    assert rows and rows["later@example.org"]["state"] == "deferred", f"451 did not defer: {rows_by_recipient(server)}"
    assert rows["now@example.org"]["state"] == "delivered", rows
    assert a.counters["rcpt_rejected"] >= 1
    del a.rcpt_replies["later@example.org"]
    got = wait_for_messages([a], 1, 40, predicate=lambda r: "later@example.org" in r.rcpts)
    assert got, f"later@example.org not delivered after the 451 stopped (retry_max 4s); {rows_by_recipient(server)}"
    c = wait_states(server, {"delivered": 2}, 20)
    assert c.get("delivered") == 2 and not c.get("bounced"), c
    assert not [r for r in a.messages() if r.is_dsn], "a DSN was sent for a deferred-then-delivered recipient"
    del qid


# --- (e) deadline during an outage -----------------------------------------------------------------

@pytest.mark.timeout(180)
def test_delivery_e_deadline_passes_during_outage_expires(server_factory, relay_sinks):
    a = relay_sinks("a", listening=False)
    server = server_factory(**delivery_overrides([a.relay_config()]))
    sender = "sender@example.com"
    urgent = inject(server, 1, tag="urgent", sender=sender, threads=1,
                    headers=lambda i: {"X-Steadymail-Deliver-By": deliver_by(4)})[0]
    normal = inject(server, 5, tag="normal", sender=sender, threads=1)
    row = wait_until(lambda: (lambda r: r if r and r["state"] == "expired" else None)(
        rows_by_recipient(server).get(urgent.rcpts[0])), 30)
    assert row and row["state"] == "expired", (f"deadline passed during the outage but the recipient is "
                                               f"{rows_by_recipient(server).get(urgent.rcpts[0])}")
    m = server.message(urgent.qid)
    assert "deadline" in json.dumps(m).lower(), f"expiry of {urgent.qid} does not note the deadline: {m['events']}"
    assert_no_bounce_or_expiry_except(server, {urgent.rcpts[0]})

    a.accept()
    wait_for_message_ids([a], [n.mid for n in normal], 60)
    assert_all_arrived(normal, [a], "after the outage")
    time.sleep(5)  # longer than retry_max: a late delivery of the expired message would show by now
    late = [r for r in a.messages() if r.message_id == urgent.mid and not r.is_dsn]
    assert not late, "the message whose deadline passed was delivered late"
    rows = rows_by_recipient(server)
    assert rows[urgent.rcpts[0]]["state"] == "expired", rows[urgent.rcpts[0]]
    assert all(rows[n.rcpts[0]]["state"] == "delivered" for n in normal), rows
    # SMTP-submitted: the expiry sends a DSN to the sender, through the relay
    dsns = wait_for_messages([a], 1, 30, predicate=lambda r: r.is_dsn and sender in r.rcpts)
    assert dsns, f"no DSN to {sender} for the expired recipient within 30s"
    assert urgent.rcpts[0] in set().union(*(dsn_final_recipients(d) for d in dsns)), [d.data[:800] for d in dsns]


def assert_no_bounce_or_expiry_except(server, allowed: set[str]):
    bad = {r: row["state"] for r, row in rows_by_recipient(server).items()
           if row["state"] in BAD_STATES and r not in allowed}
    assert not bad, f"recipients bounced/expired although only relays were down: {bad}"


# --- (f) poison message: drops in DATA on every relay ------------------------------------------------

@pytest.mark.timeout(180)
def test_delivery_f_poison_message_opens_no_breaker(server_factory, relay_sinks):
    marker = b"POISON-7f3a-DROP-ME"
    a, b = relay_sinks("a"), relay_sinks("b")
    a.drop_marker = b.drop_marker = marker
    server = server_factory(**delivery_overrides([a.relay_config(), b.relay_config()]))
    poison = inject(server, 1, tag="poison", threads=1, body=lambda i: "line one\r\n" + marker.decode() + "\r\n")[0]
    normal = inject(server, 50, tag="ok", threads=4)
    wait_for_message_ids([a, b], [m.mid for m in normal], 60)
    assert_all_arrived(normal, [a, b], "with a poison message in the queue")

    # keep watching while the poison message is retried (retry_max 4s, breaker_threshold 3)
    seen = []
    t_end = time.monotonic() + 12
    while time.monotonic() < t_end:
        relays = server.cli_json("relays")
        seen.append({r["name"]: r["state"] for r in relays})
        not_closed = {r["name"]: r["state"] for r in relays if r["state"] != "closed"}
        assert not not_closed, f"a relay's breaker left 'closed' because of one poison message: {not_closed}"
        time.sleep(0.5)
    drops = a.counters["dropped_mid_data"] + b.counters["dropped_mid_data"]
    assert drops >= 2, f"the poison message was dropped only {drops} times: was it tried on both relays? {a} {b}"
    assert not [r for r in all_received([a, b]) if r.message_id == poison.mid]
    row = rows_by_recipient(server)[poison.rcpts[0]]
    assert row["state"] in ("queued", "deferred", "in_flight"), f"poison message state: {row}"

    more = inject(server, 10, tag="more", threads=2)
    wait_for_message_ids([a, b], [m.mid for m in more], 30)
    assert_all_arrived(more, [a, b], "after the poison message was retried")


# --- (g) SIGKILL mid-delivery ------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(420)
def test_delivery_g_sigkill_mid_delivery_every_message_arrives(server_factory, relay_sinks):
    concurrency = 20
    a = relay_sinks("a", listening=False)  # hold the queue until all 2,000 are in
    server = server_factory(**delivery_overrides([a.relay_config(max_connections=concurrency)],
                                                 concurrency=concurrency))
    msgs = inject(server, 2000, tag="g")
    a.stall_data = 0.02  # at most ~1,000 msgs/s over 20 connections: a fast build cannot finish before the kill
    a.accept()
    got = wait_for_messages([a], 400, 120)
    assert len(got) >= 400, f"only {len(got)} delivered within 120s of the relay coming up"
    server.kill()  # SIGKILL mid-delivery
    at_kill = a.count()
    assert at_kill < 2000, "delivery finished before the kill: the test proves nothing (deliver slower?)"
    a.stall_data = 0.0
    server.start()
    wait_for_message_ids([a], [m.mid for m in msgs], 240)
    assert_all_arrived(msgs, [a], "after SIGKILL + restart")
    recs = [r for r in a.messages() if not r.is_dsn]
    dups = len(recs) - len(unique_mids(recs))
    print(f"killed after {at_kill} arrivals; {len(recs)} received, {dups} duplicates (bound {concurrency})")
    assert dups <= concurrency, f"{dups} duplicates after SIGKILL, more than could be in flight ({concurrency})"
    c = wait_states(server, {"delivered": 2000}, 60)
    assert c.get("delivered") == 2000, f"queue after restart: {c}"


# --- 421 is relay-level: failover and the breaker opens ------------------------------------------

@pytest.mark.timeout(120)
@pytest.mark.parametrize("where", ["greeting", "mail"])
def test_delivery_421_fails_over_and_opens_breaker(server_factory, relay_sinks, where):
    bad, good = relay_sinks("bad"), relay_sinks("good")
    setattr(bad, f"{where}_421", True)
    server = server_factory(**delivery_overrides([bad.relay_config(weight=3), good.relay_config(weight=1)]))
    msgs = inject(server, 30, tag=f"f421{where}", threads=3)
    missing = wait_for_message_ids([bad, good], [m.mid for m in msgs], 60)
    assert not missing, f"{len(missing)} of 30 messages not delivered while one relay answers 421; {bad} {good}"
    assert bad.count() == 0 and bad.counters["refused_by_421"] >= 1, bad
    assert_no_bounce_or_expiry(server, f"421 at {where} on one relay")
    seen = set()
    t_end = time.monotonic() + 6
    while time.monotonic() < t_end:
        relays = {r["name"]: r for r in server.cli_json("relays")}
        seen.add(relays["bad"]["state"])
        if "open" in seen:
            break
        time.sleep(0.2)
    assert "open" in seen or "half-open" in seen, (f"the relay answering 421 at {where} never showed an open "
                                                   f"breaker (breaker_threshold 3): states seen {seen}, {relays['bad']}")
    assert relays["bad"]["failures"] >= 3 and relays["bad"].get("last_error"), relays["bad"]
    assert relays["good"]["state"] == "closed", relays["good"]


# --- stall after the final dot: "maybe delivered", retried on the same Message-ID ---------------------

@pytest.mark.timeout(120)
def test_delivery_stall_past_final_dot_timeout_is_retried_not_bounced(server_factory, relay_sinks):
    a = relay_sinks("a")
    a.stall_data = 6.0  # final_dot_timeout is 3s
    server = server_factory(**delivery_overrides([a.relay_config()]))
    msg = inject(server, 1, tag="stall", threads=1)[0]
    ok = wait_until(lambda: a.counters["stalled"] >= 1, 20, 0.1)
    assert ok, f"the relay never saw DATA: {a}"
    time.sleep(4)  # past final_dot_timeout: the server gave up on this attempt
    a.stall_data = 0.0
    c = wait_states(server, {"delivered": 1}, 40)
    assert c.get("delivered") == 1 and not c.get("bounced") and not c.get("expired"), f"after a stalled final dot: {c}"
    copies = [r for r in a.messages() if r.message_id == msg.mid]
    assert copies, "never delivered"
    assert len(copies) <= 3, f"{len(copies)} copies of one message after one stalled attempt"
    row = rows_by_recipient(server)[msg.rcpts[0]]
    assert row["state"] == "delivered", row
