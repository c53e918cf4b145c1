"""Issue 8 points 1 and 2: double opt-in. Subscribing to a double opt-in list queues a confirmation mail with a
signed link to the public listener; a GET of the link only shows a button (link scanners prefetch), the POST
confirms; forged or edited tokens are refused and change nothing. The public listener serves neither the admin API
nor metrics."""

from __future__ import annotations

import base64
import json

import pytest

from audience_support import admin_key, call, confirmation_link, subscription_status
from conftest import free_port
from delivery_support import delivery_overrides
from relaysink import wait_for_messages


def optin_server(server_factory, sink, **extra):
    public = f"127.0.0.1:{free_port()}"
    overrides = delivery_overrides([sink.relay_config()])
    overrides["http"] = {"public_listen": public}
    overrides["lists"] = {"confirmation_subject": "Confirm your subscription to our news",
                          "confirmation_from": "news@e2e.test"}
    overrides.update(extra)
    server = server_factory(**overrides)
    server.wait_for_port(int(public.rsplit(":", 1)[1]), 15)
    return server, public


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.mark.timeout(120)
def test_a_subscription_is_active_only_after_the_link_is_followed(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server, public = optin_server(server_factory, sink)
    server.cli_json("list", "create", "vip", "--optin", "double")
    server.cli_json("list", "create", "news", "--optin", "single")

    added = server.cli("subscriber", "add", "ada@example.org", "--name", "Ada", "--list", "vip", "--list", "news")
    assert added.returncode == 0, added.stderr
    assert "1 confirmation mail(s) queued" in added.stdout
    assert subscription_status(server, "ada@example.org", "vip") == "unconfirmed"
    assert subscription_status(server, "ada@example.org", "news") == "confirmed"

    received = wait_for_messages([sink], 1, 30)
    assert len(received) == 1, "no confirmation mail arrived"
    mail = received[0]
    assert mail.rcpts == ["ada@example.org"] and mail.mail_from == "news@e2e.test"
    message = mail.message()
    assert str(message["Subject"]) == "Confirm your subscription to our news"
    rows = server.queue_list()
    assert [(r["recipient"], r["priority"]) for r in rows] == [("ada@example.org", "transactional")], rows
    link, token = confirmation_link(mail.data)
    assert link.startswith(f"http://{public}/subscription/confirm/")

    # A GET (a link scanner, a preview) shows the button and confirms nothing.
    for _ in range(2):
        status, kind, page = call(public, "GET", path_of(link))
        assert status == 200 and kind.startswith("text/html"), (status, page)
        assert '<form method="post"' in page and "Confirm</button>" in page
    assert subscription_status(server, "ada@example.org", "vip") == "unconfirmed"

    status, _, page = call(public, "POST", path_of(link))
    assert status == 200 and "subscribed to vip" in page, page
    assert subscription_status(server, "ada@example.org", "vip") == "confirmed"
    lists = {l["name"]: l["subscribers"] for l in server.cli_json("lists")}
    assert lists["vip"] == {"confirmed": 1, "unconfirmed": 0, "unsubscribed": 0}
    # Following it again is harmless.
    assert call(public, "POST", path_of(link))[0] == 200

    # Someone who left the list is not put back by an old link.
    bob = server.cli("subscriber", "add", "bob@example.org", "--list", "vip")
    assert bob.returncode == 0, bob.stderr
    bob_mail = wait_for_messages([sink], 2, 30)
    assert len(bob_mail) == 2
    bob_link, _ = confirmation_link(bob_mail[1].data)
    server.stop()
    import sqlite3

    db = sqlite3.connect(server.data_dir / "queue.sqlite")
    db.execute("UPDATE subscriptions SET status = 'unsubscribed' WHERE subscriber_id = "
               "(SELECT id FROM subscribers WHERE email = 'bob@example.org')")
    db.commit()
    db.close()
    server.start()
    server.wait_for_port(int(public.rsplit(":", 1)[1]), 15)
    status, _, page = call(public, "POST", path_of(bob_link))
    assert status == 404 and "Nothing was changed" in page
    assert subscription_status(server, "bob@example.org", "vip") == "unsubscribed"


@pytest.mark.timeout(120)
def test_forged_and_edited_tokens_are_refused_and_change_nothing(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server, public = optin_server(server_factory, sink)
    server.cli_json("list", "create", "vip", "--optin", "double")
    server.cli_json("subscriber", "add", "ada@example.org", "--list", "vip")
    server.cli_json("subscriber", "add", "eve@example.org", "--list", "vip")
    received = wait_for_messages([sink], 2, 30)
    assert len(received) == 2
    by_rcpt = {r.rcpts[0]: confirmation_link(r.data)[1] for r in received}
    eve_token = by_rcpt["eve@example.org"]
    payload, mac = eve_token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    ada = server.cli_json("subscriber", "show", "ada@example.org")
    # Eve's MAC over a payload naming Ada.
    edited = dict(claims, i=[ada["id"], claims["i"][1]])
    edited_payload = base64.urlsafe_b64encode(json.dumps(edited, separators=(",", ":")).encode()).decode().rstrip("=")
    flipped = mac[:-2] + ("A" if mac[-2] != "A" else "B") + mac[-1]
    forged = [
        f"{edited_payload}.{mac}",
        f"{payload}.{flipped}",
        eve_token[:-5],
        payload,
        "not-a-token",
        f"{payload}..{mac}",
    ]
    for token in forged:
        for method in ("GET", "POST"):
            status, kind, page = call(public, method, f"/subscription/confirm/{token}")
            assert status == 400 and kind.startswith("text/html"), (token, method, status)
            assert "not valid or has expired" in page
    assert subscription_status(server, "ada@example.org", "vip") == "unconfirmed"
    assert subscription_status(server, "eve@example.org", "vip") == "unconfirmed"
    # Eve's own token still works, and only for Eve.
    assert call(public, "POST", f"/subscription/confirm/{eve_token}")[0] == 200
    assert subscription_status(server, "eve@example.org", "vip") == "confirmed"
    assert subscription_status(server, "ada@example.org", "vip") == "unconfirmed"


@pytest.mark.timeout(120)
def test_api_subscription_preconfirm_and_the_public_listener_surface(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server, public = optin_server(server_factory, sink)
    key = admin_key(server)
    listen = server.config["http"]["listen"]
    assert call(listen, "POST", "/v1/lists", key=key, body={"name": "vip", "optin": "double"})[0] == 201
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key,
                           body={"email": "api@example.org", "lists": ["vip"]})
    assert status == 201 and body["subscriptions"][0]["status"] == "unconfirmed", body
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key,
                           body={"email": "pre@example.org", "lists": ["vip"], "preconfirm": True})
    assert status == 201 and body["subscriptions"][0]["status"] == "confirmed", body
    pre = server.cli_json("subscriber", "add", "cli-pre@example.org", "--list", "vip", "--preconfirm")
    assert pre["subscriptions"][0]["status"] == "confirmed"

    received = wait_for_messages([sink], 1, 30)
    assert [r.rcpts for r in received] == [["api@example.org"]]
    link, _ = confirmation_link(received[0].data)
    assert call(public, "POST", path_of(link))[0] == 200
    assert subscription_status(server, "api@example.org", "vip") == "confirmed"
    # The GDPR export lists the mail the queue sent to the address: here, the confirmation.
    exported = json.loads(server.cli("subscriber", "export", "api@example.org").stdout)
    assert [m["tags"] for m in exported["messages"]] == [["steadymail-confirmation"]], exported
    assert exported["messages"][0]["state"] in ("delivered", "in_flight"), exported
    assert json.loads(server.cli("subscriber", "export", "pre@example.org").stdout)["messages"] == []
    # Only the confirmation mail was sent: the preconfirmed ones got none.
    assert len(wait_for_messages([sink], 2, 2)) == 1

    # The public listener: links and the status page, never the admin API, metrics or health.
    for path in ("/v1/lists", "/v1/subscribers", "/metrics", "/healthz", "/openapi.yaml"):
        assert call(public, "GET", path, key=key)[0] == 404, path
    assert call(public, "GET", "/status")[0] == 200


@pytest.mark.timeout(120)
def test_subscribing_an_existing_subscriber_to_a_double_optin_list_mails_a_link_that_confirms(
        server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server, public = optin_server(server_factory, sink)
    key = admin_key(server)
    listen = server.config["http"]["listen"]
    server.cli_json("list", "create", "news", "--optin", "single")
    server.cli_json("list", "create", "vip", "--optin", "double")
    server.cli_json("list", "create", "club", "--optin", "double")
    server.cli_json("subscriber", "add", "ada@example.org", "--list", "news")

    subscribed = server.cli("subscriber", "subscribe", "ada@example.org", "--list", "vip")
    assert subscribed.returncode == 0 and "1 confirmation mail(s) queued" in subscribed.stdout, subscribed
    assert subscription_status(server, "ada@example.org", "vip") == "unconfirmed"
    received = wait_for_messages([sink], 1, 30)
    assert len(received) == 1 and received[0].rcpts == ["ada@example.org"]
    link, _ = confirmation_link(received[0].data)
    # Asking again while it waits for confirmation sends no second mail.
    again = server.cli_json("subscriber", "subscribe", "ada@example.org", "--list", "vip")
    assert again["confirmations_queued"] == 0
    status, _, page = call(public, "POST", path_of(link))
    assert status == 200 and "subscribed to vip" in page, page
    assert subscription_status(server, "ada@example.org", "vip") == "confirmed"
    assert subscription_status(server, "ada@example.org", "news") == "confirmed"

    # Through the API, too: a second double list mails a second link, for that list only.
    status, _, body = call(listen, "POST", "/v1/subscribers/ada@example.org/subscriptions", key=key,
                           body={"lists": ["club", "vip"]})
    assert status == 200 and body["confirmations_queued"] == 1, body
    received = wait_for_messages([sink], 2, 30)
    assert len(received) == 2
    club_link, _ = confirmation_link(received[1].data)
    assert call(public, "POST", path_of(club_link))[0] == 200
    assert subscription_status(server, "ada@example.org", "club") == "confirmed"
    # Only the two confirmations were sent.
    assert len(wait_for_messages([sink], 3, 2)) == 2


@pytest.mark.timeout(60)
def test_double_optin_needs_a_public_url(server):
    server.cli_json("list", "create", "vip", "--optin", "double")
    refused = server.cli("subscriber", "add", "ada@example.org", "--list", "vip")
    assert refused.returncode != 0 and "http.public_url" in refused.stderr
    assert server.cli("subscriber", "show", "ada@example.org").returncode != 0
    assert server.cli_json("subscriber", "add", "ada@example.org", "--list", "vip", "--preconfirm")["email"]
    server.cli_json("subscriber", "add", "bob@example.org")
    refused = server.cli("subscriber", "subscribe", "bob@example.org", "--list", "vip")
    assert refused.returncode != 0 and "http.public_url" in refused.stderr
    assert server.cli_json("subscriber", "show", "bob@example.org")["subscriptions"] == []
