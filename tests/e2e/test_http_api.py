"""Issue 5 (first part): the HTTP API listener on `http.listen`, under the same lifecycle as SMTP, with JSON errors
of one shape."""

from __future__ import annotations

import http.client
import json
import signal

import pytest


def request(server, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    host, port = server.config["http"]["listen"].rsplit(":", 1)
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def assert_error_shape(status: int, headers: dict, body: bytes, want_status: int, want_code: str) -> None:
    assert status == want_status, (status, body)
    assert headers.get("Content-Type", "").startswith("application/json"), headers
    document = json.loads(body)
    assert set(document) == {"error"}, document
    assert set(document["error"]) == {"code", "message"}, document
    assert document["error"]["code"] == want_code, document
    assert document["error"]["message"], document


@pytest.mark.timeout(60)
def test_healthz_answers_json(server):
    status, headers, body = request(server, "GET", "/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}


@pytest.mark.timeout(60)
def test_unknown_route_and_wrong_method_are_json_errors(server):
    assert_error_shape(*request(server, "GET", "/v1/nothing-here"), 404, "not_found")
    status, headers, body = request(server, "POST", "/healthz", body=b"{}")
    assert status in (404, 405), (status, body)
    assert_error_shape(status, headers, body, status, "not_found" if status == 404 else "method_not_allowed")


@pytest.mark.timeout(60)
def test_http_stops_with_the_node_on_sigterm(server):
    assert request(server, "GET", "/healthz")[0] == 200
    server.signal(signal.SIGTERM)
    assert server.proc.wait(15) == 0
    with pytest.raises(OSError):
        request(server, "GET", "/healthz")
