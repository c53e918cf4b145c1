"""Issue 4 (point 7): retention removes finished mail and SQLite gives the space back, so the database file stays flat.

Three cycles of 5,000 messages go through a real server to an aiosmtpd relay sink. Retention runs every second and
keeps a finished message's body for 1 s and its rows for 6 s. Each cycle waits until the sink has every message and
then checks, through the CLI and by reading the SQLite file read-only, that the delivered bodies were removed (one
message shows `body_removed_at` while it is still listed), then that the rows are gone and the free pages were given
back. The peak size of the database (file + WAL, sampled while the cycle runs) and its size after retention must not
grow from cycle 1 to cycle 3.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from delivery_support import delivery_overrides, inject, states, wait_until

CYCLES = 3
PER_CYCLE = 5_000
BODY = "retention e2e line of a delivered message that retention must remove later\r\n" * 12  # ~1 KiB
RETENTION = {"bodies": "1s", "events": "6s", "interval": "1s", "batch": 500, "vacuum_pages": 100_000}
# The peak may differ between cycles by how deliveries and the 6 s row retention overlap with intake (run speed on a
# shared box) and by when SQLite checkpoints the WAL; a leak would add a whole cycle (~100%) per cycle.
PEAK_TOLERANCE = 1.25


class Database:
    """Read-only views of the server's SQLite file (WAL-aware: it reads committed data, never writes)."""

    def __init__(self, path: Path):
        self.path = path

    def query(self, sql: str) -> list[tuple]:
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def one(self, sql: str) -> int:
        return self.query(sql)[0][0]

    def bytes_on_disk(self) -> int:
        return sum(os.path.getsize(p) for p in (self.path, Path(f"{self.path}-wal")) if p.exists())

    def live_pages(self) -> int:
        return self.one("PRAGMA page_count") - self.one("PRAGMA freelist_count")


class PeakSampler:
    """Samples the database's bytes on disk every 50 ms in the background; `take()` returns the peak and restarts."""

    def __init__(self, db: Database):
        self.db, self.peak, self.stop = db, 0, threading.Event()
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stop.wait(0.05):
            size = self.db.bytes_on_disk()
            with self.lock:
                self.peak = max(self.peak, size)

    def take(self) -> int:
        with self.lock:
            peak, self.peak = self.peak, 0
        return peak


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_retention_removes_delivered_mail_and_the_file_stays_flat(server_factory, relay_sinks):
    sink = relay_sinks("sink")
    server = server_factory(
        **delivery_overrides([sink.relay_config(max_connections=20, max_messages_per_connection=1000)],
                             concurrency=20),
        retention=RETENTION)
    db = Database(server.data_dir / "queue.sqlite")
    assert db.one("PRAGMA auto_vacuum") == 2, "a new queue database must use incremental vacuum"
    sampler = PeakSampler(db)
    peaks, after, timings = [], [], []
    try:
        for cycle in range(1, CYCLES + 1):
            t0 = time.monotonic()
            sent = inject(server, PER_CYCLE, tag=f"c{cycle}", threads=10, body=lambda i: BODY, timeout=180)
            t_inject = time.monotonic() - t0
            got = wait_until(lambda: sink.count() >= cycle * PER_CYCLE, 120, 0.2)
            assert got, f"cycle {cycle}: the sink has {sink.count()} of {cycle * PER_CYCLE} messages"
            t_deliver = time.monotonic() - t0
            waiting = wait_until(lambda: not {"queued", "in_flight", "deferred"} & states(server).keys(), 30)
            assert waiting, f"cycle {cycle}: recipients still waiting: {states(server)}"

            # Bodies: within bodies + interval (+ slack) every finished message left has no content, and one still
            # listed message shows when its body went.
            last = sent[-1].qid
            detail = wait_until(lambda: (lambda m: m if "body_removed_at" in m else None)(server.message(last)), 5,
                                0.2)
            assert detail and "body_removed_at" in detail, f"cycle {cycle}: {last} shows no removed body: {detail}"
            assert detail["finished_at"] <= detail["body_removed_at"], detail
            assert all(r["state"] == "delivered" for r in detail["recipients"]), detail
            assert detail["events"], "the history of a message must stay while its rows are kept"
            with_body = wait_until(lambda: db.one("SELECT COUNT(*) FROM messages WHERE length(content) > 0") == 0,
                                   10, 0.2)
            assert with_body, (f"cycle {cycle}: delivered bodies not removed: "
                               f"{db.one('SELECT COUNT(*) FROM messages WHERE length(content) > 0')} still stored")

            # Rows: gone within events + interval; then the vacuum step gives every free page back.
            gone = wait_until(lambda: db.one("SELECT (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM "
                                             "recipients) + (SELECT COUNT(*) FROM events)") == 0, 20, 0.3)
            assert gone, f"cycle {cycle}: rows left: {db.query('SELECT COUNT(*) FROM messages')}"
            returned = wait_until(lambda: db.one("PRAGMA freelist_count") == 0, 10, 0.3)
            assert returned, f"cycle {cycle}: {db.one('PRAGMA freelist_count')} free pages not given back"
            server_log = server.stderr_text()
            assert "retention pass" in server_log and "vacuumed_pages=" in server_log.replace('"', "")
            peaks.append(sampler.take())
            after.append(db.live_pages())
            timings.append((round(t_inject, 1), round(t_deliver, 1), round(time.monotonic() - t0, 1)))
    finally:
        sampler.stop.set()
    print(f"peak bytes per cycle {peaks}; live pages after retention {after}; "
          f"seconds (intake, delivered, retention done) {timings}")
    assert peaks[-1] <= peaks[0] * PEAK_TOLERANCE, f"the database grew over the cycles: peaks {peaks}"
    assert after[-1] <= after[0], f"pages left after retention grew: {after}"
    assert server.queue_counts()["total"] == 0
