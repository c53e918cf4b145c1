#!/usr/bin/env python3
"""Steadymail queue-scale benchmark: does steadymail stay flat with a million recipients queued?

For each size (default 10,000 and 1,000,000 recipients) it fills a fresh data dir straight through the store
(`steadymail-bench fill`), times claims, counts and timer queries on the store (`steadymail-bench time`), then starts
`steadymail serve` with one relay that refuses connections (nothing is delivered, the delivery loop still claims),
times `steadymail queue --json` against the running server, and reads the server's peak RSS (VmHWM). Prints both
ends side by side. Run it through bench/queue_scale.sh; see bench/README.md ("Queue-scale benchmark").
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RELEASE = Path("/work/.build-release/release/steadymail")
T_START = time.monotonic()


def log(msg: str) -> None:
    print(f"[queue-scale {time.monotonic() - T_START:7.1f}s] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"steadymail serve exited with {proc.returncode} before listening")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"steadymail serve did not listen on 127.0.0.1:{port} within {timeout:.0f}s")


def binaries() -> tuple[Path, Path]:
    """steadymail from STEADYMAIL_BIN, else the release build if present, else this tree's debug build; the helper
    from STEADYMAIL_BENCH_BIN, else next to it (both must come from the same tree: the helper writes the schema)."""
    env = os.environ.get("STEADYMAIL_BIN")
    server = Path(env) if env else RELEASE if RELEASE.is_file() else REPO / ".build" / "debug" / "steadymail"
    helper = Path(os.environ.get("STEADYMAIL_BENCH_BIN", str(server.parent / "steadymail-bench")))
    for path, build in ((server, "steadymail"), (helper, "steadymail-bench")):
        if not (path.is_file() and os.access(path, os.X_OK)):
            sys.exit(f"queue_scale: {path} missing; build it (`swift build --product {build}`) or set "
                     "STEADYMAIL_BIN / STEADYMAIL_BENCH_BIN")
    return server, helper


def run_json(cmd: list[str], timeout: float, progress: bool = False) -> dict:
    """Runs a command that prints one JSON object; with `progress` its stderr goes straight to ours."""
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=None if progress else subprocess.PIPE, text=True,
                       timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {r.returncode}: {(r.stderr or '')[-2000:]}")
    return json.loads(r.stdout)


def proc_status(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of a process, in KiB."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out[key] = int(value.split()[0])
    return out


def control_counts(sock_path: Path) -> int:
    """One `counts` request over the control socket, as the CLI sends it; returns the total."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(120)
        s.connect(str(sock_path))
        s.sendall(b'{"command":"counts"}\n')
        data = b""
        while not data.endswith(b"\n"):
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    return json.loads(data)["counts"]["total"]


def config_text(data_dir: Path, smtp_port: int, http_port: int, closed_port: int, claim_batch: int) -> str:
    return f"""data_dir: "{data_dir}"
log_level: warning
smtp:
  listen: "127.0.0.1:{smtp_port}"
  hostname: bench.test
  min_free_disk: 1MiB
  min_free_disk_percent: 0
http:
  listen: "127.0.0.1:{http_port}"
relays:
  - name: closed
    host: 127.0.0.1
    port: {closed_port}
    tls: none
delivery:
  claim_batch: {claim_batch}
  connect_timeout: 1s
"""


