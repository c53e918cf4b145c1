"""Issue 7 point 5: the public status page.

A server with two relays, one of them stopped: its automatic monitor goes down and opens an incident, which an
operator gives a public note (CLI, and the API with its scope and length checks). Headless Chromium (Debian's
chromium and chromium-driver, driven by selenium) loads /status from the public listener (`http.public_listen`) and
finds both relays with their states and the open incident with its note in the rendered DOM; /status.json validates
against docs/status.schema.json (jsonschema); the public listener answers 404 to everything but the status page."""

from __future__ import annotations

import http.client
import json
import re
import shutil

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import REPO, free_port
from delivery_support import delivery_overrides, wait_until
from test_api_trace import api, create_key

PROBES = {"interval": "1s", "timeout": "1s", "failures_before_down": 2}
TITLE = "E2E <Mail> & 'status'"
NOTE = "Our backup provider is unreachable <b>; mail flows through the primary & nothing is lost."
SCHEMA = json.loads((REPO / "docs" / "status.schema.json").read_text())


def fetch(listen: str, path: str) -> tuple[int, dict, bytes]:
    host, port = listen.rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def status_json(listen: str) -> dict:
    status, _, body = fetch(listen, "/status.json")
    assert status == 200, body
    return json.loads(body)


def open_incident(server, monitor: str) -> dict | None:
    return next((i for i in server.cli_json("incidents", "--open")["incidents"] if i["monitor"] == monitor), None)


@pytest.fixture
def outage(server_factory, relay_sinks):
    """A server whose relay `backup` is stopped and whose incident for it is open, with a public listener."""
    primary = relay_sinks("primary")
    backup = relay_sinks("backup", listening=False)
    public = f"127.0.0.1:{free_port()}"
    server = server_factory(
        **delivery_overrides([primary.relay_config(), backup.relay_config()]),
        http={"public_listen": public}, status={"title": TITLE, "cache_ttl": "1s"},
        monitoring={"relay_probes": True, **PROBES})
    incident = wait_until(lambda: open_incident(server, "relay:backup"), 15)
    assert incident, server.cli_json("incidents")
    wait_until(lambda: fetch(public, "/status")[0] == 200, 10)
    return server, public, incident


@pytest.mark.timeout(90)
def test_an_operator_sets_the_public_note_through_the_cli_and_the_api(outage):
    server, public, incident = outage
    ident = str(incident["id"])
    assert incident["public_note"] is None

    admin, reader = create_key(server, "admin"), create_key(server, "read")
    path = f"/v1/incidents/{ident}/note"
    assert api(server, "POST", path, reader, {"note": "x"})[0] == 403
    status, body = api(server, "POST", path, admin, {"note": "a" * 1001})
    assert status == 400 and body["error"]["message"].startswith("note: must be at most 1000 characters"), body
    status, body = api(server, "POST", path, admin, {"text": "x"})
    assert status == 400 and body["error"]["message"].startswith("text: unknown field"), body
    assert api(server, "POST", "/v1/incidents/999999/note", admin, {"note": "x"})[0] == 404
    status, body = api(server, "POST", path, admin, {"note": "  via the API  "})
    assert status == 200 and body["public_note"] == "via the API", body
    status, body = api(server, "POST", path, admin, {"note": None})
    assert status == 200 and body["public_note"] is None, body

    refused = server.cli("incident", "note", ident, "b" * 1001)
    assert refused.returncode != 0 and "note: must be at most 1000 characters" in refused.stderr, refused
    assert server.cli("incident", "note", ident).returncode != 0, "neither a text nor --clear"
    done = server.cli("incident", "note", ident, NOTE)
    assert done.returncode == 0, done.stderr
    shown = server.cli_json("incident", ident)
    assert shown["public_note"] == NOTE and shown["state"] == "open", shown
    assert server.cli_json("incident", "show", ident)["public_note"] == NOTE
    assert api(server, "GET", f"/v1/incidents/{ident}", reader)[1]["public_note"] == NOTE

    cleared = server.cli("incident", "note", ident, "--clear", "--json")
    assert cleared.returncode == 0 and json.loads(cleared.stdout)["public_note"] is None, cleared


