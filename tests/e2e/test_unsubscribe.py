"""Issue 9 point 2: one-click unsubscribe (RFC 8058). Every campaign message carries `List-Unsubscribe` with a signed
link to the public listener and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`; a GET of the link only shows a
button (link scanners prefetch), a POST unsubscribes at once (status unsubscribed, suppression reason unsubscribe)
with a 200 and no redirect or cookie; an edited token is refused and changes nothing. A campaign cannot start without
a public URL."""

from __future__ import annotations

import http.client
import re

import pytest

from audience_support import call
from campaign_support import (add_audience, add_template, campaign_action, campaign_messages, campaign_overrides,
                              create_campaign, subscriber_rows, wait_campaign)
from conftest import free_port
from delivery_support import delivery_overrides

UNSUBSCRIBE_HEADER = re.compile(r"^<(http://[^/]+(/unsubscribe/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)))>$")
TEMPLATE = "<html><body><p>Hi {{subscriber.name}}</p><p><a href=\"{{links.unsubscribe}}\">Unsubscribe</a></p>" \
           "</body></html>\n"


def status_of(server, email: str) -> str:
    shown = server.cli_json("subscriber", "show", email)
    return (shown.get("subscriber") or shown)["status"]


def suppression_of(server, email: str) -> dict | None:
    listing = server.cli_json("suppression", "list")["suppressions"]
    return next((e for e in listing if e["email"] == email), None)


@pytest.mark.timeout(120)
def test_campaign_mail_unsubscribes_in_one_click_and_only_by_post(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    public = f"127.0.0.1:{free_port()}"
    overrides = {**delivery_overrides([sink.relay_config()]), **campaign_overrides()}
    overrides["http"] = {"public_listen": public}
    server = server_factory(**overrides)
    server.wait_for_port(int(public.rsplit(":", 1)[1]), 15)
    add_template(server, html=TEMPLATE)
    add_audience(server, {"news": subscriber_rows(5)})
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")["id"]
    campaign_action(server, "start", cid)
    finished = wait_campaign(server, cid, "finished", 60)
    assert finished["state"] == "finished", finished
    messages = campaign_messages([sink], cid)
    assert sorted(m.rcpts[0] for m in messages) == [f"s{i}@example.org" for i in range(5)]

    links: dict[str, tuple[str, str, str]] = {}
    for mail in messages:
        message = mail.message()
        assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
        match = UNSUBSCRIBE_HEADER.match(str(message["List-Unsubscribe"]))
        assert match, message["List-Unsubscribe"]
        assert match.group(1).startswith(f"http://{public}/unsubscribe/")
        html = message.get_body(preferencelist=("html",)).get_content()
        assert match.group(1) in html, "the template's links.unsubscribe is not the header's link"
        links[mail.rcpts[0]] = match.groups()
    assert len({token for _, _, token in links.values()}) == 5, "two subscribers share a token"

    _, path, token = links["s1@example.org"]
    # A GET (a link scanner, a preview) shows the button and changes nothing.
    for _ in range(2):
        status, kind, page = call(public, "GET", path)
        assert status == 200 and kind.startswith("text/html"), (status, page)
        assert f'<form method="post" action="{path}">' in page
    assert status_of(server, "s1@example.org") == "enabled"
    assert suppression_of(server, "s1@example.org") is None

    # An edited token (another subscriber's payload under this MAC, or a changed MAC) is refused.
    payload, mac = token.split(".")
    other_payload = links["s2@example.org"][2].split(".")[0]
    for forged in (f"{other_payload}.{mac}", f"{payload}.{mac[:-2]}{'AA' if mac[-2:] != 'AA' else 'BB'}"):
        for method in ("GET", "POST"):
            status, _, page = call(public, method, f"/unsubscribe/{forged}")
            assert status == 400 and "not valid" in page, (method, status, page)
    assert status_of(server, "s1@example.org") == "enabled" and status_of(server, "s2@example.org") == "enabled"
    assert suppression_of(server, "s2@example.org") is None

    # The one-click POST of RFC 8058: a form body, no cookie, no login; 200, no redirect.
    host, port = public.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request("POST", path, body=b"List-Unsubscribe=One-Click",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        body = response.read().decode()
        assert response.status == 200, (response.status, body)
        assert response.getheader("Location") is None and response.getheader("Set-Cookie") is None
        assert "s1@example.org" in body
    finally:
        connection.close()
    assert status_of(server, "s1@example.org") == "unsubscribed"
    entry = suppression_of(server, "s1@example.org")
    assert entry is not None and entry["reason"] == "unsubscribe", entry
    assert call(public, "POST", path)[0] == 200, "a second POST must succeed too"
    assert [status_of(server, f"s{i}@example.org") for i in (0, 2, 3, 4)] == ["enabled"] * 4

    # Never mailed by a campaign again.
    again = create_campaign(server, "Again", "--template", "hello", "--list", "news", "--from", "shop@example.org")
    campaign_action(server, "start", again["id"])
    assert wait_campaign(server, again["id"], "finished", 60)["state"] == "finished"
    assert sorted(m.rcpts[0] for m in campaign_messages([sink], again["id"])) == [
        f"s{i}@example.org" for i in (0, 2, 3, 4)]


@pytest.mark.timeout(60)
def test_a_campaign_cannot_start_without_a_public_url(server_factory):
    overrides = campaign_overrides()
    del overrides["http"]
    server = server_factory(**overrides)
    add_template(server, html=TEMPLATE)
    add_audience(server, {"news": subscriber_rows(2)})
    cid = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")["id"]
    refused = server.cli("campaign", "start", str(cid))
    assert refused.returncode != 0 and "http.public_url" in refused.stderr, refused.stderr
    assert server.cli_json("campaign", "show", str(cid))["state"] == "draft"
