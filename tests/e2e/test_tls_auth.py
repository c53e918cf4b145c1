"""TLS (STARTTLS and implicit) and AUTH, against a server that does not trust 127.0.0.1."""

import base64
import smtplib
import ssl
import subprocess

import pytest

from conftest import PASSWORD, QUEUED_RE, USER, ehlo_session, make_message, send_one


def insecure_ctx() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def swaks(port: int, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["swaks", "--server", f"127.0.0.1:{port}", "--from", USER, "--to", "outside@example.com",
         "--header", "Subject: swaks auth", "--body", "hi", "--timeout", "20", *extra],
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("mech", ["PLAIN", "LOGIN"])
def test_swaks_starttls_auth_relays(tls_server, mech):
    r = swaks(tls_server.port, "--tls", "--auth", mech, "--auth-user", USER, "--auth-password", PASSWORD)
    assert r.returncode == 0, f"swaks --tls --auth {mech} exited {r.returncode}:\n{r.stdout}{r.stderr}"
    m = QUEUED_RE.search(r.stdout)
    assert m, r.stdout
    assert any(row["id"] == m.group(1) and row["recipient"] == "outside@example.com" for row in tls_server.queue_list())


def test_smtplib_starttls_login(tls_server):
    with smtplib.SMTP("127.0.0.1", tls_server.port, timeout=20) as s:
        s.ehlo("client.e2e.test")
        assert s.has_extn("starttls"), f"STARTTLS not offered: {s.esmtp_features}"
        s.starttls(context=insecure_ctx())
        s.ehlo("client.e2e.test")
        assert s.has_extn("auth"), f"AUTH not offered after STARTTLS: {s.esmtp_features}"
        s.login(USER, PASSWORD)
        qid = send_one(s, USER, ["outside@example.com"], make_message())
    assert qid in {row["id"] for row in tls_server.queue_list()}


def test_implicit_tls_submissions(tls_server):
    with smtplib.SMTP_SSL("127.0.0.1", tls_server.submissions_port, timeout=20, context=insecure_ctx()) as s:
        s.ehlo("client.e2e.test")
        assert s.has_extn("auth"), f"AUTH not offered on implicit TLS: {s.esmtp_features}"
        s.login(USER, PASSWORD)
        qid = send_one(s, USER, ["outside@example.com"], make_message())
    assert qid in {row["id"] for row in tls_server.queue_list()}


def test_wrong_password_is_535(tls_server):
    with smtplib.SMTP("127.0.0.1", tls_server.port, timeout=20) as s:
        s.starttls(context=insecure_ctx())
        s.ehlo("client.e2e.test")
        code, resp = s.docmd("AUTH", "PLAIN " + base64.b64encode(f"\0{USER}\0wrong".encode()).decode())
        assert code == 535 and resp.startswith(b"5.7.8"), f"wrong password -> {code} {resp!r}"
        # still unauthenticated: relaying stays refused
        assert s.mail(USER)[0] == 250
        code, resp = s.rcpt("outside@example.com")
        assert code == 554 and resp.startswith(b"5.7.1"), f"RCPT after failed AUTH -> {code} {resp!r}"


def test_malformed_base64_auth_is_501(tls_server):
    with smtplib.SMTP("127.0.0.1", tls_server.port, timeout=20) as s:
        s.starttls(context=insecure_ctx())
        s.ehlo("client.e2e.test")
        code, resp = s.docmd("AUTH", "PLAIN !!!not-base64!!!")
        assert code == 501, f"malformed base64 -> {code} {resp!r}"
        assert s.noop()[0] == 250


def test_no_auth_without_tls_from_untrusted(tls_server):
    with ehlo_session(tls_server.port) as c:
        code, text = c.cmd("EHLO client.e2e.test")
        assert code == 250
        assert not any(l[4:].upper().startswith("AUTH") for l in text.splitlines()), \
            f"AUTH advertised before TLS to an untrusted client:\n{text}"
        assert any("STARTTLS" in l.upper() for l in text.splitlines()), text
        cred = base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
        code, text = c.cmd(f"AUTH PLAIN {cred}")
        assert code == 538 and "5.7.11" in text, f"AUTH without TLS -> {code} {text!r}"
        code, text = c.cmd("MAIL FROM:<app@example.com>")
        assert code == 250
        code, text = c.cmd("RCPT TO:<outside@example.com>")
        assert code == 554 and "5.7.1" in text, f"relay after refused AUTH -> {code} {text!r}"
    assert tls_server.queue_counts()["total"] == 0


def test_starttls_discards_pipelined_command(tls_server):
    """`STARTTLS\\r\\nRSET\\r\\n` in one write: the RSET must never be answered after the handshake."""
    with ehlo_session(tls_server.port) as c:
        c.send(b"STARTTLS\r\nNOOP\r\n")
        code, text = c.reply()
        if code != 220:
            return  # refusing the pipelined STARTTLS outright is also safe
        assert c.buf == b"", f"server answered the injected command before TLS: {c.buf!r}"
        try:
            tls = insecure_ctx().wrap_socket(c.sock, server_hostname="localhost")
        except (ssl.SSLError, OSError):
            return  # the server dropped the session instead: also safe
        tls.settimeout(3)
        try:
            data = tls.recv(4096)
        except (TimeoutError, OSError):
            data = b""
        assert not data.startswith(b"250"), f"injected plaintext NOOP answered inside TLS: {data!r}"


def test_auth_offered_without_tls_to_trusted_network(server_factory, tls_files, password_hash):
    """Clients inside relay_networks may authenticate without TLS (AUTH is advertised to them)."""
    cert, key = tls_files
    srv = server_factory(smtp={"tls": {"cert": cert, "key": key},
                               "auth": {"users": [{"username": USER, "password_hash": password_hash}]}})
    with smtplib.SMTP("127.0.0.1", srv.port, timeout=20) as s:
        s.ehlo("client.e2e.test")
        assert s.has_extn("auth"), f"AUTH not advertised to a trusted client: {s.esmtp_features}"
        s.login(USER, PASSWORD)


def test_repeated_auth_failures_are_refused(server_factory, tls_files, password_hash):
    """After max_failures failed attempts within failure_window, even the right password is refused."""
    cert, key = tls_files
    srv = server_factory(smtp={"tls": {"cert": cert, "key": key}, "relay_networks": ["10.255.255.0/24"],
                               "auth": {"users": [{"username": USER, "password_hash": password_hash}],
                                        "max_failures": 3, "failure_window": "5m"}})
    bad = "PLAIN " + base64.b64encode(f"\0{USER}\0wrong".encode()).decode()
    good = "PLAIN " + base64.b64encode(f"\0{USER}\0{PASSWORD}".encode()).decode()
    codes = []
    for _ in range(3):
        try:
            with smtplib.SMTP("127.0.0.1", srv.port, timeout=20) as s:
                s.starttls(context=insecure_ctx())
                s.ehlo("client.e2e.test")
                codes.append(s.docmd("AUTH", bad)[0])
        except smtplib.SMTPServerDisconnected:
            codes.append(0)
    assert codes[0] == 535, f"first wrong password -> {codes}"
    try:
        with smtplib.SMTP("127.0.0.1", srv.port, timeout=20) as s:
            s.starttls(context=insecure_ctx())
            s.ehlo("client.e2e.test")
            code, resp = s.docmd("AUTH", good)
    except (smtplib.SMTPServerDisconnected, ConnectionError, ssl.SSLError):
        code, resp = 0, b"disconnected"
    assert code != 235, f"AUTH accepted after {len(codes)} failures (max_failures 3): {code} {resp!r}"