@pytest.mark.timeout(90)
def test_status_json_validates_against_its_schema_and_shows_only_public_facts(outage):
    server, public, incident = outage
    assert server.cli("incident", "note", str(incident["id"]), NOTE).returncode == 0

    def settled():
        doc = status_json(public)
        relays = {r["name"]: r["state"] for r in doc["relays"]}
        noted = [i for i in doc["incidents"] if i["id"] == incident["id"] and i["public_note"] == NOTE]
        return doc if relays == {"primary": "operational", "backup": "down"} and noted else None

    doc = wait_until(settled, 15)
    assert doc, status_json(public)
    Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(doc)
    assert doc["title"] == TITLE and doc["overall"] == "degraded", doc
    mine = next(i for i in doc["incidents"] if i["id"] == incident["id"])
    assert mine["state"] == "open" and mine["relay"] == "backup" and mine["ended_at"] is None, mine
    monitors = {m["name"]: m for m in doc["monitors"]}
    assert monitors["relay:backup"]["state"] == "down" and monitors["relay:backup"]["type"] == "smtp", monitors
    bars = monitors["relay:backup"]["uptime"]
    assert len(bars) == 90 and bars[-1]["uptime_percent"] is not None and bars[-1]["uptime_percent"] < 100, bars[-1]
    # Nothing internal: no relay port, no probe cause, no credentials.
    text = json.dumps(doc)
    backup_port = server.config["relays"][1]["port"]
    assert str(backup_port) not in text and incident["cause"] not in text, text

    # The same document on the admin listener, without a key.
    status, headers, _ = fetch(server.config["http"]["listen"], "/status.json")
    assert status == 200 and headers["content-type"].startswith("application/json")


@pytest.mark.timeout(60)
def test_the_public_listener_serves_the_status_page_and_nothing_else(outage):
    server, public, _ = outage
    status, headers, body = fetch(public, "/status")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8", headers
    assert headers["cache-control"] == "no-cache"
    assert headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    assert headers["x-content-type-options"] == "nosniff"
    assert b"<script" not in body and b"E2E &lt;Mail&gt; &amp; &#39;status&#39;" in body
    for path in ("/v1/queue", "/v1/incidents", "/metrics", "/openapi.yaml", "/healthz", "/readyz", "/"):
        assert fetch(public, path)[0] == 404, path
    admin = server.config["http"]["listen"]
    assert fetch(admin, "/status")[0] == 200, "the admin listener serves the page without a key"
    assert fetch(admin, "/v1/queue")[0] == 401


def chromium() -> "webdriver.Chrome":
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(20)
    driver.set_script_timeout(10)
    return driver


@pytest.mark.timeout(120)
def test_headless_chromium_shows_both_relays_and_the_open_incident_with_its_note(outage):
    from selenium.webdriver.common.by import By

    server, public, incident = outage
    assert server.cli("incident", "note", str(incident["id"]), NOTE).returncode == 0
    assert wait_until(lambda: any(i["public_note"] == NOTE for i in status_json(public)["incidents"]), 10)

    driver = chromium()
    try:
        driver.get(f"http://{public}/status")
        assert driver.title == TITLE, driver.title
        relays = {}
        for row in driver.find_elements(By.CSS_SELECTOR, "#relays li.component"):
            name = row.find_element(By.CSS_SELECTOR, ".name").text
            relays[name] = row.find_element(By.CSS_SELECTOR, ".state").text.strip().lower()
            assert len(row.find_elements(By.CSS_SELECTOR, ".bars .bar")) == 90, name
        assert relays == {"primary": "operational", "backup": "down"}, relays
        article = driver.find_element(By.CSS_SELECTOR, f'#incidents article[data-id="{incident["id"]}"]')
        assert article.get_attribute("data-state") == "open"
        assert "relay:backup" in article.text and "backup" in article.text, article.text
        assert article.find_element(By.CSS_SELECTOR, ".note").text == NOTE
        assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
        assert not driver.find_elements(By.TAG_NAME, "script"), "the page carries no script"
        assert not driver.find_elements(By.TAG_NAME, "b"), "markup in a note stays text"
        tip = driver.find_element(By.CSS_SELECTOR, "#relays li.component .bar:last-child").get_attribute("title")
        assert re.match(r"^\d{4}-\d{2}-\d{2}: ", tip), tip
    finally:
        driver.quit()


def test_the_openapi_status_schemas_are_the_documented_json_schema():
    document = yaml.safe_load((REPO / "docs" / "openapi.yaml").read_text())
    schemas = document["components"]["schemas"]

    def as_openapi(value):
        if isinstance(value, dict):
            return {k: (re.sub(r"^#/\$defs/(\w+)$", r"#/components/schemas/Status\1", v) if k == "$ref"
                        else as_openapi(v)) for k, v in value.items()}
        if isinstance(value, list):
            return [as_openapi(v) for v in value]
        return value

    root = {k: v for k, v in SCHEMA.items() if k not in ("$schema", "$id", "$defs")}
    assert schemas["StatusDocument"] == as_openapi(root)
    for name, definition in SCHEMA["$defs"].items():
        assert schemas["Status" + name] == as_openapi(definition), name
