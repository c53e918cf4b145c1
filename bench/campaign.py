#!/usr/bin/env python3
"""Steadymail campaign benchmark: the enqueue rate of a campaign with throttling off.

It starts `steadymail serve` once on a fresh data dir (to create the schema), stops it, writes N subscribers on one
list straight into the SQLite file, starts the server again (delivery disabled: nothing leaves, every message stays
queued), saves a one-line template, creates a campaign and starts it with `campaigns.batch` 10000 and a lookahead
above N. It then polls `steadymail campaign show --json` until no ledger row is pending and reports: the time to the
first queued message (the audience snapshot), the total time, recipients per second over the whole run and after
the snapshot, the time `steadymail campaign report` takes on the finished campaign, and the server's peak RSS
(VmHWM). The template has a link, so tracking (on by default) rewrites every message. Run it through bench/campaign.sh; see bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
T_START = time.monotonic()


def log(msg: str) -> None:
    print(f"[campaign {time.monotonic() - T_START:7.1f}s] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def binary() -> Path:
    """STEADYMAIL_BIN, else this tree's debug build (a release build of another tree may predate campaigns)."""
    env = os.environ.get("STEADYMAIL_BIN")
    path = Path(env) if env else REPO / ".build" / "debug" / "steadymail"
    if not (path.is_file() and os.access(path, os.X_OK)):
        sys.exit(f"campaign: {path} missing; build it (`swift build --product steadymail`) or set STEADYMAIL_BIN")
    return path


