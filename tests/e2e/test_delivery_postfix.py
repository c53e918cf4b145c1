"""(h) Interoperability: steadymail delivers to a real Postfix (Debian package) on loopback.

The Postfix is a private instance (own config dir, queue and maillog in a temp dir under /var/tmp,
smtpd on 127.0.0.1:PORT only), built by bench/relay.py's PrivatePostfix (which reuses
bench/intake.py's setup). It accepts everything and keeps it queued (defer_transports = smtp), so
receipt is checked in its maillog (cleanup logs each message-id) and its queue files.
Skips, with the reason, only when Postfix is not installed or the instance cannot start.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

import pytest

from delivery_support import delivery_overrides, inject, wait_states

REPO = Path(__file__).resolve().parents[2]


def _bench_relay():
    spec = importlib.util.spec_from_file_location("bench_relay", REPO / "bench" / "relay.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def postfix_target():
    if os.geteuid() != 0:
        pytest.skip("a private Postfix instance needs root")
    for tool in ("postfix", "postconf"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} not installed (Debian package postfix; scripts/install-test-deps)")
    relay = _bench_relay()
    workdir = Path(tempfile.mkdtemp(prefix="steadymail-e2e-postfix.", dir="/var/tmp"))
    os.chmod(workdir, 0o755)  # Postfix daemons (user postfix) traverse into the queue
    pf = relay.PrivatePostfix(workdir, mode="accept")
    try:
        try:
            pf.start()
        except Exception as e:  # noqa: BLE001 - turned into a skip with the reason
            pytest.skip(f"private Postfix could not start: {e}")
        yield pf
    finally:
        relay.cleanup(workdir)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.mark.timeout(180)
def test_delivery_h_real_postfix_accepts_everything(server_factory, postfix_target):
    pf = postfix_target
    relay = {"name": "postfix", "host": "127.0.0.1", "port": pf.port, "tls": "none", "weight": 1,
             "max_connections": 5, "max_messages_per_connection": 100, "priority_group": 0}
    server = server_factory(**delivery_overrides([relay]))
    before = pf.queued()
    msgs = inject(server, 50, tag="pf", threads=4)
    c = wait_states(server, {"delivered": 50}, 90)
    assert c.get("delivered") == 50, f"steadymail queue after delivering to Postfix: {c}\nPostfix maillog tail:\n" \
                                     + "\n".join(pf.log_text().splitlines()[-20:])
    want = {m.mid.strip("<>") for m in msgs}
    seen: set[str] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        seen = set(re.findall(r"cleanup\[\d+\]: \w+: message-id=<([^>]+)>", pf.log_text()))
        if want <= seen:
            break
        time.sleep(0.5)
    missing = want - seen
    assert not missing, (f"{len(missing)} of 50 Message-IDs not in Postfix's maillog (cleanup message-id=), "
                         f"e.g. {sorted(missing)[:3]}\n" + "\n".join(pf.log_text().splitlines()[-20:]))
    assert pf.queued() - before >= 50, f"Postfix queue holds {pf.queued() - before} new files, want >= 50"
    text = pf.log_text()
    # ("lost connection after CONNECT" is the harness's own is-it-listening probe)
    bad = [l for l in text.splitlines() if "smtpd" in l and ("reject:" in l or "lost connection after" in l)
           and "after CONNECT" not in l]
    assert not bad, "Postfix smtpd logged rejects or lost connections:\n" + "\n".join(bad)
    # steadymail logged a sent attempt to the relay named postfix with Postfix's "queued as"
    m = server.message(msgs[0].qid)
    assert any(isinstance(e, dict) and e.get("relay") == "postfix" and "queued as" in str(e.get("reply", ""))
               for e in m["events"]), f"message --json events: {m['events']}"
