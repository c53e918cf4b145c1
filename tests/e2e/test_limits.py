"""Size, recipient, line-length and disk limits; malformed commands."""

import os
import time

import pytest

from conftest import RawSMTP, ehlo_session


def rss_kib(pid: int) -> int:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


@pytest.fixture
def small(server_factory):
    return server_factory(smtp={"max_message_size": "64KiB", "max_recipients": 3})


def test_size_advertised(small):
    with RawSMTP(small.port) as c:
        assert c.reply()[0] == 220
        code, text = c.cmd("EHLO client.e2e.test")
        sizes = [l[4:].split() for l in text.splitlines() if l[4:].upper().startswith("SIZE")]
        assert sizes and sizes[0][1:] == ["65536"], f"EHLO should advertise SIZE 65536:\n{text}"


def test_declared_size_over_limit_552_at_mail(small):
    with ehlo_session(small.port) as c:
        code, text = c.cmd("MAIL FROM:<app@example.com> SIZE=1000000")
        assert code == 552 and "5.3.4" in text, f"MAIL with SIZE=1000000 -> {code} {text!r}"
        code, text = c.cmd("MAIL FROM:<app@example.com> SIZE=1000")
        assert code == 250, f"MAIL with SIZE=1000 -> {code} {text!r}"


def test_non_numeric_size_501(small):
    with ehlo_session(small.port) as c:
        code, text = c.cmd("MAIL FROM:<app@example.com> SIZE=lots")
        assert code == 501, f"MAIL with SIZE=lots -> {code} {text!r}"


def test_undeclared_overrun_552_after_dot_nothing_kept(small):
    with ehlo_session(small.port) as c:
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        assert c.cmd("RCPT TO:<big@example.org>")[0] == 250
        assert c.cmd("DATA")[0] == 354
        line = b"x" * 998 + b"\r\n"
        c.send(b"Subject: big\r\n\r\n" + line * 100)  # ~100 KB > 64 KiB
        code, text = c.cmd(b".")
        assert code == 552 and "5.3.4" in text, f"oversize DATA -> {code} {text!r}"
        # the session goes on: a small message right after is accepted
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        assert c.cmd("RCPT TO:<small@example.org>")[0] == 250
        assert c.cmd("DATA")[0] == 354
        code, text = c.cmd(b"Subject: small\r\n\r\nsmall\r\n.")
        assert code == 250, f"small message after an oversize one -> {code} {text!r}"
    rows = small.queue_list()
    assert [r["recipient"] for r in rows] == ["small@example.org"], f"partial oversize message kept? {rows}"


def test_too_many_recipients_452_and_accepted_kept(small):
    with ehlo_session(small.port) as c:
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        codes = []
        for i in range(5):
            code, text = c.cmd(f"RCPT TO:<r{i}@example.org>")
            codes.append((code, text))
        assert [c_ for c_, _ in codes[:3]] == [250, 250, 250], codes
        for code, text in codes[3:]:
            assert code == 452 and "4.5.3" in text, f"extra recipient -> {code} {text!r}"
        assert c.cmd("DATA")[0] == 354
        code, text = c.cmd(b"Subject: many\r\n\r\nhi\r\n.")
        assert code == 250, f"{code} {text!r}"
    rcpts = sorted(r["recipient"] for r in small.queue_list())
    assert rcpts == ["r0@example.org", "r1@example.org", "r2@example.org"], rcpts


def test_overlong_command_line_500(server):
    with ehlo_session(server.port) as c:
        code, text = c.cmd("NOOP " + "x" * 600)
        assert code == 500 and "5.5.2" in text, f"600-octet command line -> {code} {text!r}"
        code, text = c.cmd("MAIL FROM:<" + "a" * 1000 + "@example.com>")
        assert code == 500 and "5.5.2" in text, f"over-long MAIL -> {code} {text!r}"


def test_megabyte_command_line_bounded(server):
    pid = server.pid
    before = rss_kib(pid)
    with RawSMTP(server.port, timeout=15) as c:
        assert c.reply()[0] == 220
        try:
            for _ in range(16):  # 16 MiB without a line end
                c.send(b"A" * (1 << 20))
        except OSError:
            pass  # the server may cut us off: fine
        try:
            c.send(b"\r\n")
            code, text = c.reply()
            assert code in (0, 500, 421), f"16 MiB line -> {code} {text!r}"
        except OSError:
            pass
    time.sleep(0.5)
    assert server.alive(), "server died on a 16 MiB command line"
    grown = rss_kib(pid) - before
    assert grown < 64 * 1024, f"server RSS grew by {grown} KiB on one long line"
    with ehlo_session(server.port) as c:
        assert c.cmd("NOOP")[0] == 250


@pytest.mark.parametrize("cmd,codes", [
    ("FOOBAR", {500, 502}),
    ("RCPT TO:<a@example.org>", {503}),
    ("DATA", {503}),
    ("MAIL FROM:<a>", {501, 553}),
    ("MAIL FROM:<a@>", {501, 553}),
    ("MAIL FROM:<@a>", {501, 553}),
    ("MAIL FROM:app@example.com", {501}),
    ("MAIL FROM:<app@example.com> FOO=bar", {555, 501}),
    ("MAIL FROM:<app@example.com>\x00X", {500, 501}),
    ("VRFY root", {252, 502, 550}),
])
def test_bad_commands(server, cmd, codes):
    with ehlo_session(server.port) as c:
        code, text = c.cmd(cmd)
        assert code in codes, f"{cmd!r} -> {code} {text!r}, expected one of {sorted(codes)}"
        assert c.cmd("NOOP")[0] == 250, "session unusable after a bad command"


def test_null_reverse_path_accepted(server):
    with ehlo_session(server.port) as c:
        code, text = c.cmd("MAIL FROM:<>")
        assert code == 250, f"MAIL FROM:<> -> {code} {text!r}"


def test_mail_before_ehlo_refused(server):
    with RawSMTP(server.port) as c:
        assert c.reply()[0] == 220
        code, text = c.cmd("MAIL FROM:<app@example.com>")
        assert code == 503, f"MAIL before EHLO -> {code} {text!r}"


def test_low_disk_452_at_mail(server_factory):
    srv = server_factory(smtp={"min_free_disk": "100000GiB"})
    last = None
    for _ in range(4):
        with ehlo_session(srv.port) as c:
            last = c.cmd("MAIL FROM:<app@example.com>")
        if last[0] == 452:
            break
        time.sleep(1)
    code, text = last
    assert code == 452 and "4.3.1" in text, f"MAIL with min_free_disk 100000GiB -> {code} {text!r}"
    assert srv.queue_counts()["total"] == 0
