"""Helpers of the list and subscriber tests: an admin API key, small HTTP calls, and the confirmation link of a
double opt-in mail."""

from __future__ import annotations

import email
import email.policy
import http.client
import json
import re

from conftest import Server

CONFIRM_LINK = re.compile(r"(http://[^\s\"<>]+/subscription/confirm/([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+))")


def admin_key(server: Server) -> str:
    created = server.cli("apikey", "create", "--name", "audience", "--scope", "admin", "--json")
    assert created.returncode == 0, created.stderr
    return json.loads(created.stdout)["key"]


def call(listen: str, method: str, path: str, *, key: str | None = None, body=None, raw: bytes | None = None):
    """(status, content type, parsed JSON or text) of one request to `listen` (host:port)."""
    host, port = listen.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=15)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        content = response.read()
        kind = response.getheader("Content-Type", "")
        if kind.startswith("application/json") and content:
            return response.status, kind, json.loads(content)
        return response.status, kind, content.decode("utf-8", "replace")
    finally:
        connection.close()


def confirmation_link(data: bytes) -> tuple[str, str]:
    """(link, token) of a confirmation mail, read from its text part with Python's email package."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    assert text is not None, "the confirmation mail has no text part"
    match = CONFIRM_LINK.search(text.get_content())
    assert match, f"no confirmation link in {text.get_content()!r}"
    html = message.get_body(preferencelist=("html",))
    assert html is not None and match.group(1) in html.get_content(), "the html part lacks the same link"
    return match.group(1), match.group(2)


def subscription_status(server: Server, address: str, list_name: str) -> str | None:
    shown = server.cli_json("subscriber", "show", address)
    for subscription in shown.get("subscriptions", []):
        if subscription["list"] == list_name:
            return subscription["status"]
    return None
