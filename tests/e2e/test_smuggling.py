"""SMTP smuggling (CVE-2023-51764 family) and bare CR/LF policy: a session yields at most one message,
never one for the smuggled recipient; bare CR or LF in DATA is refused with 550 5.6.x at the real end."""

import pytest

from conftest import ehlo_session

SMUGGLED = b"MAIL FROM:<evil@attacker.test>\r\nRCPT TO:<smuggled@victim.test>\r\nDATA\r\n" \
           b"From: <ceo@victim.test>\r\nSubject: smuggled\r\n\r\nsmuggled body\r\n.\r\n"


@pytest.mark.parametrize("fake_end", [b"\n.\r\n", b"\r.\r\n", b"\n.\n", b"\r\n.\n", b"\n..\n", b"\r\n.\r"],
                         ids=["LF.CRLF", "CR.CRLF", "LF.LF", "CRLF.LF", "LF..LF", "CRLF.CR"])
def test_no_smuggled_second_message(server, fake_end):
    with ehlo_session(server.port) as c:
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        assert c.cmd("RCPT TO:<legit@example.org>")[0] == 250
        assert c.cmd("DATA")[0] == 354
        c.send(b"From: <app@example.com>\r\nSubject: legit\r\n\r\nbody line" + fake_end + SMUGGLED)
        replies = c.replies_until_quiet(quiet=2.0)
        # give any deferred reply a chance, then end the session
        try:
            c.send(b"QUIT\r\n")
            replies += c.replies_until_quiet(quiet=1.0)
        except OSError:
            pass
    rows = server.queue_list()
    assert not [r for r in rows if r["recipient"] == "smuggled@victim.test"], \
        f"smuggled recipient was queued: {rows}\nreplies: {replies}"
    assert len({r["id"] for r in rows}) <= 1, f"more than one message from one DATA: {rows}"
    assert not [r for r in replies if r[0] == 250 and "queued as" in r[1]][1:], f"two 250 queued replies: {replies}"
    # Our policy: a bare CR or LF is refused (550 5.6.x) once the real end of data arrives.
    codes = [r for r in replies if r[0] // 100 == 5 and "5.6." in r[1]]
    assert codes, f"expected a 550 5.6.x for bare CR/LF, replies were {replies}"
    assert rows == [], f"a message with bare CR/LF was queued: {rows}"


@pytest.mark.parametrize("body", [b"line1\nline2\r\n", b"line1\rline2\r\n", b"ok\r\n\n\r\n", b"x\r\n.\rfoo\r\n"],
                         ids=["bareLF", "bareCR", "emptyLF", "dotCR"])
def test_bare_cr_lf_refused(server, body):
    with ehlo_session(server.port) as c:
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        assert c.cmd("RCPT TO:<legit@example.org>")[0] == 250
        assert c.cmd("DATA")[0] == 354
        code, text = c.cmd(b"Subject: bare\r\n\r\n" + body + b".")
        assert code == 550 and "5.6." in text, f"bare CR/LF in DATA -> {code} {text!r}"
        # the session is still usable afterwards
        assert c.cmd("RSET")[0] == 250
    assert server.queue_counts()["total"] == 0


def test_dot_stuffing_and_clean_data_accepted(server):
    body = b"..leading dot\r\n.x\r\n..\r\nend\r\n"
    with ehlo_session(server.port) as c:
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        assert c.cmd("RCPT TO:<legit@example.org>")[0] == 250
        assert c.cmd("DATA")[0] == 354
        code, text = c.cmd(b"Subject: dots\r\n\r\n" + body + b".")
        assert code == 250 and "queued as" in text, f"{code} {text!r}"
    assert server.queue_counts()["total"] == 1
