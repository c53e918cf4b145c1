"""No open relay: an untrusted, unauthenticated client may only send to local domains."""

import pytest

from conftest import ehlo_session


@pytest.fixture
def untrusted(server_factory):
    return server_factory(smtp={"relay_networks": ["10.255.255.0/24"], "local_domains": ["local.test"]})


@pytest.mark.parametrize("rcpt", [
    "outside@example.com",
    "outside@EXAMPLE.com",
    "\"outside@example.com\"@local.test.example.com",
    "outside%example.com@example.com",
    "@local.test:outside@example.com",
    "outside@example.com@local.test",
    "outside@local.test.example.com",
])
def test_relay_refused_for_untrusted(untrusted, rcpt):
    with ehlo_session(untrusted.port) as c:
        assert c.cmd("MAIL FROM:<someone@example.net>")[0] == 250
        code, text = c.cmd(f"RCPT TO:<{rcpt}>")
        assert code >= 500, f"RCPT TO:<{rcpt}> from an untrusted client -> {code} {text!r}"
        if rcpt == "outside@example.com":
            assert code == 554 and "5.7.1" in text, f"expected 554 5.7.1, got {code} {text!r}"
        code, text = c.cmd("DATA")
        assert code >= 500, f"DATA with no accepted recipient -> {code} {text!r}"
    counts = untrusted.queue_counts()
    assert counts["total"] == 0, f"relay attempt queued something: {counts}"


def test_local_domain_accepted_not_queued_outbound(untrusted):
    with ehlo_session(untrusted.port) as c:
        assert c.cmd("MAIL FROM:<someone@example.net>")[0] == 250
        code, text = c.cmd("RCPT TO:<x@local.test>")
        assert code == 250, f"RCPT to a local domain -> {code} {text!r}"
        code, text = c.cmd("RCPT TO:<y@LOCAL.TEST>")
        assert code == 250, f"RCPT to a local domain (upper case) -> {code} {text!r}"
        assert c.cmd("DATA")[0] == 354
        code, text = c.cmd(b"Subject: local\r\n\r\nfor a local mailbox\r\n.")
        assert code == 250, f"end of DATA -> {code} {text!r}"
    outbound = [r for r in untrusted.queue_list() if r["recipient"].lower().endswith("@local.test")]
    assert outbound == [], f"local-domain mail appears as outbound queued mail: {outbound}"


def test_trusted_network_may_relay(server):
    """The default relay_networks (127.0.0.0/8, ::1) let a local client relay without AUTH."""
    with ehlo_session(server.port) as c:
        assert c.cmd("MAIL FROM:<app@example.com>")[0] == 250
        code, text = c.cmd("RCPT TO:<outside@example.com>")
        assert code == 250, f"trusted client relay -> {code} {text!r}"
