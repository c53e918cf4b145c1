"""Helpers for the campaign end-to-end tests (issue 8, point 5): audience set-up, templates, campaigns, counting at
the sinks. Every duration is in seconds."""

from __future__ import annotations

import collections
import sqlite3
import time
from pathlib import Path

from conftest import Server
from delivery_support import wait_until

# The campaign runner at test pace: it looks every 200 ms and queues up to 500 subscribers a time.
CAMPAIGN_DEFAULTS = {"tick": "200ms", "batch": 500, "lookahead": 2000}

TEMPLATE_HTML = "<html><body><h1>Hello {{subscriber.name}}</h1><p>Campaign {{campaign.name}} for " \
                "{{subscriber.email}}.</p></body></html>\n"


# Campaign mail carries an unsubscribe link on the public URL: without one a campaign cannot start.
PUBLIC_URL = "https://news.e2e.test"


def campaign_overrides(**campaigns) -> dict:
    """server_factory(**delivery_overrides(...), **campaign_overrides()) : the `campaigns:` section, and an
    `http.public_url` for the unsubscribe links."""
    return {"campaigns": {**CAMPAIGN_DEFAULTS, **campaigns}, "http": {"public_url": PUBLIC_URL}}


def subscriber_rows(n: int, *, unsubscribed: set[int] = frozenset(), blocklisted: set[int] = frozenset(),
                    domain: str = "example.org") -> list[dict]:
    """n subscribers `s<i>@domain` named `Subscriber <i>`; the given indexes unsubscribed or blocklisted."""
    rows = []
    for i in range(n):
        status = "unsubscribed" if i in unsubscribed else "blocklisted" if i in blocklisted else "enabled"
        rows.append({"email": f"s{i}@{domain}", "name": f"Subscriber {i}", "status": status})
    return rows


# How subscribers get into the store: through `steadymail list create`, `steadymail subscribers import` (which takes
# the statuses enabled and blocklisted) and `steadymail subscriber set --status unsubscribed`, or, where that CLI is
# missing, by writing the rows into the data dir's SQLite file with the server stopped, in the shape of migration
# v12_audience. Switch here, in one place.
USE_CLI_IMPORT = True


def add_audience(server: Server, lists: dict[str, list[dict]]) -> None:
    """Creates each list (single opt-in) and subscribes its rows, confirmed, with their statuses."""
    if USE_CLI_IMPORT:
        _import_with_cli(server, lists)
    else:
        _write_into_store(server, lists)


def _import_with_cli(server: Server, lists: dict[str, list[dict]]) -> None:
    unsubscribed: set[str] = set()
    for list_name, rows in lists.items():
        created = server.cli("list", "create", list_name, "--optin", "single")
        assert created.returncode == 0, created.stderr
        csv = server.workdir / f"{list_name}.csv"
        csv.write_text("email,name,status\r\n" + "".join(
            f"{r['email']},{r['name']},{'blocklisted' if r['status'] == 'blocklisted' else 'enabled'}\r\n"
            for r in rows))
        result = server.cli("subscribers", "import", str(csv), "--list", list_name, "--json", timeout=120)
        assert result.returncode == 0, result.stderr + result.stdout
        unsubscribed |= {r["email"] for r in rows if r["status"] == "unsubscribed"}
    for email in sorted(unsubscribed):
        result = server.cli("subscriber", "set", email, "--status", "unsubscribed")
        assert result.returncode == 0, result.stderr


