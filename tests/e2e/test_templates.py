"""Issue 8 point 4: Mustache templates with layouts and partials, saved through the CLI and the HTTP API, refused
with the line when they do not compile or name a missing partial, and previewed for a stored subscriber with their
attributes (HTML part escaped, text part derived from it)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from test_api_trace import api, create_key
from test_maintenance import delete

FOOTER = "<p>Sent to {{subscriber.email}}</p>\n"
BASE = "<html><body>\n{{$content}}nothing{{/content}}\n{{>footer}}\n</body></html>\n"
WELCOME = (
    "{{<base}}\n"
    "{{$content}}<h1>Hello {{subscriber.name}}</h1>\n"
    "<p>News from {{subscriber.attributes.city}}</p>\n"
    "<ul><li>one</li><li>two</li></ul>{{/content}}\n"
    "{{/base}}\n"
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def add_subscriber(server, email: str, name: str, attributes: dict) -> None:
    """Stores a subscriber the way the audience import would, straight into the running node's database."""
    now = int(time.time() * 1000)
    connection = sqlite3.connect(str(Path(server.config["data_dir"]) / "queue.sqlite"), timeout=10)
    try:
        connection.execute(
            "INSERT INTO subscribers (email, name, status, attributes, created_at, updated_at) "
            "VALUES (?, ?, 'enabled', ?, ?, ?)", (email, name, json.dumps(attributes), now, now))
        connection.commit()
    finally:
        connection.close()


@pytest.mark.timeout(90)
def test_templates_through_the_cli(server, tmp_path):
    for args in (["footer", "--kind", "partial", "--html", write(tmp_path, "footer.html", FOOTER)],
                 ["base", "--kind", "layout", "--html", write(tmp_path, "base.html", BASE)],
                 ["welcome", "--subject", "Hello {{subscriber.name}}", "--html",
                  write(tmp_path, "welcome.html", WELCOME)]):
        added = server.cli("template", "add", *args)
        assert added.returncode == 0, added.stderr
    listed = server.cli_json("template", "list")["templates"]
    assert [(t["name"], t["kind"]) for t in listed] == [("base", "layout"), ("footer", "partial"),
                                                      ("welcome", "campaign")]
    shown = server.cli_json("template", "show", "welcome")
    assert shown["subject"] == "Hello {{subscriber.name}}" and shown["html"] == WELCOME and "text" not in shown

    # A partial that is not stored, and a section closed with the wrong name: refused with the line, nothing saved.
    missing = server.cli("template", "add", "broken", "--subject", "s", "--html",
                         write(tmp_path, "missing.html", "<p>a</p>\n<p>b</p>\n{{>signature}}\n"))
    assert missing.returncode != 0
    assert "line 3" in missing.stderr and "'signature'" in missing.stderr, missing.stderr
    syntax = server.cli("template", "add", "broken", "--subject", "s", "--html",
                        write(tmp_path, "syntax.html", "{{#open}}\n{{/close}}\n"))
    assert syntax.returncode != 0 and "line 2" in syntax.stderr, syntax.stderr
    assert "broken" not in [t["name"] for t in server.cli_json("template", "list")["templates"]]

    add_subscriber(server, "ada@example.org", "Ada <Lovelace>", {"city": "Köln & Bonn"})
    preview = server.cli_json("template", "preview", "welcome", "--subscriber", "Ada@Example.org")
    assert preview["subject"] == "Hello Ada <Lovelace>"
    assert "<h1>Hello Ada &lt;Lovelace&gt;</h1>" in preview["html"]
    assert "<p>News from Köln &amp; Bonn</p>" in preview["html"]
    assert "<p>Sent to ada@example.org</p>" in preview["html"] and preview["html"].startswith("<html><body>")
    assert preview["text"] == "Hello Ada <Lovelace>\n\nNews from Köln & Bonn\n\n- one\n- two\n\nSent to ada@example.org"
    sample = server.cli_json("template", "preview", "welcome")
    assert "Sam Sample" in sample["subject"], sample
    unknown = server.cli("template", "preview", "welcome", "--subscriber", "nobody@example.org")
    assert unknown.returncode != 0 and "no subscriber" in unknown.stderr, unknown.stderr

    in_use = server.cli("template", "remove", "footer")
    assert in_use.returncode != 0 and "used by 'base'" in in_use.stderr, in_use.stderr
    for name in ("welcome", "base", "footer"):
        removed = server.cli("template", "remove", name)
        assert removed.returncode == 0, removed.stderr
    assert server.cli_json("template", "list")["templates"] == []


