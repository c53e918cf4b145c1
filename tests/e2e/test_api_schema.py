"""Issue 5 point 7: the OpenAPI document served at /openapi.yaml is the repository's docs/openapi.yaml, and the
running binary keeps to it: schemathesis (PyPI) generates requests for every operation from the document and checks
that no answer is a server error and that every status code, content type and body conforms to the document."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import subprocess
import sys
import time
from xml.etree import ElementTree

import pytest

from conftest import REPO
from delivery_support import delivery_overrides, inject, wait_states

# Operations documented in docs/openapi.yaml that this branch does not implement yet. Each name is an operationId of
# the document. Empty now: every operation of the document is checked.
NOT_YET_IMPLEMENTED: list[str] = [
]

# Operations left out on purpose, with why; each is checked by hand elsewhere.
NOT_GENERATED = {
    # A generated monitor would probe whatever host or URL the generator invents, and the tests talk to 127.0.0.1
    # only: tests/e2e/test_monitoring.py adds, refuses and removes monitors with local targets.
    "createMonitor": "probes invented hosts",
}

# What schemathesis must have exercised: every operation of the document but those above, and GET /openapi.yaml,
# which schemathesis leaves out as the document itself (test_the_served_document_is_the_repository_file checks it).
CHECKED_OPERATIONS = {
    "POST /v1/messages",
    "POST /v1/messages/raw",
    "POST /v1/messages/batch",
    "GET /v1/messages",
    "GET /v1/messages/{id}",
    "GET /v1/queue",
    "POST /v1/queue/retry",
    "GET /v1/relays",
    "POST /v1/relays/{name}/pause",
    "POST /v1/relays/{name}/resume",
    "POST /v1/webhooks",
    "GET /v1/webhooks",
    "DELETE /v1/webhooks/{id}",
    "GET /v1/monitors",
    "GET /v1/monitors/{name}",
    "DELETE /v1/monitors/{name}",
    "GET /v1/incidents",
    "GET /v1/incidents/{id}",
    "POST /v1/incidents/{id}/note",
    "GET /status",
    "GET /status.json",
    "GET /v1/maintenance",
    "POST /v1/maintenance",
    "GET /v1/maintenance/suggest",
    "DELETE /v1/maintenance/{id}",
    "GET /v1/sla",
    "GET /v1/templates",
    "POST /v1/templates",
    "GET /v1/templates/{name}",
    "PUT /v1/templates/{name}",
    "DELETE /v1/templates/{name}",
    "POST /v1/templates/{name}/preview",
    "GET /v1/lists",
    "POST /v1/lists",
    "GET /v1/lists/{name}",
    "DELETE /v1/lists/{name}",
    "GET /v1/subscribers",
    "POST /v1/subscribers",
    "GET /v1/subscribers/{email}",
    "PATCH /v1/subscribers/{email}",
    "DELETE /v1/subscribers/{email}",
    "GET /v1/subscribers/{email}/export",
    "POST /v1/subscribers/{email}/subscriptions",
    "DELETE /v1/subscribers/{email}/subscriptions/{list}",
    "GET /v1/suppressions",
    "POST /v1/suppressions",
    "GET /v1/suppressions/{email}",
    "DELETE /v1/suppressions/{email}",
    "GET /v1/campaigns",
    "POST /v1/campaigns",
    "GET /v1/campaigns/{id}",
    "GET /v1/campaigns/{id}/report",
    "DELETE /v1/campaigns/{id}",
    "POST /v1/campaigns/{id}/schedule",
    "POST /v1/campaigns/{id}/start",
    "POST /v1/campaigns/{id}/pause",
    "POST /v1/campaigns/{id}/resume",
    "POST /v1/campaigns/{id}/cancel",
    "GET /healthz",
    "GET /readyz",
    "GET /metrics",
}

# Bounded for CI: at most this many generated cases per operation and phase, a fixed seed so that a failure
# reproduces, and a hard limit on the whole run.
MAX_EXAMPLES = 50
SEED = 5
RUN_TIMEOUT = 200


def get(server, path: str, key: str | None = None):
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers={"Authorization": f"Bearer {key}"} if key else {})
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.timeout(60)
def test_the_served_document_is_the_repository_file(server):
    status, content_type, body = get(server, "/openapi.yaml")
    assert status == 200
    assert content_type.startswith("application/yaml"), content_type
    assert body == (REPO / "docs" / "openapi.yaml").read_bytes(), "run scripts/generate-openapi and rebuild"


def schemathesis_command() -> list[str]:
    st = shutil.which("st") or shutil.which("schemathesis")
    return [st] if st else [sys.executable, "-m", "schemathesis.cli"]


@pytest.mark.timeout(RUN_TIMEOUT + 40)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(server_factory, relay_sinks, tmp_path):
    sink = relay_sinks("a")
    server = server_factory(**delivery_overrides([sink.relay_config()], retry_initial="10m", retry_max="1h"))
    created = server.cli("apikey", "create", "--name", "schemathesis", "--scope", "admin", "--json")
    assert created.returncode == 0, created.stderr
    key = json.loads(created.stdout)["key"]
    # Real data behind the read operations: delivered and deferred recipients, tags, events with replies.
    sink.rcpt_replies["st-0@example.org"] = "451 4.2.0 try later"
    inject(server, 6, tag="st", headers=lambda i: {"X-Steadymail-Tag": "schema"})
    counts = wait_states(server, {"delivered": 5, "deferred": 1}, 30)
    assert counts.get("delivered") == 5 and counts.get("deferred") == 1, counts

    host_port = server.config["http"]["listen"]
    command = schemathesis_command() + [
        "run", f"http://{host_port}/openapi.yaml",
        "--url", f"http://{host_port}",
        "--header", f"Authorization: Bearer {key}",
        "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
        "--max-examples", str(MAX_EXAMPLES),
        "--seed", str(SEED),
        "--phases", "examples,coverage,fuzzing",
        # One worker: with two, hypothesis describing the deeply nested batch schema runs `ast.parse` in two threads
        # at once and CPython 3.11 fails with "SystemError: AST constructor recursion depth mismatch" (a schemathesis
        # runtime error, not a finding about the server).
        "--workers", "1",
        "--request-timeout", "10",
        "--report", "junit", "--report-junit-path", str(tmp_path / "junit.xml"),
        "--suppress-health-check", "all",
        "--no-color",
    ]
    for operation in [*NOT_YET_IMPLEMENTED, *NOT_GENERATED]:
        command += ["--exclude-operation-id", operation]
    started = time.monotonic()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT, cwd=tmp_path,
                                env={**os.environ, "NO_COLOR": "1"})
    except subprocess.TimeoutExpired as e:
        pytest.fail(f"schemathesis ran past {RUN_TIMEOUT}s:\n{(e.stdout or b'')[-8000:]!r}")
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis failed (exit {result.returncode}, {elapsed:.0f}s):\n{output[-15000:]}"
    suite = ElementTree.parse(tmp_path / "junit.xml").getroot()
    tested = {case.get("name") for case in suite.iter("testcase")}
    assert tested == CHECKED_OPERATIONS, f"operations tested: {sorted(tested)}"
    assert suite.get("failures") == "0" and suite.get("errors") == "0", output[-15000:]
    assert server.alive(), "the server died under schemathesis"
    log = server.stderr_text()
    assert "http request failed" not in log, "a request ended in an unexpected error (500)"
