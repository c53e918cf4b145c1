#!/usr/bin/env python3
"""Steadymail intake benchmark: smtp-source into smtp-sink, a private Postfix,
and steadymail, in one run, side by side.

Run it through bench/intake.sh (which owns the temp directory and a trap-EXIT
cleanup). See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from latency_probe import LatencyProbe  # noqa: E402

SENDER = "from@bench.test"
RECIPIENT = "to@bench.test"
POSTFIX_MAIN_CF = Path("/etc/postfix/main.cf")
T_START = time.monotonic()


# ---------------------------------------------------------------- utilities
def log(msg: str) -> None:
    el = time.monotonic() - T_START
    print(f"[intake {el:7.1f}s] {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_port(port: int, timeout: float, proc: subprocess.Popen | None = None, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before 127.0.0.1:{port} accepted")
        if port_accepts(port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what}: 127.0.0.1:{port} did not accept within {timeout:.0f}s")


def run(cmd: list[str], check: bool = True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=check, text=True, capture_output=True, **kw)


def write_pid(workdir: Path, name: str, pid: int) -> None:
    (workdir / "pids").mkdir(exist_ok=True)
    (workdir / "pids" / f"{name}.pid").write_text(f"{pid}\n")


def stop_process(proc: subprocess.Popen, name: str, workdir: Path, grace: float = 30.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            log(f"{name} ignored SIGTERM for {grace:.0f}s; killing it")
            proc.kill()
            proc.wait(10)
    (workdir / "pids" / f"{name}.pid").unlink(missing_ok=True)


def loadavg() -> list[float]:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return []


def settle(seconds: float) -> None:
    os.sync()
    time.sleep(seconds)


# ------------------------------------------------------------- one target
def drive_load(port: int, args, label: str) -> dict:
    """Start the latency probe, then smtp-source; stop the probe when
    smtp-source exits. Returns wall time, exit status and probe results."""
    probe = LatencyProbe(
        "127.0.0.1", port, size=args.size, max_messages=args.probe_max, interval_s=args.probe_interval_ms / 1000.0
    )
    probe.start()
    if not probe.ready.wait(30) or probe.error:
        raise RuntimeError(f"latency probe could not open a session to {label}: {probe.error}")
    cmd = ["smtp-source", "-s", str(args.sessions), "-m", str(args.count), "-l", str(args.size),
           "-f", SENDER, "-t", RECIPIENT]
    if args.persistent:
        cmd.append("-d")
    cmd.append(f"127.0.0.1:{port}")
    log(f"{label}: {' '.join(cmd)}  (+ latency probe on one extra session)")
    t0 = time.monotonic()
    probe.go.set()
    src = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = src.communicate(timeout=args.timeout)
    except subprocess.TimeoutExpired:
        src.kill()
        out, err = src.communicate()
        raise RuntimeError(f"{label}: smtp-source did not finish within {args.timeout}s")
    finally:
        wall = time.monotonic() - t0
        if src.poll() is None:  # interrupted: do not leave the load generator behind
            src.kill()
            src.wait()
        probe.stop.set()
        probe.join(60)
    p = probe.result()
    log(f"{label}: smtp-source exit {src.returncode} after {wall:.2f}s; probe {p['accepted']} accepted, "
        f"p50 {p['p50_ms']} ms, p99 {p['p99_ms']} ms" + (f", probe error: {p['error']}" if p["error"] else ""))
    if src.returncode != 0:
        log(f"{label}: smtp-source stderr: {err.strip()[-800:]}")
    return {"wall_s": wall, "source_exit": src.returncode, "source_stderr": err.strip()[-2000:], "probe": p,
            "source_cmd": cmd}


def finish(label: str, load: dict, server_count: int | None, count_method: str, args) -> dict:
    p = load["probe"]
    expected = args.count + p["accepted"]
    accepted = server_count
    res = {
        "target": label,
        "accepted_total": accepted,
        "accepted_probe": p["accepted"],
        "accepted_load": (accepted - p["accepted"]) if accepted is not None else None,
        "expected_total": expected,
        "count_method": count_method,
        "seconds": round(load["wall_s"], 3),
        "msgs_per_s": round(accepted / load["wall_s"], 1) if accepted is not None else None,
        "p50_ms": p["p50_ms"],
        "p99_ms": p["p99_ms"],
        "latency": p,
        "smtp_source_exit": load["source_exit"],
        "smtp_source_stderr": load["source_stderr"],
        "smtp_source_cmd": " ".join(load["source_cmd"]),
    }
    if accepted != expected:
        log(f"{label}: WARNING server counted {accepted} messages, expected {expected} "
            f"({args.count} from smtp-source + {p['accepted']} from the probe)")
    return res


def bench_sink(args, workdir: Path) -> dict:
    port = free_port()
    log(f"ceiling: starting smtp-sink on 127.0.0.1:{port}")
    sink = subprocess.Popen(["smtp-sink", "-u", "nobody", f"127.0.0.1:{port}", "256"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=workdir)
    write_pid(workdir, "smtp-sink", sink.pid)
    try:
        wait_port(port, 10, sink, "smtp-sink")
        load = drive_load(port, args, "ceiling")
    finally:
        stop_process(sink, "smtp-sink", workdir, 5)
    # smtp-sink keeps no reliable count (its -c counters are block-buffered):
    # smtp-source exits non-zero on any failed transaction, so exit 0 means all
    # --count messages were answered 250.
    count = (args.count + load["probe"]["accepted"]) if load["source_exit"] == 0 else None
    return finish("ceiling (smtp-sink)", load, count, "smtp-source exit 0 => --count, + probe", args)


# ------------------------------------------------------------------ postfix
MASTER_CF = """\
# Private benchmark instance: only what intake + deferral need; no chroot.
{addr} inet  n       -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