class Node:
    def __init__(self, bin_path: Path, workdir: Path, batch: int, lookahead: int):
        self.bin = bin_path
        self.workdir = workdir
        self.data = workdir / "data"
        self.smtp_port = free_port()
        self.config = workdir / "steadymail.yaml"
        self.config.write_text(f"""data_dir: "{self.data}"
log_level: warning
smtp:
  listen: "127.0.0.1:{self.smtp_port}"
  hostname: bench.test
  min_free_disk: 1MiB
  min_free_disk_percent: 0
http:
  listen: "127.0.0.1:{free_port()}"
  public_url: "https://news.bench.test"
feedback:
  bounce_domain: bounces.bench.test
  unsubscribe_domain: unsub.bench.test
delivery:
  enabled: false
campaigns:
  tick: 100ms
  batch: {batch}
  lookahead: {lookahead}
""")
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("STEADYMAIL_")}
        err = open(self.workdir / "stderr.log", "ab")
        self.proc = subprocess.Popen([str(self.bin), "serve", "--config", str(self.config)], stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=err, env=env)
        err.close()
        (self.workdir / "server.pid").write_text(str(self.proc.pid))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"steadymail serve exited with {self.proc.returncode}")
            if (self.data / "control.sock").exists():
                try:
                    with socket.create_connection(("127.0.0.1", self.smtp_port), timeout=0.5):
                        return
                except OSError:
                    pass
            time.sleep(0.1)
        raise RuntimeError("steadymail serve did not start within 60s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(60)

    def cli(self, *args: str, timeout: float = 600) -> dict:
        r = subprocess.run([str(self.bin), *args, "--config", str(self.config), "--json"], capture_output=True,
                           text=True, timeout=timeout)
        if r.returncode != 0:
            raise RuntimeError(f"steadymail {' '.join(args)} exited {r.returncode}: {r.stderr[-2000:]}")
        return json.loads(r.stdout)

    def peak_rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        return 0


def write_subscribers(database: Path, n: int) -> float:
    started = time.monotonic()
    now = int(time.time() * 1000)
    db = sqlite3.connect(database, timeout=60)
    try:
        with db:
            db.execute("INSERT INTO lists (name, optin, description, created_at) VALUES ('bench', 'single', '', ?)",
                       (now,))
            db.executemany(
                "INSERT INTO subscribers (id, email, name, status, attributes, created_at, updated_at) "
                "VALUES (?, ?, ?, 'enabled', '{\"plan\":\"pro\"}', ?, ?)",
                ((i, f"s{i}@bench.test", f"Subscriber {i}", now, now) for i in range(1, n + 1)))
            db.execute("INSERT INTO subscriptions (list_id, subscriber_id, status, created_at, updated_at) "
                       "SELECT 1, id, 'confirmed', ?, ? FROM subscribers", (now, now))
    finally:
        db.close()
    return time.monotonic() - started


def run(args) -> dict:
    node = Node(binary(), args.workdir, args.batch, args.subscribers + 1)
    log(f"steadymail {node.bin}, {args.subscribers} subscribers")
    node.start()
    node.stop()
    written = write_subscribers(node.data / "queue.sqlite", args.subscribers)
    log(f"{args.subscribers} subscribers written in {written:.1f}s")
    node.start()
    template = args.workdir / "bench.html"
    template.write_text("<p>Hello {{subscriber.name}}, your plan is {{subscriber.attributes.plan}}: "
                        "<a href=\"https://shop.bench.test/sale?plan={{subscriber.attributes.plan}}\">see the sale</a>."
                        "</p>\n")
    node.cli("template", "add", "bench", "--kind", "campaign", "--subject", "Hi {{subscriber.name}}", "--html",
             str(template))
    campaign = node.cli("campaign", "create", "bench", "--template", "bench", "--list", "bench", "--from",
                        "shop@bench.test")
    cid = str(campaign["id"])
    started = time.monotonic()
    node.cli("campaign", "start", cid)
    first = None
    enqueued = 0
    while True:
        progress = node.cli("campaign", "show", cid)["progress"]
        enqueued = progress["ledger"].get("enqueued", 0)
        if first is None and enqueued > 0:
            first = (time.monotonic() - started, enqueued)
        if progress["ledger"].get("pending", 0) == 0 and enqueued + progress["ledger"].get("skipped", 0) > 0:
            break
        if time.monotonic() - started > args.timeout:
            raise RuntimeError(f"not done after {args.timeout:.0f}s: {progress['ledger']}")
        log(f"enqueued {enqueued}")
        time.sleep(args.poll)
    total = time.monotonic() - started
    report_started = time.monotonic()
    report = node.cli("campaign", "report", cid)
    report_s = time.monotonic() - report_started
    log(f"campaign report in {report_s:.2f}s: sent {report['totals']['sent']}")
    peak = node.peak_rss_kib()
    node.stop()
    snapshot_s, at_first = first or (total, 0)
    after = total - snapshot_s
    result = {
        "subscribers": args.subscribers, "enqueued": enqueued, "total_s": round(total, 2),
        "recipients_per_s": round(enqueued / total, 1), "snapshot_s": round(snapshot_s, 2),
        "recipients_per_s_after_snapshot": round((enqueued - at_first) / after, 1) if after > 0 else None,
        "batch": args.batch, "peak_rss_mib": round(peak / 1024, 1), "subscribers_written_s": round(written, 2),
        "poll_s": args.poll, "report_s": round(report_s, 2),
    }
    return result


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
    ap.add_argument("--subscribers", type=int, default=int(os.environ.get("BENCH_SUBSCRIBERS", "1000000")))
    ap.add_argument("--batch", type=int, default=10_000, help="campaigns.batch (default 10000, the maximum)")
    ap.add_argument("--poll", type=float, default=2.0, help="seconds between progress reads (default 2)")
    ap.add_argument("--timeout", type=float, default=7200.0, help="limit of the run, seconds")
    args = ap.parse_args()
    if args.cleanup:
        cleanup(args.workdir)
        return 0
    load_before = os.getloadavg()
    result = run(args)
    print(json.dumps(result, indent=2))
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    report = {"invocation": os.environ.get("BENCH_INVOCATION", ""), "binary": str(binary()),
              "load_before": load_before, "load_after": os.getloadavg(), "result": result}
    (out / f"campaign-{stamp}.json").write_text(json.dumps(report, indent=2) + "\n")
    log(f"results in bench/out/campaign-{stamp}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