@pytest.mark.timeout(90)
def test_templates_through_the_api(server):
    admin, reader = create_key(server, "admin"), create_key(server, "read")
    status, footer = api(server, "POST", "/v1/templates", admin,
                         {"name": "footer", "kind": "partial", "html": FOOTER})
    assert status == 201 and footer["name"] == "footer" and footer["kind"] == "partial", footer
    status, again = api(server, "POST", "/v1/templates", admin, {"name": "footer", "kind": "partial", "html": "x"})
    assert status == 409 and again["error"]["code"] == "conflict", again

    status, refused = api(server, "POST", "/v1/templates", admin, {
        "name": "news", "kind": "campaign", "subject": "Hi", "html": "<p>a</p>\n{{>footer}}\n{{>nope}}\n"})
    assert status == 422, refused
    assert refused["error"]["code"] == "invalid_template"
    assert refused["error"]["field"] == "html" and refused["error"]["line"] == 3, refused
    assert "'nope'" in refused["error"]["message"]
    status, refused = api(server, "PUT", "/v1/templates/news", admin, {
        "kind": "campaign", "subject": "Hi {{name", "html": "<p>a</p>"})
    assert status == 422 and refused["error"]["field"] == "subject" and refused["error"]["line"] == 1, refused
    status, refused = api(server, "POST", "/v1/templates", admin, {"name": "Bad Name", "kind": "partial", "html": "x"})
    assert status == 422 and refused["error"]["field"] == "name", refused
    status, refused = api(server, "POST", "/v1/templates", admin, {"name": "x", "kind": "partial", "html": 3})
    assert status == 400 and refused["error"]["field"] == "html", refused

    body = {"kind": "campaign", "subject": "News for {{subscriber.attributes.city}}",
            "html": "<p>{{subscriber.attributes.city}}</p>\n{{>footer}}", "text": "City: {{subscriber.attributes.city}}"}
    status, news = api(server, "PUT", "/v1/templates/news", admin, body)
    assert status == 200 and news["text"] == body["text"], news
    status, listed = api(server, "GET", "/v1/templates", reader)
    assert status == 200 and [t["name"] for t in listed["templates"]] == ["footer", "news"], listed
    status, one = api(server, "GET", "/v1/templates/news", reader)
    assert status == 200 and one["subject"] == body["subject"], one
    status, missing = api(server, "GET", "/v1/templates/none", reader)
    assert status == 404 and missing["error"]["code"] == "not_found", missing
    status, forbidden = api(server, "PUT", "/v1/templates/news", reader, body)
    assert status == 403, forbidden

    add_subscriber(server, "bo@example.org", "Bo", {"city": "<Paris>"})
    status, preview = api(server, "POST", "/v1/templates/news/preview", admin, {"email": "bo@example.org"})
    assert status == 200, preview
    assert preview == {"subject": "News for <Paris>", "html": "<p>&lt;Paris&gt;</p>\n<p>Sent to bo@example.org</p>\n",
                       "text": "City: <Paris>"}
    status, unknown = api(server, "POST", "/v1/templates/news/preview", admin, {"email": "nobody@example.org"})
    assert status == 422 and unknown["error"]["code"] == "unknown_subscriber", unknown
    assert unknown["error"]["field"] == "email"
    status, partial = api(server, "POST", "/v1/templates/footer/preview", admin, {})
    assert status == 422 and partial["error"]["code"] == "invalid_template", partial

    status, in_use = api(server, "DELETE", "/v1/templates/footer", admin)
    assert status == 409 and in_use["error"]["code"] == "template_in_use", in_use
    assert delete(server, "/v1/templates/news", admin) == 204
    assert delete(server, "/v1/templates/footer", admin) == 204
    assert delete(server, "/v1/templates/footer", admin) == 404
    # The CLI sees what the API saved and removed: one store.
    assert server.cli_json("template", "list")["templates"] == []
