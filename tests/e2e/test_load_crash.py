"""Concurrency and crash safety: every 250 the server gave is in the queue, also across kill -9."""

import smtplib
import threading
import time

import pytest

from conftest import make_message, send_one


def client_loop(port, n, ids, errors, stop=None, tag="c"):
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
            s.ehlo(f"{tag}.e2e.test")
            for i in range(n):
                if stop is not None and stop.is_set():
                    return
                qid = send_one(s, "app@example.com", [f"{tag}-{i}@example.org"], make_message(subject=f"{tag} {i}"))
                ids.append(qid)
    except Exception as e:  # noqa: BLE001 - recorded and judged by the test
        errors.append(repr(e))


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_500_messages_from_10_concurrent_clients(server):
    ids, errors = [], []
    threads = [threading.Thread(target=client_loop, args=(server.port, 50, ids, errors, None, f"t{t}"))
               for t in range(10)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(240)
    elapsed = time.monotonic() - t0
    assert not errors, f"client errors: {errors[:5]}"
    assert len(ids) == 500 and len(set(ids)) == 500, f"{len(ids)} ids, {len(set(ids))} distinct"
    counts = server.queue_counts()
    assert counts["total"] == 500 and counts["queued"] == 500, counts
    listed = {r["id"] for r in server.queue_list()}
    missing = set(ids) - listed
    assert not missing, f"{len(missing)} acknowledged ids missing from queue list, e.g. {sorted(missing)[:3]}"
    print(f"500 messages in {elapsed:.1f}s ({500 / elapsed:.0f}/s)")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_sigkill_mid_burst_loses_no_acknowledged_message(server):
    ids, errors = [], []
    stop = threading.Event()
    threads = [threading.Thread(target=client_loop, args=(server.port, 10_000, ids, errors, stop, f"k{t}"))
               for t in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(ids) < 60 and time.monotonic() < deadline and not errors:
        time.sleep(0.02)
    assert len(ids) >= 1, f"no message acknowledged before the kill; errors: {errors[:3]}"
    server.kill()  # kill -9 mid-burst
    stop.set()
    for t in threads:
        t.join(60)
    acknowledged = list(ids)
    assert len(set(acknowledged)) == len(acknowledged)

    # read straight from the database with the server down ...
    offline = {r["id"] for r in server.queue_list()}
    missing = set(acknowledged) - offline
    assert not missing, f"{len(missing)}/{len(acknowledged)} acknowledged ids lost after kill -9 (offline read)"

    # ... and through the control socket of the restarted server
    server.start()
    online = {r["id"] for r in server.queue_list()}
    missing = set(acknowledged) - online
    assert not missing, f"{len(missing)}/{len(acknowledged)} acknowledged ids missing after restart"
    # the restarted server still takes mail
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        send_one(s, "app@example.com", ["after@example.org"], make_message())


@pytest.mark.slow
def test_sigkill_during_data_keeps_nothing(server):
    """kill -9 while a client is half-way through DATA: no 250 was sent, so nothing may be queued."""
    from conftest import ehlo_session

    c = ehlo_session(server.port)
    assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
    assert c.cmd("RCPT TO:<half@example.org>")[0] == 250
    assert c.cmd("DATA")[0] == 354
    c.send(b"Subject: half\r\n\r\n" + b"partial line\r\n" * 2000)
    time.sleep(0.3)
    server.kill()
    c.close()
    server.start()
    rows = server.queue_list()
    assert rows == [], f"a message killed mid-DATA was queued: {rows}"
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        send_one(s, "app@example.com", ["after@example.org"], make_message())
    assert server.queue_counts()["total"] == 1
