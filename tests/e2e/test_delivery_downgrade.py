"""Issue 3: 8-bit mail to a relay without 8BITMIME is downgraded to quoted-printable, never sent as 8-bit.

The relay is Postfix's smtp-sink with -8 (it does not announce 8BITMIME) and -d (it dumps each message to a file).
"""

from __future__ import annotations

import glob
import os
import quopri
import shutil
import signal
import smtplib
import subprocess
import tempfile
import time

import pytest

from conftest import free_port, send_one
from delivery_support import delivery_overrides, wait_states

BODY = "Grüße aus Köln: café, naïve, 100 € = très cher.\r\n" + "é" * 90 + "\r\n"


@pytest.fixture
def seven_bit_sink():
    if shutil.which("smtp-sink") is None:
        pytest.skip("smtp-sink (Debian package postfix) is not installed")
    # smtp-sink drops to `nobody` and must reach the dump directory: not under pytest's private tmp_path.
    dump = tempfile.mkdtemp(prefix="steadymail-7bit-sink-")
    os.chmod(dump, 0o777)
    port = free_port()
    user = ["-u", "nobody"] if os.geteuid() == 0 else []
    proc = subprocess.Popen(["smtp-sink", *user, "-8", "-d", f"{dump}/m-", f"127.0.0.1:{port}", "20"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=2) as probe:
                ehlo = probe.ehlo()[1].decode()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("smtp-sink did not start")
    assert "8BITMIME" not in ehlo, f"smtp-sink -8 still announces 8BITMIME: {ehlo}"
    yield port, dump
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)
    shutil.rmtree(dump, ignore_errors=True)


@pytest.mark.timeout(120)
def test_eight_bit_body_is_downgraded_for_a_relay_without_8bitmime(server_factory, seven_bit_sink):
    port, dump = seven_bit_sink
    server = server_factory(**delivery_overrides([{"name": "sink", "host": "127.0.0.1", "port": port, "tls": "none"}]))
    message = ("From: <app@example.com>\r\nTo: <bob@example.org>\r\nSubject: umlauts\r\nMIME-Version: 1.0\r\n"
               "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + BODY).encode()
    with smtplib.SMTP("127.0.0.1", server.port, timeout=30) as smtp:
        send_one(smtp, "app@example.com", ["bob@example.org"], message)
    counts = wait_states(server, {"delivered": 1}, 60)
    assert counts.get("delivered") == 1, f"not delivered to the 7-bit relay: {counts}"
    files = glob.glob(f"{dump}/m-*")
    assert len(files) == 1, f"smtp-sink dumped {files}"
    raw = open(files[0], "rb").read()
    header_end = raw.index(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.index(b"\n\n")
    headers, body = raw[:header_end], raw[header_end:].lstrip(b"\r\n")
    assert all(b < 0x80 for b in raw), "8-bit octets reached a relay that did not offer 8BITMIME"
    assert b"Content-Transfer-Encoding: quoted-printable" in headers
    assert b"Content-Transfer-Encoding: 8bit" not in headers
    # smtp-sink writes its dump with LF line ends and a blank line after each message.
    decoded = quopri.decodestring(body).replace(b"\r\n", b"\n").rstrip(b"\n")
    assert decoded == BODY.encode().replace(b"\r\n", b"\n").rstrip(b"\n")
    assert all(len(line) <= 76 for line in body.split(b"\n") if line), "a quoted-printable line is over 76 octets"