def postfix_main_cf(pf: Path, closed_port: int, mode: str) -> str:
    hold = ""
    if mode == "hold":
        hold = """
# --postfix-mode hold: cleanup writes (and fsyncs) each message straight into
# the hold queue; the queue manager never sees it. Pure intake, no post-intake
# queue-manager work competing for the CPU.
smtpd_data_restrictions = check_client_access static:HOLD
"""
    return f"""\
# Private Postfix instance for the steadymail intake benchmark (generated).
compatibility_level = 3.6
queue_directory = {pf}/queue
data_directory = {pf}/data
maillog_file = {pf}/maillog
mail_owner = postfix
setgid_group = postdrop
myhostname = bench-postfix.localdomain
mydomain = localdomain
myorigin = $myhostname
mydestination =
local_recipient_maps =
alias_maps =
alias_database =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
# No DNS here: do not look up the client's name (steadymail does not either).
smtpd_peername_lookup = no
# Intake only: everything for bench.test goes to the smtp transport, which is
# deferred, so the queue manager moves each message to the deferred queue
# without any delivery attempt. Safety net: if it ever did try, the relayhost
# is a closed loopback port, so the attempt fails and the mail stays queued.
defer_transports = smtp
relayhost = [127.0.0.1]:{closed_port}
smtp_dns_support_level = disabled
# Durability is left at Postfix's defaults: cleanup fsyncs each queue file
# before smtpd answers 250 (there is no knob that turns this off).
{hold}"""


def count_postfix_queue(pf: Path) -> int:
    n = 0
    for sub in ("incoming", "active", "deferred", "hold", "maildrop"):
        d = pf / "queue" / sub
        if d.is_dir():
            for _root, _dirs, files in os.walk(d):
                n += len(files)
    return n


def stable_count(fn, label: str, timeout: float = 60.0) -> int:
    """Count until two consecutive counts 0.5 s apart agree (queue files move
    between directories while the queue manager works)."""
    last = fn()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.5)
        cur = fn()
        if cur == last:
            return cur
        last = cur
    log(f"{label}: count still moving after {timeout:.0f}s; using {last}")
    return last


def altconf_add(workdir: Path, conf_dir: Path) -> None:
    """`postfix -c DIR` requires DIR in alternate_config_directories of the
    default main.cf. Other people's tests may use that file too, so we only
    add our directory and later remove only our directory."""
    created = not POSTFIX_MAIN_CF.exists()
    if created:  # postconf -e refuses to create it
        POSTFIX_MAIN_CF.touch()
    (workdir / "altconf.json").write_text(json.dumps({"created": created, "dir": str(conf_dir)}))
    old = run(["postconf", "-h", "-n", "alternate_config_directories"], check=False).stdout.strip()
    new = f"{old} {conf_dir}" if old else str(conf_dir)
    run(["postconf", "-e", f"alternate_config_directories = {new}"])


