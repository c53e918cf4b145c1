"""Plain submission, what the queue and message views show afterwards, the send CLI and hash-password."""

import re
import smtplib
import subprocess

from conftest import QUEUE_ID, QUEUED_RE, STATES, make_message, run_bin, send_one


def header_names(msg: dict) -> list[str]:
    return [h["name"].lower() for h in msg["headers"]]


def test_listening_logged_per_listener(server_factory, tls_files):
    cert, key = tls_files
    from conftest import free_port

    srv = server_factory(smtp={"submissions_listen": f"127.0.0.1:{free_port()}", "tls": {"cert": cert, "key": key}})
    srv.wait_for_port(srv.submissions_port, 10)
    lines = [l for l in srv.stderr_text().splitlines() if "listening" in l]
    assert len(lines) >= 2, f"expected one 'listening' line per listener (2), got: {lines}"


def test_smtplib_submission_is_queued_and_logged(server):
    msg = make_message(subject="plain", headers={"X-Steadymail-Priority": "bulk",
                                                  "X-Steadymail-Deliver-By": "2026-12-01T10:00:00Z"})
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        s.ehlo("client.e2e.test")
        qid = send_one(s, "app@example.com", ["alice@example.org"], msg)
    assert re.fullmatch(QUEUE_ID, qid)

    rows = [r for r in server.queue_list() if r["id"] == qid]
    assert len(rows) == 1, f"queue list --json: expected one row for {qid}, got {rows}"
    row = rows[0]
    assert row["recipient"] == "alice@example.org"
    assert row["state"] == "queued"
    assert row["sender"] == "app@example.com"
    assert row["priority"] == "bulk", "X-Steadymail-Priority: bulk was not applied"

    m = server.message(qid)
    for key in ("id", "sender", "priority", "deliver_by", "received_at", "size", "origin", "headers",
                "recipients", "events"):
        assert key in m, f"message --json lacks {key!r}: {sorted(m)}"
    assert m["id"] == qid
    names = header_names(m)
    for added in ("received", "message-id", "date"):
        assert added in names, f"server did not add {added}: headers are {names}"
    assert "x-steadymail-priority" not in names, "X-Steadymail-Priority must be removed from the stored message"
    assert "x-steadymail-deliver-by" not in names, "X-Steadymail-Deliver-By must be removed from the stored message"
    assert m["priority"] == "bulk"
    assert str(m["deliver_by"]).startswith("2026-12-01T10:00:00"), m["deliver_by"]
    assert [r["recipient"] for r in m["recipients"]] == ["alice@example.org"]
    assert isinstance(m["events"], list)

    logged = [l for l in server.stderr_text().splitlines() if "queued" in l and f"id={qid}" in l]
    assert logged, f"no stderr line with 'queued' and 'id={qid}'"


def test_existing_message_id_and_date_are_kept(server):
    msg = make_message(headers={"Message-ID": "<keep-me@e2e.test>", "Date": "Mon, 02 Nov 2026 10:00:00 +0000"})
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        qid = send_one(s, "app@example.com", ["bob@example.org"], msg)
    m = server.message(qid)
    ids = [h["value"] for h in m["headers"] if h["name"].lower() == "message-id"]
    assert ids == ["<keep-me@e2e.test>"], f"Message-ID headers: {ids}"
    assert [h["name"].lower() for h in m["headers"]].count("date") == 1


def test_queue_counts_json(server):
    with smtplib.SMTP("127.0.0.1", server.port, timeout=20) as s:
        send_one(s, "app@example.com", ["a@example.org", "b@example.org"], make_message())
        send_one(s, "app@example.com", ["c@example.org"], make_message(headers={"X-Steadymail-Priority": "bulk"}))
    counts = server.queue_counts()
    for st in STATES:
        assert st in counts, f"queue --json lacks state {st!r}: {counts}"
    assert counts["total"] == 3, f"3 recipients were accepted, queue --json says {counts}"
    assert counts["queued"] == 3
    by = counts["by_priority"]
    assert by.get("bulk", {}).get("queued") == 1, by
    assert sum(v.get("queued", 0) for v in by.values()) == 3, by


def test_swaks_plain_submission(server):
    r = subprocess.run(
        ["swaks", "--server", f"127.0.0.1:{server.port}", "--from", "app@example.com", "--to", "carol@example.org",
         "--header", "Subject: swaks plain", "--body", "Hi Carol", "--timeout", "20"],
        capture_output=True, text=True, timeout=60,
    )
    assert r.returncode == 0, f"swaks exited {r.returncode}:\n{r.stdout}{r.stderr}"
    m = QUEUED_RE.search(r.stdout)
    assert m, f"no '250 2.0.0 Ok: queued as <ID>' in swaks output:\n{r.stdout}"
    ids = {row["id"] for row in server.queue_list() if row["recipient"] == "carol@example.org"}
    assert ids == {m.group(1)}


def test_send_cli_submits_to_running_server(server):
    r = server.cli("send", "--from", "app@example.com", "--to", "dave@example.org", "--to", "erin@example.org",
                   "--subject", "cli", "--priority", "time-critical", input="Your code is 123456\n")
    assert r.returncode == 0, f"send exited {r.returncode}: {r.stderr}{r.stdout}"
    m = re.search(QUEUE_ID, r.stdout)
    assert m, f"send printed no queue id: {r.stdout!r}"
    rows = [row for row in server.queue_list() if row["id"] == m.group(0)]
    assert sorted(row["recipient"] for row in rows) == ["dave@example.org", "erin@example.org"], rows
    assert {row["priority"] for row in rows} == {"time-critical"}
    assert server.message(m.group(0))["origin"], "message --json origin is empty"


def test_hash_password_is_scrypt_and_salted(steadymail_bin):
    a = run_bin(["hash-password"], input="pw-one\n")
    b = run_bin(["hash-password"], input="pw-one\n")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    ha, hb = a.stdout.strip(), b.stdout.strip()
    assert ha.startswith("$scrypt$") and hb.startswith("$scrypt$"), (ha, hb)
    assert ha != hb, "two hashes of the same password are identical: no salt"
    assert "pw-one" not in ha
