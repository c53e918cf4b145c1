"""Issue 8 point 1: lists and subscribers through the CLI and the API, the streaming CSV import and its report,
the GDPR export and erasure."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from audience_support import admin_key, call
from conftest import BIN

# A file with every kind of row an import must get right: BOM, CRLF, quoted fields with "" and embedded commas and
# newlines, a blank line, a duplicate in another spelling, an invalid address, wrong field counts, a bad status,
# bad attributes JSON, a suppressed address, and a quote left open at the end.
TRICKY_CSV = (
    b"\xef\xbb\xbf"
    b"Email,Name,status,attributes,City\r\n"  # line 1
    b"ada@example.org,Ada,,\"{\"\"age\"\": 36}\",London\r\n"  # 2
    b"\"bob@example.org\",\"Bob \"\"The Builder\"\", Jr.\",enabled,,\"New\r\nYork\"\r\n"  # 3-4
    b"\r\n"  # 5 (blank)
    b"not-an-address,X,,,\r\n"  # 6
    b"ADA@Example.ORG,Ada again,,,\r\n"  # 7 duplicate
    b"cy@example.org,Cy\r\n"  # 8 too few fields
    b"dee@example.org,Dee,bounced,,\r\n"  # 9 bad status
    b"eve@example.org,Eve,,\"[1,2]\",\r\n"  # 10 bad attributes
    b"gone@example.org,Gone,,,\r\n"  # 11 suppressed
    b"fay@example.org,Fay,blocklisted,,Paris,extra\r\n"  # 12 too many fields
    b"gus@example.org,Gus,blocklisted,,Rome\r\n"  # 13
    b"\"hal@example.org,Hal,,,\r\n"  # 14 unterminated quote to the end
)


def suppress(server, address: str) -> None:
    result = server.cli("suppression", "add", address, "--reason", "hard-bounce")
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.timeout(120)
def test_lists_and_subscribers_through_the_cli(server):
    created = server.cli_json("list", "create", "news", "--optin", "single", "--description", "Weekly news")
    assert created["name"] == "news" and created["optin"] == "single"
    again = server.cli("list", "create", "news", "--optin", "single")
    assert again.returncode != 0 and "already exists" in again.stderr
    bad = server.cli("list", "create", "bad name", "--optin", "single")
    assert bad.returncode != 0 and "name" in bad.stderr

    added = server.cli_json("subscriber", "add", "Ada@Example.org", "--name", "Ada", "--attr", "city=London",
                            "--attr", "plan=pro", "--list", "news")
    assert added["email"] == "ada@example.org" and added["attributes"] == {"city": "London", "plan": "pro"}
    assert [(s["list"], s["status"]) for s in added["subscriptions"]] == [("news", "confirmed")]
    assert server.cli("subscriber", "add", "ada@example.org").returncode != 0, "a second add of one address"
    unknown_list = server.cli("subscriber", "add", "bob@example.org", "--list", "nope")
    assert unknown_list.returncode != 0 and "no list named nope" in unknown_list.stderr
    assert server.cli("subscriber", "show", "bob@example.org").returncode != 0, "a refused add wrote a subscriber"
    server.cli_json("subscriber", "add", "bob@example.org")

    lists = server.cli_json("lists")
    assert [(l["name"], l["subscribers"]) for l in lists] == [
        ("news", {"confirmed": 1, "unconfirmed": 0, "unsubscribed": 0})]
    assert server.cli_json("list", "show", "news")["description"] == "Weekly news"

    everyone = server.cli_json("subscribers")
    assert [s["email"] for s in everyone] == ["ada@example.org", "bob@example.org"]
    assert [s["email"] for s in server.cli_json("subscribers", "--list", "news")] == ["ada@example.org"]
    page = server.cli_json("subscribers", "--limit", "1")
    assert [s["email"] for s in page] == ["ada@example.org"]
    rest = server.cli_json("subscribers", "--after", str(page[0]["id"]))
    assert [s["email"] for s in rest] == ["bob@example.org"]

    changed = server.cli("subscriber", "set", "bob@example.org", "--status", "blocklisted")
    assert changed.returncode == 0, changed.stderr
    assert [s["email"] for s in server.cli_json("subscribers", "--status", "blocklisted")] == ["bob@example.org"]
    bounced = server.cli("subscriber", "set", "bob@example.org", "--status", "bounced")
    assert bounced.returncode != 0 and "bounced" in bounced.stderr

    removed = server.cli("list", "remove", "news")
    assert removed.returncode == 0, removed.stderr
    assert server.cli_json("lists") == []
    assert server.cli_json("subscriber", "show", "ada@example.org")["subscriptions"] == []


@pytest.mark.timeout(120)
def test_lists_and_subscribers_through_the_api(server):
    key = admin_key(server)
    listen = server.config["http"]["listen"]
    status, _, body = call(listen, "POST", "/v1/lists", key=key, body={"name": "api", "optin": "single"})
    assert status == 201 and body["name"] == "api", body
    status, _, body = call(listen, "POST", "/v1/lists", key=key, body={"name": "api"})
    assert status == 409 and body["error"]["code"] == "conflict"
    status, _, body = call(listen, "POST", "/v1/lists", key=key, body={"name": "x", "optin": "triple"})
    assert status == 400 and body["error"]["message"].startswith("optin:")
    status, _, body = call(listen, "POST", "/v1/lists", key=key, body={"name": "x", "colour": "red"})
    assert status == 400 and body["error"]["message"].startswith("colour: unknown field")

    status, _, body = call(listen, "POST", "/v1/subscribers", key=key, body={
        "email": "Pat@Example.org", "name": "Pat", "lists": ["api"], "attributes": {"age": 41, "tags": ["a"]}})
    assert status == 201, body
    assert body["email"] == "pat@example.org" and body["attributes"] == {"age": 41, "tags": ["a"]}
    assert body["subscriptions"][0]["status"] == "confirmed"
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key, body={"email": "pat@example.org"})
    assert status == 409
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key, body={"email": "nobody"})
    assert status == 400 and body["error"]["message"].startswith("email:")
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key,
                           body={"email": "q@example.org", "lists": ["api", "nope"]})
    assert status == 422 and body["error"]["message"].startswith("lists[1]:"), body
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key, body={"email": "q@example.org", "name": 5})
    assert status == 400 and body["error"]["message"].startswith("name:")

    status, _, body = call(listen, "PATCH", "/v1/subscribers/pat@example.org", key=key,
                           body={"status": "unsubscribed", "attributes": {"age": None, "city": "Oslo"}})
    assert status == 200 and body["status"] == "unsubscribed", body
    assert body["attributes"] == {"tags": ["a"], "city": "Oslo"}
    status, _, body = call(listen, "GET", "/v1/subscribers?status=unsubscribed&list=api", key=key)
    assert status == 200 and [s["email"] for s in body["subscribers"]] == ["pat@example.org"]
    assert "next_after" not in body
    status, _, body = call(listen, "GET", "/v1/subscribers?limit=0", key=key)
    assert status == 400 and body["error"]["message"].startswith("limit:")
    status, _, _ = call(listen, "GET", "/v1/subscribers?list=nope", key=key)
    assert status == 404
    status, _, body = call(listen, "GET", "/v1/lists/api", key=key)
    assert status == 200 and body["subscribers"]["confirmed"] == 1
    status, _, _ = call(listen, "GET", "/v1/lists/nope", key=key)
    assert status == 404
    status, _, _ = call(listen, "GET", "/v1/subscribers/nobody@example.org", key=key)
    assert status == 404

    # A read key reads and cannot change.
    read = server.cli("apikey", "create", "--name", "reader", "--scope", "read", "--json")
    read_key = json.loads(read.stdout)["key"]
    assert call(listen, "GET", "/v1/lists", key=read_key)[0] == 200
    assert call(listen, "DELETE", "/v1/lists/api", key=read_key)[0] == 403
    assert call(listen, "GET", "/v1/lists")[0] == 401

    status, _, _ = call(listen, "DELETE", "/v1/lists/api", key=key)
    assert status == 204
    status, _, body = call(listen, "GET", "/v1/lists", key=key)
    assert body == {"lists": []}


def subscriptions(shown: dict) -> dict[str, str]:
    return {s["list"]: s["status"] for s in shown.get("subscriptions", [])}


@pytest.mark.timeout(120)
def test_an_existing_subscriber_subscribes_to_more_lists_and_leaves_one_through_the_cli(server):
    server.cli_json("list", "create", "news", "--optin", "single")
    server.cli_json("list", "create", "offers", "--optin", "single")
    server.cli_json("subscriber", "add", "ada@example.org", "--list", "news")

    subscribed = server.cli_json("subscriber", "subscribe", "Ada@Example.org", "--list", "offers", "--list", "news")
    assert subscribed["confirmations_queued"] == 0
    assert subscriptions(subscribed["subscriber"]) == {"news": "confirmed", "offers": "confirmed"}
    text = server.cli("subscriber", "subscribe", "ada@example.org", "--list", "offers")
    assert text.returncode == 0 and "subscribed to offers" in text.stdout and "offers  confirmed" in text.stdout
    again = server.cli_json("subscriber", "subscribe", "ada@example.org", "--list", "offers")
    assert again["subscriber"]["subscriptions"] == subscribed["subscriber"]["subscriptions"], "not idempotent"
    unknown = server.cli("subscriber", "subscribe", "ada@example.org", "--list", "offers", "--list", "nope")
    assert unknown.returncode != 0 and "lists[1]: no list named nope" in unknown.stderr
    nobody = server.cli("subscriber", "subscribe", "bob@example.org", "--list", "news")
    assert nobody.returncode != 0 and "no subscriber bob@example.org" in nobody.stderr
    no_list = server.cli("subscriber", "subscribe", "ada@example.org")
    assert no_list.returncode != 0 and "--list" in no_list.stderr

    left = server.cli_json("subscriber", "unsubscribe", "ada@example.org", "--list", "offers")
    assert subscriptions(left) == {"news": "confirmed", "offers": "unsubscribed"}
    assert server.cli_json("subscriber", "unsubscribe", "ada@example.org", "--list", "offers") == left
    assert [s["email"] for s in server.cli_json("subscribers", "--list", "news")] == ["ada@example.org"]
    lists = {l["name"]: l["subscribers"] for l in server.cli_json("lists")}
    assert lists["offers"] == {"confirmed": 0, "unconfirmed": 0, "unsubscribed": 1}
    server.cli_json("list", "create", "club", "--optin", "single")
    not_on = server.cli("subscriber", "unsubscribe", "ada@example.org", "--list", "club")
    assert not_on.returncode != 0 and "not subscribed to club" in not_on.stderr

    # Someone who left a list is put back only when the operator says they asked again.
    refused = server.cli("subscriber", "subscribe", "ada@example.org", "--list", "club", "--list", "offers")
    assert refused.returncode != 0 and "offers" in refused.stderr and "resubscribe" in refused.stderr
    assert subscriptions(server.cli_json("subscriber", "show", "ada@example.org")) == {
        "news": "confirmed", "offers": "unsubscribed"}, "a refused subscribe changed something"
    back = server.cli_json("subscriber", "subscribe", "ada@example.org", "--list", "offers", "--resubscribe")
    assert subscriptions(back["subscriber"]) == {"news": "confirmed", "offers": "confirmed"}


@pytest.mark.timeout(120)
def test_an_existing_subscriber_subscribes_to_more_lists_and_leaves_one_through_the_api(server):
    key = admin_key(server)
    listen = server.config["http"]["listen"]
    for name in ("news", "offers"):
        assert call(listen, "POST", "/v1/lists", key=key, body={"name": name})[0] == 201
    status, _, body = call(listen, "POST", "/v1/subscribers", key=key,
                           body={"email": "pat@example.org", "lists": ["news"]})
    assert status == 201, body

    path = "/v1/subscribers/Pat%40Example.org/subscriptions"
    status, _, body = call(listen, "POST", path, key=key, body={"lists": ["offers"]})
    assert status == 200 and body["confirmations_queued"] == 0, body
    assert subscriptions(body["subscriber"]) == {"news": "confirmed", "offers": "confirmed"}
    status, _, again = call(listen, "POST", path, key=key, body={"lists": ["offers", "news"]})
    assert status == 200 and again == body, again
    status, _, body = call(listen, "POST", path, key=key, body={"lists": ["offers", "nope"]})
    assert status == 422 and body["error"]["message"].startswith("lists[1]:"), body
    status, _, body = call(listen, "POST", path, key=key, body={"lists": ["offers"], "colour": "red"})
    assert status == 400 and body["error"]["message"].startswith("colour: unknown field"), body
    status, _, body = call(listen, "POST", path, key=key, body={"lists": "offers"})
    assert status == 400 and body["error"]["message"].startswith("lists:"), body
    status, _, body = call(listen, "POST", path, key=key, body={})
    assert status == 400 and body["error"]["message"].startswith("lists:"), body
    status, _, body = call(listen, "POST", path, key=key, body={"lists": ["offers"], "resubscribe": "yes"})
    assert status == 400 and body["error"]["message"].startswith("resubscribe:"), body
    assert call(listen, "POST", "/v1/subscribers/nobody@example.org/subscriptions", key=key,
                body={"lists": ["news"]})[0] == 404

    status, _, body = call(listen, "DELETE", "/v1/subscribers/pat@example.org/subscriptions/offers", key=key)
    assert status == 200 and subscriptions(body) == {"news": "confirmed", "offers": "unsubscribed"}, body
    status, _, again = call(listen, "DELETE", "/v1/subscribers/pat@example.org/subscriptions/offers", key=key)
    assert status == 200 and again == body
    status, _, body = call(listen, "DELETE", "/v1/subscribers/pat@example.org/subscriptions/nope", key=key)
    assert status == 404 and "nope" in body["error"]["message"], body
    assert call(listen, "DELETE", "/v1/subscribers/nobody@example.org/subscriptions/news", key=key)[0] == 404

    status, _, body = call(listen, "POST", path, key=key, body={"lists": ["offers"]})
    assert status == 409 and body["error"]["code"] == "conflict" and "offers" in body["error"]["message"], body
    status, _, body = call(listen, "POST", path, key=key, body={"lists": ["offers"], "resubscribe": True})
    assert status == 200 and subscriptions(body["subscriber"])["offers"] == "confirmed", body

    # A read key cannot change subscriptions.
    read = server.cli("apikey", "create", "--name", "reader", "--scope", "read", "--json")
    read_key = json.loads(read.stdout)["key"]
    assert call(listen, "POST", path, key=read_key, body={"lists": ["news"]})[0] == 403
    assert call(listen, "DELETE", "/v1/subscribers/pat@example.org/subscriptions/news", key=read_key)[0] == 403
    assert subscriptions(server.cli_json("subscriber", "show", "pat@example.org")) == {
        "news": "confirmed", "offers": "confirmed"}


@pytest.mark.timeout(120)
def test_gdpr_export_and_erasure(server):
    key = admin_key(server)
    listen = server.config["http"]["listen"]
    server.cli_json("list", "create", "news", "--optin", "single")
    server.cli_json("subscriber", "add", "ada@example.org", "--name", "Ada", "--attr", "city=London", "--list", "news")

    exported = server.cli("subscriber", "export", "ADA@example.org")
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["subscriber"]["email"] == "ada@example.org"
    assert document["subscriber"]["attributes"] == {"city": "London"}
    assert [s["list"] for s in document["subscriber"]["subscriptions"]] == ["news"]
    status, _, body = call(listen, "GET", "/v1/subscribers/ada@example.org/export", key=key)
    assert status == 200 and body["subscriber"] == document["subscriber"]

    erased = server.cli("subscriber", "remove", "ada@example.org")
    assert erased.returncode == 0, erased.stderr
    assert server.cli("subscriber", "show", "ada@example.org").returncode != 0
    assert server.cli_json("list", "show", "news")["subscribers"]["confirmed"] == 0
    assert call(listen, "GET", "/v1/subscribers/ada@example.org/export", key=key)[0] == 404
    server.cli_json("subscriber", "add", "bob@example.org")
    assert call(listen, "DELETE", "/v1/subscribers/bob@example.org", key=key)[0] == 204
    assert call(listen, "DELETE", "/v1/subscribers/bob@example.org", key=key)[0] == 404


@pytest.mark.timeout(120)
def test_import_of_a_tricky_file_reports_every_row(server, tmp_path):
    server.cli_json("list", "create", "news", "--optin", "single")
    suppress(server, "gone@example.org")
    path = tmp_path / "tricky.csv"
    path.write_bytes(TRICKY_CSV)

    result = server.cli("subscribers", "import", str(path), "--list", "news", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rows"] == 11, report
    assert (report["inserted"], report["updated"], report["skipped"]) == (3, 0, 8), report
    # Rows the CLI refuses are reported as read; the suppressed one when its batch comes back from the server.
    assert sorted((p["line"], p["reason"]) for p in report["problems"]) == [
        (6, "invalid_address"), (7, "duplicate"), (8, "wrong_field_count"), (9, "bad_status"),
        (10, "bad_attributes"), (11, "suppressed"), (12, "wrong_field_count"), (14, "unterminated_quote"),
    ], report["problems"]
    assert report["skipped_by_reason"] == {
        "invalid_address": 1, "duplicate": 1, "wrong_field_count": 2, "bad_status": 1, "bad_attributes": 1,
        "suppressed": 1, "unterminated_quote": 1}
    assert "progress" not in result.stderr and "\r" not in result.stderr, "a progress bar on a pipe"

    bob = server.cli_json("subscriber", "show", "bob@example.org")
    assert bob["name"] == 'Bob "The Builder", Jr.'
    assert bob["attributes"] == {"City": "New\r\nYork"}
    ada = server.cli_json("subscriber", "show", "ada@example.org")
    assert ada["attributes"] == {"age": 36, "City": "London"}
    assert server.cli_json("subscriber", "show", "gus@example.org")["status"] == "blocklisted"
    assert server.cli("subscriber", "show", "gone@example.org").returncode != 0

    # Again, after the operator changed things: updates, never re-enables or re-subscribes without --overwrite.
    server.cli("subscriber", "set", "ada@example.org", "--status", "unsubscribed")
    server.cli("subscriber", "set", "gus@example.org", "--status", "enabled", "--name", "Gustav")
    text = server.cli("subscribers", "import", str(path), "--list", "news")
    assert text.returncode == 0, text.stderr
    assert "11 rows read, 0 inserted, 3 updated, 8 skipped" in text.stdout, text.stdout
    assert "line 6: invalid_address" in text.stdout
    assert server.cli_json("subscriber", "show", "ada@example.org")["status"] == "unsubscribed"
    gus = server.cli_json("subscriber", "show", "gus@example.org")
    assert (gus["status"], gus["name"]) == ("enabled", "Gustav")
    # --overwrite takes status and name from the file where it gives them (ada's row sets no status).
    overwrite = server.cli("subscribers", "import", str(path), "--list", "news", "--overwrite", "--json")
    assert json.loads(overwrite.stdout)["updated"] == 3
    gus = server.cli_json("subscriber", "show", "gus@example.org")
    assert (gus["status"], gus["name"]) == ("blocklisted", "Gus")
    assert server.cli_json("subscriber", "show", "ada@example.org")["status"] == "unsubscribed"


@pytest.mark.timeout(60)
def test_import_refuses_bad_files_before_writing_anything(server, tmp_path):
    server.cli_json("list", "create", "news", "--optin", "single")
    cases = {
        "no-email.csv": (b"name,city\nAda,London\n", "no email column"),
        "twice.csv": (b"email,Email\na@example.org,b@example.org\n", "names the column Email twice"),
        "latin1.csv": (b"email,name\na@example.org,Ada\nb@example.org,Jos\xe9\n", "not UTF-8 (line 3)"),
        "empty.csv": (b"", "empty"),
    }
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = server.cli("subscribers", "import", str(path), "--list", "news")
        assert result.returncode != 0, name
        assert message in result.stderr and "nothing imported" in result.stderr, (name, result.stderr)
    assert server.cli_json("subscribers") == [], "a refused file wrote subscribers"
    unknown = tmp_path / "ok.csv"
    unknown.write_bytes(b"email\na@example.org\n")
    result = server.cli("subscribers", "import", str(unknown), "--list", "nope")
    assert result.returncode != 0 and "no list named nope" in result.stderr


@pytest.mark.timeout(120)
def test_an_import_that_loses_its_server_stops_and_says_how_far_it_got(server, tmp_path):
    server.cli_json("list", "create", "news", "--optin", "single")
    path = tmp_path / "big.csv"
    with path.open("w") as f:
        f.write("email,name\n")
        for i in range(200_000):
            f.write(f"user{i}@example.org,User {i}\n")
    process = subprocess.Popen(
        [str(BIN), "subscribers", "import", str(path), "--list", "news", "--batch-size", "1000", "--json",
         "--config", str(server.config_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Stop the server once some batches are in (SIGTERM: the batch in flight is answered, the next finds no server).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.cli_json("list", "show", "news")["subscribers"]["confirmed"] >= 2000:
            break
        time.sleep(0.05)
    server.stop()
    out, err = process.communicate(timeout=60)
    assert process.returncode != 0, out
    report = json.loads(out)
    assert report["error"] and report["stopped_at_line"] > 1, report
    assert "rows were committed before it" in err
    committed = report["committed"]
    # What the report says was committed is what the database holds; the batch it stopped at starts right after the
    # last committed row. Only when the server went away while answering may that one batch be there too.
    server.start()
    held = server.cli_json("list", "show", "news")["subscribers"]["confirmed"]
    if report["stopped_batch_may_be_written"]:
        assert held in (committed, committed + 1000), (held, report)
    else:
        assert held == committed, (held, report)
    assert report["stopped_at_line"] == committed + 2
