#!/usr/bin/env python3
"""Steadymail subscriber import benchmark: rows per second of `steadymail subscribers import`, and the peak resident
memory (VmHWM) of the CLI and of the server, which must stay bounded whatever the file's size.

Run it through bench/import.sh. See bench/README.md ("Import benchmark"). Everything listens on 127.0.0.1, the row
count is bounded by --rows, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RELEASE_BIN = Path("/work/.build-release/release/steadymail")


def log(message: str) -> None:
    print(f"[import] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary() -> Path:
    """STEADYMAIL_BIN, else the release build when it has the import command (an older one does not), else debug."""
    if os.environ.get("STEADYMAIL_BIN"):
        return Path(os.environ["STEADYMAIL_BIN"])
    if RELEASE_BIN.exists():
        probe = subprocess.run([str(RELEASE_BIN), "subscribers", "import", "--help"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return RELEASE_BIN
    return REPO / ".build" / "debug" / "steadymail"


def write_csv(path: Path, rows: int) -> None:
    """email,name,status,city,plan: every 50th row blocklisted, every 1000th row a duplicate of the row before."""
    cities = ["London", "Paris", "Berlin", "Madrid, ES", "Rome"]
    with path.open("w", newline="") as f:
        f.write("email,name,status,city,plan\r\n")
        for i in range(rows):
            n = i - 1 if i % 1000 == 999 else i
            status = "blocklisted" if n % 50 == 0 else "enabled"
            city = cities[n % len(cities)]
            city = f'"{city}"' if "," in city else city
            f.write(f"user{n}@bench{n % 97}.example.org,User {n},{status},{city},plan{n % 3}\r\n")


def vm_hwm_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def watch_peak(proc: subprocess.Popen, peak: list[int]) -> None:
    """Samples VmHWM (the kernel's own high-water mark) until the process ends."""
    while proc.poll() is None:
        value = vm_hwm_kib(proc.pid)
        if value:
            peak[0] = max(peak[0], value)
        time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args()
    if not 1 <= args.rows <= 10_000_000:
        parser.error("--rows must be 1 to 10,000,000")
    steadymail = binary()
    workdir = Path(tempfile.mkdtemp(prefix="steadymail-import-bench.", dir=os.environ.get("BENCH_TMPDIR", "/var/tmp")))
    server = None
    try:
        csv = workdir / "subscribers.csv"
        started = time.monotonic()
        write_csv(csv, args.rows)
        log(f"wrote {args.rows:,} rows ({csv.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.1f}s")
        config = workdir / "steadymail.yaml"
        config.write_text(
            f"data_dir: {json.dumps(str(workdir / 'data'))}\n"
            f"smtp:\n  listen: 127.0.0.1:{free_port()}\n  hostname: bench.test\n"
            f"http:\n  listen: 127.0.0.1:{free_port()}\n"
            "delivery:\n  enabled: false\n")
        server_log = (workdir / "server.log").open("w")
        server = subprocess.Popen([str(steadymail), "serve", "--config", str(config)], stdout=server_log,
                                  stderr=subprocess.STDOUT)
        socket_path = workdir / "data" / "control.sock"
        deadline = time.monotonic() + 60
        while not socket_path.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start; see " + str(workdir / "server.log"))
            time.sleep(0.05)
        created = subprocess.run([str(steadymail), "list", "create", "bench", "--optin", "single", "--config",
                                  str(config)], capture_output=True, text=True, timeout=60)
        if created.returncode != 0:
            raise RuntimeError(created.stderr)
        server_peak = [0]
        cli_peak = [0]
        server_watch = threading.Thread(target=watch_peak, args=(server, server_peak), daemon=True)
        server_watch.start()
        started = time.monotonic()
        cli = subprocess.Popen([str(steadymail), "subscribers", "import", str(csv), "--list", "bench", "--json",
                                "--batch-size", str(args.batch_size), "--config", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        cli_watch = threading.Thread(target=watch_peak, args=(cli, cli_peak), daemon=True)
        cli_watch.start()
        out, err = cli.communicate(timeout=3600)
        elapsed = time.monotonic() - started
        cli_watch.join()
        if cli.returncode != 0:
            raise RuntimeError(f"the import failed ({cli.returncode}): {err}")
        server_peak[0] = max(server_peak[0], vm_hwm_kib(server.pid) or 0)
        report = json.loads(out)
        result = {
            "rows": args.rows, "inserted": report["inserted"], "updated": report["updated"],
            "skipped": report["skipped"], "skipped_by_reason": report["skipped_by_reason"],
            "elapsed_s": round(elapsed, 2), "rows_per_s": round(args.rows / elapsed),
            "cli_peak_rss_mib": round(cli_peak[0] / 1024, 1), "server_peak_rss_mib": round(server_peak[0] / 1024, 1),
            "csv_mb": round(csv.stat().st_size / 1e6, 1), "binary": str(steadymail),
        }
        if args.json:
            print(json.dumps(result))
        else:
            print(f"rows {args.rows:,}: {result['inserted']:,} inserted, {result['skipped']:,} skipped "
                  f"({result['skipped_by_reason']}) in {elapsed:.1f}s = {result['rows_per_s']:,} rows/s; "
                  f"peak RSS cli {result['cli_peak_rss_mib']} MiB, server {result['server_peak_rss_mib']} MiB")
        return 0
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
