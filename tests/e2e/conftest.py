"""Fixtures for the end-to-end tests: they drive the real `steadymail` binary over real sockets.

The binary comes from $STEADYMAIL_BIN (default <repo>/.build/debug/steadymail). Every server a test
starts gets its own data dir and its own 127.0.0.1 ports, logs stderr to a file that is printed when
the test fails, and is stopped (SIGTERM, then SIGKILL after a bound) when the test ends.
"""

from __future__ import annotations

import atexit
import ctypes
import json
import os
import re
import signal
import smtplib
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("STEADYMAIL_BIN", str(REPO / ".build" / "debug" / "steadymail")))

# A queue id is 20 characters of Crockford base32 (no I, L, O, U).
QUEUE_ID = r"[0-9A-HJKMNP-TV-Z]{20}"
QUEUED_RE = re.compile(r"250[ -]2\.0\.0 Ok: queued as (" + QUEUE_ID + r")")
STATES = ("queued", "in_flight", "deferred", "held", "delivered", "bounced", "expired")
PASSWORD = "correct horse battery staple"
USER = "app@example.com"

_handed_out_ports: set[int] = set()
_port_lock = threading.Lock()
_live_processes: list[subprocess.Popen] = []


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago and not handed out before in this run."""
    with _port_lock:
        for _ in range(200):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            if port not in _handed_out_ports:
                _handed_out_ports.add(port)
                return port
    raise RuntimeError("no free port found")


def _die_with_parent() -> None:
    # PR_SET_PDEATHSIG = 1: the server is killed if the pytest process dies, so nothing outlives the run.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass


@atexit.register
def _kill_leftovers() -> None:
    for p in _live_processes:
        if p.poll() is None:
            p.kill()


def to_yaml(value, indent: int = 0) -> str:
    """A small YAML emitter: block mappings and lists, JSON-quoted scalars (valid YAML)."""
    pad = "  " * indent
    if isinstance(value, dict):
        lines = []
        for k, v in value.items():
            if isinstance(v, dict) and v:
                lines.append(f"{pad}{k}:\n{to_yaml(v, indent + 1)}")
            elif isinstance(v, list) and v and any(isinstance(x, dict) for x in v):
                lines.append(f"{pad}{k}:\n{to_yaml(v, indent + 1)}")
            else:
                lines.append(f"{pad}{k}: {_scalar(v)}")
        return "\n".join(lines)
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict):
                inner = to_yaml(item, indent + 1).splitlines()
                first = inner[0].lstrip()
                lines.append(f"{pad}- {first}")
                lines.extend(inner[1:])
            else:
                lines.append(f"{pad}- {_scalar(item)}")
        return "\n".join(lines)
    return pad + _scalar(value)


def _scalar(v) -> str:
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v)
    return json.dumps(str(v))


def deep_merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for k, v in extra.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = v
    return out


def run_bin(args, *, input=None, env=None, timeout=60) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("STEADYMAIL_")}
    if env:
        full_env.update(env)
    return subprocess.run(
        [str(BIN), *args], input=input, capture_output=True, text=True, timeout=timeout, env=full_env
    )


class Server:
    """One `steadymail serve` process with its own config, data dir and ports."""

    def __init__(self, workdir: Path, config: dict, env: dict | None = None, wrapper: list[str] | None = None):
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.config = config
        self.env = env or {}
        self.wrapper = wrapper or []
        self.config_path = workdir / "steadymail.yaml"
        self.config_path.write_text(to_yaml(config) + "\n")
        self.stderr_path = workdir / "stderr.log"
        self.stdout_path = workdir / "stdout.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    # --- addresses -------------------------------------------------------------------------------
    @staticmethod
    def _port_of(listen: str) -> int:
        return int(listen.rsplit(":", 1)[1])

    @property
    def port(self) -> int:
        return self._port_of(self.config["smtp"]["listen"])

    @property
    def submissions_port(self) -> int | None:
        s = self.config["smtp"].get("submissions_listen")
        return self._port_of(s) if s else None

    @property
    def data_dir(self) -> Path:
        return Path(self.config["data_dir"])

    @property
    def pid(self) -> int:
        """The steadymail process itself (the child of strace when wrapped)."""
        assert self.proc is not None
        if not self.wrapper:
            return self.proc.pid
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text().split()
                if children:
                    return int(children[0])
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("wrapped server process not found")

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self, wait: float = 30.0) -> "Server":
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("STEADYMAIL_")}
        full_env.update(self.env)
        self.starts += 1
        err = open(self.stderr_path, "ab")
        out = open(self.stdout_path, "ab")
        err.write(f"----- start #{self.starts} -----\n".encode())
        err.flush()
        self.proc = subprocess.Popen(
            [*self.wrapper, str(BIN), "serve", "--config", str(self.config_path)],
            stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=full_env,
            preexec_fn=_die_with_parent, cwd=self.workdir,
        )
        err.close()
        out.close()
        _live_processes.append(self.proc)
        self.wait_for_port(self.port, wait)
        # The HTTP API binds as its own service, possibly a moment after SMTP.
        http = self.config.get("http", {}).get("listen")
        if http:
            self.wait_for_port(self._port_of(http), wait)
        return self

    def wait_for_port(self, port: int, wait: float) -> None:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"steadymail serve exited with {self.proc.returncode} before listening on {port}\n"
                    + self.stderr_text()
                )
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"steadymail serve did not listen on 127.0.0.1:{port} within {wait}s\n" + self.stderr_text())

    def signal(self, sig: int) -> None:
        os.kill(self.pid, sig)

    def stop(self, timeout: float = 20.0) -> int:
        """SIGTERM, wait up to `timeout`, then SIGKILL. Returns the exit status."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        try:
            self.signal(signal.SIGTERM)
        except (ProcessLookupError, RuntimeError):
            pass
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.wait(10)

    def kill(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, RuntimeError):
            pass
        if self.wrapper:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.proc.wait(10)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stderr_text(self) -> str:
        try:
            return self.stderr_path.read_text(errors="replace")
        except OSError:
            return ""

    # --- CLI -------------------------------------------------------------------------------------
    def cli(self, *args, input=None, timeout=60, env=None) -> subprocess.CompletedProcess:
        return run_bin([*args, "--config", str(self.config_path)], input=input, timeout=timeout, env=env)

    def cli_json(self, *args, timeout=60):
        r = self.cli(*args, "--json", timeout=timeout)
        assert r.returncode == 0, f"steadymail {' '.join(args)} --json exited {r.returncode}: {r.stderr}{r.stdout}"
        try:
            return json.loads(r.stdout)
        except json.JSONDecodeError as e:
            raise AssertionError(f"steadymail {' '.join(args)} --json printed no JSON ({e}): {r.stdout!r}")

    def queue_counts(self) -> dict:
        return self.cli_json("queue")

    def queue_list(self, *filters) -> list:
        rows = self.cli_json("queue", "list", "--limit", "100000", *filters)
        assert isinstance(rows, list), f"queue list --json is not an array: {rows!r}"
        return rows

    def message(self, qid: str) -> dict:
        return self.cli_json("message", qid)


