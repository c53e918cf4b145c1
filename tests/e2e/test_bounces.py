"""Issue 9 points 2 and 4: feedback by SMTP. With `feedback.bounce_domain` every campaign message leaves with the VERP
return path `bounces+<token>@<bounce domain>`, and with `feedback.unsubscribe_domain` its `List-Unsubscribe` also
carries `mailto:unsubscribe+<token>@<unsubscribe domain>`. DSNs sent (by swaks, from the null sender, without AUTH) to
a VERP address mark the subscriber the token names bounced when they report a failure for that subscriber's address;
a delay, a forged token, or a DSN about another address changes nothing. Mail to the mailto address unsubscribes;
an ARF report to `fbl@<bounce domain>` is a complaint that suppresses the address.

The test checks both which events reached the feedback sink (from the server's log) and their effects (subscriber
status and suppression reason through the CLI)."""

from __future__ import annotations

import re
import smtplib
import subprocess

import pytest

from campaign_support import (add_audience, add_template, campaign_action, campaign_messages, campaign_overrides,
                              create_campaign, subscriber_rows, wait_campaign)
from delivery_support import delivery_overrides, wait_until

BOUNCE_DOMAIN = "bounces.test"
UNSUBSCRIBE_DOMAIN = "unsub.test"
VERP = re.compile(r"^bounces\+([a-z2-7]+)@bounces\.test$")
LIST_UNSUBSCRIBE = re.compile(
    r"^<(https?://[^>]+/unsubscribe/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)>,\s*"
    r"<mailto:(unsubscribe\+([a-z2-7]+)@unsub\.test)\?subject=unsubscribe>$")


def dsn(return_path: str, rcpt: str, action: str = "failed", status: str = "5.1.1") -> bytes:
    """A Postfix-style delivery status notification about `rcpt` for a message sent from `return_path`."""
    diagnostic = (f"Diagnostic-Code: smtp; 550 {status} <{rcpt}>: Recipient address rejected: User\r\n"
                  f"    unknown in local recipient table\r\n") if action == "failed" else \
        "Diagnostic-Code: X-Postfix; connect to mail.example.org[192.0.2.25]:25: Connection timed out\r\n"
    return (
        "From: MAILER-DAEMON@mx.remote.test (Mail Delivery System)\r\n"
        f"To: {return_path}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=delivery-status;\r\n"
        "\tboundary=\"4Xb1C2.1795960801/mx.remote.test\"\r\n"
        "\r\n"
        "This is a MIME-encapsulated message.\r\n"
        "\r\n"
        "--4Xb1C2.1795960801/mx.remote.test\r\n"
        "Content-Description: Notification\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        f"<{rcpt}>: host mail.example.org said: 550 {status} User unknown\r\n"
        "\r\n"
        "--4Xb1C2.1795960801/mx.remote.test\r\n"
        "Content-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        "Reporting-MTA: dns; mx.remote.test\r\n"
        f"X-Postfix-Sender: rfc822; {return_path}\r\n"
        "\r\n"
        f"Final-Recipient: rfc822; {rcpt}\r\n"
        f"Original-Recipient: rfc822;{rcpt}\r\n"
        f"Action: {action}\r\n"
        f"Status: {status}\r\n"
        "Remote-MTA: dns; mail.example.org\r\n"
        f"{diagnostic}"
        "\r\n"
        "--4Xb1C2.1795960801/mx.remote.test\r\n"
        "Content-Description: Undelivered Message Headers\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        f"Return-Path: <{return_path}>\r\n"
        "From: shop@example.org\r\n"
        f"To: {rcpt}\r\n"
        "Subject: News\r\n"
        "\r\n"
        "--4Xb1C2.1795960801/mx.remote.test--\r\n").encode()