def bench_size(n: int, args, server_bin: Path, helper: Path, workdir: Path) -> dict:
    data = workdir / f"n{n}"
    data.mkdir()
    db = data / "queue.sqlite"
    log(f"{n:,} recipients: filling {db}")
    fill = run_json([str(helper), "fill", "--database", str(db), "--recipients", str(n),
                     "--per-message", str(args.per_message), "--size", str(args.size)], timeout=args.timeout,
                    progress=True)
    log(f"  filled in {fill['seconds']:.1f}s ({fill['recipients_per_second']:,.0f} recipients/s); timing the store")
    store = run_json([str(helper), "time", "--database", str(db), "--limit", str(args.claim_batch),
                      "--rounds", str(args.rounds)], timeout=args.timeout)
    if int(store["recipients"]) != n:
        raise RuntimeError(f"the store holds {store['recipients']} recipients, expected {n}")

    smtp_port, http_port, closed_port = free_port(), free_port(), free_port()
    config = data / "steadymail.yaml"
    config.write_text(config_text(data, smtp_port, http_port, closed_port, args.claim_batch))
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEADYMAIL_")}
    log_file = open(data / "steadymail.log", "wb")
    started = time.monotonic()
    proc = subprocess.Popen([str(server_bin), "serve", "--config", str(config)], stdin=subprocess.DEVNULL,
                            stdout=log_file, stderr=subprocess.STDOUT, env=env)
    (workdir / "server.pid").write_text(f"{proc.pid}\n")
    try:
        wait_port(smtp_port, proc, 120)
        startup = time.monotonic() - started
        time.sleep(args.warmup)  # the delivery loop claims, the relay refuses, the breaker opens
        run_json([str(server_bin), "queue", "--json", "--config", str(config)], timeout=120)  # warm the page cache
        queue_ms = []
        total = None
        for _ in range(args.rounds):
            t = time.monotonic()
            counts = run_json([str(server_bin), "queue", "--json", "--config", str(config)], timeout=120)
            queue_ms.append((time.monotonic() - t) * 1000)
            total = counts["total"]
        if total != n:
            raise RuntimeError(f"steadymail queue reports {total} recipients, expected {n}")
        socket_ms = []
        for _ in range(args.rounds):
            t = time.monotonic()
            total = control_counts(data / "control.sock")
            socket_ms.append((time.monotonic() - t) * 1000)
        if total != n:
            raise RuntimeError(f"the control socket reports {total} recipients, expected {n}")
        status = proc_status(proc.pid)
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        log_file.close()
        (workdir / "server.pid").unlink(missing_ok=True)
    db_bytes = sum(p.stat().st_size for p in data.glob("queue.sqlite*"))
    result = {
        "recipients": n,
        "fill_s": round(fill["seconds"], 1),
        "db_mib": round(db_bytes / 2**20, 1),
        "claim_ms_median": round(store["claim_ms_median"], 2),
        "claim_ms_max": round(store["claim_ms_max"], 2),
        "claimed_per_round": store["claimed_per_round"],
        "store_counts_ms": round(store["counts_ms_median"], 3),
        "store_timers_ms": round(store["timers_ms_median"], 3),
        "startup_s": round(startup, 2),
        "queue_json_ms_median": round(statistics.median(queue_ms), 1),
        "queue_json_ms_max": round(max(queue_ms), 1),
        "control_counts_ms_median": round(statistics.median(socket_ms), 2),
        "peak_rss_mib": round(status["VmHWM"] / 1024, 1),
        "rss_mib": round(status["VmRSS"] / 1024, 1),
    }
    log(f"  {result}")
    if not args.keep:
        shutil.rmtree(data, ignore_errors=True)
    return result


ROWS = [
    ("claim a batch, median ms (store)", "claim_ms_median"),
    ("claim a batch, max ms (store)", "claim_ms_max"),
    ("counts, median ms (store)", "store_counts_ms"),
    ("next attempt + expiry time, ms (store)", "store_timers_ms"),
    ("`steadymail queue --json`, median ms", "queue_json_ms_median"),
    ("`steadymail queue --json`, max ms", "queue_json_ms_max"),
    ("counts over the control socket, median ms", "control_counts_ms_median"),
    ("server peak RSS (VmHWM), MiB", "peak_rss_mib"),
    ("server start until SMTP listens, s", "startup_s"),
    ("fill time, s", "fill_s"),
    ("database size, MiB", "db_mib"),
]


def print_table(results: list[dict]) -> None:
    head = ["metric"] + [f"{r['recipients']:,}" for r in results] + (["last/first"] if len(results) > 1 else [])
    rows = [head]
    for label, key in ROWS:
        values = [r[key] for r in results]
        row = [label] + [f"{v:,}" for v in values]
        if len(results) > 1:
            row.append(f"{values[-1] / values[0]:.2f}" if values[0] else "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    print("| " + " | ".join(c.ljust(w) for c, w in zip(rows[0], widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows[1:]:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")


def cleanup(workdir: Path) -> None:
    pid_file = workdir / "server.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text()), signal.SIGKILL)
        except (OSError, ValueError):
            pass


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--cleanup", action="store_true", help="kill a server left by an interrupted run, then exit")
    ap.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "10000,1000000"),
                    help="comma-separated recipient counts (default 10000,1000000)")
    ap.add_argument("--per-message", type=int, default=1, help="recipients per message (default 1)")
    ap.add_argument("--size", type=int, default=1024, help="body bytes per message (default 1024)")
    ap.add_argument("--claim-batch", type=int, default=50, help="recipients per claim (default 50)")
    ap.add_argument("--rounds", type=int, default=10, help="repetitions of each timed operation (default 10)")
    ap.add_argument("--warmup", type=float, default=3.0, help="seconds the server runs before it is measured")
    ap.add_argument("--timeout", type=float, default=3600.0, help="limit of one fill or timing step, seconds")
    ap.add_argument("--keep", action="store_true", help="keep each size's data dir (also BENCH_KEEP)")
    args = ap.parse_args()
    if args.cleanup:
        cleanup(args.workdir)
        return 0
    args.keep = args.keep or bool(os.environ.get("BENCH_KEEP"))
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    server_bin, helper = binaries()
    log(f"steadymail {server_bin}, helper {helper}, sizes {sizes}")
    load_before = os.getloadavg()
    results = [bench_size(n, args, server_bin, helper, args.workdir) for n in sizes]
    print_table(results)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    report = {"invocation": os.environ.get("BENCH_INVOCATION", ""), "binary": str(server_bin),
              "load_before": load_before, "load_after": os.getloadavg(), "parameters": vars(args) | {
                  "workdir": str(args.workdir)}, "results": results}
    (out / f"queue-scale-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    log(f"results in bench/out/queue-scale-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