def base_config(tmp: Path) -> dict:
    return {
        "data_dir": str(tmp / "data"),
        "shutdown_grace_period": "5s",
        "smtp": {
            "listen": f"127.0.0.1:{free_port()}",
            "hostname": "mx.e2e.test",
            "disk_check_interval": "1s",
        },
        "http": {"listen": f"127.0.0.1:{free_port()}"},
    }


@pytest.fixture(scope="session")
def steadymail_bin() -> Path:
    if not BIN.is_file() or not os.access(BIN, os.X_OK):
        pytest.fail(f"steadymail binary not found at {BIN} (set STEADYMAIL_BIN or run `swift build`)", pytrace=False)
    return BIN


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def server_factory(steadymail_bin, tmp_path, request):
    """make(**config_overrides, env=..., wrapper=..., start=True) -> Server; all stopped at test end."""
    servers: list[Server] = []

    def make(*, env=None, wrapper=None, start=True, name=None, **overrides) -> Server:
        workdir = tmp_path / (name or f"server{len(servers)}")
        config = deep_merge(base_config(workdir), overrides)
        srv = Server(workdir, config, env=env, wrapper=wrapper)
        servers.append(srv)
        if start:
            srv.start()
        return srv

    yield make
    for srv in servers:
        try:
            srv.stop(timeout=15)
        except Exception:  # noqa: BLE001 - teardown must reach every server
            srv.kill()
    failed = any(getattr(request.node, "rep_" + w, None) is not None and getattr(request.node, "rep_" + w).failed
                 for w in ("setup", "call"))
    if failed:
        for srv in servers:
            print(f"\n===== stderr of steadymail serve ({srv.workdir}) =====\n{srv.stderr_text()[-20000:]}")


@pytest.fixture
def server(server_factory) -> Server:
    return server_factory()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory) -> tuple[str, str]:
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return str(cert), str(key)


@pytest.fixture(scope="session")
def password_hash(steadymail_bin) -> str:
    r = run_bin(["hash-password"], input=PASSWORD + "\n", timeout=60)
    assert r.returncode == 0, f"hash-password exited {r.returncode}: {r.stderr}"
    h = r.stdout.strip()
    assert h.startswith("$scrypt$"), f"hash-password printed {h!r}, expected a $scrypt$ hash"
    return h