def altconf_restore(workdir: Path) -> None:
    f = workdir / "altconf.json"
    if not f.exists():
        return
    state = json.loads(f.read_text())
    if POSTFIX_MAIN_CF.exists():
        cur = run(["postconf", "-h", "-n", "alternate_config_directories"], check=False).stdout
        rest = [d for d in cur.replace(",", " ").split() if d != state["dir"]]
        if rest:
            run(["postconf", "-e", f"alternate_config_directories = {' '.join(rest)}"], check=False)
        else:
            run(["postconf", "-X", "alternate_config_directories"], check=False)
        if state["created"] and not POSTFIX_MAIN_CF.read_text().strip():
            POSTFIX_MAIN_CF.unlink()
    f.unlink()


def postfix_stop(workdir: Path) -> None:
    etc = workdir / "postfix" / "etc"
    if (etc / "main.cf").exists() and (workdir / "postfix.started").exists():
        run(["postfix", "-c", str(etc), "stop"], check=False)
        # postfix stop returns before every daemon is gone; wait for the master.
        pidf = workdir / "postfix" / "queue" / "pid" / "master.pid"
        for _ in range(100):
            try:
                pid = int(pidf.read_text().split()[0])
                os.kill(pid, 0)
            except (OSError, ValueError, IndexError):
                break
            time.sleep(0.1)
        (workdir / "postfix.started").unlink(missing_ok=True)


def bench_postfix(args, workdir: Path) -> dict:
    pf = workdir / "postfix"
    etc = pf / "etc"
    etc.mkdir(parents=True)
    (pf / "queue").mkdir()
    (pf / "data").mkdir()
    pw = pwd.getpwnam("postfix")
    os.chown(pf / "data", pw.pw_uid, pw.pw_gid)
    port, closed = free_port(), free_port()
    (etc / "main.cf").write_text(postfix_main_cf(pf, closed, args.postfix_mode))
    (etc / "master.cf").write_text(MASTER_CF.format(addr=f"127.0.0.1:{port}"))
    (pf / "maillog").touch()
    altconf_add(workdir, etc)
    log(f"postfix: private instance in {pf}, smtpd on 127.0.0.1:{port}")
    r = run(["postfix", "-c", str(etc), "post-install", "create-missing"], check=False)
    if r.returncode != 0:
        raise RuntimeError(f"postfix post-install create-missing failed: {r.stderr.strip()}")
    r = run(["postfix", "-c", str(etc), "check"], check=False)
    if r.returncode != 0 or r.stderr.strip():
        log(f"postfix check: rc={r.returncode} {r.stderr.strip()}")
    (workdir / "postfix.started").touch()
    r = run(["postfix", "-c", str(etc), "start"], check=False)
    if r.returncode != 0:
        raise RuntimeError(f"postfix start failed: {r.stderr.strip()} {r.stdout.strip()}\n"
                           f"maillog: {(pf / 'maillog').read_text()[-2000:]}")
    try:
        wait_port(port, 30, None, "postfix smtpd")
        before = count_postfix_queue(pf)
        load = drive_load(port, args, "postfix")
        log("postfix: counting queue files (incoming/active/deferred/hold/maildrop)")
        after = stable_count(lambda: count_postfix_queue(pf), "postfix")
        count = after - before
        maillog = (pf / "maillog").read_text(errors="replace")
        problems = [l for l in maillog.splitlines() if any(w in l for w in ("fatal:", "panic:", "error:"))]
        if problems:
            log("postfix: maillog problems:\n  " + "\n  ".join(problems[-10:]))
        delivery_attempts = sum(1 for l in maillog.splitlines() if "status=sent" in l)
    finally:
        log("postfix: stopping")
        postfix_stop(workdir)
    res = finish("postfix", load, count, "queue files in incoming/active/deferred/hold/maildrop", args)
    res["postfix_mode"] = args.postfix_mode
    res["postfix_version"] = run(["postconf", "-h", "-d", "mail_version"], check=False).stdout.strip()
    res["postfix_deliveries_sent"] = delivery_attempts
    res["postfix_maillog_problems"] = problems[-10:]
    return res


