#!/usr/bin/env python3
"""Steadymail HTTP send API benchmark: messages per second accepted by POST /v1/messages and by
POST /v1/messages/batch, with N concurrent keep-alive clients, and the latency of each request.

Run it through bench/api.sh. See bench/README.md ("HTTP send API benchmark").

The client is Python's standard library only: asyncio with raw HTTP/1.1 on persistent connections (requests are
prebuilt bytes, responses parsed by Content-Length), spread over a few processes so that the client is not what
limits the rate. Everything listens on 127.0.0.1; counts are bounded; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RELEASE_BIN = Path("/work/.build-release/release/steadymail")
T_START = time.monotonic()


def log(message: str) -> None:
    print(f"[api {time.monotonic() - T_START:7.1f}s] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"steadymail exited with {proc.returncode} before 127.0.0.1:{port} accepted")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"127.0.0.1:{port} did not accept within {timeout}s")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), int(-(-fraction * len(sorted_values) // 1))))
    return sorted_values[rank - 1]


# ---------------------------------------------------------------- the client (runs in worker processes)

def message_object(index: int, size: int) -> dict:
    line = "Steadymail HTTP API benchmark body line, plain ASCII text.\n"
    text = (line * (size // len(line) + 1))[:size]
    return {"from": "from@bench.test", "to": [f"to{index}@bench.test"], "subject": f"bench {index}", "text": text}


def request_bytes(port: int, key: str, path: str, body: bytes) -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return status, body


async def run_connections(port: int, request: bytes, requests: int, connections: int, batch: bool,
                          start_at: float) -> dict:
    remaining = requests
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    accepted = 0
    errors: list[str] = []

    async def one_connection() -> None:
        nonlocal remaining, accepted
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while remaining > 0:
                remaining -= 1
                started = time.perf_counter()
                writer.write(request)
                await writer.drain()
                status, body = await read_response(reader)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
                if batch and status == 200:
                    accepted += sum(1 for r in json.loads(body)["results"] if r["status"] == 202)
                elif not batch and status == 202:
                    accepted += 1
                elif len(errors) < 5:
                    errors.append(f"{status} {body[:200]!r}")
        finally:
            writer.close()

    delay = start_at - time.time()
    if delay > 0:
        await asyncio.sleep(delay)
    began = time.time()
    results = await asyncio.gather(*(one_connection() for _ in range(connections)), return_exceptions=True)
    ended = time.time()
    errors += [repr(r) for r in results if isinstance(r, BaseException)][:5]
    return {"began": began, "ended": ended, "latencies": latencies, "statuses": statuses, "accepted": accepted,
            "errors": errors}


def worker(args: tuple) -> dict:
    port, request, requests, connections, batch, start_at = args
    return asyncio.run(run_connections(port, request, requests, connections, batch, start_at))


def measure(port: int, key: str, path: str, body: bytes, *, requests: int, clients: int, processes: int,
            batch: bool) -> dict:
    """`requests` POSTs of `body` over `clients` connections split across `processes` processes, all starting
    together; wall time from the first start to the last finish."""
    request = request_bytes(port, key, path, body)
    processes = max(1, min(processes, clients))
    shares = [(clients // processes) + (1 if i < clients % processes else 0) for i in range(processes)]
    counts = [(requests * share) // clients for share in shares]
    counts[0] += requests - sum(counts)
    start_at = time.time() + 1.0
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        parts = pool.map(worker, [(port, request, n, c, batch, start_at) for n, c in zip(counts, shares)])
    latencies = sorted(x for p in parts for x in p["latencies"])
    statuses: dict[str, int] = {}
    for p in parts:
        for status, n in p["statuses"].items():
            statuses[str(status)] = statuses.get(str(status), 0) + n
    wall = max(p["ended"] for p in parts) - min(p["began"] for p in parts)
    accepted = sum(p["accepted"] for p in parts)
    return {
        "path": path, "requests": len(latencies), "clients": clients, "processes": processes,
        "seconds": round(wall, 3), "accepted_messages": accepted,
        "messages_per_second": round(accepted / wall, 1) if wall > 0 else None,
        "requests_per_second": round(len(latencies) / wall, 1) if wall > 0 else None,
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 2),
        "p90_ms": round(percentile(latencies, 0.90) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "max_ms": round(latencies[-1] * 1000, 2) if latencies else None,
        "statuses": statuses, "errors": [e for p in parts for e in p["errors"]][:5],
    }


# ---------------------------------------------------------------- the server

class Server:
    def __init__(self, binary: Path, workdir: Path, args):
        self.binary = binary
        self.http_port = free_port()
        self.smtp_port = free_port()
        self.config = workdir / "steadymail.yaml"
        self.config.write_text("\n".join([
            f"data_dir: {workdir / 'data'}",
            "log_level: warning",
            "smtp:",
            f"  listen: 127.0.0.1:{self.smtp_port}",
            "  min_free_disk: 1MiB",
            "  min_free_disk_percent: 0",
            "http:",
            f"  listen: 127.0.0.1:{self.http_port}",
            "  rate_limit: 1000000000",
            "  rate_burst: 1000000000",
            "delivery:",
            "  enabled: false",
            "",
        ]))
        self.log = workdir / "steadymail.log"
        self.proc: subprocess.Popen | None = None

    def cli(self, *args: str) -> str:
        result = subprocess.run([str(self.binary), *args, "--config", str(self.config)], capture_output=True,
                                text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"steadymail {' '.join(args)}: {result.stderr}")
        return result.stdout

    def start(self) -> None:
        with open(self.log, "ab") as log_file:
            self.proc = subprocess.Popen([str(self.binary), "serve", "--config", str(self.config)],
                                         stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file)
        wait_port(self.http_port, self.proc)

    def queued(self) -> int:
        counts = json.loads(self.cli("queue", "--json"))
        return sum(v for k, v in counts.items() if isinstance(v, int) and k != "total")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(40)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


def choose_binary() -> tuple[Path, str]:
    if os.environ.get("STEADYMAIL_BIN"):
        path = Path(os.environ["STEADYMAIL_BIN"])
        return path, "STEADYMAIL_BIN"
    if RELEASE_BIN.is_file():
        return RELEASE_BIN, "release"
    return REPO / ".build" / "debug" / "steadymail", "debug"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", 20000)),
                        help="messages per endpoint (default 20000)")
    parser.add_argument("--clients", type=int, default=int(os.environ.get("BENCH_CLIENTS", 32)))
    parser.add_argument("--processes", type=int, default=int(os.environ.get("BENCH_PROCESSES", 2)),
                        help="client processes the connections are spread over")
    parser.add_argument("--batch-size", type=int, default=int(os.environ.get("BENCH_BATCH_SIZE", 50)))
    parser.add_argument("--size", type=int, default=int(os.environ.get("BENCH_SIZE", 2048)),
                        help="bytes of text per message")
    parser.add_argument("--quick", action="store_true", help="2,000 messages per endpoint")
    args = parser.parse_args()
    if args.quick:
        args.count = 2000
    binary, kind = choose_binary()
    if not binary.is_file():
        print(f"api.sh: no steadymail binary at {binary} (build it or set STEADYMAIL_BIN)", file=sys.stderr)
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="steadymail-api-bench.", dir=os.environ.get("BENCH_TMPDIR", "/var/tmp")))
    server = Server(binary, workdir, args)
    report: dict = {
        "invocation": os.environ.get("BENCH_INVOCATION", "bench/api.py"),
        "utc": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), "binary": str(binary),
        "binary_kind": kind, "count": args.count, "clients": args.clients, "processes": args.processes,
        "batch_size": args.batch_size, "message_text_bytes": args.size, "load_before": os.getloadavg(),
    }
    try:
        key = json.loads(server.cli("apikey", "create", "--name", "bench", "--scope", "send", "--json"))["key"]
        log(f"starting {binary} ({kind})")
        server.start()
        single = json.dumps(message_object(0, args.size)).encode()
        batch = json.dumps({"messages": [message_object(i, args.size) for i in range(args.batch_size)]}).encode()
        log("warm-up")
        measure(server.http_port, key, "/v1/messages", single, requests=200, clients=args.clients,
                processes=args.processes, batch=False)
        before = server.queued()
        log(f"POST /v1/messages: {args.count} requests over {args.clients} connections")
        report["single"] = measure(server.http_port, key, "/v1/messages", single, requests=args.count,
                                   clients=args.clients, processes=args.processes, batch=False)
        batches = max(1, args.count // args.batch_size)
        log(f"POST /v1/messages/batch: {batches} batches of {args.batch_size} over {args.clients} connections")
        report["batch"] = measure(server.http_port, key, "/v1/messages/batch", batch, requests=batches,
                                  clients=args.clients, processes=args.processes, batch=True)
        queued = server.queued() - before
        expected = report["single"]["accepted_messages"] + report["batch"]["accepted_messages"]
        report["queued_recipients"] = queued
        if queued != expected:
            log(f"warning: {queued} recipients queued, {expected} messages accepted")
    finally:
        server.stop()
        report["load_after"] = os.getloadavg()
        try:
            report["server_log_tail"] = server.log.read_text(errors="replace")[-2000:]
        except OSError:
            pass
        if not os.environ.get("BENCH_KEEP"):
            shutil.rmtree(workdir, ignore_errors=True)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    path = out / f"api-{report['utc'].replace(':', '')}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(f"binary: {binary} ({kind}); {args.clients} clients; load before {report['load_before'][0]:.1f}")
    print("| endpoint | requests | messages accepted | seconds | msgs/s | req/s | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name in ("single", "batch"):
        r = report[name]
        print(f"| {r['path']} | {r['requests']} | {r['accepted_messages']} | {r['seconds']} | "
              f"{r['messages_per_second']} | {r['requests_per_second']} | {r['p50_ms']} | {r['p99_ms']} |")
        if r["errors"]:
            print(f"  errors: {r['errors']}")
    print(f"results: {path}")
    ok = all(not report[n]["errors"] and report[n]["accepted_messages"] > 0 for n in ("single", "batch"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
