"""Issue 8 benchmark, CI size: bench/import.sh imports 10,000 generated rows through the real CLI and server and the
counts come out exact (every 1000th row a duplicate)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from conftest import BIN, REPO


@pytest.mark.timeout(240)
def test_bench_import_of_ten_thousand_rows_counts_right():
    result = subprocess.run(
        ["bash", str(REPO / "bench" / "import.sh"), "--rows", "10000", "--json"], capture_output=True, text=True,
        timeout=220, env={**os.environ, "STEADYMAIL_BIN": str(BIN)})
    assert result.returncode == 0, result.stderr[-5000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["rows"] == 10_000
    assert figures["skipped_by_reason"] == {"duplicate": 10}, figures
    assert figures["inserted"] == 9_990 and figures["updated"] == 0, figures
    assert figures["cli_peak_rss_mib"] > 0 and figures["server_peak_rss_mib"] > 0, figures