@pytest.fixture
def tls_server(server_factory, tls_files, password_hash) -> Server:
    """A server that treats 127.0.0.1 as untrusted: relaying needs AUTH, AUTH needs TLS."""
    cert, key = tls_files
    return server_factory(smtp={
        "submissions_listen": f"127.0.0.1:{free_port()}",
        "tls": {"cert": cert, "key": key},
        "auth": {"users": [{"username": USER, "password_hash": password_hash}]},
        "relay_networks": ["10.255.255.0/24"],
    })


# --- SMTP helpers ----------------------------------------------------------------------------------

def make_message(subject: str = "e2e", body: str = "hello\r\n", headers: dict | None = None,
                 sender: str = "app@example.com", to: str = "rcpt@example.org") -> bytes:
    lines = [f"From: <{sender}>", f"To: <{to}>", f"Subject: {subject}"]
    for k, v in (headers or {}).items():
        lines.append(f"{k}: {v}")
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode()


def send_one(smtp: smtplib.SMTP, sender: str, rcpts: list[str], msg: bytes) -> str:
    """One transaction on an open smtplib connection; returns the queue id from the 250 reply."""
    smtp.ehlo_or_helo_if_needed()
    code, resp = smtp.mail(sender)
    assert code == 250, f"MAIL FROM:<{sender}> -> {code} {resp!r}"
    for r in rcpts:
        code, resp = smtp.rcpt(r)
        assert code == 250, f"RCPT TO:<{r}> -> {code} {resp!r}"
    code, resp = smtp.data(msg)
    text = f"{code} {resp.decode(errors='replace')}"
    m = QUEUED_RE.search(text)
    assert code == 250 and m, f"DATA final reply {text!r} does not match '250 2.0.0 Ok: queued as <ID>'"
    return m.group(1)


class RawSMTP:
    """A line-level SMTP client on a plain socket, for sessions smtplib refuses to produce."""

    def __init__(self, port: int, timeout: float = 10.0):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def _line(self) -> bytes | None:
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r")

    def reply(self) -> tuple[int, str]:
        """Reads one (possibly multi-line) reply. Returns (0, '') at EOF."""
        lines = []
        while True:
            line = self._line()
            if line is None:
                return (0, "\n".join(lines)) if not lines else (int(lines[-1][:3]), "\n".join(lines))
            text = line.decode(errors="replace")
            lines.append(text)
            if len(text) < 4 or text[3] != "-":
                try:
                    return int(text[:3]), "\n".join(lines)
                except ValueError:
                    return -1, "\n".join(lines)

    def cmd(self, line: str | bytes) -> tuple[int, str]:
        if isinstance(line, str):
            line = line.encode()
        self.send(line + b"\r\n")
        return self.reply()

    def replies_until_quiet(self, quiet: float = 1.5, limit: float = 10.0) -> list[tuple[int, str]]:
        """Collects replies until none arrives for `quiet` seconds (or EOF, or `limit`)."""
        out = []
        end = time.monotonic() + limit
        self.sock.settimeout(quiet)
        try:
            while time.monotonic() < end:
                r = self.reply()
                if r[0] == 0:
                    break
                out.append(r)
        except (socket.timeout, TimeoutError):
            pass
        except OSError:
            pass
        return out

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *a):
        self.close()


def ehlo_session(port: int) -> RawSMTP:
    c = RawSMTP(port)
    code, text = c.reply()
    assert code == 220, f"greeting {code} {text!r}"
    code, text = c.cmd("EHLO client.e2e.test")
    assert code == 250, f"EHLO -> {code} {text!r}"
    return c


# --- delivery (issue 3): relay sinks ---------------------------------------------------------------

@pytest.fixture
def relay_sinks(request):
    """make(name, **kw) -> a started RelaySink (tests/e2e/relaysink.py) on a fresh 127.0.0.1 port;
    every sink is closed when the test ends, and its counters are printed when the test failed."""
    from relaysink import RelaySink  # imported lazily: only the delivery tests need aiosmtpd

    sinks: list = []

    def make(name: str, *, listening: bool = True):
        s = RelaySink(name)
        sinks.append(s)
        if listening:
            s.start()
        return s

    yield make
    failed = any(getattr(request.node, "rep_" + w, None) is not None and getattr(request.node, "rep_" + w).failed
                 for w in ("setup", "call"))
    for s in sinks:
        if failed:
            print(f"\n===== relay sink {s!r}: {len(s.received)} received")
        s.close()
