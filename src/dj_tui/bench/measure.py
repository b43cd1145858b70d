"""A command run in a fresh process and measured: its wall time, peak resident memory and output.

``dj-tui bench`` runs every figure this way, as a user would meet it, and so
does ``benchmarks/size_scaling.py`` for each report it analyses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    stdout: bytes


def run_measured(
    command: Sequence[str],
    env: dict[str, str],
    cwd: Path,
    output: Path | None = None,
    exit_codes: Collection[int] = (0,),
) -> Run:
    """Run ``command``; its wall time and the peak RSS of it and its children (ru_maxrss).

    Its stdout is kept, or written to ``output``; an exit code not in
    ``exit_codes`` raises, with the end of what it wrote to stderr.
    """
    started = time.perf_counter()
    with (
        open(output or os.devnull, "wb") as sink,
        tempfile.TemporaryFile() as captured,
        tempfile.TemporaryFile() as errors,
    ):
        process = subprocess.Popen(
            list(command), stdout=captured if output is None else sink, stderr=errors, env=env, cwd=cwd
        )
        # wait4 rather than wait: it gives this process's own resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        captured.seek(0)
        stdout = captured.read()
        errors.seek(0)
        message = errors.read().decode("utf-8", errors="replace")
    if process.returncode not in exit_codes:
        raise RuntimeError(f"{' '.join(command[:4])} failed ({process.returncode}): {message[-2000:]}")
    # ru_maxrss is in kilobytes on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return Run(seconds, usage.ru_maxrss / scale, stdout)