def arf(return_path: str, rcpt: str) -> bytes:
    """An abuse report in the shape of RFC 5965 appendix B, about a message sent from `return_path` to `rcpt`."""
    return (
        "From: <feedbackloop@isp.test>\r\n"
        "To: <fbl@bounces.test>\r\n"
        "Subject: FW: News\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: multipart/report; report-type=feedback-report;\r\n"
        "     boundary=\"part1_13d.2e68ed54_boundary\"\r\n"
        "\r\n"
        "--part1_13d.2e68ed54_boundary\r\n"
        "Content-Type: text/plain; charset=\"US-ASCII\"\r\n"
        "\r\n"
        "This is an email abuse report.\r\n"
        "\r\n"
        "--part1_13d.2e68ed54_boundary\r\n"
        "Content-Type: message/feedback-report\r\n"
        "\r\n"
        "Feedback-Type: abuse\r\n"
        "User-Agent: SomeGenerator/1.0\r\n"
        "Version: 1\r\n"
        f"Original-Mail-From: <{return_path}>\r\n"
        f"Original-Rcpt-To: <{rcpt}>\r\n"
        "Source-IP: 127.0.0.1\r\n"
        "\r\n"
        "--part1_13d.2e68ed54_boundary\r\n"
        "Content-Type: message/rfc822\r\n"
        "Content-Disposition: inline\r\n"
        "\r\n"
        "From: shop@example.org\r\n"
        f"To: {rcpt}\r\n"
        "Subject: News\r\n"
        "\r\n"
        "Hello.\r\n"
        "--part1_13d.2e68ed54_boundary--\r\n").encode()