# --------------------------------------------------------------- steadymail
def repo_root() -> Path:
    r = run(["git", "-C", str(HERE), "rev-parse", "--show-toplevel"], check=False)
    return Path(r.stdout.strip()) if r.returncode == 0 and r.stdout.strip() else HERE.parent


def steadymail_binary() -> Path:
    env = os.environ.get("STEADYMAIL_BIN")
    if env:
        p = Path(env)
        if not os.access(p, os.X_OK):
            raise RuntimeError(f"STEADYMAIL_BIN={env} is not an executable file")
        return p
    root = repo_root()
    # .build/release is SwiftPM's symlink to the host triple's release dir.
    p = root / ".build" / "release" / "steadymail"
    if not os.access(p, os.X_OK):
        log(f"steadymail: no release binary at {p}; running `swift build -c release` in {root} (takes minutes)")
        b = subprocess.run(["swift", "build", "-c", "release", "--product", "steadymail"], cwd=root)
        if b.returncode != 0 or not os.access(p, os.X_OK):
            raise RuntimeError(f"swift build -c release failed (exit {b.returncode})")
    return p


def steadymail_total(binary: Path, config: Path) -> int:
    r = run([str(binary), "queue", "--json", "--config", str(config)], check=False, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"steadymail queue --json failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    data = json.loads(r.stdout)

    def find_total(d):
        if isinstance(d, dict):
            if isinstance(d.get("total"), int):
                return d["total"]
            for v in d.values():
                t = find_total(v)
                if t is not None:
                    return t
        return None

    t = find_total(data)
    if t is None:
        raise RuntimeError(f"no `total` in steadymail queue --json output: {r.stdout[:300]}")
    return t


def bench_steadymail(args, workdir: Path) -> dict:
    binary = steadymail_binary()
    sm = workdir / "steadymail"
    (sm / "data").mkdir(parents=True)
    port, http_port = free_port(), free_port()
    config = sm / "steadymail.yaml"
    config.write_text(f"""\
# Generated by bench/intake.py. No relays: accepted mail stays queued.
data_dir: {sm / 'data'}
log_level: warning
smtp:
  listen: 127.0.0.1:{port}
  max_connections_per_ip: 200
  min_free_disk: 1MiB
  min_free_disk_percent: 0
http:
  listen: 127.0.0.1:{http_port}
""")
    log(f"steadymail: {binary} serve --config {config} (smtp 127.0.0.1:{port}, http 127.0.0.1:{http_port})")
    logf = open(sm / "steadymail.log", "w")
    proc = subprocess.Popen([str(binary), "serve", "--config", str(config)], stdout=logf, stderr=subprocess.STDOUT,
                            cwd=sm)
    write_pid(workdir, "steadymail", proc.pid)
    try:
        wait_port(port, 60, proc, "steadymail")
        before = steadymail_total(binary, config)
        load = drive_load(port, args, "steadymail")
        log("steadymail: steadymail queue --json")
        count = stable_count(lambda: steadymail_total(binary, config), "steadymail", 30) - before
    finally:
        log("steadymail: SIGTERM")
        t_stop = time.monotonic()
        stop_process(proc, "steadymail", workdir, 40)
        stop_s = time.monotonic() - t_stop
        logf.close()
        log(f"steadymail: exited {proc.returncode} {stop_s:.1f}s after SIGTERM")
    res = finish("steadymail", load, count, "steadymail queue --json: total", args)
    res["binary"] = str(binary)
    st = binary.stat()
    res["binary_mtime_utc"] = dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
    res["binary_size"] = st.st_size
    res["exit_after_sigterm"] = proc.returncode
    res["seconds_to_exit_after_sigterm"] = round(stop_s, 2)
    res["debug_build"] = "/debug/" in str(binary)
    tail = (sm / "steadymail.log").read_text(errors="replace").splitlines()[-20:]
    res["server_log_tail"] = tail
    return res


# ----------------------------------------------------------------- cleanup
def cleanup(workdir: Path) -> None:
    """Idempotent: also called from intake.sh's trap EXIT."""
    pids = workdir / "pids"
    if pids.is_dir():
        for f in pids.glob("*.pid"):
            try:
                pid = int(f.read_text().strip())
                os.kill(pid, signal.SIGTERM)
                for _ in range(50):
                    os.kill(pid, 0)
                    time.sleep(0.1)
                os.kill(pid, signal.SIGKILL)
            except (OSError, ValueError):
                pass
            f.unlink(missing_ok=True)
    postfix_stop(workdir)
    altconf_restore(workdir)


# -------------------------------------------------------------------- main
def fmt(v, spec: str) -> str:
    return "-" if v is None else format(v, spec)


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def print_table(results: dict, ratios: dict) -> None:
    hdr = f"{'target':<22} {'messages':>9} {'seconds':>9} {'msgs/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'probe n':>8}"
    print(hdr)
    print("-" * len(hdr))
    for key in ("ceiling", "postfix", "steadymail"):
        r = results.get(key)
        if r is None:
            continue
        if "error" in r and "seconds" not in r:
            print(f"{key:<22} failed: {r['error']}")
            continue
        name = r["target"] + (" [DEBUG]" if r.get("debug_build") else "")
        print(f"{name:<22} {fmt(r['accepted_total'], 'd'):>9} {r['seconds']:>9.2f} {fmt(r['msgs_per_s'], '.0f'):>9} "
              f"{fmt(r['p50_ms'], '.2f'):>8} {fmt(r['p99_ms'], '.2f'):>8} {r['latency']['n']:>8}")
    if results.get("steadymail", {}).get("msgs_per_s") is not None:
        print()
        print(f"steadymail/postfix  msgs/s: {fmt(ratios.get('steadymail_over_postfix_msgs'), '.3f')}   "
              f"p50: {fmt(ratios.get('steadymail_over_postfix_p50'), '.3f')}   "
              f"p99: {fmt(ratios.get('steadymail_over_postfix_p99'), '.3f')}")
        print(f"steadymail/ceiling  msgs/s: {fmt(ratios.get('steadymail_over_ceiling_msgs'), '.3f')}")
    if results.get("postfix", {}).get("msgs_per_s") is not None and results.get("ceiling", {}).get("msgs_per_s"):
        print(f"postfix/ceiling     msgs/s: {fmt(ratios.get('postfix_over_ceiling_msgs'), '.3f')}")


def checked_targets(ap: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """Applies --quick, validates --targets and checks the Postfix tools; shared with relay.py."""
    if args.quick:
        args.count = 2000
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - {"ceiling", "postfix", "steadymail"}
    if unknown:
        ap.error(f"unknown targets: {', '.join(sorted(unknown))}")
    for tool in ("smtp-source", "smtp-sink", "postfix", "postconf"):
        if shutil.which(tool) is None:
            ap.error(f"{tool} not found: install the Debian package postfix (see bench/README.md)")
    return targets


def main() -> int:
    env = os.environ.get
    ap = argparse.ArgumentParser(description="Steadymail intake benchmark (run via bench/intake.sh)")
    ap.add_argument("--workdir", type=Path, required=True, help="temp dir (intake.sh creates it)")
    ap.add_argument("--cleanup", action="store_true", help="only stop leftovers recorded in --workdir")
    ap.add_argument("--count", type=int, default=int(env("BENCH_COUNT", "20000")))
    ap.add_argument("--sessions", type=int, default=int(env("BENCH_SESSIONS", "20")))
    ap.add_argument("--size", type=int, default=int(env("BENCH_SIZE", "5120")))
    ap.add_argument("--quick", action="store_true", help="2,000 messages (sanity run)")
    ap.add_argument("--targets", default=env("BENCH_TARGETS", "ceiling,postfix,steadymail"),
                    help="comma list of ceiling, postfix, steadymail")
    ap.add_argument("--persistent", action="store_true",
                    help="smtp-source -d: keep each session's connection open for all its messages")
    ap.add_argument("--probe-interval-ms", type=float, default=float(env("BENCH_PROBE_INTERVAL_MS", "10")),
                    help="pause between probe messages (default 10)")
    ap.add_argument("--probe-max", type=int, default=int(env("BENCH_PROBE_MAX", "5000")),
                    help="most probe messages per target (default 5000)")
    ap.add_argument("--postfix-mode", choices=("defer", "hold"), default=env("BENCH_POSTFIX_MODE", "defer"),
                    help="defer (default): defer_transports=smtp, queue manager defers each message; "
                         "hold: messages go straight to the hold queue")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds of sync+pause between targets")
    ap.add_argument("--timeout", type=float, default=1800.0, help="per-target smtp-source timeout (s)")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    args = ap.parse_args()

    # intake.sh forwards INT/TERM as SIGTERM: unwind through the finally
    # blocks (stop servers, restore main.cf) instead of dying on the spot.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    workdir = args.workdir.resolve()
    if args.cleanup:
        cleanup(workdir)
        return 0
    targets = checked_targets(ap, args)

    started = dt.datetime.now(dt.timezone.utc)
    meta = {
        "started_utc": started.isoformat(timespec="seconds"),
        "command": os.environ.get("BENCH_INVOCATION") or " ".join(sys.argv),
        "count": args.count, "sessions": args.sessions, "postfix_mode": args.postfix_mode, "size": args.size, "persistent": args.persistent,
        "probe_interval_ms": args.probe_interval_ms, "probe_max": args.probe_max,
        "host": {"nproc": os.cpu_count(), "kernel": platform.release(), "loadavg_before": loadavg(),
                 "workdir": str(workdir)},
    }
    log(f"{args.count} messages x {args.size} B over {args.sessions} sessions"
        f"{' (persistent connections)' if args.persistent else ''}; targets: {', '.join(targets)}; "
        f"temp dir {workdir}; load average {meta['host']['loadavg_before']}")
    results: dict = {}
    runners = {"ceiling": bench_sink, "postfix": bench_postfix, "steadymail": bench_steadymail}
    try:
        for i, t in enumerate(targets):
            if i:
                log(f"settling {args.settle:.0f}s (sync)")
                settle(args.settle)
            log(f"=== phase {i + 1}/{len(targets)}: {t} ===")
            try:
                la = loadavg()
                results[t] = runners[t](args, workdir)
                results[t]["loadavg_at_start"] = la
                results[t]["loadavg_at_end"] = loadavg()
            except Exception as exc:
                log(f"{t}: FAILED: {exc}")
                results[t] = {"target": t, "error": str(exc)}
    finally:
        cleanup(workdir)

    def m(k, f="msgs_per_s"):
        return results.get(k, {}).get(f)

    ratios = {
        "steadymail_over_postfix_msgs": ratio(m("steadymail"), m("postfix")),
        "steadymail_over_ceiling_msgs": ratio(m("steadymail"), m("ceiling")),
        "postfix_over_ceiling_msgs": ratio(m("postfix"), m("ceiling")),
        "steadymail_over_postfix_p50": ratio(m("steadymail", "p50_ms"), m("postfix", "p50_ms")),
        "steadymail_over_postfix_p99": ratio(m("steadymail", "p99_ms"), m("postfix", "p99_ms")),
    }
    meta["host"]["loadavg_after"] = loadavg()
    meta["finished_utc"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    report = {**meta, "results": results, "ratios": ratios}
    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / f"intake-{started.strftime('%Y%m%dT%H%M%SZ')}{'-quick' if args.quick else ''}.json"
    out.write_text(json.dumps(report, indent=2) + "\n")

    print()
    print(f"Steadymail intake benchmark, {meta['started_utc']}: {args.count} x {args.size} B, "
          f"{args.sessions} sessions{' (-d)' if args.persistent else ''}, + 1 latency-probe session")
    print()
    print_table(results, ratios)
    if results.get("steadymail", {}).get("debug_build"):
        print("\nNOTE: steadymail ran from a DEBUG build; its figures are not meaningful.")
    print(f"\nJSON: {out}")
    failed = [t for t in targets if "error" in results.get(t, {}) and "seconds" not in results[t]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
