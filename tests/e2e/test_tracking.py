"""Issue 9 point 1: open and click tracking. A tracked campaign's HTML links go through signed click links
(`/t/c/<token>`, naming a stored link by id) and the HTML carries an open pixel (`/t/o/<token>`), both served by the
public listener; opens and clicks are counted in total and once per subscriber, written in the background. A forged
click token is refused with a 400 and no redirect, and no request parameter can choose the target. A campaign
created with `--no-tracking` is sent as rendered."""

from __future__ import annotations

import http.client
import re

import pytest

from audience_support import call
from campaign_support import (add_audience, add_template, campaign_action, campaign_messages, campaign_overrides,
                              create_campaign, show, subscriber_rows, wait_campaign)
from conftest import free_port
from delivery_support import delivery_overrides, wait_until

SALE = "https://shop.example/sale?a=1&b=2"
BLOG = "https://blog.example/post"
TEMPLATE = ("<html><body><p>Hi {{subscriber.name}}</p>"
            "<p><a href=\"https://shop.example/sale?a=1&amp;b=2\">Sale</a></p>"
            f"<p><a href=\"{BLOG}\">Blog</a> <a href=\"mailto:help@example.org\">Help</a></p>"
            "<p><a href=\"{{links.unsubscribe}}\">Unsubscribe</a></p></body></html>\n")
CLICK = re.compile(r'href="(http://[^/"]+(/t/c/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+))"')
PIXEL = re.compile(r'<img src="(http://[^/"]+(/t/o/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+))" width="1" height="1"')


def get(public: str, path: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers lowercased, body) of one GET to the public listener."""
    host, port = public.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def html_of(mail) -> str:
    return mail.message().get_body(preferencelist=("html",)).get_content()


def edited(token: str) -> str:
    """The token with one character of its MAC changed."""
    payload, mac = token.split(".")
    middle = len(mac) // 2
    return f"{payload}.{mac[:middle]}{'A' if mac[middle] != 'A' else 'B'}{mac[middle + 1:]}"


@pytest.mark.timeout(150)
def test_opens_and_clicks_are_counted_and_the_redirector_is_no_open_redirect(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    public = f"127.0.0.1:{free_port()}"
    overrides = {**delivery_overrides([sink.relay_config()]), **campaign_overrides()}
    overrides["http"] = {"public_listen": public}
    server = server_factory(**overrides)
    server.wait_for_port(int(public.rsplit(":", 1)[1]), 15)
    add_template(server, html=TEMPLATE)
    add_audience(server, {"news": subscriber_rows(3)})
    campaign = create_campaign(server, "News", "--template", "hello", "--list", "news", "--from", "shop@example.org")
    cid = campaign["id"]
    assert campaign["tracking"] is True
    campaign_action(server, "start", cid)
    assert wait_campaign(server, cid, "finished", 60)["state"] == "finished"
    messages = {m.rcpts[0]: m for m in campaign_messages([sink], cid)}
    assert sorted(messages) == [f"s{i}@example.org" for i in range(3)]

    for address, mail in messages.items():
        html = html_of(mail)
        clicks = CLICK.findall(html)
        assert len(clicks) == 2, (address, html)
        assert all(url.startswith(f"http://{public}/t/c/") for url, _ in clicks)
        assert len(PIXEL.findall(html)) == 1 and re.search(r'style="display:none"></body>', html), html
        assert "shop.example" not in html and "blog.example" not in html, "an original link was left in the HTML"
        assert '<a href="mailto:help@example.org">' in html and f"http://{public}/unsubscribe/" in html
        # The text part is never rewritten.
        text = mail.message().get_body(preferencelist=("plain",)).get_content()
        assert SALE in text and "/t/c/" not in text, text

    html = html_of(messages["s1@example.org"])
    (_, sale_path), (_, blog_path) = CLICK.findall(html)
    _, pixel_path = PIXEL.search(html).groups()
    for _ in range(2):
        status, headers, body = get(public, pixel_path)
        assert status == 200 and headers["content-type"] == "image/gif" and body.startswith(b"GIF89a"), status
        assert "no-store" in headers["cache-control"]
    for _ in range(2):
        status, headers, _ = get(public, sale_path)
        assert status == 302 and headers["location"] == SALE, (status, headers)

    def engagement():
        shown = show(server, cid)["engagement"]
        return shown if shown["opens"] >= 2 and shown["clicks"] >= 2 else None

    counted = wait_until(engagement, 5, interval=0.2)
    assert counted == {"opens": 2, "unique_opens": 1, "clicks": 2, "unique_clicks": 1}, show(server, cid)
    key = server.cli_json("apikey", "create", "--name", "reader", "--scope", "read")["key"]
    status, _, api = call(server.config["http"]["listen"], "GET", f"/v1/campaigns/{cid}", key=key)
    assert status == 200 and api["engagement"] == counted and api["tracking"] is True, api

    # Forged, edited, wrong-purpose: a small 400 page and never a Location.
    sale_token = sale_path.rsplit("/", 1)[1]
    pixel_token = pixel_path.rsplit("/", 1)[1]
    for path in (f"/t/c/{edited(sale_token)}", f"/t/c/{edited(sale_token)}?url=https://evil.example",
                 f"/t/c/{pixel_token}", f"/t/o/{edited(pixel_token)}", f"/t/o/{sale_token}"):
        status, headers, body = get(public, path)
        assert status == 400 and "location" not in headers and b"not valid" in body, (path, status, headers)
    # No target comes from the request.
    for path in ("/t/c/?url=https://evil.example", "/t/r?url=https://evil.example", "/t/c?url=https://evil.example",
                 "/t/c/https%3A%2F%2Fevil.example"):
        status, headers, _ = get(public, path)
        assert 400 <= status < 500 and "location" not in headers, (path, status, headers)
    status, headers, _ = get(public, f"{blog_path}?url=https://evil.example")
    assert status == 302 and headers["location"] == BLOG, (status, headers)
    # The redirect above counts; the refused ones did not.
    counted = wait_until(lambda: (lambda e: e if e["clicks"] >= 3 else None)(show(server, cid)["engagement"]), 5,
                         interval=0.2)
    assert counted == {"opens": 2, "unique_opens": 1, "clicks": 3, "unique_clicks": 1}, show(server, cid)

    # Switched off: the mail is sent as rendered.
    untracked = create_campaign(server, "Plain", "--template", "hello", "--list", "news", "--from",
                                "shop@example.org", "--no-tracking")
    assert untracked["tracking"] is False
    campaign_action(server, "start", untracked["id"])
    assert wait_campaign(server, untracked["id"], "finished", 60)["state"] == "finished"
    plain = campaign_messages([sink], untracked["id"])
    assert len(plain) == 3
    for mail in plain:
        html = html_of(mail)
        assert '<a href="https://shop.example/sale?a=1&amp;b=2">Sale</a>' in html, html
        assert f'<a href="{BLOG}">Blog</a>' in html
        assert "/t/c/" not in html and "/t/o/" not in html and "<img" not in html
    assert show(server, untracked["id"])["engagement"] == {"opens": 0, "unique_opens": 0, "clicks": 0,
                                                           "unique_clicks": 0}
