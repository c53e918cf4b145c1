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


def create_key(server, scope: str, name: str = "e2e") -> str:
    result = server.cli("apikey", "create", "--name", name, "--scope", scope, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["key"]


@pytest.mark.timeout(60)
def test_api_keys_authenticate_and_scopes_are_enforced(server):
    read_key = create_key(server, "read", "dashboard")
    send_key = create_key(server, "send", "shop")
    listing = server.cli_json("apikey", "list")
    assert [(k["name"], k["scope"]) for k in listing] == [("dashboard", "read"), ("shop", "send")]
    assert all("hash" not in k for k in listing), listing
    database = (server.data_dir / "queue.sqlite").read_bytes() if (server.data_dir / "queue.sqlite").exists() else b""
    assert read_key.encode() not in database and send_key.split("_")[-1].encode() not in database

    assert_error_shape(*request(server, "GET", "/v1/queue"), 401, "unauthorized")
    assert_error_shape(*request(server, "GET", "/v1/queue", headers={"Authorization": "Bearer sm_nope"}), 401,
                       "unauthorized")
    assert_error_shape(*request(server, "GET", "/v1/queue", headers={"Authorization": f"Bearer {send_key}"}), 403,
                       "forbidden")
    status, _, body = request(server, "GET", "/v1/queue", headers={"Authorization": f"Bearer {read_key}"})
    assert status == 200, body
    assert "by_state" in json.loads(body) or "queued" in json.loads(body), body

    key_id = read_key.split("_")[1]
    assert server.cli("apikey", "revoke", key_id).returncode == 0
    assert_error_shape(*request(server, "GET", "/v1/queue", headers={"Authorization": f"Bearer {read_key}"}), 401,
                       "unauthorized")


@pytest.mark.timeout(60)
def test_api_key_created_before_the_first_start(server_factory):
    server = server_factory(start=False)
    result = server.cli("apikey", "create", "--name", "early", "--scope", "admin")
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("sm_"), result.stdout
    server.start()
    status, _, body = request(server, "GET", "/v1/queue", headers={"Authorization": f"Bearer {key}"})
    assert status == 200, body