def swaks(server, to: str, data: bytes, name: str) -> None:
    """Sends `data` to `to` from the null sender (swaks spells it `<>`; an empty `--from` means its default), without AUTH, as a remote MTA returning a DSN would."""
    path = server.workdir / name
    path.write_bytes(data)
    result = subprocess.run(
        ["swaks", "--server", f"127.0.0.1:{server.port}", "--from", "<>", "--to", to, "--data", f"@{path}",
         "--helo", "mx.remote.test", "--timeout", "15"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "<-  250" in result.stdout.split("DATA", 1)[-1], result.stdout


def forge(token: str) -> str:
    """The token with one character changed."""
    middle = len(token) // 2
    return token[:middle] + ("a" if token[middle] != "a" else "b") + token[middle + 1:]


def sink_events(server) -> list[dict]:
    """The events the feedback sink received, from the server's log (`feedback mail recorded` lines)."""
    events = []
    for line in server.stderr_text().splitlines():
        if "feedback mail recorded" in line:
            events.append(dict(re.findall(r"(\w+)=(\S+)", line.split("[", 1)[0] if "[" in line else line)))
    return events


def status_of(server, email: str) -> str:
    shown = server.cli_json("subscriber", "show", email)
    return (shown.get("subscriber") or shown)["status"]


def suppression_of(server, email: str) -> dict | None:
    listing = server.cli_json("suppression", "list")["suppressions"]
    return next((e for e in listing if e["email"] == email), None)


@pytest.mark.timeout(180)
def test_dsns_arf_reports_and_mailto_unsubscribes_come_back_by_smtp(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    overrides = {**delivery_overrides([sink.relay_config()]), **campaign_overrides()}
    overrides["feedback"] = {"bounce_domain": BOUNCE_DOMAIN, "unsubscribe_domain": UNSUBSCRIBE_DOMAIN}
    server = server_factory(**overrides)
    add_template(server)
    add_audience(server, {"news": subscriber_rows(4)})
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")["id"]
    campaign_action(server, "start", cid)
    assert wait_campaign(server, cid, "finished", 60)["state"] == "finished"
    messages = campaign_messages([sink], cid)
    assert sorted(m.rcpts[0] for m in messages) == [f"s{i}@example.org" for i in range(4)]

    # Each message left with its own VERP return path and both unsubscribe URIs; the From stays the campaign's.
    verp: dict[str, str] = {}
    mailto: dict[str, str] = {}
    for mail in messages:
        rcpt = mail.rcpts[0]
        assert VERP.match(mail.mail_from), mail.mail_from
        message = mail.message()
        assert str(message["From"]) == "shop@example.org"
        assert message["Return-Path"] is None
        match = LIST_UNSUBSCRIBE.match(str(message["List-Unsubscribe"]))
        assert match, message["List-Unsubscribe"]
        assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
        verp[rcpt] = mail.mail_from
        mailto[rcpt] = match.group(2)
        assert len(mail.mail_from.split("@")[0]) <= 64 and len(match.group(2).split("@")[0]) <= 64
    assert len(set(verp.values())) == 4 and len(set(mailto.values())) == 4
    s0, s1, s2, s3 = (f"s{i}@example.org" for i in range(4))

    # A failed DSN (5.1.1) for subscriber 1; the remote MTA may fold the token's case.
    swaks(server, verp[s0].upper().replace("@BOUNCES.TEST", "@bounces.test"), dsn(verp[s0], s0), "failed.eml")
    # A delay for subscriber 2: no bounce.
    swaks(server, verp[s1], dsn(verp[s1], s1, action="delayed", status="4.4.1"), "delayed.eml")
    # A forged token (one character changed) for subscriber 3.
    local, domain = verp[s2].split("@")
    forged = f"bounces+{forge(local[len('bounces+'):])}@{domain}"
    swaks(server, forged, dsn(forged, s2), "forged.eml")
    # Subscriber 4's token, but a DSN about another address.
    swaks(server, verp[s3], dsn(verp[s3], "someone-else@example.org"), "other.eml")
    # Subscriber 4 writes to the mailto unsubscribe address.
    with smtplib.SMTP("127.0.0.1", server.port, timeout=15) as smtp:
        smtp.sendmail(s3, [mailto[s3]], f"From: {s3}\r\nTo: {mailto[s3]}\r\nSubject: unsubscribe\r\n\r\n".encode())
    # A feedback loop's complaint about subscriber 2.
    swaks(server, f"fbl@{BOUNCE_DOMAIN}", arf(verp[s1], s1), "arf.eml")

    # Exactly three events reached the sink: the hard bounce, the mailto unsubscribe and the complaint.
    events = wait_until(lambda: (lambda e: e if len(e) >= 3 else None)(sink_events(server)), 15)
    assert events, server.stderr_text()[-3000:]
    seen = sorted((e["kind"], e["source"], e["email"]) for e in sink_events(server))
    assert seen == [("complaint", "arf", s1), ("hard_bounce", "dsn", s0), ("unsubscribe", "mailto", s3)], seen
    assert [e.get("result") for e in sink_events(server)] == ["recorded"] * 3, sink_events(server)
    assert "bounce mail with an invalid token ignored" in server.stderr_text()
    assert not smtp_queue_has_feedback(server), "feedback mail must never be queued for delivery"

    assert wait_until(lambda: status_of(server, s0) == "bounced", 15), status_of(server, s0)
    entry = suppression_of(server, s0)
    assert entry is not None and entry["reason"] == "hard-bounce", entry
    assert wait_until(lambda: status_of(server, s3) == "unsubscribed", 15), status_of(server, s3)
    assert wait_until(lambda: (suppression_of(server, s1) or {}).get("reason") == "complaint", 15), \
        suppression_of(server, s1)
    # The delay, the forged token and the DSN about another address changed nothing.
    assert status_of(server, s2) == "enabled" and suppression_of(server, s2) is None
    assert (suppression_of(server, s3) or {}).get("reason") != "hard-bounce"


def smtp_queue_has_feedback(server) -> bool:
    """Whether any message for a feedback domain sits in the outbound queue."""
    rows = server.queue_list()
    assert rows and all("recipient" in row for row in rows), rows[:1]
    return any(row["recipient"].lower().endswith(("@" + BOUNCE_DOMAIN, "@" + UNSUBSCRIBE_DOMAIN)) for row in rows)
