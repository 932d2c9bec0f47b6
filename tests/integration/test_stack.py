"""The shipped stack under stress, measured by the benchmarks themselves on small batches:
a worker killed mid-batch and a broker stopped during ingestion lose and duplicate nothing, and
two editors approving one new company at once end on one row."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.integration.conftest import ROOT


def run_benchmark(module: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_worker_killed_mid_batch_is_caught_up_within_two_minutes(on_postgresql):
    output = run_benchmark(
        "benchmarks.worker_recovery", "--articles", "60",
        "--database", "dealflow_test_recovery",
    )  # fmt: skip

    seconds = float(re.search(r"extracted ([\d.]+) s after the restart", output)[1])
    assert seconds < 120, output
    assert "0 lost, 0 duplicated" in output


def test_a_broker_stopped_during_ingestion_strands_nothing(on_postgresql):
    output = run_benchmark(
        "benchmarks.broker_outage", "--pastes", "5", "--files", "5",
        "--database", "dealflow_test_outage",
    )  # fmt: skip

    assert "HTTP 200 (told: processed when the queue is back): 5" in output
    assert "exit code 0, 5 told" in output
    seconds = float(re.search(r"extracted ([\d.]+) s after Redis was back", output)[1])
    assert seconds < 120, output


def test_two_editors_approving_one_new_company_through_gunicorn_end_on_one_row(
    on_postgresql,
):
    output = run_benchmark(
        "benchmarks.approval_race", "--pairs", "4", "--database", "dealflow_test_race"
    )

    assert "HTTP answers: 302: 16" in output
    assert "alike: 4 of 4 pairs" in output and "“Inc.”: 4 of 4 pairs" in output


def test_a_csv_export_through_the_shipped_gunicorn_is_complete(on_postgresql):
    output = run_benchmark(
        "benchmarks.export", "--rounds", "1000", "--database", "dealflow_test_export"
    )

    assert "1,000 rows of 1,000" in output
