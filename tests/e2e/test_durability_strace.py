"""Durability seen from the kernel: before each `250 ... queued as ID` goes to a socket, a WAL write
holding ID was made durable by an fsync/fdatasync of the SQLite -wal file."""

import re
import shutil
import smtplib
import threading

import pytest

from conftest import make_message, send_one

LINE = re.compile(r"^(\d+)\s+(\d\d:\d\d:\d\d\.\d+)\s+(.*)$")
RESUMED = re.compile(r"^<\.\.\. (\w+) resumed>(.*)$")
CALL = re.compile(r"^(\w+)\((.*)$")
FD_PATH = re.compile(r"^(\d+)<((?:[^>\\]|\\.)*)>")
RESULT = re.compile(r"\)\s+=\s+(-?\d+|\?)(?:\s.*)?$")
REPLY_ID = re.compile(r"250 2\.0\.0 Ok: queued as ([0-9A-HJKMNP-TV-Z]{20})")


class Call:
    __slots__ = ("pid", "name", "path", "args", "start", "end", "result", "time")

    def __init__(self, pid, name, path, args, start, time_):
        self.pid, self.name, self.path, self.args, self.start, self.time = pid, name, path, args, start, time_
        self.end = None
        self.result = None


def parse_strace(text: str) -> list[Call]:
    """Parses `strace -f -tt -y` output, joining `<unfinished ...>` with `<... resumed>` lines.
    `start`/`end` are line positions, i.e. the order in which strace saw entry and exit."""
    calls, pending = [], {}
    for idx, raw in enumerate(text.splitlines()):
        m = LINE.match(raw)
        if not m:
            continue
        pid, ts, rest = int(m.group(1)), m.group(2), m.group(3)
        r = RESUMED.match(rest)
        if r:
            call = pending.pop((pid, r.group(1)), None)
            if call is not None:
                call.end = idx
                res = RESULT.search(r.group(2))
                call.result = res.group(1) if res else None
            continue
        c = CALL.match(rest)
        if not c:
            continue  # signals, exits
        name, args = c.group(1), c.group(2)
        fd = FD_PATH.match(args)
        call = Call(pid, name, fd.group(2) if fd else "", args, idx, ts)
        calls.append(call)
        if rest.endswith("<unfinished ...>"):
            pending[(pid, name)] = call
        else:
            call.end = idx
            res = RESULT.search(args)
            call.result = res.group(1) if res else None
    return calls


def ok(call: Call) -> bool:
    return call.end is not None and call.result not in (None, "?") and not call.result.startswith("-")


def check_trace(calls: list[Call]) -> tuple[list[str], list[str]]:
    wal_writes = [c for c in calls if c.name in ("pwrite64", "pwritev", "pwritev2", "write") and
                  c.path.endswith("-wal") and ok(c)]
    syncs = [c for c in calls if c.name in ("fsync", "fdatasync") and c.path.endswith("-wal") and ok(c)]
    replies = []
    for c in calls:
        if c.name in ("write", "writev", "sendmsg", "sendto") and not c.path.endswith("-wal") and \
                ("socket:" in c.path or "TCP" in c.path or c.path == ""):
            for qid in REPLY_ID.findall(c.args):
                replies.append((qid, c))
    problems, checked = [], []
    for qid, reply in replies:
        writes = [w for w in wal_writes if qid in w.args and w.end < reply.start]
        if not writes:
            problems.append(f"{qid}: no pwrite64 to a -wal file containing the id before the 250 at {reply.time}")
            continue
        first = writes[0]
        covering = [s for s in syncs if s.start > first.end and s.end < reply.start]
        if not covering:
            problems.append(f"{qid}: WAL write at {first.time} but no fsync/fdatasync of the -wal between it "
                            f"and the 250 at {reply.time}")
            continue
        checked.append(qid)
    return checked, problems


def test_parser_handles_unfinished_and_escaping():
    trace = "\n".join([
        '100 10:00:00.000001 pwrite64(7</d/q.sqlite-wal>, "\\0\\1ABCDEFGHJKMNPQRSTVWXYZ\\"x\\n"..., 4096, 0 <unfinished ...>',
        '101 10:00:00.000002 write(2</dev/pts/0>, "queued id=ABCDEFGHJKMNPQRSTVWX", 30) = 30',
        '100 10:00:00.000003 <... pwrite64 resumed>) = 4096',
        '100 10:00:00.000004 fdatasync(7</d/q.sqlite-wal>) = 0',
        '102 10:00:00.000005 writev(9<socket:[1234]>, [{iov_base="250 2.0.0 Ok: queued as ABCDEFGHJKMNPQRSTVWX\\r\\n", '
        'iov_len=44}], 1 <unfinished ...>',
        '102 10:00:00.000006 <... writev resumed>) = 44',
        '102 10:00:00.000007 write(9<socket:[1234]>, "250 2.0.0 Ok: queued as 0000000000000000000Z\\r\\n", 44) = 44',
        '100 10:00:00.000008 pwrite64(7</d/q.sqlite-wal>, "0000000000000000000Z", 4096, 4096) = 4096',
        '100 10:00:00.000009 fdatasync(7</d/q.sqlite-wal>) = 0',
    ])
    checked, problems = check_trace(parse_strace(trace))
    assert checked == ["ABCDEFGHJKMNPQRSTVWX"]
    assert len(problems) == 1 and problems[0].startswith("0000000000000000000Z")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_250_only_after_wal_fsync(server_factory, tmp_path):
    strace = shutil.which("strace")
    assert strace, "strace is not installed (scripts/install-test-deps installs it)"
    trace_file = tmp_path / "strace.out"
    wrapper = [strace, "-f", "-tt", "-y", "-s", "65536", "-e",
               "trace=fsync,fdatasync,pwrite64,pwritev,write,writev,sendmsg,sendto", "-o", str(trace_file)]
    srv = server_factory(wrapper=wrapper, shutdown_grace_period="5s")
    ids, errors = [], []

    def client(t):
        try:
            with smtplib.SMTP("127.0.0.1", srv.port, timeout=60) as s:
                for i in range(10):
                    ids.append(send_one(s, "app@example.com", [f"s{t}-{i}@example.org"], make_message()))
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=client, args=(t,)) for t in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(200)
    assert not errors, errors[:3]
    assert len(ids) == 30
    rc = srv.stop(timeout=30)
    assert rc == 0, f"server under strace exited {rc}"

    calls = parse_strace(trace_file.read_text(errors="replace"))
    wal = {c.path for c in calls if c.path.endswith("-wal")}
    assert wal, "the trace shows no -wal file at all: is the queue in SQLite WAL mode?"
    checked, problems = check_trace(calls)
    seen = set(checked) | {p.split(":")[0] for p in problems}
    assert set(ids) <= seen, f"250 replies for {len(set(ids) - seen)} ids were not found as socket writes in the trace"
    print(f"checked {len(checked)} acknowledgements against {len(calls)} traced calls; WAL files: {sorted(wal)}")
    assert not problems, f"{len(problems)} of {len(ids)} acknowledgements not preceded by a durable WAL write:\n" + \
        "\n".join(problems[:10])