def _write_into_store(server: Server, lists: dict[str, list[dict]]) -> None:
    """The server must have started once (the schema exists); it is stopped and started again around the write."""
    was_running = server.alive()
    if was_running:
        assert server.stop() == 0, "the server did not stop cleanly before the audience was written"
    now = int(time.time() * 1000)
    db = sqlite3.connect(server.data_dir / "queue.sqlite", timeout=30)
    try:
        with db:
            for list_name, rows in lists.items():
                db.execute("INSERT INTO lists (name, optin, description, created_at) VALUES (?, 'single', '', ?)",
                           (list_name, now))
                list_id = db.execute("SELECT id FROM lists WHERE name = ?", (list_name,)).fetchone()[0]
                db.executemany(
                    "INSERT OR IGNORE INTO subscribers (email, name, status, attributes, created_at, updated_at) "
                    "VALUES (?, ?, ?, '{}', ?, ?)",
                    [(r["email"], r["name"], r["status"], now, now) for r in rows])
                db.executemany(
                    "INSERT INTO subscriptions (list_id, subscriber_id, status, created_at, updated_at) "
                    "SELECT ?, id, 'confirmed', ?, ? FROM subscribers WHERE email = ?",
                    [(list_id, now, now, r["email"]) for r in rows])
    finally:
        db.close()
    if was_running:
        server.start()


def set_subscriber_status(server: Server, email: str, status: str) -> None:
    """Changes one subscriber's status while the server runs (what an unsubscribe link will do)."""
    if USE_CLI_IMPORT:
        result = server.cli("subscriber", "set", email, "--status", status)
        assert result.returncode == 0, result.stderr
        return
    db = sqlite3.connect(server.data_dir / "queue.sqlite", timeout=30)
    try:
        with db:
            changed = db.execute("UPDATE subscribers SET status = ? WHERE email = ?", (status, email)).rowcount
        assert changed == 1, f"no subscriber {email}"
    finally:
        db.close()


def suppress(server: Server, email: str, reason: str = "complaint") -> None:
    """Puts an address on the suppression list while the server runs (`steadymail suppression add`)."""
    result = server.cli("suppression", "add", email, "--reason", reason)
    assert result.returncode == 0, result.stderr + result.stdout


def add_template(server: Server, name: str = "hello", subject: str = "Hello {{subscriber.name}}",
                 html: str = TEMPLATE_HTML) -> None:
    path = server.workdir / f"{name}.html"
    path.write_text(html)
    result = server.cli("template", "add", name, "--kind", "campaign", "--subject", subject, "--html", str(path))
    assert result.returncode == 0, result.stderr + result.stdout


def create_campaign(server: Server, *args: str) -> dict:
    """`steadymail campaign create ... --json`; returns the campaign."""
    return server.cli_json("campaign", "create", *args)


def campaign_action(server: Server, action: str, campaign_id: int) -> dict:
    return server.cli_json("campaign", action, str(campaign_id))


def show(server: Server, campaign_id: int) -> dict:
    return server.cli_json("campaign", "show", str(campaign_id))


def wait_campaign(server: Server, campaign_id: int, state: str, timeout: float) -> dict:
    """Waits until the campaign is in `state`; returns `campaign show --json` (the last one seen on timeout)."""
    found = wait_until(lambda: (lambda c: c if c["state"] == state else None)(show(server, campaign_id)), timeout,
                       interval=1.0)
    return found or show(server, campaign_id)


def received_by_address(sinks, campaign_id: int) -> collections.Counter:
    """How many messages of the campaign each address received, over all sinks (by envelope recipient, each message
    checked for its X-Steadymail-Campaign header)."""
    marker = f"\r\nX-Steadymail-Campaign: {campaign_id}\r\n".encode()
    counts: collections.Counter = collections.Counter()
    for sink in sinks:
        for received in sink.messages():
            head = received.data.split(b"\r\n\r\n", 1)[0] + b"\r\n"
            if marker in head:
                counts.update(r.lower() for r in received.rcpts)
    return counts


def campaign_messages(sinks, campaign_id: int) -> list:
    marker = f"\r\nX-Steadymail-Campaign: {campaign_id}\r\n".encode()
    return [r for s in sinks for r in s.messages() if marker in r.data.split(b"\r\n\r\n", 1)[0] + b"\r\n"]


def sink_total(sinks) -> int:
    return sum(s.count() for s in sinks)


def database(server: Server) -> Path:
    return server.data_dir / "queue.sqlite"
